"""The office's roster: departments (科室), people and their roles."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from learnhub.auth import generate_password, hash_password, utcnow
from learnhub.errors import ValidationError
from learnhub.store import Cursor, Store

__all__ = [
    "ROLES",
    "create_user",
    "deactivate",
    "normalise_name",
    "normalise_roles",
    "reactivate",
    "rename_department",
    "update_person",
    "validate_username",
]

ROLES = ("staff", "trainer", "office")
# What offices write in their own sheets.
_ROLE_ALIASES = {
    "staff": "staff", "学员": "staff", "员工": "staff", "干部": "staff",
    "trainer": "trainer", "教员": "trainer", "讲师": "trainer", "教师": "trainer",
    "office": "office", "办公室": "office", "管理员": "office", "admin": "office",
}  # fmt: skip
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


# Full-width letters and digits (typed with a Chinese input method) become ASCII; full-width
# punctuation such as （ ） ： stays, because it is how Chinese names and titles are written.
_FULL_WIDTH_ALNUM = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}


def normalise_name(text: Any) -> str:
    """Trim, fold full-width letters and digits and collapse inner runs of whitespace."""
    folded = ("" if text is None else str(text)).translate(_FULL_WIDTH_ALNUM)
    return re.sub(r"\s+", " ", folded).strip()


def validate_username(username: Any) -> str:
    value = normalise_name(username)
    if not value:
        raise ValidationError("org.username_missing")
    if not _USERNAME.match(value):
        raise ValidationError("org.username_invalid", username=value)
    return value


def normalise_roles(text: Any) -> str:
    """`"学员；Office"` → `"staff;office"`, in a fixed order; unknown roles raise."""
    parts = [p for p in re.split(r"[;；,，、/\s]+", normalise_name(text).lower()) if p]
    if not parts:
        raise ValidationError("org.roles_missing")
    roles = set()
    for part in parts:
        role = _ROLE_ALIASES.get(part)
        if role is None:
            raise ValidationError("org.role_unknown", role=part)
        roles.add(role)
    return ";".join(r for r in ROLES if r in roles)


def create_user(
    store: Store,
    username: str,
    *,
    name: str,
    department: str | None,
    roles: str,
    actor_id: int | None = None,
) -> tuple[int, str]:
    """Add a person with a one-time password (returned, never stored in clear)."""
    username = validate_username(username)
    name = normalise_name(name)
    if not name:
        raise ValidationError("org.name_missing")
    role_text = normalise_roles(roles)
    department_name = normalise_name(department) if department else ""
    if store.people.person_by_username(username) is not None:
        raise ValidationError("org.username_taken", username=username)
    password = generate_password()
    password_hash = hash_password(password)

    def work(cur: Cursor) -> int:
        department_id = (
            store.people.department_id(cur, department_name, create=True)
            if department_name
            else None
        )
        person_id = store.people.insert_person(
            cur,
            username=username,
            name=name,
            department_id=department_id,
            roles=role_text,
            password_hash=password_hash,
        )
        store.people.audit(cur, actor_id, "create_user", username, role_text)
        return person_id

    return int(store.transaction(work)), password


def update_person(
    store: Store,
    person_id: int,
    *,
    name: str,
    department: str | None,
    roles: str,
    actor_id: int | None,
) -> None:
    name = normalise_name(name)
    if not name:
        raise ValidationError("org.name_missing")
    role_text = normalise_roles(roles)
    department_name = normalise_name(department) if department else ""

    def work(cur: Cursor) -> None:
        department_id = (
            store.people.department_id(cur, department_name, create=True)
            if department_name
            else None
        )
        store.people.update_person(
            cur, person_id, name=name, department_id=department_id, roles=role_text
        )
        store.people.audit(cur, actor_id, "update_person", str(person_id), f"{name} {role_text}")

    store.transaction(work)


def deactivate(store: Store, person_id: int, *, actor_id: int | None) -> int:
    """Stop a person signing in and end their open sessions. Their records stay.

    Returns the number of sessions ended."""
    if actor_id is not None and actor_id == person_id:
        raise ValidationError("org.cannot_deactivate_self")

    def work(cur: Cursor) -> None:
        store.people.set_active(cur, person_id, False)
        store.people.audit(cur, actor_id, "deactivate", str(person_id))

    store.transaction(work)
    return store.sessions.revoke_person(person_id, utcnow())


def reactivate(store: Store, person_id: int, *, actor_id: int | None) -> None:
    def work(cur: Cursor) -> None:
        store.people.set_active(cur, person_id, True)
        store.people.audit(cur, actor_id, "reactivate", str(person_id))

    store.transaction(work)


def rename_department(store: Store, department_id: int, name: str, *, actor_id: int | None) -> None:
    new_name = normalise_name(name)
    if not new_name:
        raise ValidationError("org.department_name_missing")
    departments = store.people.departments(include_inactive=True)
    clash = departments[(departments["name"] == new_name) & (departments["id"] != department_id)]
    if not clash.empty:
        raise ValidationError("org.department_exists", name=new_name)

    def work(cur: Cursor) -> None:
        store.people.rename_department(cur, department_id, new_name)
        store.people.audit(cur, actor_id, "rename_department", str(department_id), new_name)

    store.transaction(work)


def people_table(store: Store, *, include_inactive: bool = True) -> pd.DataFrame:
    return store.people.people(include_inactive=include_inactive)
