"""Case files laid out in ways tomlkit cannot edit in place (an inline `answers = {…}`, dotted
keys, a table in pieces) are saved in the standard layout with every value and comment kept;
CRLF files keep CRLF; a symlinked case file is written through, or refused when it leads out
of its folder; a save that would not read back is refused with the file untouched."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from carag_tui.case.casefile import CaseFile
from carag_tui.case.editing import new_case
from carag_tui.case.store import load_case, save_case
from carag_tui.problems import ProblemsError

UPW = "unpaid-work-2019"


def hand_written(tmp_path: Path, guides, header: str, tables: str) -> Path:
    """A case file whose answers and notes are written as `header` (before `status`) and
    `tables` (after the header) say."""
    path = new_case(tmp_path, "LAY-1", guides[UPW]).path
    head = path.read_text(encoding="utf-8").split("\n[answers]")[0]
    head = head.replace("status = ", header + "status = ", 1)
    path.write_text(head + "\n" + tables, encoding="utf-8")
    return path


LAYOUTS = {
    "inline": ('answers = { org = "crc", "U1.1" = "no" } # typed by hand\n', "[notes]\n"),
    "dotted": ('answers.org = "crc" # dotted\nanswers."U1.1" = "no"\n', "[notes]\n"),
    "in pieces": (
        "",
        '[answers]\norg = "crc" # first\n\n[notes]\n"U1.3" = "kept"\n\n[answers.extra]\nx = "1"\n',
    ),
    "inline notes": (
        'notes = { "U1.3" = "kept" } # n\n',
        '[answers]\norg = "crc"\n"U1.1" = "no"\n',
    ),
    "unknown keys": (
        'answers.org = "crc"\nanswers."U1.1" = "no"\nreviewer_x = "left"\n',
        '[mine]\nkeep = "me" # mine\n',
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_layout_tomlkit_cannot_edit_in_place_is_saved_whole(
    tmp_path, guides, carag_process, layout
):
    path = hand_written(tmp_path, guides, *LAYOUTS[layout])
    before = tomllib.loads(path.read_text(encoding="utf-8"))
    comments = [
        line.split("#", 1)[1].strip()
        for line in path.read_text().splitlines()
        if "#" in line and "=" in line and "carag case file" not in line
    ]
    assert carag_process("check", path).code == 0
    result = carag_process("set", path, "U1.2=yes")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    text = path.read_text(encoding="utf-8")
    after = tomllib.loads(text)  # it parses
    assert after["answers"]["U1.2"] == "yes"
    for key, value in before.items():
        if key == "answers":
            assert {k: v for k, v in after["answers"].items() if k != "U1.2"} == value
        elif key != "updated":
            assert after[key] == value, key
    for comment in comments:
        assert comment in text, comment
    assert carag_process("check", path).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LAY-1.toml"]
    # and a second answer edits the standard layout in place
    assert carag_process("set", path, "U1.4=no").code == 0
    assert tomllib.loads(path.read_text())["answers"]["U1.4"] == "no"


def test_plain_mode_saves_an_answer_into_an_inline_answers_table(tmp_path, guides, carag_process):
    path = hand_written(tmp_path, guides, *LAYOUTS["inline"])
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "carag_tui.cli", "open", "--plain", str(path)],
        input="n\nq\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["answers"]["other_requirements"] == "no"
    assert data["answers"]["org"] == "crc" and data["answers"]["U1.1"] == "no"


def test_a_crlf_file_keeps_crlf_after_a_save(tmp_path, guides, carag_process):
    path = new_case(tmp_path, "CRLF-1", guides[UPW]).path
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert carag_process("set", path, "org=crc", "U1.1=yes").code == 0
    casefile = load_case(path)
    casefile.set_note(guides[UPW], "U1.1", "two\nlines")
    save_case(casefile)
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10
    assert load_case(path).case.notes["U1.1"] == "two\nlines\n"


def test_a_symlink_inside_the_folder_is_written_through(tmp_path, guides, carag_process):
    real = new_case(tmp_path / "store", "REAL-1", guides[UPW]).path
    link = tmp_path / "LINK-1.toml"
    link.symlink_to(Path("store") / real.name)
    result = carag_process("set", link, "org=crc")
    assert result.code == 0, result.err
    assert link.is_symlink() and link.resolve() == real
    assert tomllib.loads(real.read_text())["answers"]["org"] == "crc"


def test_a_symlink_out_of_its_folder_is_refused_and_left_alone(tmp_path, guides, carag_process):
    real = new_case(tmp_path / "elsewhere", "REAL-1", guides[UPW]).path
    (tmp_path / "ws").mkdir()
    link = tmp_path / "ws" / "LINK-1.toml"
    link.symlink_to(real)
    text = real.read_text()
    result = carag_process("set", link, "org=crc")
    assert result.code == 1 and "Traceback" not in result.err
    assert "symbolic link" in result.err and "outside its folder" in result.err
    assert link.is_symlink() and real.read_text() == text


def test_a_save_that_would_not_read_back_is_refused_and_the_file_untouched(
    tmp_path, guides, monkeypatch
):
    path = new_case(tmp_path, "VER-1", guides[UPW]).path
    text = path.read_text()
    casefile = load_case(path)
    casefile.set_answer(guides[UPW], "org", "crc")
    real = CaseFile.render

    def broken(self, *, touch=True):
        return real(self, touch=touch).replace('org = "crc"', 'org = { "crc"')

    monkeypatch.setattr(CaseFile, "render", broken)
    with pytest.raises(ProblemsError, match="not saved"):
        save_case(casefile)
    assert path.read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["VER-1.toml"]
