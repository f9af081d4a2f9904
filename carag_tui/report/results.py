"""The results of an inspection, as `build_report` returns them and the renderers read them.

A `Report` holds one `GuideResult` per guide: its standards (`StandardResult`, rated from the
lowest key-question percentage), their key questions (`KeyQuestionResult`, with a `Score` per
group), the yes/no questions (`QuestionResult`) and the cases still incomplete; beside them the
files that failed (`FileError`) and, with an `inspection.toml`, the provider rating
(`ProviderResult`). The tallying is in tally.py, driven by aggregate.py.

Each key question also carries the confidence level and, where known, the eligible population,
from which its interval and band-edge flags follow (intervals.py); `observe.py` sets them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from attrs import Factory, define, frozen

from carag_tui.case.model import Status
from carag_tui.guide.model import Guide, KeyQuestion, Question, Sample, Standard
from carag_tui.report.inspection import Inspection
from carag_tui.report.intervals import (
    DEFAULT_CONFIDENCE,
    EdgeMove,
    Interval,
    interval_for,
    moves,
    near_band,
)
from carag_tui.report.ratings import BANDS, Rating, percent, rating_for, standard_rating
from carag_tui.report.strata import Representation


@define
class Score:
    """Yes answers over answered cases; `unanswered` are outside the denominator."""

    yes: int = 0
    applicable: int = 0
    unanswered: int = 0

    @property
    def percent(self) -> int | None:
        """Whole percentage, rounded half up; None when no case is in the denominator."""
        return percent(self.yes, self.applicable)

    @property
    def rating(self) -> Rating | None:
        """The band this percentage alone falls in (used to colour a bar)."""
        return rating_for(self.percent)


@define
class QuestionResult:
    """Answers to one yes/no(/na) question over the cases where it applies."""

    question: Question
    applies: int = 0
    yes: int = 0
    no: int = 0
    na: int = 0
    unanswered: int = 0

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def percent(self) -> int | None:
        """Yes over yes + no (not applicable answers and unanswered ones left out)."""
        return percent(self.yes, self.yes + self.no)


@define
class KeyQuestionResult:
    """The score of one key question: its summary judgement's "yes" answers."""

    key_question: KeyQuestion
    yes: int = 0
    applicable: int = 0
    unanswered: int = 0
    not_applicable: int = 0
    groups: dict[str, Score] = Factory(dict)
    #: Its prompt yes/no questions (shown instead of a score where there is no summary).
    questions: list[QuestionResult] = Factory(list)
    #: The confidence level (per cent) of its interval.
    confidence: float = DEFAULT_CONFIDENCE
    #: Eligible cases, for the finite-population correction (None: not known, or a sub-sample).
    population: int | None = None

    @property
    def id(self) -> str:
        return self.key_question.id

    @property
    def number(self) -> str | None:
        return self.key_question.number

    @property
    def text(self) -> str:
        return self.key_question.text

    @property
    def scored(self) -> bool:
        """Whether it has a summary judgement (and so a percentage)."""
        return self.key_question.summary is not None

    @property
    def subsample(self) -> bool:
        return self.key_question.sample is Sample.SUBSAMPLE or self.not_applicable > 0

    @property
    def score(self) -> Score:
        return Score(self.yes, self.applicable, self.unanswered)

    @property
    def percent(self) -> int | None:
        return percent(self.yes, self.applicable) if self.scored else None

    @property
    def rating(self) -> Rating | None:
        """The band of this key question's own percentage."""
        return rating_for(self.percent)

    @property
    def interval(self) -> Interval | None:
        """The Wilson interval of its percentage (None without a score)."""
        if not self.scored:
            return None
        return interval_for(self.yes, self.applicable, self.confidence, self.population)

    @property
    def near_band(self) -> tuple[Rating, ...]:
        """The other bands its interval reaches: empty when the band is clear at this level."""
        return near_band(self.yes, self.applicable, self.interval) if self.scored else ()

    @property
    def moves(self) -> tuple[EdgeMove, ...]:
        """How many more "yes" (or "no") cases would move the printed figure across an edge."""
        return moves(self.yes, self.applicable) if self.scored else ()


@define
class StandardResult:
    """A standard's key questions and its rating (None when unrated or nothing scored)."""

    standard: Standard
    key_questions: list[KeyQuestionResult] = Factory(list)
    groups: dict[str, Rating | None] = Factory(dict)

    @property
    def id(self) -> str:
        return self.standard.id

    @property
    def number(self) -> str | None:
        return self.standard.number

    @property
    def title(self) -> str:
        return self.standard.title

    @property
    def rated(self) -> bool:
        return self.standard.rated

    @property
    def rating(self) -> Rating | None:
        if not self.standard.rated:
            return None
        return standard_rating(k.percent for k in self.key_questions if k.scored)

    @property
    def rating_certain(self) -> bool | None:
        """Whether the rating holds across every key question's interval (None: no rating).

        Not certain when the deciding (lowest) key question's interval reaches another band,
        or another key question's interval reaches below the standard's band.
        """
        rating = self.rating
        if rating is None:
            return None
        order = [b.rating for b in BANDS]
        lowest = self.lowest
        if lowest is not None and lowest.near_band:
            return False
        return not any(
            order.index(b) > order.index(rating)
            for k in self.key_questions
            if k.scored
            for b in k.near_band
        )

    @property
    def lowest(self) -> KeyQuestionResult | None:
        """The key question that drives the rating (the lowest percentage)."""
        scored = [k for k in self.key_questions if k.percent is not None]
        return min(scored, key=lambda k: k.percent or 0) if scored and self.rated else None


@frozen
class IncompleteCase:
    """A case with applicable questions still unanswered."""

    path: Path
    case: str
    unit: str | None
    status: Status
    unanswered: int
    first: str | None  # the first unanswered question id
    #: Summary judgements whose key question's answers changed after they were given.
    to_review: tuple[str, ...] = ()

    @property
    def first_and_review(self) -> str:
        """`A1.3; to review: A1S` — the first unanswered and the summaries to review."""
        review = f"to review: {', '.join(self.to_review)}" if self.to_review else ""
        return "; ".join(part for part in (self.first or "", review) if part)


@frozen
class ClashedCase:
    """A case a git merge left with a clash: those answers are not counted until resolved."""

    path: Path
    case: str
    unit: str | None
    questions: tuple[str, ...]  # the answers (or fields) both sides changed


@frozen
class FileError:
    """A file that could not be read, parsed or validated, or names no installed guide."""

    path: Path
    error: str


@frozen
class PracticeExample:
    """A note an inspector marked as an example of good or poor practice."""

    path: Path
    case: str
    unit: str | None
    question: str  # the question id the note is on
    kind: str  # "good" or "poor"
    note: str
    standard: str | None = None  # the standard's id
    key_question: str | None = None  # the key question's id


@define
class GuideResult:
    """Everything about the cases assessed against one guide."""

    guide: Guide
    cases: int = 0  # every case file of this guide, excluded ones included
    excluded: int = 0
    complete: int = 0  # status complete (and not excluded)
    standards: list[StandardResult] = Factory(list)
    questions: list[QuestionResult] = Factory(list)
    incomplete: list[IncompleteCase] = Factory(list)
    #: Cases with a git merge clash: the clashed answers are left out of every figure.
    clashed: list[ClashedCase] = Factory(list)
    #: The field grouped by (None when not grouping, or the guide has no such question).
    by: str | None = None
    #: Group name -> number of (not excluded) cases, in display order.
    groups: dict[str, int] = Factory(dict)
    #: Guide version -> cases assessed against a version other than the installed one.
    other_versions: dict[str, int] = Factory(dict)
    #: Notes marked as practice examples, in file order.
    examples: list[PracticeExample] = Factory(list)
    #: The sample's make-up against the population's (with strata in inspection.toml).
    representation: Representation | None = None
    confidence: float = DEFAULT_CONFIDENCE
    population: int | None = None  # eligible cases (inspection.toml), when known

    @property
    def assessed(self) -> int:
        """Cases in the sample (not excluded)."""
        return self.cases - self.excluded

    @property
    def key_questions(self) -> list[KeyQuestionResult]:
        return [k for s in self.standards for k in s.key_questions]


@frozen
class StandardRating:
    """One of the ten standards of a provider rating."""

    number: str
    title: str
    rating: Rating | None
    source: str  # "computed" (from the case files), "entered" (inspection.toml), "missing"


@frozen
class ProviderResult:
    """The organisation's rating: only when all ten standards have a rating."""

    provider: str | None
    type: str  # a key of ratings.STANDARD_SETS
    standards: tuple[StandardRating, ...]
    score: int | None
    rating: Rating | None
    notes: tuple[str, ...] = ()

    @property
    def missing(self) -> list[str]:
        return [s.number for s in self.standards if s.rating is None]


@define
class Report:
    """The results of every guide found under the folders, and every file that failed."""

    guides: list[GuideResult] = Factory(list)
    errors: list[FileError] = Factory(list)
    by: str | None = None
    files: int = 0  # case files found (including failed ones and those of other guides)
    skipped: int = 0  # case files of other guides when one guide was asked for
    inspection: Inspection | None = None
    provider: ProviderResult | None = None
    #: Cases per review state (`case.review_record.ReviewState` values), of the cases read.
    review: dict[str, int] = Factory(dict)
    #: The folders (or files) the report was made from, and when.
    folders: list[Path] = Factory(list)
    made: datetime | None = None

    @property
    def confidence(self) -> float:
        """The confidence level of the intervals: inspection.toml's, else the method's 80%."""
        inspection = self.inspection
        if inspection is not None and inspection.confidence is not None:
            return inspection.confidence
        return DEFAULT_CONFIDENCE

    @property
    def incomplete(self) -> int:
        """Counted cases (not excluded) in progress, or marked complete with questions still
        unanswered (`carag check` calls that an error): the report is a draft until none."""
        return sum(
            g.assessed - g.complete + sum(1 for i in g.incomplete if i.status is Status.COMPLETE)
            for g in self.guides
        )

    @property
    def ok(self) -> bool:
        return not self.errors
