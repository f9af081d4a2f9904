"""The one case-file scanner behind `report`, `export`, `check` and the workspace list.

`scan_cases(targets)` reads the case files under `targets` one at a time, in path order, and
yields each as soon as it is read: the case (tomllib, through `read_case_data`), its guide,
and what went wrong, as a message naming the file. Nothing is held from one file to the next,
so a caller that keeps only its results keeps memory flat at any number of cases, and a caller
that prints as it goes (`carag check DIR`) starts printing at once. One odd file never stops
a scan. Cases are settled against walks shared by every case of a guide (`Walks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import Factory, frozen

from carag_tui.case.model import Case
from carag_tui.case.store import read_case_data
from carag_tui.case.walks import SettledCase, Walks
from carag_tui.case.workspace import iter_case_files
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import GuideCatalogue, GuideNotFound, catalogue
from carag_tui.problems import ProblemsError


@frozen
class ScannedCase:
    """One case file as read: `case` is None when it does not read, `guide` None when it reads
    but names no installed guide; `errors` then say why, each naming the file."""

    path: Path
    case: Case | None = None
    guide: Guide | None = None
    data: dict[str, Any] = Factory(dict)  # the file's TOML, for the tables carag's core
    errors: tuple[str, ...] = ()  # does not read (review, queries, unknown keys)

    @property
    def keys(self) -> tuple[str, ...]:
        """The file's top-level keys (`check` warns of unknown ones)."""
        return tuple(self.data)

    @property
    def ok(self) -> bool:
        return self.guide is not None and self.case is not None


class CaseScanner:
    """Reads case files against a guide catalogue, sharing walks between them."""

    def __init__(self, guides: GuideCatalogue | None = None) -> None:
        self.guides = guides or catalogue()
        self.walks = Walks()

    def scan(self, targets: Iterable[Path]) -> Iterator[ScannedCase]:
        """Every case file named or found under the folders named, read as it is reached."""
        for path in iter_case_files(targets):
            yield self.read(path)

    def read(self, path: Path) -> ScannedCase:
        """One case file; never raises for what is in the file or the disk."""
        try:
            case, data = read_case_data(path)
        except ProblemsError as exc:
            return ScannedCase(path, errors=problems_text(exc))
        except Exception as exc:  # a scan never stops for one odd file
            return ScannedCase(path, errors=(f"{path}: cannot read: {exc!r}",))
        guide = self.guide(case.guide)
        if guide is None:
            known = ", ".join(sorted(self.guides.guides)) or "none"
            return ScannedCase(
                path,
                case,
                data=data,
                errors=(
                    f"{path}: guide: no guide {case.guide!r} is installed (installed: {known})",
                ),
            )
        return ScannedCase(path, case, guide, data)

    def guide(self, guide_id: str) -> Guide | None:
        try:
            return self.guides.get(guide_id)
        except GuideNotFound:
            return None

    def settle(self, scanned: ScannedCase) -> SettledCase:
        """The case's walk (shared with the cases that decide it alike) and open questions."""
        assert scanned.case is not None and scanned.guide is not None
        return self.walks.of(scanned.guide).settle(scanned.case.answers)


def scan_cases(
    targets: Iterable[Path], guides: GuideCatalogue | None = None
) -> Iterator[ScannedCase]:
    """`CaseScanner(guides).scan(targets)`."""
    return CaseScanner(guides).scan(targets)


def problems_text(error: ProblemsError) -> tuple[str, ...]:
    return tuple(str(p) for p in error.problems) or (str(error),)
