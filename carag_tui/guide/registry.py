"""Finding guides: the bundled ones, and the user's own (which replace bundled ones by id).

Guides are loaded on first use (opening a case loads only its own guide), from the cache of
parsed guides where it holds the file as it is (`cache.py`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from carag_tui.fileio import read_head
from carag_tui.guide.cache import load_guide_cached
from carag_tui.guide.model import Guide
from carag_tui.paths import bundled, user_guides_dir
from carag_tui.problems import ProblemsError


class GuideNotFound(LookupError):
    """No installed guide has the id asked for; the message lists the installed ones."""


_HEADER_ID = re.compile(r'^id\s*=\s*"([^"\\]+)"\s*(?:#.*)?$', re.MULTILINE)


def _header_id(path: Path) -> str | None:
    """The guide id from the file's header, without parsing the whole file."""
    raw = read_head(path, 8192)  # a FIFO or device is skipped here, refused when loaded
    if raw is None:
        return None
    head = raw.decode("utf-8-sig", "replace")
    head = head.split("[[", 1)[0]
    match = _HEADER_ID.search(head)
    return match.group(1) if match else None


class GuideCatalogue:
    """The guides found; each file is parsed when first needed, then kept."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = paths
        self._by_id: dict[str, Path] = {}
        self._unknown: list[Path] = []  # files whose id the header does not show
        for path in paths:  # later folders win
            guide_id = _header_id(path)
            if guide_id is None:
                self._unknown.append(path)
            else:
                self._by_id[guide_id] = path
        self._loaded: dict[Path, Guide] = {}
        self._broken: dict[Path, ProblemsError] = {}

    def _load(self, path: Path) -> Guide | None:
        if path not in self._loaded and path not in self._broken:
            try:
                self._loaded[path] = load_guide_cached(path)
            except ProblemsError as exc:
                self._broken[path] = exc
        return self._loaded.get(path)

    def get(self, guide_id: str) -> Guide:
        path = self._by_id.get(guide_id)
        guide = self._load(path) if path is not None else None
        if guide is not None and guide.id == guide_id:
            return guide
        found = self.guides.get(guide_id)
        if found is None:
            known = ", ".join(sorted(self.guides)) or "none"
            raise GuideNotFound(f"no guide {guide_id!r} (installed: {known})")
        return found

    def fingerprint(self, guide_id: str) -> str | None:
        """What a summary counted against guide `guide_id` depends on: the path, size and
        modification time of the file found for it (a stat, no parse); None where none is."""
        path = self._by_id.get(guide_id)
        if path is None:
            return None
        try:
            info = path.stat()
        except OSError:
            return None
        return f"{path}:{info.st_size}:{info.st_mtime_ns}"

    def short_name(self, guide_id: str) -> str:
        """The id without its year (`case-supervision` for `case-supervision-2019`), where no
        other guide found shares that name; else the id itself."""
        stem, _, year = guide_id.rpartition("-")
        if not (stem and year.isdigit()):
            return guide_id
        same = [i for i in self._by_id if i.rpartition("-")[0] == stem]
        return stem if same == [guide_id] else guide_id

    @property
    def guides(self) -> dict[str, Guide]:
        """Every guide that loads, by id (this parses them all)."""
        result: dict[str, Guide] = {}
        for path in self._paths:
            guide = self._load(path)
            if guide is not None:
                result[guide.id] = guide
        return result

    @property
    def broken(self) -> dict[Path, ProblemsError]:
        for path in self._paths:
            self._load(path)
        return dict(self._broken)


def guide_files(folders: list[Path] | None = None) -> list[Path]:
    folders = folders if folders is not None else [bundled("guides"), user_guides_dir()]
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.toml"))]


@cache
def catalogue() -> GuideCatalogue:
    """The guides of the bundled and user folders (a user guide replaces one with its id)."""
    return GuideCatalogue(guide_files())
