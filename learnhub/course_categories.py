"""The office's list of course categories (政治理论 / 业务 / 综合 to begin with): add, rename,
reorder and remove.

Courses, study-day rules and sessions and training classes hold their category by name, so a
rename carries all of them along in the same transaction, and a category is removed only when no
course uses it. Only the office changes the list; trainers choose from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store, is_unique_violation

__all__ = [
    "MAX_NAME",
    "add_category",
    "categories",
    "move_category",
    "remove_category",
    "rename_category",
]

MAX_NAME = 20
T = TypeVar("T")


def _office_only(actor_roles: frozenset[str]) -> None:
    # The page hides the section from trainers; this holds for any other caller too.
    if "office" not in actor_roles:
        raise NotAllowed("course_categories.office_only")


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _clean_name(store: Store, name: str, *, renaming: str | None = None) -> str:
    clean = normalise_name(name)
    if not clean:
        raise ValidationError("course_categories.name_missing")
    if len(clean) > MAX_NAME:
        raise ValidationError("course_categories.name_too_long", n=MAX_NAME)
    for existing in store.courses.categories():
        if existing != renaming and _same(existing, clean):
            raise ValidationError("course_categories.name_taken", name=existing)
    return clean


def _run(store: Store, name: str, work: Callable[[Cursor], T]) -> T:
    """Run the write; two clerks adding the same name at once meet at the primary key."""
    try:
        result: T = store.transaction(work)
    except Exception as exc:
        if is_unique_violation(exc):
            raise ValidationError("course_categories.name_taken", name=name) from None
        raise
    return result


def categories(store: Store) -> pd.DataFrame:
    """`name`, `sort_order` and `courses` (how many courses use it), in the office's order."""
    return store.courses.category_usage()


def add_category(store: Store, actor_id: int, actor_roles: frozenset[str], name: str) -> str:
    """Add a category at the end of the list; returns its name as stored."""
    _office_only(actor_roles)
    clean = _clean_name(store, name)

    def work(cur: Cursor) -> None:
        store.courses.insert_category(cur, clean)
        store.people.audit(cur, actor_id, "add_course_category", clean)

    _run(store, clean, work)
    return clean


def rename_category(
    store: Store, actor_id: int, actor_roles: frozenset[str], old: str, new: str
) -> int:
    """Rename a category and everything filed under it (courses, study-day rules and sessions,
    training classes), all in one transaction. Returns how many courses moved with it."""
    _office_only(actor_roles)
    clean = _clean_name(store, new, renaming=old)

    def work(cur: Cursor) -> int:
        if not store.courses.category_exists(cur, old):
            raise ValidationError("course_categories.no_such", name=old)
        if clean == old:
            return store.courses.courses_in_category(cur, old)
        moved = store.courses.rename_category(cur, old, clean)
        store.people.audit(cur, actor_id, "rename_course_category", old, clean)
        return moved

    return _run(store, clean, work)


def move_category(
    store: Store, actor_id: int, actor_roles: frozenset[str], name: str, step: int
) -> None:
    """Move a category `step` places (−1 up, +1 down) by renumbering the whole list."""
    _office_only(actor_roles)
    order = store.courses.categories()
    if name not in order:
        raise ValidationError("course_categories.no_such", name=name)
    at = order.index(name)
    order.insert(max(0, min(len(order) - 1, at + step)), order.pop(at))
    store.transaction(lambda cur: store.courses.set_category_order(cur, order))


def remove_category(store: Store, actor_id: int, actor_roles: frozenset[str], name: str) -> None:
    """Remove a category no course uses; otherwise refused with the number of courses."""
    _office_only(actor_roles)

    def work(cur: Cursor) -> None:
        if not store.courses.category_exists(cur, name):
            raise ValidationError("course_categories.no_such", name=name)
        # Counted in the transaction that deletes, so the check and the removal see one state.
        used = store.courses.courses_in_category(cur, name)
        if used:
            raise ValidationError("course_categories.in_use", name=name, n=used)
        store.courses.delete_category(cur, name)
        store.people.audit(cur, actor_id, "remove_course_category", name)

    store.transaction(work)
