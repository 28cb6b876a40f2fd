"""SQL for courses, lessons and who studied them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import insert_row, update_row


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class CoursesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def categories(self) -> list[str]:
        rows = self.db.rows("SELECT name FROM course_categories ORDER BY sort_order")
        return [str(r[0]) for r in rows]

    # -- the office's category list ----------------------------------------------------------
    # Courses, study-day rules, sessions and training classes hold a category by its name (as
    # text), so a rename rewrites every one of them in the caller's transaction.
    _NAMED_BY_CATEGORY = ("courses", "study_day_rules", "study_sessions", "training_classes")

    def category_usage(self) -> pd.DataFrame:
        """Every category in order with how many courses (published or not) use it."""
        return self.db.frame(
            """SELECT k.name, k.sort_order, count(c.id) AS courses
               FROM course_categories k LEFT JOIN courses c ON c.category = k.name
               GROUP BY k.name, k.sort_order ORDER BY k.sort_order, k.name"""
        )

    def insert_category(self, cur: Cursor, name: str) -> None:
        """A new category after the last one."""
        cur.execute(
            """INSERT INTO course_categories (name, sort_order)
               SELECT ?, coalesce(max(sort_order), 0) + 1 FROM course_categories""",
            [name],
        )

    def ensure_category(self, cur: Cursor, name: str) -> None:
        """Add `name` at the end unless it exists (shipped courses name theirs)."""
        if not self.category_exists(cur, name):
            self.insert_category(cur, name)

    def category_exists(self, cur: Cursor, name: str) -> bool:
        row = cur.execute("SELECT 1 FROM course_categories WHERE name = ?", [name]).fetchone()
        return row is not None

    def rename_category(self, cur: Cursor, old: str, new: str) -> int:
        """Rename the category and everything that names it; returns the courses carried."""
        cur.execute("UPDATE course_categories SET name = ? WHERE name = ?", [new, old])
        moved = 0
        for table in self._NAMED_BY_CATEGORY:
            rows = cur.execute(
                f"UPDATE {table} SET category = ? WHERE category = ? RETURNING 1", [new, old]
            ).fetchall()
            if table == "courses":
                moved = len(rows)
        return moved

    def set_category_order(self, cur: Cursor, names: list[str]) -> None:
        for position, name in enumerate(names, start=1):
            cur.execute(
                "UPDATE course_categories SET sort_order = ? WHERE name = ?", [position, name]
            )

    def courses_in_category(self, cur: Cursor, name: str) -> int:
        row = cur.execute("SELECT count(*) FROM courses WHERE category = ?", [name]).fetchone()
        return int(row[0]) if row else 0

    def delete_category(self, cur: Cursor, name: str) -> None:
        cur.execute("DELETE FROM course_categories WHERE name = ?", [name])

    def course_by_slug(self, cur: Cursor, slug: str) -> dict[str, Any] | None:
        result = cur.execute("SELECT id, content_hash FROM courses WHERE slug = ?", [slug])
        row = result.fetchone()
        return None if row is None else {"id": int(row[0]), "content_hash": row[1]}

    def insert_course(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "courses", values)

    def update_course(self, cur: Cursor, course_id: int, values: dict[str, Any]) -> None:
        update_row(cur, "courses", course_id, values)

    def lessons_by_source(self, cur: Cursor, course_id: int) -> dict[str, dict[str, Any]]:
        rows = cur.execute(
            "SELECT id, source_name, content_hash, position, published FROM lessons "
            "WHERE course_id = ? AND source_name IS NOT NULL",
            [course_id],
        ).fetchall()
        return {
            str(r[1]): {"id": int(r[0]), "content_hash": r[2], "position": r[3], "published": r[4]}
            for r in rows
        }

    def insert_lesson(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "lessons", values)

    def update_lesson(self, cur: Cursor, lesson_id: int, values: dict[str, Any]) -> None:
        update_row(cur, "lessons", lesson_id, values)

    def all_courses(self) -> pd.DataFrame:
        """Every course, published or not, with its owner: the trainers' and office's list."""
        return self.db.frame(
            """SELECT c.id, c.slug, c.title, c.category, c.description, c.owner_id,
                      p.name AS owner, c.published, c.origin,
                      count(l.id) FILTER (WHERE l.published) AS lessons
               FROM courses c
               LEFT JOIN people p ON p.id = c.owner_id
               LEFT JOIN lessons l ON l.course_id = c.id
               GROUP BY ALL ORDER BY c.category, c.title"""
        )

    def course(self, course_id: int) -> dict[str, Any] | None:
        return self.db.record("SELECT * FROM courses WHERE id = ?", [course_id])

    def lesson(self, lesson_id: int) -> dict[str, Any] | None:
        return self.db.record("SELECT * FROM lessons WHERE id = ?", [lesson_id])

    def append_lesson(self, cur: Cursor, course_id: int, values: dict[str, Any]) -> int:
        """A new lesson after the course's last one."""
        row = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM lessons WHERE course_id = ?", [course_id]
        ).fetchone()
        position = int(row[0]) if row else 1
        return insert_row(cur, "lessons", {"course_id": course_id, "position": position, **values})

    def slug_taken(self, slug: str) -> bool:
        return self.db.one("SELECT 1 FROM courses WHERE slug = ?", [slug]) is not None

    def published_courses(self) -> pd.DataFrame:
        return self.db.frame(
            """SELECT c.id, c.slug, c.title, c.category, c.description,
                      count(l.id) AS lessons, coalesce(sum(l.credit_hours), 0) AS credit_hours
               FROM courses c
               JOIN course_categories k ON k.name = c.category
               LEFT JOIN lessons l ON l.course_id = c.id AND l.published
               WHERE c.published
               GROUP BY c.id, c.slug, c.title, c.category, c.description, k.sort_order
               ORDER BY k.sort_order, c.title"""
        )

    def lessons(self, course_id: int, *, include_unpublished: bool = False) -> pd.DataFrame:
        where = "" if include_unpublished else "AND published"
        return self.db.frame(
            f"""SELECT id, position, kind, title, body, link, credit_hours, published
                FROM lessons WHERE course_id = ? {where} ORDER BY position, id""",
            [course_id],
        )

    def search_lessons(self, words: list[str], limit: int = 50) -> pd.DataFrame:
        """Published lessons whose title or text contains every word (substring match, so
        Chinese needs no word segmentation)."""
        # A file lesson's words are in its extracted text (lesson_files.text).
        clauses = " AND ".join(
            "(l.title || ' ' || l.body || ' ' || coalesce(f.text, '')) ILIKE ? ESCAPE '\\'"
            for _ in words
        )
        return self.db.frame(
            f"""SELECT l.id, l.title, c.id AS course_id, c.title AS course, c.category
                FROM lessons l JOIN courses c ON c.id = l.course_id
                LEFT JOIN lesson_files f ON f.lesson_id = l.id
                WHERE l.published AND c.published AND {clauses}
                ORDER BY c.title, l.position LIMIT ?""",
            [*(f"%{_escape_like(w)}%" for w in words), limit],
        )

    def mark_studied(self, lesson_id: int, person_id: int) -> bool:
        def work(cur: Cursor) -> bool:
            rows = cur.execute(
                """INSERT INTO lesson_studies (lesson_id, person_id) VALUES (?, ?)
                   ON CONFLICT DO NOTHING RETURNING lesson_id""",
                [lesson_id, person_id],
            ).fetchall()
            return bool(rows)

        return self.db.transaction(work)

    def lesson_published(self, lesson_id: int) -> bool:
        row = self.db.one(
            """SELECT l.published AND c.published FROM lessons l
               JOIN courses c ON c.id = l.course_id WHERE l.id = ?""",
            [lesson_id],
        )
        return bool(row and row[0])

    def studied(self, person_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT s.lesson_id, s.studied_at, l.credit_hours FROM lesson_studies s
               JOIN lessons l ON l.id = s.lesson_id WHERE s.person_id = ?""",
            [person_id],
        )

    def credit_hours(self, person_id: int, first: date, last: date) -> float:
        value = self.db.scalar(
            """SELECT coalesce(sum(l.credit_hours), 0) FROM lesson_studies s
               JOIN lessons l ON l.id = s.lesson_id
               WHERE s.person_id = ? AND CAST(s.studied_at AS DATE) BETWEEN ? AND ?""",
            [person_id, first, last],
        )
        return float(value or 0)
