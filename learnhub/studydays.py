"""Study days (学习日): recurring rules as data, the sessions they give, and who lectures.

A rule says "every Monday afternoon" (weekly, weekday 0 = Monday) or "the 20th of every month"
(monthly) from a date on. Generating a month turns rules into sessions; a rule's date that is not a
working day (per the office's calendar) becomes a session with status 'cancelled' and reason
'holiday', so staff see why there is no study that day. Generation is idempotent.

Half-days have fixed hours (HALF_DAY_HOURS); sign-in lateness and "has this session taken place"
are measured against them.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from learnhub.calendar import WorkCalendar
from learnhub.errors import ValidationError
from learnhub.org import normalise_name
from learnhub.periods import Period, iter_days
from learnhub.store import Cursor, Store

__all__ = [
    "HALF_DAYS",
    "HALF_DAY_HOURS",
    "HOLIDAY",
    "Generated",
    "add_rule",
    "add_session",
    "cancel_session",
    "end_rule",
    "generate_month",
    "month_sessions",
    "move_rule",
    "rotate_lecturers",
    "session_end",
    "session_start",
    "update_session",
]

HALF_DAYS = ("am", "pm")
# Office hours of a county organisation department: morning 8:30–12:00, afternoon 14:30–17:30.
HALF_DAY_HOURS: dict[str, tuple[time, time]] = {
    "am": (time(8, 30), time(12, 0)),
    "pm": (time(14, 30), time(17, 30)),
}
CADENCES = ("weekly", "monthly")
# status_reason of a session cancelled because its day is not a working day (shown translated).
HOLIDAY = "holiday"
MAX_TEXT = 100


@dataclass(frozen=True)
class Generated:
    created: int
    cancelled: int
    restored: int


def session_start(day: date, half_day: str) -> datetime:
    return datetime.combine(day, HALF_DAY_HOURS[half_day][0])


def session_end(day: date, half_day: str) -> datetime:
    return datetime.combine(day, HALF_DAY_HOURS[half_day][1])


def _text(value: Any, key: str, *, required: bool) -> str:
    clean = normalise_name(value)
    if required and not clean:
        raise ValidationError(f"{key}_missing")
    if len(clean) > MAX_TEXT:
        raise ValidationError("studydays.text_too_long", n=MAX_TEXT)
    return clean


def _half_day(value: str) -> str:
    if value not in HALF_DAYS:
        raise ValidationError("studydays.half_day_unknown")
    return value


def _when(cadence: str, weekday: int | None, month_day: int | None) -> dict[str, Any]:
    if cadence == "weekly":
        if weekday is None or not 0 <= weekday <= 6:
            raise ValidationError("studydays.weekday_invalid")
        return {"cadence": cadence, "weekday": weekday, "month_day": None}
    if cadence == "monthly":
        # Up to 28 so that every month has the day; "the 31st" would silently skip months.
        if month_day is None or not 1 <= month_day <= 28:
            raise ValidationError("studydays.month_day_invalid")
        return {"cadence": cadence, "weekday": None, "month_day": month_day}
    raise ValidationError("studydays.cadence_unknown")


def add_rule(
    store: Store,
    *,
    name: str,
    cadence: str,
    half_day: str,
    category: str,
    valid_from: date,
    weekday: int | None = None,
    month_day: int | None = None,
) -> int:
    values = {
        "name": _text(name, "studydays.rule_name", required=True),
        **_when(cadence, weekday, month_day),
        "half_day": _half_day(half_day),
        "category": _text(category, "studydays.category", required=True),
        "valid_from": valid_from,
    }
    return int(store.transaction(lambda cur: store.study_days.insert_rule(cur, values)))


def _open_rule(store: Store, cur: Cursor, rule_id: int, day: date) -> dict[str, Any]:
    rule = store.study_days.rule(cur, rule_id)
    if rule is None:
        raise ValidationError("studydays.rule_missing")
    if rule["valid_to"] is not None and rule["valid_to"] < day:
        raise ValidationError("studydays.rule_ended", day=rule["valid_to"].isoformat())
    if day <= rule["valid_from"]:
        raise ValidationError("studydays.rule_change_too_early", day=rule["valid_from"].isoformat())
    return rule


def end_rule(store: Store, rule_id: int, *, last_day: date) -> int:
    """The rule gives no sessions after `last_day`; unattended later sessions go. Returns how many
    sessions were removed."""

    def work(cur: Cursor) -> int:
        _open_rule(store, cur, rule_id, last_day + timedelta(days=1))
        store.study_days.end_rule(cur, rule_id, last_day)
        return store.study_days.drop_unattended_sessions(cur, rule_id, last_day + timedelta(days=1))

    return int(store.transaction(work))


def move_rule(
    store: Store,
    rule_id: int,
    *,
    valid_from: date,
    half_day: str,
    weekday: int | None = None,
    month_day: int | None = None,
) -> int:
    """Move a rule from `valid_from` on: the old rule ends the day before and a new one with the
    same name and category starts, so sessions already held keep the rule they were held under."""

    def work(cur: Cursor) -> int:
        old = _open_rule(store, cur, rule_id, valid_from)
        values = {
            "name": old["name"],
            **_when(str(old["cadence"]), weekday, month_day),
            "half_day": _half_day(half_day),
            "category": old["category"],
            "valid_from": valid_from,
            "valid_to": old["valid_to"],
        }
        store.study_days.end_rule(cur, rule_id, valid_from - timedelta(days=1))
        store.study_days.drop_unattended_sessions(cur, rule_id, valid_from)
        return store.study_days.insert_rule(cur, values)

    return int(store.transaction(work))


def _rule_days(rule: pd.Series, month: Period) -> list[date]:
    start = max(month.start, rule["valid_from"])
    end = month.end if pd.isna(rule["valid_to"]) else min(month.end, rule["valid_to"])
    if rule["cadence"] == "weekly":
        return [d for d in iter_days(start, end) if d.weekday() == int(rule["weekday"])]
    last = _stdlib_calendar.monthrange(month.start.year, month.start.month)[1]
    day = month.start.replace(day=min(int(rule["month_day"]), last))
    return [day] if start <= day <= end else []


def generate_month(store: Store, month: Period, calendar: WorkCalendar) -> Generated:
    """Sessions for every rule date of `month`. Running it again creates nothing new; a date that
    became (or stopped being) a holiday since is cancelled (or restored) to match the calendar."""
    rules = store.study_days.rules()
    rules["valid_from"] = pd.to_datetime(rules["valid_from"]).dt.date
    rules["valid_to"] = pd.to_datetime(rules["valid_to"]).dt.date

    def work(cur: Cursor) -> Generated:
        existing = store.study_days.rule_sessions(cur, month.start, month.end)
        created = cancelled = restored = 0
        for _, rule in rules[rules["active"]].iterrows():
            for day in _rule_days(rule, month):
                working = calendar.is_working_day(day)
                found = existing.get((int(rule["id"]), day))
                if found is None:
                    store.study_days.insert_session(
                        cur,
                        {
                            "rule_id": int(rule["id"]),
                            "day": day,
                            "half_day": rule["half_day"],
                            "category": rule["category"],
                            "status": "scheduled" if working else "cancelled",
                            "status_reason": None if working else HOLIDAY,
                        },
                    )
                    created += 1
                    cancelled += not working
                elif found[1] == "scheduled" and not working:
                    store.study_days.update_session(
                        cur, found[0], {"status": "cancelled", "status_reason": HOLIDAY}
                    )
                    cancelled += 1
                elif found[1] == "cancelled" and found[2] == HOLIDAY and working:
                    store.study_days.update_session(
                        cur, found[0], {"status": "scheduled", "status_reason": None}
                    )
                    restored += 1
        return Generated(created, cancelled, restored)

    result: Generated = store.transaction(work)
    return result


def _session_values(
    store: Store,
    *,
    category: str,
    topic: str,
    lecturer_id: int | None,
    location: str,
) -> dict[str, Any]:
    if lecturer_id is not None and store.people.person(lecturer_id) is None:
        raise ValidationError("studydays.lecturer_missing")
    return {
        "category": _text(category, "studydays.category", required=True),
        "topic": _text(topic, "studydays.topic", required=False),
        "lecturer_id": lecturer_id,
        "location": _text(location, "studydays.location", required=False),
    }


def _check_lessons(store: Store, lesson_ids: list[int]) -> list[int]:
    known = set(store.study_days.lesson_choices()["id"].astype(int))
    if not set(lesson_ids) <= known:
        raise ValidationError("studydays.lesson_missing")
    return sorted(set(lesson_ids))


def add_session(
    store: Store,
    *,
    day: date,
    half_day: str,
    category: str,
    topic: str = "",
    lecturer_id: int | None = None,
    location: str = "",
    lesson_ids: list[int] | None = None,
) -> int:
    """A single session outside the rules (an extra lecture, a one-off study day)."""
    values = _session_values(
        store, category=category, topic=topic, lecturer_id=lecturer_id, location=location
    )
    values.update({"day": day, "half_day": _half_day(half_day)})
    lessons = _check_lessons(store, lesson_ids or [])

    def work(cur: Cursor) -> int:
        session_id = store.study_days.insert_session(cur, values)
        store.study_days.set_session_lessons(cur, session_id, lessons)
        return session_id

    return int(store.transaction(work))


def update_session(
    store: Store,
    session_id: int,
    *,
    category: str,
    topic: str,
    lecturer_id: int | None,
    location: str,
    lesson_ids: list[int],
) -> None:
    if store.study_days.session(session_id) is None:
        raise ValidationError("studydays.session_missing")
    values = _session_values(
        store, category=category, topic=topic, lecturer_id=lecturer_id, location=location
    )
    lessons = _check_lessons(store, lesson_ids)

    def work(cur: Cursor) -> None:
        store.study_days.update_session(cur, session_id, values)
        store.study_days.set_session_lessons(cur, session_id, lessons)

    store.transaction(work)


def cancel_session(store: Store, session_id: int, *, reason: str) -> None:
    clean = _text(reason, "studydays.cancel_reason", required=True)
    session = store.study_days.session(session_id)
    if session is None:
        raise ValidationError("studydays.session_missing")
    if session["status"] == "cancelled":
        raise ValidationError("studydays.already_cancelled")
    store.transaction(
        lambda cur: store.study_days.update_session(
            cur,
            session_id,
            {"status": "cancelled", "status_reason": clean, "signin_closes_at": None},
        )
    )


def month_sessions(store: Store, month: Period) -> pd.DataFrame:
    frame = store.study_days.sessions_between(month.start, month.end)
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def rotate_lecturers(store: Store, month: Period, department_ids: list[int]) -> int:
    """轮流讲评: give every scheduled session of `month` without a lecturer the active staff member
    of the chosen departments who has lectured least often, then least recently (then by id, so the
    result is deterministic). Everyone lectures once before anyone lectures twice. Sessions that
    already have a lecturer keep them and count. Returns how many sessions got a lecturer."""
    people = store.study_days.staff_of_departments(department_ids)
    if not people:
        raise ValidationError("studydays.rotation_nobody")
    history = store.study_days.lecture_history(month.start)
    sessions = month_sessions(store, month)
    sessions = sessions[sessions["status"] == "scheduled"]
    tally = {p: history.get(p, (0, date.min)) for p in people}
    open_ids: list[tuple[int, date]] = []
    for _, row in sessions.iterrows():
        if pd.isna(row["lecturer_id"]):
            open_ids.append((int(row["id"]), row["day"]))
        elif int(row["lecturer_id"]) in tally:
            count, _ = tally[int(row["lecturer_id"])]
            tally[int(row["lecturer_id"])] = (count + 1, row["day"])
    assignments: list[tuple[int, int]] = []
    for session_id, day in open_ids:
        chosen = min(people, key=lambda p: (tally[p][0], tally[p][1], p))
        assignments.append((session_id, chosen))
        tally[chosen] = (tally[chosen][0] + 1, day)

    def work(cur: Cursor) -> None:
        for session_id, person_id in assignments:
            store.study_days.update_session(cur, session_id, {"lecturer_id": person_id})

    store.transaction(work)
    return len(assignments)


def upcoming(store: Store, today: date, days: int = 14) -> pd.DataFrame:
    """Sessions from today through the next `days` days, cancelled ones included (with why)."""
    frame = store.study_days.sessions_between(today, today + timedelta(days=days))
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame
