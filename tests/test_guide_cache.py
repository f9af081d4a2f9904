"""The cache of parsed guides: used when it holds the file as it is, never trusted beyond that."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from test_guide_loader import GOOD

from carag_tui.case.flow import Walk
from carag_tui.guide import loader
from carag_tui.guide.cache import load_guide_cached
from carag_tui.guide.registry import GuideCatalogue, catalogue
from carag_tui.problems import ProblemsError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    path = tmp_path / "guides" / "tiny.toml"
    path.parent.mkdir()
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """The guide files actually parsed (not read back from the cache), in order."""
    seen: list[Path] = []
    real = loader.parse_guide_bytes

    def counting(data: bytes, path: Path):
        seen.append(path)
        return real(data, path)

    monkeypatch.setattr(loader, "parse_guide_bytes", counting)
    return seen


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "guides").glob("*.json"))


def test_a_guide_is_parsed_once_then_read_from_the_cache(guide_file, cache, parses):
    first = load_guide_cached(guide_file, cache)
    second = load_guide_cached(guide_file, cache)
    assert parses == [guide_file]
    assert second == first
    assert len(entries(cache)) == 1


def test_the_cached_guide_walks_a_case_as_the_parsed_one_does(tmp_path, cache):
    bundled = REPO / "guides" / "case-supervision-2019.toml"
    parsed = loader.load_guide(bundled)
    load_guide_cached(bundled, cache)
    cached = load_guide_cached(bundled, cache)
    assert cached == parsed
    # Rules (compiled conditions) survive the round trip: the same questions apply.
    answers = {"org": "crc", "sentence": "community_order", "A3.2": "no", "A3.4": "yes"}
    applicable = [q.id for q in Walk(cached, answers).applicable]
    assert applicable == [q.id for q in Walk(parsed, answers).applicable]
    assert "A3.19" not in applicable  # NPS cases only
    assert len(applicable) < len(cached.questions)


def test_a_changed_guide_file_is_parsed_again(guide_file, cache, parses):
    load_guide_cached(guide_file, cache)
    guide_file.write_text(
        GOOD.replace('title = "Tiny guide"', 'title = "Tiny guide, revised"'), encoding="utf-8"
    )
    guide = load_guide_cached(guide_file, cache)
    assert guide.title == "Tiny guide, revised"
    assert parses == [guide_file, guide_file]
    assert len(entries(cache)) == 1  # the entry for the old contents is gone


def test_the_same_guide_in_two_places_has_two_entries(guide_file, cache, parses):
    copy = guide_file.parent.parent / "user" / "tiny.toml"
    copy.parent.mkdir()
    shutil.copy(guide_file, copy)
    for _ in range(2):
        assert load_guide_cached(guide_file, cache).path == guide_file
        assert load_guide_cached(copy, cache).path == copy
    assert parses == [guide_file, copy]
    assert len(entries(cache)) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        pickle.dumps({"id": "tiny-2026"}),
        b"[" * 100_000,
        json.dumps({"id": "tiny-2026"}).encode(),
        json.dumps({"format": "carag-guide-cache/1", "key": "x", "guide": {"@": "Guide"}}).encode(),
        json.dumps({"@": "Popen", "args": ["touch", "ran"]}).encode(),
    ],
)
def test_a_torn_foreign_or_tampered_entry_is_rebuilt(guide_file, cache, parses, content):
    good = load_guide_cached(guide_file, cache)
    [entry] = entries(cache)
    entry.write_bytes(content)
    assert load_guide_cached(guide_file, cache) == good
    assert parses == [guide_file, guide_file]
    assert json.loads(entry.read_bytes())["guide"]["id"] == "tiny-2026"  # rebuilt


def test_an_entry_with_a_tampered_field_is_rebuilt(guide_file, cache, parses):
    good = load_guide_cached(guide_file, cache)
    [entry] = entries(cache)
    data = json.loads(entry.read_bytes())
    data["guide"]["questions"][0]["no_such_field"] = 1
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert load_guide_cached(guide_file, cache) == good
    assert parses == [guide_file, guide_file]


def test_an_entry_copied_from_another_guide_is_not_read(guide_file, cache, parses):
    """An entry holds the name it was made under: one copied over another's name is rebuilt."""
    load_guide_cached(guide_file, cache)
    other = guide_file.with_name("other.toml")
    other.write_text(GOOD.replace('title = "Tiny guide"', 'title = "Other"'), encoding="utf-8")
    load_guide_cached(other, cache)
    mine, theirs = (
        (e for e in entries(cache) if e.name.startswith("tiny")),
        (e for e in entries(cache) if e.name.startswith("other")),
    )
    mine_entry, their_entry = next(mine), next(theirs)
    mine_entry.write_bytes(their_entry.read_bytes())
    assert load_guide_cached(guide_file, cache).title == "Tiny guide"
    assert parses == [guide_file, other, guide_file]


def test_bundled_guides_come_back_from_the_cache_whole(cache):
    """Every field of every bundled guide, enums as enums and rules compiled, survives."""
    for path in sorted((REPO / "guides").glob("*.toml")):
        parsed = loader.load_guide(path)
        load_guide_cached(path, cache)
        cached = load_guide_cached(path, cache)
        assert cached == parsed and cached.path == path
        for mine, theirs in zip(cached.questions, parsed.questions, strict=True):
            assert type(mine.kind) is type(theirs.kind) and mine.answer is theirs.answer
            assert mine.condition == theirs.condition
            assert (mine.suggest and mine.suggest.condition) == (
                theirs.suggest and theirs.suggest.condition
            )
        for mine, theirs in zip(cached.key_questions, parsed.key_questions, strict=True):
            assert mine.sample is theirs.sample and mine.condition == theirs.condition


def test_a_cache_folder_that_cannot_be_written_is_no_error(guide_file, tmp_path, parses):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("")
    assert load_guide_cached(guide_file, blocked).id == "tiny-2026"
    assert load_guide_cached(guide_file, blocked).id == "tiny-2026"
    assert parses == [guide_file, guide_file]


def test_a_bad_guide_is_reported_every_time_and_never_cached(guide_file, cache):
    guide_file.write_text(GOOD.replace('kind = "info"', 'kind = "information"'), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ProblemsError, match="kind"):
            load_guide_cached(guide_file, cache)
    assert entries(cache) == []


def test_a_missing_guide_file_names_the_file(tmp_path, cache):
    with pytest.raises(ProblemsError, match=r"missing\.toml: cannot read guide"):
        load_guide_cached(tmp_path / "missing.toml", cache)


def test_the_catalogue_reads_guides_through_the_cache(carag_home, parses):
    catalogue().get("unpaid-work-2019")
    catalogue.cache_clear()
    catalogue().get("unpaid-work-2019")
    assert [p.name for p in parses] == ["unpaid-work-2019.toml"]
    assert [p.name.split("-")[0] for p in entries(carag_home / "cache")] == ["unpaid"]


def test_a_catalogue_of_changed_files_sees_the_change(tmp_path, carag_home, guide_file):
    assert GuideCatalogue([guide_file]).get("tiny-2026").title == "Tiny guide"
    guide_file.write_text(
        GOOD.replace('title = "Tiny guide"', 'title = "Tiny guide, revised"'), encoding="utf-8"
    )
    assert GuideCatalogue([guide_file]).get("tiny-2026").title == "Tiny guide, revised"


def test_under_umask_000_the_cache_is_private_and_a_planted_entry_is_not_read(carag_home):
    """Another local user who could write the cache folder could plant a pickle: carag's
    folders are 0700 whatever the umask, and an entry in a folder others can write is
    ignored (rebuilt), never loaded."""
    import os
    import pickle

    from carag_tui.guide.cache import entry_path, load_guide_cached
    from carag_tui.paths import bundled

    guide_file = bundled("guides") / "unpaid-work-2019.toml"
    old = os.umask(0)
    try:
        load_guide_cached(guide_file)
    finally:
        os.umask(old)
    entry = entry_path(guide_file, guide_file.read_bytes())
    for each in (entry.parent.parent, entry.parent):
        assert each.stat().st_mode & 0o777 == 0o700, each
    assert entry.stat().st_mode & 0o777 == 0o600

    class Planted:
        def __reduce__(self):
            return (open, (str(carag_home / "ran"), "w"))

    entry.write_bytes(pickle.dumps(Planted()))
    entry.parent.chmod(0o777)  # as if another user had been able to put it there
    guide = load_guide_cached(guide_file)
    assert guide.id == "unpaid-work-2019"
    assert not (carag_home / "ran").exists()


def test_a_planted_pickle_runs_nothing_even_in_a_private_folder(carag_home):
    """The cache is data: a pickle put under the very name carag computes, in carag's own
    0700 folder, is never unpickled (it is rebuilt), so it can run nothing."""
    from carag_tui.guide.cache import entry_path
    from carag_tui.paths import bundled

    guide_file = bundled("guides") / "unpaid-work-2019.toml"
    load_guide_cached(guide_file)
    entry = entry_path(guide_file, guide_file.read_bytes())
    assert entry.parent.stat().st_mode & 0o777 == 0o700

    class Planted:
        def __reduce__(self):
            return (open, (str(carag_home / "ran"), "w"))

    entry.write_bytes(pickle.dumps(Planted()))
    assert load_guide_cached(guide_file).id == "unpaid-work-2019"
    assert not (carag_home / "ran").exists()
    assert json.loads(entry.read_bytes())["guide"]["id"] == "unpaid-work-2019"
