"""Working days: the official PRC calendar, office overrides per date, Mon–Fri beyond it.

The `chinesecalendar` package carries the State Council's holiday and make-up working-day notices.
It only knows the years already announced; for a later year we assume Monday–Friday and say so
(`WorkCalendar.is_covered`), so the interface can warn instead of silently being wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import chinese_calendar

from learnhub.periods import Period, iter_days

__all__ = ["WorkCalendar", "official_years"]


def official_years() -> range:
    """The years the installed holiday calendar covers."""
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


_OFFICIAL = official_years()


@dataclass(frozen=True)
class WorkCalendar:
    """Answers 'is this a working day?' with office overrides taking precedence."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_covered(self, year: int) -> bool:
        return year in _OFFICIAL

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in _OFFICIAL:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def working_days(self, period: Period) -> list[date]:
        return [d for d in iter_days(period.start, period.end) if self.is_working_day(d)]

    def uncovered_years(self, periods: Iterable[Period]) -> list[int]:
        years = {y for p in periods for y in range(p.start.year, p.end.year + 1)}
        return sorted(y for y in years if not self.is_covered(y))

    def holiday_name(self, day: date) -> str | None:
        if day.year not in _OFFICIAL:
            return None
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return str(name) if on_holiday and name else None
