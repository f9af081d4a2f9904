"""Every report format from the same small workspace: text, md, csv, json, html, -o FILE."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import write_raw

from carag_tui.cli import main
from carag_tui.guide.registry import catalogue

TTG = "through-the-gate-2019"
CS = "case-supervision-2019"
YOUTH = "youth-resettlement-2022"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "carag-home"))
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


@pytest.fixture
def workspace(tmp_path) -> Path:
    """TTG 13/16, 12/16, 11/16 over three units; a risk sub-sample; youth; one broken file."""
    root = tmp_path / "ws"
    units = ["Dorset", "Devon", "Cornwall"]
    for i in range(16):
        write_raw(
            root / "ttg",
            f"TTG-{i:02d}",
            TTG,
            {
                "T1S": "yes" if i < 13 else "no",
                "T2S": "yes" if i < 12 else "no",
                "T3S": "yes" if i < 11 else "no",
                "T2.3": ["yes", "no", "na"][i % 3],
                "T1.1": "yes",
            },
            unit=units[i % 3],
            status="complete" if i else "in_progress",
        )
    for i in range(4):
        subsample = (
            {"A3.12": "medium", "harm_subsample": "yes"}
            if i < 3
            else {"A3.12": "low", "A3.2": "no", "A3.4": "no", "harm_subsample": "no"}
        )
        write_raw(
            root / "cs",
            f"CS-{i}",
            CS,
            {**subsample, "A1S": "yes" if i < 2 else "no", "P3S": "yes" if i else "no"},
            unit=units[i % 3],
        )
    write_raw(root / "cs", "CS-X", CS, {"A1S": "no"}, status="excluded")
    write_raw(root / "youth", "YR-1", YOUTH, {"C1": "no", "RW1": "yes", "RW3": "no"})
    (root / "broken.toml").write_text("format = [\n", encoding="utf-8")
    (root / "inspection.toml").write_text(
        'provider = "Example | CRC"\nfieldwork = 2019-05-13\n', encoding="utf-8"
    )
    return root


def report(capsys, workspace: Path, fmt: str, *extra: str) -> str:
    code = main(["report", str(workspace), "--format", fmt, *extra])
    out, _ = capsys.readouterr()
    assert code == 1  # the broken file
    return out


def test_text_fits_80_columns(capsys, workspace):
    out = report(capsys, workspace, "text", "--by", "unit")
    long = [line for line in out.splitlines() if len(line) > 80 and str(workspace) not in line]
    assert long == []
    assert "Example | CRC, fieldwork 2019-05-13" in out
    assert "4.2 Through the Gate" in out and "Good" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("4.2.1"))
    assert "13/16" in row and "81%" in row and "[########--]" in row
    assert "sub-sample: 3 of 4 cases" in out
    assert "Incomplete cases" in out and "TTG-00" in out
    assert "broken.toml" in out
    assert "RW1" in out  # youth: question counts instead of a score


def test_markdown_tables_are_well_formed(capsys, workspace):
    out = report(capsys, workspace, "md", "--by", "unit")
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*out.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) >= 5
    for table in tables:
        widths = {len(_md_cells(row)) for row in table}
        assert len(widths) == 1, table
        assert set(table[1].replace("|", "").replace(":", "")) == {"-"}
    annex = next(t for t in tables if "4.2.1" in "".join(t))
    assert _md_cells(annex[0]) == [
        "Standard/Key question",
        "Rating/% yes",
        "Yes/cases",
        "80% interval",
        "Cornwall",
        "Devon",
        "Dorset",
    ]
    row = next(_md_cells(r) for r in annex if "4.2.1" in r)
    assert row[1:4] == ["81%", "13/16", "66.1–90.6"]  # statsmodels: 66.1, 90.6
    standard_row = next(_md_cells(r) for r in annex if "Through the Gate**" in r)
    assert standard_row[1] == "**Good**"
    assert "Example | CRC, fieldwork 2019-05-13" in out


def _md_cells(row: str) -> list[str]:
    cells, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def test_csv_one_row_per_key_question(capsys, workspace):
    out = report(capsys, workspace, "csv", "--by", "unit")
    rows = list(csv.DictReader(io.StringIO(out)))
    ttg = [r for r in rows if r["guide"] == TTG]
    assert [(r["key_question_number"], r["yes"], r["applicable"], r["percent"]) for r in ttg] == [
        ("4.2.1", "13", "16", "81"),
        ("4.2.2", "12", "16", "75"),
        ("4.2.3", "11", "16", "69"),
    ]
    assert {r["standard_rating"] for r in ttg} == {"Good"}
    assert ttg[0]["unit=Dorset yes"] == "5" and ttg[0]["unit=Dorset applicable"] == "6"
    cs = [r for r in rows if r["guide"] == CS]
    assert len(cs) == 12
    p3 = next(r for r in cs if r["key_question_number"] == "2.2.3")
    assert (p3["yes"], p3["applicable"], p3["not_applicable"], p3["percent"]) == (
        "2",
        "3",
        "1",
        "67",
    )
    youth = [r for r in rows if r["guide"] == YOUTH]
    assert youth and all(r["question_id"] for r in youth)


def test_json_shape(capsys, workspace):
    data = json.loads(report(capsys, workspace, "json", "--by", "unit"))
    assert set(data) >= {"guides", "errors", "provider_rating"}
    assert data["provider_rating"] is not None  # an inspection file is there
    assert data["provider_rating"]["rating"] is None
    guides = {g["guide"]: g for g in data["guides"]}
    assert list(guides) == [CS, TTG, YOUTH]  # framework order
    cs = guides[CS]
    assert (cs["cases"], cs["excluded"]) == (5, 1)
    for guide in data["guides"]:
        assert set(guide) >= {
            "guide",
            "cases",
            "excluded",
            "standards",
            "groups",
            "questions",
            "incomplete",
        }
        for standard in guide["standards"]:
            assert set(standard) >= {"id", "number", "title", "rating", "key_questions"}
            assert standard["rating"] in (
                None,
                "outstanding",
                "good",
                "requires_improvement",
                "inadequate",
            )
            for kq in standard["key_questions"]:
                assert set(kq) >= {
                    "id",
                    "number",
                    "question",
                    "yes",
                    "applicable",
                    "unanswered",
                    "percent",
                }
    ttg = guides[TTG]
    t1 = ttg["standards"][0]["key_questions"][0]
    assert (t1["yes"], t1["applicable"], t1["percent"]) == (13, 16, 81)
    assert ttg["standards"][0]["rating"] == "good"
    assert t1["groups"]["Dorset"] == {"yes": 5, "applicable": 6, "unanswered": 0, "percent": 83}
    assert ttg["groups"] == {"Cornwall": 5, "Devon": 5, "Dorset": 6}
    t23 = next(q for q in ttg["questions"] if q["id"] == "T2.3")
    assert (t23["yes"], t23["no"], t23["na"]) == (6, 5, 5)
    assert [c["case"] for c in ttg["incomplete"]][:1] == ["TTG-00"]
    assert [Path(e["path"]).name for e in data["errors"]] == ["broken.toml"]


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "link", "img", "input", "hr", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def test_html_is_self_contained_and_balanced(capsys, workspace, tmp_path):
    target = tmp_path / "report.html"
    code = main(["report", str(workspace), "--format", "html", "--by", "unit", "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "broken.toml" in err
    html = target.read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    tags = {t for t, _ in checker.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert "@media print" in checker.style
    bars = [a for t, a in checker.tags if t == "span" and "fill" in (a.get("class") or "")]
    classes = {a["class"] for a in bars}
    assert "fill band-outstanding" in classes and "fill band-good" in classes
    assert any(a.get("style") == "width:81%" for a in bars)
    assert "Example | CRC" in html and "<title>Inspection results: Example | CRC</title>" in html


def test_text_to_file(capsys, workspace, tmp_path):
    target = tmp_path / "r.txt"
    code = main(["report", str(workspace), "-o", str(target), "--guide", TTG])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and f"wrote {target}" in err
    assert "4.2.1" in target.read_text(encoding="utf-8")
