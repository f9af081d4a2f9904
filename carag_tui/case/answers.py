"""Answer values: validating what a case file holds, parsing what a person types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from carag_tui.guide.model import AnswerType, Option, Question
from carag_tui.guide.rules import AnswerValue
from carag_tui.safetext import visible

#: How a rule looks up earlier answers: question id -> the valid answer, or None.
Lookup = Callable[[str], AnswerValue | None]

#: Words a person may type for the yes/no answers (plain mode, `carag set`).
YES_NO_WORDS = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "na": "na",
    "n/a": "na",
    "a": "na",
    "not applicable": "na",
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
            return (
                f"expected a list of options ({', '.join(question.choice_keys)}), found {value!r}"
            )
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


def available_choices(question: Question, lookup: Lookup) -> tuple[Option, ...]:
    """The choices offered in this case: those without a rule, or whose rule holds."""
    return tuple(o for o in question.choices if o.condition is None or o.condition.evaluate(lookup))


def unavailable_choice(question: Question, value: object, lookup: Lookup) -> str | None:
    """Why a well-formed `value` is not an answer in this case (an option whose rule does
    not hold, e.g. R2.12's 'left to the responsible officer' outside NPS-retained cases)."""
    if not any(o.condition is not None for o in question.options):
        return None
    picked = value if isinstance(value, list) else [value]
    for option in question.options:
        if (
            option.key in picked
            and option.condition is not None
            and not option.condition.evaluate(lookup)
        ):
            return f"{option.key!r} is only an answer where {option.rule}"
    return None


def parse_value(
    question: Question, text: str, choices: Sequence[Option] | None = None
) -> AnswerValue:
    """Turn typed text into an answer value; raise ValueError saying what was expected.

    `choices` are the options offered in this case (`Walk.choices`); numbers count in them."""
    text = text.strip()
    kind = question.answer
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        word = YES_NO_WORDS.get(text.lower())
        if word is None or word not in question.choice_keys:
            raise ValueError(f"expected {' or '.join(question.choice_keys)}")
        return word
    offered = tuple(question.choices if choices is None else choices)
    if kind is AnswerType.CHOICE:
        return _option(offered, text)
    if kind is AnswerType.MULTI:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        values = [_option(offered, p) for p in parts]
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


def _option(choices: Sequence[Option], text: str) -> str:
    """An option by key, by its number in the list (1-based), or by its label."""
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].key
    for option in choices:
        if text in (option.key, option.label) or text.lower() == option.label.lower():
            return option.key
    keys = ", ".join(o.key for o in choices)
    raise ValueError(f"expected one of {keys} (or 1–{len(choices)})")


def format_value(question: Question, value: AnswerValue | None) -> str:
    """An answer as a person reads it (control characters from the file shown escaped)."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return visible(", ".join(question.label_for(v) for v in value), lines=False) or "(none)"
    if isinstance(value, str) and question.answer in (
        AnswerType.YES_NO,
        AnswerType.YES_NO_NA,
        AnswerType.CHOICE,
    ):
        return visible(question.label_for(value), lines=False)
    return visible(str(value), lines=False)
