"""Hostile files: FIFOs, devices, oversize and over-deep files are refused by name, never hang
or fill memory; a save that would not read back is refused with the file untouched; a new
case on a full disk leaves nothing behind; a file is read whole whatever size it says it has."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from carag_tui.case.editing import new_case
from carag_tui.fileio import MAX_FILE_BYTES


@pytest.fixture
def case_path(tmp_path, guides) -> Path:
    return new_case(tmp_path, "HOST-1", guides["unpaid-work-2019"]).path


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["show"],
        ["set", "{f}", "U1.1=yes"],
        ["report"],
        ["check", "{d}"],
        ["report", "{d}"],
        ["export"],
    ],
)
def test_a_fifo_named_like_a_case_is_refused_not_waited_on(
    tmp_path, case_path, carag_process, command
):
    fifo = tmp_path / "PIPE-1.toml"
    os.mkfifo(fifo)
    args = [a.format(f=fifo, d=tmp_path) for a in command]
    if "{f}" not in " ".join(command) and "{d}" not in " ".join(command):
        args.append(str(fifo))
    result = carag_process(*args)  # times out (fails) after 120 s if it blocks
    assert "named pipe (FIFO), not a regular file" in result.out + result.err
    assert str(fifo) in result.out + result.err


def test_a_symlink_to_dev_zero_is_refused(tmp_path, case_path, carag_process):
    (tmp_path / "ZERO-1.toml").symlink_to("/dev/zero")
    result = carag_process("report", tmp_path)
    assert "ZERO-1.toml" in result.out + result.err
    assert "a device, not a regular file" in result.out + result.err


def test_a_file_over_the_limit_is_refused_saying_the_limit(tmp_path, carag_process):
    big = tmp_path / "BIG-1.toml"
    big.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 10), encoding="utf-8")
    result = carag_process("check", big)
    assert result.code == 1
    assert "larger than the 1 MB carag reads" in result.out + result.err


def test_fifo_in_the_user_guides_folder_does_not_hang_commands(
    carag_home, case_path, carag_process
):
    folder = carag_home / "data" / "guides"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "evil.toml")
    result = carag_process("check", case_path)
    assert "HOST-1" in result.out + result.err


def test_deep_dotted_keys_are_refused_quickly_without_a_traceback(
    tmp_path, case_path, carag_process
):
    text = case_path.read_text() + "x" + ".a" * 50_000 + " = 1\n"
    case_path.write_text(text, encoding="utf-8")
    for args in (["check", case_path], ["set", case_path, "U1.1=yes"], ["report", tmp_path]):
        result = carag_process(*args)
        assert "Traceback" not in result.err
        assert "dotted key nested too deeply" in result.out + result.err
    assert case_path.read_text() == text


@pytest.fixture
def full_disk(tmp_path):
    """A real folder on a disk with no room left (a small tmpfs, filled)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        pytest.skip("a small tmpfs cannot be mounted here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_new_on_a_full_disk_leaves_no_empty_case_file(full_disk, carag_process):
    fill(full_disk)
    result = carag_process("new", "--guide", "unpaid-work-2019", "--dir", full_disk, "FULL-1")
    assert result.code == 1
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
    (full_disk / "filler").unlink()
    result = carag_process("new", "--guide", "unpaid-work-2019", "--dir", full_disk, "FULL-1")
    assert result.code == 0, result.err  # not "already exists"


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 70_000, MAX_FILE_BYTES])
def test_a_file_is_read_whole_whatever_its_size_up_to_the_limit(tmp_path, size):
    """`read_bytes` asks for the size the file says it has (and a byte more to see its end):
    every byte comes back, at the limit too; one byte past it is refused by name."""
    from carag_tui.fileio import read_bytes
    from carag_tui.problems import ProblemsError

    path = tmp_path / "f.toml"
    data = os.urandom(size)
    path.write_bytes(data)
    assert read_bytes(path) == data
    path.write_bytes(data + b"x")
    if size == MAX_FILE_BYTES:
        with pytest.raises(ProblemsError, match="larger than"):
            read_bytes(path)
    else:
        assert read_bytes(path) == data + b"x"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_a_file_that_says_it_is_empty_is_still_read_to_its_end():
    """Files under /proc say they hold 0 bytes: the read goes on until the end comes."""
    from carag_tui.fileio import read_bytes

    assert b"VmRSS" in read_bytes(Path("/proc/self/status"))
