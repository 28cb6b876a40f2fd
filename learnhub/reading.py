"""Daily check-in (今日打卡): reading, clippings and finished books.

Every function validates first and stores nothing when anything is wrong; the error names the
problem in the catalogue so the form can say it in the person's language. A Save button's form
carries a submission key, so a double click stores one entry.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from learnhub.errors import ValidationError
from learnhub.periods import today_in
from learnhub.settings import Settings
from learnhub.store import Cursor, PendingRecord, Store, is_unique_violation

__all__ = [
    "MAX_DAY_MINUTES",
    "MAX_ENTRY_MINUTES",
    "Saved",
    "edit_book_review",
    "edit_clipping",
    "edit_reading",
    "editable_days",
    "log_clipping",
    "log_reading",
    "mark_book_finished",
]

MAX_ENTRY_MINUTES = 240
MAX_DAY_MINUTES = 16 * 60
# Faster than this is possible for skimming but worth a look by the office, not a refusal.
FLAG_PAGES_PER_MINUTE = 3
MAX_TITLE = 200
MAX_NOTE = 500
MAX_EXCERPT = 2000
MAX_REVIEW = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Saved:
    record_id: int
    duplicate: bool = False
    flag: str | None = None


def editable_days(settings: Settings, today: date) -> list[date]:
    """Today and the days before it that may still be added or edited, newest first."""
    return [today - timedelta(days=i) for i in range(max(1, settings.edit_window_days))]


def _today(settings: Settings, today: date | None) -> date:
    return today or today_in(settings.timezone)


def _check_day(settings: Settings, day: date, today: date) -> None:
    if day > today:
        raise ValidationError("checkin.day_in_future", day=day.isoformat())
    if day not in editable_days(settings, today):
        raise ValidationError(
            "checkin.day_too_old", day=day.isoformat(), n=settings.edit_window_days
        )


def _clean(text: Any, limit: int, key: str) -> str:
    value = _CONTROL.sub("", "" if text is None else str(text)).strip()
    if len(value) > limit:
        raise ValidationError(key, n=limit, length=len(value))
    return value


def _whole_number(value: Any, key: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(key, value=value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(key, value=value) from None
    if not math.isfinite(number) or number != int(number):
        raise ValidationError(key, value=value)
    return int(number)


@dataclass(frozen=True)
class ReadingInput:
    day: date
    minutes: Any
    book_id: int | None = None
    title: str | None = None
    page_from: Any = None
    page_to: Any = None
    note: str | None = None


def _reading_values(store: Store, entry: ReadingInput) -> dict[str, Any]:
    minutes = _whole_number(entry.minutes, "checkin.minutes_not_number")
    if minutes is None:
        raise ValidationError("checkin.minutes_missing")
    if minutes <= 0:
        raise ValidationError("checkin.minutes_not_positive", minutes=minutes)
    if minutes > MAX_ENTRY_MINUTES:
        raise ValidationError("checkin.minutes_too_many", minutes=minutes, n=MAX_ENTRY_MINUTES)
    book = store.books.get(entry.book_id) if entry.book_id is not None else None
    if entry.book_id is not None and book is None:
        raise ValidationError("checkin.book_unknown")
    title = _clean(entry.title, MAX_TITLE, "checkin.title_too_long")
    if book is None and not title:
        raise ValidationError("checkin.title_missing")
    page_from = _whole_number(entry.page_from, "checkin.page_not_number")
    page_to = _whole_number(entry.page_to, "checkin.page_not_number")
    if (page_from is None) != (page_to is None):
        raise ValidationError("checkin.pages_incomplete")
    pages = None
    flag = None
    if page_from is not None and page_to is not None:
        if page_from < 1:
            raise ValidationError("checkin.page_not_positive")
        if page_to < page_from:
            raise ValidationError("checkin.pages_backwards", page_from=page_from, page_to=page_to)
        if book and book["pages"] and page_to > int(book["pages"]):
            raise ValidationError("checkin.page_beyond_book", page_to=page_to, n=book["pages"])
        pages = page_to - page_from + 1
        if pages > FLAG_PAGES_PER_MINUTE * minutes:
            flag = "fast_pace"
    return {
        "kind": "reading",
        "book_id": entry.book_id,
        "title": None if book else title,
        "minutes": minutes,
        "page_from": page_from,
        "page_to": page_to,
        "pages": pages,
        "text": _clean(entry.note, MAX_NOTE, "checkin.note_too_long") or None,
        "flag": flag,
    }


def _save(
    store: Store,
    person_id: int,
    day: date,
    values: dict[str, Any],
    submission_key: str | None,
    *,
    day_limit: int | None = None,
) -> Saved:
    """Store one entry through the group-committing writer, which checks the submission key and
    the day's total minutes for the whole batch at once (store/record_batches.py)."""
    attempts = 20
    for attempt in range(attempts):
        pending = PendingRecord(
            person_id, day, values, submission_key, day_limit, check_key=attempt > 0
        )
        try:
            outcome = store.save_records(pending)
        except Exception as exc:
            # A racing click's key landed between our lookup and our commit: look again.
            if not (submission_key and is_unique_violation(exc)) or attempt == attempts - 1:
                raise
            time.sleep(0.002 * (attempt + 1))
            continue
        if outcome.refused_total is not None and day_limit is not None:
            raise ValidationError(
                "checkin.day_too_long", total=outcome.refused_total, n=day_limit // 60
            )
        assert outcome.record_id is not None
        if outcome.duplicate:
            return Saved(outcome.record_id, duplicate=True)
        return Saved(outcome.record_id, flag=values.get("flag"))
    raise AssertionError("unreachable")


def _save_checked(
    store: Store,
    person_id: int,
    day: date,
    values: dict[str, Any],
    submission_key: str | None,
    check: Any,
) -> Saved:
    """Store one entry after a check that needs its own query (rare entries, not batched)."""

    def work(cur: Cursor) -> Saved:
        if submission_key:
            existing = store.records.submitted_record(cur, submission_key)
            if existing is not None:
                return Saved(existing, duplicate=True)
        check(cur)
        record_id = store.records.insert(cur, person_id, day, values)
        if submission_key:
            store.records.remember_submission(cur, submission_key, record_id)
        return Saved(record_id, flag=values.get("flag"))

    for attempt in range(20):
        try:
            return store.transaction(work)  # type: ignore[no-any-return]
        except Exception as exc:
            if not (submission_key and is_unique_violation(exc)) or attempt == 19:
                raise
            time.sleep(0.002 * (attempt + 1))
    raise AssertionError("unreachable")


def _day_total_check(
    store: Store, person_id: int, day: date, minutes: int, exclude: int = 0
) -> Any:
    def check(cur: Cursor) -> None:
        total = store.records.reading_minutes_on(cur, person_id, day) - exclude + minutes
        if total > MAX_DAY_MINUTES:
            raise ValidationError("checkin.day_too_long", total=total, n=MAX_DAY_MINUTES // 60)

    return check


def log_reading(
    store: Store,
    settings: Settings,
    person_id: int,
    entry: ReadingInput,
    *,
    submission_key: str | None = None,
    today: date | None = None,
) -> Saved:
    _check_day(settings, entry.day, _today(settings, today))
    values = _reading_values(store, entry)
    return _save(store, person_id, entry.day, values, submission_key, day_limit=MAX_DAY_MINUTES)


def edit_reading(
    store: Store,
    settings: Settings,
    person_id: int,
    record_id: int,
    entry: ReadingInput,
    *,
    today: date | None = None,
) -> None:
    """Change an entry of the edit window; the previous version is kept in its history."""
    current = _editable(store, settings, person_id, record_id, "reading", entry.day, today)
    values = _reading_values(store, entry)
    values.pop("kind")
    values["day"] = entry.day
    same_day = entry.day == current["day"]
    check = _day_total_check(
        store,
        person_id,
        entry.day,
        values["minutes"],
        exclude=int(current["minutes"] or 0) if same_day else 0,
    )

    def work(cur: Cursor) -> None:
        check(cur)
        store.records.update(cur, record_id, values, changed_by=person_id)

    store.transaction(work)


def _editable(
    store: Store,
    settings: Settings,
    person_id: int,
    record_id: int,
    kind: str,
    new_day: date,
    today: date | None,
) -> dict[str, Any]:
    """The record, if it is this person's, of this kind, and both its old and new day are
    inside the edit window."""
    now = _today(settings, today)
    current = store.records.get(record_id)
    if current is None or current["person_id"] != person_id or current["kind"] != kind:
        raise ValidationError("checkin.entry_not_yours")
    _check_day(settings, current["day"], now)
    _check_day(settings, new_day, now)
    return current


def _clipping_values(excerpt: str, source: str) -> dict[str, Any]:
    text = _clean(excerpt, MAX_EXCERPT, "checkin.excerpt_too_long")
    if not text:
        raise ValidationError("checkin.excerpt_missing")
    origin = _clean(source, MAX_TITLE, "checkin.source_too_long")
    if not origin:
        raise ValidationError("checkin.source_missing")
    return {"kind": "clipping", "text": text, "source": origin}


def edit_clipping(
    store: Store,
    settings: Settings,
    person_id: int,
    record_id: int,
    day: date,
    excerpt: str,
    source: str,
    *,
    today: date | None = None,
) -> None:
    """Change a clipping of the edit window; the previous version is kept in its history."""
    _editable(store, settings, person_id, record_id, "clipping", day, today)
    values = _clipping_values(excerpt, source)
    values.pop("kind")
    values["day"] = day
    store.transaction(
        lambda cur: store.records.update(cur, record_id, values, changed_by=person_id)
    )


def edit_book_review(
    store: Store,
    settings: Settings,
    person_id: int,
    record_id: int,
    day: date,
    review: str,
    *,
    today: date | None = None,
) -> None:
    """Change the day or the one-line review of a finished book inside the edit window."""
    _editable(store, settings, person_id, record_id, "book_finished", day, today)
    values = {"day": day, "text": _one_line_review(review)}
    store.transaction(
        lambda cur: store.records.update(cur, record_id, values, changed_by=person_id)
    )


def _one_line_review(review: str) -> str:
    one_line = _clean(review, MAX_REVIEW, "checkin.review_too_long").replace("\n", " ")
    if not one_line:
        raise ValidationError("checkin.review_missing")
    return one_line


def log_clipping(
    store: Store,
    settings: Settings,
    person_id: int,
    day: date,
    excerpt: str,
    source: str,
    *,
    submission_key: str | None = None,
    today: date | None = None,
) -> Saved:
    _check_day(settings, day, _today(settings, today))
    values = _clipping_values(excerpt, source)
    return _save(store, person_id, day, values, submission_key)


def mark_book_finished(
    store: Store,
    settings: Settings,
    person_id: int,
    day: date,
    *,
    book_id: int | None = None,
    title: str | None = None,
    review: str = "",
    submission_key: str | None = None,
    today: date | None = None,
) -> Saved:
    _check_day(settings, day, _today(settings, today))
    book = store.books.get(book_id) if book_id is not None else None
    if book_id is not None and book is None:
        raise ValidationError("checkin.book_unknown")
    free_title = _clean(title, MAX_TITLE, "checkin.title_too_long")
    if book is None and not free_title:
        raise ValidationError("checkin.title_missing")
    one_line = _one_line_review(review)
    shown_title = book["title"] if book else free_title
    values = {
        "kind": "book_finished",
        "book_id": book_id,
        "title": None if book else free_title,
        "text": one_line,
    }

    def not_twice(cur: Cursor) -> None:
        if store.records.has_finished(cur, person_id, shown_title):
            raise ValidationError("checkin.book_already_finished", title=shown_title)

    return _save_checked(store, person_id, day, values, submission_key, not_twice)
