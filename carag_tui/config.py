"""The user's settings, from `config.toml` (the user edits it; carag writes only what it asks
for itself, the assessor's name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import Factory, define

from carag_tui.fileio import read_toml
from carag_tui.paths import config_file
from carag_tui.problems import Problem, ProblemsError, suggest


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

#: What each field of `Config` takes, for `_plain_config`.
_TEXT = ("assessor", "workspace", "theme")
_FLAGS = ("commit_reviews", "mouse", "plain_brief")


def _plain_config(data: dict[str, Any]) -> Config | None:
    """The `Config` of data of exactly the types it takes, as cattrs makes it, without
    importing cattrs (~11 ms of every start, measured 3 December 2026); None for anything else,
    which cattrs then structures or says what is wrong with."""
    if not set(data) <= {*_TEXT, *_FLAGS, "keymap"}:
        return None
    if not all(isinstance(data[k], str) for k in _TEXT if k in data):
        return None
    if not all(type(data[k]) is bool for k in _FLAGS if k in data):
        return None
    keymap = data.get("keymap", {})
    if type(keymap) is not dict or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        return None
    return Config(**{**data, "keymap": dict(keymap)})


def load_config(path: Path | None = None) -> Config:
    """Read the config; a missing file gives defaults, a bad one raises ProblemsError."""
    path = path or config_file()
    try:
        data = read_toml(path, "config")
    except FileNotFoundError:
        return Config()
    plain = _plain_config(data)
    if plain is not None:
        return plain
    known = {field.name for field in Config.__attrs_attrs__}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProblemsError(
            Problem(path, f"unknown setting {key!r}{suggest(key, known)}", where=key)
            for key in unknown
        )
    import cattrs
    from cattrs.v import format_exception, transform_error

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(bool, lambda v, _: _exactly(bool, "true or false", v))
    converter.register_structure_hook(str, lambda v, _: _exactly(str, "a string", v))

    def said(exc: BaseException, type_: Any) -> str:
        return str(exc) if isinstance(exc, _Expected) else format_exception(exc, type_)

    try:
        return converter.structure(data, Config)
    except cattrs.BaseValidationError as exc:
        raise ProblemsError(
            Problem(path, m.rpartition(" @ ")[0], where=m.rpartition(" @ ")[2].lstrip(".$"))
            for m in transform_error(exc, path="", format_exception=said)
        ) from exc


class _Expected(ValueError):
    """A setting of the wrong type: said as what was expected and what was found."""


def _exactly(kind: type, expected: str, value: Any) -> Any:
    """`value`, if it is of `kind` (cattrs would make `mouse = "no"` true, `assessor = 4` "4")."""
    if type(value) is kind:
        return value
    raise _Expected(f"expected {expected}, found {value!r}")


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
