"""SQL for bulk loads: roster and activity imports, demo offices, backup and restore.

Every load registers a DataFrame and runs one `INSERT … SELECT` (FACTS.md: 100k rows ≈ 10 ms,
where `executemany` takes half a minute).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pandas as pd

from learnhub.store.database import Cursor, Database, DatabaseLockedError, is_open_here

__all__ = ["BulkRepo", "open_in_this_process", "release_file", "schema_version_of"]


class BulkRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- facts the command line reports ------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.db.scalar("SELECT coalesce(max(number), 0) FROM schema_migrations"))

    def count_people(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM people"))

    # -- roster ------------------------------------------------------------------------------
    def apply_roster(
        self, cur: Cursor, roster: pd.DataFrame, actor_id: int | None
    ) -> tuple[int, int]:
        """Create departments, insert new people, update changed ones, audit each.

        `roster` has columns row, username, name, department, roles, action, password_hash.
        Returns (clashes, departments_created); with clashes (a "new" username that exists by
        now) nothing is written and the caller refuses the import.
        """
        cur.register("roster_in", roster)
        try:
            clashes = _count(
                cur,
                """SELECT count(*) FROM people WHERE username IN
                   (SELECT username FROM roster_in WHERE action = 'new')""",
            )
            if clashes:
                return clashes, 0
            created = _count(
                cur,
                """INSERT INTO departments (name, sort_order)
                   SELECT name,
                          (SELECT coalesce(max(sort_order), 0) FROM departments)
                          + row_number() OVER (ORDER BY first_row)
                   FROM (SELECT department AS name, min("row") AS first_row
                         FROM roster_in GROUP BY department) wanted
                   WHERE name NOT IN (SELECT name FROM departments)""",
            )
            cur.execute(
                """INSERT INTO people (username, name, department_id, roles, password_hash)
                   SELECT r.username, r.name, d.id, r.roles, r.password_hash
                   FROM roster_in r JOIN departments d ON d.name = r.department
                   WHERE r.action = 'new' ORDER BY r."row" """
            )
            cur.execute(
                """UPDATE people SET name = r.name, department_id = d.id, roles = r.roles
                   FROM roster_in r JOIN departments d ON d.name = r.department
                   WHERE people.username = r.username AND r.action = 'update'"""
            )
            cur.execute(
                """INSERT INTO audit_log (actor_id, action, subject, detail)
                   SELECT ?, 'import_roster_' || action, username, roles FROM roster_in
                   WHERE action IN ('new', 'update') ORDER BY "row" """,
                [actor_id],
            )
            return 0, created
        finally:
            cur.unregister("roster_in")

    # -- activity ----------------------------------------------------------------------------
    def already_stored(self, incoming: pd.DataFrame) -> list[int]:
        """Rows of `incoming` (columns row + record columns) identical to a stored record."""
        with self.db.cursor() as cur:
            cur.register("incoming_check", incoming)
            try:
                found = cur.execute(
                    """SELECT i."row" FROM incoming_check i WHERE EXISTS (
                         SELECT 1 FROM records r
                         WHERE r.person_id = i.person_id AND r.day = i.day AND r.kind = i.kind
                           AND r.title IS NOT DISTINCT FROM i.title
                           AND r.source IS NOT DISTINCT FROM i.source
                           AND r.minutes IS NOT DISTINCT FROM i.minutes
                           AND r.pages IS NOT DISTINCT FROM i.pages
                           AND r.text IS NOT DISTINCT FROM i.text)
                       ORDER BY 1"""
                ).fetchall()
            finally:
                cur.unregister("incoming_check")
        return [int(r[0]) for r in found]

    def audit_import(
        self, cur: Cursor, actor_id: int | None, action: str, subject: str, detail: str
    ) -> None:
        cur.execute(
            "INSERT INTO audit_log (actor_id, action, subject, detail) VALUES (?, ?, ?, ?)",
            [actor_id, action, subject, detail],
        )

    # -- backup ------------------------------------------------------------------------------
    def backup_to(self, dest: Path) -> None:
        """Copy every table, sequence (at its position) and row into a new database file.

        The copy reads one snapshot of this process's database, so committed writes still in
        the WAL are included; the checkpoint only keeps the WAL short and may be refused while
        other transactions are open, which does not matter for the copy.
        """
        with self.db.cursor() as cur:
            with contextlib.suppress(duckdb.TransactionException):
                cur.execute("CHECKPOINT")
            source = cur.execute("SELECT current_database()").fetchall()[0]
            cur.execute(f"ATTACH {_literal(str(dest))} AS learnhub_backup")
            try:
                cur.execute(f"COPY FROM DATABASE {_identifier(source[0])} TO learnhub_backup")
            finally:
                cur.execute("DETACH learnhub_backup")


def _count(cur: Cursor, sql: str) -> int:
    # fetchall: a result left unfinished blocks the cursor's next call in DuckDB 2.0.
    rows = cur.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def schema_version_of(path: Path) -> int:
    """The schema version of the database file at `path`; raises ValueError if it is not one."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLockedError(str(path)) from exc
        raise ValueError(str(path)) from exc
    except duckdb.Error as exc:
        raise ValueError(str(path)) from exc
    try:
        row = con.execute("SELECT max(number) FROM schema_migrations").fetchone()
    except duckdb.Error as exc:
        raise ValueError(str(path)) from exc
    finally:
        con.close()
    if row is None or row[0] is None:
        raise ValueError(str(path))
    return int(row[0])


def open_in_this_process(path: Path) -> bool:
    """Whether this process already holds the database at `path` (a test, a notebook)."""
    return is_open_here(path)


def release_file(path: Path) -> None:
    """Fold the WAL of the database at `path` into the file, so the file alone is the database.

    Raises DatabaseLockedError if another process (the web app) or this one has it open.
    """
    if open_in_this_process(path):
        raise DatabaseLockedError(str(path))
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLockedError(str(path)) from exc
        raise
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
