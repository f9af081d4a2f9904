"""A new case: reference, guide, unit and, the first time, the assessor (`n` in the workspace).

Enter moves on to the next field that needs a look (the unit, shown selected: Enter keeps the
last case's unit, typing replaces it), and creates the case from the last; Tab reaches the
guide. The assessor's name is asked only while the config has none, and kept there.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from carag_tui.case.editing import new_case
from carag_tui.config import remember
from carag_tui.guide.registry import GuideNotFound, catalogue


class NewCaseScreen(ModalScreen[Path | None]):
    CSS_PATH = "new_case.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="new_cancel"),
        Binding("ctrl+s", "create", "Create", id="new_create", tooltip="Create the case"),
    ]
    AUTO_FOCUS = "#new-ref"

    def __init__(
        self, folder: Path, *, guide_id: str | None = None, unit: str | None = None
    ) -> None:
        """`guide_id` and `unit` are filled in to start with (the last case's, say)."""
        super().__init__()
        self.folder = folder
        self.guide_id = guide_id
        self.unit = unit or ""

    @property
    def assessor(self) -> str | None:
        config = getattr(self.app, "config", None)
        return getattr(config, "assessor", None) or None

    def compose(self) -> ComposeResult:
        guides = sorted(catalogue().guides.values(), key=lambda g: g.id)
        with Vertical() as box:
            box.border_title = "New case — Enter moves on and creates, Tab: guide, Esc cancels"
            yield Label("Case reference (no names of service users)")
            yield Input(id="new-ref", placeholder="e.g. DDC-0042")
            yield Label("Guide")
            ids = [g.id for g in guides]
            yield Select(
                [(f"{g.title} ({g.id})", g.id) for g in guides],
                id="new-guide",
                allow_blank=False,
                value=self.guide_id if self.guide_id in ids else Select.NULL,
            )
            yield Label(
                f"Unit (the last case's, {self.unit}: Enter keeps it, typing replaces it)"
                if self.unit
                else "Unit (optional; reports group by it)"
            )
            yield Input(self.unit, id="new-unit")
            if self.assessor is None:
                yield Label("Your name, as assessor (asked once: kept in your config)")
                yield Input(id="new-assessor")
            yield Static(id="new-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        following = {"new-ref": "#new-unit", "new-unit": "#new-assessor"}.get(event.input.id or "")
        fields = self.query(following) if following else None
        if fields:
            fields.first(Input).focus()
        else:
            self.action_create()

    def action_create(self) -> None:
        ref = self.query_one("#new-ref", Input).value.strip()
        guide_id = self.query_one("#new-guide", Select).value
        unit = self.query_one("#new-unit", Input).value.strip()
        asked = self.query("#new-assessor")
        assessor = asked.first(Input).value.strip() if asked else self.assessor
        error = self.query_one("#new-error", Static)
        if not ref:
            error.update("A case reference is needed.")
            self.query_one("#new-ref", Input).focus()
            return
        try:
            casefile = new_case(self.folder, ref, catalogue().get(str(guide_id)), unit, assessor)
        except (ValueError, FileExistsError, OSError, GuideNotFound) as exc:
            error.update(str(exc))
            return
        if asked and assessor:
            self._remember_assessor(assessor)
        self.dismiss(casefile.path)

    def _remember_assessor(self, name: str) -> None:
        config = getattr(self.app, "config", None)
        try:
            remember("assessor", name)
        except OSError as exc:
            self.notify(f"Your name could not be kept in the config: {exc}", severity="warning")
        if config is not None:
            config.assessor = name
