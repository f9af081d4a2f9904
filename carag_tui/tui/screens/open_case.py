"""Opening a case in the walk, asking to open read-only when someone else holds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App

from carag_tui.case.lock import LockedError
from carag_tui.case.session import CaseSession
from carag_tui.problems import ProblemsError
from carag_tui.tui.screens.walk import WalkScreen


def walk_screen(
    path: Path, *, read_only: bool = False, on_close: Callable[[], None] | None = None
) -> WalkScreen | None:
    """The walk over the case in `path`, or None where it is held by someone or cannot be
    opened (`open_walk` then asks or says why)."""
    try:
        return WalkScreen(CaseSession(path, read_only=read_only), on_close=on_close)
    except (LockedError, ProblemsError, OSError):
        return None


def open_walk(
    app: App,
    path: Path,
    *,
    read_only: bool = False,
    on_close: Callable[[], None] | None = None,
    on_done: Callable[[tuple[str, str] | None], None] | None = None,
) -> None:
    """Open a case in a WalkScreen, asking to open read-only when someone else holds it."""
    try:
        session = CaseSession(path, read_only=read_only)
    except LockedError as exc:
        from carag_tui.tui.screens.confirm import ConfirmScreen

        def answer(read_only_ok: bool | None) -> None:
            if read_only_ok:
                open_walk(app, path, read_only=True, on_close=on_close, on_done=on_done)
            elif on_close is not None:
                on_close()

        app.push_screen(
            ConfirmScreen(f"{path.name} is open by {exc.holder.describe()}.\n\nOpen it read-only?"),
            answer,
        )
        return
    except (ProblemsError, OSError) as exc:
        message = str(exc)
        if on_close is not None and app.screen_stack and len(app.screen_stack) <= 1:
            app.exit(message=message, return_code=1)
            return
        app.notify(message, title=f"Cannot open {Path(path).name}", severity="error", timeout=15)
        return
    app.push_screen(WalkScreen(session, on_close=on_close), on_done)
