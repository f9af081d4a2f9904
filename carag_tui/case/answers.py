"""Answer values: validating what a case file holds, parsing what a person types."""

from __future__ import annotations

from datetime import date

from carag_tui.guide.model import AnswerType, Question
from carag_tui.guide.rules import AnswerValue

#: Words a person may type for the yes/no answers (plain mode, `carag set`).
YES_NO_WORDS = {
    "yes": "yes", "y": "yes", "no": "no", "n": "no",
    "na": "na", "n/a": "na", "a": "na", "not applicable": "na",
}


def check_value(question: Question, value: object) -> str | None:
    """Why `value` is not a valid answer to `question`, or None when it is."""
    kind = question.answer
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE):
        if not isinstance(value, str) or value not in question.choice_keys:
            return f"expected one of {', '.join(question.choice_keys)}, found {value!r}"
        return None
    if kind is AnswerType.MULTI:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return (f"expected a list of options ({', '.join(question.choice_keys)}), "
                    f"found {value!r}")
        unknown = [v for v in value if v not in question.choice_keys]
        if unknown:
            return f"{', '.join(map(repr, unknown))} not among {', '.join(question.choice_keys)}"
        if len(set(value)) != len(value):
            return "an option is listed twice"
        return None
    if kind is AnswerType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"expected a whole number, 0 or more, found {value!r}"
        return None
    if kind is AnswerType.DATE:
        if not isinstance(value, date) or hasattr(value, "hour"):
            return f"expected a date like 2026-11-23, found {value!r}"
        return None
    if not isinstance(value, str):
        return f"expected text, found {value!r}"
    return None


def parse_value(question: Question, text: str) -> AnswerValue:
    """Turn typed text into an answer value; raise ValueError saying what was expected."""
    text = text.strip()
    kind = question.answer
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        word = YES_NO_WORDS.get(text.lower())
        if word is None or word not in question.choice_keys:
            raise ValueError(f"expected {' or '.join(question.choice_keys)}")
        return word
    if kind is AnswerType.CHOICE:
        return _option(question, text)
    if kind is AnswerType.MULTI:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        values = [_option(question, p) for p in parts]
        return list(dict.fromkeys(values))
    if kind is AnswerType.NUMBER:
        if not text.isdigit():
            raise ValueError("expected a whole number, 0 or more")
        return int(text)
    if kind is AnswerType.DATE:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("expected a date like 2026-11-23") from None
    if not text:
        raise ValueError("expected some text")
    return text


def _option(question: Question, text: str) -> str:
    """An option by key, by its number in the list (1-based), or by its label."""
    choices = question.choices
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].key
    for option in choices:
        if text in (option.key, option.label) or text.lower() == option.label.lower():
            return option.key
    raise ValueError(f"expected one of {', '.join(question.choice_keys)} (or 1–{len(choices)})")


def format_value(question: Question, value: AnswerValue | None) -> str:
    """An answer as a person reads it."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(question.label_for(v) for v in value) or "(none)"
    if isinstance(value, str) and question.answer in (
        AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE,
    ):
        return question.label_for(value)
    return str(value)
