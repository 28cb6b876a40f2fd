"""SQL for departments, people and the audit log."""

from __future__ import annotations

from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database

PERSON_COLUMNS = (
    "p.id, p.username, p.name, p.department_id, d.name AS department, p.roles, p.active, "
    "p.language, p.must_change_password, p.created_at, p.deactivated_at"
)


class PeopleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- departments -------------------------------------------------------------------------
    def departments(self, *, include_inactive: bool = False) -> pd.DataFrame:
        where = "" if include_inactive else "WHERE d.active"
        return self.db.frame(
            f"""SELECT d.id, d.name, d.sort_order, d.active,
                       count(p.id) FILTER (WHERE p.active) AS active_people
                FROM departments d LEFT JOIN people p ON p.department_id = d.id
                {where} GROUP BY ALL ORDER BY d.sort_order, d.name"""
        )

    def department_id(self, cur: Cursor, name: str, *, create: bool) -> int | None:
        row = cur.execute("SELECT id FROM departments WHERE name = ?", [name]).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            return None
        new = cur.execute(
            "INSERT INTO departments (name, sort_order) "
            "SELECT ?, coalesce(max(sort_order), 0) + 1 FROM departments RETURNING id",
            [name],
        ).fetchone()
        assert new is not None
        return int(new[0])

    def rename_department(self, cur: Cursor, department_id: int, name: str) -> None:
        cur.execute("UPDATE departments SET name = ? WHERE id = ?", [name, department_id])

    def set_department_active(self, cur: Cursor, department_id: int, active: bool) -> None:
        cur.execute("UPDATE departments SET active = ? WHERE id = ?", [active, department_id])

    # -- people ------------------------------------------------------------------------------
    def people(self, *, include_inactive: bool = False, role: str | None = None) -> pd.DataFrame:
        clauses = [] if include_inactive else ["p.active"]
        params: list[Any] = []
        if role:
            clauses.append("list_contains(string_split(p.roles, ';'), ?)")
            params.append(role)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self.db.frame(
            f"""SELECT {PERSON_COLUMNS} FROM people p
                LEFT JOIN departments d ON d.id = p.department_id
                {where} ORDER BY d.sort_order NULLS LAST, p.username""",
            params,
        )

    def person(self, person_id: int) -> dict[str, Any] | None:
        return self._one("WHERE p.id = ?", [person_id])

    def person_by_username(self, username: str) -> dict[str, Any] | None:
        return self._one("WHERE p.username = ?", [username])

    def _one(self, where: str, params: list[Any]) -> dict[str, Any] | None:
        frame = self.db.frame(
            f"SELECT {PERSON_COLUMNS} FROM people p "
            f"LEFT JOIN departments d ON d.id = p.department_id {where}",
            params,
        )
        if frame.empty:
            return None
        return {str(k): _plain(v) for k, v in frame.iloc[0].to_dict().items()}

    def insert_person(
        self,
        cur: Cursor,
        *,
        username: str,
        name: str,
        department_id: int | None,
        roles: str,
        password_hash: str | None,
    ) -> int:
        row = cur.execute(
            """INSERT INTO people (username, name, department_id, roles, password_hash)
               VALUES (?, ?, ?, ?, ?) RETURNING id""",
            [username, name, department_id, roles, password_hash],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def update_person(
        self, cur: Cursor, person_id: int, *, name: str, department_id: int | None, roles: str
    ) -> None:
        cur.execute(
            "UPDATE people SET name = ?, department_id = ?, roles = ? WHERE id = ?",
            [name, department_id, roles, person_id],
        )

    def set_active(self, cur: Cursor, person_id: int, active: bool) -> None:
        cur.execute(
            """UPDATE people SET active = ?,
               deactivated_at = CASE WHEN ? THEN NULL ELSE current_timestamp END WHERE id = ?""",
            [active, active, person_id],
        )

    def set_language(self, person_id: int, language: str) -> None:
        self.db.execute("UPDATE people SET language = ? WHERE id = ?", [language, person_id])

    def password_hash(self, person_id: int) -> str | None:
        value = self.db.scalar("SELECT password_hash FROM people WHERE id = ?", [person_id])
        return None if value is None else str(value)

    def set_password_hash(
        self, cur: Cursor, person_id: int, password_hash: str, *, must_change: bool
    ) -> None:
        cur.execute(
            "UPDATE people SET password_hash = ?, must_change_password = ? WHERE id = ?",
            [password_hash, must_change, person_id],
        )

    def existing(self, usernames: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame({"username": pd.Series(usernames, dtype="string")})
        with self.db.cursor() as cur:
            cur.register("wanted", frame)
            return cur.execute(
                f"""SELECT {PERSON_COLUMNS} FROM people p
                    LEFT JOIN departments d ON d.id = p.department_id
                    WHERE p.username IN (SELECT username FROM wanted)"""
            ).df()

    def audit(
        self, cur: Cursor, actor_id: int | None, action: str, subject: str, detail: str = ""
    ) -> None:
        cur.execute(
            "INSERT INTO audit_log (actor_id, action, subject, detail) VALUES (?, ?, ?, ?)",
            [actor_id, action, subject, detail],
        )

    def audit_log(self, limit: int = 200) -> pd.DataFrame:
        return self.db.frame(
            """SELECT a.happened_at, p.username AS actor, a.action, a.subject, a.detail
               FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
               ORDER BY a.happened_at DESC LIMIT ?""",
            [limit],
        )


def _plain(value: Any) -> Any:
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
