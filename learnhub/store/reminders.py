"""SQL for reminders: the in-app inbox (one message per person and key) and the queue of webhook
deliveries to a group robot (one per key, claimed before sending so it goes out once).

Every write is one set-based statement; messages for many people arrive as one DataFrame.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database

__all__ = ["MESSAGE_COLUMNS", "RemindersRepo"]

MESSAGE_COLUMNS = ["person_id", "key", "kind", "title", "body", "due"]


class RemindersRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- inbox -------------------------------------------------------------------------------
    def add_messages(self, messages: pd.DataFrame, at: datetime) -> dict[str, int]:
        """Insert every (person_id, key) not yet in the inbox, in one statement; how many were
        new, by kind. `messages` has MESSAGE_COLUMNS (due may be missing)."""
        if messages.empty:
            return {}
        incoming = messages.reindex(columns=MESSAGE_COLUMNS).drop_duplicates(["person_id", "key"])
        incoming = incoming.assign(due=pd.to_datetime(incoming["due"]).dt.date)

        def work(cur: Cursor) -> dict[str, int]:
            cur.register("inbox_in", incoming)
            try:
                rows = cur.execute(
                    """INSERT INTO inbox (person_id, key, kind, title, body, due, created_at)
                       SELECT CAST(person_id AS INTEGER), key, kind, title,
                              coalesce(body, ''), CAST(due AS DATE), ?
                       FROM inbox_in
                       ON CONFLICT (person_id, key) DO NOTHING
                       RETURNING kind""",
                    [at],
                ).fetchall()
            finally:
                cur.unregister("inbox_in")
            return dict(Counter(str(row[0]) for row in rows))

        return self.db.transaction(work)

    def messages(self, person_id: int, *, limit: int = 200) -> pd.DataFrame:
        """A person's messages, newest first."""
        return self.db.frame(
            """SELECT id, key, kind, title, body, due, created_at, read_at FROM inbox
               WHERE person_id = ? ORDER BY created_at DESC, id DESC LIMIT ?""",
            [person_id, limit],
        )

    def unread_count(self, person_id: int) -> int:
        return int(
            self.db.scalar(
                "SELECT count(*) FROM inbox WHERE person_id = ? AND read_at IS NULL", [person_id]
            )
        )

    def mark_read(self, person_id: int, at: datetime, ids: list[int] | None = None) -> int:
        """Mark the person's messages `ids` (all when None) read; how many changed."""
        where = "" if ids is None else "AND id IN (SELECT unnest(?))"
        params: list[Any] = [at, person_id] + ([] if ids is None else [ids])
        return self.db.transaction(
            lambda cur: len(
                cur.execute(
                    f"""UPDATE inbox SET read_at = ?
                        WHERE person_id = ? AND read_at IS NULL {where} RETURNING id""",
                    params,
                ).fetchall()
            )
        )

    def keys_sent(self, keys: list[str]) -> pd.DataFrame:
        """person_id, key of the messages already in the inbox under `keys`."""
        return self.db.frame(
            "SELECT person_id, key FROM inbox WHERE key IN (SELECT unnest(?))", [keys]
        )

    # -- what the office digest reads ----------------------------------------------------------
    def waiting_reviews(self, submitted_before: datetime) -> pd.DataFrame:
        """Written work submitted before `submitted_before` and not reviewed yet, oldest first:
        id, kind, title, name, submitted_at."""
        return self.db.frame(
            """SELECT r.id, r.kind, r.title, p.name, w.submitted_at
               FROM records r JOIN writing_details w ON w.record_id = r.id
               JOIN people p ON p.id = r.person_id
               WHERE r.status IN ('submitted', 'under_review')
                 AND w.submitted_at IS NOT NULL AND w.submitted_at < ?
               ORDER BY w.submitted_at, r.id""",
            [submitted_before],
        )

    # -- webhook deliveries ------------------------------------------------------------------
    def enqueue(self, key: str, url: str, payload: str, now: datetime) -> bool:
        """Queue a delivery once per key; False when the key was already queued."""
        return self.db.transaction(
            lambda cur: bool(
                cur.execute(
                    """INSERT INTO webhook_deliveries (key, url, payload, created_at,
                                                       next_attempt_at)
                       VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id""",
                    [key, url, payload, now, now],
                ).fetchall()
            )
        )

    def claim_due(
        self, now: datetime, backoff: tuple[timedelta, ...], max_attempts: int, limit: int = 10
    ) -> list[dict[str, Any]]:
        """Take the deliveries due at `now`: count the attempt and move the next one out by the
        backoff in the same statement, so a second runner (or a crash mid-send) cannot send
        them twice at once. Returns id, key, url, payload, attempts (after this one)."""
        cases = " ".join(f"WHEN {i + 1} THEN INTERVAL {int(d.total_seconds())} SECOND"
                         for i, d in enumerate(backoff))  # fmt: skip
        longest = int(backoff[-1].total_seconds())

        def work(cur: Cursor) -> list[dict[str, Any]]:
            result = cur.execute(
                f"""UPDATE webhook_deliveries
                    SET attempts = attempts + 1,
                        next_attempt_at = CAST(? AS TIMESTAMP) + CASE attempts + 1 {cases}
                                          ELSE INTERVAL {longest} SECOND END
                    WHERE id IN (SELECT id FROM webhook_deliveries
                                 WHERE delivered_at IS NULL AND attempts < ?
                                   AND next_attempt_at <= ?
                                 ORDER BY next_attempt_at, id LIMIT ?)
                    RETURNING id, key, url, payload, attempts""",
                [now, max_attempts, now, limit],
            )
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

        return self.db.transaction(work)

    def mark_delivered(self, delivery_id: int, at: datetime) -> None:
        self.db.execute(
            "UPDATE webhook_deliveries SET delivered_at = ?, last_error = '' WHERE id = ?",
            [at, delivery_id],
        )

    def mark_failed(self, delivery_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE webhook_deliveries SET last_error = ? WHERE id = ?", [error[:500], delivery_id]
        )

    def delivery(self, key: str) -> dict[str, Any] | None:
        return self.db.record("SELECT * FROM webhook_deliveries WHERE key = ?", [key])

    def deliveries(self, limit: int = 50) -> pd.DataFrame:
        """The delivery log, newest first."""
        return self.db.frame(
            """SELECT id, key, created_at, attempts, last_error, next_attempt_at, delivered_at
               FROM webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT ?""",
            [limit],
        )
