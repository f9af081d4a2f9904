"""A case a git merge left with a clash, as the report and the workspace show it."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

CASE = "DEMO-UW-01.toml"
CLASH = (
    '\n[conflicts]\n"U1.1" = {ours = "yes", ours_by = "Bob", theirs = "no", theirs_by = "Alice"}\n'
)


def clashed_folder(tmp_path: Path, clash: bool = True) -> Path:
    folder = tmp_path / ("clashed" if clash else "clean")
    folder.mkdir()
    shutil.copy(REPO / "cases" / CASE, folder / CASE)
    if clash:
        (folder / CASE).write_text((folder / CASE).read_text() + CLASH)
    return folder


def u11(report: dict) -> dict:
    guide = next(g for g in report["guides"] if g["guide"] == "unpaid-work-2019")
    return next(q for q in guide["questions"] if q["id"] == "U1.1")


def test_a_clashed_answer_is_not_counted_and_the_case_is_listed(tmp_path, carag):
    clean = json.loads(carag("report", clashed_folder(tmp_path, False), "--format", "json").out)
    result = carag("report", clashed_folder(tmp_path), "--format", "json")
    clashed = json.loads(result.out)
    assert (u11(clean)["yes"], u11(clean)["unanswered"]) == (1, 0)
    assert (u11(clashed)["yes"], u11(clashed)["unanswered"]) == (0, 1)  # not counted
    guide = clashed["guides"][0]
    assert guide["needs_resolution"] == [
        {
            "path": str(tmp_path / "clashed" / CASE),
            "case": "DEMO-UW-01",
            "unit": "Cornwall",
            "clashed": ["U1.1"],
        }
    ]


def test_every_report_format_lists_the_case_needing_resolution(tmp_path, carag):
    folder = clashed_folder(tmp_path)
    for fmt, expected in (
        ("text", "Cases needing resolution (1): a git merge clash"),
        ("md", "### Cases needing resolution (1): a git merge clash"),
        ("html", "<h3>Cases needing resolution (1): a git merge clash</h3>"),
        ("csv", "Cases needing resolution (1): a git merge clash"),
    ):
        out = carag("report", folder, "--format", fmt).out
        assert expected in out, fmt
        assert (
            "DEMO-UW-01" in out.split("needing resolution")[1]
            and "U1.1" in out.split("needing resolution")[1]
        ), fmt


async def test_the_workspace_shows_a_clash_as_the_case_status(tmp_path):
    from carag_tui.tui.app import make_app
    from carag_tui.tui.widgets.case_list import CaseList

    folder = clashed_folder(tmp_path)
    shutil.copy(REPO / "cases" / "DEMO-UW-02.toml", folder / "DEMO-UW-02.toml")
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(CaseList)
        statuses = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[3]) for i in range(table.row_count)
        }
        assert statuses["DEMO-UW-01"] == "clash" and statuses["DEMO-UW-02"] != "clash"
        head = str(app.screen.query_one("#workspace-head").render())
        assert "1 with a git clash (open to resolve)" in head


def test_a_clash_on_a_header_field_is_resolved_by_the_same_operation(tmp_path):
    from carag_tui.case.session import CaseSession

    folder = clashed_folder(tmp_path, clash=False)
    text = (folder / CASE).read_text() + (
        '\n[conflicts]\nunit = {ours = "Cornwall", ours_by = "Bob", theirs = "Devon", '
        'theirs_by = "Alice"}\n"U1.1" = {ours = "yes", theirs = "no"}\n'
    )
    (folder / CASE).write_text(text)
    session = CaseSession(folder / CASE)
    assert [c.id for c in session.clashes()] == ["unit", "U1.1"]
    assert session.resolve_clash("unit", "theirs").saved
    assert [c.id for c in session.clashes()] == ["U1.1"]
    session.close()
    after = tomllib.loads((folder / CASE).read_text())
    assert after["unit"] == "Devon" and list(after["conflicts"]) == ["U1.1"]
    assert 'unit = "Devon" # ' in (folder / CASE).read_text()  # its comment kept
    session = CaseSession(folder / CASE)
    with pytest.raises(ValueError, match="no clash is recorded for it any more"):
        session.resolve_clash("unit", "ours")
    session.close()


def test_a_clash_from_a_hostile_file_is_shown_escaped_in_plain_mode(tmp_path):
    import io

    from carag_tui.plain import run_plain
    from tests.support import Script

    folder = clashed_folder(tmp_path, clash=False)
    (folder / CASE).write_text(
        (folder / CASE).read_text()
        + ('\n[conflicts]\n"U1.1" = {ours = "yes", ours_by = "\\u001b[2JEvil", theirs = "no"}\n')
    )
    out = io.StringIO()
    run_plain(folder / CASE, stdin=Script(["", "quit"]), stdout=out)
    assert "\x1b" not in out.getvalue() and "\\x1b[2JEvil" in out.getvalue()


def test_export_leaves_a_clashed_answer_out_and_names_it(tmp_path, carag):
    import csv
    import io

    clean = list(csv.DictReader(io.StringIO(carag("export", clashed_folder(tmp_path, False)).out)))
    rows = list(csv.DictReader(io.StringIO(carag("export", clashed_folder(tmp_path)).out)))
    assert (clean[0]["U1.1"], clean[0]["clashes"]) == ("yes", "")
    assert (rows[0]["U1.1"], rows[0]["clashes"]) == ("", "U1.1")
    assert rows[0]["U1.2"] == clean[0]["U1.2"] != ""  # the rest of the case as it was
