"""SQL for demo offices: the roster and reading list in one statement each.

Records go through `RecordsRepo.bulk_load`; what is here is what the demo needs besides it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from learnhub.store.database import Cursor, Database


class DemoRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def people_count(self, cur: Cursor | None = None) -> int:
        sql = "SELECT count(*) FROM people"
        if cur is None:
            return int(self.db.scalar(sql))
        # fetchall: a half-read result blocks `register` on the same cursor.
        return int(cur.execute(sql).fetchall()[0][0])

    def load_departments(self, cur: Cursor, frame: pd.DataFrame) -> pd.DataFrame:
        """Insert the `name, sort_order` rows not there yet; returns `id, name` of all of them.

        An office may have set up its sections before adding anyone; the demo then uses them."""
        cur.register("incoming_departments", frame)
        try:
            cur.execute(
                """INSERT INTO departments (name, sort_order)
                   SELECT name, sort_order FROM incoming_departments
                   WHERE name NOT IN (SELECT name FROM departments)"""
            )
            return cur.execute(
                "SELECT id, name FROM departments "
                "WHERE name IN (SELECT name FROM incoming_departments)"
            ).df()
        finally:
            cur.unregister("incoming_departments")

    def load_people(self, cur: Cursor, frame: pd.DataFrame) -> pd.DataFrame:
        """Insert people with their hashes and times; returns their `id, username`."""
        columns = (
            "username", "name", "department_id", "roles", "password_hash",
            "must_change_password", "created_at",
        )  # fmt: skip
        return _insert_returning(cur, "people", frame, columns, "id, username")

    def load_books(self, cur: Cursor, frame: pd.DataFrame) -> pd.DataFrame:
        """Insert `title, author, pages` rows; returns their `id, title`."""
        return _insert_returning(cur, "books", frame, ("title", "author", "pages"), "id, title")

    def last_record_day(self) -> date | None:
        value = self.db.scalar("SELECT max(day) FROM records")
        return value if isinstance(value, date) else None


def _insert_returning(
    cur: Cursor, table: str, frame: pd.DataFrame, columns: tuple[str, ...], returning: str
) -> pd.DataFrame:
    names = ", ".join(columns)
    cur.register("incoming_demo", frame)
    try:
        return cur.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_demo RETURNING {returning}"
        ).df()
    finally:
        cur.unregister("incoming_demo")
