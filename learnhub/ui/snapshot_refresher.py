"""Keeps the notebooks' snapshot fresh: one daemon thread per server process and database.

`ensure_refresher(store, settings)` is cheap and safe to call on every script run: the first call
starts the thread, later ones return it. The thread refreshes at once and then every
`settings.snapshot_minutes` minutes (0 turns it off); a failure is logged and tried again next
time, and no page ever waits for it. No Streamlit here: it runs outside any script.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from learnhub.settings import Settings
from learnhub.snapshot import refresh_snapshot
from learnhub.store import Store
from learnhub.ui.background import BackgroundJobs

__all__ = ["ensure_refresher", "stop_refreshers"]

log = logging.getLogger(__name__)

_JOBS = BackgroundJobs("learnhub-snapshot")


def _loop(store: Store, minutes: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            info = refresh_snapshot(store, now=datetime.now(UTC))
            log.info("snapshot refreshed: %s (%.1f s)", info.path, info.seconds or 0.0)
        except Exception:  # logged, retried at the next turn; the app carries on
            log.exception("snapshot refresh failed for %s", store.db.path)
        stop.wait(minutes * 60)


def ensure_refresher(store: Store, settings: Settings) -> threading.Thread | None:
    """The refresher thread of `store`'s database, started on first use (None when
    `settings.snapshot_minutes` is 0 or the database lives in memory)."""
    minutes = int(settings.snapshot_minutes)
    if minutes <= 0 or store.db.path == ":memory:" or store.db.read_only:
        return None
    return _JOBS.ensure(store.db.path, lambda stop: _loop(store, minutes, stop))


def stop_refreshers(timeout: float = 30.0) -> None:
    """Stop every refresher of this process (tests; a refresh under way is finished first)."""
    _JOBS.stop_all(timeout)
