"""Load a guide file into a validated `Guide`, collecting every problem at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError
from cattrs.v import transform_error

from carag_tui.fileio import decode, parse_toml, read_bytes
from carag_tui.guide.model import (
    AnswerType,
    Guide,
    KeyQuestion,
    Kind,
    Question,
    Sample,
    Standard,
)
from carag_tui.guide.provenance import Part, RuleOrigin
from carag_tui.guide.rules import Expr, RuleSyntaxError, parse_rule
from carag_tui.guide.validate import check_guide
from carag_tui.names import name_problem
from carag_tui.problems import Problem, ProblemsError

FORMAT = 1
HEADER_KEYS = {"format", "id", "title", "version", "source", "licence", "intro"}
TABLES = {"standard": Standard, "key_question": KeyQuestion, "question": Question}

_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_structure_hook(Expr | None, lambda value, _: None)  # compiled later
for enum in (Kind, AnswerType, Sample, Part, RuleOrigin):
    _converter.register_structure_hook(enum, lambda value, cls: cls(value))


def _exactly(value: Any, cls: type) -> Any:
    """No silent conversion: `rated = "no"` must not become True, nor `text = 3` become "3"."""
    if not isinstance(value, cls):
        raise TypeError(f"expected {cls.__name__}, found {value!r}")
    return value


_converter.register_structure_hook(str, _exactly)
_converter.register_structure_hook(bool, _exactly)


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(type_, type) and issubclass(
        type_, Kind | AnswerType | Sample | Part | RuleOrigin
    ):
        allowed = ", ".join(m.value for m in type_)
        return f"expected one of {allowed}"
    if isinstance(exc, KeyError):
        return "required field missing"
    if type_ is str:
        return "expected a string"
    if type_ is bool:
        return "expected true or false"
    return cattrs.v.format_exception(exc, type_)


class _Lines:
    """Line numbers of `[[table]]` headers, for messages."""

    def __init__(self, text: str) -> None:
        self.headers: dict[str, list[int]] = {name: [] for name in TABLES}
        self.keys: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = re.match(r"\s*\[\[\s*(\w+)\s*\]\]", line)
            if match and match.group(1) in self.headers:
                self.headers[match.group(1)].append(number)
            key = re.match(r"\s*(\w+)\s*=", line)
            if key and not any(self.headers.values()):
                self.keys.setdefault(key.group(1), number)

    def table(self, name: str, index: int) -> int | None:
        lines = self.headers.get(name, [])
        return lines[index] if index < len(lines) else None


def load_guide(path: Path) -> Guide:
    """Load and validate a guide; raise `ProblemsError` listing every problem found."""
    path = Path(path)
    return parse_guide_bytes(read_guide_bytes(path), path)


def read_guide_bytes(path: Path) -> bytes:
    """A guide file's bytes through the one safe reader (regular files only, size-limited)."""
    try:
        return read_bytes(path, what="guide")
    except FileNotFoundError as exc:
        raise ProblemsError([Problem(path, f"cannot read guide: {exc.strerror}")]) from exc


def parse_guide_bytes(data: bytes, path: Path) -> Guide:
    """`parse_guide` on a guide file's bytes (UTF-8, with or without a byte-order mark)."""
    return parse_guide(decode(data, path, "guide"), path)


def parse_guide(text: str, path: Path) -> Guide:
    data = parse_toml(text, path)
    lines = _Lines(text)
    problems: list[Problem] = []
    header = _header(data, path, lines, problems)
    items: dict[str, list[Any]] = {}
    for name, cls in TABLES.items():
        raw_items = data.get(name, [])
        if not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
            problems.append(Problem(path, f"'{name}' must be an array of tables [[{name}]]"))
            raw_items = []
        items[name] = []
        for index, raw in enumerate(raw_items):
            where = f"{name} {raw.get('id', f'#{index + 1}')}"
            if name == "question":
                raw = _kind_inferred_flag(raw)
            try:
                items[name].append(_converter.structure(raw, cls))
            except ClassValidationError as exc:
                for message in transform_error(exc, path="", format_exception=_format_exception):
                    text_, _, key = message.rpartition(" @ ")
                    key = key.lstrip(".$")
                    problems.append(
                        Problem(
                            path,
                            f"{key}: {text_}" if key else text_,
                            lines.table(name, index),
                            where,
                        )
                    )
    if problems:
        raise ProblemsError(problems)
    guide = Guide(
        **header,
        standards=tuple(items["standard"]),
        key_questions=tuple(items["key_question"]),
        questions=tuple(items["question"]),
        path=path,
    )
    problems = check_guide(guide, lambda kind, i: lines.table(kind, i))
    if any(p.severity == "error" for p in problems):
        raise ProblemsError(problems)
    return _compile_rules(guide)


def _header(data: dict[str, Any], path: Path, lines: _Lines, problems: list[Problem]) -> dict:
    unknown = set(data) - HEADER_KEYS - set(TABLES)
    for key in sorted(unknown):
        problems.append(Problem(path, "unknown key", lines.keys.get(key), key))
    if data.get("format") != FORMAT:
        problems.append(
            Problem(path, f"expected format = {FORMAT}", lines.keys.get("format"), "format")
        )
    header = {}
    for key in ("id", "title", "version", "source", "licence", "intro"):
        value = data.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(path, "expected a string", lines.keys.get(key), key))
            value = ""
        elif not value and key in ("id", "title", "version", "source"):
            problems.append(Problem(path, "required field missing or empty", None, key))
        elif key == "id" and name_problem(value, "guide id") is not None:
            problems.append(
                Problem(path, str(name_problem(value, "guide id")), lines.keys.get(key), key)
            )
        header[key] = value
    return header


#: The reason recorded for a guide written before `inferred` existed (`kind_inferred = true`).
KIND_INFERRED_FLAG = "marked `kind_inferred = true` in the guide file; no reason recorded"


def _kind_inferred_flag(raw: dict[str, Any]) -> dict[str, Any]:
    """Read the older `kind_inferred = true` as an inference of the kind (older user guides)."""
    if "kind_inferred" not in raw:
        return raw
    raw = dict(raw)
    flag = raw.pop("kind_inferred")
    if flag is not True and flag is not False:
        raw["kind_inferred"] = flag  # let cattrs report the unknown key with its path
        return raw
    inferred = raw.get("inferred", [])
    if (
        flag
        and isinstance(inferred, list)
        and not any(isinstance(i, dict) and i.get("part") == "kind" for i in inferred)
    ):
        raw["inferred"] = [*inferred, {"part": "kind", "reason": KIND_INFERRED_FLAG}]
    return raw


def _compile(item: Any) -> Any:
    changes: dict[str, Any] = {}
    if item.rule is not None:
        changes["condition"] = parse_rule(item.rule)
    options = getattr(item, "options", ())
    if any(option.rule is not None for option in options):
        changes["options"] = tuple(
            _evolve(o, condition=parse_rule(o.rule)) if o.rule is not None else o for o in options
        )
    suggestion = getattr(item, "suggest", None)
    if suggestion is not None:
        changes["suggest"] = _evolve(suggestion, condition=parse_rule(suggestion.when))
    return _evolve(item, **changes) if changes else item


def _evolve(item: Any, **changes: Any) -> Any:
    from attrs import evolve

    return evolve(item, **changes)


def _compile_rules(guide: Guide) -> Guide:
    try:
        return _evolve(
            guide,
            standards=tuple(_compile(s) for s in guide.standards),
            key_questions=tuple(_compile(k) for k in guide.key_questions),
            questions=tuple(_compile(q) for q in guide.questions),
        )
    except RuleSyntaxError as exc:  # check_guide has already reported these
        raise ProblemsError([Problem(guide.path or Path("?"), str(exc))]) from exc
