"""Background threads of the server: at most one per job and database in a process, daemons so
they never keep the server from stopping, each stopped through its own event."""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["BackgroundJobs"]


class BackgroundJobs:
    """The running threads of one kind of job (reminders, the snapshot refresh), by database."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._running: dict[str, tuple[threading.Thread, threading.Event]] = {}

    def ensure(self, key: str, loop: Callable[[threading.Event], None]) -> threading.Thread:
        """The thread running `loop(stop)` for `key`, started unless one is alive already."""
        with self._lock:
            found = self._running.get(key)
            if found is not None and found[0].is_alive():
                return found[0]
            stop = threading.Event()
            thread = threading.Thread(target=loop, args=(stop,), name=self.name, daemon=True)
            self._running[key] = (thread, stop)
            thread.start()
            return thread

    def stop_all(self, timeout: float) -> None:
        """Ask every thread to stop, then wait for each (a job under way is finished first)."""
        with self._lock:
            running = list(self._running.values())
            self._running.clear()
        for _, stop in running:
            stop.set()
        for thread, _ in running:
            thread.join(timeout)
