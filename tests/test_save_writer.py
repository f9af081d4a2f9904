"""The save writer: saves on one thread, in order, none lost, and no key waits for the disk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from carag_tui.case import writer
from carag_tui.case.editing import new_case
from carag_tui.case.lock import lock_path
from carag_tui.case.session import CaseSession
from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.case.writer import finish_background, save_in_background, save_writer
from carag_tui.guide.registry import catalogue
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen

UPW = "unpaid-work-2019"


@pytest.fixture
def held(monkeypatch):
    """Writes wait at the disk until the test lets them go (a slow disk, an fsync under load);
    each write's answers as they reach the disk, in order."""
    gate = threading.Event()
    landed: list[dict] = []
    real = writer.write_case_text

    def slow(path, text, **kw):
        assert gate.wait(30)
        real(path, text, **kw)
        landed.append(dict(read_case(path).answers))

    monkeypatch.setattr(writer, "write_case_text", slow)
    yield gate, landed
    gate.set()
    save_writer().wait_idle(30)


def a_case(tmp_path: Path) -> Path:
    guide = catalogue().get(UPW)
    casefile = new_case(tmp_path, "C1", guide)
    return casefile.path


def test_answers_given_while_a_write_is_on_its_way_go_in_the_next_and_none_is_lost(tmp_path, held):
    gate, landed = held
    session = CaseSession(a_case(tmp_path))
    session.set_answer("org", "crc")
    assert save_in_background(session, lambda _: None)
    session.set_answer("other_requirements", "no")  # while the first write waits at the disk
    assert not save_in_background(session, lambda _: None)  # one write of a case at a time
    assert session.unsaved
    gate.set()
    result = session.close()  # leaving waits for the write in flight, then saves the rest
    assert result.saved and not session.unsaved and session.background is None
    assert landed[0] == {"org": "crc"}  # in the order given
    assert read_case(session.path).answers == {"org": "crc", "other_requirements": "no"}
    assert not lock_path(session.path).exists()


def test_a_write_done_clears_only_what_it_held(tmp_path, held):
    gate, _ = held
    session = CaseSession(a_case(tmp_path))
    session.set_answer("org", "crc")
    save_in_background(session, lambda _: None)
    session.set_answer("org", "nps")  # changed again before the first reached the disk
    gate.set()
    assert finish_background(session).saved
    assert session.unsaved_edits() == [("org", "answer", "nps")]
    assert read_case(session.path).answers == {"org": "crc"}
    assert session.save().saved
    assert read_case(session.path).answers == {"org": "nps"}


def test_a_change_on_disk_during_the_write_is_merged_never_overwritten(tmp_path, held):
    gate, _ = held
    session = CaseSession(a_case(tmp_path))
    session.set_answer("org", "crc")
    save_in_background(session, lambda _: None)
    other = load_case(session.path)  # e.g. a git pull while the write waits
    other.set_answer(catalogue().get(UPW), "other_requirements", "yes")
    save_case(other)
    gate.set()
    result = finish_background(session)
    assert result.saved and "changed on disk" in result.message
    assert read_case(session.path).answers == {"org": "crc", "other_requirements": "yes"}


def test_a_failed_background_write_is_said_and_the_answers_kept(tmp_path, monkeypatch):
    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write_case_text", full_disk)
    monkeypatch.setattr("carag_tui.case.session.save_case", full_disk)
    session = CaseSession(a_case(tmp_path))
    session.set_answer("org", "crc")
    save_in_background(session, lambda _: None)
    result = finish_background(session)
    assert not result.saved and "No space left on device" in result.message
    assert session.unsaved_edits() == [("org", "answer", "crc")]
    session.release()


async def test_keys_move_on_while_the_disk_is_slow_and_every_answer_lands_in_order(
    tmp_path, held, keys_do_not_wait_for_saves
):
    gate, landed = held
    path = a_case(tmp_path)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        await pilot.press("1")  # org: crc; its write waits at the disk
        await pilot.press("n", "y", "y")  # three more questions answered meanwhile
        assert screen.session.background is not None  # the first write still on its way
        assert screen.qid not in ("org", "other_requirements")
        answered = dict(screen.session.case.answers)
        assert len(answered) == 4
        assert landed == []
        gate.set()
        await pilot.pause()
        assert save_writer().wait_idle(30)
        for _ in range(50):
            if not screen.session.unsaved and screen.session.background is None:
                break
            await pilot.pause(0.05)
        assert read_case(path).answers == answered
        assert landed[0] == {"org": "crc"} and landed[-1] == answered
        assert "NOT SAVED" not in str(screen.query_one("#status").render())
        await pilot.press("q")


def test_a_background_save_that_would_lose_an_answer_writes_nothing_and_says_so(
    tmp_path, monkeypatch
):
    from carag_tui.case import document

    path = a_case(tmp_path)
    session = CaseSession(path)
    session.answer("org", "crc")
    session.answer("other_requirements", "no")
    before = path.read_bytes()
    real = document.set_answer

    def clumsy(doc, guide, qid, value):
        real(doc, guide, qid, value)
        doc["answers"].remove("org")

    monkeypatch.setattr(document, "set_answer", clumsy)
    session.set_answer("U1.1", "yes")
    assert save_in_background(session, lambda write: None)
    saved = finish_background(session)
    assert saved is not None and not saved.saved
    assert "would drop answers.org" in saved.message
    assert path.read_bytes() == before
    assert session.unsaved  # still pending: nothing lost from the session either
    session.release()
