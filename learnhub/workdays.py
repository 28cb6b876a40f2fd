"""The office's own working days: overrides of the official calendar, per date.

An office may work a Saturday for an inspection or close on a local holiday; the override wins
over the official calendar in every count that depends on working days.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from learnhub.calendar import WorkCalendar
from learnhub.errors import ValidationError
from learnhub.org import normalise_name
from learnhub.periods import month_of
from learnhub.store import Store

__all__ = ["clear_office_day", "month_working_days", "office_calendar", "set_office_day"]

MAX_NOTE = 100


def office_calendar(store: Store) -> WorkCalendar:
    return WorkCalendar(store.calendar.overrides())


def set_office_day(store: Store, day: date, *, working: bool, note: str) -> None:
    clean = normalise_name(note)
    if not clean:
        raise ValidationError("workdays.note_missing")
    if len(clean) > MAX_NOTE:
        raise ValidationError("workdays.note_too_long", n=MAX_NOTE)
    if not 2000 <= day.year <= 2100:
        raise ValidationError("workdays.year_out_of_range", day=day.isoformat())
    store.calendar.set_override(day, working, clean)


def clear_office_day(store: Store, day: date) -> None:
    store.calendar.clear_override(day)


def month_working_days(calendar: WorkCalendar, year: int) -> pd.DataFrame:
    """Working days of each month of `year`, as the scheme counts them."""
    months = [month_of(date(year, m, 1)) for m in range(1, 13)]
    return pd.DataFrame(
        {
            "month": [m.label for m in months],
            "working_days": [len(calendar.working_days(m)) for m in months],
        }
    )
