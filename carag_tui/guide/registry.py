"""Finding guides: the bundled ones, and the user's own (which replace bundled ones by id)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from attrs import frozen

from carag_tui.guide.loader import load_guide
from carag_tui.guide.model import Guide
from carag_tui.paths import bundled, user_guides_dir
from carag_tui.problems import ProblemsError


@frozen
class GuideCatalogue:
    guides: dict[str, Guide]
    broken: dict[Path, ProblemsError]

    def get(self, guide_id: str) -> Guide:
        try:
            return self.guides[guide_id]
        except KeyError:
            known = ", ".join(sorted(self.guides)) or "none"
            raise KeyError(f"no guide {guide_id!r} (installed: {known})") from None


def guide_files(folders: list[Path] | None = None) -> list[Path]:
    folders = folders if folders is not None else [bundled("guides"), user_guides_dir()]
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.toml"))]


@cache
def catalogue() -> GuideCatalogue:
    """Every guide found; a later folder's guide replaces an earlier one with the same id."""
    guides: dict[str, Guide] = {}
    broken: dict[Path, ProblemsError] = {}
    for path in guide_files():
        try:
            guide = load_guide(path)
        except ProblemsError as exc:
            broken[path] = exc
            continue
        guides[guide.id] = guide
    return GuideCatalogue(guides, broken)
