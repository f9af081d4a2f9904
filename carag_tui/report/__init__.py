"""Inspection results from a folder of case files: `carag report`, `carag export`, the app's
report screen.

    from carag_tui.report import build_report
    report = build_report([Path("cases")], by="unit")
    for result in report.guides:            # GuideResult, one per guide, framework order
        for standard in result.standards:   # StandardResult: .rating (ratings.Rating | None)
            for kq in standard.key_questions:   # KeyQuestionResult: yes/applicable/percent
                ...
    report.errors                           # FileError(path, error) for every bad file
    report.provider                         # ProviderResult when inspection.toml is there

Nothing here imports Textual; the result classes live in results.py, the tallying in
aggregate.py (the counters in tally.py, the provider rating in provider.py), renderers in
render_*.py, bands in ratings.py. Case files are read by the scanner shared with `check`,
`export` and the workspace (`carag_tui.case.scan`), walks shared through `case.walks`.
"""

from carag_tui.report.aggregate import build_report
from carag_tui.report.ratings import Rating
from carag_tui.report.results import (
    FileError,
    GuideResult,
    KeyQuestionResult,
    ProviderResult,
    QuestionResult,
    Report,
    StandardResult,
)

__all__ = [
    "FileError",
    "GuideResult",
    "KeyQuestionResult",
    "ProviderResult",
    "QuestionResult",
    "Rating",
    "Report",
    "StandardResult",
    "build_report",
]
