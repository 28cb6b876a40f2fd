"""SQL for reviewing written work: the queue, reviewers' scores and decisions, featured work."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database

REVIEWABLE = ("submitted", "under_review", "reviewed", "returned", "rejected")


class ReviewsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def queue(
        self,
        start: date,
        end: date,
        *,
        kinds: list[str],
        statuses: list[str],
        department_id: int | None = None,
    ) -> pd.DataFrame:
        where = ["r.day BETWEEN ? AND ?", "r.kind IN (SELECT unnest(?))",
                 "r.status IN (SELECT unnest(?))"]  # fmt: skip
        params: list[Any] = [start, end, kinds, statuses]
        if department_id is not None:
            where.append("p.department_id = ?")
            params.append(department_id)
        return self.db.frame(
            f"""SELECT r.id, r.kind, r.title, r.day, r.status, w.submitted_at, w.topic,
                       w.suggestion_category, p.id AS person_id, p.name, d.name AS department,
                       (SELECT count(*) FROM writing_reviews v WHERE v.record_id = r.id)
                       AS reviews,
                       (SELECT avg(total) FROM writing_reviews v
                        WHERE v.record_id = r.id AND v.decision = 'pass') AS average,
                       o.score AS similarity,
                       f.record_id IS NOT NULL AS featured
                FROM records r JOIN writing_details w ON w.record_id = r.id
                JOIN people p ON p.id = r.person_id
                LEFT JOIN departments d ON d.id = p.department_id
                LEFT JOIN originality_results o ON o.record_id = r.id
                LEFT JOIN featured_writing f ON f.record_id = r.id
                WHERE {" AND ".join(where)}
                ORDER BY w.submitted_at NULLS LAST, r.id""",
            params,
        )

    def set_status(self, cur: Cursor, record_id: int, status: str) -> None:
        cur.execute(
            "UPDATE records SET status = ?, updated_at = current_timestamp WHERE id = ?",
            [status, record_id],
        )

    def put_review(self, cur: Cursor, values: dict[str, Any]) -> None:
        columns = list(values)
        keys = ("record_id", "reviewer_id")
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
        cur.execute(
            f"INSERT INTO writing_reviews ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT (record_id, reviewer_id) DO UPDATE SET {updates}",
            list(values.values()),
        )

    def reviews(self, record_id: int, *, released_only: bool = False) -> pd.DataFrame:
        released = "AND v.released_at IS NOT NULL" if released_only else ""
        return self.db.frame(
            f"""SELECT v.reviewer_id, p.name AS reviewer, v.scores, v.total, v.feedback,
                       v.decision, v.reviewed_at, v.released_at
                FROM writing_reviews v LEFT JOIN people p ON p.id = v.reviewer_id
                WHERE v.record_id = ? {released} ORDER BY v.reviewed_at""",
            [record_id],
        )

    def release(self, cur: Cursor, record_ids: list[int], at: datetime) -> int:
        rows = cur.execute(
            """UPDATE writing_reviews SET released_at = ?
               WHERE record_id IN (SELECT unnest(?)) AND released_at IS NULL RETURNING record_id""",
            [at, record_ids],
        ).fetchall()
        return len(rows)

    def feature(self, cur: Cursor, record_id: int, actor_id: int, at: datetime, note: str) -> None:
        cur.execute(
            """INSERT INTO featured_writing (record_id, featured_by, featured_at, note)
               VALUES (?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET note = excluded.note""",
            [record_id, actor_id, at, note],
        )

    def unfeature(self, cur: Cursor, record_id: int) -> None:
        cur.execute("DELETE FROM featured_writing WHERE record_id = ?", [record_id])

    def featured(self, start: date, end: date, kinds: list[str]) -> pd.DataFrame:
        return self.db.frame(
            """SELECT r.id, r.kind, r.title, r.day, r.text, r.person_id, p.name,
                      d.name AS department,
                      f.note, f.featured_at,
                      (SELECT avg(total) FROM writing_reviews v
                       WHERE v.record_id = r.id AND v.decision = 'pass') AS average
               FROM featured_writing f JOIN records r ON r.id = f.record_id
               JOIN people p ON p.id = r.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               WHERE r.day BETWEEN ? AND ? AND r.kind IN (SELECT unnest(?))
                 AND r.status = 'reviewed'
               ORDER BY r.kind, r.day, r.id""",
            [start, end, kinds],
        )
