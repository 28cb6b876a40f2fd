"""SQL for the office's reading list, the working-day overrides, schemes and office settings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database


class BooksRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def books(self, *, include_inactive: bool = False) -> pd.DataFrame:
        where = "" if include_inactive else "WHERE active"
        return self.db.frame(
            f"SELECT id, title, author, pages, active FROM books {where} ORDER BY title"
        )

    def get(self, book_id: int) -> dict[str, Any] | None:
        # Every check-in looks its book up; the reading list is a few dozen rows that change
        # rarely, and only through this repository, so the process keeps them in memory.
        books = self.db.memo.get("books")
        if books is None:
            rows = self.db.rows("SELECT id, title, author, pages, active FROM books")
            keys = ("id", "title", "author", "pages", "active")
            books = {int(r[0]): dict(zip(keys, r, strict=True)) for r in rows}
            self.db.memo["books"] = books
        found = books.get(book_id)
        return None if found is None else dict(found)

    def forget(self) -> None:
        """Drop the in-memory reading list (call after a transaction that changed it commits)."""
        self.db.memo.pop("books", None)

    def insert(self, cur: Cursor, title: str, author: str | None, pages: int | None) -> int:
        row = cur.execute(
            "INSERT INTO books (title, author, pages) VALUES (?, ?, ?) RETURNING id",
            [title, author, pages],
        ).fetchone()
        self.forget()
        assert row is not None
        return int(row[0])

    def update(
        self,
        cur: Cursor,
        book_id: int,
        title: str,
        author: str | None,
        pages: int | None,
        active: bool,
    ) -> None:
        cur.execute(
            "UPDATE books SET title = ?, author = ?, pages = ?, active = ? WHERE id = ?",
            [title, author, pages, active, book_id],
        )
        self.forget()


class CalendarRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def overrides(self) -> dict[date, bool]:
        return {
            row[0]: bool(row[1])
            for row in self.db.rows("SELECT day, is_working FROM calendar_overrides")
        }

    def set_override(self, day: date, is_working: bool, note: str) -> None:
        self.db.execute(
            """INSERT INTO calendar_overrides (day, is_working, note) VALUES (?, ?, ?)
               ON CONFLICT (day) DO UPDATE SET is_working = excluded.is_working,
               note = excluded.note""",
            [day, is_working, note],
        )

    def override_table(self) -> pd.DataFrame:
        return self.db.frame("SELECT day, is_working, note FROM calendar_overrides ORDER BY day")

    def clear_override(self, day: date) -> None:
        self.db.execute("DELETE FROM calendar_overrides WHERE day = ?", [day])


class SchemesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def versions(self, name: str) -> list[tuple[int, date, str]]:
        return [
            (int(r[0]), r[1], str(r[2]))
            for r in self.db.rows(
                "SELECT version, valid_from, definition FROM schemes WHERE name = ? "
                "ORDER BY valid_from, version",
                [name],
            )
        ]

    def insert_if_missing(self, name: str, version: int, valid_from: date, definition: str) -> bool:
        def work(cur: Cursor) -> bool:
            exists = cur.execute(
                "SELECT 1 FROM schemes WHERE name = ? AND version = ?", [name, version]
            ).fetchone()
            if exists:
                return False
            cur.execute(
                "INSERT INTO schemes (name, version, valid_from, definition) VALUES (?, ?, ?, ?)",
                [name, version, valid_from, definition],
            )
            return True

        return self.db.transaction(work)


class SettingsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return None if value is None else str(value)

    def set(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
