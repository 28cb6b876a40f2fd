"""A training class's roster from a spreadsheet: the office's list of who attends, all or nothing.

The file needs a `username` (用户名 / 工号) column; a `name` (姓名) column is optional and, when
filled in, must match the person found, so a mistyped number is caught instead of enrolling a
stranger. Everyone must be an active person already (the people's roster import adds new ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.imports.tabular import RowError, require_columns
from learnhub.org import normalise_name, validate_username
from learnhub.store import Store
from learnhub.training import add_members

__all__ = ["ClassRosterPreview", "apply_class_roster", "preview_class_roster"]


@dataclass
class ClassRosterPreview:
    """`rows`: row, person_id, username, name, department, action ('add' or 'already')."""

    class_id: int
    rows: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return int((self.rows["action"] == action).sum()) if not self.rows.empty else 0


def preview_class_roster(store: Store, class_id: int, frame: pd.DataFrame) -> ClassRosterPreview:
    """Check every row of a table from `read_table`; store nothing."""
    if store.training.training_class(class_id) is None:
        raise ValidationError("training.class_missing")
    require_columns(frame, ["username"])
    if frame.empty:
        raise ValidationError("imports.file_empty")
    usernames = []
    for value in frame["username"]:
        try:
            usernames.append(validate_username(value))
        except ValidationError:
            usernames.append("")
    known = store.people.existing([u for u in usernames if u])
    by_username = {str(r["username"]): r for _, r in known.iterrows()}
    members = store.training.member_ids(class_id)
    errors: list[RowError] = []
    rows: list[dict[str, object]] = []
    first_seen: dict[str, int] = {}
    for (row_number, cells), username in zip(frame.iterrows(), usernames, strict=True):
        row = int(row_number)  # type: ignore[call-overload]
        if not username:
            errors.append(RowError(row, "username", "imports.username_missing"))
            continue
        if username in first_seen:
            first = {"username": username, "first_row": first_seen[username]}
            errors.append(RowError(row, "username", "imports.username_duplicate", first))
            continue
        first_seen[username] = row
        person = by_username.get(username)
        if person is None or not bool(person["active"]):
            errors.append(
                RowError(row, "username", "imports.username_unknown", {"value": username})
            )
            continue
        typed = normalise_name(cells.get("name", ""))
        if typed and typed != person["name"]:
            errors.append(RowError(row, "name", "training.roster_name_mismatch",
                                   {"typed": typed, "username": username,
                                    "name": person["name"]}))  # fmt: skip
            continue
        person_id = int(person["id"])
        rows.append(
            {
                "row": row,
                "person_id": person_id,
                "username": username,
                "name": person["name"],
                "department": person["department"] or "",
                "action": "already" if person_id in members else "add",
            }
        )
    table = pd.DataFrame(
        rows, columns=["row", "person_id", "username", "name", "department", "action"]
    )
    return ClassRosterPreview(class_id, table, errors)


def apply_class_roster(
    store: Store, preview: ClassRosterPreview, *, actor_id: int, actor_roles: frozenset[str]
) -> int:
    """Add a clean preview's people in one transaction; returns how many joined."""
    if not preview.ok:
        raise ValidationError("imports.has_errors", n=len(preview.errors))
    added = preview.rows.loc[preview.rows["action"] == "add", "person_id"].astype(int).tolist()
    return add_members(store, preview.class_id, added, actor_id=actor_id, actor_roles=actor_roles)
