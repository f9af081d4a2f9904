"""The case's details, corrected in the walk (`d`): reference, unit and assessor."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from carag_tui.case.details import DETAILS, LABELS, current, set_detail
from carag_tui.case.session import CaseSession


class DetailsScreen(ModalScreen[str | None]):
    """Enter moves to the next field and saves from the last; Esc leaves them as they were.
    Dismissed with what changed, in words."""

    CSS_PATH = "details.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="details_cancel"),
        Binding("ctrl+s", "save", "Save", id="details_save", tooltip="Save the details"),
    ]
    AUTO_FOCUS = "#detail-unit"

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Case details — Enter moves on and saves, Esc cancels"
            for name in DETAILS:
                hint = " (renames the file)" if name == "reference" else ""
                yield Label(LABELS[name] + hint)
                yield Input(current(self.session, name), id=f"detail-{name}")
            yield Static(id="details-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        names = list(DETAILS)
        index = names.index((event.input.id or "").removeprefix("detail-"))
        if index + 1 < len(names):
            self.query_one(f"#detail-{names[index + 1]}", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        said = []
        try:
            for name in sorted(DETAILS, key=lambda n: n == "reference"):  # renamed last
                value = self.query_one(f"#detail-{name}", Input).value
                said.append(set_detail(self.session, name, value))
                if name != "reference":
                    saved = self.session.save()
                    if not saved.saved:
                        raise OSError(saved.message)
        except (ValueError, FileExistsError, OSError) as exc:
            self.query_one("#details-error", Static).update(str(exc))
            return
        self.dismiss(" · ".join(s for s in said if s) or "The details are unchanged.")
