"""Plain mode: the walk asked line by line, on real case files."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import Script
from support import make_case as shared_make_case

import carag_tui.case.session as case_session
from carag_tui.case.lock import lock_path
from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.guide.registry import catalogue
from carag_tui.plain import markdown_to_text, run_plain

# The answers to a whole unpaid-work case run by the CRC, with no other requirements, so
# U2.4 does not apply. A note goes on U3.1 before it is answered.
WHOLE_WALK = [
    "1",
    "n",  # org = crc, other_requirements = no
    "y",
    "yes",
    "n",
    "y",
    "y",  # U1.1-U1.4, U1S
    "no",
    "y",
    "y",
    "y",  # U2.1-U2.3, U2S (U2.4 skipped)
    "note",
    "Started late.",
    "**Second** line.",
    ".",
    "y",  # U3.1 with a note
    "y",
    "y",
    "a",
    "na",
    "n/a",
    "n",
    "y",  # U3.2-U3.7, U3S
]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Own CARAG_HOME and an 80-column terminal for every test."""
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


def make_case(tmp_path: Path, guide_id: str = "unpaid-work-2019", ref: str = "C1") -> Path:
    return shared_make_case(tmp_path / "cases", ref, guide_id)


def run(
    path: Path,
    lines: list[str],
    *,
    before: dict[int, Callable[[], None]] | None = None,
    read_only: bool = False,
) -> tuple[int, str]:
    """Run plain mode on `lines`; the exit code and everything printed."""
    out = io.StringIO()
    code = run_plain(path, stdin=Script(lines, before), stdout=out, read_only=read_only)
    return code, out.getvalue()


def flat(output: str) -> str:
    """The output with its line wrapping undone, to look for phrases."""
    return " ".join(output.split())


def headers(output: str) -> list[str]:
    """The ids of the questions shown, in order."""
    return [
        line[1:].split(" ·")[0].removesuffix(" *")
        for line in output.splitlines()
        if line.startswith("[")
    ]


def edit_elsewhere(path: Path, qid: str, value: str) -> Callable[[], None]:
    """Someone else's change to the file (e.g. a hand edit), made behind the session's back."""

    def edit() -> None:
        casefile = load_case(path)
        casefile.set_answer(catalogue().get(casefile.case.guide), qid, value)
        save_case(casefile)

    return edit


# -- a whole walk --------------------------------------------------------------------------


def test_whole_unpaid_work_case_walked_by_words(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, output = run(path, [*WHOLE_WALK, "y"])
    assert code == 0
    case = read_case(path)
    assert case.status == "complete"
    assert case.answers == {
        "org": "crc",
        "other_requirements": "no",
        "U1.1": "yes",
        "U1.2": "yes",
        "U1.3": "no",
        "U1.4": "yes",
        "U1S": "yes",
        "U2.1": "no",
        "U2.2": "yes",
        "U2.3": "yes",
        "U2S": "yes",
        "U3.1": "yes",
        "U3.2": "yes",
        "U3.3": "yes",
        "U3.4": "na",
        "U3.5": "na",
        "U3.6": "na",
        "U3.7": "no",
        "U3S": "yes",
    }
    assert case.notes == {"U3.1": "Started late.\n**Second** line.\n"}
    assert "U2.4" not in headers(output)
    assert "Answered 19/19." in output
    assert "Mark the case complete? [y/n]" in output
    assert not lock_path(path).exists()


def test_header_choices_and_summary_context(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    _, output = run(path, WHOLE_WALK[:6])
    assert "[U1.1 * · prompt] Unpaid work › 4.1.1 Is the assessment" in output
    assert "(2/19 answered)" in output
    assert "  y) Yes   n) No" in output
    assert "  1) Community rehabilitation company (CRC)\n  2) National Probation" in output
    summary = output[output.index("[U1S") :]
    assert "Prompt-linked: 4 answered: Yes 3, No 1" in summary  # the TUI's groups
    assert "  U1.3     No" in summary
    assert all(
        len(line) <= 80
        for line in output.splitlines()
        if not line.startswith(">") and "carag open" not in line
    )


def test_declining_to_mark_complete_leaves_it_in_progress(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, output = run(path, [*WHOLE_WALK, "n"])
    assert code == 0
    assert read_case(path).status == "in_progress"
    assert "Left in progress." in output


# -- which questions are asked -------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "other", "applies"),
    [
        ("crc", "n", False),
        ("nps", "n", True),
        ("crc", "y", True),
    ],
)
def test_skipped_question_never_shown(tmp_path: Path, org: str, other: str, applies: bool) -> None:
    path = make_case(tmp_path)
    _, output = run(path, [org, other, "goto U2.4", "q"])
    assert ("U2.4" in headers(output)) is applies
    if not applies:
        assert "U2.4 does not apply to this case" in output


def test_answer_that_brings_in_a_question_says_so(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    _, output = run(path, ["1", "n", "goto other_requirements", "y", "q"])
    assert "1 question now applies" in output


def test_resume_after_quitting_halfway(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, _ = run(path, ["1", "n", "y", "y", "quit"])
    assert code == 0
    saved = path.read_bytes()
    code, output = run(path, [])
    assert code == 0
    assert headers(output) == ["U1.3"]
    assert "(4/19 answered)" in output
    assert path.read_bytes() == saved


def test_invalid_input_is_asked_again(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    _, output = run(path, ["7", "crc", "maybe", "", "n", "q"])
    assert "org: expected one of crc, nps (or 1–2)" in output
    assert "other_requirements: expected yes or no" in output
    assert "other_requirements has no answer yet" in output
    assert headers(output) == ["org", "other_requirements", "U1.1"]
    assert read_case(path).answers == {"org": "crc", "other_requirements": "no"}


def test_back_next_goto_and_enter(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    lines = ["1", "n", "y", "back", "", "k", "j", "goto u3.2", "y", "g nonsense", "q"]
    _, output = run(path, lines)
    assert headers(output) == [
        "org",
        "other_requirements",
        "U1.1",
        "U1.2",
        "U1.1",
        "U1.2",
        "U1.1",
        "U1.2",
        "U3.2",
        "U3.3",
    ]
    assert "No question 'nonsense'" in output
    assert read_case(path).answers["U3.2"] == "yes"


def test_equals_prefix_and_clear(tmp_path: Path) -> None:
    path = make_case(tmp_path, "youth-resettlement-2022")
    _, output = run(path, ["1", "goto C4", "= next", "q"])
    assert "C4 = next (saved)" in output
    assert read_case(path).answers["C4"] == "next"
    _, output = run(path, ["goto C4", "clear", "clear", "q"])
    assert "C4 = (no answer) (saved)" in output
    assert "C4 has no answer to clear" in output
    assert read_case(path).answers == {"C1": "no"}


def test_clear_an_answer_given_in_the_same_session(tmp_path: Path) -> None:
    path = make_case(tmp_path, "youth-resettlement-2022")
    run(path, ["1", "goto C4", "= next", "back", "clear", "q"])
    assert read_case(path).answers == {"C1": "no"}


def test_guidance_cut_short_and_shown_in_full(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    _, output = run(path, ["1", "n", "guide", "q"])
    first = output[output.index("[U1.1") : output.index("> guide")]
    assert "(type 'guide' for the full guidance)" in first
    assert "Back at U1.1" in output
    full = " ".join(output[output.index("> guide") :].split())
    ending = " ".join(catalogue().get("unpaid-work-2019").question("U1.1").guidance.split())
    assert ending[-60:] in full


def test_help_and_overview(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    _, output = run(path, ["1", "n", "?", "o", "q"])
    assert "goto ID, g ID" in output
    assert "> U1.1" in output
    assert "Answered 2/19; gaps: U1.1, U1.2" in output
    assert "1 question does not apply to this case." in output


def test_note_commands(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    run(path, ["note One line.", "q"])
    assert read_case(path).notes == {"org": "One line.\n"}
    _, output = run(path, ["note", ".", "note -", "q"])
    assert "Note:" in output and "One line." in output
    assert "Empty note: nothing changed" in output
    assert read_case(path).notes == {}


def test_note_cut_off_by_end_of_input_is_not_saved(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, output = run(path, ["note", "half a note"])
    assert code == 0
    assert "the note was not saved" in output
    assert read_case(path).notes == {}


def test_multi_answers(tmp_path: Path) -> None:
    path = make_case(tmp_path, "case-supervision-2019")
    _, output = run(path, ["goto A2.3", "1,thinking_and_behaviour", "back", "none", "q"])
    assert "numbers or keys separated by commas" in output
    assert "A2.3 = Attitudes to offending, Thinking and behaviour (saved)" in output
    assert read_case(path).answers["A2.3"] == []


# -- ending --------------------------------------------------------------------------------


def test_end_of_input_saves_nothing_extra(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()
    code, output = run(path, [])
    assert code == 0
    assert path.read_bytes() == before
    assert "everything is saved" in flat(output)
    assert not lock_path(path).exists()


def test_end_of_input_after_answers_keeps_them(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, _ = run(path, ["2", "y"])
    assert code == 0
    assert read_case(path).answers == {"org": "nps", "other_requirements": "yes"}


def test_youth_excluding_option_ends_the_walk(tmp_path: Path) -> None:
    path = make_case(tmp_path, "youth-resettlement-2022")
    code, output = run(path, ["6"])
    assert code == 0
    assert read_case(path).status == "excluded"
    assert "the case is excluded from the sample" in output
    assert "Mark the case complete" not in output
    assert headers(output) == ["C1"]


# -- read-only and the lock ----------------------------------------------------------------


def test_read_only_refuses_answers(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()
    code, output = run(path, ["1", "next", "note hello", "clear", "q"], read_only=True)
    assert code == 0
    assert "Read-only: answers are not saved" in output
    assert "Read-only: notes are not saved" in output
    assert headers(output) == ["org", "other_requirements"]
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def hold_lock(path: Path) -> None:
    """A lock held by a live process that is not this one."""
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "someone",
                "host": socket.gethostname(),
                "pid": os.getppid(),
                "time": datetime.now(UTC).replace(microsecond=0).isoformat(),
            }
        ),
        encoding="utf-8",
    )


def test_locked_case_offers_read_only(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    hold_lock(path)
    before = path.read_bytes()
    code, output = run(path, ["r", "1", "q"])
    assert code == 0
    assert "is open by someone" in output
    assert "Read-only: answers are not saved" in output
    assert path.read_bytes() == before
    assert lock_path(path).exists()  # still theirs


@pytest.mark.parametrize("lines", [[], ["y"]])
def test_locked_case_without_r_exits_1(tmp_path: Path, lines: list[str]) -> None:
    path = make_case(tmp_path)
    hold_lock(path)
    code, output = run(path, lines)
    assert code == 1
    assert "is open by someone" in output
    assert "[org" not in output


def test_bad_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("format = 1\nguide = [\n", encoding="utf-8")
    code, output = run(path, ["y"])
    assert code == 1
    assert "not valid TOML" in output
    assert "nothing was written" in output
    assert path.read_text(encoding="utf-8") == "format = 1\nguide = [\n"
    assert not lock_path(path).exists()


# -- saving trouble ------------------------------------------------------------------------


def test_change_on_disk_to_another_question_is_merged(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    code, output = run(path, ["1", "n", "q"], before={1: edit_elsewhere(path, "U3.1", "no")})
    assert code == 0
    assert "was changed on disk" in flat(output)
    assert read_case(path).answers == {"org": "crc", "other_requirements": "no", "U3.1": "no"}


@pytest.mark.parametrize(("choice", "kept"), [("d", "yes"), ("m", "no"), ("", "yes")])
def test_conflict_on_the_same_question_asks(tmp_path: Path, choice: str, kept: str) -> None:
    path = make_case(tmp_path)
    lines = ["1", "n", *([choice] if choice else []), "q"]
    code, output = run(path, lines, before={1: edit_elsewhere(path, "other_requirements", "yes")})
    assert code == 0
    assert "the file on disk has answer Yes; you gave No" in flat(output)
    assert read_case(path).answers == {"org": "crc", "other_requirements": kept}


def test_conflict_on_a_note_asks(tmp_path: Path) -> None:
    path = make_case(tmp_path)

    def other_note() -> None:
        casefile = load_case(path)
        casefile.set_note(catalogue().get("unpaid-work-2019"), "org", "Theirs.")
        save_case(casefile)

    run(path, ["note Mine.", "d", "q"], before={0: other_note})
    assert read_case(path).notes == {"org": "Theirs.\n"}


def test_unreadable_file_on_disk_keeps_answers_in_memory(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    broken = "<<<<<<< HEAD\n"

    def break_file() -> None:
        path.write_text(path.read_text(encoding="utf-8") + broken, encoding="utf-8")

    code, output = run(path, ["1", "q"], before={0: break_file})
    assert code == 1
    assert "cannot be read now" in flat(output)
    assert "Not saved" in output
    assert path.read_text(encoding="utf-8").endswith(broken)


def test_failed_save_is_retried_with_the_next_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    calls = []

    def flaky_save(casefile: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        save_case(casefile, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(case_session, "save_case", flaky_save)
    code, output = run(path, ["1", "n", "q"])
    assert code == 0
    assert "No space left on device" in flat(output)
    assert "org = Community rehabilitation company (CRC) (not saved yet)" in output
    assert read_case(path).answers == {"org": "crc", "other_requirements": "no"}


def test_save_command_and_failing_quit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()

    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(case_session, "save_case", full_disk)
    code, output = run(path, ["1", "save", "q"])  # then the input ends: no one to ask
    assert code == 1
    assert output.count("Could not save") == 4  # the answer, save, quit, the end of input
    assert "lost unless you make them again" in output and "org" in output
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def test_quit_with_unsaved_answers_keeps_the_case_until_a_second_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's rule: answers that cannot be saved keep the case open and locked; leaving
    without them takes a second yes, asked naming them."""
    path = make_case(tmp_path)
    before = path.read_bytes()

    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(case_session, "save_case", full_disk)
    held: list[bool] = []
    check = {4: lambda: held.append(lock_path(path).exists())}
    code, output = run(path, ["1", "q", "n", "q", "y"], before=check)
    assert held == [True]  # after quit and "no": still open, still locked
    assert code == 1
    said = flat(output)
    assert "Not saved — these changes are not on disk: org: answer 'crc'" in said
    assert "Leave anyway and lose them? [y/n]" in said
    assert "Still open, and the case stays locked: type 'save' to try again" in said
    assert "lost unless you make them again: org: answer 'crc'" in said
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def test_an_answer_kept_through_a_failed_quit_is_saved_once_the_disk_has_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    full = [True]  # the disk is full until it is cleared

    def flaky_save(casefile: object, **kwargs: object) -> None:
        if full:
            raise OSError(28, "No space left on device")
        save_case(casefile, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(case_session, "save_case", flaky_save)
    code, output = run(path, ["1", "q", "n", "save", "q"], before={3: lambda: full.clear()})
    assert code == 0, output
    assert "everything is saved" in output
    assert read_case(path).answers == {"org": "crc"}
    assert not lock_path(path).exists()


# -- guidance as text ----------------------------------------------------------------------


def test_markdown_to_text() -> None:
    markdown = (
        "Some **bold** and *soft* text\nover two lines.\n\n## Heading\n\n"
        "- an item with `code`\n  carried on\n- [a link](https://example.org)\n\n"
        "1. first\n"
    )
    assert markdown_to_text(markdown, 80) == [
        "Some bold and soft text over two lines.",
        "",
        "Heading",
        "",
        "- an item with code carried on",
        "- a link (https://example.org)",
        "",
        "1. first",
    ]


def test_markdown_wraps_list_items_with_a_hanging_indent() -> None:
    lines = markdown_to_text("- " + "word " * 30, 40)
    assert lines[0].startswith("- word")
    assert all(line.startswith("  word") for line in lines[1:])
    assert all(len(line) <= 40 for line in lines)


def test_ascii_only_output_gets_stand_ins(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    code = run_plain(path, stdin=Script(["1", "q"]), stdout=out)
    assert code == 0
    text = raw.getvalue().decode("ascii")
    assert "[other_requirements * - info] Case details (1/19 answered)" in text
    assert "Case C1 - Unpaid work" in text


def test_works_without_textual() -> None:
    code = (
        "import sys; sys.modules['textual'] = None; import carag_tui.plain; "
        "print(sorted(m for m in sys.modules if m.startswith('textual')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['textual']"


def test_a_question_with_inferred_parts_is_marked_and_guide_says_why(tmp_path: Path) -> None:
    """The one mark after the id (as in the app); `guide` prints where each part comes from."""
    path = make_case(tmp_path, "court-reports-2020")
    guide = catalogue().get("court-reports-2020")
    first = guide.questions[0]
    assert first.inferred  # report_type: a case detail the guide asks for
    code, output = run(path, ["guide", "goto R1S", "guide", "quit"])
    assert code == 0
    assert f"[{first.id} * · {first.kind}]" in output
    said = flat(output)
    reason = " ".join(first.inferred[0].reason.split())
    assert f"Question {first.id}: where it comes from * Wording inferred: {reason}" in said
    # R1S is read wholly from the source: no mark, and `guide` says so
    assert "[R1S · summary]" in output
    assert (
        "Question R1S: where it comes from Everything of this question is read from the "
        "published source."
    ) in said
