"""Trainers write courses in the browser: titles, Markdown and link lessons, order, publishing.

A trainer edits the courses they own; the office edits every course. Shipped courses
(`content/`) may be edited too: `learnhub content sync` only changes what changed in its files.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store

__all__ = [
    "add_lesson",
    "create_course",
    "may_edit",
    "move_lesson",
    "set_course_published",
    "set_lesson_published",
    "title_and_hours",
    "update_course",
    "update_lesson",
]

MAX_TITLE = 100
MAX_DESCRIPTION = 1000
MAX_BODY = 50_000
_LINK = re.compile(r"^https?://[^\s<>\"']+$")


def may_edit(store: Store, course_id: int, actor_id: int, actor_roles: frozenset[str]) -> None:
    """Refuse unless the course exists and the actor owns it or works in the office."""
    course = store.courses.course(course_id)
    if course is None:
        raise ValidationError("course_admin.no_such_course")
    if "office" not in actor_roles and course["owner_id"] != actor_id:
        raise NotAllowed("course_admin.not_your_course")


def _course_values(store: Store, title: str, category: str, description: str) -> dict[str, Any]:
    clean_title = normalise_name(title)
    if not clean_title:
        raise ValidationError("course_admin.title_missing")
    if len(clean_title) > MAX_TITLE:
        raise ValidationError("course_admin.title_too_long", n=MAX_TITLE)
    if category not in store.courses.categories():
        raise ValidationError("course_admin.category_unknown", category=category)
    text = (description or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError("course_admin.description_too_long", n=MAX_DESCRIPTION)
    return {"title": clean_title, "category": category, "description": text}


def create_course(
    store: Store, owner_id: int, title: str, category: str, description: str = ""
) -> int:
    """A new course, unpublished until its owner publishes it."""
    values = _course_values(store, title, category, description)
    slug = f"course-{secrets.token_hex(4)}"
    return int(
        store.transaction(
            lambda cur: store.courses.insert_course(
                cur, {"slug": slug, "owner_id": owner_id, "published": False, **values}
            )
        )
    )


def update_course(
    store: Store,
    course_id: int,
    actor_id: int,
    actor_roles: frozenset[str],
    *,
    title: str,
    category: str,
    description: str,
) -> None:
    may_edit(store, course_id, actor_id, actor_roles)
    values = _course_values(store, title, category, description)
    store.transaction(lambda cur: store.courses.update_course(cur, course_id, values))


def set_course_published(
    store: Store, course_id: int, actor_id: int, actor_roles: frozenset[str], published: bool
) -> None:
    may_edit(store, course_id, actor_id, actor_roles)
    if published and store.courses.lessons(course_id).empty:
        raise ValidationError("course_admin.publish_empty")
    store.transaction(
        lambda cur: store.courses.update_course(cur, course_id, {"published": published})
    )


def title_and_hours(title: str, credit_hours: Any) -> dict[str, Any]:
    """What every lesson has, whatever its kind (file lessons use this alone)."""
    clean_title = normalise_name(title)
    if not clean_title:
        raise ValidationError("course_admin.title_missing")
    if len(clean_title) > MAX_TITLE:
        raise ValidationError("course_admin.title_too_long", n=MAX_TITLE)
    try:
        hours = float(credit_hours)
    except (TypeError, ValueError):
        raise ValidationError("course_admin.hours_invalid") from None
    if not 0.5 <= hours <= 8 or (hours * 2) % 1:
        raise ValidationError("course_admin.hours_invalid")
    return {"title": clean_title, "credit_hours": hours}


def _lesson_values(title: str, credit_hours: Any, body: str, link: str | None) -> dict[str, Any]:
    basics = title_and_hours(title, credit_hours)
    text = (body or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_BODY:
        raise ValidationError("course_admin.body_too_long", n=MAX_BODY)
    address = (link or "").strip() or None
    if address is not None and not _LINK.match(address):
        raise ValidationError("course_admin.link_invalid")
    if not text and address is None:
        raise ValidationError("course_admin.lesson_empty")
    return {
        "kind": "link" if address else "markdown",
        **basics,
        "body": text,
        "link": address,
    }


def add_lesson(
    store: Store,
    course_id: int,
    actor_id: int,
    actor_roles: frozenset[str],
    *,
    title: str,
    credit_hours: Any,
    body: str = "",
    link: str | None = None,
) -> int:
    """A Markdown lesson (or a video/web link with an introduction) at the end of the course."""
    may_edit(store, course_id, actor_id, actor_roles)
    values = _lesson_values(title, credit_hours, body, link)

    return int(store.transaction(lambda cur: store.courses.append_lesson(cur, course_id, values)))


def _lesson_course(store: Store, lesson_id: int) -> int:
    return int(_lesson(store, lesson_id)["course_id"])


def _lesson(store: Store, lesson_id: int) -> dict[str, Any]:
    lesson = store.courses.lesson(lesson_id)
    if lesson is None:
        raise ValidationError("course_admin.no_such_lesson")
    return lesson


def update_lesson(
    store: Store,
    lesson_id: int,
    actor_id: int,
    actor_roles: frozenset[str],
    *,
    title: str,
    credit_hours: Any,
    body: str = "",
    link: str | None = None,
) -> None:
    lesson = _lesson(store, lesson_id)
    may_edit(store, int(lesson["course_id"]), actor_id, actor_roles)
    # A file lesson's text comes from its file: only its title and hours are edited here.
    values = (
        title_and_hours(title, credit_hours)
        if lesson["kind"] == "file"
        else _lesson_values(title, credit_hours, body, link)
    )
    store.transaction(lambda cur: store.courses.update_lesson(cur, lesson_id, values))


def set_lesson_published(
    store: Store, lesson_id: int, actor_id: int, actor_roles: frozenset[str], published: bool
) -> None:
    may_edit(store, _lesson_course(store, lesson_id), actor_id, actor_roles)
    store.transaction(
        lambda cur: store.courses.update_lesson(cur, lesson_id, {"published": published})
    )


def move_lesson(
    store: Store, lesson_id: int, actor_id: int, actor_roles: frozenset[str], step: int
) -> None:
    """Move a lesson `step` places (−1 up, +1 down) by renumbering the whole course."""
    course_id = _lesson_course(store, lesson_id)
    may_edit(store, course_id, actor_id, actor_roles)
    order = [int(i) for i in store.courses.lessons(course_id, include_unpublished=True)["id"]]
    at = order.index(lesson_id)
    target = max(0, min(len(order) - 1, at + step))
    order.insert(target, order.pop(at))

    def work(cur: Cursor) -> None:
        for position, lid in enumerate(order, start=1):
            store.courses.update_lesson(cur, lid, {"position": position})

    store.transaction(work)
