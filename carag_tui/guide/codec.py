"""A parsed guide as JSON data, for the guide cache: loading it can build nothing but guides.

The cache used to be a pickle, and unpickling a planted file runs its code. This format holds
only JSON values; an object is `{"@": NAME, field: value, …}` where NAME is one of the guide
model's own classes (`CLASSES`), lists are tuples, and the fields in `ENUM_FIELDS` are read
back as their enums. Anything else, or fields a class does not take, is `CacheFormatError`:
the entry is ignored and rebuilt.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import attrs

from carag_tui.guide.model import (
    AnswerType,
    Guide,
    KeyQuestion,
    Kind,
    Option,
    Question,
    Sample,
    Standard,
)
from carag_tui.guide.provenance import Inference, Part, RuleOrigin, Suggestion
from carag_tui.guide.rules import BoolOp, Comparison, Not

#: What an entry may build: the guide model's classes, and nothing else.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Guide,
        Standard,
        KeyQuestion,
        Question,
        Option,
        Inference,
        Suggestion,
        Comparison,
        Not,
        BoolOp,
    )
}
#: The fields that hold an enum, by class (an enum anywhere else is not written).
ENUM_FIELDS: dict[type, dict[str, type[Enum]]] = {
    Question: {"kind": Kind, "answer": AnswerType, "rule_origin": RuleOrigin},
    KeyQuestion: {"sample": Sample, "rule_origin": RuleOrigin},
    Standard: {"rule_origin": RuleOrigin},
    Inference: {"part": Part},
}
#: The mark of an entry in this format (a later change of layout changes it).
FORMAT = "carag-guide-cache/1"


class CacheFormatError(ValueError):
    """The entry is not a guide in this format (torn, foreign or tampered with)."""


def _encode(value: Any) -> Any:
    if attrs.has(type(value)):
        cls = type(value)
        if CLASSES.get(cls.__name__) is not cls:
            raise TypeError(f"not a guide class: {cls.__name__}")
        out: dict[str, Any] = {"@": cls.__name__}
        enums = ENUM_FIELDS.get(cls, {})
        for field in attrs.fields(cls):
            if not field.init or field.name == "path":  # the path is the file's, given on load
                continue
            item = getattr(value, field.name)
            if isinstance(item, Enum):
                if not isinstance(item, enums.get(field.name, ())):
                    raise TypeError(f"{cls.__name__}.{field.name}: an enum not in ENUM_FIELDS")
                item = item.value
            out[field.alias or field.name] = _encode(item)
        return out
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if value is None or (
        isinstance(value, str | int | float | bool) and not isinstance(value, Enum)
    ):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the guide cache")


def dumps(guide: Guide, key: str) -> bytes:
    """`guide` as JSON bytes, marked with `key` (what the entry was made from)."""
    return json.dumps(
        {"format": FORMAT, "key": key, "guide": _encode(guide)},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def _build(obj: dict[str, Any], path: Path | None = None) -> Any:
    """json's object hook: a tagged object becomes its class (lists become tuples); a guide
    gets `path`."""
    tag = obj.pop("@", None)
    if tag is None:
        return obj
    if not isinstance(tag, str):
        raise CacheFormatError("bad tag")
    cls = CLASSES.get(tag)
    if cls is None:
        raise CacheFormatError(f"unknown class {tag!r}")
    fields = {k: tuple(v) if type(v) is list else v for k, v in obj.items()}
    if cls is Guide:
        fields["path"] = path
    try:
        for name, enum in ENUM_FIELDS.get(cls, {}).items():
            if name in fields:
                fields[name] = enum(fields[name])
        return cls(**fields)
    except (TypeError, ValueError) as exc:
        raise CacheFormatError(f"bad {tag}: {exc}") from exc


def loads(data: bytes, key: str, path: Path) -> Guide:
    """The guide in `data` (from `dumps` with the same `key`), its path `path`; raises
    `CacheFormatError` for anything else."""
    try:
        top = json.loads(data, object_hook=lambda obj: _build(obj, path))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise CacheFormatError(str(exc)) from exc
    if not isinstance(top, dict) or top.get("format") != FORMAT or top.get("key") != key:
        raise CacheFormatError("not an entry for this guide file")
    guide = top.get("guide")
    if not isinstance(guide, Guide):
        raise CacheFormatError("no guide in the entry")
    return guide
