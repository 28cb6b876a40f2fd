"""Compliance with a scheme's quotas: statuses per person, quota and period, rates and scores over
hand-computed months, exemptions, quarters, weeks, and the promise that version 1 judged by the
general engine scores exactly as DESIGN.md §4's `score_month`."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring import KIND_COUNTS, daily, people

from learnhub.calendar import WorkCalendar
from learnhub.compliance import evaluate, periods_for
from learnhub.periods import month_of, parse_month, week_of
from learnhub.schemes import Quota, Scheme, default_scheme
from learnhub.scoring import month_calendar, score_month

V1 = default_scheme()
CAL = WorkCalendar()
MARCH = parse_month("2026-03")  # 22 working days, weeks W10–W13, no holiday
APRIL_10 = date(2026, 4, 10)
NO_EXEMPTIONS = pd.DataFrame(columns=["person_id", "first_day", "last_day"])
ROSTER = people((1, "00123", "综合科"), (2, "00124", "综合科"), (3, "00125", "业务科"))


def scheme(*quotas: Quota, counted_days: str = "working") -> Scheme:
    return Scheme("test", 1, date(2026, 1, 1), "测试", "test", counted_days, tuple(quotas))


def activity(*rows: tuple[int, date, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["person_id", "day", "activity", "amount"])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def statuses(evaluation, person: int, quota: str) -> list[str]:  # type: ignore[no-untyped-def]
    grid = evaluation.grid(person)
    return list(grid[grid["quota"] == quota]["status"])


def test_a_hand_computed_march_with_clippings_and_a_monthly_book() -> None:
    clip = Quota("clips", "clipping", "day", 1, 0.5)
    book = Quota("book", "book", "month", 1, 0.5)
    # Person 1 clips on the 11 working days 2–6, 9–13 and 16; finishes a book on the 20th.
    # Person 2 clips twice on Saturday 7 March only (not a counted day) and on 31 March.
    done = [(1, d, "clipping", 1.0) for d in [*range(2, 7), *range(9, 14), 16]]
    rows = [(p, date(2026, 3, d), a, n) for p, d, a, n in done]
    rows += [(1, date(2026, 3, 20), "book", 1.0), (2, date(2026, 3, 7), "clipping", 2.0)]
    rows += [(2, date(2026, 3, 31), "clipping", 1.0)]
    result = evaluate(scheme(clip, book), MARCH, ROSTER, activity(*rows), NO_EXEMPTIONS, CAL,
                      APRIL_10)  # fmt: skip
    table = result.table().set_index("username")
    # Person 1: clipping 11/22 = 0.5, book 1 → 100 × (0.5·0.5 + 0.5·1) = 75.0.
    assert table.loc["00123", "rate:clips"] == 0.5
    assert table.loc["00123", "score"] == 75.0
    # Person 2: clipping 1/22, no book → 100 × 0.5 × 1/22 = 2.27… → 2.3.
    assert table.loc["00124", "score"] == 2.3
    # Person 3 did nothing and is there with zero.
    assert table.loc["00125", "score"] == 0.0
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["dept_rank"]) == [1, 2, 1]
    assert statuses(result, 1, "book") == ["met"]
    assert statuses(result, 2, "book") == ["missed"]
    assert statuses(result, 1, "clips")[:2] == ["met", "met"]
    assert len(statuses(result, 1, "clips")) == 22


def test_a_month_in_progress_never_holds_the_days_ahead_against_anyone() -> None:
    clip = Quota("clips", "clipping", "day", 1, 1.0)
    today = date(2026, 3, 11)  # the 2nd–10th are over: 7 working days ended
    rows = [(1, date(2026, 3, d), "clipping", 1.0) for d in (2, 3, 11)]
    result = evaluate(scheme(clip), MARCH, ROSTER, activity(*rows), NO_EXEMPTIONS, CAL, today)
    cells = statuses(result, 1, "clips")
    assert cells.count("met") == 3 and cells.count("missed") == 5
    assert cells.count("pending") == 22 - 8
    # Met today counts at once: 3 met of 7 ended + 1 met in progress = 3/8.
    assert result.table().set_index("username").loc["00123", "rate:clips"] == 0.375


def test_exemptions_take_periods_out_of_the_denominator() -> None:
    reflect = Quota("weekly", "reflection", "week", 1, 1.0)
    rows = [(1, date(2026, 3, 3), "reflection", 1.0), (2, date(2026, 3, 3), "reflection", 1.0)]
    # Person 1 is on leave 9–18 March: all of W11 (9–13) and 3 of W12's 5 working days → both
    # out. Person 2 is away 12–13 March only (2 of W11's 5 days): W11 still counts.
    away = pd.DataFrame(
        [(1, date(2026, 3, 9), date(2026, 3, 18)), (2, date(2026, 3, 12), date(2026, 3, 13))],
        columns=["person_id", "first_day", "last_day"],
    )
    result = evaluate(scheme(reflect), MARCH, ROSTER, activity(*rows), away, CAL, APRIL_10)
    assert statuses(result, 1, "weekly") == ["met", "exempt", "exempt", "missed"]
    assert statuses(result, 2, "weekly") == ["met", "missed", "missed", "missed"]
    table = result.table().set_index("username")
    assert table.loc["00123", "rate:weekly"] == 0.5  # 1 of 2 counted weeks
    assert table.loc["00124", "rate:weekly"] == 0.25


def test_an_exempt_period_that_was_met_still_counts() -> None:
    book = Quota("book", "book", "month", 1, 1.0)
    away = pd.DataFrame([(1, MARCH.start, MARCH.end)], columns=["person_id", "first_day",
                                                                "last_day"])  # fmt: skip
    rows = [(1, date(2026, 3, 30), "book", 1.0)]
    result = evaluate(scheme(book), MARCH, ROSTER, activity(*rows), away, CAL, APRIL_10)
    assert statuses(result, 1, "book") == ["met"]
    rows = []
    result = evaluate(scheme(book), MARCH, ROSTER, activity(*rows), away, CAL, APRIL_10)
    assert statuses(result, 1, "book") == ["exempt"]
    assert math.isnan(result.table().set_index("username").loc["00123", "score"])


def test_a_quarterly_quota_belongs_to_the_quarters_last_month() -> None:
    report = Quota("report", "research_report", "quarter", 2, 0.5)
    clip = Quota("clips", "clipping", "day", 1, 0.5)
    both = scheme(report, clip)
    assert periods_for(report, parse_month("2026-02"), CAL, both) == []
    [quarter] = periods_for(report, MARCH, CAL, both)
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    # Two reports in the quarter, one of them in January, meet it in March's results.
    rows = [(1, date(2026, 1, 20), "research_report", 1.0), (1, date(2026, 3, 2),
            "research_report", 1.0)]  # fmt: skip
    result = evaluate(both, MARCH, ROSTER, activity(*rows), NO_EXEMPTIONS, CAL, APRIL_10)
    assert statuses(result, 1, "report") == ["met"]
    assert statuses(result, 2, "report") == ["missed"]
    # February has no quarter period: its score is the clipping rate alone.
    february = evaluate(both, parse_month("2026-02"), ROSTER, activity(*rows), NO_EXEMPTIONS,
                        CAL, APRIL_10)  # fmt: skip
    assert "rate:report" in february.table() and february.table()["rate:report"].isna().all()


def test_a_week_is_judged_on_its_days_and_itself() -> None:
    minutes = Quota("minutes", "reading", "day", 30, 0.5)
    weekly = Quota("weekly", "reflection", "week", 1, 0.3)
    monthly = Quota("book", "book", "month", 1, 0.2)
    week = week_of(date(2026, 3, 11))  # 9–15 March
    rows = [(1, date(2026, 3, d), "reading", 30.0) for d in (9, 10, 11, 12)]
    rows += [(1, date(2026, 3, 13), "reading", 29.0), (1, date(2026, 3, 14), "reflection", 1.0)]
    result = evaluate(scheme(minutes, weekly, monthly), week, ROSTER, activity(*rows),
                      NO_EXEMPTIONS, CAL, APRIL_10)  # fmt: skip
    # Reading 4 of 5 working days (29 minutes is not 30), the week's reflection; the book has
    # no period in a week: (0.5·0.8 + 0.3·1) / 0.8 × 100 = 87.5.
    assert result.table().set_index("username").loc["00123", "score"] == 87.5


def test_amounts_add_up_within_a_period() -> None:
    weekly_minutes = Quota("week_minutes", "reading", "week", 150, 1.0)
    rows = [(1, date(2026, 3, 2), "reading", 100.0), (1, date(2026, 3, 8), "reading", 50.0)]
    rows += [(2, date(2026, 3, 2), "reading", 149.0)]
    result = evaluate(scheme(weekly_minutes), MARCH, ROSTER, activity(*rows), NO_EXEMPTIONS,
                      CAL, APRIL_10)  # fmt: skip
    grid = result.grid()
    first = grid[grid["period"] == "2026-W10"].set_index("person_id")
    assert first.loc[1, "amount"] == 150 and first.loc[1, "status"] == "met"
    assert first.loc[2, "amount"] == 149 and first.loc[2, "status"] == "missed"


def test_departments_are_compared_per_head() -> None:
    clip = Quota("clips", "clipping", "month", 1, 1.0)
    rows = [(1, date(2026, 3, 5), "clipping", 1.0), (3, date(2026, 3, 5), "clipping", 1.0)]
    result = evaluate(scheme(clip), MARCH, ROSTER, activity(*rows), NO_EXEMPTIONS, CAL, APRIL_10)
    departments = result.departments().set_index("department")
    # 综合科: one of two met (average 50, half keeping the quota); 业务科: one of one.
    assert departments.loc["业务科", "average_score"] == 100.0
    assert departments.loc["综合科", "average_score"] == 50.0
    assert departments.loc["综合科", "meeting_share"] == 0.5
    assert departments.loc["综合科", "share:clips"] == 0.5
    assert list(departments["rank"]) == [1, 2]
    assert list(departments["people"]) == [1, 2]


def _activity_from_daily(frame: pd.DataFrame) -> pd.DataFrame:
    names = {"reading_minutes": "reading", "clippings": "clipping", "reflections": "reflection",
             "essays": "essay", "books_finished": "book"}  # fmt: skip
    long = frame.melt(id_vars=["person_id", "day"], value_vars=list(names), var_name="column",
                      value_name="amount")  # fmt: skip
    long["activity"] = long["column"].map(names)
    long["day"] = pd.to_datetime(long["day"])
    return long[long["amount"] > 0][["person_id", "day", "activity", "amount"]]


@settings(max_examples=150, deadline=None)
@given(
    month_start=st.sampled_from([date(2026, m, 1) for m in range(1, 13)] + [date(2027, 2, 1)]),
    records=st.lists(st.tuples(st.integers(0, 2), st.integers(-7, 38), KIND_COUNTS), max_size=40),
    today_offset=st.integers(-3, 45),
    days_off=st.lists(st.integers(0, 27), max_size=4),
    counted=st.sampled_from(["working", "all"]),
)
def test_version_one_scores_exactly_as_section_4(
    month_start: date, records: list, today_offset: int, days_off: list[int], counted: str
) -> None:
    month = month_of(month_start)
    v1 = replace(V1, counted_days=counted)
    seen = {(p + 1, month.start + timedelta(days=o)): counts for p, o, counts in records}
    frame = daily([{"person_id": p, "day": d, **c} for (p, d), c in seen.items()])
    calendar = WorkCalendar({month.start + timedelta(days=k): False for k in days_off})
    today = month.start + timedelta(days=today_offset)
    expected = score_month(frame, ROSTER, month_calendar(month, calendar, v1, today), v1)
    result = evaluate(v1, month, ROSTER, _activity_from_daily(frame), NO_EXEMPTIONS, calendar,
                      today)  # fmt: skip
    got = result.table()
    assert np.array_equal(got["score"].isna(), expected["score"].isna())
    assert got["score"].fillna(-1).tolist() == expected["score"].fillna(-1).tolist()
    for rate, key in (("reading_rate", "reading_days"), ("clipping_rate", "clipping_days"),
                      ("reflection_rate", "reflection_weeks"), ("essay_rate", "essay_dekads"),
                      ("book_rate", "books")):  # fmt: skip
        assert got[f"rate:{key}"].tolist() == pytest.approx(expected[rate].tolist(), nan_ok=True)
