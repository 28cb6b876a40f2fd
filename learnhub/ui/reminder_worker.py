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

__all__ = ["RUN_HOUR", "TICK_SECONDS", "ensure_reminder_worker", "stop_reminder_workers", "tick"]

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
RUN_HOUR = 8
LAST_RUN_KEY = "reminders.last_run"

_LOCK = threading.Lock()
_WORKERS: dict[str, tuple[threading.Thread, threading.Event]] = {}


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
    with _LOCK:
        found = _WORKERS.get(store.db.path)
        if found is not None and found[0].is_alive():
            return found[0]
        stop = threading.Event()
        thread = threading.Thread(
            target=_loop, args=(store, settings, stop), name="learnhub-reminders", daemon=True
        )
        _WORKERS[store.db.path] = (thread, stop)
        thread.start()
        return thread


def stop_reminder_workers(timeout: float = 5.0) -> None:
    """Stop every worker of this process (tests; a clean shutdown)."""
    with _LOCK:
        workers = list(_WORKERS.values())
        _WORKERS.clear()
    for thread, stop in workers:
        stop.set()
        thread.join(timeout)
