"""Plain mode's resolve step: each clash a git merge left, both sides, a number keeps one.

The same operation as the app's resolve view (`CaseSession.resolve_clash`)."""

from __future__ import annotations

from carag_tui.case.clashes import resolved_message, side_text
from carag_tui.case.session import CaseSession
from carag_tui.plain.console import Console
from carag_tui.plain.show import CaseView
from carag_tui.safetext import visible
from carag_tui.team.git import clash_side_names

GUIDANCE_LINES = 8  # as at a question; `guide` there shows all of it


def resolve_clashes(session: CaseSession, out: Console) -> None:
    """Before the walk: offer every clash in turn; Enter (or the end of input) leaves it."""
    clashes = session.clashes()
    if not clashes:
        return
    guide = session.guide
    names = clash_side_names(session.path.parent)
    out.say(
        f"Both sides of a git merge changed {len(clashes)} answer(s) of this case; "
        "a clashed answer is not counted in reports until one is kept."
    )
    if session.read_only:
        out.say(f"Read-only: {', '.join(c.id for c in clashes)} stay clashed.")
        return
    for clash in clashes:
        out.say()
        question = guide.question(clash.id) if guide.has_question(clash.id) else None
        out.wrap(
            f"Clash at {visible(clash.id, lines=False)}: "
            f"{question.text if question else 'a field of the file'}"
        )
        if question is not None:
            CaseView(session, out).guidance(question, GUIDANCE_LINES)
            out.say()
        for number, side, title in ((1, "ours", names[0]), (2, "theirs", names[1])):
            out.say(
                f"  {number}  {visible(side_text(guide, clash, side), lines=False)}  — "
                f"{title} ({visible(clash.who(side), lines=False)})"
            )
        note = visible(session.case.notes.get(clash.id) or "").strip()
        for n, note_line in enumerate(note.splitlines()):
            out.say(f"  {'Note:' if n == 0 else '':5} │ {note_line}")
        while True:
            line = out.ask("Keep 1 or 2 (Enter: decide later)> ")
            word = (line or "").strip()
            if word in ("", "1", "2"):
                break
            if word == "guide" and question is not None:
                CaseView(session, out).guidance(question, None)
                continue
            out.say("Type 1, 2, or press Enter (or 'guide' for the full guidance).")
        if not word:
            out.say(f"{clash.id} left clashed.")
            continue
        try:
            saved = session.resolve_clash(clash.id, "ours" if word == "1" else "theirs")
        except ValueError as exc:
            out.say(str(exc))
            continue
        out.say(
            f"Kept {side_text(guide, clash, 'ours' if word == '1' else 'theirs')} at "
            f"{clash.id}." + (f" {saved.message}" if saved.message else "")
        )
    left = session.clashes()
    out.say()
    out.wrap(
        resolved_message(session.path)
        if not left
        else f"{len(left)} clash(es) left ({', '.join(c.id for c in left)}): open the case "
        "again to resolve them."
    )
