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

    def slot_question(self, attempt_id: int, slot: int) -> int | None:
        value = self.db.scalar(
            "SELECT question_id FROM attempt_questions WHERE attempt_id = ? AND slot = ?",
            [attempt_id, slot],
        )
        return None if value is None else int(value)

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

    # -- the wrong-answer book (错题本) -------------------------------------------------------
    def note_wrong(self, cur: Cursor, person_id: int, question_id: int, at: datetime) -> None:
        cur.execute(
            """INSERT INTO wrong_answers (person_id, question_id, last_wrong_at)
               VALUES (?, ?, ?)
               ON CONFLICT (person_id, question_id) DO UPDATE
               SET times_wrong = times_wrong + 1, last_wrong_at = excluded.last_wrong_at,
                   cleared_at = NULL""",
            [person_id, question_id, at],
        )

    def clear_wrong(self, cur: Cursor, person_id: int, question_id: int, at: datetime) -> None:
        cur.execute(
            "UPDATE wrong_answers SET cleared_at = ? WHERE person_id = ? AND question_id = ?",
            [at, person_id, question_id],
        )

    def wrong_book(self, person_id: int, *, include_cleared: bool = False) -> pd.DataFrame:
        cleared = "" if include_cleared else "AND w.cleared_at IS NULL"
        return self.db.frame(
            f"""SELECT w.question_id, q.type, q.text, q.category, b.name AS bank,
                       w.times_wrong, w.last_wrong_at, w.cleared_at
                FROM wrong_answers w JOIN questions q ON q.id = w.question_id
                JOIN question_banks b ON b.id = q.bank_id
                WHERE w.person_id = ? {cleared} ORDER BY w.last_wrong_at DESC""",
            [person_id],
        )

    # -- the daily quiz ----------------------------------------------------------------------
    def daily_banks(self) -> list[int]:
        return [int(r[0]) for r in self.db.rows("SELECT bank_id FROM daily_quiz_banks ORDER BY 1")]

    def set_daily_banks(self, cur: Cursor, bank_ids: list[int]) -> None:
        cur.execute("DELETE FROM daily_quiz_banks")
        for bank_id in bank_ids:
            cur.execute("INSERT INTO daily_quiz_banks VALUES (?)", [bank_id])

    def daily_quiz_id(self, cur: Cursor) -> int | None:
        rows = cur.execute("SELECT id FROM quizzes WHERE kind = 'daily' LIMIT 1").fetchall()
        return int(rows[0][0]) if rows else None

    def daily_pool(self, cur: Cursor) -> list[int]:
        """Questions of the chosen banks a machine can grade (short answers need a person)."""
        rows = cur.execute(
            """SELECT id FROM questions WHERE NOT retired AND type <> 'short'
               AND bank_id IN (SELECT bank_id FROM daily_quiz_banks) ORDER BY id"""
        ).fetchall()
        return [int(r[0]) for r in rows]

    # -- the grading queue and results ----------------------------------------------------------
    def pending_short(self, owner_id: int | None) -> pd.DataFrame:
        """Short answers waiting for a person, oldest first (one owner's quizzes, or all)."""
        where, params = ("AND z.owner_id = ?", [owner_id]) if owner_id is not None else ("", [])
        return self.db.frame(
            f"""SELECT a.id AS attempt_id, s.slot, s.question_id, s.points, s.response,
                       z.id AS quiz_id, z.title AS quiz, a.submitted_at, q.text AS question,
                       q.explanation
                FROM attempt_questions s JOIN quiz_attempts a ON a.id = s.attempt_id
                JOIN quizzes z ON z.id = a.quiz_id JOIN questions q ON q.id = s.question_id
                WHERE a.status = 'pending_review' AND s.fraction IS NULL AND q.type = 'short'
                {where} ORDER BY a.submitted_at, a.id, s.slot""",
            params,
        )

    def graded_slots(self, quiz_id: int) -> pd.DataFrame:
        """Every graded question of a quiz's attempts for the record."""
        return self.db.frame(
            """SELECT s.attempt_id, s.question_id, s.fraction, s.points
               FROM attempt_questions s JOIN quiz_attempts a ON a.id = s.attempt_id
               WHERE a.quiz_id = ? AND a.for_record AND a.status = 'graded'""",
            [quiz_id],
        )

    def results(self, quiz_id: int) -> pd.DataFrame:
        """Every active staff member with their best graded attempt of the quiz (NULL if none)."""
        return self.db.frame(
            """WITH best AS (
                   SELECT person_id, max(score) AS score, any_value(max_score) AS max_score,
                          count(*) AS attempts
                   FROM quiz_attempts
                   WHERE quiz_id = ? AND for_record AND status = 'graded'
                   GROUP BY person_id)
               SELECT p.id AS person_id, p.username, p.name, d.name AS department,
                      d.sort_order, b.score, b.max_score, coalesce(b.attempts, 0) AS attempts
               FROM people p LEFT JOIN departments d ON d.id = p.department_id
               LEFT JOIN best b ON b.person_id = p.id
               WHERE p.active AND list_contains(string_split(p.roles, ';'), 'staff')
               ORDER BY d.sort_order NULLS LAST, p.username""",
            [quiz_id],
        )

    def daily_history(self, person_id: int, since: datetime) -> pd.DataFrame:
        """A person's daily-quiz attempts from `since`'s day on, newest first."""
        return self.db.frame(
            """SELECT a.id, a.day, a.number, a.for_record, a.status, a.score, a.max_score,
                      a.started_at
               FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
               WHERE a.person_id = ? AND q.kind = 'daily' AND a.day >= CAST(? AS DATE)
               ORDER BY a.day DESC, a.started_at DESC, a.id DESC""",
            [person_id, since],
        )
