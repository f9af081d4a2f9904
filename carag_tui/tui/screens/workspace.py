"""The workspace: the cases in a folder, shown as they are read, filtered as you type.

Rows come from the workspace index (`carag_tui.case.index`) where a file is unchanged since it
was last read, else from the file itself, in path order, and are handed to the list in batches
while the folder is still being read: the first screenful shows at once at any size, the
header counts the rows read, and typing and moving go on meanwhile. Enter opens a case.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from time import monotonic

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from carag_tui.case.index import WorkspaceIndex
from carag_tui.case.summary import REVIEW_SHOWN, CaseSummary
from carag_tui.guide.registry import catalogue
from carag_tui.safetext import visible
from carag_tui.tui.widgets.case_list import CaseList, Cell

FILTER_PAUSE = 0.12  # seconds of no typing before the list is filtered
BATCH_SECONDS = 0.05  # while reading, rows reach the list at most this often
#: ... and this often once a screenful is shown: each batch costs the event loop (and the
#: reading thread, which shares the interpreter) a few milliseconds, whatever its size.
FULL_BATCH_SECONDS = 0.25
COLUMNS = ("Case", "Guide", "Unit", "Status", "Progress", "Updated")

#: A workspace row (the case file's summary, `carag_tui.case.summary`).
CaseRow = CaseSummary

__all__ = ["REVIEW_SHOWN", "CaseRow", "WorkspaceScreen", "progress_cell"]


def progress_cell(row: CaseRow, width: int = 6) -> Text:
    if row.error:
        return Text("unreadable", style="bold")
    fraction = row.answered / row.applicable if row.applicable else 1.0
    filled = round(fraction * width)
    return Text.assemble(
        ("█" * filled, "bold"), ("░" * (width - filled), "dim"), f" {row.answered}/{row.applicable}"
    )


class WorkspaceScreen(Screen[None]):
    CSS_PATH = "workspace.tcss"
    BINDINGS = [
        Binding(
            "slash,f",
            "filter",
            "Filter",
            id="workspace_filter",
            tooltip="Type to filter by reference, guide, unit or status",
        ),
        Binding("n", "new_case", "New case", id="workspace_new", tooltip="Create a new case"),
        Binding(
            "r",
            "report",
            "Report",
            id="workspace_report",
            tooltip="The inspection results for this workspace",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            show=False,
            id="workspace_reload",
            tooltip="Read the folder again",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="workspace_clear",
            tooltip="Clear the filter and go back to the list",
        ),
        Binding(
            "v",
            "toggle_awaiting",
            "To review",
            id="workspace_awaiting",
            tooltip="Only the cases awaiting review (or with a stale approval), or all",
        ),
        Binding(
            "R",
            "review",
            "Review",
            show=False,
            id="workspace_review",
            key_display="R",
            tooltip="The reviewer's walk on the highlighted case",
        ),
        Binding("q", "app.quit", "Quit", id="workspace_quit", tooltip="Quit carag"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.rows: list[CaseRow] = []  # every row read, in path order
        self.shown: list[CaseRow] = []  # those that match the filter (the list's own rows)
        self.reading = False
        self._expected = 0  # rows the index held last time: "of about N" while reading
        self._generation = 0  # which reload a worker's end belongs to
        self._incoming: deque[CaseRow] = deque()  # rows read, not yet taken (thread-safe)
        self._drain_timer: Timer | None = None
        self._drained = 0.0  # when rows last reached the list (monotonic seconds)
        self._status_text = ""
        self._guides: dict[str, str] = {}
        self._filter_timer: Timer | None = None
        self.only_awaiting = False  # `v`: only the cases awaiting review

    def compose(self) -> ComposeResult:
        yield Static(id="workspace-head")
        yield Input(placeholder="/ to filter: reference, guide, unit, status", id="filter")
        yield CaseList(COLUMNS, self._cells, id="cases")
        yield Static(id="status")
        yield Footer(compact=True)

    @property
    def case_list(self) -> CaseList:
        return self.query_one(CaseList)

    def on_mount(self) -> None:
        self.case_list.focus()
        self.reload()

    def reload(self) -> None:
        """Read the folder again: the list empties and fills as the rows come."""
        self._generation += 1
        self.rows, self.shown, self.reading, self._expected = [], [], True, 0
        self._incoming = deque()
        self.case_list.set_rows(self.shown)
        self._show_head()
        if self._drain_timer is None:
            self._drain_timer = self.set_interval(BATCH_SECONDS, self._drain)
        self._load(self._generation, self._incoming)

    @work(thread=True, exclusive=True, group="workspace-load")
    def _load(self, generation: int, incoming: deque[CaseRow]) -> None:
        """Read the rows into `incoming` (the screen takes them from there as they come)."""
        worker = get_current_worker()
        index = None
        if self.folder.is_dir():
            index = WorkspaceIndex(self.folder).load()
            self._expected = index.stored_count
            for row in index.summaries(cancelled=lambda: worker.is_cancelled):
                incoming.append(row)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._done, generation)
            if index is not None:
                index.save()

    def _drain(self, *, every: bool = False) -> None:
        """Rows read since the last look: kept, and shown at the end of the list if they
        match (they come in path order, so the list stays sorted)."""
        incoming = self._incoming
        if not incoming:
            return
        now = monotonic()
        if (
            not every
            and self.reading
            and now - self._drained < FULL_BATCH_SECONDS
            and len(self.shown) > self.case_list.scrollable_content_region.height
        ):
            return  # the screen is full: the rows wait a little longer, in bigger batches
        self._drained = now
        batch = [incoming.popleft() for _ in range(len(incoming))]
        self.rows.extend(batch)
        needle = self.query_one("#filter", Input).value.strip()
        case_list = self.case_list
        case_list.fit([max(column) for column in zip(*map(self._widths, batch), strict=True)])
        case_list.add_rows([row for row in batch if self._matches(row, needle)])
        self._show_head()
        self._show_status(needle)

    def _done(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._drain(every=True)
        self.reading = False
        if self._drain_timer is not None:
            self._drain_timer.stop()
            self._drain_timer = None
        self._show_head()
        self.apply_filter()

    def _show_head(self) -> None:
        head = Text.assemble(("carag", "bold"), f" · {visible(str(self.folder), lines=False)}")
        rows = self.rows
        if self.reading:
            about = f" of about {self._expected:,}" if self._expected > len(rows) else ""
            head.append(f" · reading… {len(rows):,} cases{about}")
            self.query_one("#workspace-head", Static).update(head, layout=False)  # one line
            return  # the counts once every row is in: no pass over all rows at each batch
        else:
            done = sum(1 for r in rows if r.status == "complete")
            awaiting = sum(1 for r in rows if r.awaiting_review)
            head.append(
                f" · {len(rows)} cases, {done} complete"
                + (f", {awaiting} to review" if awaiting else "")
            )
        broken = sum(1 for r in rows if r.error)
        if broken:
            head.append(f", {broken} unreadable (run carag check)", style="bold")
        clashed = sum(1 for r in rows if r.clashes)
        if clashed:
            head.append(f", {clashed} with a git clash (open to resolve)", style="bold")
        if not self.reading and not self.folder.is_dir():
            head.append(" · folder does not exist yet: press n to create the first case")
        self.query_one("#workspace-head", Static).update(head, layout=False)

    def _matches(self, row: CaseRow, needle: str) -> bool:
        return (not needle or row.matches(needle)) and (
            not self.only_awaiting or row.awaiting_review
        )

    def apply_filter(self) -> None:
        """Show the rows that match the filter; nothing is redrawn when the match is unchanged."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        needle = self.query_one("#filter", Input).value.strip()
        matching = [row for row in self.rows if self._matches(row, needle)]
        if len(matching) != len(self.shown) or any(
            a is not b for a, b in zip(matching, self.shown, strict=True)
        ):
            self.shown = matching
            self.case_list.set_rows(matching)
        self._show_status(needle)

    def _show_status(self, needle: str) -> None:
        if not self.rows and not self.reading:
            self._set_status(
                "No cases here yet: press n to start one (or run `carag demo` for examples)."
            )
            return
        self._set_status(
            f"{len(self.shown)} of {len(self.rows)} shown"
            + (f" · filter: {visible(needle, lines=False)}" if needle else "")
            + (" · awaiting review only (v shows all)" if self.only_awaiting else "")
            + (" · reading…" if self.reading else "")
        )

    def _set_status(self, text: str) -> None:
        """The status line, laid out again only when it may wrap (or did)."""
        status = self.query_one("#status", Static)
        wraps = max(len(text), len(self._status_text)) >= status.size.width
        self._status_text = text
        status.update(text, layout=wraps)

    def _guide_name(self, guide_id: str) -> str:
        """The guide without its year where that is unambiguous (six columns fit 80)."""
        name = self._guides.get(guide_id)
        if name is None:
            name = self._guides[guide_id] = catalogue().short_name(guide_id) if guide_id else "?"
        return name

    def _cells(self, row: CaseRow) -> Sequence[Cell]:
        """A row's cells, made as it is drawn: the day of the last change in local time."""
        status = Text(
            row.shown_status,
            style="bold" if row.status == "error" or row.review == "stale" or row.clashes else "",
        )
        updated = f"{row.updated_at.astimezone():%d %b}" if row.updated_at else ""
        return (
            row.ref,
            self._guide_name(row.guide_id),
            row.unit,
            status,
            progress_cell(row),
            updated,
        )

    def _widths(self, row: CaseRow) -> tuple[int, ...]:
        progress = 10 if row.error else 8 + len(str(row.answered)) + len(str(row.applicable))
        return (
            len(row.ref),
            len(self._guide_name(row.guide_id)),
            len(row.unit),
            len(row.shown_status),
            progress,
            6 if row.updated_at else 0,
        )

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        # Typing stays responsive on large workspaces: filter once the keys pause.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_PAUSE, self.apply_filter)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.apply_filter()
        self.case_list.focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.apply_filter()
        self.case_list.focus()

    def action_reload(self) -> None:
        self.reload()

    def action_toggle_awaiting(self) -> None:
        self.only_awaiting = not self.only_awaiting
        self.apply_filter()

    def action_review(self) -> None:
        """The reviewer's walk on the highlighted case (`carag review FILE`), then back."""
        row = self.case_list.highlighted
        if row is None:
            return
        from carag_tui.tui.screens.review import ReviewScreen

        reviewer = getattr(self.app, "config", None)
        self.app.push_screen(
            ReviewScreen([row.path], getattr(reviewer, "assessor", None) or ""),
            lambda _: self.reload(),
        )

    @on(CaseList.Selected)
    def _open(self, event: CaseList.Selected) -> None:
        row: CaseRow = event.row
        if row.error:
            self.notify(visible(row.error), title="Cannot open", severity="error", timeout=12)
            return
        self.open_case(row.path)

    def open_case(self, path: Path) -> None:
        from carag_tui.tui.screens.open_case import open_walk

        open_walk(self.app, path, on_done=self._walk_done)

    def _walk_done(self, next_case: tuple[str, str] | None) -> None:
        """Back from a case; `N` in its overview: the next case, from its guide and unit."""
        self.reload()
        if next_case is not None:
            self.new_case(*next_case)

    def action_new_case(self) -> None:
        # Cases come in runs of one guide and one unit: start from the last one worked on.
        dated = [(row.updated_at, row) for row in self.rows if row.updated_at is not None]
        last = max(dated, key=lambda pair: pair[0])[1] if dated else None
        self.new_case(last.guide_id if last else None, last.unit if last else None)

    def new_case(self, guide_id: str | None, unit: str | None) -> None:
        from carag_tui.tui.screens.new_case import NewCaseScreen

        self.app.push_screen(
            NewCaseScreen(self.folder, guide_id=guide_id, unit=unit), self._created
        )

    def _created(self, path: Path | None) -> None:
        if path is not None:
            self.reload()
            self.open_case(path)

    def action_report(self) -> None:
        from carag_tui.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.folder))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New case", "Create a case file in this workspace", self.action_new_case
        )
        yield SystemCommand("Report", "Inspection results for this workspace", self.action_report)
        yield SystemCommand("Reload workspace", "Read the folder again", self.action_reload)
