"""SQL for written work: the `records` row of a piece and its `writing_details`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import fetch_record, insert_row

PIECE_COLUMNS = (
    "r.id, r.person_id, r.day, r.kind, r.title, r.book_id, r.text, r.status, r.created_at, "
    "w.period_start, w.topic, w.suggestion_category, w.study_session_id, w.attachment_name, "
    "w.attachment_type, w.attachment_text, w.submitted_at, w.withdrawn_at, w.saved_at"
)


class WritingRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_piece(
        self,
        cur: Cursor,
        person_id: int,
        day: date,
        record: dict[str, Any],
        details: dict[str, Any],
    ) -> int:
        record_id = insert_row(
            cur, "records", {"person_id": person_id, "day": day, "origin": "web", **record}
        )
        columns = ["record_id", *details]
        cur.execute(
            f"INSERT INTO writing_details ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [record_id, *details.values()],
        )
        return record_id

    def update_piece(
        self, cur: Cursor, record_id: int, record: dict[str, Any], details: dict[str, Any]
    ) -> None:
        if record:
            assignments = ", ".join(f"{c} = ?" for c in record)
            cur.execute(
                f"UPDATE records SET {assignments}, updated_at = current_timestamp WHERE id = ?",
                [*record.values(), record_id],
            )
        if details:
            assignments = ", ".join(f"{c} = ?" for c in details)
            cur.execute(
                f"UPDATE writing_details SET {assignments} WHERE record_id = ?",
                [*details.values(), record_id],
            )

    def piece(self, record_id: int, cur: Cursor | None = None) -> dict[str, Any] | None:
        sql = (
            f"SELECT {PIECE_COLUMNS} FROM records r "
            "JOIN writing_details w ON w.record_id = r.id WHERE r.id = ?"
        )
        return (
            fetch_record(cur, sql, [record_id])
            if cur is not None
            else self.db.record(sql, [record_id])
        )

    def pieces_of(self, person_id: int, since: date | None = None) -> pd.DataFrame:
        params: list[Any]
        where, params = "r.person_id = ?", [person_id]
        if since is not None:
            where += " AND r.day >= ?"
            params.append(since)
        return self.db.frame(
            f"""SELECT {PIECE_COLUMNS} FROM records r JOIN writing_details w ON w.record_id = r.id
                WHERE {where} ORDER BY w.saved_at DESC""",
            params,
        )

    def open_draft(self, cur: Cursor, person_id: int, kind: str, period_start: date) -> int | None:
        """The person's draft of a kind for a period, so a reload finds it again."""
        rows = cur.execute(
            """SELECT r.id FROM records r JOIN writing_details w ON w.record_id = r.id
               WHERE r.person_id = ? AND r.kind = ? AND w.period_start = ? AND r.status = 'draft'
               ORDER BY w.saved_at DESC LIMIT 1""",
            [person_id, kind, period_start],
        ).fetchall()
        return int(rows[0][0]) if rows else None

    def stamp(self, cur: Cursor, record_id: int, column: str, at: datetime | None) -> None:
        cur.execute(f"UPDATE writing_details SET {column} = ? WHERE record_id = ?", [at, record_id])

    def add_missing_details(self, cur: Cursor) -> int:
        """Give written records that came in bulk (the demo, an imported ledger) the details row
        every piece has, so the writing pages and the review queue see them. Idempotent."""
        rows = cur.execute(
            """INSERT INTO writing_details (record_id, period_start, submitted_at, saved_at)
               SELECT r.id,
                      CASE WHEN r.kind IN ('reflection', 'suggestion')
                             THEN CAST(date_trunc('week', r.day) AS DATE)
                           WHEN r.kind = 'research_report'
                             THEN CAST(date_trunc('month', r.day) AS DATE)
                           ELSE CAST(date_trunc('month', r.day) AS DATE)
                                + CAST(CASE WHEN day(r.day) <= 10 THEN 0
                                            WHEN day(r.day) <= 20 THEN 10 ELSE 20 END
                                       AS INTEGER)
                      END,
                      r.created_at, r.created_at
               FROM records r
               WHERE r.kind IN ('reflection', 'essay', 'research_report', 'suggestion')
                 AND NOT EXISTS (SELECT 1 FROM writing_details w WHERE w.record_id = r.id)
               RETURNING record_id"""
        ).fetchall()
        return len(rows)
