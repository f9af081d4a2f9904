"""The workspace index: rows kept between opens, never shown over what a file now says."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_scan import write_case

from carag_tui.case import index as index_module
from carag_tui.case.index import WorkspaceIndex
from carag_tui.case.scan import CaseScanner
from carag_tui.case.summary import summarise
from carag_tui.guide.registry import catalogue
from carag_tui.paths import user_guides_dir


@pytest.fixture
def not_racy(monkeypatch):
    """Files written by the test count as old enough to index (see the racy test)."""
    monkeypatch.setattr(index_module, "RACY_NS", 0)


def folder_of(tmp_path: Path, count: int = 5) -> Path:
    folder = tmp_path / "cases"
    for n in range(count):
        write_case(folder / ("sub" if n % 2 else ""), f"CS-{n}", {"A1.1": "yes"})
    (folder / "broken.toml").write_text("format = 1\nguide = \n")
    return folder


def rows(folder: Path) -> tuple[WorkspaceIndex, list]:
    index = WorkspaceIndex(folder).load()
    found = list(index.summaries())
    index.save()
    return index, found


def fresh(folder: Path) -> list:
    scanner = CaseScanner()
    return [summarise(scanner, p) for p in sorted(r.path for r in rows(folder)[1])]


def test_a_second_open_takes_every_readable_row_from_the_index(tmp_path, not_racy):
    folder = folder_of(tmp_path)
    first, cold = rows(folder)
    assert (first.ignored, first.reused, first.read) == ("no index yet", 0, 6)
    second, warm = rows(folder)
    assert second.ignored is None
    assert (second.reused, second.read) == (5, 1)  # the broken file is always read again
    assert warm == cold
    assert [r.path for r in warm] == sorted(r.path for r in warm)
    assert not second.save()  # nothing changed: nothing written


def test_a_file_changed_behind_the_index_is_read_again_even_with_its_old_mtime_and_size(
    tmp_path, not_racy
):
    folder = folder_of(tmp_path)
    rows(folder)
    path = folder / "CS-0.toml"
    info = path.stat()
    text = path.read_text()
    changed = text.replace('"A1.1" = "yes"', '"A1.1" = "no!"').replace("CS-0", "CZ-0")
    assert len(changed) == len(text)
    path.write_text(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # mtime and size as before
    index, found = rows(folder)
    assert index.read == 2
    row = next(r for r in found if r.path == path)
    assert row.ref == "CZ-0"
    assert found == fresh(folder)


def test_a_new_file_a_removed_file_and_a_changed_guide_are_seen(tmp_path, not_racy):
    folder = folder_of(tmp_path)
    rows(folder)
    (folder / "CS-2.toml").unlink()
    write_case(folder, "CS-9", {})
    index, found = rows(folder)
    assert {r.ref for r in found} >= {"CS-9"} and "CS-2" not in {r.ref for r in found}
    assert index.read == 2
    # the user installs their own copy of the guide: the rows counted against it are redone
    bundled = catalogue().fingerprint("case-supervision-2019").split(":")[0]
    user_guides_dir().mkdir(parents=True)
    shutil.copy(bundled, user_guides_dir())
    catalogue.cache_clear()
    index, again = rows(folder)
    assert (index.reused, index.read) == (0, 6)
    assert again == found


def rewrite(path: Path, edit) -> None:
    """Edit the stored index's lines (header, entries, trailer) and seal it again with a
    checksum that matches, as someone who knows the format would."""
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    lines = edit(lines)
    body = b"".join(json.dumps(line).encode() + b"\n" for line in lines[:-1])
    lines[-1]["checksum"] = index_module._checksum(body)
    path.write_bytes(body + json.dumps(lines[-1]).encode() + b"\n")


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "tampered", "other folder", "wrong kind", "not json"]
)
def test_a_corrupt_or_tampered_index_is_ignored_whole_and_rebuilt(tmp_path, not_racy, damage):
    folder = folder_of(tmp_path)
    index, cold = rows(folder)
    raw = index.path.read_bytes()
    body = raw.partition(b"\n")[2]
    if damage == "garbage":
        index.path.write_bytes(os.urandom(200))
    elif damage == "truncated":
        index.path.write_bytes(raw[: len(raw) // 2])
    elif damage == "tampered":  # a row's reference changed, the checksum left as it was
        index.path.write_bytes(raw.replace(b'"CS-1"', b'"XX-1"'))
    elif damage == "other folder":  # a sound index of another folder, under this one's name
        other = tmp_path / "other"
        other.mkdir()
        rewrite(
            index.path, lambda lines: [{**lines[0], "folder": str(other.resolve())}, *lines[1:]]
        )
    elif damage == "wrong kind":
        rewrite(index.path, lambda lines: [{**lines[0], "kind": "something else"}, *lines[1:]])
    else:
        index.path.write_bytes(b"{not json\n" + body)
    again, warm = rows(folder)
    assert again.ignored is not None and again.reused == 0
    assert warm == cold
    assert "XX-1" not in {r.ref for r in warm}
    rebuilt, _ = rows(folder)
    assert rebuilt.ignored is None and rebuilt.reused == 5


def test_an_index_writable_by_others_is_not_trusted(tmp_path, not_racy):
    folder = folder_of(tmp_path)
    index, _ = rows(folder)
    index.path.chmod(0o666)
    again, _ = rows(folder)
    assert again.ignored == "not the user's own file" and again.reused == 0


def test_a_malformed_entry_is_read_again_from_its_file(tmp_path, not_racy):
    folder = folder_of(tmp_path)
    index, cold = rows(folder)

    def damage(lines):
        lines[1][9] = 10**6  # answered more than apply
        lines[2][8] = "\x1b[31mowned"  # a status that is none
        lines.insert(3, "not an entry")
        return lines

    rewrite(index.path, damage)
    again, warm = rows(folder)
    assert again.ignored is None and (again.reused, again.read) == (3, 3)
    assert warm == cold


def test_the_stored_index_is_read_alongside_the_folder_not_held(tmp_path, not_racy):
    """Rows are matched to files in path order: a file added in the middle, one removed and
    entries out of order all read their files again; the rest come from the index."""
    folder = folder_of(tmp_path, 8)
    index, _ = rows(folder)
    assert index.stored_count == 0 and index.save()
    rewrite(index.path, lambda lines: [lines[0], lines[2], lines[1], *lines[3:]])
    (folder / "CS-4.toml").unlink()
    write_case(folder, "CS-35", {})
    again, warm = rows(folder)
    assert again.stored_count == 8
    assert (again.reused, again.read) == (6, 3)  # one of the two swapped, CS-35, the broken
    assert warm == fresh(folder)


def test_a_file_changed_just_before_its_row_is_made_is_not_kept(tmp_path):
    """A filesystem clock may be too coarse to tell two writes in a row apart: a row made
    within RACY_NS of the file's last change is read again next time."""
    folder = folder_of(tmp_path)
    rows(folder)
    again, _ = rows(folder)
    assert again.reused == 0 and again.read == 6


def test_the_index_lives_in_the_user_cache(tmp_path, carag_home, not_racy):
    folder = folder_of(tmp_path)
    index, _ = rows(folder)
    assert index.path.is_relative_to(carag_home / "cache")
    assert index.path.stat().st_mode & 0o777 == 0o600
    assert index.path.read_bytes().startswith(b'{"kind":"carag-workspace-index"')
    assert not [p for p in index.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_the_rows_taken_from_the_index_are_stored_again_as_they_were(tmp_path, not_racy):
    """A reused row's line is copied into the new index, not encoded again: byte for byte the
    same, and the index it makes is sound (the next open takes every row from it)."""
    folder = folder_of(tmp_path)
    index, _ = rows(folder)
    before = index.path.read_bytes().splitlines()[1:-1]
    write_case(folder, "CS-0", {"A1.1": "no"})  # one row changes: the index is written again
    again, _ = rows(folder)
    assert again.save() and (again.reused, again.read) == (4, 2)
    after = index.path.read_bytes().splitlines()[1:-1]
    assert (
        len(after) == len(before) and sum(a == b for a, b in zip(after, before, strict=True)) == 4
    )
    third, warm = rows(folder)
    assert third.ignored is None and (third.reused, third.read) == (5, 1)
    assert warm == fresh(folder)


def test_a_file_gone_between_the_listing_and_its_read_is_said_and_not_kept(tmp_path, not_racy):
    """A folder is listed when the walk reaches it: a file removed after that is a row that
    says it cannot be read (as any file that does not read), and leaves the index; one removed
    from a folder not yet listed is simply not there."""
    folder = folder_of(tmp_path)
    rows(folder)
    index = WorkspaceIndex(folder).load()
    found = []
    for row in index.summaries():
        if not found:  # the top folder is listed: CS-2 goes before its turn comes
            (folder / "CS-2.toml").unlink()
            (folder / "sub" / "CS-1.toml").unlink()
        found.append(row)
    names = [r.path.relative_to(folder).as_posix() for r in found]
    assert names == ["CS-0.toml", "CS-2.toml", "CS-4.toml", "broken.toml", "sub/CS-3.toml"]
    assert found[1].status == "error" and "cannot read" in (found[1].error or "")
    assert index.save()
    again, warm = rows(folder)
    assert [r.path.name for r in warm] == ["CS-0.toml", "CS-4.toml", "broken.toml", "CS-3.toml"]
    assert (again.reused, again.read) == (3, 1)
