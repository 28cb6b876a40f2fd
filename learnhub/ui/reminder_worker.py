"""The reminders' background thread: one per process and database, a daemon so it never keeps the
server from stopping.

Every minute it sends the webhook deliveries that are due; on the first tick after 08:00 office
time each day it creates the day's reminders (idempotent by their keys, so a restart or a second
replica's run sends nothing twice). Nothing it does raises: a failure is logged and the next tick
tries again. The pages never wait for it.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime

from learnhub import attendance, reminders, webhooks
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.background import BackgroundJobs

__all__ = ["RUN_HOUR", "TICK_SECONDS", "ensure_reminder_worker", "stop_reminder_workers", "tick"]

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
RUN_HOUR = 8
LAST_RUN_KEY = "reminders.last_run"

_JOBS = BackgroundJobs("learnhub-reminders")


def tick(store: Store, now: datetime) -> None:
    """One minute's work at office time `now`; never raises."""
    try:
        if now.hour >= RUN_HOUR and store.settings.get(LAST_RUN_KEY) != now.date().isoformat():
            counts = reminders.run_reminders(store, now.date(), now)
            store.settings.set(LAST_RUN_KEY, now.date().isoformat())
            log.info("reminders for %s: %s", now.date(), counts)
    except Exception:
        log.exception("creating reminders failed")
    webhooks.deliver_due(store, now)  # never raises


def last_run(store: Store) -> date | None:
    raw = store.settings.get(LAST_RUN_KEY)
    return date.fromisoformat(raw) if raw else None


def _loop(store: Store, settings: Settings, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            tick(store, attendance.office_now(settings.timezone))
        except Exception:  # the clock itself; keep the thread alive
            log.exception("reminder tick failed")
        stop.wait(TICK_SECONDS)


def ensure_reminder_worker(store: Store, settings: Settings) -> threading.Thread:
    """Start the worker for this store's database unless this process already runs one."""
    return _JOBS.ensure(store.db.path, lambda stop: _loop(store, settings, stop))


def stop_reminder_workers(timeout: float = 5.0) -> None:
    """Stop every worker of this process (tests; a clean shutdown)."""
    _JOBS.stop_all(timeout)
