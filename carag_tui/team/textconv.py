"""The case file as git's diff shows it (`diff.carag.textconv`): one line per answer with the
question id, the answer and the question's text, notes as text, so that `git diff` and
`git log -p` read like a review instead of raw TOML."""

from __future__ import annotations

import tomllib
from typing import Any

HEADER = ("case", "guide", "guide_version", "unit", "assessor", "status")


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _escape(text: str) -> str:
    """Control characters from a file are shown, never sent to the terminal."""
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def review_text(text: str) -> str:
    """The review form of a case file's text; a file that does not parse is shown as it is."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return text
    if "guide" not in data or "case" not in data:
        return text
    questions = _question_texts(str(data.get("guide")))
    lines = [f"{key}: {_escape(_value(data[key]))}" for key in HEADER if key in data]
    answers: dict[str, Any] = _table(data, "answers")
    for qid, value in answers.items():
        question = questions.get(qid, "")
        lines.append(
            f"{_escape(qid)} = {_escape(_value(value))}"
            + (f"    ({_escape(question)})" if question else "")
        )
    notes: dict[str, Any] = _table(data, "notes")
    for qid, note in notes.items():
        lines.append(f"note {_escape(qid)}:")
        lines += [f"    {_escape(line)}" for line in str(note).strip("\n").splitlines()]
    conflicts: dict[str, Any] = _table(data, "conflicts")
    for key, clash in conflicts.items():
        clash = clash if isinstance(clash, dict) else {}
        sides = [
            f"{side} {_value(clash[side]) if side in clash else '(none)'}"
            f" ({clash.get(f'{side}_by', '?')})"
            for side in ("ours", "theirs")
        ]
        lines.append(f"CLASH {_escape(key)}: {_escape(' | '.join(sides))}")
    for key, value in data.items():
        if key not in {*HEADER, "answers", "notes", "conflicts", "format", "created", "updated"}:
            lines.append(f"[{_escape(key)}] {_escape(_value(value))}")
    return "\n".join(lines) + "\n"


def _question_texts(guide_id: str) -> dict[str, str]:
    try:
        from carag_tui.guide.registry import catalogue

        guide = catalogue().get(guide_id)
    except Exception:  # an unknown guide: the ids alone still read
        return {}
    return {q.id: " ".join(q.text.split()) for q in guide.questions}
