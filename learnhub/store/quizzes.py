"""SQL for quizzes: their settings and items, attempts and each attempt's questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import fetch_record, insert_row, update_row


class QuizzesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- quizzes -----------------------------------------------------------------------------
    def insert_quiz(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "quizzes", values)

    def update_quiz(self, cur: Cursor, quiz_id: int, values: dict[str, Any]) -> None:
        update_row(cur, "quizzes", quiz_id, values)

    def quiz(self, quiz_id: int, cur: Cursor | None = None) -> dict[str, Any] | None:
        sql, params = "SELECT * FROM quizzes WHERE id = ?", [quiz_id]
        return fetch_record(cur, sql, params) if cur is not None else self.db.record(sql, params)

    def quizzes(self, *, owner_id: int | None = None, published_only: bool = False) -> pd.DataFrame:
        where, params = ["kind = 'quiz'"], []
        if owner_id is not None:
            where.append("owner_id = ?")
            params.append(owner_id)
        if published_only:
            where.append("published")
        return self.db.frame(
            f"""SELECT q.*, o.name AS owner,
                       (SELECT coalesce(sum(count), 0) FROM quiz_items i WHERE i.quiz_id = q.id)
                       AS questions
                FROM quizzes q LEFT JOIN people o ON o.id = q.owner_id
                WHERE {" AND ".join(where)} ORDER BY q.created_at DESC, q.id DESC""",
            params,
        )

    def items(self, quiz_id: int, cur: Cursor | None = None) -> pd.DataFrame:
        sql = """SELECT i.position, i.question_id, q.text AS question, q.type, i.bank_id,
                        b.name AS bank, i.category, i.count, i.points
                 FROM quiz_items i LEFT JOIN questions q ON q.id = i.question_id
                 LEFT JOIN question_banks b ON b.id = coalesce(i.bank_id, q.bank_id)
                 WHERE i.quiz_id = ? ORDER BY i.position"""
        if cur is not None:
            return cur.execute(sql, [quiz_id]).df()
        return self.db.frame(sql, [quiz_id])

    def insert_item(self, cur: Cursor, quiz_id: int, values: dict[str, Any]) -> None:
        rows = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM quiz_items WHERE quiz_id = ?", [quiz_id]
        ).fetchall()
        columns = ["quiz_id", "position", *values]
        cur.execute(
            f"INSERT INTO quiz_items ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [quiz_id, int(rows[0][0]), *values.values()],
        )

    def delete_item(self, cur: Cursor, quiz_id: int, position: int) -> None:
        cur.execute(
            "DELETE FROM quiz_items WHERE quiz_id = ? AND position = ?", [quiz_id, position]
        )

    def pool(self, cur: Cursor, bank_id: int, category: str | None) -> list[int]:
        """Live questions of a bank (or of one category and its subcategories), by position."""
        if category:
            rows = cur.execute(
                """SELECT id FROM questions WHERE bank_id = ? AND NOT retired
                   AND (category = ? OR starts_with(category, ? || '/')) ORDER BY position""",
                [bank_id, category, category],
            ).fetchall()
        else:
            rows = cur.execute(
                "SELECT id FROM questions WHERE bank_id = ? AND NOT retired ORDER BY position",
                [bank_id],
            ).fetchall()
        return [int(r[0]) for r in rows]

    # -- attempts ----------------------------------------------------------------------------
    def attempts_of(self, cur: Cursor, quiz_id: int, person_id: int) -> list[dict[str, Any]]:
        result = cur.execute(
            "SELECT * FROM quiz_attempts WHERE quiz_id = ? AND person_id = ? ORDER BY number",
            [quiz_id, person_id],
        )
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def insert_attempt(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "quiz_attempts", values)

    def insert_slots(self, cur: Cursor, slots: pd.DataFrame) -> None:
        cur.register("new_slots", slots)
        try:
            cur.execute(
                """INSERT INTO attempt_questions (attempt_id, slot, question_id, points,
                       choice_order)
                   SELECT attempt_id, slot, question_id, points, choice_order FROM new_slots"""
            )
        finally:
            cur.unregister("new_slots")

    def attempt(self, attempt_id: int, cur: Cursor | None = None) -> dict[str, Any] | None:
        sql, params = "SELECT * FROM quiz_attempts WHERE id = ?", [attempt_id]
        return fetch_record(cur, sql, params) if cur is not None else self.db.record(sql, params)

    def slots(self, attempt_id: int, cur: Cursor | None = None) -> pd.DataFrame:
        sql = """SELECT slot, question_id, points, choice_order, response, saved_at, fraction,
                        graded_by, graded_at, comment
                 FROM attempt_questions WHERE attempt_id = ? ORDER BY slot"""
        if cur is not None:
            return cur.execute(sql, [attempt_id]).df()
        return self.db.frame(sql, [attempt_id])

    def save_response(
        self, cur: Cursor, attempt_id: int, slot: int, response: str | None, at: datetime
    ) -> None:
        cur.execute(
            "UPDATE attempt_questions SET response = ?, saved_at = ? "
            "WHERE attempt_id = ? AND slot = ?",
            [response, at, attempt_id, slot],
        )

    def set_fraction(
        self,
        cur: Cursor,
        attempt_id: int,
        slot: int,
        fraction: float | None,
        grader: int | None = None,
        at: datetime | None = None,
        comment: str = "",
    ) -> None:
        cur.execute(
            "UPDATE attempt_questions SET fraction = ?, graded_by = ?, graded_at = ?, "
            "comment = ? WHERE attempt_id = ? AND slot = ?",
            [fraction, grader, at, comment, attempt_id, slot],
        )

    def finish(self, cur: Cursor, attempt_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        cur.execute(
            f"UPDATE quiz_attempts SET {assignments} WHERE id = ?", [*values.values(), attempt_id]
        )

    def overdue(self, now: datetime) -> list[int]:
        rows = self.db.rows(
            "SELECT id FROM quiz_attempts WHERE status = 'open' AND deadline < ?", [now]
        )
        return [int(r[0]) for r in rows]

    def person_attempts(self, person_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT a.id, a.quiz_id, q.title, q.kind, a.number, a.day, a.for_record,
                      a.started_at, a.submitted_at, a.status, a.score, a.max_score,
                      q.pass_percent, q.review, q.closes_at
               FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
               WHERE a.person_id = ? ORDER BY a.started_at DESC""",
            [person_id],
        )
