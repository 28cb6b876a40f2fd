"""Working days (DESIGN.md §3): the official PRC calendar, office overrides, Mon–Fri beyond it.

Each official date asserted here is from the State Council's 2026 holiday notice and is checked
against the chinese_calendar package's own tables too, so a wrong expectation cannot hide.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from learnhub.calendar import WorkCalendar, official_years
from learnhub.periods import iter_days, month_of, week_of
from learnhub.store import Store
from learnhub.workdays import office_calendar

CAL = WorkCalendar()

NATIONAL_DAY_2026 = list(iter_days(date(2026, 10, 1), date(2026, 10, 7)))
MID_AUTUMN_2026 = list(iter_days(date(2026, 9, 25), date(2026, 9, 27)))
SPRING_FESTIVAL_2026 = list(iter_days(date(2026, 2, 15), date(2026, 2, 23)))
# Make-up working weekends of 2026 (调休上班): Sun 4 Jan, Sat 14 Feb, Sat 28 Feb, Sat 9 May,
# Sun 20 Sep, Sat 10 Oct.
MAKE_UP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def test_2026_is_covered_by_the_package() -> None:
    assert 2026 in official_years()
    assert CAL.is_covered(2026) and CAL.is_covered(2004)


@pytest.mark.parametrize("day", NATIONAL_DAY_2026 + MID_AUTUMN_2026 + SPRING_FESTIVAL_2026)
def test_official_holidays_are_days_off(day: date) -> None:
    assert chinese_calendar.is_holiday(day)  # the package agrees with the notice
    assert not CAL.is_working_day(day)


def test_holiday_names() -> None:
    assert CAL.holiday_name(date(2026, 10, 5)) == "National Day"
    assert CAL.holiday_name(date(2026, 9, 25)) == "Mid-autumn Festival"
    assert CAL.holiday_name(date(2026, 2, 17)) == "Spring Festival"
    assert CAL.holiday_name(date(2026, 3, 18)) is None  # an ordinary Wednesday
    assert CAL.holiday_name(date(2026, 10, 10)) is None  # a make-up working Saturday


def test_make_up_weekends_of_2026_are_working_days() -> None:
    package = sorted(d for d in chinese_calendar.workdays if d.year == 2026 and d.weekday() >= 5)
    assert package == MAKE_UP_2026
    for day in MAKE_UP_2026:
        assert day.weekday() >= 5
        assert CAL.is_working_day(day)


def test_ordinary_weekends_and_weekdays() -> None:
    assert CAL.is_working_day(date(2026, 3, 18))  # Wednesday
    assert not CAL.is_working_day(date(2026, 3, 21))  # Saturday
    assert not CAL.is_working_day(date(2026, 10, 11))  # Sunday after the make-up Saturday


def test_working_days_of_holiday_months() -> None:
    # October 2026: 22 weekdays (1–2, 5–9, 12–16, 19–23, 26–30) minus the weekday holidays
    # 1, 2, 5, 6, 7 October, plus the make-up Saturday 10 October = 18.
    october = CAL.working_days(month_of(date(2026, 10, 1)))
    assert len(october) == 18
    assert october[:3] == [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]
    # September 2026: 22 weekdays minus Friday 25 (Mid-Autumn) plus Sunday 20 = 22.
    september = CAL.working_days(month_of(date(2026, 9, 1)))
    assert len(september) == 22
    assert date(2026, 9, 20) in september and date(2026, 9, 25) not in september
    # February 2026: 20 weekdays minus 16–20 and 23 February plus Saturdays 14 and 28 = 16.
    assert len(CAL.working_days(month_of(date(2026, 2, 1)))) == 16
    # March 2026 has no holiday: its 22 weekdays.
    assert len(CAL.working_days(month_of(date(2026, 3, 1)))) == 22


def test_office_overrides_win_both_ways() -> None:
    cal = WorkCalendar(
        {
            date(2026, 10, 3): True,  # a National Day Saturday the office works
            date(2026, 3, 18): False,  # an ordinary Wednesday the office takes off
            date(2026, 10, 10): False,  # the make-up Saturday cancelled locally
            date(2027, 1, 4): False,  # beyond the package: an override still applies
        }
    )
    assert cal.is_working_day(date(2026, 10, 3))
    assert not cal.is_working_day(date(2026, 3, 18))
    assert not cal.is_working_day(date(2026, 10, 10))
    assert not cal.is_working_day(date(2027, 1, 4))
    # Days without an override keep the official answer.
    assert not cal.is_working_day(date(2026, 10, 4))
    assert cal.is_working_day(date(2026, 3, 19))
    # October: 18 official working days + Saturday 3 − Saturday 10 = 18, but a different set.
    october = cal.working_days(month_of(date(2026, 10, 1)))
    assert date(2026, 10, 3) in october and date(2026, 10, 10) not in october


def test_overrides_stored_by_the_office_reach_the_calendar(fresh_store: Store) -> None:
    fresh_store.calendar.set_override(date(2026, 3, 18), False, "停电")
    fresh_store.calendar.set_override(date(2026, 10, 4), True, "补班")
    cal = office_calendar(fresh_store)
    assert not cal.is_working_day(date(2026, 3, 18))
    assert cal.is_working_day(date(2026, 10, 4))
    # Changing an override replaces it; clearing it restores the official calendar.
    fresh_store.calendar.set_override(date(2026, 3, 18), True, "恢复上班")
    assert office_calendar(fresh_store).is_working_day(date(2026, 3, 18))
    fresh_store.calendar.clear_override(date(2026, 10, 4))
    assert not office_calendar(fresh_store).is_working_day(date(2026, 10, 4))


def test_2027_falls_back_to_monday_to_friday() -> None:
    # The package stops at 2026 (FACTS.md). 2027-01-01 is a Friday: without the notice it is
    # assumed to be a working day, and the interface must say the year is not covered.
    assert not CAL.is_covered(2027)
    assert date(2027, 1, 1).weekday() == 4
    assert CAL.is_working_day(date(2027, 1, 1))
    assert not CAL.is_working_day(date(2027, 1, 2))  # Saturday
    assert not CAL.is_working_day(date(2027, 1, 3))  # Sunday
    assert CAL.holiday_name(date(2027, 1, 1)) is None
    # January 2027: 21 weekdays (1, 4–8, 11–15, 18–22, 25–29).
    assert len(CAL.working_days(month_of(date(2027, 1, 1)))) == 21


def test_uncovered_years_of_periods() -> None:
    # The week of 2026-12-30 runs Monday 28 December 2026 .. Sunday 3 January 2027.
    assert CAL.uncovered_years([week_of(date(2026, 12, 30))]) == [2027]
    assert CAL.uncovered_years([month_of(date(2026, 12, 1))]) == []
    assert CAL.uncovered_years([month_of(date(2027, 3, 1)), month_of(date(2028, 3, 1))]) == [
        2027,
        2028,
    ]
