"""Sending pace: hosted mail accounts cap how many messages go out per minute and per day."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kontakt.domain.preferences import PER_DAY, PER_MINUTE

DEFAULT_PER_MINUTE = PER_MINUTE.default
DEFAULT_PER_DAY = PER_DAY.default


@dataclass(frozen=True, slots=True)
class Limits:
    """At most ``per_minute`` in any 60 seconds and ``per_day`` in any 24 hours."""

    per_minute: int = DEFAULT_PER_MINUTE
    per_day: int = DEFAULT_PER_DAY


class Pacer:
    """Says how long to wait before the next message.

    Args:
        limits: The caps.
        sent_last_day: Messages already sent in the last 24 hours (from the
            database, so that a restart does not reset the daily count).
        clock: Seconds, monotonic.
    """

    def __init__(
        self,
        limits: Limits,
        sent_last_day: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._recent: deque[float] = deque()
        self.sent_today = sent_last_day

    @property
    def day_is_full(self) -> bool:
        """The daily cap is reached: the rest must wait for «Fortsett utsending» tomorrow."""
        return self.sent_today >= self.limits.per_day

    def wait_seconds(self) -> float:
        """Seconds until one more message may go (0: now)."""
        now = self._clock()
        while self._recent and now - self._recent[0] >= 60.0:
            self._recent.popleft()
        if len(self._recent) < self.limits.per_minute:
            return 0.0
        return 60.0 - (now - self._recent[0])

    def sent(self) -> None:
        """Count one message handed to the server."""
        self._recent.append(self._clock())
        self.sent_today += 1
