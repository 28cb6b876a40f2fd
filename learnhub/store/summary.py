"""SQL for the monthly summary (月度小结, issue 7): study-day sessions held, quiz participation,
the published months' averages for the trend, the month's notice (通报) with every saved version,
and the office's remarks per person."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database

__all__ = ["SummaryRepo"]


class SummaryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- figures -----------------------------------------------------------------------------
    def study_sessions_held(self, first: date, last: date) -> int:
        """Study-day sessions (not training-class ones) that took place between two days."""
        value = self.db.scalar(
            """SELECT count(*) FROM study_sessions
               WHERE day BETWEEN ? AND ? AND class_id IS NULL AND status = 'scheduled'""",
            [first, last],
        )
        return int(value or 0)

    def quizzes_taken(self, first: date, last: date) -> pd.DataFrame:
        """person_id, quizzes_taken (distinct quizzes with a graded attempt for the record) and
        quiz_average (each quiz's best result in percent, averaged)."""
        return self.db.frame(
            """SELECT person_id, count(*)::BIGINT AS quizzes_taken,
                      avg(best)::DOUBLE AS quiz_average
               FROM (SELECT person_id, quiz_id,
                            max(100.0 * score / nullif(max_score, 0)) AS best
                     FROM quiz_attempts
                     WHERE day BETWEEN ? AND ? AND for_record AND status = 'graded'
                     GROUP BY person_id, quiz_id)
               GROUP BY person_id""",
            [first, last],
        )

    def published_averages(self, first: date, last: date) -> pd.DataFrame:
        """For each published month between two months' first days, its newest version's
        departments: month, department, people, average_score."""
        return self.db.frame(
            """WITH newest AS (
                   SELECT month, max(version) AS version FROM publications
                   WHERE month BETWEEN ? AND ? GROUP BY month)
               SELECT u.month, d.department, d.people, d.average_score
               FROM publications u JOIN newest n ON n.month = u.month AND n.version = u.version
               JOIN publication_departments d ON d.publication_id = u.id
               ORDER BY u.month, d.department""",
            [first, last],
        )

    # -- the notice --------------------------------------------------------------------------
    def notice(self, month: date) -> dict[str, Any] | None:
        return self.db.record(
            """SELECT n.month, n.text, n.saved_by, s.name AS saved_by_name, n.saved_at,
                      n.published_by, p.name AS published_by_name, n.published_at
               FROM month_notices n LEFT JOIN people s ON s.id = n.saved_by
               LEFT JOIN people p ON p.id = n.published_by
               WHERE n.month = ?""",
            [month],
        )

    def notice_versions(self, month: date) -> pd.DataFrame:
        """id, text, saved_by (a name), saved_at; newest first."""
        return self.db.frame(
            """SELECT v.id, v.text, p.name AS saved_by, v.saved_at
               FROM month_notice_versions v LEFT JOIN people p ON p.id = v.saved_by
               WHERE v.month = ? ORDER BY v.id DESC""",
            [month],
        )

    def published_at(self, cur: Cursor, month: date) -> datetime | None:
        row = cur.execute(
            "SELECT published_at FROM month_notices WHERE month = ?", [month]
        ).fetchone()
        return None if row is None else row[0]

    def save_notice(self, cur: Cursor, month: date, text: str, actor: int, at: datetime) -> int:
        """Keep `text` as a new version and as the month's current text; returns the version id."""
        cur.execute(
            """INSERT INTO month_notices (month, text, saved_by, saved_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (month) DO UPDATE SET text = excluded.text,
                   saved_by = excluded.saved_by, saved_at = excluded.saved_at""",
            [month, text, actor, at],
        )
        row = cur.execute(
            """INSERT INTO month_notice_versions (month, text, saved_by, saved_at)
               VALUES (?, ?, ?, ?) RETURNING id""",
            [month, text, actor, at],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def publish_notice(self, cur: Cursor, month: date, actor: int, at: datetime) -> bool:
        rows = cur.execute(
            """UPDATE month_notices SET published_by = ?, published_at = ?
               WHERE month = ? RETURNING month""",
            [actor, at, month],
        ).fetchall()
        return bool(rows)

    def published_version(self, month: date) -> dict[str, Any] | None:
        """The version that was current when the notice was last published: text, saved_at,
        published_at, published_by (a name)."""
        return self.db.record(
            """SELECT v.text, v.saved_at, n.published_at, p.name AS published_by
               FROM month_notices n
               JOIN month_notice_versions v ON v.month = n.month AND v.saved_at <= n.published_at
               LEFT JOIN people p ON p.id = n.published_by
               WHERE n.month = ? AND n.published_at IS NOT NULL
               ORDER BY v.id DESC LIMIT 1""",
            [month],
        )

    # -- remarks -----------------------------------------------------------------------------
    def put_remark(
        self, cur: Cursor, month: date, person_id: int, text: str, actor: int, at: datetime
    ) -> None:
        cur.execute(
            """INSERT INTO person_remarks (month, person_id, text, written_by, written_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (month, person_id) DO UPDATE SET text = excluded.text,
                   written_by = excluded.written_by, written_at = excluded.written_at""",
            [month, person_id, text, actor, at],
        )

    def delete_remark(self, cur: Cursor, month: date, person_id: int) -> None:
        cur.execute(
            "DELETE FROM person_remarks WHERE month = ? AND person_id = ?", [month, person_id]
        )

    def remarks(self, month: date) -> pd.DataFrame:
        """person_id, username, name, department, text, written_by (a name), written_at."""
        return self.db.frame(
            """SELECT r.person_id, p.username, p.name, d.name AS department, r.text,
                      w.name AS written_by, r.written_at
               FROM person_remarks r JOIN people p ON p.id = r.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               LEFT JOIN people w ON w.id = r.written_by
               WHERE r.month = ? ORDER BY d.sort_order NULLS LAST, p.username""",
            [month],
        )

    def person_remarks(self, person_id: int) -> pd.DataFrame:
        """month, text, written_by (a name), written_at; newest month first."""
        return self.db.frame(
            """SELECT r.month, r.text, w.name AS written_by, r.written_at
               FROM person_remarks r LEFT JOIN people w ON w.id = r.written_by
               WHERE r.person_id = ? ORDER BY r.month DESC""",
            [person_id],
        )
