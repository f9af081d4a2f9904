"""Stopped and resumed (SIGTSTP, then SIGCONT from `fg`), and no restart on a lone SIGCONT.

A terminal that goes away (a dropped SSH link, a closed tmux pane) sends the foreground process
SIGHUP and SIGCONT together. Textual's Linux driver takes every SIGCONT for `fg` after a stop
and starts application mode again, with a second output thread, while the hang-up shuts the
app down; now and then the shutdown then waits forever on the first thread's full queue
(Textual 8.2.8, the hang of Textualize/textual#6692 by another way in), and carag stays running,
holding its case's lock. Here a SIGCONT resumes the app only after a SIGTSTP suspended it.
"""

from __future__ import annotations

import signal
from types import FrameType


def resume_only_after_a_stop() -> None:
    """Wrap the driver's SIGTSTP and SIGCONT handlers (where it set them: not headless, not on
    Windows, only from the main thread) so that a SIGCONT is passed on only after a SIGTSTP."""
    if not hasattr(signal, "SIGCONT"):
        return
    on_stop, on_continue = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not callable(on_stop) or not callable(on_continue):
        return
    stopped = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        stopped = True
        on_stop(signum, frame)  # suspends, then stops the process until `fg`

    def resume(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        if stopped:
            stopped = False
            on_continue(signum, frame)

    try:
        signal.signal(signal.SIGTSTP, stop)
        signal.signal(signal.SIGCONT, resume)
    except ValueError:  # not the main thread
        return
