"""写作互助组: groups of 3–5 staff who read and comment on each other's drafts for a span of days.

The office forms groups by hand or generates them so that each mixes departments: people are
dealt out section by section, like cards, so colleagues from one section land in different groups
as far as numbers allow. A person belongs to one group at a time.

Who may read a piece (`may_read`): its writer; the writer's group mates while the piece is a draft
or submitted in the group's days; the office and trainers; and anyone once it is featured.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store

__all__ = [
    "MAX_COMMENT",
    "MAX_SIZE",
    "MIN_SIZE",
    "add_comment",
    "create_group",
    "generate_groups",
    "may_read",
]

MIN_SIZE, MAX_SIZE = 3, 5
MAX_COMMENT = 1000
READERS = frozenset({"office", "trainer"})


def _office(actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("groups.office_only")


def _check_days(first: date, last: date) -> None:
    if last < first:
        raise ValidationError("groups.days_reversed")
    if (last - first).days > 366:
        raise ValidationError("groups.too_long")


def create_group(
    store: Store,
    name: str,
    member_ids: list[int],
    *,
    first_day: date,
    last_day: date,
    actor_id: int,
    actor_roles: frozenset[str],
) -> int:
    _office(actor_roles)
    _check_days(first_day, last_day)
    clean = normalise_name(name)
    if not clean:
        raise ValidationError("groups.name_missing")
    members = sorted(set(member_ids))
    if not MIN_SIZE <= len(members) <= MAX_SIZE:
        raise ValidationError("groups.size", low=MIN_SIZE, high=MAX_SIZE)
    staff = set(store.people.people(role="staff")["id"].astype(int))
    if not set(members) <= staff:
        raise ValidationError("groups.not_staff")

    def work(cur: Cursor) -> int:
        _refuse_busy(store, cur, members, first_day, last_day)
        values = {"name": clean, "first_day": first_day, "last_day": last_day,
                  "created_by": actor_id}  # fmt: skip
        return store.writing_groups.insert_group(cur, values, members)

    return int(store.transaction(work))


def _refuse_busy(store: Store, cur: Cursor, members: list[int], first: date, last: date) -> None:
    busy = store.writing_groups.busy(cur, members, first, last)
    if busy:
        names = store.people.people().set_index("id").loc[busy, "name"]
        raise ValidationError("groups.already_grouped", names="、".join(names))


def deal(people: pd.DataFrame, size: int, rng: random.Random) -> list[list[int]]:
    """Split people (columns id, department_id) into groups of MIN_SIZE..MAX_SIZE near `size`,
    each mixing departments as far as numbers allow."""
    count = len(people)
    if count < MIN_SIZE:
        raise ValidationError("groups.too_few", n=MIN_SIZE)
    groups = max(1, round(count / size))
    while count / groups > MAX_SIZE:
        groups += 1
    while groups > 1 and count / groups < MIN_SIZE:
        groups -= 1
    # Shuffle within each section, then deal section after section round the table.
    ordered: list[int] = []
    for _, section in people.groupby("department_id", sort=True, dropna=False):
        ids = section["id"].astype(int).tolist()
        rng.shuffle(ids)
        ordered.extend(ids)
    tables: list[list[int]] = [[] for _ in range(groups)]
    for index, person in enumerate(ordered):
        tables[index % groups].append(person)
    return tables


def generate_groups(
    store: Store,
    *,
    first_day: date,
    last_day: date,
    size: int = 4,
    department_ids: list[int] | None = None,
    actor_id: int,
    actor_roles: frozenset[str],
    rng: random.Random | None = None,
) -> list[int]:
    """Groups for every active staff member not yet in a group for those days (or for those of
    some departments); returns the new groups' ids."""
    _office(actor_roles)
    _check_days(first_day, last_day)
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValidationError("groups.size", low=MIN_SIZE, high=MAX_SIZE)
    people = store.people.people(role="staff")[["id", "department_id"]]
    if department_ids:
        people = people[people["department_id"].isin(department_ids)]

    def work(cur: Cursor) -> list[int]:
        busy = set(store.writing_groups.busy(cur, people["id"].astype(int).tolist(),
                                             first_day, last_day))  # fmt: skip
        free = people[~people["id"].astype(int).isin(busy)]
        made = []
        for number, members in enumerate(deal(free, size, rng or random.Random()), start=1):
            name = f"第{number}组 {first_day.strftime('%m.%d')}–{last_day.strftime('%m.%d')}"
            values = {"name": name, "first_day": first_day, "last_day": last_day,
                      "created_by": actor_id}  # fmt: skip
            made.append(store.writing_groups.insert_group(cur, values, members))
        return made

    result: list[int] = store.transaction(work)
    return result


def may_read(store: Store, reader_id: int, reader_roles: frozenset[str], record_id: int) -> bool:
    piece = store.writing.piece(record_id)
    if piece is None:
        return False
    if piece["person_id"] == reader_id or reader_roles & READERS:
        return True
    featured = store.db.scalar("SELECT count(*) FROM featured_writing WHERE record_id = ?",
                               [record_id])  # fmt: skip
    if featured and piece["status"] == "reviewed":
        return True
    if piece["status"] not in ("draft", "submitted"):
        return False
    return store.writing_groups.mates_share_group(reader_id, int(piece["person_id"]), piece["day"])


def add_comment(
    store: Store,
    record_id: int,
    author_id: int,
    author_roles: frozenset[str],
    text: str,
    *,
    now: datetime,
) -> int:
    """A group mate's (or the writer's reply) comment on a draft before it is submitted."""
    clean = (text or "").strip()
    if not clean:
        raise ValidationError("groups.comment_missing")
    if len(clean) > MAX_COMMENT:
        raise ValidationError("groups.comment_too_long", n=MAX_COMMENT)
    piece = store.writing.piece(record_id)
    if piece is None or not may_read(store, author_id, author_roles, record_id):
        raise NotAllowed("groups.not_your_group")
    if piece["status"] != "draft":
        raise ValidationError("groups.comment_drafts_only")
    values: dict[str, Any] = {"record_id": record_id, "author_id": author_id, "text": clean,
                              "created_at": now}  # fmt: skip
    return int(store.transaction(lambda cur: store.writing_groups.insert_comment(cur, values)))
