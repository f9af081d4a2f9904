"""The resolve view: a clash a git merge left in a case, both sides, one key to keep one.

Pushed by the walk when it opens a case with clashes (`offer_resolution`); the choice is
carried out by the session (`CaseSession.resolve_clash`), which plain mode uses too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from carag_tui.case.clashes import Clash, resolved_message, side_text
from carag_tui.case.session import CaseSession
from carag_tui.safetext import visible
from carag_tui.team.git import clash_side_names
from carag_tui.tui.widgets.guidance import GuidancePane

if TYPE_CHECKING:
    from carag_tui.tui.screens.walk_host import WalkHost


class ResolveScreen(Screen[str | None]):
    """One clash: the question, its guidance, each side's answer with who and when, the note.
    Dismissed with the side to keep ("ours" / "theirs"), or None to decide later."""

    CSS_PATH = "resolve.tcss"
    BINDINGS = [
        Binding(
            "1,o",
            "pick('ours')",
            "Keep 1",
            id="resolve_ours",
            tooltip="Keep answer 1 (git's ours: this copy's, in a merge)",
        ),
        Binding(
            "2,t",
            "pick('theirs')",
            "Keep 2",
            id="resolve_theirs",
            tooltip="Keep answer 2 (git's theirs: what the merge brought in)",
        ),
        Binding(
            "escape",
            "later",
            "Later",
            id="resolve_later",
            tooltip="Leave the clash for now: the case keeps answer 1, uncounted",
        ),
        Binding(
            "pageup",
            "scroll_guidance(-1)",
            "Guidance up",
            show=False,
            id="resolve_guidance_up",
            tooltip="Scroll the guidance up",
        ),
        Binding(
            "pagedown",
            "scroll_guidance(1)",
            "Guidance down",
            show=False,
            id="resolve_guidance_down",
            tooltip="Scroll the guidance down",
        ),
    ]

    def __init__(self, session: CaseSession, clash: Clash, total: int = 1) -> None:
        super().__init__()
        self.session, self.clash, self.total = session, clash, total

    def compose(self) -> ComposeResult:
        guide, clash = self.session.guide, self.clash
        question = guide.question(clash.id) if guide.has_question(clash.id) else None
        yield Static(
            Text.assemble(
                (f" {visible(self.session.case.case, lines=False)} ", "bold reverse"),
                f" Both sides of a git merge changed {visible(clash.id, lines=False)}"
                + (f" ({self.total} clashes left)" if self.total > 1 else ""),
                no_wrap=True,
                overflow="ellipsis",
            ),
            id="resolve-where",
        )
        yield Static(
            f"{clash.id}  {question.text}"
            if question
            else f"{visible(clash.id)} (a field of the case file)",
            id="resolve-question",
            markup=False,
        )
        names = clash_side_names(self.session.path.parent)
        with Horizontal(id="resolve-sides"):
            for key, side, title in (("1", "ours", names[0]), ("2", "theirs", names[1])):
                panel = Static(
                    Text.assemble(
                        (visible(side_text(guide, clash, side)), "bold"),
                        "\n",
                        visible(clash.who(side), lines=False),
                    ),
                    classes="resolve-side",
                    id=f"resolve-{side}",
                )
                panel.border_title = f"{key}  {title} ({side})"
                yield panel
        note = visible(self.session.case.notes.get(clash.id) or "").strip()
        if note:
            shown = Static(note, id="resolve-note", markup=False)
            shown.border_title = "Note (a merge keeps both copies' texts in it)"
            yield shown
        yield GuidancePane(id="resolve-guidance")
        yield Static(
            "Keeping a side writes it to the case file; git is told once every clash "
            "is resolved (`git add FILE`, or `carag sync`).",
            id="resolve-hint",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        guide = self.session.guide
        if guide.has_question(self.clash.id):
            question = guide.question(self.clash.id)
            self.query_one(GuidancePane).show(question.guidance, f"CARaG guidance · {question.id}")
        else:
            self.query_one(GuidancePane).display = False

    def action_pick(self, side: str) -> None:
        self.dismiss(side)

    def action_later(self) -> None:
        self.dismiss(None)

    def action_scroll_guidance(self, direction: int) -> None:
        pane = self.query_one(GuidancePane)
        pane.scroll_page_down() if direction > 0 else pane.scroll_page_up()


def offer_resolution(walk: WalkHost) -> None:
    """Open the resolve view at the case's first clash, and again until none is left; then
    say how git is told. A read-only case only says that it has clashes."""
    session = walk.session
    clashes = session.clashes()
    if not clashes:
        return
    if session.read_only:
        walk.set_status(
            f"Both sides of a git merge changed {', '.join(c.id for c in clashes)}:"
            " open the case for editing to resolve it.",
            "warning",
        )
        return
    clash = clashes[0]
    if session.guide.has_question(clash.id):
        walk.qid = clash.id

    def picked(side: str | None) -> None:
        if side is None:
            walk.set_status(
                f"{len(clashes)} clash(es) left, not counted in reports: opening "
                "the case again offers them.",
                "warning",
            )
            return
        try:
            saved = session.resolve_clash(clash.id, side)
        except ValueError as exc:
            walk.set_status(str(exc), "error")
            return
        if not saved.saved:
            walk.set_status(saved.message, "error")
            return
        walk.qid = walk.qid  # the walk shows the answer kept
        if session.clashes():
            offer_resolution(walk)
        else:
            walk.set_status(resolved_message(session.path))
            walk.notify(resolved_message(session.path), timeout=10)

    walk.app.push_screen(ResolveScreen(session, clash, len(clashes)), picked)
