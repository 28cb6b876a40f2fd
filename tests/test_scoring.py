"""Scoring a month (DESIGN.md §3–4), the heart of the competition.

Every expected number below is worked out by hand from the definitions in DESIGN.md §4 — the
arithmetic is in the comments — never copied from the code's output.

score = 100 × (0.2·reading + 0.2·clipping + 0.2·reflection + 0.2·essay + 0.2·book)
      = 20 × (sum of the five rates) when every rate is defined.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from conftest import Office, add_person
from hypothesis import given, settings
from hypothesis import strategies as st

from learnhub import org
from learnhub.calendar import WorkCalendar
from learnhub.periods import iter_days, month_of, parse_month
from learnhub.reports import monthly_report
from learnhub.schemes import METRIC_RATES, default_scheme
from learnhub.scoring import (
    DAILY_COLUMNS,
    month_calendar,
    round_score,
    score_month,
    score_person,
)

SCHEME = default_scheme()
CAL = WorkCalendar()


def daily(rows: list[dict]) -> pd.DataFrame:
    """A daily-totals frame; one row per person and day, unspecified counts are zero."""
    base = dict.fromkeys(DAILY_COLUMNS, 0)
    return pd.DataFrame([{**base, **row} for row in rows], columns=list(DAILY_COLUMNS))


def people(*rows: tuple[int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"person_id": pid, "username": username, "name": f"人{pid}", "department": dept}
            for pid, username, dept in rows
        ]
    )


def score(
    rows: list[dict],
    month: str,
    today: date,
    roster: pd.DataFrame | None = None,
    calendar: WorkCalendar = CAL,
) -> pd.DataFrame:
    roster = roster if roster is not None else people((1, "00123", "综合科"))
    cal = month_calendar(parse_month(month), calendar, SCHEME, today)
    return score_month(daily(rows), roster, cal, SCHEME).set_index("username")


def merge(*groups: list[dict]) -> list[dict]:
    """Combine per-kind rows into one row per (person, day), adding counts."""
    merged: dict[tuple[int, date], dict] = {}
    for group in groups:
        for row in group:
            key = (row.get("person_id", 1), row["day"])
            target = merged.setdefault(key, {"person_id": key[0], "day": key[1]})
            for column, value in row.items():
                if column not in ("person_id", "day"):
                    target[column] = target.get(column, 0) + value
    return list(merged.values())


def on(days: list[int], month: int = 3, year: int = 2026, **counts: int) -> list[dict]:
    return [{"person_id": 1, "day": date(year, month, d), **counts} for d in days]


# -- the month's calendar ------------------------------------------------------------------


def test_march_2026_counts_22_days_4_weeks_3_dekads() -> None:
    # 1 March 2026 is a Sunday: weekdays 2–6, 9–13, 16–20, 23–27, 30–31 = 22, no holiday.
    # Thursdays 5, 12, 19, 26 → ISO weeks 10–13.
    cal = month_calendar(parse_month("2026-03"), CAL, SCHEME, date(2026, 4, 15))
    assert len(cal.counted_days) == 22
    assert [w.label for w in cal.weeks] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert [k.label for k in cal.dekads] == ["2026-03-1", "2026-03-2", "2026-03-3"]
    # The span reaches from 1 March (the month) to 31 March (week 13 ends on the 29th).
    assert cal.span == (date(2026, 3, 1), date(2026, 3, 31))


def test_october_2026_span_reaches_into_neighbour_months() -> None:
    cal = month_calendar(parse_month("2026-10"), CAL, SCHEME, date(2026, 11, 15))
    assert len(cal.counted_days) == 18  # see test_calendar: 22 weekdays − 5 holidays + Sat 10th
    assert cal.span == (date(2026, 9, 28), date(2026, 11, 1))


def test_scheme_counting_all_days() -> None:
    every_day = replace(SCHEME, counted_days="all")
    cal = month_calendar(parse_month("2026-10"), CAL, every_day, date(2026, 11, 15))
    assert len(cal.counted_days) == 31


# -- a whole month, hand computed ----------------------------------------------------------


def test_march_2026_for_a_known_pattern() -> None:
    rows = merge(
        # 30 minutes every Monday, Wednesday and Friday: 2,4,6,9,11,13,16,18,20,23,25,27,30 = 13.
        on([2, 4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27, 30], reading_minutes=30),
        on([3], reading_minutes=29),  # one minute short: not a reading day
        on([7], reading_minutes=90),  # Saturday: not a counted day
        # Clippings every Tuesday (3, 10, 17, 24, 31 = 5) and one on Sunday 1st (not counted).
        on([3, 10, 17, 24, 31, 1], clippings=1),
        # Reflections: Sun 8th (W10), Thu 12th and Sat 14th (both W11: one week), Tue 31st (W14,
        # owned by April) → 2 weeks of 4.
        on([8, 12, 14, 31], reflections=1),
        # Essays: 5th and 10th (first 旬), 25th (third 旬) → 2 of 3.
        on([5, 10, 25], essays=1),
        on([15, 28], books_finished=1),  # two books: book_rate is capped at 1
    )
    row = score(rows, "2026-03", today=date(2026, 4, 15)).loc["00123"]
    assert row["month"] == "2026-03"
    assert (row["reading_days"], row["clipping_days"]) == (13, 5)
    assert (row["reflection_weeks"], row["essay_dekads"], row["books_finished"]) == (2, 2, 2)
    assert row["reading_rate"] == pytest.approx(13 / 22, abs=1e-4)
    assert row["clipping_rate"] == pytest.approx(5 / 22, abs=1e-4)
    assert row["reflection_rate"] == pytest.approx(0.5)
    assert row["essay_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["book_rate"] == 1.0
    # 20 × (13/22 + 5/22 + 1/2 + 2/3 + 1) = 20 × 197/66 = 59.697 → 59.7
    assert row["score"] == 59.7
    assert row["dept_rank"] == 1


def test_october_2026_holidays_are_not_counted_days() -> None:
    # P reads 30 minutes on every calendar day from Mon 28 Sep to Sun 1 Nov, clips only during
    # the National Day holiday (1–7 Oct), and writes reflections on Tue 29 Sep and Sun 1 Nov.
    p_rows = merge(
        [
            {"person_id": 1, "day": d, "reading_minutes": 30}
            for d in iter_days(date(2026, 9, 28), date(2026, 11, 1))
        ],
        on(list(range(1, 8)), month=10, clippings=1),
        on([29], month=9, reflections=1),
        on([1], month=11, reflections=1),
    )
    # Q reads an hour on each holiday day and on the make-up Saturday 10 October only.
    q_rows = [
        {"person_id": 2, "day": d, "reading_minutes": 60}
        for d in [*iter_days(date(2026, 10, 1), date(2026, 10, 7)), date(2026, 10, 10)]
    ]
    roster = people((1, "00123", "综合科"), (2, "00124", "综合科"))
    report = score(p_rows + q_rows, "2026-10", date(2026, 11, 15), roster)
    p, q = report.loc["00123"], report.loc["00124"]
    # 18 working days, all read: 18/18. Clippings only on days off: 0/18.
    assert (p["reading_days"], p["clipping_days"]) == (18, 0)
    assert (p["reading_rate"], p["clipping_rate"]) == (1.0, 0.0)
    # Both reflections fall in October's weeks: W40 (28 Sep–4 Oct) and W44 (26 Oct–1 Nov) → 2/5.
    assert p["reflection_weeks"] == 2
    assert p["reflection_rate"] == pytest.approx(0.4)
    # 20 × (1 + 0 + 0.4 + 0 + 0) = 28.0
    assert p["score"] == 28.0
    # Q: only the make-up Saturday is a counted day → 1/18; 20 × 1/18 = 1.11 → 1.1.
    assert q["reading_days"] == 1
    assert q["reading_rate"] == pytest.approx(1 / 18, abs=1e-4)
    assert q["score"] == 1.1
    assert (p["dept_rank"], q["dept_rank"]) == (1, 2)


def test_reflection_in_a_week_owned_by_the_next_month_counts_there_not_here() -> None:
    # Tue 29 Sep 2026 lies in W40 (owned by October). September's weeks are W36–W39.
    rows = merge(
        on([28, 29, 30], month=9, reading_minutes=30),
        on([29], month=9, reflections=1),
    )
    september = score(rows, "2026-09", date(2026, 11, 15)).loc["00123"]
    assert september["reflection_weeks"] == 0
    # …but the days themselves are September's: Mon–Wed 28–30 are 3 of its 22 working days.
    assert september["reading_days"] == 3
    october = score(rows, "2026-10", date(2026, 11, 15)).loc["00123"]
    assert october["reflection_weeks"] == 1
    assert october["reading_days"] == 0


def test_reflection_on_the_last_days_of_the_previous_year_counts_for_january() -> None:
    # Wed 31 Dec 2025 is in 2026-W01, owned by January 2026 (1 January is its Thursday).
    rows = [{"person_id": 1, "day": date(2025, 12, 31), "reflections": 1}]
    assert score(rows, "2026-01", date(2026, 3, 1)).loc["00123", "reflection_weeks"] == 1
    assert score(rows, "2025-12", date(2026, 3, 1)).loc["00123", "reflection_weeks"] == 0


def test_books_finished_are_counted_but_book_rate_is_capped_at_one() -> None:
    rows = on([3, 10, 20], books_finished=1) + on([4], month=4, books_finished=1)
    row = score(rows, "2026-03", date(2026, 4, 15)).loc["00123"]
    assert row["books_finished"] == 3  # the April book is not March's
    assert row["book_rate"] == 1.0
    # Only the book rate is non-zero: 20 × 1 = 20.0
    assert row["score"] == 20.0


# -- periods in progress -------------------------------------------------------------------


def test_month_in_progress_counts_ended_days_and_today_only_once_met() -> None:
    today = date(2026, 3, 18)  # Wednesday
    # Ended working days before the 18th: 2–6, 9–13, 16, 17 = 12. Ended weeks: W10, W11.
    # Ended 旬: the first. The month (and its book) is still in progress.
    read_six = on([2, 3, 4, 5, 6, 9], reading_minutes=30)
    row = score(merge(read_six, on([16], reflections=1)), "2026-03", today).loc["00123"]
    assert row["reading_rate"] == pytest.approx(6 / 12)  # today not met: not in the denominator
    assert row["clipping_rate"] == 0.0  # 0 of 12 ended days
    assert row["reflection_rate"] == pytest.approx(1 / 3, abs=1e-4)  # 0 of W10–W11, W12 met
    assert row["essay_rate"] == 0.0  # 0 of the ended first 旬
    assert math.isnan(row["book_rate"])  # no book yet, month not ended: undefined
    # Book weight left out: 100 × 0.2 × (1/2 + 0 + 1/3 + 0) / 0.8 = 25 × 5/6 = 20.83 → 20.8
    assert row["score"] == 20.8

    # Ten minutes today do not meet the goal: nothing changes.
    short = merge(read_six, on([16], reflections=1), on([18], reading_minutes=10))
    assert score(short, "2026-03", today).loc["00123", "reading_rate"] == pytest.approx(0.5)

    # Meeting today's goal adds today to both sides: 7/13.
    met = merge(read_six, on([16], reflections=1), on([18], reading_minutes=30))
    row = score(met, "2026-03", today).loc["00123"]
    assert row["reading_days"] == 7
    assert row["reading_rate"] == pytest.approx(7 / 13, abs=1e-4)
    # 25 × (7/13 + 1/3) = 25 × 34/39 = 21.79 → 21.8
    assert row["score"] == 21.8


def test_month_in_progress_future_days_are_never_held_against_anyone() -> None:
    # Someone who met every ended day has a full rate, however many days are still ahead.
    today = date(2026, 3, 18)
    every_day = merge(
        on([2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17], reading_minutes=45, clippings=1),
        on([3, 10], reflections=1),
        on([8], essays=1),
    )
    row = score(every_day, "2026-03", today).loc["00123"]
    for rate in ("reading_rate", "clipping_rate", "reflection_rate", "essay_rate"):
        assert row[rate] == 1.0
    assert row["score"] == 100.0  # the undefined book rate is left out


def test_book_and_essay_in_progress_count_once_met() -> None:
    today = date(2026, 3, 18)
    rows = merge(
        on([2, 3, 4, 5, 6, 9], reading_minutes=30), on([12], essays=1), on([17], books_finished=1)
    )
    row = score(rows, "2026-03", today).loc["00123"]
    assert row["book_rate"] == 1.0  # met in the month in progress: 1/1
    assert row["essay_rate"] == pytest.approx(0.5)  # first 旬 missed, second met: 1/2
    # 20 × (1/2 + 0 + 0 + 1/2 + 1) = 40.0 (the reflection rate is 0 of 2 ended weeks)
    assert row["reflection_rate"] == 0.0
    assert row["score"] == 40.0


def test_first_morning_of_a_month() -> None:
    # Monday 2 March: nothing has ended yet. Whoever has done nothing has no defined rate and no
    # score yet; reading today defines only the reading rate (1/1) and the score is 100.
    today = date(2026, 3, 2)
    roster = people((1, "00123", "综合科"), (2, "00124", "综合科"))
    report = score(on([2], reading_minutes=30), "2026-03", today, roster)
    idle = report.loc["00124"]
    assert idle["reading_days"] == 0
    assert all(math.isnan(idle[rate]) for rate in METRIC_RATES)
    assert math.isnan(idle["score"])
    keen = report.loc["00123"]
    assert keen["reading_rate"] == 1.0
    assert all(math.isnan(keen[r]) for r in METRIC_RATES if r != "reading_rate")
    assert keen["score"] == 100.0


def test_month_not_started_yet() -> None:
    row = score([], "2026-04", date(2026, 3, 18)).loc["00123"]
    assert all(math.isnan(row[rate]) for rate in METRIC_RATES)


# -- rounding, ranks, the roster ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.25, 0.3),  # Python's round(0.25, 1) gives 0.2: offices round halves up
        (2.25, 2.3),
        (21.25, 21.3),
        (0.35, 0.4),  # 0.35 is stored as 0.34999…: still rounds up
        (59.697, 59.7),
        (59.64, 59.6),
        (99.95, 100.0),
        (100.0, 100.0),
        (0.0, 0.0),
    ],
)
def test_round_score_half_up(raw: float, expected: float) -> None:
    assert round_score(raw) == expected


def test_round_score_agrees_with_decimal_half_up_on_every_two_decimal_value() -> None:
    for k in range(0, 10001):
        expected = float((Decimal(k) / 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        assert round_score(k / 100) == expected, k / 100


def test_score_rounds_half_up_end_to_end() -> None:
    # The office takes six March days off, leaving 22 − 6 = 16 counted days. One reading day of
    # 16 and nothing else: 20 × 1/16 = 1.25 → 1.3 (half up).
    days_off = [date(2026, 3, d) for d in (24, 25, 26, 27, 30, 31)]
    calendar = WorkCalendar(dict.fromkeys(days_off, False))
    row = score(on([2], reading_minutes=30), "2026-03", date(2026, 4, 15), calendar=calendar)
    assert row.loc["00123", "reading_rate"] == 0.0625
    assert row.loc["00123", "score"] == 1.3


def test_dept_rank_ties_share_the_rank() -> None:
    # Ended March. 20 × (weeks 4/4 + 旬 3/3 + book 1) = 60; 20 × (4/4 + 1) = 40 (twice);
    # 20 × 1 = 20. In another department a lone person with nothing is still first there.
    all_weeks = on([3, 10, 17, 24], reflections=1)
    all_dekads = on([5, 15, 25], essays=1)
    book = on([20], books_finished=1)
    rows = [
        *({**r, "person_id": 1} for r in merge(all_weeks, all_dekads, book)),
        *({**r, "person_id": 2} for r in merge(all_weeks, book)),
        *({**r, "person_id": 3} for r in merge(all_weeks, book)),
        *({**r, "person_id": 4} for r in book),
    ]
    roster = people(
        (1, "a", "综合科"),
        (2, "b", "综合科"),
        (3, "c", "综合科"),
        (4, "d", "综合科"),
        (5, "e", "业务科"),
    )
    report = score(rows, "2026-03", date(2026, 4, 15), roster)
    assert report["score"].to_dict() == {"a": 60.0, "b": 40.0, "c": 40.0, "d": 20.0, "e": 0.0}
    assert report["dept_rank"].to_dict() == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 1}


def test_everyone_on_the_roster_appears_with_zeros() -> None:
    roster = people((1, "00123", "综合科"), (7, "00007", "业务科"))
    report = score(on([2], reading_minutes=30), "2026-03", date(2026, 4, 15), roster)
    assert list(report.index) == ["00123", "00007"]
    idle = report.loc["00007"]
    for column in ("reading_days", "clipping_days", "reflection_weeks", "essay_dekads"):
        assert idle[column] == 0
    assert idle["books_finished"] == 0
    assert all(idle[rate] == 0.0 for rate in METRIC_RATES)
    assert idle["score"] == 0.0


def test_records_of_people_not_on_the_roster_are_ignored() -> None:
    rows = [{**r, "person_id": 99} for r in on([2, 3, 4], reading_minutes=60)]
    report = score(rows, "2026-03", date(2026, 4, 15))
    assert list(report.index) == ["00123"]
    assert report.loc["00123", "reading_days"] == 0


# -- through the store: review status and the roster --------------------------------------


def _record(office: Office, person_id: int, day: date, kind: str, status: str, **values) -> None:
    store = office.store
    store.transaction(
        lambda cur: store.records.insert(
            cur, person_id, day, {"kind": kind, "status": status, "text": "…", **values}
        )
    )


def test_returned_or_rejected_work_does_not_count(office: Office) -> None:
    me = office.staff_id
    _record(office, me, date(2026, 3, 10), "reflection", "returned")  # W11: returned
    _record(office, me, date(2026, 3, 17), "reflection", "reviewed")  # W12: counts
    _record(office, me, date(2026, 3, 5), "essay", "rejected")  # first 旬: rejected
    _record(office, me, date(2026, 3, 15), "essay", "submitted")  # second 旬: counts
    _record(office, me, date(2026, 3, 16), "reading", "rejected", minutes=60, title="书")
    _record(office, me, date(2026, 3, 16), "clipping", "returned", source="人民日报")
    _record(office, me, date(2026, 3, 20), "book_finished", "rejected", title="书")
    report = monthly_report(office.store, "2026-03", today=date(2026, 4, 10)).set_index("username")
    row = report.loc["00123"]
    assert (row["reflection_weeks"], row["essay_dekads"]) == (1, 1)
    assert (row["reading_days"], row["clipping_days"], row["books_finished"]) == (0, 0, 0)
    # 20 × (0 + 0 + 1/4 + 1/3 + 0) = 11.67 → 11.7
    assert row["score"] == 11.7


def test_report_has_every_active_staff_member_and_nobody_else(office: Office) -> None:
    store = office.store
    retired = add_person(store, "00999", "钱五", "综合科", "staff")
    add_person(store, "t002", "孙老师", "业务科", "trainer;office")
    _record(office, retired, date(2026, 3, 2), "reading", "submitted", minutes=60, title="书")
    org.deactivate(store, retired, actor_id=office.office_id)
    report = monthly_report(store, "2026-03", today=date(2026, 4, 10))
    # Staff: 00123, 00124 and the office clerk who is also staff. Not the trainers, not the
    # deactivated 00999 even though they have records.
    assert sorted(report["username"]) == ["00123", "00124", "office1"]
    for _, row in report.iterrows():
        assert row["reading_days"] == 0
        assert row["score"] == 0.0
        assert row["dept_rank"] == 1  # alone in their department, or tied at zero


# -- properties ---------------------------------------------------------------------------

KIND_COUNTS = st.fixed_dictionaries(
    {
        "reading_minutes": st.sampled_from([0, 10, 29, 30, 45, 240]),
        "clippings": st.integers(0, 2),
        "reflections": st.integers(0, 2),
        "essays": st.integers(0, 1),
        "books_finished": st.integers(0, 2),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    month_start=st.sampled_from([date(2026, m, 1) for m in range(1, 13)] + [date(2027, 2, 1)]),
    records=st.lists(st.tuples(st.integers(0, 1), st.integers(-7, 38), KIND_COUNTS), max_size=40),
    today_offset=st.integers(-3, 45),
    days_off=st.lists(st.integers(0, 27), max_size=4),
)
def test_rates_stay_within_0_and_1_and_scores_within_0_and_100(
    month_start: date, records: list, today_offset: int, days_off: list[int]
) -> None:
    month = month_of(month_start)
    seen = {}
    for person, offset, counts in records:
        seen[(person + 1, month.start + timedelta(days=offset))] = counts
    rows = [{"person_id": p, "day": d, **counts} for (p, d), counts in seen.items()]
    calendar = WorkCalendar({month.start + timedelta(days=k): False for k in days_off})
    roster = people((1, "a", "x"), (2, "b", "x"), (3, "c", "y"))
    today = month.start + timedelta(days=today_offset)
    cal = month_calendar(month, calendar, SCHEME, today)
    report = score_month(daily(rows), roster, cal, SCHEME)
    assert len(report) == 3
    for _, row in report.iterrows():
        rates = [row[r] for r in METRIC_RATES]
        for rate in rates:
            assert math.isnan(rate) or 0.0 <= rate <= 1.0
        if all(math.isnan(r) for r in rates):
            assert math.isnan(row["score"])
        else:
            assert 0.0 <= row["score"] <= 100.0
        assert row["reading_days"] <= len(cal.counted_days)
        assert row["clipping_days"] <= len(cal.counted_days)
        assert row["reflection_weeks"] <= len(cal.weeks)
        assert row["essay_dekads"] <= 3
        if month.end < today:  # an ended month has every rate defined
            assert not any(math.isnan(r) for r in rates)


@settings(max_examples=200, deadline=None)
@given(
    month_start=st.sampled_from([date(2026, m, 1) for m in range(1, 13)] + [date(2027, 2, 1)]),
    records=st.lists(st.tuples(st.integers(-7, 38), KIND_COUNTS), max_size=40),
    today_offset=st.integers(-3, 45),
    days_off=st.lists(st.integers(0, 27), max_size=4),
)
def test_score_person_agrees_with_score_month(
    month_start: date, records: list, today_offset: int, days_off: list[int]
) -> None:
    month = month_of(month_start)
    seen = {month.start + timedelta(days=offset): counts for offset, counts in records}
    frame = daily([{"person_id": 1, "day": d, **counts} for d, counts in seen.items()])
    calendar = WorkCalendar({month.start + timedelta(days=k): False for k in days_off})
    cal = month_calendar(month, calendar, SCHEME, month.start + timedelta(days=today_offset))
    expected = score_month(frame, people((1, "a", "x")), cal, SCHEME).iloc[0]
    scored = score_person(frame, cal, SCHEME)
    scored.pop("counted_so_far")
    for key, value in scored.items():
        if pd.isna(expected[key]):
            assert math.isnan(value), key
        else:
            assert value == pytest.approx(float(expected[key]), abs=1e-12), key
