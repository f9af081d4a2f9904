"""Keys one at a time, in order, each to the screen its key before it left showing.

Textual hands each key to the focused widget as it arrives and runs a key's binding only when
the key has bubbled back up to the app, so in a burst (a paste, a laggy SSH link) the keys
after `g` reach the walk before `g` has opened its dialog, and the keys after `n` reach the
workspace's table, or a dialog whose input is not focused yet. Here the app holds each key
until the one before it has been handled, what it set off has settled (a dialog mounted, the
focus moved) and the screen on top is mounted: then the key goes where the user saw it go.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

#: Past this, a key whose handling never said it ended (its widget went away) no longer
#: holds the keys behind it.
STUCK_AFTER = 1.0
SETTLE_ROUNDS = 2  # rounds of "every widget on screen has done what it had queued"


class KeyHandled(Message):
    """Sent behind a key to the widget the key went to; it reaches the app after the key."""


class OrderedKeys(App[Any]):
    """An app whose keys are dispatched one at a time, each once the last has settled."""

    def __init__(self) -> None:
        super().__init__()
        self._held_keys: deque[events.Key] = deque()
        self._key_out_since: float | None = None  # a key is being handled (since when)
        self._pumping = False  # a settle round or a dispatch is scheduled

    @property
    def keys_pending(self) -> bool:
        """Keys typed and not yet handled (for tests that type a burst)."""
        return bool(self._held_keys) or self._key_out_since is not None or self._pumping

    def type_next(self, character: str) -> None:
        """Hand `character` on as the next key, before any typed after the key being handled
        (the second digit of a code that turned out to start the next question's answer)."""
        self._held_keys.appendleft(events.Key(character, character))
        self._pump_keys()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._held_keys.append(event)
            if (
                self._key_out_since is not None
                and time.monotonic() - self._key_out_since > STUCK_AFTER
            ):
                self._key_out_since = None
            if self._settled():  # a key on its own, the app at rest: at once
                self._pumping = True
                await self._send_next_key()
            else:
                self._pump_keys()
            return
        await super().on_event(event)

    def _settled(self) -> bool:
        """Nothing in hand: no key out or waiting, and every widget on screen idle."""
        if self._pumping or self._key_out_since is not None or len(self._held_keys) != 1:
            return False
        try:
            screen = self.screen
        except Exception:
            return False
        return screen.is_mounted and all(
            pump._message_queue.empty() for pump in [screen, *screen.walk_children()]
        )

    def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        self._key_out_since = None
        self._pump_keys()

    def _pump_keys(self) -> None:
        if self._pumping or self._key_out_since is not None or not self._held_keys:
            return
        self._pumping = True
        self._settle(SETTLE_ROUNDS)

    def _settle(self, rounds: int) -> None:
        """Let every widget on the screen do what it has queued; then the next key."""
        try:
            screen = self.screen
        except Exception:  # no screen yet: the app is starting
            self.set_timer(0.01, lambda: self._settle(rounds))
            return
        if not screen.is_mounted:
            self.set_timer(0.01, lambda: self._settle(rounds))
            return
        pumps: list[MessagePump] = [screen, *screen.walk_children()]
        waiting = 0

        def one_done() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                self._round_done(rounds - 1)

        for pump in pumps:
            if pump.call_later(one_done):
                waiting += 1
        if waiting == 0:
            self._round_done(0)

    def _round_done(self, rounds: int) -> None:
        screen = self.screen
        queued = any(not pump._message_queue.empty() for pump in [screen, *screen.walk_children()])
        if rounds > 0 and (queued or not screen.is_mounted):
            self._settle(rounds)
        else:  # through the app's own queue: focus moves it was asked for come first
            self.call_later(self._send_next_key)

    async def _send_next_key(self) -> None:
        self._pumping = False
        if not self.screen.is_mounted:
            self._pump_keys()
            return
        if not self._held_keys:
            return
        event = self._held_keys.popleft()
        self._key_out_since = time.monotonic()
        self.app_focus = True
        if await self._check_bindings(event.key, priority=True):
            self._key_out_since = None
            self._pump_keys()
            return
        target = self.focused or self.screen
        target._forward_event(event)
        if not target.post_message(KeyHandled()):
            self._key_out_since = None
            self._pump_keys()
