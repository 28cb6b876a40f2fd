"""Training classes (集中培训): a multi-day class, its half-day sessions and its roster.

A class runs from its first to its last day; creating it makes a session for each chosen half-day
(morning, afternoon or both) of every working day in between, per the office's calendar. Each
session earns its credit hours (学时) to those who attend it; the class sets the default per
half-day (DEFAULT_HOURS: half a day of a one-day class counted as 8 学时).

Sessions are study_sessions rows with the class's id, so sign-in by code and trainers' marks are
the study days' own (`learnhub.attendance`); only the class's roster may sign in to them.

A trainer manages the classes they organise; the office manages every class.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from learnhub.calendar import WorkCalendar
from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.periods import iter_days
from learnhub.store import Cursor, Store
from learnhub.studydays import HALF_DAYS, cancel_session, update_session

__all__ = [
    "DEFAULT_HOURS",
    "MAX_DAYS",
    "add_class_session",
    "add_members",
    "cancel_class_session",
    "create_class",
    "hours_in_year",
    "may_manage",
    "remove_member",
    "update_class",
    "update_class_session",
]

DEFAULT_HOURS = 4.0
MAX_HOURS = 8.0
# A class longer than two months is a programme, not a class; a typo in a year is more likely.
MAX_DAYS = 62
MAX_TITLE = 100
MAX_TEXT = 100
MAX_DESCRIPTION = 1000


def may_manage(
    store: Store, class_id: int, actor_id: int, actor_roles: frozenset[str]
) -> dict[str, Any]:
    """The class, when the actor organises it or works in the office; refuse otherwise."""
    found = store.training.training_class(class_id)
    if found is None:
        raise ValidationError("training.class_missing")
    if "office" not in actor_roles and found["organiser_id"] != actor_id:
        raise NotAllowed("training.not_your_class")
    return found


def _hours(value: Any) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise ValidationError("training.hours_invalid", n=MAX_HOURS) from None
    # Half hours are the finest unit offices count in.
    if not 0 <= hours <= MAX_HOURS or hours * 2 != int(hours * 2):
        raise ValidationError("training.hours_invalid", n=MAX_HOURS)
    return hours


def _class_values(
    store: Store, title: str, category: str, description: str, location: str, hours: Any
) -> dict[str, Any]:
    clean_title = normalise_name(title)
    if not clean_title:
        raise ValidationError("training.title_missing")
    if len(clean_title) > MAX_TITLE:
        raise ValidationError("training.title_too_long", n=MAX_TITLE)
    if category not in store.courses.categories():
        raise ValidationError("training.category_unknown", category=category)
    text = (description or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError("training.description_too_long", n=MAX_DESCRIPTION)
    place = normalise_name(location)
    if len(place) > MAX_TEXT:
        raise ValidationError("training.location_too_long", n=MAX_TEXT)
    return {
        "title": clean_title,
        "category": category,
        "description": text,
        "location": place,
        "hours_per_session": _hours(hours),
    }


def create_class(
    store: Store,
    calendar: WorkCalendar,
    *,
    organiser_id: int,
    title: str,
    category: str,
    first_day: date,
    last_day: date,
    half_days: tuple[str, ...] = HALF_DAYS,
    location: str = "",
    description: str = "",
    hours_per_session: Any = DEFAULT_HOURS,
) -> int:
    """A class with a session for each chosen half-day of every working day it spans."""
    values = _class_values(store, title, category, description, location, hours_per_session)
    if last_day < first_day:
        raise ValidationError("training.dates_reversed")
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise ValidationError("training.too_long", n=MAX_DAYS)
    chosen = tuple(h for h in HALF_DAYS if h in half_days)
    if not chosen:
        raise ValidationError("training.half_days_missing")
    days = [d for d in iter_days(first_day, last_day) if calendar.is_working_day(d)]
    if not days:
        raise ValidationError("training.no_working_days")
    values.update({"first_day": first_day, "last_day": last_day, "organiser_id": organiser_id})

    def work(cur: Cursor) -> int:
        class_id = store.training.insert_class(cur, values)
        for day in days:
            for half_day in chosen:
                _insert_session(store, cur, class_id, values, day, half_day)
        return class_id

    return int(store.transaction(work))


def _insert_session(
    store: Store, cur: Cursor, class_id: int, values: dict[str, Any], day: date, half_day: str
) -> int:
    return store.study_days.insert_session(
        cur,
        {
            "class_id": class_id,
            "day": day,
            "half_day": half_day,
            "category": values["category"],
            "location": values["location"],
            "credit_hours": values["hours_per_session"],
        },
    )


def update_class(
    store: Store,
    class_id: int,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
    title: str,
    category: str,
    description: str,
    location: str,
    hours_per_session: Any,
) -> None:
    """Change the class's details. Sessions still on the old category, place or hours follow the
    change; a session given its own topic place or hours keeps them."""
    old = may_manage(store, class_id, actor_id, actor_roles)
    values = _class_values(store, title, category, description, location, hours_per_session)

    def work(cur: Cursor) -> None:
        store.training.update_class(cur, class_id, values)
        for column, key in (
            ("category", "category"),
            ("location", "location"),
            ("credit_hours", "hours_per_session"),
        ):
            cur.execute(
                f"UPDATE study_sessions SET {column} = ? WHERE class_id = ? AND {column} = ?",
                [values[key], class_id, old[key]],
            )

    store.transaction(work)


def add_class_session(
    store: Store,
    class_id: int,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
    day: date,
    half_day: str,
) -> int:
    """One more half-day inside the class's dates (a make-up session, a weekend day)."""
    found = may_manage(store, class_id, actor_id, actor_roles)
    if half_day not in HALF_DAYS:
        raise ValidationError("studydays.half_day_unknown")
    if not found["first_day"] <= day <= found["last_day"]:
        raise ValidationError(
            "training.day_outside",
            first=found["first_day"].isoformat(),
            last=found["last_day"].isoformat(),
        )

    def work(cur: Cursor) -> int:
        if (day, half_day) in store.training.session_keys(cur, class_id):
            raise ValidationError("training.session_exists")
        return _insert_session(store, cur, class_id, found, day, half_day)

    return int(store.transaction(work))


def update_class_session(
    store: Store,
    session_id: int,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
    topic: str,
    lecturer_id: int | None,
    location: str,
    lesson_ids: list[int],
    credit_hours: Any,
) -> None:
    """A session's topic, lecturer, place, linked lessons and credit hours."""
    session = store.study_days.session(session_id)
    if session is None or session["class_id"] is None:
        raise ValidationError("studydays.session_missing")
    found = may_manage(store, int(session["class_id"]), actor_id, actor_roles)
    hours = _hours(credit_hours)
    update_session(
        store,
        session_id,
        category=str(found["category"]),
        topic=topic,
        lecturer_id=lecturer_id,
        location=location,
        lesson_ids=lesson_ids,
    )
    store.transaction(
        lambda cur: store.study_days.update_session(cur, session_id, {"credit_hours": hours})
    )


def cancel_class_session(
    store: Store, session_id: int, *, actor_id: int, actor_roles: frozenset[str], reason: str
) -> None:
    """Cancel one of the class's half-days, with a reason its members read."""
    session = store.study_days.session(session_id)
    if session is None or session["class_id"] is None:
        raise ValidationError("studydays.session_missing")
    may_manage(store, int(session["class_id"]), actor_id, actor_roles)
    cancel_session(store, session_id, reason=reason)


def add_members(
    store: Store,
    class_id: int,
    person_ids: list[int],
    *,
    actor_id: int,
    actor_roles: frozenset[str],
) -> int:
    """Put people on the roster; those already on it stay as they are. Returns how many joined."""
    may_manage(store, class_id, actor_id, actor_roles)
    wanted = sorted(set(person_ids))
    known = store.people.people()
    active = set(known["id"].astype(int)) if not known.empty else set()
    if not set(wanted) <= active:
        raise ValidationError("training.person_missing")

    def work(cur: Cursor) -> int:
        new = [p for p in wanted if p not in store.training.member_ids(class_id, cur)]
        if new:
            store.training.add_members(cur, class_id, new, actor_id)
        return len(new)

    return int(store.transaction(work))


def remove_member(
    store: Store, class_id: int, person_id: int, *, actor_id: int, actor_roles: frozenset[str]
) -> None:
    """Take someone off the roster who has no mark and no leave request in the class yet; after
    that they stay, so their record is kept (mark them on leave instead)."""
    may_manage(store, class_id, actor_id, actor_roles)

    def work(cur: Cursor) -> None:
        if person_id not in store.training.member_ids(class_id, cur):
            raise ValidationError("training.not_member")
        if store.training.has_traces(cur, class_id, person_id):
            raise ValidationError("training.member_has_record")
        store.training.remove_member(cur, class_id, person_id)

    store.transaction(work)


def hours_in_year(store: Store, person_id: int, year: int) -> float:
    """Training-class credit hours the person earned in a calendar year (sessions attended)."""
    return store.training.hours_attended(person_id, date(year, 1, 1), date(year, 12, 31))
