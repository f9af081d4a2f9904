"""The inspection results for the open workspace: the annex table with bars and ratings."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from carag_tui.report import GuideResult, KeyQuestionResult, Rating, Report, build_report
from carag_tui.report.view import (
    case_summary,
    errors_heading,
    guide_heading,
    incomplete_heading,
    interval_text,
    provider_line,
)

#: Rating colours use the terminal's basic colours, so they hold in 16-colour terminals; the
#: rating is always written out too, never shown by colour alone.
RATING_STYLE: dict[Rating | None, str] = {
    Rating.OUTSTANDING: "green",
    Rating.GOOD: "blue",
    Rating.REQUIRES_IMPROVEMENT: "yellow",
    Rating.INADEQUATE: "red",
}
BAR = 12


def bar(percent: int | None, rating: Rating | None) -> Text:
    if percent is None:
        return Text("—", style="dim")
    filled = round(percent * BAR / 100)
    return Text.assemble(
        ("█" * filled, RATING_STYLE.get(rating, "")), ("░" * (BAR - filled), "dim")
    )


def rating_text(rating: Rating | None) -> Text:
    if rating is None:
        return Text("not rated", style="dim")
    return Text(rating.label, style=f"bold {RATING_STYLE[rating]}")


def guide_table(result: GuideResult, by: str | None) -> Table:
    """One guide's annex: standards with their rating, key questions with bars."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column("", no_wrap=True, width=6)
    # Key questions often differ only at their end ("Does assessment focus sufficiently on
    # …"), so their text wraps rather than being cut.
    table.add_column("Standard / key question", ratio=1, overflow="fold")
    table.add_column("yes/n", justify="right", no_wrap=True)
    table.add_column(f"% ({result.confidence:g}% int.)", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, width=BAR)
    groups = list(result.groups) if by else []
    for group in groups:
        table.add_column(group[:10], justify="right", no_wrap=True)
    for standard in result.standards:
        title = Text(standard.title, style="bold")
        if standard.rated:
            title.append(" · ")
            title.append_text(rating_text(standard.rating))
            if standard.rating_certain is False:
                title.append(" (not certain)", style="italic")
        table.add_row(
            Text(standard.number or "", style="bold"), title, "", "", "", *["" for _ in groups]
        )
        for kq in standard.key_questions:
            if not kq.scored:
                continue
            label = kq.text + (" (sub-sample)" if kq.subsample else "")
            cells = [kq.groups.get(g) for g in groups]
            table.add_row(
                kq.number or kq.id,
                label,
                f"{kq.yes}/{kq.applicable}",
                percent_with_interval(kq),
                bar(kq.percent, kq.rating),
                *[
                    Text(
                        "—" if c is None or c.percent is None else f"{c.percent}%",
                        style=RATING_STYLE.get(c.rating, "") if c else "",
                    )
                    for c in cells
                ],
            )
    return table


def percent_with_interval(kq: KeyQuestionResult) -> Text:
    """`65% (58–72)`, with `~` when the interval reaches another band."""
    if kq.percent is None:
        return Text("—")
    text = Text(f"{kq.percent}% ({interval_text(kq)})")
    if kq.near_band:
        text.append("~", style="bold")
    return text


def report_renderable(report: Report) -> Group:
    parts: list[Text | Table] = []
    if not report.guides:
        parts.append(Text("No case files here yet.", style="italic"))
    for result in report.guides:  # the words are report/view.py's, as in every format
        head = Text.assemble((guide_heading(result), "bold underline"), "\n", case_summary(result))
        if result.incomplete:
            head.append(
                f"\n{incomplete_heading(result)}: "
                + ", ".join(c.case for c in result.incomplete[:8])
                + (" …" if len(result.incomplete) > 8 else ""),
                style="italic",
            )
        parts.extend([head, guide_table(result, report.by), Text("")])
    if report.provider is not None:
        parts.append(Text(provider_line(report.provider), style="bold"))
    if report.errors:
        parts.append(Text(f"{errors_heading(report)}:", style="bold"))
        parts.extend(Text(f"  {e.error}", style="red") for e in report.errors[:10])
    return Group(*parts)


class ReportScreen(Screen[None]):
    """Recomputed whenever it is shown, so it follows cases as they are completed."""

    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="report_close"),
        Binding(
            "u",
            "toggle_units",
            "By unit",
            id="report_by_unit",
            tooltip="Add a column per unit (grouping label of the cases)",
        ),
        Binding(
            "ctrl+r",
            "refresh_report",
            "Refresh",
            id="report_refresh",
            tooltip="Read the case files again",
        ),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.by: str | None = "unit"
        self.last_report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="report-head")
        with VerticalScroll(id="report-scroll"):
            yield Static("Reading the case files…", id="report-body")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        self.action_refresh_report()

    def action_toggle_units(self) -> None:
        self.by = None if self.by else "unit"
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        self.query_one("#report-head", Static).update(
            f"Inspection results · {self.folder} · reading…"
        )
        self._build()

    @work(thread=True, exclusive=True, group="report")
    def _build(self) -> None:
        report = build_report([self.folder], by=self.by)
        self.app.call_from_thread(self._show, report)

    def _show(self, report: Report) -> None:
        self.last_report = report
        self.query_one("#report-head", Static).update(
            f"Inspection results · {self.folder} · {report.files} files"
            + (f" · by {report.by}" if report.by else "")
        )
        self.query_one("#report-body", Static).update(report_renderable(report))
