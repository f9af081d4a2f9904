"""Case files on disk: read and validated, saved atomically, never over a change on disk.

A file that does not parse or validate is never written. What is written is what `CaseFile`
renders (its tomlkit document, edited in place, so what a person added survives). Reading
needs only tomllib; the tomlkit document is parsed when the case is first edited
(`CaseFile.doc`), which keeps tomlkit off the path from `carag open` to the first question.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carag_tui import fileio
from carag_tui.case.casefile import CaseFile, digest
from carag_tui.case.model import EXAMPLE_KINDS, FORMAT, Case, Status
from carag_tui.case.plain_case import plain_case
from carag_tui.case.unchanged import holds_nothing_new
from carag_tui.problems import Problem, ProblemsError

if TYPE_CHECKING:
    import cattrs

#: The line git writes where a merge conflict starts ("<<<<<<< HEAD").
CONFLICT_START = re.compile(r"^<{7}(?: |\r?$)", re.MULTILINE)
#: Any of git's conflict lines, anywhere (a half-resolved conflict leaves some behind).
CONFLICT_LINE = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |\r?$)", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z_]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*"?([A-Za-z0-9_.]+)"?\s*=')


@cache
def _converter() -> cattrs.Converter:
    """cattrs, for a file that is not plainly valid (`plain_case` builds the rest): imported
    here, not with the module, it is ~11 ms of every start (measured 3 December 2026)."""
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(datetime, lambda v, _: _datetime(v))
    converter.register_structure_hook(Status, lambda v, _: _status(v))
    converter.register_structure_hook(str, lambda v, _: _string(v))
    return converter


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    raise ValueError(f"expected a date and time like 2026-11-23T09:12:00Z, found {value!r}")


def _status(value: Any) -> Status:
    if isinstance(value, str) and value in {s.value for s in Status}:
        return Status(value)
    raise ValueError(f"expected one of {', '.join(s.value for s in Status)}, found {value!r}")


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, found {value!r}")


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, ValueError) and type_ in (datetime, Status, str, str | None):
        return str(exc)
    import cattrs.v

    return cattrs.v.format_exception(exc, type_)


class ConflictError(Exception):
    """The file changed on disk since it was read; saving would overwrite someone's change."""


def conflict_problems(path: Path, text: str) -> list[Problem]:
    """Git merge-conflict markers, each with the answers, notes and keys it touches."""
    problems = []
    lines = text.splitlines()
    table = ""  # the [table] each line is in, followed through the file
    for number, line in enumerate(lines, start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = header.group(1)
        if not CONFLICT_START.match(line):
            continue
        ids: list[str] = []
        side = table
        for inner in lines[number:]:
            if inner.startswith(">>>>>>>"):
                break
            if inner.startswith(("=======", "|||||||")):
                side = table  # the other side starts again from the same place
                continue
            header = _TABLE_HEADER.match(inner)
            if header:
                side = header.group(1)
                continue
            match = _KEY.match(inner)
            if match:
                name = match.group(1)
                label = name if side in ("", "answers") else f"{side.removesuffix('s')} {name}"
                if label not in ids:
                    ids.append(label)
        touched = f" (touches {', '.join(ids)})" if ids else ""
        problems.append(
            Problem(
                path,
                f"unresolved git merge conflict{touched}: edit the file to keep one side",
                number,
                "conflict",
            )
        )
    return problems


def parse_case(text: str, path: Path) -> Case:
    """Parse and validate a case file's text with tomllib (fast; for reading only)."""
    return parse_case_data(text, path)[0]


def parse_case_data(text: str, path: Path) -> tuple[Case, dict[str, Any]]:
    """The case and the raw TOML data (tomllib), for readers that also look at unknown keys."""
    data = parse_toml(text, path)
    return structure_case(data, path, text), data


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """tomllib's parse of a case file; git conflict markers and bad TOML are `ProblemsError`s
    naming the line."""
    if "<<<<<<<" in text and CONFLICT_START.search(text):  # the substring test is the fast one
        raise ProblemsError(conflict_problems(path, text))
    try:
        return fileio.parse_toml(text, path)
    except ProblemsError as exc:
        hint = _leftover(text)
        if not hint:
            raise
        raise ProblemsError(
            Problem(p.file, p.message + hint, p.line, p.where, p.severity) for p in exc.problems
        ) from exc


def _leftover(text: str) -> str:
    """A hint when a git conflict marker is left in a file that does not parse."""
    match = CONFLICT_LINE.search(text)
    if match is None:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    return f"; line {line} looks like a leftover git merge-conflict marker"


def structure_case(data: Any, path: Path, text: str | None = None) -> Case:
    """Validate parsed TOML as a case; `text` (when given) finds lines for the messages."""
    try:
        return _structure_case(data, path)
    except ProblemsError as exc:
        lines = _key_lines(path, text)
        raise ProblemsError(
            Problem(
                p.file,
                p.message,
                p.line if p.line is not None else lines.get((p.where or "").split(".")[0]),
                p.where,
                p.severity,
            )
            for p in exc.problems
        ) from exc.__cause__


def _structure_case(data: dict[str, Any], path: Path) -> Case:
    problems = []
    if data.get("format") not in (None, FORMAT):
        problems.append(
            Problem(
                path,
                f"format {data.get('format')!r} is not supported "
                f"(this carag reads format {FORMAT})",
                None,
                "format",
            )
        )
    for table in ("answers", "notes", "examples", "judged"):
        if not isinstance(data.get(table, {}), dict):
            problems.append(Problem(path, f"[{table}] must be a table", None, table))
    notes = data.get("notes")
    for qid, note in notes.items() if isinstance(notes, dict) else []:
        if not isinstance(note, str):
            problems.append(Problem(path, "a note must be a string", None, f"notes.{qid}"))
    examples = data.get("examples")
    for qid, kind in examples.items() if isinstance(examples, dict) else []:
        if kind not in EXAMPLE_KINDS:
            problems.append(
                Problem(
                    path,
                    f"a practice example is {' or '.join(EXAMPLE_KINDS)}, found {kind!r}",
                    None,
                    f"examples.{qid}",
                )
            )
    if problems:
        raise ProblemsError(problems)
    plain = plain_case(data)  # the common case, without cattrs' hooks (same `Case`)
    if plain is not None:
        return plain
    from cattrs import BaseValidationError
    from cattrs.v import transform_error

    converter = _converter()
    known = {f.name for f in Case.__attrs_attrs__}
    try:
        return converter.structure({k: v for k, v in data.items() if k in known}, Case)
    except BaseValidationError as exc:
        errors = transform_error(exc, path="", format_exception=_format_exception)
        raise ProblemsError(
            Problem(
                path,
                message.rpartition(" @ ")[0],
                None,
                message.rpartition(" @ ")[2].lstrip(".$") or None,
            )
            for message in errors
        ) from exc


def _key_lines(path: Path, text: str | None = None) -> dict[str, int]:
    """Line of each top-level key, best effort (used only in messages)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return {}
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*\[?\s*([A-Za-z_]+)\s*[=\]]", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def read_case(path: Path) -> Case:
    """Read a case file without keeping it editable (reports, checks, the workspace list)."""
    data = _read_bytes(path)
    return parse_case(_decode(data, path), path)


def read_case_data(path: Path) -> tuple[Case, dict[str, Any]]:
    """`read_case`, with the file's raw TOML data (for the keys carag does not know)."""
    return parse_case_data(_decode(_read_bytes(path), path), path)


def _read_bytes(path: Path) -> bytes:
    """Through the one safe reader: regular files only, at most `fileio.MAX_FILE_BYTES`."""
    try:
        return fileio.read_bytes(path, what="case file")
    except OSError as exc:
        raise ProblemsError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from exc


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProblemsError([Problem(path, f"not UTF-8 text (byte {exc.start})")]) from exc


def write_target(path: Path) -> Path:
    """The file a save of `path` replaces: `path` itself, or where it links to when it is a
    symbolic link to a file in its own folder or below (the link is kept, the target written).
    A link that leads out of its folder is refused (`ProblemsError`): carag never writes
    outside the workspace, and never replaces a link with a copy."""
    path = Path(path)
    if not path.is_symlink():
        return path
    target = path.resolve()
    folder = path.parent.resolve()
    if target.is_relative_to(folder):
        return target
    raise ProblemsError(
        [
            Problem(
                path,
                f"cannot be edited: it is a symbolic link to {target}, outside its folder; carag "
                f"writes only inside the workspace. Open {target} itself, or copy it here in "
                f"place of the link",
            )
        ]
    )


def load_case(path: Path) -> CaseFile:
    """Load a case file for editing; raise ProblemsError (and write nothing) if it is bad."""
    path = Path(path)
    write_target(path)  # a link out of the folder is refused before anything is typed
    data = _read_bytes(path)
    text = _decode(data, path)
    case = structure_case(parse_toml(text, path), path, text)
    return CaseFile(path, text, case, digest(data), bom=data.startswith(codecs.BOM_UTF8))


def changed_on_disk(casefile: CaseFile) -> bool:
    try:
        return digest(_read_bytes(casefile.path)) != casefile.digest
    except ProblemsError:
        return True


def save_case(casefile: CaseFile, *, touch: bool = True, force: bool = False) -> None:
    """Save atomically. Raise ConflictError if the file changed since it was read. A save
    that leaves the answers, notes and header as the file holds them writes nothing (not even
    `updated`), whoever saves: the app, plain mode, `carag set`, a review, an adjudication."""
    if not force and casefile.path.exists() and changed_on_disk(casefile):
        raise ConflictError(f"{casefile.path} changed on disk since it was opened")
    if casefile.path.exists() and holds_nothing_new(casefile) and not changed_on_disk(casefile):
        return
    text = casefile.render(touch=touch)
    # what the document holds is what the file must hold when read back (a comment after an
    # inline table swallowed its closing brace: the save is refused, the file untouched),
    # and it must hold every answer and note the file held that nobody removed
    expected = casefile.data()
    refuse_lost_keys(casefile, expected)
    fileio.atomic_write(write_target(casefile.path), text, expect_toml=expected)
    casefile.written(text)


def refuse_lost_keys(casefile: CaseFile, expected: dict[str, Any]) -> None:
    """`ProblemsError` (nothing written) when `expected` drops an answer or note the file held
    that was not removed on purpose."""
    lost = casefile.lost_keys(expected)
    if lost:
        raise ProblemsError(
            [
                Problem(
                    casefile.path,
                    (
                        f"this save would drop {', '.join(lost)}, which the file holds and nobody "
                        "removed: nothing written (report this as a carag bug, with the file)"
                    ),
                )
            ]
        )


def write_case_text(path: Path, text: str, *, expected: dict[str, Any], on_disk: str) -> None:
    """`save_case` for text rendered earlier (the save writer's thread): ConflictError if the
    file is no longer the one with digest `on_disk`, else written as `save_case` writes."""
    if path.exists():
        try:
            changed = digest(_read_bytes(path)) != on_disk
        except ProblemsError:
            changed = True
        if changed:
            raise ConflictError(f"{path} changed on disk since it was opened")
    fileio.atomic_write(path, text, expect_toml=expected)


make_private_dirs = fileio.make_private_dirs


def create_case(path: Path, case: Case) -> CaseFile:
    """Write a new case file (owner-only permissions); refuse to replace an existing file."""
    casefile = CaseFile.new(path, case)
    make_private_dirs(casefile.path.parent)
    # appears whole or not at all: a full disk leaves no empty file to say "already exists"
    fileio.create_exclusive(casefile.path, casefile.text)
    return casefile
