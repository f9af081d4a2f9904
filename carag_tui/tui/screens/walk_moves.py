"""Moving in the walk: `j`/`k` a question, `[`/`]` a key question, `g` to an id, `o` the overview
(and what it asks for on closing: a question, marking complete, marking complete and starting
the next case, leaving).

A part of `WalkScreen` (what it uses of the screen is declared by `WalkHost`, `walk_host.py`);
the rules (which question is next, what an id names, whether the case can be marked complete)
are the core's (`case/navigation.py`, `CaseSession`)."""

from __future__ import annotations

from pathlib import Path

from carag_tui.case.session import CaseIncomplete, CaseReadOnly
from carag_tui.tui.screens.walk_host import WalkHost


class WalkMoves(WalkHost):
    """Moving between questions, for the walk screen."""

    def action_step(self, step: int) -> None:
        if self.qid is None:
            return
        target = self.walk.next(self.qid) if step > 0 else self.walk.previous(self.qid)
        if target is not None:
            self.qid = target.id
        else:
            self.set_status(
                "This is the last question." if step > 0 else "This is the first question."
            )

    def action_key_step(self, step: int) -> None:
        if self.qid is None:
            return
        target = self.walk.next_key_question(self.qid, step)
        if target is not None:
            self.qid = target.id
        else:
            self.set_status(
                "This is the last key question." if step > 0 else "This is the first key question."
            )

    def action_goto(self) -> None:
        from carag_tui.tui.screens.goto import GoToScreen

        self.app.push_screen(GoToScreen(self.session.guide, self.walk), self._jump)

    def _jump(self, qid: str | None) -> None:
        if qid:
            self.qid = qid

    def action_overview(self, end: bool = False) -> None:
        from carag_tui.tui.screens.overview import OverviewScreen

        self.app.push_screen(
            OverviewScreen(self.session, end=end, at=self.qid), self._after_overview
        )

    def _after_overview(self, result: str | None) -> None:
        if result in ("complete", "complete_next"):
            try:
                saved = self.session.mark_complete()
            except (CaseIncomplete, CaseReadOnly) as exc:
                self.set_status(f"Not marked complete: {str(exc).rstrip('.')}.", "warning")
                saved = None
            if saved is not None:
                self._report_save(saved, "Case marked complete.")
            self.qid = self.qid
            if saved is not None and saved.saved and result == "complete_next":
                self.start_next_case()
        elif result == "leave":
            self.action_leave()
        elif result:
            self.qid = result

    def start_next_case(self) -> None:
        """Leave this case and open the new-case dialog, from this case's guide and unit:
        the workspace's (the walk's result), or over the walk opened on one file."""
        case = self.session.case
        start = (case.guide, case.unit or "")
        on_close = self.on_close
        if not self.release():
            return
        if on_close is None:
            self.dismiss(start)
            return
        from carag_tui.tui.screens.new_case import NewCaseScreen

        def created(path: Path | None) -> None:
            opener = getattr(self.app, "open_case", None)  # CaragApp's, as for `carag open`
            if path is None or opener is None:
                on_close()
            else:
                opener(path)

        self.app.push_screen(
            NewCaseScreen(self.session.path.parent, guide_id=start[0], unit=start[1]), created
        )
