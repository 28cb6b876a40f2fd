"""SQL for suggestions: their states with replies, the month's best, counts."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from learnhub.store.database import Cursor, Database


class SuggestionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add_state(
        self, cur: Cursor, record_id: int, state: str, reply: str, actor_id: int, at: datetime
    ) -> None:
        cur.execute(
            "INSERT INTO suggestion_states (record_id, state, reply, changed_by, changed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [record_id, state, reply, actor_id, at],
        )

    def state(self, record_id: int, cur: Cursor | None = None) -> str | None:
        sql = """SELECT state FROM suggestion_states WHERE record_id = ?
                 ORDER BY changed_at DESC, id DESC LIMIT 1"""
        if cur is not None:
            rows = cur.execute(sql, [record_id]).fetchall()
            return str(rows[0][0]) if rows else None
        value = self.db.scalar(sql, [record_id])
        return None if value is None else str(value)

    def history(self, record_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT s.state, s.reply, p.name AS changed_by, s.changed_at
               FROM suggestion_states s LEFT JOIN people p ON p.id = s.changed_by
               WHERE s.record_id = ? ORDER BY s.changed_at, s.id""",
            [record_id],
        )

    def listing(self, start: date, end: date) -> pd.DataFrame:
        """Submitted suggestions of a span with their current state (NULL: not triaged yet)."""
        return self.db.frame(
            """SELECT r.id, r.title, r.text, r.day, w.suggestion_category AS category,
                      p.id AS person_id, p.name, d.name AS department,
                      (SELECT s.state FROM suggestion_states s WHERE s.record_id = r.id
                       ORDER BY s.changed_at DESC, s.id DESC LIMIT 1) AS state,
                      (SELECT s.reply FROM suggestion_states s WHERE s.record_id = r.id
                       ORDER BY s.changed_at DESC, s.id DESC LIMIT 1) AS reply
               FROM records r JOIN writing_details w ON w.record_id = r.id
               JOIN people p ON p.id = r.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               WHERE r.kind = 'suggestion' AND r.day BETWEEN ? AND ?
                 AND r.status NOT IN ('draft', 'withdrawn')
               ORDER BY r.day, r.id""",
            [start, end],
        )

    def choose_best(
        self, cur: Cursor, month: date, record_id: int, actor_id: int, at: datetime, note: str
    ) -> None:
        cur.execute(
            """INSERT INTO best_suggestions VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (month) DO UPDATE SET record_id = excluded.record_id,
                   chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at,
                   note = excluded.note""",
            [month, record_id, actor_id, at, note],
        )

    def best(self, month: date) -> int | None:
        value = self.db.scalar("SELECT record_id FROM best_suggestions WHERE month = ?", [month])
        return None if value is None else int(value)
