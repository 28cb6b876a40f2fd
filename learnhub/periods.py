"""The periods LearnHub counts in (DESIGN.md §3).

- day: a calendar date in the office's time zone
- week: ISO week, Monday–Sunday, owned by the month that contains its Thursday
- dekad (旬): days 1–10, 11–20 and 21–end of a month
- month, quarter, year: calendar ones
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "Period",
    "day_period",
    "dekad_of",
    "dekads_of_month",
    "iter_days",
    "month_of",
    "month_of_week",
    "parse_month",
    "quarter_of",
    "today_in",
    "week_of",
    "weeks_of_month",
    "year_of",
]


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of days with a kind and a label such as `2026-03`, `2026-W10`, `2026-03-2`."""

    start: date
    end: date
    kind: str
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def days(self) -> list[date]:
        return list(iter_days(self.start, self.end))

    def has_ended(self, today: date) -> bool:
        return self.end < today

    def has_started(self, today: date) -> bool:
        return self.start <= today


def iter_days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def day_period(day: date) -> Period:
    return Period(day, day, "day", day.isoformat())


def week_of(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    year, week, _ = day.isocalendar()
    return Period(monday, monday + timedelta(days=6), "week", f"{year}-W{week:02d}")


def month_of_week(week: Period) -> Period:
    """The month a week belongs to: the one containing its Thursday."""
    return month_of(week.start + timedelta(days=3))


def month_of(day: date) -> Period:
    last = _stdlib_calendar.monthrange(day.year, day.month)[1]
    return Period(
        date(day.year, day.month, 1),
        date(day.year, day.month, last),
        "month",
        f"{day.year}-{day.month:02d}",
    )


def parse_month(text: str) -> Period:
    """`YYYY-MM` → the month; raises ValueError with the bad text otherwise."""
    try:
        parsed = datetime.strptime(text.strip(), "%Y-%m")
    except ValueError as exc:
        raise ValueError(f"not a month in YYYY-MM form: {text!r}") from exc
    return month_of(parsed.date())


def weeks_of_month(month: Period) -> list[Period]:
    """The ISO weeks owned by `month` (4 or 5), each possibly spilling into a neighbour month."""
    first_thursday = month.start + timedelta(days=(3 - month.start.weekday()) % 7)
    weeks = []
    thursday = first_thursday
    while thursday <= month.end:
        weeks.append(week_of(thursday))
        thursday += timedelta(days=7)
    return weeks


def dekad_of(day: date) -> Period:
    month = month_of(day)
    if day.day <= 10:
        return Period(month.start, month.start.replace(day=10), "dekad", f"{month.label}-1")
    if day.day <= 20:
        return Period(
            month.start.replace(day=11), month.start.replace(day=20), "dekad", f"{month.label}-2"
        )
    return Period(month.start.replace(day=21), month.end, "dekad", f"{month.label}-3")


def dekads_of_month(month: Period) -> list[Period]:
    return [dekad_of(month.start), dekad_of(month.start.replace(day=11)), dekad_of(month.end)]


def quarter_of(day: date) -> Period:
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    end = month_of(date(day.year, 3 * q + 3, 1)).end
    return Period(start, end, "quarter", f"{day.year}-Q{q + 1}")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year", str(day.year))
