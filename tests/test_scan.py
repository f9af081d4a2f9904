"""The one case-file scanner: files in path order as they are found, one at a time, walks
shared between cases, and `carag check` built on it (streamed, the same results as a walk)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from carag_tui.case.checks import check_case, check_files
from carag_tui.case.flow import Walk
from carag_tui.case.scan import CaseScanner
from carag_tui.case.workspace import case_files, iter_case_files
from carag_tui.guide.registry import catalogue

CS = "case-supervision-2019"


def write_case(folder: Path, ref: str, answers: dict[str, str], guide_id: str = CS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "format = 1",
        f'guide = "{guide_id}"',
        f'case = "{ref}"',
        'status = "in_progress"',
        "created = 2026-01-05T09:00:00Z",
        "updated = 2026-01-05T09:00:00Z",
        "[answers]",
        *(f'"{k}" = {json.dumps(v)}' for k, v in answers.items()),
    ]
    path = folder / f"{ref}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_case_files_come_in_sorted_path_order_skipping_hidden_and_linked_folders(tmp_path):
    for name in (
        "b.toml",
        "a/z.toml",
        "a/b/c.toml",
        "a.toml",
        "a-b/x.toml",
        "A.toml",
        ".hidden/h.toml",
        "a/.h.toml",
        "inspection.toml",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    expected = sorted(
        p
        for p in tmp_path.rglob("*.toml")
        if not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)
        and p.name != "inspection.toml"
        and "linked" not in p.parts
    )
    assert case_files([tmp_path]) == expected
    assert [p.relative_to(tmp_path).as_posix() for p in expected] == [
        "A.toml",
        "a/b/c.toml",
        "a/z.toml",
        "a-b/x.toml",
        "a.toml",
        "b.toml",
    ]
    assert case_files([tmp_path / "b.toml", tmp_path / "a"]) == [
        tmp_path / "b.toml",
        tmp_path / "a/b/c.toml",
        tmp_path / "a/z.toml",
    ]


def test_the_scan_reads_each_file_when_it_is_reached(tmp_path):
    """Nothing is read ahead: a file removed while the scan is under way is reported as
    unreadable, and one added to a folder not yet listed is found."""
    first = write_case(tmp_path / "a", "A-1", {"org": "crc"})
    second = write_case(tmp_path / "a", "A-2", {"org": "crc"})
    (tmp_path / "b").mkdir()
    scan = CaseScanner().scan([tmp_path])
    got = next(scan)
    assert got.path == first and got.ok and got.case is not None and got.case.case == "A-1"
    second.unlink()
    late = write_case(tmp_path / "b", "B-1", {"org": "nps"})
    rest = list(scan)
    assert [s.path for s in rest] == [second, late]
    assert rest[0].case is None and "cannot read" in rest[0].errors[0]
    assert str(second) in rest[0].errors[0]
    assert rest[1].ok


def test_unreadable_files_and_unknown_guides_are_results_not_stops(tmp_path):
    write_case(tmp_path, "A-1", {}, guide_id="nope-2030")
    (tmp_path / "B-1.toml").write_text("format = 1\nguide = \n")
    good = write_case(tmp_path, "C-1", {"org": "crc"})
    scanned = list(CaseScanner().scan([tmp_path]))
    assert [s.ok for s in scanned] == [False, False, True]
    assert scanned[0].case is not None and scanned[0].guide is None
    assert "no guide 'nope-2030' is installed" in scanned[0].errors[0]
    assert scanned[1].case is None and "B-1.toml:2" in scanned[1].errors[0]
    assert scanned[2].path == good


def test_check_shares_walks_and_gives_what_a_walk_gives(tmp_path):
    """Cases deciding alike share one walk; each check is the same as with its own walk."""
    guide = catalogue().get(CS)
    rng = random.Random(3)
    for number in range(60):
        answers = {"org": rng.choice(["crc", "nps"]), "U1.1": rng.choice(["yes", "no", "x"])}
        if number % 3:
            answers["U1.2"] = "no"
        write_case(tmp_path, f"K-{number:02}", answers)
    scanner = CaseScanner()
    results = list(check_files([tmp_path], scanner))
    assert len(results) == 60
    walks = scanner.walks.of(guide)
    assert 1 < len(walks._walks) <= 4  # org decides the walk here: crc or nps (± U1.1)
    for path, result in zip(case_files([tmp_path]), results, strict=True):
        case = scanner.read(path).case
        assert case is not None
        walk = Walk(guide, case.answers)
        assert result.missing == [q.id for q in walk.missing()]
        assert result.inapplicable == walk.inapplicable_answers()
        assert result.complete == walk.complete
        alone = check_case(path, case, guide)  # its own walk
        assert (alone.missing, alone.invalid, alone.warnings) == (
            result.missing,
            result.invalid,
            result.warnings,
        )


def test_check_prints_each_file_and_streams_valid_json(tmp_path, carag):
    write_case(tmp_path, "A-1", {"org": "crc"})
    (tmp_path / "B-1.toml").write_text("not toml = = \n")
    text = carag("check", tmp_path)
    lines = text.out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'A-1.toml'}: ok")
    assert lines[1].startswith(f"{tmp_path / 'B-1.toml'}: ERROR")
    assert lines[-1] == "2 files checked, 1 with errors" and text.code == 1
    done = carag("check", "--format", "json", tmp_path)
    files = json.loads(done.out)["files"]
    assert [Path(f["path"]).name for f in files] == ["A-1.toml", "B-1.toml"]
    assert files[1]["errors"] and not files[0]["errors"]
    assert done.out == json.dumps({"files": files}, indent=2) + "\n"  # as before: one document
    (tmp_path / "none").mkdir()
    empty = carag("check", "--format", "json", tmp_path / "none")
    assert json.loads(empty.out) == {"files": []} and empty.code == 1


def test_iter_case_files_is_lazy(tmp_path):
    write_case(tmp_path / "a", "A-1", {})
    (tmp_path / "b").mkdir()
    found = iter_case_files([tmp_path])
    write_case(tmp_path / "b", "B-1", {})  # listed only when the walk gets there
    assert [p.name for p in found] == ["A-1.toml", "B-1.toml"]


def test_the_order_does_not_depend_on_the_order_the_system_lists_a_folder(tmp_path, monkeypatch):
    """Folders are listed in the filesystem's own order (hash order on ext4, creation order
    elsewhere); the files still come in sorted path order."""
    import os

    from carag_tui.case import workspace

    names = [f"C-{n:03d}" for n in range(40)]
    for n, name in enumerate(names):
        write_case(tmp_path / ("sub" if n % 3 == 0 else ""), name, {})
    listed = os.scandir

    def shuffled(folder):
        entries = list(listed(folder))
        random.Random(str(folder)).shuffle(entries)

        class Listing(list):
            def __enter__(self):
                return self

            def __exit__(self, *_):
                return None

        return Listing(entries)

    monkeypatch.setattr(workspace.os, "scandir", shuffled)
    found = list(iter_case_files([tmp_path]))
    assert found == sorted(found) and len(found) == 40
