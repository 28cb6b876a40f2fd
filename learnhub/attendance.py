"""Attendance at study-day sessions: sign-in codes, trainers' marks and corrections, rates.

Sign-in by code works like TOTP with a 60-second step: opening sign-in stores a random secret; the
code of minute m is HMAC-SHA256(secret, m) cut to CODE_DIGITS digits. A code is accepted in its own
minute and, because people need a few seconds to type it, in the minute after (ACCEPTED_MINUTES);
an older code, a code of another session or any code outside the window is refused.

The window runs from opening until the session's half-day ends, or for a number of minutes the
trainer chooses. Signing in later than LATE_AFTER after the session's start marks 'late'.

Every function that depends on the time takes `now` (the office's local wall-clock time, naive)
so tests and pages decide the clock; `office_now` is that clock for the pages.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pandas as pd

from learnhub.code_throttle import CodeThrottle
from learnhub.errors import ValidationError
from learnhub.org import normalise_name
from learnhub.periods import Period
from learnhub.store import Cursor, Store, is_unique_violation
from learnhub.studydays import session_end, session_start

__all__ = [
    "ACCEPTED_MINUTES",
    "CODE_DIGITS",
    "LATE_AFTER",
    "STATUSES",
    "SignIn",
    "code_for",
    "current_code",
    "mark",
    "office_now",
    "open_signin",
    "person_rate",
    "sign_in",
]

CODE_DIGITS = 6
ACCEPTED_MINUTES = 2  # the current minute and the one before it
LATE_AFTER = timedelta(minutes=15)
MAX_WINDOW_MINUTES = 240
STATUSES = ("present", "late", "leave", "absent")
ATTENDED = ("present", "late")
# attendance_history.reason of a mark a code sign-in replaced (shown translated).
CODE_SIGNIN = "code_signin"
_EPOCH = datetime(1970, 1, 1)
T = TypeVar("T")


@dataclass(frozen=True)
class SignIn:
    session_id: int
    status: str
    already: bool


def office_now(timezone: str) -> datetime:
    """The office's wall-clock time, without a zone (how sessions and windows are stored)."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)


def _minute(now: datetime) -> int:
    return int((now - _EPOCH).total_seconds() // 60)


def code_for(secret: str, minute: int) -> str:
    digest = hmac.new(bytes.fromhex(secret), str(minute).encode(), hashlib.sha256).digest()
    # Dynamic truncation as in RFC 4226, so every digit is evenly spread.
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def current_code(store: Store, session_id: int, now: datetime) -> str | None:
    """The code to show now, or None when sign-in is not open."""
    session = store.study_days.session(session_id)
    if session is None or not _window_open(session, now):
        return None
    return code_for(str(session["signin_secret"]), _minute(now))


def _window_open(session: Mapping[Any, Any], now: datetime) -> bool:
    opened, closes = session["signin_opened_at"], session["signin_closes_at"]
    if session["status"] != "scheduled" or session["signin_secret"] is None:
        return False
    assert isinstance(opened, datetime) and isinstance(closes, datetime)
    return opened <= now <= closes


def open_signin(
    store: Store, session_id: int, now: datetime, *, minutes: int | None = None
) -> datetime:
    """Open (or reopen, with a new secret) sign-in; returns when it closes. Without `minutes` it
    closes when the session's half-day ends."""
    session = store.study_days.session(session_id)
    if session is None:
        raise ValidationError("studydays.session_missing")
    if session["status"] != "scheduled":
        raise ValidationError("attendance.session_cancelled")
    if session["day"] != now.date():
        raise ValidationError("attendance.open_on_the_day", day=session["day"].isoformat())
    if minutes is None:
        closes = session_end(session["day"], session["half_day"])
        if closes <= now:
            raise ValidationError("attendance.session_over")
    elif not 1 <= minutes <= MAX_WINDOW_MINUTES:
        raise ValidationError("attendance.minutes_invalid", n=MAX_WINDOW_MINUTES)
    else:
        closes = now + timedelta(minutes=minutes)
    secret = secrets.token_hex(32)
    store.transaction(
        lambda cur: store.study_days.update_session(
            cur,
            session_id,
            {"signin_secret": secret, "signin_opened_at": now, "signin_closes_at": closes},
        )
    )
    return closes


def close_signin(store: Store, session_id: int, now: datetime) -> None:
    store.transaction(
        lambda cur: store.study_days.update_session(cur, session_id, {"signin_closes_at": now})
    )


def open_sessions(store: Store, now: datetime, person_id: int | None = None) -> pd.DataFrame:
    """Today's sessions whose sign-in window is open now: the study days', and with `person_id`
    also those of training classes the person is on the roster of."""
    frame = store.study_days.sessions_between(now.date(), now.date())
    if person_id is not None:
        mine = store.training.open_class_sessions(person_id, now.date())
        if not mine.empty:
            frame = mine if frame.empty else pd.concat([frame, mine], ignore_index=True)
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    keep = [_window_open(row.to_dict(), now) for _, row in frame.iterrows()]
    return frame[keep] if keep else frame


def _throttle(store: Store) -> CodeThrottle:
    # dict.setdefault is atomic, so two first sign-ins at once still share one throttle.
    throttle: CodeThrottle = store.db.memo.setdefault("signin_code_throttle", CodeThrottle())
    return throttle


def sign_in(store: Store, session_id: int, person_id: int, code: str, now: datetime) -> SignIn:
    """Record a staff member as present (or late) when `code` is the session's code of now."""
    typed = normalise_name(code).replace(" ", "")
    if not typed.isdigit() or len(typed) != CODE_DIGITS:
        raise ValidationError("attendance.code_format", n=CODE_DIGITS)
    session = store.study_days.session(session_id)
    if session is None or session["signin_secret"] is None:
        raise ValidationError("attendance.not_open")
    if session["status"] != "scheduled":
        raise ValidationError("attendance.session_cancelled")
    class_id = session["class_id"]
    if class_id is not None and not store.training.is_member(int(class_id), person_id):
        raise ValidationError("attendance.not_in_class")
    wait = _throttle(store).wait_minutes(person_id, now)
    if wait:
        raise ValidationError("attendance.too_many_wrong", minutes=wait)
    if now < session["signin_opened_at"]:
        raise ValidationError("attendance.not_open")
    if now > session["signin_closes_at"]:
        raise ValidationError(
            "attendance.closed", at=session["signin_closes_at"].strftime("%Y-%m-%d %H:%M")
        )
    secret, minute = str(session["signin_secret"]), _minute(now)
    if not any(
        hmac.compare_digest(code_for(secret, minute - k), typed) for k in range(ACCEPTED_MINUTES)
    ):
        _throttle(store).wrong(person_id, now)
        opened = _minute(session["signin_opened_at"])
        if any(code_for(secret, m) == typed for m in range(opened, minute)):
            raise ValidationError("attendance.code_expired")
        raise ValidationError("attendance.code_wrong")
    late = now > session_start(session["day"], session["half_day"]) + LATE_AFTER
    status = "late" if late else "present"

    def work(cur: Cursor) -> SignIn:
        before = store.study_days.attendance_status(cur, session_id, person_id)
        if before in ATTENDED:
            return SignIn(session_id, str(before), already=True)
        store.study_days.put_attendance(
            cur, session_id, person_id, status, "code", person_id, now, first=before is None
        )
        if before is not None:
            # A trainer had marked leave or absent; the code proves attendance, keep the trail.
            store.study_days.add_history(
                cur, session_id, person_id, before, status, CODE_SIGNIN, person_id, now
            )
        return SignIn(session_id, status, already=False)

    return _twice(store, work)


def _twice(store: Store, work: Callable[[Cursor], T]) -> T:
    """Run `work`; when a simultaneous first mark of the same person won (a double click), run it
    again so it sees that mark instead of failing."""
    try:
        return store.db.transaction(work)
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        return store.db.transaction(work)


def mark(
    store: Store,
    session_id: int,
    person_id: int,
    status: str,
    *,
    actor_id: int,
    now: datetime,
    reason: str = "",
) -> bool:
    """A trainer's mark. Changing an existing mark is a correction: it needs a reason, and the
    previous and new status, who and when are kept. Returns whether anything changed."""
    if status not in STATUSES:
        raise ValidationError("attendance.status_unknown")
    clean = normalise_name(reason)
    if len(clean) > 200:
        raise ValidationError("attendance.reason_too_long", n=200)
    session = store.study_days.session(session_id)
    if session is None:
        raise ValidationError("studydays.session_missing")
    if session["status"] != "scheduled":
        raise ValidationError("attendance.session_cancelled")
    if store.people.person(person_id) is None:
        raise ValidationError("attendance.person_missing")

    def work(cur: Cursor) -> bool:
        before = store.study_days.attendance_status(cur, session_id, person_id)
        if before == status:
            return False
        if before is not None:
            if not clean:
                raise ValidationError("attendance.reason_missing")
            store.study_days.add_history(
                cur, session_id, person_id, before, status, clean, actor_id, now
            )
        store.study_days.put_attendance(
            cur, session_id, person_id, status, "trainer", actor_id, now, first=before is None
        )
        return True

    return bool(_twice(store, work))


def held_marks(store: Store, start: date, end: date, now: datetime) -> pd.DataFrame:
    """One row per (session that has taken place and was not cancelled, active staff member), with
    the status; an unmarked person counts as absent."""
    frame = store.study_days.marks_between(start, end)
    if frame.empty:
        return frame
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    ended = [session_end(d, h) <= now for d, h in zip(frame["day"], frame["half_day"], strict=True)]
    frame = frame[pd.Series(ended, index=frame.index) & (frame["session_status"] == "scheduled")]
    frame = frame.copy()
    frame["status"] = frame["status"].fillna("absent")
    return frame


def person_rate(store: Store, person_id: int, period: Period, now: datetime) -> dict[str, float]:
    """Held sessions, present, late, leave, absent and the rate (present + late) ÷ held."""
    marks = held_marks(store, period.start, period.end, now)
    mine = marks[marks["person_id"] == person_id] if not marks.empty else marks
    counts = {s: int((mine["status"] == s).sum()) if not mine.empty else 0 for s in STATUSES}
    held = len(mine)
    rate = (counts["present"] + counts["late"]) / held if held else 0.0
    return {"held": float(held), **{k: float(v) for k, v in counts.items()}, "rate": rate}


@dataclass(frozen=True)
class MonthReport:
    sessions: pd.DataFrame
    people: pd.DataFrame
    departments: pd.DataFrame


def _tally(marks: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    flags = marks[keys].copy()
    for status in STATUSES:
        flags[status] = (marks["status"] == status).astype(int)
    grouped = flags.groupby(keys, sort=False, dropna=False).agg(
        expected=("present", "size"), **{s: (s, "sum") for s in STATUSES}
    )
    grouped["rate"] = (grouped["present"] + grouped["late"]) / grouped["expected"]
    return grouped.reset_index()


def month_report(store: Store, month: Period, now: datetime) -> MonthReport:
    """Attendance of a month's held sessions per session, per person and per department.
    Departments are compared per head (attended sessions per person), never by raw totals."""
    marks = held_marks(store, month.start, month.end, now)
    if marks.empty:
        empty = pd.DataFrame()
        return MonthReport(empty, empty, empty)
    sessions = _tally(marks, ["session_id", "day", "half_day", "category", "topic"])
    people = _tally(marks, ["person_id", "name", "department"])
    people = people.rename(columns={"expected": "held"})
    marks = marks.assign(department=marks["department"].fillna(""))
    by_dept = people.assign(department=people["department"].fillna("")).groupby(
        "department", sort=False
    )
    departments = by_dept.agg(
        headcount=("person_id", "size"),
        held=("held", "sum"),
        present=("present", "sum"),
        late=("late", "sum"),
        leave=("leave", "sum"),
        absent=("absent", "sum"),
    ).reset_index()
    heads = departments["headcount"]
    departments["attended_per_head"] = (departments["present"] + departments["late"]) / heads
    departments["leave_per_head"] = departments["leave"] / heads
    departments["absent_per_head"] = departments["absent"] / heads
    departments["rate"] = (departments["present"] + departments["late"]) / departments["held"]
    departments = departments[
        [
            "department",
            "headcount",
            "attended_per_head",
            "leave_per_head",
            "absent_per_head",
            "rate",
        ]
    ]
    return MonthReport(sessions, people, departments)
