"""CaseSession headless: merging with a file changed on disk, and the `resolve` hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import make_case

import carag_tui.case.session as case_session
from carag_tui.case.lock import lock_path
from carag_tui.case.model import Status
from carag_tui.case.session import (
    CaseIncomplete,
    CaseReadOnly,
    CaseSession,
    ClashAborted,
    UnknownGuideError,
)
from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.guide.registry import catalogue
from carag_tui.problems import ProblemsError

UPW = "unpaid-work-2019"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "home"))
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


def edit_elsewhere(path: Path, qid: str, value: str) -> None:
    casefile = load_case(path)
    casefile.set_answer(catalogue().get(UPW), qid, value)
    save_case(casefile)


@pytest.mark.parametrize(("keep_mine", "kept"), [(False, "yes"), (True, "no")])
def test_resolve_decides_a_clash(tmp_path: Path, keep_mine: bool, kept: str) -> None:
    path = make_case(tmp_path)
    asked: list[tuple[str, Any, Any]] = []

    def resolve(label: str, mine: Any, theirs: Any) -> bool:
        asked.append((label, mine, theirs))
        return keep_mine

    session = CaseSession(path, resolve=resolve)
    edit_elsewhere(path, "org", "crc")  # the other side answered one question, the same
    edit_elsewhere(path, "U1.1", "yes")
    _, saved = session.answer("U1.1", "no")
    assert saved.saved
    assert asked == [("U1.1", "no", "yes")]
    assert read_case(path).answers == {"org": "crc", "U1.1": kept}
    assert ("Both sides changed U1.1" in saved.message) is not keep_mine
    assert session.close().saved
    assert not lock_path(path).exists()


def test_a_note_clash_is_labelled_and_kept_on_disk_by_default(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path)
    other = load_case(path)
    other.set_note(catalogue().get(UPW), "org", "Theirs.")
    save_case(other)
    saved = session.note("org", "Mine.")
    assert saved.saved and "Both sides changed note org" in saved.message
    assert read_case(path).notes == {"org": "Theirs.\n"}
    assert session.case.notes == {"org": "Theirs.\n"}


def test_nothing_is_written_when_the_disk_already_has_it(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path)
    edit_elsewhere(path, "org", "crc")
    written = path.read_bytes()
    _, saved = session.answer("org", "crc")
    assert saved.saved and "reloaded" in saved.message
    assert path.read_bytes() == written
    assert not session.unsaved


def answer_all(session: CaseSession) -> None:
    while (question := session.walk.first_unanswered()) is not None:
        session.set_answer(question.id, question.choice_keys[0])


def test_complete_is_not_marked_over_a_file_with_gaps(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path)
    answer_all(session)
    assert session.save().saved
    other = load_case(path)
    other.set_answer(catalogue().get(UPW), "U1.2", None)  # the other side cleared an answer
    save_case(other)
    saved = session.set_status(Status.COMPLETE)
    assert saved.saved and "not marked complete" in saved.message
    assert read_case(path).status == "in_progress"


def test_marking_complete_is_refused_while_questions_are_unanswered(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path)
    session.answer("org", "crc")
    assert "18 applicable questions are unanswered: other_requirements, U1.1" in (
        session.why_not_complete() or ""
    )
    with pytest.raises(CaseIncomplete, match="18 applicable questions are unanswered"):
        session.mark_complete()
    assert read_case(path).status == "in_progress"
    answer_all(session)
    assert session.why_not_complete() is None
    assert session.mark_complete().saved
    assert read_case(path).status == "complete"


def test_a_read_only_case_refuses_changes_with_case_read_only(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path, read_only=True)
    with pytest.raises(CaseReadOnly):
        session.answer("org", "crc")
    with pytest.raises(CaseReadOnly):
        session.set_status(Status.EXCLUDED)
    assert session.why_not_complete() == "Read-only: the case cannot be changed."
    assert read_case(path).answers == {}


def test_failed_saves_name_the_way_to_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(case_session, "save_case", full_disk)
    session = CaseSession(make_case(tmp_path), retry_hint="type 'save'")
    _, saved = session.answer("org", "crc")
    assert not saved.saved and saved.message.endswith("(or type 'save').")
    assert session.unsaved_edits() == [("org", "answer", "crc")]
    assert not session.close().saved
    assert session.holder is not None  # kept while answers are unsaved
    session.release()
    assert not lock_path(session.path).exists()


def test_lock_later_and_an_unknown_guide(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path, read_only=True)
    assert session.read_only and not lock_path(path).exists()
    session.lock()
    assert not session.read_only and lock_path(path).exists()
    session.release()
    path.write_text(path.read_text(encoding="utf-8").replace(UPW, "other-2030"), encoding="utf-8")
    with pytest.raises(UnknownGuideError) as caught:
        CaseSession(path)
    assert isinstance(caught.value, ProblemsError)


# -- the file is parsed for editing (tomlkit) only when it is about to change ---------------------


def refuse_editing(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """tomlkit refusing what tomllib read (rare: a disagreement between the two parsers)."""
    import carag_tui.case.document as document
    from carag_tui.problems import Problem

    def refuse(text: str, where: Path):
        raise ProblemsError([Problem(where, "cannot be edited: tomlkit disagrees", 3)])

    monkeypatch.setattr(document, "parse_document", refuse)


def test_a_file_tomlkit_refuses_opens_read_only_and_is_not_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()
    refuse_editing(monkeypatch, path)
    session = CaseSession(path)
    assert lock_path(path).exists()
    problem = session.prepare_editing()
    assert problem is not None
    assert f"{path}:3: cannot be edited: tomlkit disagrees" in problem
    assert "read-only" in problem
    assert session.read_only
    assert not lock_path(path).exists()  # given up: nobody is kept out of a file we cannot edit
    with pytest.raises(CaseReadOnly, match="tomlkit disagrees"):
        session.answer("org", "crc")
    assert session.prepare_editing() == problem
    assert path.read_bytes() == before


def test_the_first_answer_prepares_the_file_when_nothing_did_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    refuse_editing(monkeypatch, path)
    session = CaseSession(path)
    with pytest.raises(CaseReadOnly, match="tomlkit disagrees"):
        session.answer("org", "crc")
    assert session.read_only
    assert read_case(path).answers == {}


def test_abort_on_clash_writes_nothing_where_the_disk_changed_the_same(tmp_path: Path) -> None:
    """`carag set`'s policy: a change on disk to what we change stops the save."""
    path = make_case(tmp_path)
    session = CaseSession(path, abort_on_clash=True)
    edit_elsewhere(path, "U1.1", "yes")
    edit_elsewhere(path, "U3.1", "no")
    session.set_answer("U1.1", "no")
    session.set_answer("org", "crc")
    session.set_note("U1.2", "Mine.")
    theirs = path.read_bytes()
    with pytest.raises(ClashAborted) as raised:
        session.write()
    assert raised.value.labels == ["U1.1"]
    assert path.read_bytes() == theirs
    assert session.unsaved  # kept: nothing is lost in the session either
    session.release()


def test_abort_on_clash_merges_what_does_not_clash(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    session = CaseSession(path, abort_on_clash=True)
    edit_elsewhere(path, "U3.1", "no")
    session.set_answer("org", "crc")
    assert "reloaded" in session.write()
    assert read_case(path).answers == {"org": "crc", "U3.1": "no"}
    session.release()
