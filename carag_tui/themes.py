"""Theme files (TOML with Textual's theme fields), read without importing Textual."""

from __future__ import annotations

from pathlib import Path

from attrs import Factory, define

from carag_tui.fileio import read_toml
from carag_tui.paths import bundled, user_themes_dir
from carag_tui.problems import Problem, ProblemsError

#: The colours of a theme (Textual's `Theme` fields that name one).
COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
FIELDS = {"name", *COLOUR_FIELDS, "dark", "luminosity_spread", "text_alpha", "variables", "ansi"}
DEFAULT_THEME = "carag-dark"
PLAIN_THEME = "carag-ansi"  # for NO_COLOR and 16-colour terminals


@define
class ThemeFile:
    path: Path
    fields: dict = Factory(dict)


def read_theme_files(folders: list[Path] | None = None) -> tuple[list[ThemeFile], list[Problem]]:
    """Every theme file found (bundled first, then the user's), and the problems of bad ones."""
    folders = folders if folders is not None else [bundled("themes"), user_themes_dir()]
    themes: list[ThemeFile] = []
    problems: list[Problem] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                data = read_toml(path, "theme")
            except (OSError, ProblemsError) as exc:
                problems.extend(getattr(exc, "problems", [Problem(path, f"cannot read: {exc}")]))
                continue
            unknown = sorted(set(data) - FIELDS)
            if unknown:
                problems.append(Problem(path, f"unknown theme field(s): {', '.join(unknown)}"))
                continue
            if not isinstance(data.get("name"), str) or not isinstance(data.get("primary"), str):
                problems.append(Problem(path, "a theme needs a name and a primary colour"))
                continue
            themes.append(ThemeFile(path, data))
    return themes, problems
