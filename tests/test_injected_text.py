"""Text from files never drives a spreadsheet: CSV cells that start like a formula are
neutralised (OWASP), numbers stay numbers; `export -o` is private and replaces its file whole."""

from __future__ import annotations

import csv
import io

from carag_tui.case.editing import new_case
from carag_tui.safetext import csv_cell, visible


def test_visible_escapes_c0_and_c1_controls_and_keeps_lines():
    assert visible("a\x1b[31mred\x07\x9bJ") == "a\\x1b[31mred\\x07\\x9bJ"
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\ntwo", lines=False) == "one\\x0atwo"
    assert visible("\u202eevil") == "\\u202eevil"


def test_csv_cells_that_look_like_formulas_are_neutralised_numbers_stay():
    assert [csv_cell(v) for v in ["=1+2", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "ok", 3, -4]] == [
        "'=1+2",
        "'+1",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        3,
        -4,
    ]


def test_export_neutralises_formulas_and_writes_a_private_file(tmp_path, guides, carag):
    guide = guides["unpaid-work-2019"]
    path = new_case(tmp_path, "CSV-1", guide, '=HYPERLINK("http://x","y")', "@evil").path
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    out.write_text("previous export\n", encoding="utf-8")
    out.chmod(0o644)
    result = carag("export", path.parent, "-o", out)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["unit"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["assessor"] == "'@evil"
    assert out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["export.csv"]
