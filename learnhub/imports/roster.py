"""Roster import: the office's list of people, all or nothing.

`preview_roster` says what would happen to every row and lists every problem; `apply_roster`
stores a clean preview in one transaction. New people get a one-time password each, returned
once so the office can hand them out; only its argon2 hash is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from learnhub.auth import generate_password, hash_password
from learnhub.errors import ValidationError
from learnhub.imports.tabular import RowError, require_columns
from learnhub.org import normalise_name, normalise_roles, validate_username
from learnhub.store import Cursor, Store

__all__ = ["ROSTER_COLUMNS", "RosterPreview", "RosterResult", "apply_roster", "preview_roster"]

ROSTER_COLUMNS = ("username", "name", "department", "roles")
REQUIRED_COLUMNS = ("username", "name", "department")
# Most of a roster is staff; a blank roles cell (or no roles column) means just that.
DEFAULT_ROLES = "staff"
MAX_NAME = 100


@dataclass
class RosterPreview:
    """`rows`: row, username, name, department, roles, action ('new'/'update'/'unchanged')."""

    rows: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        counted = self.rows["action"].value_counts()
        return {a: int(counted.get(a, 0)) for a in ("new", "update", "unchanged")}


@dataclass
class RosterResult:
    created: int
    updated: int
    unchanged: int
    departments_created: int
    # (username, name, one-time password) of each new person: shown once, never stored in clear.
    passwords: list[tuple[str, str, str]]


def preview_roster(store: Store, frame: pd.DataFrame) -> RosterPreview:
    """Check every row of a table from `read_table`; store nothing.

    Raises ValidationError when a required column is missing (a problem of the whole file).
    """
    require_columns(frame, REQUIRED_COLUMNS)
    errors: list[RowError] = []
    rows: list[dict[str, object]] = []
    first_seen: dict[str, int] = {}
    for row_number, cells in frame.iterrows():
        row = int(row_number)  # type: ignore[call-overload]
        clean = _check_row(row, cells, errors)
        username = clean["username"]
        if username:
            if username in first_seen:
                errors.append(
                    RowError(row, "username", "imports.username_duplicate",
                             {"username": username, "first_row": first_seen[username]})
                )  # fmt: skip
            else:
                first_seen[username] = row
        rows.append({"row": row, **clean})
    table = pd.DataFrame(rows, columns=["row", *ROSTER_COLUMNS])
    table["action"] = _actions(store, table)
    return RosterPreview(table, errors)


def _check_row(row: int, cells: pd.Series, errors: list[RowError]) -> dict[str, str]:
    clean: dict[str, str] = {}
    try:
        clean["username"] = validate_username(cells["username"])
    except ValidationError as exc:
        errors.append(RowError(row, "username", exc.key, exc.params))
        clean["username"] = ""
    clean["name"] = normalise_name(cells["name"])
    if not clean["name"]:
        errors.append(RowError(row, "name", "imports.name_missing"))
    elif len(clean["name"]) > MAX_NAME:
        errors.append(RowError(row, "name", "imports.name_too_long", {"n": MAX_NAME}))
    clean["department"] = normalise_name(cells["department"])
    if not clean["department"]:
        errors.append(RowError(row, "department", "imports.department_missing"))
    elif len(clean["department"]) > MAX_NAME:
        errors.append(RowError(row, "department", "imports.department_too_long", {"n": MAX_NAME}))
    roles_text = str(cells.get("roles", "") or "")
    try:
        clean["roles"] = normalise_roles(roles_text) if roles_text.strip() else DEFAULT_ROLES
    except ValidationError as exc:
        errors.append(RowError(row, "roles", exc.key, exc.params))
        clean["roles"] = ""
    return clean


def _actions(store: Store, table: pd.DataFrame) -> pd.Series:
    wanted = [u for u in table["username"].unique().tolist() if u]
    existing = store.people.existing(wanted) if wanted else pd.DataFrame()
    if existing.empty:
        return pd.Series("new", index=table.index, dtype="str")
    current = existing[["username", "name", "department", "roles"]]
    merged = table.merge(current, on="username", how="left", suffixes=("", "_now"))
    merged.index = table.index
    known = merged["username"].isin(current["username"])
    same = (
        (merged["name"] == merged["name_now"])
        & (merged["department"] == merged["department_now"].fillna(""))
        & (merged["roles"] == merged["roles_now"])
    )
    action = pd.Series("new", index=table.index, dtype="str")
    action[known] = "update"
    action[known & same] = "unchanged"
    return action


def apply_roster(store: Store, preview: RosterPreview, actor_id: int | None) -> RosterResult:
    """Store a clean preview in one transaction; refuse one with errors.

    Hashing a password with argon2 takes 50–150 ms, done before the transaction so it stays
    short: a roster of a few hundred new people takes several seconds, which is fine for a job
    done a few times a year.
    """
    if not preview.ok:
        raise ValidationError("imports.has_errors", n=len(preview.errors))
    table = preview.rows.copy()
    new = table["action"] == "new"
    passwords = pd.Series(None, index=table.index, dtype="object")
    passwords[new] = [generate_password() for _ in range(int(new.sum()))]
    table["password_hash"] = pd.Series(
        [hash_password(p) if isinstance(p, str) else None for p in passwords],
        index=table.index,
        dtype="object",
    )
    changed = table[table["action"] != "unchanged"]

    def work(cur: Cursor) -> int:
        clashes, departments = store.bulk.apply_roster(cur, changed, actor_id)
        if clashes:
            raise ValidationError("imports.roster_changed", n=clashes)
        return departments

    departments_created = int(store.transaction(work)) if not changed.empty else 0
    counts = preview.counts()
    return RosterResult(
        created=counts["new"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        departments_created=departments_created,
        passwords=[
            (str(u), str(n), str(p))
            for u, n, p in zip(
                table.loc[new, "username"], table.loc[new, "name"], passwords[new], strict=True
            )
        ],
    )
