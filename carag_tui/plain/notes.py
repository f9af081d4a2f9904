"""Notes in a plain-mode walk: `note` (typed up to a line of just '.', kept if the link drops
while typing), `note -`, and `example good|poor|-`."""

from __future__ import annotations

from carag_tui.case.session import note_text, same_note
from carag_tui.plain.leaving import Leaving


class Notes(Leaving):
    """The notes half of `PlainWalk` (on top of leaving and saving)."""

    def cmd_note(self, text: str) -> int | None:
        assert self.current is not None
        if self.session.read_only:
            self.out.say("Read-only: notes are not saved.")
            return None
        if text == "-":
            note = ""
        elif text:
            note = text
        else:
            typed = self.read_note()
            if typed is None:
                return None
            note = typed
        self.record_note(self.current.id, note)
        return None

    def cmd_example(self, text: str) -> int | None:
        """`example good|poor`: the note here is a practice example; `example -` unmarks it."""
        assert self.current is not None
        if self.session.read_only:
            self.out.say("Read-only: the mark is not saved.")
            return None
        from carag_tui.case.examples import mark_example

        kind = None if text.strip() == "-" else text.strip().lower()
        qid = self.current.id
        try:
            result = self.session.apply_edit(lambda c: mark_example(c, qid, kind))
        except ValueError as exc:
            self.out.say(f"Not marked: {exc} (example good, example poor, example -)")
            return None
        self.out.say(
            result.message
            or (
                f"The note on {qid} is a {kind} practice example."
                if kind
                else f"The note on {qid} is not an example."
            )
        )
        return None

    def read_note(self) -> str | None:
        """Lines up to a single '.'; None (nothing changed) when empty or the input ends."""
        self.out.wrap(
            "Type the note; finish with a line holding just '.' "
            "(it replaces any note; 'note -' removes it)."
        )
        lines: list[str] = []
        self.draft = lines  # kept if the connection drops while typing
        while True:
            line = self.out.ask("note> ")
            if line is None:
                self.draft = None
                self.out.say("Input ended before '.': the note was not saved.")
                return None
            if line.strip() == ".":
                break
            lines.append(line)
        self.draft = None
        if not "".join(lines).strip():
            self.out.say("Empty note: nothing changed ('note -' removes a note).")
            return None
        return "\n".join(lines)

    def record_note(self, qid: str, note: str) -> None:
        if same_note(self.session.case.notes.get(qid), note):
            self.out.say("Note unchanged.")
            return
        saved = self.session.note(qid, note)
        self.tell(saved)
        done = "kept" if note_text(note) else "removed"
        self.out.say(f"Note {done}{' and saved' if saved.saved else ''}.")
