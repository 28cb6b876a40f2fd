"""SQL for learning records: reading, clippings, finished books and written work."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import fetch_record, insert_row, update_row

# Work a reviewer returned or rejected does not count (DESIGN.md §4).
# Drafts and withdrawn pieces were never handed in; returned and rejected ones do not count.
COUNTED = "status NOT IN ('draft', 'withdrawn', 'returned', 'rejected')"

RECORD_FIELDS = (
    "kind",
    "title",
    "book_id",
    "minutes",
    "page_from",
    "page_to",
    "pages",
    "text",
    "source",
    "flag",
)


class RecordsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def submitted_record(self, cur: Cursor, key: str) -> int | None:
        row = cur.execute("SELECT record_id FROM form_submissions WHERE key = ?", [key]).fetchone()
        return None if row is None else int(row[0])

    def insert(self, cur: Cursor, person_id: int, day: date, values: dict[str, Any]) -> int:
        return insert_row(cur, "records", {"person_id": person_id, "day": day, **values})

    def remember_submission(self, cur: Cursor, key: str, record_id: int) -> None:
        cur.execute("INSERT INTO form_submissions (key, record_id) VALUES (?, ?)", [key, record_id])

    def get(self, record_id: int, cur: Cursor | None = None) -> dict[str, Any] | None:
        """One record as plain Python values (dates as `date`, not pandas timestamps)."""
        sql = "SELECT * FROM records WHERE id = ?"
        return (
            fetch_record(cur, sql, [record_id])
            if cur is not None
            else self.db.record(sql, [record_id])
        )

    def update(
        self, cur: Cursor, record_id: int, values: dict[str, Any], *, changed_by: int
    ) -> None:
        previous = self.get(record_id, cur)
        cur.execute(
            "INSERT INTO record_history (record_id, changed_by, previous) VALUES (?, ?, ?)",
            [record_id, changed_by, json.dumps(previous, default=str, ensure_ascii=False)],
        )
        update_row(cur, "records", record_id, values)

    def history(self, record_id: int) -> pd.DataFrame:
        return self.db.frame(
            "SELECT changed_at, changed_by, previous FROM record_history WHERE record_id = ? "
            "ORDER BY changed_at",
            [record_id],
        )

    def reading_minutes_on(self, cur: Cursor, person_id: int, day: date) -> int:
        row = cur.execute(
            f"""SELECT coalesce(sum(minutes), 0) FROM records
                WHERE person_id = ? AND day = ? AND kind = 'reading' AND {COUNTED}""",
            [person_id, day],
        ).fetchone()
        return int(row[0]) if row else 0

    def entries(self, person_id: int, start: date, end: date) -> pd.DataFrame:
        return self.db.frame(
            """SELECT r.id, r.day, r.kind, coalesce(b.title, r.title) AS title, r.book_id,
                      r.minutes, r.page_from, r.page_to, r.text, r.source, r.status, r.flag,
                      r.created_at, r.updated_at
               FROM records r LEFT JOIN books b ON b.id = r.book_id
               WHERE r.person_id = ? AND r.day BETWEEN ? AND ?
               ORDER BY r.day DESC, r.created_at DESC""",
            [person_id, start, end],
        )

    def daily_totals(self, start: date, end: date, person_id: int | None = None) -> pd.DataFrame:
        """One row per person and day that has any counted record."""
        person_filter = "AND person_id = ?" if person_id is not None else ""
        params: list[Any] = [start, end]
        if person_id is not None:
            params.append(person_id)
        return self.db.frame(
            f"""SELECT person_id, day,
                   coalesce(sum(minutes) FILTER (WHERE kind = 'reading'), 0)::INTEGER
                       AS reading_minutes,
                   count(*) FILTER (WHERE kind = 'clipping')::INTEGER AS clippings,
                   count(*) FILTER (WHERE kind = 'reflection')::INTEGER AS reflections,
                   count(*) FILTER (WHERE kind = 'essay')::INTEGER AS essays,
                   count(*) FILTER (WHERE kind = 'book_finished')::INTEGER AS books_finished
                FROM records
                WHERE day BETWEEN ? AND ? {person_filter} AND {COUNTED}
                GROUP BY person_id, day""",
            params,
        )

    def books_finished(self, person_id: int) -> pd.DataFrame:
        return self.db.frame(
            f"""SELECT r.day, coalesce(b.title, r.title) AS title, b.author, r.text AS review
                FROM records r LEFT JOIN books b ON b.id = r.book_id
                WHERE r.person_id = ? AND r.kind = 'book_finished' AND {COUNTED}
                ORDER BY r.day DESC""",
            [person_id],
        )

    def last_reading(self, person_id: int) -> dict[str, Any] | None:
        """The person's latest reading entry: where the next one most likely continues."""
        with self.db.cursor() as cur:
            result = cur.execute(
                """SELECT book_id, title, page_to FROM records
                   WHERE person_id = ? AND kind = 'reading'
                   ORDER BY day DESC, created_at DESC LIMIT 1""",
                [person_id],
            )
            row = result.fetchone()
        return None if row is None else {"book_id": row[0], "title": row[1], "page_to": row[2]}

    def has_finished(self, cur: Cursor, person_id: int, title: str) -> bool:
        row = cur.execute(
            f"""SELECT 1 FROM records r LEFT JOIN books b ON b.id = r.book_id
                WHERE r.person_id = ? AND r.kind = 'book_finished' AND {COUNTED}
                  AND coalesce(b.title, r.title) = ? LIMIT 1""",
            [person_id, title],
        ).fetchone()
        return row is not None

    def bulk_load(self, cur: Cursor, frame: pd.DataFrame) -> int:
        """Append many records at once (imports, demo data): one statement, not a loop."""
        columns = [c for c in frame.columns]
        cur.register("incoming_records", frame)
        try:
            cur.execute(
                f"INSERT INTO records ({', '.join(columns)}) "
                f"SELECT {', '.join(columns)} FROM incoming_records"
            )
        finally:
            cur.unregister("incoming_records")
        return len(frame)

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM records"))
