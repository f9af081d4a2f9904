"""The HTML report printed by a real browser: headless Chromium (Debian's `chromium`) prints it
to PDF; the pages must be A4, numbered, and nothing may run past the page's width.

`.ci/run` installs chromium and poppler-utils when missing; where they cannot be had, these
tests skip and say why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from carag_tui.cli import main
from carag_tui.guide.registry import catalogue
from tests.test_report_certainty import write_cases

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFINFO = shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or PDFINFO is None,
    reason="headless Chromium and pdfinfo (Debian: apt-get install chromium poppler-utils) "
    "are needed to print the report; .ci/run installs them",
)

#: A4 less the @page side margins (14 mm each), in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round((210 - 28) / 25.4 * 96)

CHECK = """<script>
const limit = document.documentElement.clientWidth;
let worst = 0, what = "";
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  if (r.width && r.right > worst) { worst = r.right; what = el.tagName + "." + el.className; }
}
const out = document.createElement("pre");
out.id = "overflow-check";
const scroll = document.documentElement.scrollWidth;
out.textContent = `right=${worst} limit=${limit} scroll=${scroll} ${what}`;
document.body.appendChild(out);
</script>"""


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "carag-home"))
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


def chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={cwd / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("print")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARAG_HOME", str(root / "home"))
        catalogue.cache_clear()
        cases = write_cases(root / "cases", status="in_progress")
        html = root / "report.html"
        assert (
            main(["report", str(cases), "--by", "unit", "--format", "html", "-o", str(html)]) == 0
        )
        catalogue.cache_clear()
    pdf = root / "report.pdf"
    result = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri(), cwd=root)
    assert pdf.exists(), result.stderr
    return html, pdf


def test_printed_report_is_a4_with_numbered_pages(printed):
    _html, pdf = printed
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2  # 16 cases, the prompt questions and the incomplete cases
    assert "(A4)" in re.search(r"^Page size:.*$", info, re.M).group(0)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=False
    ).stdout
    text = " ".join(text.split())
    if text:
        assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
        assert "DRAFT — 16 cases incomplete" in text
        assert "no inspection.toml" in text
        assert "80% interval" in text


def test_nothing_runs_past_the_page_width(printed, tmp_path):
    html, _ = printed
    page = tmp_path / "check.html"
    # the print rules applied on screen, at the printable width of an A4 page
    text = html.read_text(encoding="utf-8").replace("@media print", "@media all")
    page.write_text(text.replace("</body>", CHECK + "</body>"), encoding="utf-8")
    result = chromium(
        f"--window-size={PRINTABLE_WIDTH},1100",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
        cwd=tmp_path,
    )
    found = re.search(r"right=([\d.]+) limit=(\d+) scroll=(\d+) (\S*)", result.stdout)
    assert found, result.stderr[-2000:]
    right, limit, scroll = float(found.group(1)), int(found.group(2)), int(found.group(3))
    assert right <= limit + 0.5, f"{found.group(4)} ends at {right}px of {limit}px"
    assert scroll <= limit


def test_one_case_prints_as_an_a4_sheet(tmp_path, capsys):
    cases = write_cases(tmp_path / "cases", total=2)
    assert main(["show", str(cases / "c00.toml"), "--format", "html"]) == 0
    html = tmp_path / "case.html"
    html.write_text(capsys.readouterr().out, encoding="utf-8")
    text = html.read_text(encoding="utf-8")
    assert "Case TTG-00" in text and "Good practice example." in text
    assert "unanswered" in text  # the gaps are shown
    pdf = tmp_path / "case.pdf"
    result = chromium(
        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri(), cwd=tmp_path
    )
    assert pdf.exists(), result.stderr
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    page = tmp_path / "check.html"
    page.write_text(
        text.replace("@media print", "@media all").replace("</body>", CHECK + "</body>"),
        encoding="utf-8",
    )
    result = chromium(
        f"--window-size={PRINTABLE_WIDTH},1100",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
        cwd=tmp_path,
    )
    found = re.search(r"right=([\d.]+) limit=(\d+)", result.stdout)
    assert found and float(found.group(1)) <= int(found.group(2)) + 0.5, result.stdout[-500:]
