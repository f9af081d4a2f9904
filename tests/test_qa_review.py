"""Review states and sign-off, queries, and the approval going stale after every edit path."""

from __future__ import annotations

import io
import random
import subprocess
import tomllib
from pathlib import Path

import pytest
from support import Script

from carag_tui.case.editing import apply_answer
from carag_tui.case.model import Status
from carag_tui.case.review_record import ReviewState, read_queries, read_review, review_state
from carag_tui.case.store import load_case, read_case_data, save_case
from carag_tui.case.synthetic import write_case
from carag_tui.guide.registry import catalogue
from carag_tui.plain import run_plain
from carag_tui.qa import edits

GUIDE = "unpaid-work-2019"


def complete_case(folder: Path, ref: str = "UW-1", seed: int = 1) -> Path:
    """A complete unpaid-work case by A. Inspector (status complete)."""
    path = write_case(folder, ref, catalogue().get(GUIDE), random.Random(seed))
    text = path.read_text(encoding="utf-8").replace(
        'assessor = "Demo Inspector"', 'assessor = "A. Inspector"'
    )
    path.write_text(text, encoding="utf-8")
    assert 'status = "complete"' in text
    return path


def state(path: Path) -> ReviewState:
    case, data = read_case_data(path)
    return review_state(case, data)


def approve(path: Path, by: str = "L. Lead", reviewers: list[str] | None = None) -> None:
    edits.save_edit(path, lambda c: edits.approve(c, catalogue().get(GUIDE), by, reviewers))


def first_yes_no(path: Path) -> str:
    case, _ = read_case_data(path)
    return next(qid for qid, value in case.answers.items() if "." in qid and value in ("yes", "no"))


def flipped(value: str) -> str:
    return "no" if value == "yes" else "yes"


def test_states_from_complete_to_approved_to_stale(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    assert state(path) is ReviewState.AWAITING
    approve(path)
    assert state(path) is ReviewState.APPROVED
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["review"]["state"] == "approved" and data["review"]["by"] == "L. Lead"
    assert len(data["review"]["digest"]) == 16
    assert data["status"] == "complete"  # the status stays what it was: review is its own
    casefile = load_case(path)  # a note saved unchanged keeps the approval
    save_case(casefile)
    assert state(path) is ReviewState.APPROVED


def test_return_and_reapprove_keep_the_trail(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    edits.save_edit(path, lambda c: edits.return_case(c, "L. Lead", "U1.2: evidence?"))
    assert state(path) is ReviewState.RETURNED
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["status"] == "in_progress"  # back with the assessor
    assert data["review"]["reason"] == "U1.2: evidence?"
    casefile = load_case(path)  # the assessor marks it complete again: resubmitted
    from carag_tui.case.editing import mark_status

    mark_status(casefile, Status.COMPLETE)
    save_case(casefile)
    assert state(path) is ReviewState.AWAITING
    approve(path)
    review = read_review(tomllib.loads(path.read_text(encoding="utf-8")))
    assert [e.state for e in review.trail] == ["returned", "approved"]
    assert review.trail[0].reason == "U1.2: evidence?"
    assert review.current is not None and review.current.state == "approved"


@pytest.mark.parametrize(
    "who, reviewers, why",
    [
        ("A. Inspector", None, "assessed this case"),
        ("X. Stranger", ["L. Lead"], "not in the reviewers list"),
        ("", None, "who approves is not known"),
    ],
)
def test_who_may_approve(tmp_path: Path, who: str, reviewers: list[str] | None, why: str) -> None:
    path = complete_case(tmp_path)
    before = path.read_bytes()
    with pytest.raises(edits.ReviewRefused, match=why):
        approve(path, who, reviewers)
    assert path.read_bytes() == before
    if reviewers:
        with pytest.raises(edits.ReviewRefused, match="workflow aid, not access control"):
            approve(path, who, reviewers)


def test_in_progress_case_cannot_be_approved(tmp_path: Path) -> None:
    path = write_case(tmp_path, "UW-2", catalogue().get(GUIDE), random.Random(3), share=0.4)
    with pytest.raises(edits.ReviewRefused, match="in progress"):
        approve(path)
    assert state(path) is ReviewState.IN_PROGRESS


def test_query_lifecycle_blocks_approval_until_closed(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    guide = catalogue().get(GUIDE)
    edits.save_edit(
        path,
        lambda c: edits.open_query(
            c, guide, "U1.1", "Evidence for this? The plan is generic", "L. Lead"
        ),
    )
    with pytest.raises(edits.ReviewRefused, match=r"1 open query \(U1.1\)"):
        approve(path)
    edits.save_edit(
        path, lambda c: edits.reply_query(c, "U1.1", "Seen in the plan\nof May", "A. Inspector")
    )
    query = read_queries(tomllib.loads(path.read_text(encoding="utf-8")))["U1.1"]
    assert (query.state, query.reply.strip(), query.reply_by) == (
        "answered",
        "Seen in the plan\nof May",
        "A. Inspector",
    )
    with pytest.raises(edits.ReviewRefused, match="open query"):
        approve(path)  # answered is not closed: the reviewer closes it
    edits.save_edit(path, lambda c: edits.close_query(c, "U1.1", "L. Lead"))
    approve(path)
    assert state(path) is ReviewState.APPROVED
    text = path.read_text(encoding="utf-8")
    assert '[queries."U1.1"]' in text and 'state = "closed"' in text
    # a new query on the same question keeps the closed one in `earlier`
    edits.save_edit(path, lambda c: edits.open_query(c, guide, "U1.1", "And the date?", "L. Lead"))
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["queries"]["U1.1"]
    assert raw["state"] == "open" and "Evidence for this?" in raw["earlier"][0]


def test_query_on_unknown_question_refused(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    with pytest.raises(edits.ReviewRefused, match="no such question"):
        edits.save_edit(
            path, lambda c: edits.open_query(c, catalogue().get(GUIDE), "Z9", "?", "L. Lead")
        )


# -- every edit path makes an approval stale -----------------------------------------------


def test_stale_after_carag_set(tmp_path: Path, carag) -> None:
    path = complete_case(tmp_path)
    approve(path)
    qid = first_yes_no(path)
    value = read_case_data(path)[0].answers[qid]
    assert carag("set", path, f"{qid}={flipped(value)}").code == 0
    assert state(path) is ReviewState.STALE
    assert carag("set", path, f"{qid}={value}").code == 0  # put back: the approval holds
    assert state(path) is ReviewState.APPROVED
    assert carag("set", path, f"{qid}={value}", "--note", f"{qid}=A new note").code == 0
    assert state(path) is ReviewState.STALE  # a note counts too


def test_stale_after_a_hand_edit(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    approve(path)
    qid = first_yes_no(path)
    text = path.read_text(encoding="utf-8")
    value = read_case_data(path)[0].answers[qid]
    line = f'"{qid}" = "{value}"'
    assert line in text
    path.write_text(text.replace(line, f'"{qid}" = "{flipped(value)}"'), encoding="utf-8")
    assert state(path) is ReviewState.STALE


def test_stale_after_plain_mode(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    approve(path)
    qid = first_yes_no(path)
    value = read_case_data(path)[0].answers[qid]
    out = io.StringIO()
    run_plain(path, stdin=Script([f"goto {qid}", flipped(value)[0], "q"]), stdout=out)
    assert read_case_data(path)[0].answers[qid] == flipped(value), out.getvalue()[-2000:]
    assert state(path) is ReviewState.STALE


def test_stale_after_a_session_edit(tmp_path: Path) -> None:
    """The app's save path (CaseSession), without the screen (the Pilot test is in tests/tui)."""
    from carag_tui.case.session import CaseSession

    path = complete_case(tmp_path)
    approve(path)
    session = CaseSession(path)
    qid = first_yes_no(path)
    session.answer(qid, flipped(read_case_data(path)[0].answers[qid]))
    session.close()
    assert state(path) is ReviewState.STALE


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def two_clones(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote and two clones (lead, assessor) holding one complete case."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    lead, assessor = tmp_path / "lead", tmp_path / "assessor"
    subprocess.run(["git", "clone", "-q", str(remote), str(lead)], check=True)
    for clone, name in ((lead, "L. Lead"),):
        git(clone, "config", "user.name", name)
        git(clone, "config", "user.email", "lead@example.org")
    path = complete_case(lead / "cases")
    git(lead, "add", ".")
    git(lead, "commit", "-qm", "a case")
    git(lead, "push", "-q", "origin", "HEAD:main")
    subprocess.run(["git", "clone", "-q", str(remote), str(assessor)], check=True)
    git(assessor, "config", "user.name", "A. Inspector")
    git(assessor, "config", "user.email", "a@example.org")
    return lead, assessor, path.relative_to(lead)


def test_approval_commit_has_trailers_and_a_merge_makes_it_stale(two_clones, carag) -> None:
    """The lead approves (a commit with trailers) while the assessor changes an answer; after
    the merge the approval is stale. Plain git merges the two (they touch different lines)."""
    lead, assessor, rel = two_clones
    result = carag("review", lead / rel, "--approve", "--reviewer", "L. Lead", "--commit")
    assert result.code == 0, result.err
    assert "Reviewed-by: L. Lead" in result.out or "committed" in result.out
    body = git(lead, "log", "-1", "--format=%B")
    assert "Reviewed-by: L. Lead" in body and "QA-Status: approved" in body
    trailers = git(lead, "log", "-1", "--format=%(trailers:key=QA-Status,valueonly)")
    assert trailers.strip() == "approved"
    git(lead, "push", "-q", "origin", "HEAD:main")
    qid = first_yes_no(assessor / rel)
    value = read_case_data(assessor / rel)[0].answers[qid]
    assert carag("set", assessor / rel, f"{qid}={flipped(value)}").code == 0
    git(assessor, "commit", "-qam", "changed an answer")
    git(assessor, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert state(assessor / rel) is ReviewState.STALE
    assert state(lead / rel) is ReviewState.APPROVED


def test_queries_merge_question_by_question(two_clones) -> None:
    """Queries on different questions from two clones merge; each keeps its own."""
    lead, assessor, rel = two_clones
    guide = catalogue().get(GUIDE)
    edits.save_edit(
        lead / rel, lambda c: edits.open_query(c, guide, "U1.1", "Evidence?", "L. Lead")
    )
    git(lead, "commit", "-qam", "query U1.1")
    git(lead, "push", "-q", "origin", "HEAD:main")
    casefile = load_case(assessor / rel)
    apply_answer(
        casefile, guide, "U3.1", "yes" if casefile.case.answers.get("U3.1") == "no" else "no"
    )
    save_case(casefile)
    git(assessor, "commit", "-qam", "answer")
    git(assessor, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    queries = read_queries(tomllib.loads((assessor / rel).read_text(encoding="utf-8")))
    assert list(queries) == ["U1.1"] and queries["U1.1"].is_open


def test_a_reply_through_the_open_case_survives_a_change_on_disk(tmp_path: Path) -> None:
    """The assessor replies in the app (CaseSession) while the file changed on disk (a pull):
    the reply goes onto the fresh file, and the other change stays."""
    from carag_tui.case.session import CaseSession

    path = complete_case(tmp_path)
    guide = catalogue().get(GUIDE)
    edits.save_edit(path, lambda c: edits.open_query(c, guide, "U1.1", "Evidence?", "L. Lead"))
    session = CaseSession(path)
    session.prepare_editing()
    edits.save_edit(path, lambda c: edits.open_query(c, guide, "U3.1", "Start?", "L. Lead"))
    result = session.apply_edit(lambda c: edits.reply_query(c, "U1.1", "Seen", "A. Inspector"))
    assert result.saved, result.message
    queries = read_queries(tomllib.loads(path.read_text(encoding="utf-8")))
    assert queries["U1.1"].state == "answered" and queries["U1.1"].reply.strip() == "Seen"
    assert queries["U3.1"].state == "open"
    session.close()


def test_plain_mode_shows_the_query_and_takes_a_reply(tmp_path: Path) -> None:
    path = complete_case(tmp_path)
    guide = catalogue().get(GUIDE)
    edits.save_edit(
        path, lambda c: edits.open_query(c, guide, "U1.2", "Evidence for this?", "L. Lead")
    )
    out = io.StringIO()
    run_plain(
        path,
        stdin=Script(
            ["goto U1.1", "reply nothing here", "goto U1.2", "reply Seen in the plan of 3 May", "q"]
        ),
        stdout=out,
    )
    text = out.getvalue()
    assert "No open query on this question." in text
    assert "? Query (open) from L. Lead: Evidence for this?" in text
    assert "Reply saved on U1.2" in text
    query = read_queries(tomllib.loads(path.read_text(encoding="utf-8")))["U1.2"]
    assert query.state == "answered" and query.reply.strip() == "Seen in the plan of 3 May"
    assert query.reply_by == "A. Inspector"


def test_an_excluded_case_awaits_review_and_can_be_approved(tmp_path: Path, carag) -> None:
    """The lead inspector checks exclusions too: an excluded case awaits review."""
    path = write_case(
        tmp_path, "YR-1", catalogue().get("youth-resettlement-2022"), random.Random(2), share=0.05
    )
    assert carag("set", path, "C1=yes_host_not_assessed").code == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["status"] == "excluded"
    assert state(path) is ReviewState.AWAITING
    edits.save_edit(
        path, lambda c: edits.approve(c, catalogue().get("youth-resettlement-2022"), "L. Lead")
    )
    assert state(path) is ReviewState.APPROVED
    edits.save_edit(path, lambda c: edits.return_case(c, "L. Lead", "Not an exclusion"))
    assert tomllib.loads(path.read_text(encoding="utf-8"))["status"] == "excluded"
    assert state(path) is ReviewState.RETURNED  # until the answer that excluded it changes
