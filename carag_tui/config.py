"""The user's settings, from `config.toml` (the user edits it; carag writes only what it asks
for itself, the assessor's name)."""

from __future__ import annotations

from pathlib import Path

import cattrs
from attrs import Factory, define
from cattrs.v import transform_error

from carag_tui.fileio import read_toml
from carag_tui.paths import config_file
from carag_tui.problems import Problem, ProblemsError


@define
class Config:
    assessor: str | None = None
    workspace: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = Factory(dict)  # binding id -> keys, e.g. {"answer_yes": "y,1"}
    #: Approvals and returns made in the app are also git commits with trailers (in git only).
    commit_reviews: bool = True
    #: Mouse tracking in the app (off: it breaks select-and-copy over SSH, adds traffic).
    mouse: bool = False
    #: Plain mode leaves out the guidance (`brief` there) so that 24 lines show the question.
    plain_brief: bool = False


EXAMPLE = """\
# carag settings
assessor = "A. Inspector"
# workspace = "~/inspections/2026-dorset/cases"
# theme = "carag-dark"   # carag-dark, carag-light, carag-high-contrast, carag-ansi, textual-dark, …
[keymap]                 # binding id = keys (see the help screen, `?`, for ids)
# answer_na = "a,x"
"""

_converter = cattrs.Converter(forbid_extra_keys=True)


def load_config(path: Path | None = None) -> Config:
    """Read the config; a missing file gives defaults, a bad one raises ProblemsError."""
    path = path or config_file()
    try:
        data = read_toml(path, "config")
    except FileNotFoundError:
        return Config()
    try:
        return _converter.structure(data, Config)
    except cattrs.BaseValidationError as exc:
        raise ProblemsError(
            Problem(path, m.rpartition(" @ ")[0], where=m.rpartition(" @ ")[2].lstrip(".$"))
            for m in transform_error(exc, path="")
        ) from exc


def remember(key: str, value: str, path: Path | None = None) -> Path:
    """Keep `key = value` in the config file (the assessor's name, asked once), changing only
    that line so the user's comments and other settings stay; the file is made if missing."""
    import tomlkit

    from carag_tui.fileio import atomic_write

    path = path or config_file()
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.parse(EXAMPLE.replace('assessor = "A. Inspector"\n', ""))
    if doc.get(key) != value:
        doc[key] = value
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, tomlkit.dumps(doc))
    return path
