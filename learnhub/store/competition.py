"""SQL for the competition engine: what each person did per day and activity, exemptions, scheme
versions and the frozen monthly publications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.records import COUNTED
from learnhub.store.rows import insert_row

__all__ = ["ACTIVITIES", "CompetitionRepo"]

# The order of learnhub.schemes.ACTIVITIES (the store cannot import the domain): activities
# travel as codes into this list.
ACTIVITIES = (
    "reading",
    "clipping",
    "reflection",
    "essay",
    "book",
    "research_report",
    "suggestion",
    "study_day",
    "quiz",
    "credit_hours",
)

# Everything the scheme can count, one row per person, day and activity with the day's amount:
# reading minutes, credit hours, a number of items otherwise. Returned and rejected writing and
# drafts never count (COUNTED); study days count sessions attended (late is attended); a quiz
# counts when passed, once per quiz and day; credit hours come from lessons studied and from
# training-class sessions attended.
_ACTIVITY = f"""
    SELECT person_id, day,
           CASE kind WHEN 'book_finished' THEN 'book' ELSE kind END AS activity,
           sum(CASE WHEN kind = 'reading' THEN coalesce(minutes, 0) ELSE 1 END)::DOUBLE AS amount
    FROM records
    WHERE day BETWEEN $first AND $last AND {COUNTED}
      AND kind IN ('reading', 'clipping', 'reflection', 'essay', 'book_finished',
                   'research_report', 'suggestion')
    GROUP BY ALL
    UNION ALL
    SELECT a.person_id, s.day, 'study_day', count(*)::DOUBLE
    FROM attendance a JOIN study_sessions s ON s.id = a.session_id
    WHERE s.day BETWEEN $first AND $last AND s.class_id IS NULL AND s.status = 'scheduled'
      AND a.status IN ('present', 'late')
    GROUP BY ALL
    UNION ALL
    SELECT a.person_id, a.day, 'quiz', count(DISTINCT a.quiz_id)::DOUBLE
    FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
    WHERE a.day BETWEEN $first AND $last AND a.for_record AND a.status = 'graded'
      AND a.score >= q.pass_percent / 100.0 * a.max_score - 1e-9
    GROUP BY ALL
    UNION ALL
    SELECT person_id, day, 'credit_hours', sum(hours)::DOUBLE FROM (
        SELECT s.person_id, CAST(s.studied_at AS DATE) AS day, l.credit_hours::DOUBLE AS hours
        FROM lesson_studies s JOIN lessons l ON l.id = s.lesson_id
        WHERE CAST(s.studied_at AS DATE) BETWEEN $first AND $last
        UNION ALL
        SELECT a.person_id, s.day, coalesce(s.credit_hours, 0)
        FROM attendance a JOIN study_sessions s ON s.id = a.session_id
        WHERE s.day BETWEEN $first AND $last AND s.class_id IS NOT NULL
          AND s.status = 'scheduled' AND a.status IN ('present', 'late')
    ) GROUP BY ALL
"""


class CompetitionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- what people did ---------------------------------------------------------------------
    def activity(self, first: date, last: date, person_id: int | None = None) -> pd.DataFrame:
        """person_id, day, activity (categorical over ACTIVITIES), amount for every day between
        `first` and `last`. Fetched as numbers: turning 400,000 rows of strings and dates into
        a DataFrame took 230 ms of a month's 280; codes and day numbers take 60."""
        code = (
            "CASE activity "
            + " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(ACTIVITIES))
            + " END::TINYINT"
        )
        sql = (
            f"SELECT person_id, (day - DATE '1970-01-01')::INTEGER AS day, {code} AS code, "
            f"amount FROM ({_ACTIVITY})"
        )
        params: dict[str, Any] = {"first": first, "last": last}
        if person_id is not None:
            sql += " WHERE person_id = $person"
            params["person"] = person_id
        with self.db.cursor() as cur:
            found = cur.execute(sql, params).fetchnumpy()
        return pd.DataFrame(
            {
                "person_id": np.asarray(found["person_id"], dtype=np.int64),
                "day": np.asarray(found["day"], dtype=np.int64).astype("datetime64[D]"),
                "activity": pd.Categorical.from_codes(
                    np.asarray(found["code"], dtype=np.int64),
                    dtype=pd.CategoricalDtype(list(ACTIVITIES)),
                ),
                "amount": np.asarray(found["amount"], dtype=np.float64),
            }
        )

    def reading_days_met(
        self, first: date, last: date, goal: int, person_id: int | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(person ids, day numbers since 1970-01-01) of the days someone read `goal` minutes
        or more: only the met days travel, as numbers (a year of the large office in ~0.2 s)."""
        # A plain equality on the person (not "? IS NULL OR …") lets one person's page use the
        # records_person index.
        who = "AND person_id = $person" if person_id is not None else ""
        params: dict[str, Any] = {"first": first, "last": last, "goal": goal}
        if person_id is not None:
            params["person"] = person_id
        with self.db.cursor() as cur:
            found = cur.execute(
                f"""SELECT person_id, (day - DATE '1970-01-01')::INTEGER AS day FROM records
                    WHERE kind = 'reading' AND day BETWEEN $first AND $last AND {COUNTED} {who}
                    GROUP BY person_id, day HAVING sum(coalesce(minutes, 0)) >= $goal""",
                params,
            ).fetchnumpy()
        return (
            np.asarray(found["person_id"], dtype=np.int64),
            np.asarray(found["day"], dtype=np.int64),
        )

    # -- scheme versions ---------------------------------------------------------------------
    def scheme_names(self) -> list[str]:
        return [str(r[0]) for r in self.db.rows("SELECT DISTINCT name FROM schemes ORDER BY 1")]

    def scheme_history(self, name: str) -> pd.DataFrame:
        return self.db.frame(
            "SELECT version, valid_from, definition, created_at FROM schemes WHERE name = ? "
            "ORDER BY version",
            [name],
        )

    def add_scheme_version(
        self, cur: Cursor, name: str, valid_from: date, definition: Any, now: datetime
    ) -> int:
        """Store the next version of `name`; `definition(version)` gives its JSON."""
        rows = cur.execute(
            "SELECT coalesce(max(version), 0) FROM schemes WHERE name = ?", [name]
        ).fetchall()
        version = int(rows[0][0]) + 1
        cur.execute(
            "INSERT INTO schemes (name, version, valid_from, definition, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [name, version, valid_from, definition(version), now],
        )
        return version

    # -- exemptions --------------------------------------------------------------------------
    def exemptions(self, first: date, last: date, person_id: int | None = None) -> pd.DataFrame:
        """Exemptions in force on any day between `first` and `last`, with the person's name."""
        who = "AND e.person_id = ?" if person_id is not None else ""
        params: list[Any] = [last, first]
        if person_id is not None:
            params.append(person_id)
        return self.db.frame(
            f"""SELECT e.id, e.person_id, p.username, p.name, e.first_day, e.last_day, e.reason,
                       e.created_at
                FROM exemptions e JOIN people p ON p.id = e.person_id
                WHERE e.removed_at IS NULL AND e.first_day <= ? AND e.last_day >= ? {who}
                ORDER BY e.first_day, e.id""",
            params,
        )

    def add_exemption(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "exemptions", values)

    def remove_exemption(self, cur: Cursor, exemption_id: int, actor: int, now: datetime) -> bool:
        rows = cur.execute(
            "UPDATE exemptions SET removed_by = ?, removed_at = ? "
            "WHERE id = ? AND removed_at IS NULL RETURNING id",
            [actor, now, exemption_id],
        ).fetchall()
        return bool(rows)

    # -- publications ------------------------------------------------------------------------
    def publications(self, month: date) -> pd.DataFrame:
        """Every version of a month's publication, newest first, with who published it."""
        return self.db.frame(
            """SELECT u.id, u.month, u.version, u.scheme_name, u.scheme_version, u.reason,
                      u.published_at, coalesce(p.name, '') AS published_by
               FROM publications u LEFT JOIN people p ON p.id = u.published_by
               WHERE u.month = ? ORDER BY u.version DESC""",
            [month],
        )

    def published_months(self) -> list[date]:
        return [r[0] for r in self.db.rows("SELECT DISTINCT month FROM publications ORDER BY 1")]

    def insert_publication(
        self,
        cur: Cursor,
        values: dict[str, Any],
        people: pd.DataFrame,
        departments: pd.DataFrame,
        milestones: pd.DataFrame,
    ) -> tuple[int, int]:
        """Store the next version of the month's publication; returns (id, version)."""
        rows = cur.execute(
            "SELECT coalesce(max(version), 0) FROM publications WHERE month = ?",
            [values["month"]],
        ).fetchall()
        version = int(rows[0][0]) + 1
        publication_id = insert_row(cur, "publications", {**values, "version": version})
        for table, frame in (
            ("publication_people", people),
            ("publication_departments", departments),
            ("publication_milestones", milestones),
        ):
            if frame.empty:
                continue
            frame = frame.assign(publication_id=publication_id)
            cur.register("incoming", frame)
            try:
                columns = ", ".join(frame.columns)
                cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
            finally:
                cur.unregister("incoming")
        return publication_id, version

    def published_results(self, months: Sequence[date], scheme_name: str) -> pd.DataFrame:
        """month, person_id, score, points, all_kept of the newest publication of each of
        `months` made under `scheme_name`."""
        return self.db.frame(
            """WITH newest AS (
                   SELECT month, max(version) AS version FROM publications
                   WHERE scheme_name = ? AND month IN (SELECT unnest(?::DATE[]))
                   GROUP BY month)
               SELECT u.month, p.person_id, p.score, p.points, p.all_kept
               FROM newest n JOIN publications u USING (month, version)
               JOIN publication_people p ON p.publication_id = u.id""",
            [scheme_name, list(months)],
        )

    def publication_people(self, publication_id: int) -> pd.DataFrame:
        return self.db.frame(
            "SELECT * EXCLUDE (publication_id) FROM publication_people "
            "WHERE publication_id = ? ORDER BY rank NULLS LAST, username",
            [publication_id],
        )

    def publication_departments(self, publication_id: int) -> pd.DataFrame:
        return self.db.frame(
            "SELECT * EXCLUDE (publication_id) FROM publication_departments "
            "WHERE publication_id = ? ORDER BY rank NULLS LAST, department",
            [publication_id],
        )

    def publication_milestones(self, publication_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT m.person_id, p.name, m.kind, m.detail
               FROM publication_milestones m JOIN publication_people p
                 ON p.publication_id = m.publication_id AND p.person_id = m.person_id
               WHERE m.publication_id = ? ORDER BY m.kind, p.username""",
            [publication_id],
        )
