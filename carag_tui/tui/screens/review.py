"""The reviewer's walk: a case one key question a screen, each question with its answer, note
and query, then the summary judgement; agree, query, approve or return from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError
from carag_tui.case.model import Case
from carag_tui.case.review_record import read_queries, review_state
from carag_tui.case.store import CaseFile, read_case_data
from carag_tui.guide.model import Guide, KeyQuestion
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.problems import ProblemsError
from carag_tui.qa import edits
from carag_tui.report.inspection import reviewers_above
from carag_tui.safetext import visible
from carag_tui.tui.screens.review_keys import REVIEW_KEYS
from carag_tui.tui.widgets.review_page import key_question_text


class ReviewScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = REVIEW_KEYS

    page: reactive[int] = reactive(0, init=False)

    def __init__(
        self, paths: list[Path], reviewer: str = "", on_close: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.index = 0
        self.reviewer = reviewer
        self.on_close = on_close
        self.agreed: set[str] = set()
        self.case: Case | None = None
        self.data: dict[str, Any] = {}
        self.guide: Guide | None = None
        self.walk: Walk | None = None
        self.pages: list[KeyQuestion] = []
        self.error: str | None = None

    # -- loading -----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.paths[self.index]

    def compose(self) -> ComposeResult:
        yield Static(id="review-head")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-page")
        yield Static(id="review-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    def load(self, keep_page: bool = False) -> None:
        """Read the case afresh (the assessor may have changed it) and show it."""
        self.error = None
        try:
            self.case, self.data = read_case_data(self.path)
            self.guide = catalogue().get(self.case.guide)
        except ProblemsError as exc:
            self.error = str(exc.problems[0])
        except GuideNotFound as exc:
            self.error = str(exc)
        if self.error is None and self.guide is not None and self.case is not None:
            self.walk = Walk(self.guide, self.case.answers)
            self.pages = self.walk.key_questions()
        else:
            self.pages = []
        if not keep_page:
            self.agreed = set()
            self.page = 0
        self.page = min(self.page, max(len(self.pages) - 1, 0))
        self.draw()

    def watch_page(self) -> None:
        self.draw()
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    # -- drawing -----------------------------------------------------------------------------

    def draw(self) -> None:
        head = self.query_one("#review-head", Static)
        page = self.query_one("#review-page", Static)
        if self.error is not None or self.case is None or self.guide is None:
            head.update(Text(f" {self.path.name}: cannot be reviewed", style="bold"))
            page.update(Text(self.error or ""))
            return
        state = review_state(self.case, self.data)
        of = f" · case {self.index + 1} of {len(self.paths)}" if len(self.paths) > 1 else ""
        head.update(
            Text.assemble(
                (f" {visible(self.case.case, lines=False)}", "bold"),
                f" · {visible(self.case.assessor or 'no assessor', lines=False)} · ",
                (state.label.upper(), "bold"),
                f"{of} · agreed {len(self.agreed)}/{len(self.pages)}",
            )
        )
        page.update(self.page_text())

    def page_text(self) -> Text:
        assert self.guide is not None and self.walk is not None and self.case is not None
        if not self.pages:
            return Text("No question applies to this case.")
        kq = self.pages[self.page]
        width = max(20, (self.size.width or 80) - 27)  # beside the id and the answer
        mark = " ✓ agreed" if kq.id in self.agreed else ""
        text = Text()
        text.append(f"{kq.id} {kq.label}", style="bold")
        text.append(f"  ({self.page + 1}/{len(self.pages)}){mark}\n\n")
        text.append_text(
            key_question_text(kq, self.walk, self.case, read_queries(self.data), width)
        )
        return text

    # -- actions -----------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.query_one("#review-status", Static).update(Text(message))

    def action_step(self, step: int) -> None:
        if self.pages:
            self.page = max(0, min(len(self.pages) - 1, self.page + step))

    def action_agree(self) -> None:
        if not self.pages:
            return
        self.agreed.add(self.pages[self.page].id)
        if self.page < len(self.pages) - 1:
            self.page += 1
        else:
            self.draw()
            left = len(self.pages) - len(self.agreed)
            self.say(
                "Every key question agreed: A approves the case."
                if not left
                else f"{left} key question{'s' * (left != 1)} not agreed yet."
            )

    def _save(self, edit: Callable[[CaseFile], Any], done: str) -> bool:
        try:
            edits.save_edit(self.path, edit)
        except edits.ReviewRefused as exc:
            self.say(f"Not saved: {exc}")
            return False
        except LockedError as exc:
            self.say(f"Not saved: {exc}; try again when the assessor has closed it.")
            return False
        except (ProblemsError, GuideNotFound, OSError) as exc:
            self.say(f"Not saved: {exc}")
            return False
        self.load(keep_page=True)
        self.say(done)
        return True

    def _who(self) -> str | None:
        if not self.reviewer.strip():
            self.say(
                "Who reviews is not known: set `assessor` in the config file, or start "
                "with `carag review --reviewer NAME`."
            )
            return None
        return self.reviewer

    def action_query(self) -> None:
        if not self.pages or self.guide is None or self._who() is None:
            return
        from carag_tui.tui.screens.ask import AskScreen

        kq = self.pages[self.page]
        default = kq.summary or self.guide.questions_of(kq.id)[0].id

        def asked_where(qid: str | None) -> None:
            if qid is None:
                return
            ids = {q.id.lower(): q.id for q in self.guide.questions} if self.guide else {}
            found = ids.get(qid.lower())
            if found is None:
                self.say(f"No question {qid!r} in this guide.")
                return

            def asked_what(text: str | None) -> None:
                if text:
                    self._open_query(found, text)

            self.app.push_screen(
                AskScreen(
                    f"Query on {found}, for the assessor:", placeholder="e.g. Evidence for this?"
                ),
                asked_what,
            )

        self.app.push_screen(AskScreen("Query on which question?", default), asked_where)

    def _open_query(self, qid: str, text: str) -> None:
        guide, who = self.guide, self.reviewer
        assert guide is not None
        self._save(
            lambda c: edits.open_query(c, guide, qid, text, who),
            f"Query opened on {qid}; it blocks approval until you close it.",
        )

    def action_close_query(self) -> None:
        if not self.pages or self.walk is None or self._who() is None:
            return
        kq = self.pages[self.page]
        here = [
            q
            for q in read_queries(self.data).values()
            if q.is_open and q.qid in {x.id for x in self.walk.questions_in(kq.id)}
        ]
        if not here:
            self.say("No open query in this key question.")
            return
        query = next((q for q in here if q.state == "answered"), here[0])
        who = self.reviewer
        reviewers, problem = reviewers_above(self.path)
        if problem:
            self.say(f"Query not closed: {problem}")
            return
        self._save(
            lambda c: edits.close_query(c, query.qid, who, reviewers=reviewers),
            f"Query on {query.qid} closed.",
        )

    def action_approve(self) -> None:
        who = self._who()
        if who is None or self.guide is None:
            return
        reviewers, problem = reviewers_above(self.path)
        if problem:
            self.say(f"Not approved: {problem}")
            return
        guide = self.guide
        left = len(self.pages) - len(self.agreed)
        note = f" ({left} key questions not marked agreed)" if left else ""
        path = self.path
        if self._save(
            lambda c: edits.approve(c, guide, who, reviewers),
            f"Approved by {who}{note}."
            + (f" The reviewers list is {edits.WORKFLOW_AID}." if reviewers else ""),
        ):
            self._commit(path, "approved")
            self._advance()

    def action_return_case(self) -> None:
        if self._who() is None:
            return
        from carag_tui.tui.screens.ask import AskScreen

        self.app.push_screen(
            AskScreen(
                "Return the case to its assessor. Why?", placeholder="e.g. Answer the queries at U1"
            ),
            self._returned,
        )

    def _returned(self, reason: str | None) -> None:
        if not reason:
            return
        who, path = self.reviewer, self.path
        if self._save(
            lambda c: edits.return_case(c, who, reason),
            f"Returned to {self.case.assessor if self.case else 'the assessor'}.",
        ):
            self._commit(path, "returned", reason)
            self._advance()

    def _commit(self, path: Path, status: str, reason: str | None = None) -> None:
        """Where the case is in git (and `commit_reviews` is on), commit the decision with
        `Reviewed-by:` / `QA-Status:` trailers, off the UI thread; a toast says how it went."""
        config = getattr(self.app, "config", None)  # the carag app's (a test may host it)
        if config is not None and not config.commit_reviews:
            return
        who = self.reviewer

        def commit() -> str | None:
            from carag_tui.qa.git import commit_review, in_git

            return commit_review(path, who, status, reason) if in_git(path) else None

        self.run_worker(commit, thread=True, group="review-commit", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "review-commit":
            return
        if event.state is WorkerState.SUCCESS and worker.result:
            self.notify(f"{worker.result}.", title="git")
        elif event.state is WorkerState.ERROR:
            self.notify(
                f"git commit failed: {worker.error} (the review is saved in the case file)",
                title="git",
                severity="warning",
            )

    def _advance(self) -> None:
        """After a decision, on to the next case of the list (the message stays)."""
        if self.index < len(self.paths) - 1:
            message = str(self.query_one("#review-status", Static).render())
            self.action_next_case()
            self.say(f"{message} Next: {self.path.name}.")

    def action_next_case(self) -> None:
        if self.index < len(self.paths) - 1:
            self.index += 1
            self.load()
        else:
            self.say("That was the last case to review.")

    def action_leave(self) -> None:
        if self.on_close is not None:
            self.on_close()
        else:
            self.dismiss(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Approve case", "Approve the answers and notes as they are", self.action_approve
        )
        yield SystemCommand(
            "Return case", "Send the case back to its assessor", self.action_return_case
        )
        yield SystemCommand("Open query", "Ask the assessor about a question", self.action_query)
