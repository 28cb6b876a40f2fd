"""SQL for study days: recurring rules, sessions, their lessons, attendance and its corrections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import fetch_record, insert_row, update_row

SESSION_COLUMNS = (
    "s.id, s.rule_id, s.day, s.half_day, s.category, s.topic, s.lecturer_id, "
    "lp.name AS lecturer, s.location, s.status, s.status_reason, s.signin_secret, "
    "s.signin_opened_at, s.signin_closes_at, s.class_id, s.credit_hours"
)


class StudyDaysRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- rules -------------------------------------------------------------------------------
    def rules(self, *, include_ended: bool = True) -> pd.DataFrame:
        where = "" if include_ended else "WHERE active"
        return self.db.frame(
            f"""SELECT id, name, cadence, weekday, month_day, half_day, category, valid_from,
                       valid_to, active
                FROM study_day_rules {where} ORDER BY active DESC, valid_from, id"""
        )

    def rule(self, cur: Cursor, rule_id: int) -> dict[str, Any] | None:
        return fetch_record(cur, "SELECT * FROM study_day_rules WHERE id = ?", [rule_id])

    def insert_rule(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "study_day_rules", values)

    def end_rule(self, cur: Cursor, rule_id: int, valid_to: date) -> None:
        cur.execute("UPDATE study_day_rules SET valid_to = ? WHERE id = ?", [valid_to, rule_id])

    def drop_unattended_sessions(self, cur: Cursor, rule_id: int, from_day: date) -> int:
        """Sessions a rule generated on or after `from_day` that nobody has attended yet."""
        doomed = "SELECT id FROM study_sessions s WHERE rule_id = ? AND day >= ? AND NOT EXISTS "
        doomed += "(SELECT 1 FROM attendance a WHERE a.session_id = s.id)"
        cur.execute(
            f"DELETE FROM session_lessons WHERE session_id IN ({doomed})", [rule_id, from_day]
        )
        row = cur.execute(
            f"DELETE FROM study_sessions WHERE id IN ({doomed}) RETURNING id", [rule_id, from_day]
        ).fetchall()
        return len(row)

    # -- sessions ----------------------------------------------------------------------------
    def sessions_between(self, start: date, end: date) -> pd.DataFrame:
        return self.db.frame(
            f"""SELECT {SESSION_COLUMNS} FROM study_sessions s
                LEFT JOIN people lp ON lp.id = s.lecturer_id
                WHERE s.day BETWEEN ? AND ? AND s.class_id IS NULL
                ORDER BY s.day, s.half_day, s.id""",
            [start, end],
        )

    def session(self, session_id: int, cur: Cursor | None = None) -> dict[str, Any] | None:
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM study_sessions s "
            "LEFT JOIN people lp ON lp.id = s.lecturer_id WHERE s.id = ?"
        )
        if cur is not None:
            return fetch_record(cur, sql, [session_id])
        return self.db.record(sql, [session_id])

    def rule_sessions(self, cur: Cursor, start: date, end: date) -> dict[tuple[int, date], Any]:
        rows = cur.execute(
            "SELECT rule_id, day, id, status, status_reason FROM study_sessions "
            "WHERE rule_id IS NOT NULL AND day BETWEEN ? AND ?",
            [start, end],
        ).fetchall()
        return {(int(r[0]), r[1]): (int(r[2]), r[3], r[4]) for r in rows}

    def insert_session(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "study_sessions", values)

    def update_session(self, cur: Cursor, session_id: int, values: dict[str, Any]) -> None:
        update_row(cur, "study_sessions", session_id, values)

    def session_lessons(self, session_id: int) -> list[int]:
        rows = self.db.rows(
            "SELECT lesson_id FROM session_lessons WHERE session_id = ? ORDER BY lesson_id",
            [session_id],
        )
        return [int(r[0]) for r in rows]

    def set_session_lessons(self, cur: Cursor, session_id: int, lesson_ids: list[int]) -> None:
        cur.execute("DELETE FROM session_lessons WHERE session_id = ?", [session_id])
        for lesson_id in lesson_ids:
            cur.execute("INSERT INTO session_lessons VALUES (?, ?)", [session_id, lesson_id])

    def lesson_choices(self) -> pd.DataFrame:
        return self.db.frame(
            """SELECT l.id, c.title AS course, l.title FROM lessons l
               JOIN courses c ON c.id = l.course_id
               WHERE l.published ORDER BY c.title, l.position"""
        )

    def lecture_history(self, before: date) -> dict[int, tuple[int, date]]:
        """{lecturer: (sessions lectured, last day)} over held-or-planned sessions before a day."""
        rows = self.db.rows(
            "SELECT lecturer_id, count(*), max(day) FROM study_sessions "
            "WHERE lecturer_id IS NOT NULL AND status = 'scheduled' AND day < ? "
            "AND class_id IS NULL GROUP BY 1",
            [before],
        )
        return {int(r[0]): (int(r[1]), r[2]) for r in rows}

    # -- attendance --------------------------------------------------------------------------
    def attendance_status(self, cur: Cursor, session_id: int, person_id: int) -> str | None:
        row = cur.execute(
            "SELECT status FROM attendance WHERE session_id = ? AND person_id = ?",
            [session_id, person_id],
        ).fetchone()
        return None if row is None else str(row[0])

    def put_attendance(
        self,
        cur: Cursor,
        session_id: int,
        person_id: int,
        status: str,
        method: str,
        actor_id: int | None,
        at: datetime,
        *,
        first: bool,
    ) -> None:
        """Insert the first mark, or replace the one there (`first` says which)."""
        if first:
            # A plain insert: about twice as fast as an upsert, and sign-in is the busy path.
            cur.execute(
                "INSERT INTO attendance (session_id, person_id, status, method, marked_by, "
                "marked_at) VALUES (?, ?, ?, ?, ?, ?)",
                [session_id, person_id, status, method, actor_id, at],
            )
            return
        cur.execute(
            "UPDATE attendance SET status = ?, method = ?, marked_by = ?, marked_at = ? "
            "WHERE session_id = ? AND person_id = ?",
            [status, method, actor_id, at, session_id, person_id],
        )

    def add_history(
        self,
        cur: Cursor,
        session_id: int,
        person_id: int,
        previous: str | None,
        new: str,
        reason: str,
        actor_id: int | None,
        at: datetime,
    ) -> None:
        cur.execute(
            "INSERT INTO attendance_history VALUES (?, ?, ?, ?, ?, ?, ?)",
            [session_id, person_id, previous, new, reason, actor_id, at],
        )

    def session_attendance(self, session_id: int) -> pd.DataFrame:
        """Everyone expected at a session with their mark (None when unmarked): every active
        staff member at a study day, the class's roster at a training-class session."""
        return self.db.frame(
            """WITH s AS (SELECT id, class_id FROM study_sessions WHERE id = ?)
               SELECT p.id AS person_id, p.name, d.name AS department, a.status, a.method,
                      a.marked_at
               FROM s CROSS JOIN people p LEFT JOIN departments d ON d.id = p.department_id
               LEFT JOIN attendance a ON a.person_id = p.id AND a.session_id = s.id
               WHERE CASE WHEN s.class_id IS NULL
                          THEN p.active AND list_contains(string_split(p.roles, ';'), 'staff')
                          ELSE p.id IN (SELECT person_id FROM class_members m
                                        WHERE m.class_id = s.class_id) END
               ORDER BY d.sort_order NULLS LAST, p.username""",
            [session_id],
        )

    def history(self, session_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT h.person_id, p.name, h.previous_status, h.new_status, h.reason,
                      c.name AS changed_by, h.changed_at
               FROM attendance_history h JOIN people p ON p.id = h.person_id
               LEFT JOIN people c ON c.id = h.changed_by
               WHERE h.session_id = ? ORDER BY h.changed_at, h.person_id""",
            [session_id],
        )

    def marks_between(self, start: date, end: date) -> pd.DataFrame:
        """Every (held-or-not session, active staff member, mark) pair of a date range."""
        return self.db.frame(
            """SELECT s.id AS session_id, s.day, s.half_day, s.category, s.topic, s.status AS
                      session_status, p.id AS person_id, p.name, p.department_id,
                      d.name AS department, d.sort_order, a.status
               FROM study_sessions s
               CROSS JOIN people p
               LEFT JOIN departments d ON d.id = p.department_id
               LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = p.id
               WHERE s.day BETWEEN ? AND ? AND s.class_id IS NULL AND p.active
                 AND list_contains(string_split(p.roles, ';'), 'staff')
               ORDER BY s.day, s.half_day, s.id, d.sort_order NULLS LAST, p.username""",
            [start, end],
        )

    def staff_of_departments(self, department_ids: list[int]) -> list[int]:
        if not department_ids:
            return []
        rows = self.db.rows(
            """SELECT id FROM people WHERE active AND department_id IN (SELECT unnest(?))
               AND list_contains(string_split(roles, ';'), 'staff') ORDER BY id""",
            [department_ids],
        )
        return [int(r[0]) for r in rows]
