"""SQL for training classes (集中培训): the class, its roster, its sessions and leave requests.

A class's half-day sessions are study_sessions rows with class_id set (migration 9), so the
attendance tables and sign-in codes are the study days' own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import fetch_record, insert_row


class TrainingRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- classes -----------------------------------------------------------------------------
    def insert_class(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "training_classes", values)

    def update_class(self, cur: Cursor, class_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        cur.execute(
            f"UPDATE training_classes SET {assignments} WHERE id = ?", [*values.values(), class_id]
        )

    def training_class(self, class_id: int) -> dict[str, Any] | None:
        return self.db.record(
            """SELECT c.*, o.name AS organiser FROM training_classes c
               LEFT JOIN people o ON o.id = c.organiser_id WHERE c.id = ?""",
            [class_id],
        )

    def classes(self, *, organiser_id: int | None = None) -> pd.DataFrame:
        """Every class (or one organiser's), newest first, with its roster size."""
        where, params = ("WHERE c.organiser_id = ?", [organiser_id]) if organiser_id else ("", [])
        return self.db.frame(
            f"""SELECT c.id, c.title, c.category, c.first_day, c.last_day, c.location,
                       c.hours_per_session, c.organiser_id, o.name AS organiser,
                       (SELECT count(*) FROM class_members m WHERE m.class_id = c.id) AS members
                FROM training_classes c LEFT JOIN people o ON o.id = c.organiser_id
                {where} ORDER BY c.first_day DESC, c.id DESC""",
            params,
        )

    def classes_of(self, person_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT c.id, c.title, c.category, c.first_day, c.last_day, c.location,
                      c.hours_per_session
               FROM training_classes c JOIN class_members m ON m.class_id = c.id
               WHERE m.person_id = ? ORDER BY c.first_day DESC, c.id DESC""",
            [person_id],
        )

    # -- roster ------------------------------------------------------------------------------
    def member_ids(self, class_id: int, cur: Cursor | None = None) -> set[int]:
        sql, params = "SELECT person_id FROM class_members WHERE class_id = ?", [class_id]
        rows = cur.execute(sql, params).fetchall() if cur is not None else self.db.rows(sql, params)
        return {int(r[0]) for r in rows}

    def is_member(self, class_id: int, person_id: int) -> bool:
        return bool(
            self.db.rows(
                "SELECT 1 FROM class_members WHERE class_id = ? AND person_id = ?",
                [class_id, person_id],
            )
        )

    def add_members(
        self, cur: Cursor, class_id: int, person_ids: list[int], actor_id: int | None
    ) -> None:
        frame = pd.DataFrame(
            {"class_id": class_id, "person_id": person_ids, "added_by": actor_id},
            columns=["class_id", "person_id", "added_by"],
        )
        cur.register("new_members", frame)
        cur.execute(
            """INSERT INTO class_members (class_id, person_id, added_by)
               SELECT class_id, person_id, added_by FROM new_members"""
        )
        cur.unregister("new_members")

    def remove_member(self, cur: Cursor, class_id: int, person_id: int) -> None:
        cur.execute(
            "DELETE FROM class_members WHERE class_id = ? AND person_id = ?", [class_id, person_id]
        )

    def has_traces(self, cur: Cursor, class_id: int, person_id: int) -> bool:
        """Whether the person has a mark or a leave request in the class (then they stay)."""
        row = cur.execute(
            """SELECT EXISTS (SELECT 1 FROM attendance a JOIN study_sessions s
                              ON s.id = a.session_id WHERE s.class_id = ? AND a.person_id = ?)
                   OR EXISTS (SELECT 1 FROM leave_requests WHERE class_id = ? AND person_id = ?)""",
            [class_id, person_id, class_id, person_id],
        ).fetchone()
        return bool(row and row[0])

    def roster(self, class_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT p.id AS person_id, p.username, p.name, d.name AS department, p.active
               FROM class_members m JOIN people p ON p.id = m.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               WHERE m.class_id = ? ORDER BY d.sort_order NULLS LAST, p.username""",
            [class_id],
        )

    # -- sessions ----------------------------------------------------------------------------
    def sessions(self, class_id: int) -> pd.DataFrame:
        """The class's sessions in order; `day` as datetime.date."""
        frame = self.db.frame(
            """SELECT s.id, s.day, s.half_day, s.category, s.topic, s.lecturer_id,
                      lp.name AS lecturer, s.location, s.status, s.status_reason, s.credit_hours
               FROM study_sessions s LEFT JOIN people lp ON lp.id = s.lecturer_id
               WHERE s.class_id = ? ORDER BY s.day, s.half_day, s.id""",
            [class_id],
        )
        frame["day"] = pd.to_datetime(frame["day"]).dt.date
        return frame

    def session_keys(self, cur: Cursor, class_id: int) -> set[tuple[date, str]]:
        rows = cur.execute(
            "SELECT day, half_day FROM study_sessions WHERE class_id = ?", [class_id]
        ).fetchall()
        return {(r[0], str(r[1])) for r in rows}

    def open_class_sessions(self, person_id: int, day: date) -> pd.DataFrame:
        """The person's class sessions of a day (their sign-in window is checked by the caller).
        `category` is the class's title here: that is what the person recognises in a list."""
        return self.db.frame(
            """SELECT s.id, s.rule_id, s.day, s.half_day, c.title AS category, s.topic,
                      s.lecturer_id,
                      lp.name AS lecturer, s.location, s.status, s.status_reason,
                      s.signin_secret, s.signin_opened_at, s.signin_closes_at, s.class_id
               FROM study_sessions s JOIN class_members m
                 ON m.class_id = s.class_id AND m.person_id = ?
               JOIN training_classes c ON c.id = s.class_id
               LEFT JOIN people lp ON lp.id = s.lecturer_id
               WHERE s.day = ? ORDER BY s.half_day, s.id""",
            [person_id, day],
        )

    def marks(self, class_id: int) -> pd.DataFrame:
        """Every (session of the class, member) pair with the mark, None when unmarked."""
        return self.db.frame(
            """SELECT s.id AS session_id, s.day, s.half_day, s.status AS session_status,
                      s.credit_hours, p.id AS person_id, p.username, p.name,
                      d.name AS department, d.sort_order, a.status
               FROM study_sessions s
               JOIN class_members m ON m.class_id = s.class_id
               JOIN people p ON p.id = m.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = p.id
               WHERE s.class_id = ?
               ORDER BY d.sort_order NULLS LAST, p.username, s.day, s.half_day""",
            [class_id],
        )

    def hours_attended(self, person_id: int, first: date, last: date) -> float:
        """Credit hours of class sessions the person attended between two days."""
        rows = self.db.rows(
            """SELECT coalesce(sum(s.credit_hours), 0) FROM attendance a
               JOIN study_sessions s ON s.id = a.session_id
               WHERE a.person_id = ? AND s.class_id IS NOT NULL AND s.status = 'scheduled'
                 AND a.status IN ('present', 'late') AND s.day BETWEEN ? AND ?""",
            [person_id, first, last],
        )
        return float(rows[0][0])

    # -- leave requests ----------------------------------------------------------------------
    def insert_leave_request(
        self, cur: Cursor, values: dict[str, Any], session_ids: list[int]
    ) -> int:
        request_id = insert_row(cur, "leave_requests", values)
        for session_id in session_ids:
            cur.execute(
                "INSERT INTO leave_request_sessions VALUES (?, ?)", [request_id, session_id]
            )
        return request_id

    def leave_request(self, cur: Cursor, request_id: int) -> dict[str, Any] | None:
        return fetch_record(cur, "SELECT * FROM leave_requests WHERE id = ?", [request_id])

    def request_sessions(self, cur: Cursor, request_id: int) -> list[int]:
        rows = cur.execute(
            "SELECT session_id FROM leave_request_sessions WHERE request_id = ? ORDER BY 1",
            [request_id],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def sessions_with_open_requests(self, cur: Cursor, person_id: int) -> set[int]:
        """Sessions the person already asked leave for (pending or approved)."""
        rows = cur.execute(
            """SELECT rs.session_id FROM leave_requests r
               JOIN leave_request_sessions rs ON rs.request_id = r.id
               WHERE r.person_id = ? AND r.status IN ('pending', 'approved')""",
            [person_id],
        ).fetchall()
        return {int(r[0]) for r in rows}

    def decide(
        self,
        cur: Cursor,
        request_id: int,
        status: str,
        actor_id: int | None,
        at: datetime,
        note: str,
    ) -> None:
        cur.execute(
            """UPDATE leave_requests SET status = ?, decided_by = ?, decided_at = ?,
               decision_note = ? WHERE id = ?""",
            [status, actor_id, at, note, request_id],
        )

    def leave_requests(self, class_id: int, *, person_id: int | None = None) -> pd.DataFrame:
        """A class's requests (or one person's), newest first, with the sessions they cover."""
        where, params = "r.class_id = ?", [class_id]
        if person_id is not None:
            where, params = where + " AND r.person_id = ?", [*params, person_id]
        return self.db.frame(
            f"""SELECT r.id, r.person_id, p.name, d.name AS department, r.reason, r.status,
                       r.requested_at, dp.name AS decided_by, r.decided_at, r.decision_note,
                       list(s.day ORDER BY s.day, s.half_day) AS days,
                       list(s.half_day ORDER BY s.day, s.half_day) AS half_days
                FROM leave_requests r JOIN people p ON p.id = r.person_id
                LEFT JOIN departments d ON d.id = p.department_id
                LEFT JOIN people dp ON dp.id = r.decided_by
                JOIN leave_request_sessions rs ON rs.request_id = r.id
                JOIN study_sessions s ON s.id = rs.session_id
                WHERE {where}
                GROUP BY ALL ORDER BY r.requested_at DESC, r.id DESC""",
            params,
        )
