"""The walk screen as its mixins (`walk_entry`, `walk_moves`, `walk_notes`, `walk_saves`) and
the resolve view see it: what they use of it, declared once, so none of them imports `walk.py`.

`WalkHost` is a `Screen` (not a `typing.Protocol`, which could not be one): the mixins
subclass it and so keep Textual's whole screen API typed. `WalkScreen` is its one concrete
class; what is declared here for the type checker only is defined there or in a mixin, and
mypy checks that each definition fits its declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.widgets import Input

    from carag_tui.case.flow import Walk
    from carag_tui.case.session import CaseSession, SaveResult
    from carag_tui.guide.model import Question
    from carag_tui.qa.open_case import OpenQueries
    from carag_tui.tui.widgets.question_panel import QuestionPanel


class WalkHost(Screen[tuple[str, str] | None]):
    """What the walk's parts share: the session, the question on screen, the status line,
    saving and leaving."""

    session: CaseSession
    #: The reviewer's open queries, by question.
    queries: OpenQueries
    #: Called on leaving (the workspace's); None: the walk's result dismisses it.
    on_close: Callable[[], None] | None
    #: The question on screen (`WalkScreen`'s reactive: setting it draws it).
    qid: str | None
    #: What the answers not yet saved changed, said once they are written.
    _said: list[str]
    #: The case was left: keys typed after `q` do nothing.
    _left: bool

    if TYPE_CHECKING:  # defined by WalkScreen (walk.py) or a mixin

        @property
        def walk(self) -> Walk: ...

        @property
        def question(self) -> Question | None: ...

        @property
        def panel(self) -> QuestionPanel: ...

        @property
        def editing_note(self) -> bool: ...

        def set_status(self, message: str, severity: str = "information") -> None: ...

        def _report_save(self, saved: SaveResult, said: str = "") -> None: ...

        def _save_after_refresh(self) -> None: ...

        def typed_field_left(self) -> Input | None: ...

        def _keep_note(self) -> SaveResult | None: ...

        def release(self) -> bool: ...

        def action_leave(self) -> None: ...
