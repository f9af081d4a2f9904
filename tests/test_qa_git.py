"""Quality assurance in real git: queries and approvals travel through carag's merge driver,
an approval in the app is a commit with trailers, and only a reviewer closes a query."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from carag_tui.case.review_record import ReviewState, read_queries, review_state
from carag_tui.case.store import read_case_data
from carag_tui.config import Config
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.review import ReviewScreen
from tests.test_team_git import CASE, git, make_team

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

LEAD = "L. Lead"


@pytest.fixture
def team(tmp_path, carag):
    """Alice (the lead, reviewing) and Bob (the assessor) with the whole case answered."""
    alice, bob = make_team(tmp_path, carag)
    assert carag("set", bob / CASE, "U1.1=yes").code == 0
    git(bob, "commit", "-qam", "U1.1")
    git(bob, "push", "-q", "origin", "main")
    git(alice, "pull", "-q", "--no-rebase", "origin", "main")
    return alice, bob


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def pull(clone: Path) -> int:
    return git(clone, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode


def test_a_query_and_an_answer_made_apart_merge_cleanly(team, carag):
    alice, bob = team
    opened = carag("queries", alice / CASE, "--open", "U1.3", "Evidence for this?", "--by", LEAD)
    assert opened.code == 0, opened.err
    git(alice, "commit", "-qam", "query on U1.3")
    git(alice, "push", "-q", "origin", "main")
    assert carag("set", bob / CASE, "U2.1=yes").code == 0
    git(bob, "commit", "-qam", "U2.1")
    assert pull(bob) == 0
    merged = data(bob / CASE)
    assert merged["answers"]["U2.1"] == "yes"
    query = read_queries(merged)["U1.3"]
    assert (query.state, query.text) == ("open", "Evidence for this?")
    assert "conflicts" not in merged
    # the assessor's reply on one side, the reviewer's new query on another question
    reply = carag("queries", bob / CASE, "--reply", "U1.3", "In the May plan", "--by", "Bob")
    assert reply.code == 0, reply.err
    git(bob, "commit", "-qam", "reply")
    git(bob, "push", "-q", "origin", "main")
    assert carag("queries", alice / CASE, "--open", "U2.2", "Why?", "--by", LEAD).code == 0
    git(alice, "commit", "-qam", "query on U2.2")
    assert pull(alice) == 0
    queries = read_queries(data(alice / CASE))
    assert queries["U1.3"].state == "answered" and queries["U1.3"].reply == "In the May plan"
    assert queries["U2.2"].state == "open"


def test_an_approval_merged_with_a_changed_answer_is_stale(team, carag):
    alice, bob = team
    approved = carag("review", alice / CASE, "--approve", "--reviewer", LEAD, "--commit")
    assert approved.code == 0, approved.err
    assert "committed with Reviewed-by: L. Lead and QA-Status: approved" in approved.out
    git(alice, "push", "-q", "origin", "main")
    assert carag("set", bob / CASE, "U1.3=yes").code == 0
    git(bob, "commit", "-qam", "U1.3 changed after a second look")
    assert pull(bob) == 0
    merged = data(bob / CASE)
    assert merged["review"]["state"] == "approved" and merged["answers"]["U1.3"] == "yes"
    assert review_state(*read_case_data(bob / CASE)) is ReviewState.STALE
    check = carag("check", bob / CASE, "--format", "json")
    assert '"review": "stale"' in check.out


async def test_approving_in_the_app_commits_with_trailers(team, carag):
    alice, _ = team
    path = alice / CASE
    app = make_app(review=[path], config=Config(assessor=LEAD))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert review_state(*read_case_data(path)) is ReviewState.APPROVED
    log = git(alice, "log", "-1", "--format=%s%n%(trailers)", "--", CASE).stdout
    assert log.startswith("Review DEMO-UW-01: approved")
    assert f"Reviewed-by: {LEAD}" in log and "QA-Status: approved" in log
    assert git(alice, "status", "--porcelain", "--", CASE).stdout == ""
    history = carag("history", path)
    assert history.code == 0
    assert f"approved by {LEAD}" in history.out


async def test_the_app_does_not_commit_when_told_not_to(team):
    alice, _ = team
    before = git(alice, "rev-parse", "HEAD").stdout
    app = make_app(review=[alice / CASE], config=Config(assessor=LEAD, commit_reviews=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert review_state(*read_case_data(alice / CASE)) is ReviewState.APPROVED
    assert git(alice, "rev-parse", "HEAD").stdout == before
    assert git(alice, "status", "--porcelain", "--", CASE).stdout.strip() == f"M {CASE}"


def test_only_a_reviewer_closes_a_query(team, carag):
    _, bob = team
    path = bob / CASE
    assessor = data(path)["assessor"]
    assert carag("queries", path, "--open", "U1.3", "Evidence?", "--by", LEAD).code == 0
    assert carag("queries", path, "--reply", "U1.3", "Seen", "--by", assessor).code == 0
    own = carag("queries", path, "--close", "U1.3", "--by", assessor)
    assert own.code != 0
    assert "the assessor replies to a query, a reviewer closes it" in own.err
    assert read_queries(data(path))["U1.3"].is_open
    (bob / "inspection.toml").write_text(f'reviewers = ["{LEAD}"]\n', encoding="utf-8")
    other = carag("queries", path, "--close", "U1.3", "--by", "Bob")
    assert other.code != 0 and "not in the reviewers list" in other.err
    assert read_queries(data(path))["U1.3"].is_open
    done = carag("queries", path, "--close", "U1.3", "--by", LEAD)
    assert done.code == 0, done.err
    assert not read_queries(data(path))["U1.3"].is_open
