"""SQL for the annual assessment (年度考核): a year's credit hours, reviewed writing and quiz
results per person, and the office's corrections."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import insert_row

__all__ = ["AssessmentRepo"]

# Training = training-class sessions attended (late counts); online study = lessons studied.
_HOURS = """
    SELECT person_id, sum(training)::DOUBLE AS training_hours, sum(online)::DOUBLE AS online_hours
    FROM (
        SELECT s.person_id, 0.0 AS training, l.credit_hours::DOUBLE AS online
        FROM lesson_studies s JOIN lessons l ON l.id = s.lesson_id
        WHERE CAST(s.studied_at AS DATE) BETWEEN $first AND $last
        UNION ALL
        SELECT a.person_id, coalesce(s.credit_hours, 0)::DOUBLE, 0.0
        FROM attendance a JOIN study_sessions s ON s.id = a.session_id
        WHERE s.day BETWEEN $first AND $last AND s.class_id IS NOT NULL
          AND s.status = 'scheduled' AND a.status IN ('present', 'late')
    ) GROUP BY person_id
"""

# A piece counts as reviewed once a reviewer decided on it (passed, returned or rejected); its
# score is the mean of the passing reviews' totals.
_WRITING = """
    WITH piece AS (
        SELECT r.person_id, r.id, any_value(r.status) AS status,
               avg(v.total) FILTER (WHERE v.decision = 'pass') AS average
        FROM records r JOIN writing_reviews v ON v.record_id = r.id
        WHERE r.day BETWEEN $first AND $last AND r.status IN ('reviewed', 'returned', 'rejected')
        GROUP BY r.person_id, r.id)
    SELECT person_id, count(*)::INTEGER AS pieces_reviewed,
           count(*) FILTER (WHERE status = 'reviewed')::INTEGER AS pieces_passed,
           avg(average) FILTER (WHERE status = 'reviewed')::DOUBLE AS review_total
    FROM piece GROUP BY person_id
"""

# Each quiz counts once with the person's best graded attempt for the record; the daily quiz
# counts once per day.
_QUIZZES = """
    WITH best AS (
        SELECT a.person_id, a.quiz_id, CASE WHEN q.kind = 'daily' THEN a.day END AS daily,
               max(a.score / nullif(a.max_score, 0)) AS fraction,
               any_value(q.pass_percent) AS pass_percent
        FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
        WHERE a.day BETWEEN $first AND $last AND a.for_record AND a.status = 'graded'
        GROUP BY ALL)
    SELECT person_id, count(*)::INTEGER AS quizzes_taken,
           count(*) FILTER (WHERE fraction * 100 >= pass_percent - 1e-9)::INTEGER
               AS quizzes_passed,
           (100 * avg(fraction))::DOUBLE AS quiz_average
    FROM best GROUP BY person_id
"""


class AssessmentRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _frame(self, sql: str, first: date, last: date) -> pd.DataFrame:
        params: dict[str, Any] = {"first": first, "last": last}
        return self.db.frame(sql, params)

    def hours(self, first: date, last: date) -> pd.DataFrame:
        """person_id, training_hours, online_hours of everyone with any between two days."""
        return self._frame(_HOURS, first, last)

    def writing(self, first: date, last: date) -> pd.DataFrame:
        """person_id, pieces_reviewed, pieces_passed, review_total (mean passing total)."""
        return self._frame(_WRITING, first, last)

    def quizzes(self, first: date, last: date) -> pd.DataFrame:
        """person_id, quizzes_taken, quizzes_passed, quiz_average (percent of best attempts)."""
        return self._frame(_QUIZZES, first, last)

    # -- corrections -------------------------------------------------------------------------
    def corrections(self, year: int) -> pd.DataFrame:
        """Every correction of the year, oldest first, with the person's and corrector's names."""
        return self.db.frame(
            """SELECT c.id, c.year, c.person_id, coalesce(p.username, '') AS username,
                      coalesce(p.name, '') AS name, c.field, c.old_value, c.new_value, c.reason,
                      c.corrected_by, coalesce(b.name, '') AS corrected_by_name, c.corrected_at
               FROM assessment_corrections c
               LEFT JOIN people p ON p.id = c.person_id
               LEFT JOIN people b ON b.id = c.corrected_by
               WHERE c.year = ? ORDER BY c.corrected_at, c.id""",
            [year],
        )

    def insert_correction(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "assessment_corrections", values)
