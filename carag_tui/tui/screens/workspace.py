"""The workspace: the cases in a folder, filtered as you type; Enter opens one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from attrs import frozen
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.flow import Walk
from carag_tui.case.store import read_case_data
from carag_tui.case.workspace import case_files
from carag_tui.guide.registry import catalogue
from carag_tui.problems import ProblemsError
from carag_tui.qa.record import review_state

FILTER_PAUSE = 0.12  # seconds of no typing before the list is filtered


@frozen
class CaseRow:
    path: Path
    ref: str
    guide: str  # as shown: the guide's short name
    unit: str
    status: str
    answered: int
    applicable: int
    updated: str
    error: str | None = None
    guide_id: str = ""
    updated_at: datetime | None = None
    review: str = ""  # the review state (`carag_tui.qa.record.ReviewState`)
    clashes: tuple[str, ...] = ()  # answers a git merge left clashing (`case/clashes.py`)

    @property
    def awaiting_review(self) -> bool:
        return self.review in ("awaiting_review", "stale")

    @property
    def shown_status(self) -> str:
        """The status column: a git clash first, else the review state where it says more
        than the status does."""
        if self.clashes:
            return "clash"
        return REVIEW_SHOWN.get(self.review, self.status) if self.status != "excluded" \
            else self.status

    def matches(self, needle: str) -> bool:
        hay = (f"{self.ref} {self.guide_id or self.guide} {self.unit} {self.status} "
               f"{self.shown_status} {self.review} {self.path.name}").lower()
        return all(part in hay for part in needle.lower().split())


#: The review states shown in the status column (in progress shows the status itself).
REVIEW_SHOWN = {"awaiting_review": "to review", "approved": "approved", "stale": "stale",
                "returned": "returned"}


def read_row(path: Path) -> CaseRow:
    """One case as a row; a broken file becomes a row that says why."""
    try:
        case, data = read_case_data(path)
        guide = catalogue().get(case.guide)
    except ProblemsError as exc:
        return CaseRow(path, path.stem, "?", "", "error", 0, 0, "", str(exc.problems[0]))
    except KeyError as exc:
        return CaseRow(path, path.stem, "?", "", "error", 0, 0, "", exc.args[0])
    progress = Walk(guide, case.answers).progress()
    # Short cells, so the six columns fit 80 columns: the guide without its year where that
    # is unambiguous, and the day of the last change in local time.
    return CaseRow(path, case.case, catalogue().short_name(guide.id), case.unit or "",
                   str(case.status), progress.answered, progress.applicable,
                   f"{case.updated.astimezone():%d %b}", guide_id=guide.id,
                   updated_at=case.updated, review=str(review_state(case, data)),
                   clashes=tuple(sorted(clashed_ids(data))))


def progress_cell(row: CaseRow, width: int = 6) -> Text:
    if row.error:
        return Text("unreadable", style="bold")
    fraction = row.answered / row.applicable if row.applicable else 1.0
    filled = round(fraction * width)
    return Text.assemble(("█" * filled, "bold"), ("░" * (width - filled), "dim"),
                         f" {row.answered}/{row.applicable}")


class WorkspaceScreen(Screen[None]):
    CSS_PATH = "workspace.tcss"
    BINDINGS = [
        Binding("slash,f", "filter", "Filter", id="workspace_filter",
                tooltip="Type to filter by reference, guide, unit or status"),
        Binding("n", "new_case", "New case", id="workspace_new", tooltip="Create a new case"),
        Binding("r", "report", "Report", id="workspace_report",
                tooltip="The inspection results for this workspace"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="workspace_reload",
                tooltip="Read the folder again"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="workspace_clear",
                tooltip="Clear the filter and go back to the list"),
        Binding("v", "toggle_awaiting", "To review", id="workspace_awaiting",
                tooltip="Only the cases awaiting review (or with a stale approval), or all"),
        Binding("R", "review", "Review", show=False, id="workspace_review", key_display="R",
                tooltip="The reviewer's walk on the highlighted case"),
        Binding("q", "app.quit", "Quit", id="workspace_quit", tooltip="Quit carag"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.rows: list[CaseRow] = []
        self._shown: list[str] | None = None
        self._cell_cache: dict[Path, tuple[CaseRow, tuple[object, ...]]] = {}
        self._filter_timer: Timer | None = None
        self.only_awaiting = False  # `v`: only the cases awaiting review

    def compose(self) -> ComposeResult:
        yield Static(id="workspace-head")
        yield Input(placeholder="/ to filter: reference, guide, unit, status", id="filter")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Case", key="ref")
        table.add_column("Guide", key="guide")
        table.add_column("Unit", key="unit")
        table.add_column("Status", key="status")
        table.add_column("Progress", key="progress")
        table.add_column("Updated", key="updated")
        table.focus()
        self.reload()

    def reload(self) -> None:
        self.query_one("#workspace-head", Static).update(
            Text.assemble(("carag", "bold"), f" · workspace {self.folder}  (reading…)"))
        self._load()

    @work(thread=True, exclusive=True, group="workspace-load")
    def _load(self) -> None:
        worker = get_current_worker()
        rows = []
        for path in case_files([self.folder]) if self.folder.is_dir() else []:
            if worker.is_cancelled:
                return
            rows.append(read_row(path))
        self.app.call_from_thread(self._loaded, rows)

    def _loaded(self, rows: list[CaseRow]) -> None:
        self.rows = rows
        self._shown = None
        done = sum(1 for r in rows if r.status == "complete")
        broken = sum(1 for r in rows if r.error)
        awaiting = sum(1 for r in rows if r.awaiting_review)
        head = Text.assemble(("carag", "bold"), f" · {self.folder} · {len(rows)} cases, "
                             f"{done} complete" + (f", {awaiting} to review" if awaiting
                                                   else ""))
        if broken:
            head.append(f", {broken} unreadable (run carag check)", style="bold")
        clashed = sum(1 for r in rows if r.clashes)
        if clashed:
            head.append(f", {clashed} with a git clash (open to resolve)", style="bold")
        if not self.folder.is_dir():
            head.append(" · folder does not exist yet: press n to create the first case")
        self.query_one("#workspace-head", Static).update(head)
        self.apply_filter()

    def apply_filter(self) -> None:
        """Show the rows that match the filter; nothing is redrawn when the match is unchanged."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        needle = self.query_one("#filter", Input).value.strip()
        matching = [row for row in self.rows if (not needle or row.matches(needle))
                    and (not self.only_awaiting or row.awaiting_review)]
        keys = [str(row.path) for row in matching]
        table = self.query_one(DataTable)
        if keys != self._shown:
            self._shown = keys
            table.clear()
            for row, key in zip(matching, keys, strict=True):
                table.add_row(*self._cells(row), key=key)
        self.query_one("#status", Static).update(
            f"{len(keys)} of {len(self.rows)} shown" + (f" · filter: {needle}" if needle else "")
            + (" · awaiting review only (v shows all)" if self.only_awaiting else ""))

    def _cells(self, row: CaseRow) -> tuple[object, ...]:
        cells = self._cell_cache.get(row.path)
        if cells is None or cells[0] is not row:
            status = Text(row.shown_status,
                          style="bold" if row.status == "error" or row.review == "stale"
                          or row.clashes else "")
            cells = (row, (row.ref, row.guide, row.unit, status, progress_cell(row), row.updated))
            self._cell_cache[row.path] = cells
        return cells[1]

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        # Typing stays responsive on large workspaces: filter once the keys pause.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_PAUSE, self.apply_filter)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.apply_filter()
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.apply_filter()
        self.query_one(DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_toggle_awaiting(self) -> None:
        self.only_awaiting = not self.only_awaiting
        self.apply_filter()

    def action_review(self) -> None:
        """The reviewer's walk on the highlighted case (`carag review FILE`), then back."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        path = Path(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        from carag_tui.tui.screens.review import ReviewScreen

        reviewer = getattr(self.app, "config", None)
        self.app.push_screen(ReviewScreen([path], getattr(reviewer, "assessor", None) or ""),
                             lambda _: self.reload())

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        path = Path(str(event.row_key.value))
        row = next((r for r in self.rows if r.path == path), None)
        if row is not None and row.error:
            self.notify(row.error, title="Cannot open", severity="error", timeout=12)
            return
        self.open_case(path)

    def open_case(self, path: Path) -> None:
        from carag_tui.tui.screens.open_case import open_walk

        open_walk(self.app, path, on_done=lambda _: self.reload())

    def action_new_case(self) -> None:
        from carag_tui.tui.screens.new_case import NewCaseScreen

        # Cases come in runs of one guide and one unit: start from the last one worked on.
        readable = [row for row in self.rows if row.updated_at is not None]
        last = max(readable, key=lambda row: row.updated_at, default=None)
        self.app.push_screen(NewCaseScreen(self.folder, guide_id=last and last.guide_id,
                                           unit=last and last.unit), self._created)

    def _created(self, path: Path | None) -> None:
        if path is not None:
            self.reload()
            self.open_case(path)

    def action_report(self) -> None:
        from carag_tui.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.folder))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New case", "Create a case file in this workspace",
                            self.action_new_case)
        yield SystemCommand("Report", "Inspection results for this workspace", self.action_report)
        yield SystemCommand("Reload workspace", "Read the folder again", self.action_reload)
