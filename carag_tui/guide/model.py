"""The question bank of one CARaG: standards, key questions and questions, in walk order."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from attrs import Factory, define, field, frozen

from carag_tui.guide.provenance import Inference, Part, RuleOrigin, Suggestion
from carag_tui.guide.rules import Expr


class Kind(StrEnum):
    """The CARaG key's shading of a question."""

    PROMPT = "prompt"
    SUPPLEMENTARY = "supplementary"
    INFO = "info"
    SUMMARY = "summary"


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    YES_NO_NA = "yes_no_na"
    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"


class Sample(StrEnum):
    """Whether a key question is asked of the whole sample or a sub-sample."""

    ALL = "all"
    SUBSAMPLE = "subsample"


YES_NO_LABELS = {"yes": "Yes", "no": "No", "na": "Not applicable"}


def is_inferred(item: Question | KeyQuestion | Standard, part: Part) -> bool:
    """Whether `part` of a question, key question or standard is inferred, not from the source."""
    return any(i.part is part for i in item.inferred)


@frozen
class Option:
    """One answer of a choice question; `rule` (on earlier answers) limits the cases it is for."""

    key: str
    label: str
    excludes: bool = False
    rule: str | None = None
    condition: Expr | None = field(default=None, eq=False)


@frozen
class Question:
    id: str
    key_question: str
    kind: Kind
    text: str
    answer: AnswerType
    guidance: str = ""
    options: tuple[Option, ...] = ()
    inferred: tuple[Inference, ...] = ()
    source_defects: tuple[str, ...] = ()
    rule: str | None = None
    rule_source: str | None = None
    rule_origin: RuleOrigin = RuleOrigin.SOURCE
    suggest: Suggestion | None = None
    condition: Expr | None = field(default=None, eq=False)

    @property
    def kind_inferred(self) -> bool:
        return is_inferred(self, Part.KIND)

    @property
    def from_source(self) -> bool:
        """True when nothing of the question is inferred (its defects are the source's own)."""
        return not self.inferred

    @property
    def choices(self) -> tuple[Option, ...]:
        """The options an inspector picks from, including the implicit yes/no/na ones."""
        return _IMPLICIT_CHOICES.get(self.answer, self.options)

    @property
    def choice_keys(self) -> tuple[str, ...]:
        keys = _IMPLICIT_KEYS.get(self.answer)
        return keys if keys is not None else tuple(option.key for option in self.options)

    def label_for(self, key: str) -> str:
        for option in self.choices:
            if option.key == key:
                return option.label
        return key


_IMPLICIT_CHOICES: dict[AnswerType, tuple[Option, ...]] = {
    AnswerType.YES_NO: (Option("yes", "Yes"), Option("no", "No")),
    AnswerType.YES_NO_NA: tuple(Option(k, v) for k, v in YES_NO_LABELS.items()),
}
#: The yes/no answers are the same for every question: built once, not on every look-up.
_IMPLICIT_KEYS = {kind: tuple(o.key for o in opts) for kind, opts in _IMPLICIT_CHOICES.items()}


@frozen
class KeyQuestion:
    id: str
    standard: str
    text: str
    number: str | None = None
    summary: str | None = None
    sample: Sample = Sample.ALL
    sample_note: str | None = None
    inferred: tuple[Inference, ...] = ()
    rule: str | None = None
    rule_source: str | None = None
    rule_origin: RuleOrigin = RuleOrigin.SOURCE
    condition: Expr | None = field(default=None, eq=False)

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@frozen
class Standard:
    id: str
    title: str
    number: str | None = None
    description: str | None = None
    rated: bool = True
    inferred: tuple[Inference, ...] = ()
    rule: str | None = None
    rule_source: str | None = None
    rule_origin: RuleOrigin = RuleOrigin.SOURCE
    condition: Expr | None = field(default=None, eq=False)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@define(frozen=True)
class Guide:
    """A loaded, validated guide. Sequences are in walk order."""

    id: str
    title: str
    version: str
    source: str
    licence: str = ""
    intro: str = ""
    standards: tuple[Standard, ...] = ()
    key_questions: tuple[KeyQuestion, ...] = ()
    questions: tuple[Question, ...] = ()
    path: Path | None = None
    _questions_by_id: dict[str, Question] = field(init=False, repr=False, eq=False)
    _key_questions_by_id: dict[str, KeyQuestion] = field(init=False, repr=False, eq=False)
    _standards_by_id: dict[str, Standard] = field(init=False, repr=False, eq=False)
    _position: dict[str, int] = field(init=False, repr=False, eq=False)
    _members: dict[str, tuple[Question, ...]] = field(
        init=False, repr=False, eq=False, default=Factory(dict)
    )

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_questions_by_id", {q.id: q for q in self.questions})
        set_(self, "_key_questions_by_id", {k.id: k for k in self.key_questions})
        set_(self, "_standards_by_id", {s.id: s for s in self.standards})
        set_(self, "_position", {q.id: i for i, q in enumerate(self.questions)})
        members: dict[str, list[Question]] = {}
        for question in self.questions:
            members.setdefault(question.key_question, []).append(question)
        set_(self, "_members", {k: tuple(v) for k, v in members.items()})

    def question(self, qid: str) -> Question:
        return self._questions_by_id[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._questions_by_id

    def key_question(self, kid: str) -> KeyQuestion:
        return self._key_questions_by_id[kid]

    def standard(self, sid: str) -> Standard:
        return self._standards_by_id[sid]

    def position(self, qid: str) -> int:
        """Index of a question in walk order."""
        return self._position[qid]

    def questions_of(self, key_question_id: str) -> tuple[Question, ...]:
        return self._members.get(key_question_id, ())

    def key_questions_of(self, standard_id: str) -> tuple[KeyQuestion, ...]:
        return tuple(k for k in self.key_questions if k.standard == standard_id)

    def key_question_of(self, question: Question) -> KeyQuestion:
        return self._key_questions_by_id[question.key_question]

    def standard_of(self, question: Question) -> Standard:
        return self.standard(self.key_question_of(question).standard)
