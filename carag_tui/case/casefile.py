"""A case file being edited: its tomlkit document and its model, changed together.

The document (tomlkit) keeps what a person wrote by hand; the model (`Case`) is what carag
reads. Every change goes through this type, so the two never drift; `store` only reads and
writes the bytes, `document` only knows tomlkit.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field

from carag_tui.case.model import Case, Status, now
from carag_tui.guide.model import Guide
from carag_tui.guide.rules import AnswerValue

if TYPE_CHECKING:
    from types import ModuleType

    from tomlkit import TOMLDocument


def _document() -> ModuleType:
    """The tomlkit helpers, imported at the first change: reading a case and showing its first
    question needs no tomlkit (the start-up figures in the README measure it)."""
    from carag_tui.case import document

    return document


def _keys_of(case: Case) -> frozenset[str]:
    return frozenset([*(f"answers.{k}" for k in case.answers), *(f"notes.{k}" for k in case.notes)])


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@define
class CaseFile:
    """A case file as read, ready to be changed and saved."""

    path: Path
    text: str  # as read or last written (without a byte-order mark): what `doc` is parsed from
    case: Case
    digest: str  # of the bytes read, to notice changes made behind our back
    bom: bool = False  # the file began with a byte-order mark: it is written back with one
    _doc: TOMLDocument | None = field(default=None, alias="doc", repr=False)
    #: The answers and notes the file held when read (`answers.ID`, `notes.ID`), and those
    #: removed on purpose since: a save must keep the rest (`lost_keys`).
    _held: frozenset[str] = field(init=False, factory=frozenset, repr=False)
    _dropped: set[str] = field(init=False, factory=set, repr=False)

    def __attrs_post_init__(self) -> None:
        self._held = _keys_of(self.case)

    @classmethod
    def new(cls, path: Path, case: Case) -> CaseFile:
        """A case file not yet on disk, laid out from `case`."""
        import tomlkit  # not on the path to the first question

        doc = _document().new_document(case)
        text = tomlkit.dumps(doc)
        return cls(Path(path), text, case, digest(text.encode("utf-8")), doc=doc)

    @property
    def doc(self) -> TOMLDocument:
        """The file's TOML document for editing, parsed with tomlkit on first use, the tables
        carag edits in the standard layout (`document.standard_layout`); raises `ProblemsError`
        (and writes nothing) where tomlkit cannot parse what tomllib read."""
        if self._doc is None:
            document = _document()
            doc = document.parse_document(self.text, self.path)
            # an inline `answers = {…}`, dotted keys or a table in pieces: one [answers] table
            document.standard_layout(doc, self.path)
            self._doc = doc
        return self._doc

    @property
    def parsed(self) -> bool:
        """Whether `doc` has been parsed (then it, not `text`, holds the latest edits)."""
        return self._doc is not None

    # -- changes: document and model together ---------------------------------------------

    def set_answer(self, guide: Guide, qid: str, value: AnswerValue | None) -> None:
        """Set (or, with None, remove) an answer."""
        _document().set_answer(self.doc, guide, qid, value)
        if value is None:
            self.case.answers.pop(qid, None)
            self._dropped.add(f"answers.{qid}")
        else:
            self.case.answers[qid] = value
            self._dropped.discard(f"answers.{qid}")

    def set_note(self, guide: Guide, qid: str, note: str) -> None:
        """Set a note (an empty one removes it); kept with one final newline."""
        kept = _document().set_note(self.doc, guide, qid, note, self.case.notes.get(qid))
        if kept is None:
            self.case.notes.pop(qid, None)
            self._dropped.add(f"notes.{qid}")
        else:
            self.case.notes[qid] = kept
            self._dropped.discard(f"notes.{qid}")

    def set_status(self, status: Status) -> None:
        _document().set_header(self.doc, "status", str(status))
        self.case.status = status

    def set_header(self, key: str, value: str | datetime | None) -> None:
        """Change a header value of the model (unit, assessor, …), keeping its comment."""
        _document().set_header(self.doc, key, value)
        setattr(self.case, key, value)

    # -- writing ----------------------------------------------------------------------------

    def render(self, *, touch: bool = True) -> str:
        """The text to write (with the byte-order mark it was read with); `touch` stamps
        `updated` (and `created` where a hand-written file has none)."""
        import tomlkit

        if touch:
            self.set_header("updated", now())
            if "created" not in self.doc:  # else a file without one is new at every read
                self.set_header("created", self.case.created)
        text = tomlkit.dumps(self.doc)
        if self.crlf:  # tomlkit writes new lines with LF: the file keeps one line ending
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text

    @property
    def crlf(self) -> bool:
        """The file's lines end in CR LF (Windows): its first line does."""
        end = self.text.find("\n")
        return end > 0 and self.text[end - 1] == "\r"

    def written(self, text: str) -> None:
        """`text` (from `render`) is now what the file holds."""
        self.text = text.removeprefix("\ufeff")
        self.digest = digest(text.encode("utf-8"))
        self._held, self._dropped = _keys_of(self.case), set()

    def lost_keys(self, data: dict[str, Any]) -> list[str]:
        """The answers and notes the file held that `data` (about to be written) no longer
        holds although nobody removed them: an edit that went wrong. Empty when all is kept."""
        lost = []
        for key in sorted(self._held - self._dropped):
            table, _, qid = key.partition(".")
            held = data.get(table)
            if not isinstance(held, dict) or qid not in held:
                lost.append(key)
        return lost

    def data(self) -> dict[str, Any]:
        """The document as plain TOML data (what the file holds once written)."""
        return self.doc.unwrap()
