"""The save writer: one thread that writes case files, so no key waits for a disk's fsync.

A front end asks for a background save with `save_in_background(session, done)`: the text to
write is made at once, on the caller's thread, from the case as it is (answers given later
stay pending and go in the next save); the writer thread checks that the file on disk is still
the one read, writes it atomically and reads it back, as `save_case` does; `done(write)` is
then called on the writer thread, and the front end hands the write back on its own thread to
`finish_background(session)`, which settles it: the answers it held are no longer pending, or
the save is done again by `CaseSession.save`, which merges a change on disk and says a failure
as ever.

Every guarantee of a save is kept: one thread writes every file, in the order the saves were
asked for, and a case has at most one write in flight; any other save of the case
(`CaseSession.write`: ctrl+s, a note, leaving, SIGHUP/SIGTERM) first waits for the one in
flight and settles it, so saves are never reordered and nothing is lost on quit.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from attrs import define, field

from carag_tui.case.model import Status
from carag_tui.case.outcomes import SaveResult
from carag_tui.case.store import refuse_lost_keys, write_case_text
from carag_tui.case.unchanged import holds_nothing_new

if TYPE_CHECKING:
    from carag_tui.case.casefile import CaseFile


class BackgroundSession(Protocol):
    """What the writer reads and settles of a `CaseSession` (which imports this module)."""

    read_only: bool
    background: PendingWrite | None
    casefile: CaseFile
    _pending: dict[str, Any]
    _pending_notes: dict[str, str]
    _pending_status: Status | None
    _pending_edits: list[Any]
    _base: dict[str, Any]
    _base_notes: dict[str, str]
    _base_status: Status

    @property
    def unsaved(self) -> bool: ...
    def forget_pending(self) -> None: ...
    def save(self) -> SaveResult: ...


@define
class PendingWrite:
    """One save on its way to disk: what is written, and what of the session it settles."""

    path: Path
    text: str
    expected: dict[str, Any]  # the TOML the written file must read back as
    on_disk: str  # digest of the file as last read or written (else: changed behind us)
    answers: dict[str, Any]
    notes: dict[str, str]
    status: Status | None
    edits: int  # how many of the session's pending table edits it holds
    base: tuple[dict[str, Any], dict[str, str], Status]  # answers, notes, status once written
    error: BaseException | None = None
    done: threading.Event = field(factory=threading.Event)

    def run(self) -> None:
        try:
            if self.error is None:  # else refused before it was handed over
                write_case_text(self.path, self.text, expected=self.expected, on_disk=self.on_disk)
        except BaseException as exc:  # handed back to the session's thread
            self.error = exc
        finally:
            self.done.set()


class SaveWriter:
    """The thread, started with the first save; it writes in the order writes are given."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[PendingWrite, Callable[[PendingWrite], object]]] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queued = 0  # writes given and not yet done
        self.written = 0  # writes done (or failed) since the process started

    def submit(self, write: PendingWrite, done: Callable[[PendingWrite], object]) -> None:
        with self._lock:
            self._queued += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="carag-save-writer", daemon=True
                )
                self._thread.start()
        self._queue.put((write, done))

    def _run(self) -> None:
        while True:
            write, done = self._queue.get()
            write.run()
            with contextlib.suppress(Exception):  # the session settles it whatever `done` does
                done(write)
            with self._idle:
                self._queued -= 1
                self.written += 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every write given so far is done (False if `timeout` passed first)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._queued == 0, timeout)


_writer = SaveWriter()


def save_writer() -> SaveWriter:
    """The one writer of this process."""
    return _writer


def save_in_background(session: BackgroundSession, done: Callable[[PendingWrite], object]) -> bool:
    """Start writing the session's pending changes on the writer thread; False where there is
    nothing to start (read-only, nothing unsaved, or a write of this case still in flight:
    its `done` comes first, and the changes made since go in the next save)."""
    if session.read_only or not session.unsaved or session.background is not None:
        return False
    casefile = session.casefile
    if holds_nothing_new(casefile):  # changed and changed back: nothing to write
        session.forget_pending()
        return False
    text = casefile.render()
    case = casefile.case
    expected = casefile.data()
    write = PendingWrite(
        casefile.path,
        text,
        expected,
        casefile.digest,
        dict(session._pending),
        dict(session._pending_notes),
        session._pending_status,
        len(session._pending_edits),
        (dict(case.answers), dict(case.notes), case.status),
    )
    try:
        refuse_lost_keys(casefile, expected)
    except Exception as exc:  # nothing is written: `finish_background`'s save says why
        write.error = exc
    session.background = write
    _writer.submit(write, done)
    return True


def finish_background(session: BackgroundSession) -> SaveResult | None:
    """Wait for the session's write in flight, if any, and settle it (on the session's own
    thread); None where there was none. A write refused because the file changed on disk is
    saved again through `session.save`, which merges."""
    write = session.background
    if write is None:
        return None
    write.done.wait()
    session.background = None
    error = write.error
    if error is None:
        session.casefile.written(write.text)
        session._base, session._base_notes, session._base_status = write.base
        _drop_saved(session._pending, write.answers)
        _drop_saved(session._pending_notes, write.notes)
        if session._pending_status is write.status:
            session._pending_status = None
        del session._pending_edits[: write.edits]
        return SaveResult(True)
    if isinstance(error, Exception):  # a change on disk is merged, a failure said, by save
        return session.save()
    raise error


def _drop_saved(pending: dict[str, Any], saved: dict[str, Any]) -> None:
    """Forget what is now on disk; a value changed again since stays pending."""
    for key, value in saved.items():
        if key in pending and _same(pending[key], value):
            del pending[key]


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
