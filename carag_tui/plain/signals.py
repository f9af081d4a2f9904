"""Hang-ups in plain mode: SIGHUP (the connection dropped) and SIGTERM end the session, after
what is not yet on disk has been saved."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any


class Hangup(Exception):
    """SIGHUP (the SSH connection dropped) or SIGTERM, raised where the session waits for input."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def on_hangup(handler: Callable[[int, Any], None]) -> Callable[[], None]:
    """Send SIGHUP and SIGTERM to `handler`; returns what puts the old handlers back."""
    previous: dict[int, Any] = {}
    for sig in (signal.SIGHUP, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread: the caller's handlers stay
            break

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
