"""The case store, on real files: nothing a person wrote is lost or torn."""

from __future__ import annotations

import difflib
import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carag_tui.case.checks import check_case
from carag_tui.case.editing import apply_answer, new_case
from carag_tui.case.model import Case, Status
from carag_tui.case.store import ConflictError, create_case, load_case, read_case, save_case
from carag_tui.guide.loader import load_guide
from carag_tui.problems import ProblemsError

HAND = '''\
# Kept by hand: our own header
format = 1
guide = "unpaid-work-2019"
case = "HAND-0001"   # typed by me
status = "in_progress"
guide_version = "2019-08"

created = 2026-11-20T09:00:00Z
updated = 2026-11-20T09:00:00Z
team = "North"  # a key carag does not know

[notes]
"U1.3" = """
First line of evidence.
  An indented second line, with "quotes" and a \\\\ backslash.
"""

[answers]
# answered at interview
"U1.3" = "no"      # strengths

"org" = "crc"
"ZZ9.9" = "yes"    # a question this guide does not have
"U3.1" = "maybe"   # not an answer carag understands
'''


@pytest.fixture
def upw(guides):
    return guides["unpaid-work-2019"]


@pytest.fixture
def hand_file(tmp_path) -> Path:
    path = tmp_path / "HAND-0001.toml"
    path.write_text(HAND, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two versions of a file."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- round trip --------------------------------------------------------------------------------


def test_loading_and_saving_unchanged_keeps_every_byte(hand_file):
    before = hand_file.read_bytes()
    casefile = load_case(hand_file)
    save_case(casefile, touch=False)
    assert hand_file.read_bytes() == before


def test_saving_an_unchanged_case_writes_nothing(hand_file, upw):
    """Not even `updated`: git sees no change to commit or merge."""
    casefile = load_case(hand_file)
    save_case(casefile)
    assert hand_file.read_text(encoding="utf-8") == HAND
    casefile.set_header("status", "complete")
    casefile.set_header("status", "in_progress")
    save_case(casefile)
    assert hand_file.read_text(encoding="utf-8") == HAND


def test_a_new_answer_adds_one_line_and_keeps_everything_hand_made(hand_file, upw):
    casefile = load_case(hand_file)
    casefile.set_answer(upw, "U1.1", "yes")
    save_case(casefile)
    after = hand_file.read_text(encoding="utf-8")
    removed, added = changed_lines(HAND, after)
    assert removed == ["updated = 2026-11-20T09:00:00Z"]
    assert [line for line in added if not line.startswith("updated = ")] == [
        '"U1.1" = "yes" # ' + upw.question("U1.1").text
    ]
    # every hand-made line is still there, in its order
    assert [line for line in after.splitlines() if line in HAND.splitlines()] == [
        line for line in HAND.splitlines() if not line.startswith("updated")
    ]
    case = read_case(hand_file)
    assert case.answers["ZZ9.9"] == "yes"
    assert case.answers["U3.1"] == "maybe"
    assert case.notes["U1.3"] == (
        'First line of evidence.\n  An indented second line, with "quotes" and a \\ backslash.\n'
    )
    assert tomllib.loads(after)["team"] == "North"


def test_changing_an_answer_changes_only_its_value(hand_file, upw):
    casefile = load_case(hand_file)
    casefile.set_answer(upw, "U1.3", "yes")
    save_case(casefile, touch=False)
    removed, added = changed_lines(HAND, hand_file.read_text(encoding="utf-8"))
    assert removed == ['"U1.3" = "no"      # strengths']
    assert added == ['"U1.3" = "yes"      # strengths']


def test_clearing_an_answer_removes_only_its_line(hand_file, upw):
    casefile = load_case(hand_file)
    casefile.set_answer(upw, "org", None)
    save_case(casefile, touch=False)
    removed, added = changed_lines(HAND, hand_file.read_text(encoding="utf-8"))
    assert removed == ['"org" = "crc"']
    assert added == []
    assert "org" not in read_case(hand_file).answers


def test_answers_are_written_in_guide_order_with_the_question_as_comment(tmp_path, upw):
    casefile = new_case(tmp_path, "ORDER-1", upw)
    order = ["U3.7", "U1.2", "org", "U2S", "U1.1", "U3.1", "other_requirements", "U1S"]
    for qid in order:
        casefile.set_answer(upw, qid, "crc" if qid == "org" else "yes")
    save_case(casefile)
    text = casefile.path.read_text(encoding="utf-8")
    body = text.split("[answers]\n", 1)[1].split("\n[", 1)[0]
    lines = [line for line in body.splitlines() if line.strip()]
    keys = [tomllib.loads(line).popitem()[0] for line in lines]
    assert keys == sorted(order, key=upw.position)
    for line, qid in zip(lines, keys, strict=True):
        comment = line.split(" # ", 1)[1]
        question_text = upw.question(qid).text
        assert comment == question_text or (
            comment.endswith("…") and question_text.startswith(comment[:-1])
        )
        assert len(comment) <= 96


def test_cut_comments_stay_unique(guides) -> None:
    """A3.11 and A3.12 differ only in their last words: their comments still differ."""
    from carag_tui.case.document import comments

    for guide in guides.values():
        cut = comments(guide)
        assert len(set(cut.values())) == len(cut), guide.id
        assert all(len(comment) <= 96 for comment in cut.values())
    shown = comments(guides["case-supervision-2019"])
    assert shown["A3.11"].endswith("according to the responsible officer?")
    assert shown["A3.12"].endswith("in the view of the inspector?")


def test_a_new_file_is_laid_out_as_documented(tmp_path, upw):
    casefile = new_case(tmp_path, "DDC-0042", upw, unit="Dorset", assessor="A. Inspector")
    text = casefile.path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# carag case file")
    assert [line.split(" = ")[0] for line in lines[1:10]] == [
        "format",
        "guide",
        "guide_version",
        "case",
        "unit",
        "assessor",
        "status",
        "created",
        "updated",
    ]
    assert 'case = "DDC-0042" # case reference; no names of service users' in lines
    assert "[answers]" in lines and "[notes]" in lines
    case = read_case(casefile.path)
    assert (case.guide, case.guide_version, case.case, case.unit, case.assessor, case.status) == (
        "unpaid-work-2019",
        "2019-08",
        "DDC-0042",
        "Dorset",
        "A. Inspector",
        Status.IN_PROGRESS,
    )


def test_notes_are_multi_line_strings_that_survive_any_text(tmp_path, upw):
    casefile = new_case(tmp_path, "NOTES-1", upw)
    tricky = 'Evidence: "quoted", \\ backslash, """ triple quotes,\n\ttab, and ünïcode — ok'
    casefile.set_note(upw, "U1.2", "Seen in OASys section 2.\nDiscussed at interview.")
    casefile.set_note(upw, "U1.1", tricky)
    save_case(casefile)
    text = casefile.path.read_text(encoding="utf-8")
    assert '"U1.2" = """\nSeen in OASys section 2.\nDiscussed at interview.\n"""' in text
    notes = read_case(casefile.path).notes
    assert notes["U1.2"] == "Seen in OASys section 2.\nDiscussed at interview.\n"
    assert notes["U1.1"] == tricky + "\n"
    assert list(notes) == ["U1.1", "U1.2"]  # guide order
    # an empty note removes it
    casefile = load_case(casefile.path)
    casefile.set_note(upw, "U1.1", "  \n")
    save_case(casefile)
    assert "U1.1" not in read_case(casefile.path).notes


def test_every_answer_type_round_trips(tmp_path):
    guide_path = tmp_path / "types.toml"
    guide_path.write_text(
        """\
format = 1
id = "types"
title = "Types"
version = "1"
source = "tests"

[[standard]]
id = "S"
title = "S"

[[key_question]]
id = "K"
standard = "S"
text = "K"

[[question]]
id = "yn"
key_question = "K"
kind = "info"
text = "Yes or no?"
answer = "yes_no_na"

[[question]]
id = "many"
key_question = "K"
kind = "info"
text = "Which?"
answer = "multi"
options = [{ key = "a", label = "A" }, { key = "b", label = "B" }]

[[question]]
id = "count"
key_question = "K"
kind = "info"
text = "How many?"
answer = "number"

[[question]]
id = "when"
key_question = "K"
kind = "info"
text = "When?"
answer = "date"

[[question]]
id = "what"
key_question = "K"
kind = "info"
text = "What?"
answer = "text"
""",
        encoding="utf-8",
    )
    guide = load_guide(guide_path)
    casefile = create_case(tmp_path / "cases" / "T-1.toml", Case(guide="types", case="T-1"))
    values = {
        "yn": "na",
        "many": ["b", "a"],
        "count": 14,
        "when": date(2026, 11, 23),
        "what": 'A "free" text',
    }
    for qid, value in values.items():
        casefile.set_answer(guide, qid, value)
    save_case(casefile)
    assert read_case(casefile.path).answers == values
    assert load_case(casefile.path).case.answers == values
    text = casefile.path.read_text(encoding="utf-8")
    assert '"many" = ["b", "a"]' in text or 'many = ["b", "a"]' in text
    assert "when = 2026-11-23" in text and "count = 14" in text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(), answer=st.text(min_size=1).filter(str.strip))
def test_any_note_and_text_answer_survive_a_save(tmp_path_factory, guides, note, answer):
    youth = guides["youth-resettlement-2022"]
    folder = tmp_path_factory.mktemp("prop")
    casefile = new_case(folder, "PROP-1", youth)
    casefile.set_note(youth, "C4", note)
    casefile.set_answer(youth, "C4", answer)
    save_case(casefile)
    case = read_case(casefile.path)
    assert case.answers["C4"] == answer
    kept = note.strip("\n")
    if kept.strip():
        # line ends are the only thing a TOML multi-line string may normalise
        assert case.notes["C4"] == (kept + "\n").replace("\r\n", "\n")
    else:
        assert "C4" not in case.notes
    before = casefile.path.read_bytes()
    save_case(load_case(casefile.path), touch=False)
    assert casefile.path.read_bytes() == before


# -- atomic save -------------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_save_leaves_the_old_file_intact_and_no_temporary_file(
    hand_file, upw, monkeypatch, failing
):
    before = hand_file.read_bytes()
    listing = files_in(hand_file.parent)
    casefile = load_case(hand_file)
    apply_answer(casefile, upw, "U1.1", "yes")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_write = os.write

        def half_then_full(fd, data):
            real_write(fd, bytes(data[: len(data) // 2]))
            boom()

        monkeypatch.setattr(os, "write", half_then_full)
    else:
        monkeypatch.setattr(os, failing, boom)

    with pytest.raises(OSError, match="No space left"):
        save_case(casefile)
    monkeypatch.undo()
    assert hand_file.read_bytes() == before
    assert files_in(hand_file.parent) == listing
    # once the disk has room again, the same save goes through
    save_case(casefile)
    assert read_case(hand_file).answers["U1.1"] == "yes"
    assert files_in(hand_file.parent) == listing


def test_save_keeps_the_files_permissions(hand_file, upw):
    hand_file.chmod(0o640)
    casefile = load_case(hand_file)
    casefile.set_answer(upw, "U1.1", "no")
    save_case(casefile)
    assert stat.S_IMODE(hand_file.stat().st_mode) == 0o640


# -- refusing bad files ------------------------------------------------------------------------


def refused(path: Path) -> list[str]:
    """Both readers refuse the file; return the problems as printed."""
    before = path.read_bytes()
    with pytest.raises(ProblemsError) as for_editing:
        load_case(path)
    with pytest.raises(ProblemsError) as for_reading:
        read_case(path)
    assert path.read_bytes() == before
    assert [p.line for p in for_editing.value.problems] == [
        p.line for p in for_reading.value.problems
    ]
    return [str(p) for p in for_editing.value.problems]


def test_broken_toml_is_refused_with_file_and_line(hand_file):
    hand_file.write_text(HAND.replace('"org" = "crc"', '"org" = crc'), encoding="utf-8")
    line = HAND.splitlines().index('"org" = "crc"') + 1
    (problem,) = refused(hand_file)
    assert problem.startswith(f"{hand_file}:{line}:")
    assert "not valid TOML" in problem


def test_broken_toml_at_the_end_is_refused(hand_file):
    hand_file.write_text(HAND + '"U3.2" = [\n', encoding="utf-8")
    (problem,) = refused(hand_file)
    assert "not valid TOML" in problem and str(hand_file) in problem


def test_merge_conflict_is_refused_naming_the_questions(hand_file):
    conflicted = HAND.replace(
        '"org" = "crc"\n',
        '<<<<<<< HEAD\n"org" = "crc"\n"U1.1" = "yes"\n=======\n"org" = "nps"\n'
        '"U1.2" = "no"\n>>>>>>> theirs\n',
    )
    hand_file.write_text(conflicted, encoding="utf-8")
    (problem,) = refused(hand_file)
    line = conflicted.splitlines().index("<<<<<<< HEAD") + 1
    assert problem.startswith(f"{hand_file}:{line}:")
    assert "merge conflict" in problem
    assert "org, U1.1, U1.2" in problem


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            'status = "in_progress"',
            "status = 3",
            "status",
            "expected one of in_progress, complete, excluded, found 3",
        ),
        ('status = "in_progress"', 'status = "done"', "status", "found 'done'"),
        (
            "created = 2026-11-20T09:00:00Z",
            'created = "last week"',
            "created",
            "expected a date and time",
        ),
        ('case = "HAND-0001"', "case = 42", "case", "expected a string, found 42"),
        ('guide_version = "2019-08"', "guide_version = 2019", "guide_version", "expected a string"),
        ("format = 1", "format = 7", "format", "not supported"),
        ('"U1.3" = """', '"U1.3" = 5 # """', "notes.U1.3", "a note must be a string"),
    ],
)
def test_wrong_types_are_refused_with_their_key(hand_file, old, new, key, words):
    text = HAND.replace(old, new, 1)
    if key == "notes.U1.3":
        text = text.replace(
            'First line of evidence.\n  An indented second line, with "quotes" '
            'and a \\\\ backslash.\n"""\n',
            "",
        )
    assert text != HAND
    hand_file.write_text(text, encoding="utf-8")
    (problem,) = refused(hand_file)
    assert f" {key}: " in problem
    assert words in problem
    if key in ("status", "created", "case", "guide_version", "format"):
        line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(key))
        assert problem.startswith(f"{hand_file}:{line}:")


def test_missing_guide_is_refused(hand_file):
    hand_file.write_text(HAND.replace('guide = "unpaid-work-2019"\n', ""), encoding="utf-8")
    (problem,) = refused(hand_file)
    assert "guide: required key missing" in problem


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(HAND.replace("typed by me", "typed by m\xe9").encode("latin-1"))
    (problem,) = refused(path)
    assert "not UTF-8" in problem


def test_the_cli_never_writes_to_a_refused_file(hand_file, carag):
    hand_file.write_text(HAND.replace('"org" = "crc"', '"org" = crc'), encoding="utf-8")
    before = hand_file.read_bytes()
    result = carag("set", hand_file, "U1.1=yes")
    assert result.code == 1
    assert "not valid TOML" in result.err and f"nothing written to {hand_file}" in result.err
    assert hand_file.read_bytes() == before


# -- someone else changed the file -------------------------------------------------------------


def test_conflict_when_the_file_changed_on_disk(hand_file, upw):
    casefile = load_case(hand_file)
    theirs = HAND.replace('"org" = "crc"', '"org" = "nps"')
    hand_file.write_text(theirs, encoding="utf-8")
    casefile.set_answer(upw, "U1.1", "yes")
    with pytest.raises(ConflictError, match="changed on disk"):
        save_case(casefile)
    assert hand_file.read_text(encoding="utf-8") == theirs
    save_case(casefile, force=True)  # only when the person says so
    assert read_case(hand_file).answers["U1.1"] == "yes"


def test_conflict_when_the_file_was_deleted(hand_file, upw):
    casefile = load_case(hand_file)
    hand_file.unlink()
    casefile.set_answer(upw, "U1.1", "yes")
    save_case(casefile)  # nothing to overwrite: the answers are saved again
    assert read_case(hand_file).answers["U1.1"] == "yes"


def test_saving_twice_is_not_a_conflict(hand_file, upw):
    casefile = load_case(hand_file)
    casefile.set_answer(upw, "U1.1", "yes")
    save_case(casefile)
    casefile.set_answer(upw, "U1.2", "no")
    save_case(casefile)
    assert {"U1.1", "U1.2"} <= set(read_case(hand_file).answers)


# -- new files ---------------------------------------------------------------------------------


def test_new_files_and_folders_are_owner_only(tmp_path, upw):
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    casefile = new_case(existing / "inspection" / "cases", "PRIV-1", upw)
    assert stat.S_IMODE(casefile.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((existing / "inspection").stat().st_mode) == 0o700
    assert stat.S_IMODE((existing / "inspection" / "cases").stat().st_mode) == 0o700
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755  # not ours to change


def test_a_new_case_never_replaces_a_file(tmp_path, upw):
    path = tmp_path / "SAME-1.toml"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        new_case(tmp_path, "SAME-1", upw)
    with pytest.raises(FileExistsError):
        create_case(path, Case(guide=upw.id, case="SAME-1"))
    assert path.read_text(encoding="utf-8") == "keep me"


# -- versions and things carag does not understand ---------------------------------------------


def test_other_guide_version_is_reported_and_nothing_is_dropped(hand_file, upw):
    old = HAND.replace('guide_version = "2019-08"', 'guide_version = "2018-03"')
    hand_file.write_text(old, encoding="utf-8")
    casefile = load_case(hand_file)
    result = check_case(hand_file, casefile.case, upw, list(tomllib.loads(old)))
    assert any("version 2018-03" in w and "version 2019-08" in w for w in result.warnings)
    assert result.unknown == ["team", "ZZ9.9"]
    assert result.invalid == [{"id": "U3.1", "error": "expected one of yes, no, found 'maybe'"}]
    apply_answer(casefile, upw, "U1.1", "yes")
    save_case(casefile)
    after = hand_file.read_text(encoding="utf-8")
    data = tomllib.loads(after)
    assert data["guide_version"] == "2018-03"
    assert data["team"] == "North"
    assert data["answers"]["ZZ9.9"] == "yes"
    assert data["answers"]["U3.1"] == "maybe"
    removed, _ = changed_lines(old, after)
    assert removed == ["updated = 2026-11-20T09:00:00Z"]


def test_a_file_without_a_created_time_gets_the_one_it_was_read_with(tmp_path, upw):
    """Else every read of it would invent a new one."""
    path = tmp_path / "HAND-2.toml"
    path.write_text('format = 1\nguide = "unpaid-work-2019"\ncase = "HAND-2"\n', encoding="utf-8")
    casefile = load_case(path)
    created = casefile.case.created
    casefile.set_answer(upw, "org", "crc")  # a save that writes (one with no change writes none)
    save_case(casefile)
    again = read_case(path)
    assert again.created == created
    assert tomllib.loads(path.read_text(encoding="utf-8"))["created"] == created
    saved = path.read_bytes()
    save_case(load_case(path), touch=False)
    assert path.read_bytes() == saved


def test_a_save_that_would_lose_an_answer_or_note_nobody_removed_is_refused(
    hand_file, upw, monkeypatch
):
    """An edit that goes wrong inside the document (here: one that also drops a neighbour,
    as a tomlkit mis-edit could) writes nothing; answers and notes removed on purpose go."""
    from carag_tui.case import document

    real = document.set_answer

    def clumsy(doc, guide, qid, value):
        real(doc, guide, qid, value)
        doc["answers"].remove("ZZ9.9")  # the key of a question carag does not know

    casefile = load_case(hand_file)
    monkeypatch.setattr(document, "set_answer", clumsy)
    casefile.set_answer(upw, "U1.1", "yes")
    with pytest.raises(ProblemsError, match=r"would drop answers\.ZZ9\.9.*nothing written"):
        save_case(casefile)
    assert hand_file.read_text(encoding="utf-8") == HAND
    monkeypatch.setattr(document, "set_answer", real)
    casefile = load_case(hand_file)  # removed on purpose: an answer cleared, a note emptied
    casefile.set_answer(upw, "org", None)
    casefile.set_note(upw, "U1.3", "")
    save_case(casefile)
    assert "org" not in read_case(hand_file).answers and not read_case(hand_file).notes
    casefile.set_answer(upw, "org", "nps")  # and the same file saved again
    save_case(casefile)
    assert read_case(hand_file).answers["org"] == "nps"
