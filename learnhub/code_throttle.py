"""Slowing down someone who keeps typing wrong sign-in codes.

A six-digit code with two minutes accepted is guessed by chance once in 500,000 tries; without a
limit a script could still try them all within a session. After MAX_WRONG wrong codes within
WINDOW a person is refused, right code or not, until the oldest of those mistakes is WINDOW old.
A trainer can still mark them present by hand.

The counts live in the app's process (one per database), not in the database: they matter for
minutes only, and a restart forgetting them costs nothing.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta

__all__ = ["MAX_WRONG", "WINDOW", "CodeThrottle"]

MAX_WRONG = 5
WINDOW = timedelta(minutes=10)


class CodeThrottle:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wrong: dict[int, deque[datetime]] = {}

    def _recent(self, person_id: int, now: datetime) -> deque[datetime]:
        times = self._wrong.setdefault(person_id, deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        return times

    def wait_minutes(self, person_id: int, now: datetime) -> int:
        """Whole minutes until the person may try again; 0 when they may try now."""
        with self._lock:
            times = self._recent(person_id, now)
            if len(times) < MAX_WRONG:
                return 0
            return max(1, math.ceil((times[0] + WINDOW - now).total_seconds() / 60))

    def wrong(self, person_id: int, now: datetime) -> None:
        with self._lock:
            self._recent(person_id, now).append(now)

    def forget(self, person_id: int) -> None:
        with self._lock:
            self._wrong.pop(person_id, None)
