"""SQL for sign-in sessions and failed sign-in counters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from learnhub.store.database import Database


class SessionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, token_hash: str, person_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO sessions (token_hash, person_id, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?)",
            [token_hash, person_id, now, now],
        )

    def get(self, token_hash: str) -> dict[str, Any] | None:
        row = self.db.one(
            """SELECT s.person_id, s.created_at, s.last_seen_at, s.revoked_at, p.active
               FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = ?""",
            [token_hash],
        )
        if row is None:
            return None
        keys = ("person_id", "created_at", "last_seen_at", "revoked_at", "active")
        return dict(zip(keys, row, strict=True))

    def touch(self, token_hash: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            [now, token_hash],
        )

    def revoke(self, token_hash: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            [now, token_hash],
        )

    def revoke_person(self, person_id: int, now: datetime, *, keep: str | None = None) -> int:
        def work(cur: Any) -> int:
            rows = cur.execute(
                """UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL
                   AND token_hash IS DISTINCT FROM ? RETURNING token_hash""",
                [now, person_id, keep],
            ).fetchall()
            return len(rows)

        return self.db.transaction(work)

    # -- failed sign-ins ---------------------------------------------------------------------
    def failures(self, username: str) -> dict[str, Any] | None:
        row = self.db.one(
            "SELECT failures, last_failure_at, locked_until FROM login_failures WHERE username = ?",
            [username],
        )
        if row is None:
            return None
        return {"failures": row[0], "last_failure_at": row[1], "locked_until": row[2]}

    def record_failure(
        self, username: str, now: datetime, *, lock_after: int, locked_until: datetime
    ) -> int:
        def work(cur: Any) -> int:
            row = cur.execute(
                """INSERT INTO login_failures AS f (username, failures, last_failure_at)
                   VALUES (?, 1, ?)
                   ON CONFLICT (username) DO UPDATE SET failures = f.failures + 1,
                       last_failure_at = excluded.last_failure_at
                   RETURNING failures""",
                [username, now],
            ).fetchone()
            failures = int(row[0])
            if failures >= lock_after:
                cur.execute(
                    "UPDATE login_failures SET locked_until = ?, failures = 0 WHERE username = ?",
                    [locked_until, username],
                )
            return failures

        return self.db.transaction(work)

    def clear_failures(self, username: str) -> None:
        self.db.execute("DELETE FROM login_failures WHERE username = ?", [username])
