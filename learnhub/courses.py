"""Courses and lessons: loading the shipped material, what staff may read, and who studied what."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from learnhub.content import COURSES_DIR, Course, check_content
from learnhub.errors import ValidationError
from learnhub.store import Cursor, Store

__all__ = [
    "SyncResult",
    "catalogue",
    "credit_hours_in_year",
    "mark_studied",
    "search_lessons",
    "studied_lessons",
    "sync_content",
]


@dataclass(frozen=True)
class SyncResult:
    courses_created: int = 0
    courses_updated: int = 0
    lessons_created: int = 0
    lessons_updated: int = 0
    lessons_retired: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (self.courses_created, self.courses_updated, self.lessons_created,
             self.lessons_updated, self.lessons_retired)
        )  # fmt: skip


class ContentProblems(ValidationError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("courses.content_problems", n=len(problems), first=problems[0])
        self.problems = problems


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync_content(store: Store, root: Path = COURSES_DIR) -> SyncResult:
    """Load `content/courses/` into the database, all or nothing.

    Unchanged files change nothing; a changed file updates its course or lesson; a lesson no
    longer shipped is unpublished, never deleted, so who studied it stays on record. A course
    written here brings its category back if the office renamed or removed it: the catalogue
    lists courses only under known categories, so staff would not see it otherwise."""
    courses, problems = check_content(root)
    if problems:
        raise ContentProblems([str(p) for p in problems])
    totals = [0, 0, 0, 0, 0]

    def work(cur: Cursor) -> None:
        for course in courses:
            counts = _sync_course(store, cur, root / course.slug, course)
            for i, count in enumerate(counts):
                totals[i] += count

    store.transaction(work)
    return SyncResult(*totals)


def _sync_course(store: Store, cur: Cursor, folder: Path, course: Course) -> list[int]:
    counts = [0, 0, 0, 0, 0]
    values = {
        "title": course.title,
        "category": course.category,
        "description": course.description,
        "content_hash": _digest(folder / "course.toml"),
    }
    existing = store.courses.course_by_slug(cur, course.slug)
    if existing is None:
        store.courses.ensure_category(cur, course.category)
        course_id = store.courses.insert_course(
            cur, {"slug": course.slug, "origin": "content", **values}
        )
        counts[0] = 1
    else:
        course_id = existing["id"]
        if existing["content_hash"] != values["content_hash"]:
            store.courses.ensure_category(cur, course.category)
            store.courses.update_course(cur, course_id, values)
            counts[1] = 1
    stored = store.courses.lessons_by_source(cur, course_id)
    for position, lesson in enumerate(course.lessons, start=1):
        lesson_values = {
            "position": position,
            "kind": "link" if lesson.link else "markdown",
            "title": lesson.title,
            "body": lesson.body,
            "link": lesson.link,
            "credit_hours": lesson.credit_hours,
            "published": True,
            "content_hash": _digest(folder / lesson.file),
        }
        known = stored.pop(lesson.file, None)
        if known is None:
            store.courses.insert_lesson(
                cur, {"course_id": course_id, "source_name": lesson.file, **lesson_values}
            )
            counts[2] += 1
        elif (known["content_hash"], known["position"], known["published"]) != (
            lesson_values["content_hash"], position, True,
        ):  # fmt: skip
            store.courses.update_lesson(cur, known["id"], lesson_values)
            counts[3] += 1
    for gone in stored.values():
        if gone["published"]:
            store.courses.update_lesson(cur, gone["id"], {"published": False})
            counts[4] += 1
    return counts


def mark_studied(store: Store, person_id: int, lesson_id: int) -> bool:
    """Record that the person studied the lesson; True the first time, False after that."""
    if not store.courses.lesson_published(lesson_id):
        raise ValidationError("courses.lesson_unavailable")
    return store.courses.mark_studied(lesson_id, person_id)


def credit_hours_in_year(store: Store, person_id: int, year: int) -> float:
    """学时 from lessons studied in `year`."""
    return store.courses.credit_hours(person_id, date(year, 1, 1), date(year, 12, 31))


def catalogue(store: Store) -> pd.DataFrame:
    return store.courses.published_courses()


def search_lessons(store: Store, query: str) -> pd.DataFrame:
    """Lessons containing every word of `query` (split on spaces), in title or text."""
    words = [w for w in query.replace("\u3000", " ").split() if w][:5]
    if not words:
        return pd.DataFrame(columns=["id", "title", "course_id", "course", "category"])
    return store.courses.search_lessons(words)


def studied_lessons(store: Store, person_id: int) -> set[int]:
    return {int(i) for i in store.courses.studied(person_id)["lesson_id"]}
