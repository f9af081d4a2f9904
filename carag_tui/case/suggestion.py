"""What a guide's suggestion says for this case: a hint for the inspector, never a decision."""

from __future__ import annotations

from attrs import frozen

from carag_tui.case.flow import Walk
from carag_tui.guide.model import Question


@frozen
class Suggested:
    answer: str
    label: str
    because: tuple[str, ...]  # the answers that make the suggestion, in words

    def describe(self) -> str:
        return f"{self.label} ({'; '.join(self.because)})"


def suggestion_for(walk: Walk, question: Question) -> Suggested | None:
    """The suggested answer when the question's `suggest` holds for the case, else None."""
    suggestion = question.suggest
    if suggestion is None or suggestion.condition is None:
        return None
    if not suggestion.condition.evaluate(walk.answer):
        return None
    guide = walk.guide
    because = []
    for comparison in suggestion.condition.comparisons():
        if comparison.evaluate(walk.answer) and guide.has_question(comparison.question):
            asked = guide.question(comparison.question)
            value = walk.answer(asked.id)
            shown = asked.label_for(value) if isinstance(value, str) else str(value)
            because.append(f"{asked.id} answered {shown}")
    return Suggested(suggestion.answer, question.label_for(suggestion.answer), tuple(because))


def suggestion_markdown(walk: Walk, question: Question) -> str:
    """The suggestion as a marked Markdown paragraph to put above the guidance ('' if none)."""
    found = suggestion_for(walk, question)
    if found is None:
        if question.suggest is None:
            return ""
        return (
            "**Suggestion** (the guide's, not a rule): none — no answer so far suggests "
            f"{question.label_for(question.suggest.answer).lower()}.\n\n"
        )
    return (
        f"**Suggestion** (the guide's, not a rule): {found.label.lower()}, because "
        f"{'; '.join(found.because)}. The decision is yours.\n\n"
    )
