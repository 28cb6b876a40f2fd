"""SQL for question banks: banks, their imports, questions and the questions' choices."""

from __future__ import annotations

from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import insert_row

# Statements on a cursor that later registers a DataFrame are read with fetchall: a half-read
# result blocks `register` on the same cursor.
QUESTION_COLUMNS = (
    "id, bank_id, position, type, name, text, answer, feedback_wrong, feedback_right, tolerance, "
    "explanation, category, tags, source_line"
)


class QuestionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def banks(self) -> pd.DataFrame:
        return self.db.frame(
            """SELECT b.id, b.name, b.description, b.owner_id, o.name AS owner, b.created_at,
                      (SELECT count(*) FROM questions q
                       WHERE q.bank_id = b.id AND NOT q.retired) AS questions
               FROM question_banks b LEFT JOIN people o ON o.id = b.owner_id
               ORDER BY b.name"""
        )

    def bank(self, bank_id: int) -> dict[str, Any] | None:
        return self.db.record("SELECT * FROM question_banks WHERE id = ?", [bank_id])

    def bank_id(self, cur: Cursor, name: str) -> int | None:
        rows = cur.execute("SELECT id FROM question_banks WHERE name = ?", [name]).fetchall()
        return int(rows[0][0]) if rows else None

    def insert_bank(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "question_banks", values)

    def insert_import(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "question_imports", values)

    def imported_before(self, cur: Cursor, bank_id: int, sha256: str) -> dict[str, Any] | None:
        rows = cur.execute(
            "SELECT filename, imported_at FROM question_imports WHERE bank_id = ? AND sha256 = ? "
            "ORDER BY imported_at LIMIT 1",
            [bank_id, sha256],
        ).fetchall()
        return {"filename": rows[0][0], "imported_at": rows[0][1]} if rows else None

    def next_position(self, cur: Cursor, bank_id: int) -> int:
        rows = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM questions WHERE bank_id = ?", [bank_id]
        ).fetchall()
        return int(rows[0][0])

    def insert_questions(
        self, cur: Cursor, questions: pd.DataFrame, choices: pd.DataFrame
    ) -> list[int]:
        """Insert a bank's new questions and their choices in two set-based statements.
        `choices.question` is the position in `questions` (0-based) the choice belongs to."""
        cur.register("new_questions", questions)
        try:
            ids = [
                int(r[0])
                for r in cur.execute(
                    """INSERT INTO questions (bank_id, import_id, position, type, name, text,
                           answer, feedback_wrong, feedback_right, tolerance, explanation,
                           category, tags, source_line)
                       SELECT bank_id, import_id, position, type, name, text, answer,
                              feedback_wrong, feedback_right, tolerance, explanation, category,
                              tags, source_line
                       FROM new_questions ORDER BY position RETURNING id"""
                ).fetchall()
            ]
        finally:
            cur.unregister("new_questions")
        if choices.empty:
            return ids
        rows = choices.assign(question_id=[ids[int(i)] for i in choices["question"]])
        cur.register("new_choices", rows)
        try:
            cur.execute(
                """INSERT INTO question_choices (question_id, position, text, weight, feedback)
                   SELECT question_id, position, text, weight, feedback FROM new_choices"""
            )
        finally:
            cur.unregister("new_choices")
        return ids

    def questions(self, bank_id: int) -> pd.DataFrame:
        return self.db.frame(
            f"""SELECT {QUESTION_COLUMNS}
                FROM questions WHERE bank_id = ? AND NOT retired ORDER BY position""",
            [bank_id],
        )

    def choices(self, bank_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT c.question_id, c.position, c.text, c.weight, c.feedback
               FROM question_choices c JOIN questions q ON q.id = c.question_id
               WHERE q.bank_id = ? AND NOT q.retired ORDER BY c.question_id, c.position""",
            [bank_id],
        )

    def imports(self, bank_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT i.filename, i.format, i.questions, i.skipped, p.name AS imported_by,
                      i.imported_at
               FROM question_imports i LEFT JOIN people p ON p.id = i.imported_by
               WHERE i.bank_id = ? ORDER BY i.imported_at DESC""",
            [bank_id],
        )

    def by_ids(
        self, question_ids: list[int], cur: Cursor | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Questions (retired ones too: an attempt keeps its paper) and their choices."""
        wanted = sorted(set(question_ids))
        questions_sql = f"""SELECT {QUESTION_COLUMNS} FROM questions
                            WHERE id IN (SELECT unnest(?)) ORDER BY id"""
        choices_sql = """SELECT question_id, position, text, weight, feedback
                         FROM question_choices WHERE question_id IN (SELECT unnest(?))
                         ORDER BY question_id, position"""
        if cur is not None:
            return (
                cur.execute(questions_sql, [wanted]).df(),
                cur.execute(choices_sql, [wanted]).df(),
            )
        return self.db.frame(questions_sql, [wanted]), self.db.frame(choices_sql, [wanted])
