"""A new case: reference, guide and unit (`n` in the workspace)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from carag_tui.case.editing import new_case
from carag_tui.guide.registry import catalogue


class NewCaseScreen(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    NewCaseScreen { align: center middle; }
    NewCaseScreen > Vertical {
        width: 72; height: auto; border: thick $accent; padding: 0 1; background: $surface;
    }
    NewCaseScreen #new-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="new_cancel"),
        Binding("ctrl+s", "create", "Create", id="new_create", tooltip="Create the case"),
    ]

    def __init__(self, folder: Path, *, guide_id: str | None = None,
                 unit: str | None = None) -> None:
        """`guide_id` and `unit` are filled in to start with (the last case's, say)."""
        super().__init__()
        self.folder = folder
        self.guide_id = guide_id
        self.unit = unit or ""

    def compose(self) -> ComposeResult:
        guides = sorted(catalogue().guides.values(), key=lambda g: g.id)
        with Vertical() as box:
            box.border_title = "New case — Tab moves, Enter creates, Esc cancels"
            yield Label("Case reference (no names of service users)")
            yield Input(id="new-ref", placeholder="e.g. DDC-0042")
            yield Label("Guide")
            ids = [g.id for g in guides]
            yield Select([(f"{g.title} ({g.id})", g.id) for g in guides], id="new-guide",
                         allow_blank=False,
                         value=self.guide_id if self.guide_id in ids else Select.NULL)
            yield Label("Unit (optional; reports group by it)")
            yield Input(self.unit, id="new-unit")
            yield Static(id="new-error")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_create()

    def action_create(self) -> None:
        ref = self.query_one("#new-ref", Input).value.strip()
        guide_id = self.query_one("#new-guide", Select).value
        unit = self.query_one("#new-unit", Input).value.strip()
        error = self.query_one("#new-error", Static)
        if not ref:
            error.update("A case reference is needed.")
            self.query_one("#new-ref", Input).focus()
            return
        config = getattr(self.app, "config", None)
        try:
            casefile = new_case(self.folder, ref, catalogue().get(str(guide_id)), unit,
                                getattr(config, "assessor", None))
        except (ValueError, FileExistsError, OSError, KeyError) as exc:
            error.update(str(exc))
            return
        self.dismiss(casefile.path)
