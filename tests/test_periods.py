"""Periods (DESIGN.md §3): ISO weeks owned by the month of their Thursday, 旬, quarters, years.

Expected values are worked out from a printed calendar, not from the code: e.g. 2026-01-01 is a
Thursday, so the ISO week 2025-12-29..2026-01-04 is 2026-W01 and belongs to January 2026.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnhub.periods import (
    day_period,
    dekad_of,
    dekads_of_month,
    iter_days,
    month_of,
    month_of_week,
    parse_month,
    quarter_of,
    week_of,
    weeks_of_month,
    year_of,
)

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def labels(periods):  # type: ignore[no-untyped-def]
    return [p.label for p in periods]


# -- weeks -----------------------------------------------------------------------------------


def test_week_runs_monday_to_sunday_and_carries_the_iso_label() -> None:
    # 2026-03-18 is a Wednesday in ISO week 12 (2026-03-16 .. 2026-03-22).
    week = week_of(date(2026, 3, 18))
    assert (week.start, week.end, week.label) == (date(2026, 3, 16), date(2026, 3, 22), "2026-W12")
    assert week.start.weekday() == 0 and week.end.weekday() == 6
    assert date(2026, 3, 22) in week and date(2026, 3, 23) not in week


def test_new_year_week_2026_belongs_to_january() -> None:
    # 2026-01-01 is a Thursday, so Monday 2025-12-29 .. Sunday 2026-01-04 is 2026-W01 and its
    # Thursday lies in January 2026.
    assert date(2026, 1, 1).weekday() == 3
    for day in iter_days(date(2025, 12, 29), date(2026, 1, 4)):
        week = week_of(day)
        assert week.label == "2026-W01"
        assert month_of_week(week).label == "2026-01"
    january = weeks_of_month(month_of(date(2026, 1, 15)))
    # Thursdays of January 2026: 1, 8, 15, 22, 29 → five weeks W01..W05.
    assert labels(january) == ["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05"]
    assert january[0].start == date(2025, 12, 29)
    # December 2025 keeps only the weeks of its Thursdays 4, 11, 18, 25 → W49..W52; its last
    # three days (29–31) belong to January's first week.
    december = weeks_of_month(month_of(date(2025, 12, 1)))
    assert labels(december) == ["2025-W49", "2025-W50", "2025-W51", "2025-W52"]
    assert december[-1].end == date(2025, 12, 28)


def test_week_53_of_2020_belongs_to_december() -> None:
    # 2020-12-28 is a Monday; its Thursday is 2020-12-31, so ISO week 53 belongs to December,
    # including 2021-01-01..03.
    week = week_of(date(2020, 12, 28))
    assert week.label == "2020-W53"
    assert week.end == date(2021, 1, 3)
    assert week_of(date(2021, 1, 2)).label == "2020-W53"
    assert month_of_week(week).label == "2020-12"
    # Thursdays of December 2020: 3, 10, 17, 24, 31 → W49..W53.
    assert labels(weeks_of_month(month_of(date(2020, 12, 1)))) == [
        "2020-W49",
        "2020-W50",
        "2020-W51",
        "2020-W52",
        "2020-W53",
    ]
    # January 2021's first Thursday is the 7th: its weeks start with W01 on Monday 4 January.
    january = weeks_of_month(month_of(date(2021, 1, 1)))
    assert january[0].label == "2021-W01" and january[0].start == date(2021, 1, 4)
    assert len(january) == 4


def test_march_2026_has_weeks_10_to_13_and_its_last_days_go_to_april() -> None:
    # Thursdays of March 2026: 5, 12, 19, 26. Monday 30 and Tuesday 31 March sit in W14 whose
    # Thursday is 2 April.
    march = weeks_of_month(month_of(date(2026, 3, 1)))
    assert labels(march) == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert (march[0].start, march[-1].end) == (date(2026, 3, 2), date(2026, 3, 29))
    assert month_of_week(week_of(date(2026, 3, 31))).label == "2026-04"
    # …and Sunday 1 March belongs to W09, owned by February (Thursday 26 February).
    assert month_of_week(week_of(date(2026, 3, 1))).label == "2026-02"


def test_october_2026_owns_the_week_that_starts_in_september() -> None:
    # 2026-10-01 is a Thursday: Monday 28 September .. Sunday 4 October is October's W40, and
    # Thursday 29 October's week runs into Sunday 1 November.
    october = weeks_of_month(month_of(date(2026, 10, 1)))
    assert labels(october) == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert october[0].start == date(2026, 9, 28)
    assert october[-1].end == date(2026, 11, 1)
    september = weeks_of_month(month_of(date(2026, 9, 1)))
    assert september[-1].end == date(2026, 9, 27)


@settings(max_examples=300, deadline=None)
@given(DATES)
def test_every_week_belongs_to_exactly_one_month(day: date) -> None:
    week = week_of(day)
    assert day in week and (week.end - week.start).days == 6
    owners = [
        m
        for m in {
            month_of(day - timedelta(days=7)),
            month_of(day),
            month_of(day + timedelta(days=7)),
        }
        if week in weeks_of_month(m)
    ]
    assert len(owners) == 1
    owner = owners[0]
    # The owner is the month of the week's Thursday.
    assert week.start + timedelta(days=3) in owner
    assert owner == month_of_week(week)


@settings(max_examples=300, deadline=None)
@given(DATES)
def test_every_month_has_four_or_five_consecutive_weeks(day: date) -> None:
    month = month_of(day)
    weeks = weeks_of_month(month)
    assert len(weeks) in (4, 5)
    for earlier, later in itertools.pairwise(weeks):
        assert later.start - earlier.start == timedelta(days=7)
    # Together the months' weeks tile the timeline: this month's first week follows the
    # previous month's last one.
    previous = weeks_of_month(month_of(month.start - timedelta(days=1)))
    assert weeks[0].start - previous[-1].end == timedelta(days=1)
    # Each week overlaps its month by at least four days (that is what owning the Thursday means).
    for week in weeks:
        overlap = [d for d in week.days() if d in month]
        assert len(overlap) >= 4


# -- 旬 ------------------------------------------------------------------------------------


def test_dekads_are_1_to_10_11_to_20_21_to_end() -> None:
    # March 2026 has 31 days.
    first, second, third = dekads_of_month(month_of(date(2026, 3, 5)))
    assert (first.start, first.end, first.label) == (
        date(2026, 3, 1),
        date(2026, 3, 10),
        "2026-03-1",
    )
    assert (second.start, second.end, second.label) == (
        date(2026, 3, 11),
        date(2026, 3, 20),
        "2026-03-2",
    )
    assert (third.start, third.end, third.label) == (
        date(2026, 3, 21),
        date(2026, 3, 31),
        "2026-03-3",
    )
    assert dekad_of(date(2026, 3, 10)) == first
    assert dekad_of(date(2026, 3, 11)) == second
    assert dekad_of(date(2026, 3, 20)) == second
    assert dekad_of(date(2026, 3, 21)) == third


@pytest.mark.parametrize(
    ("day", "last"),
    [
        (date(2026, 2, 21), date(2026, 2, 28)),  # common year
        (date(2024, 2, 25), date(2024, 2, 29)),  # leap year
        (date(2100, 2, 28), date(2100, 2, 28)),  # not a leap year (divisible by 100)
        (date(2000, 2, 29), date(2000, 2, 29)),  # leap year (divisible by 400)
        (date(2026, 4, 30), date(2026, 4, 30)),  # 30-day month
    ],
)
def test_last_dekad_ends_on_the_last_day_of_the_month(day: date, last: date) -> None:
    dekad = dekad_of(day)
    assert dekad.start == day.replace(day=21)
    assert dekad.end == last
    assert len(dekad.days()) == last.day - 20


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_dekads_tile_the_month(day: date) -> None:
    month = month_of(day)
    dekads = dekads_of_month(month)
    assert len(dekads) == 3
    covered = [d for k in dekads for d in k.days()]
    assert covered == month.days()
    assert sum(day in k for k in dekads) == 1


# -- months, quarters, years ---------------------------------------------------------------


def test_month_quarter_year() -> None:
    assert month_of(date(2024, 2, 10)).end == date(2024, 2, 29)
    assert month_of(date(2026, 12, 31)).label == "2026-12"
    q2 = quarter_of(date(2026, 5, 15))
    assert (q2.start, q2.end, q2.label) == (date(2026, 4, 1), date(2026, 6, 30), "2026-Q2")
    q4 = quarter_of(date(2026, 12, 31))
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4")
    q1 = quarter_of(date(2024, 1, 1))
    assert (q1.start, q1.end, q1.label) == (date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")
    year = year_of(date(2026, 7, 4))
    assert (year.start, year.end, year.label) == (date(2026, 1, 1), date(2026, 12, 31), "2026")
    assert len(year_of(date(2024, 1, 1)).days()) == 366
    assert day_period(date(2026, 3, 18)).label == "2026-03-18"


def test_period_in_progress() -> None:
    march = month_of(date(2026, 3, 1))
    assert not march.has_ended(date(2026, 3, 31))  # the last day itself is still in progress
    assert march.has_ended(date(2026, 4, 1))
    assert march.has_started(date(2026, 3, 1)) and not march.has_started(date(2026, 2, 28))


def test_parse_month() -> None:
    march = parse_month("2026-03")
    assert (march.start, march.end, march.label) == (date(2026, 3, 1), date(2026, 3, 31), "2026-03")
    assert parse_month(" 2024-02 ").end == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["", "2026", "2026-13", "2026-00", "2026/03", "03-2026", "March 2026", "2026-03-01"]
)
def test_parse_month_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM") as info:
        parse_month(text)
    assert repr(text) in str(info.value)
