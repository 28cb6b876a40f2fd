"""Scoring a month under a scheme (DESIGN.md §3–4), for one person or ten thousand at once.

Periods in progress: a counted day, week, 旬 or month that has not ended enters a rate's
denominator only once the person has met it, so nobody is marked down for days still ahead.
When a rate has no counted period at all yet (the first morning of a month), it is undefined and
the score is the weighted mean of the rates that are defined (decision 3 in docs/decisions.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from learnhub.calendar import WorkCalendar
from learnhub.periods import Period, dekads_of_month, iter_days, weeks_of_month
from learnhub.schemes import METRIC_RATES, Scheme

__all__ = [
    "DAILY_COLUMNS",
    "MONTHLY_COLUMNS",
    "MonthCalendar",
    "month_calendar",
    "round_score",
    "score_month",
    "score_person",
]

DAILY_COLUMNS = (
    "person_id",
    "day",
    "reading_minutes",
    "clippings",
    "reflections",
    "essays",
    "books_finished",
)

MONTHLY_COLUMNS = (
    "month",
    "username",
    "name",
    "department",
    "reading_days",
    "clipping_days",
    "reflection_weeks",
    "essay_dekads",
    "books_finished",
    "reading_rate",
    "clipping_rate",
    "reflection_rate",
    "essay_rate",
    "book_rate",
    "score",
    "dept_rank",
)


@dataclass(frozen=True)
class MonthCalendar:
    """What is counted in one month, as seen on `today`."""

    month: Period
    counted_days: tuple[date, ...]
    weeks: tuple[Period, ...]
    dekads: tuple[Period, ...]
    today: date

    @property
    def span(self) -> tuple[date, date]:
        """First and last day a record can fall on and still count for this month."""
        return min(self.month.start, self.weeks[0].start), max(self.month.end, self.weeks[-1].end)


def month_calendar(
    month: Period, calendar: WorkCalendar, scheme: Scheme, today: date
) -> MonthCalendar:
    if scheme.counted_days == "working":
        days = tuple(calendar.working_days(month))
    else:
        days = tuple(iter_days(month.start, month.end))
    return MonthCalendar(
        month, days, tuple(weeks_of_month(month)), tuple(dekads_of_month(month)), today
    )


def round_score(value: float) -> float:
    """One decimal, halves away from zero (office arithmetic, not banker's rounding)."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def _period_index(days: pd.Series, periods: tuple[Period, ...]) -> pd.Series:
    """For each day, the position of the period containing it, or -1."""
    index = pd.Series(-1, index=days.index, dtype="int64")
    for i, period in enumerate(periods):
        index[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))] = i
    return index


def _rate(met: pd.Series, ended: int, met_in_progress: pd.Series) -> pd.Series:
    denominator = ended + met_in_progress
    return (met / denominator.replace(0, np.nan)).astype("float64")


def score_month(
    daily: pd.DataFrame, people: pd.DataFrame, cal: MonthCalendar, scheme: Scheme
) -> pd.DataFrame:
    """The §4 metrics for every person in `people` (columns person_id, username, name,
    department) from `daily` (columns DAILY_COLUMNS, any days), zeros for those with nothing."""
    daily = daily.copy()
    daily["day"] = pd.to_datetime(daily["day"])
    start, end = cal.span
    daily = daily[(daily["day"] >= pd.Timestamp(start)) & (daily["day"] <= pd.Timestamp(end))]
    today = pd.Timestamp(cal.today)
    counted = pd.DatetimeIndex([pd.Timestamp(d) for d in cal.counted_days])
    in_month = (daily["day"] >= pd.Timestamp(cal.month.start)) & (
        daily["day"] <= pd.Timestamp(cal.month.end)
    )

    on_counted = daily[daily["day"].isin(counted)]
    reading = on_counted[on_counted["reading_minutes"] >= scheme.daily_reading_minutes]
    clipping = on_counted[on_counted["clippings"] >= 1]

    def count_days(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        met = frame.groupby("person_id")["day"].nunique()
        ahead = frame[frame["day"] >= today].groupby("person_id")["day"].nunique()
        return met, ahead

    def count_periods(kind_column: str, periods: tuple[Period, ...]) -> tuple[pd.Series, pd.Series]:
        frame = daily[daily[kind_column] >= 1].copy()
        frame["period"] = _period_index(frame["day"], periods)
        frame = frame[frame["period"] >= 0]
        met = frame.groupby("person_id")["period"].nunique()
        unended = [i for i, p in enumerate(periods) if not p.end < cal.today]
        ahead = frame[frame["period"].isin(unended)].groupby("person_id")["period"].nunique()
        return met, ahead

    reading_met, reading_ahead = count_days(reading)
    clipping_met, clipping_ahead = count_days(clipping)
    reflection_met, reflection_ahead = count_periods("reflections", cal.weeks)
    essay_met, essay_ahead = count_periods("essays", cal.dekads)
    books = daily[in_month].groupby("person_id")["books_finished"].sum()

    out = people[["person_id", "username", "name", "department"]].copy()
    out.insert(0, "month", cal.month.label)
    pid = out["person_id"]

    def take(series: pd.Series) -> pd.Series:
        return pid.map(series).fillna(0).astype("int64")

    out["reading_days"] = take(reading_met)
    out["clipping_days"] = take(clipping_met)
    out["reflection_weeks"] = take(reflection_met)
    out["essay_dekads"] = take(essay_met)
    out["books_finished"] = take(books)

    ended_days = sum(1 for d in cal.counted_days if d < cal.today)
    ended_weeks = sum(1 for w in cal.weeks if w.end < cal.today)
    ended_dekads = sum(1 for k in cal.dekads if k.end < cal.today)
    month_ended = 1 if cal.month.end < cal.today else 0

    out["reading_rate"] = _rate(out["reading_days"], ended_days, take(reading_ahead))
    out["clipping_rate"] = _rate(out["clipping_days"], ended_days, take(clipping_ahead))
    out["reflection_rate"] = _rate(out["reflection_weeks"], ended_weeks, take(reflection_ahead))
    out["essay_rate"] = _rate(out["essay_dekads"], ended_dekads, take(essay_ahead))
    book_met = out["books_finished"].clip(upper=1)
    book_ahead = book_met if not month_ended else pd.Series(0, index=out.index)
    out["book_rate"] = _rate(book_met, month_ended, book_ahead)

    weights = pd.Series(scheme.weights).reindex(list(METRIC_RATES)).fillna(0.0)
    rates = out[list(METRIC_RATES)]
    defined = rates.notna()
    weighted = (rates.fillna(0.0) * weights).sum(axis=1)
    weight_defined = (defined * weights).sum(axis=1)
    raw = 100 * weighted / weight_defined.replace(0, np.nan)
    out["score"] = raw.map(lambda v: round_score(v) if pd.notna(v) else np.nan)
    out["dept_rank"] = (
        out.groupby("department", dropna=False)["score"]
        .rank(method="min", ascending=False)
        .astype("Int64")
    )
    for column in METRIC_RATES:
        out[column] = out[column].round(4)
    return out.drop(columns=["person_id"]).reset_index(drop=True)[list(MONTHLY_COLUMNS)]


def score_person(daily: pd.DataFrame, cal: MonthCalendar, scheme: Scheme) -> dict[str, Any]:
    """`score_month` for one person, from their rows of `daily` (any days), without pandas.

    A month is at most ~40 daily rows; pandas' per-operation cost made this path (the progress
    page) take 20+ ms, this takes well under one. Same rules; a property test holds the two to
    the same answers."""
    first, last = cal.span
    counted = set(cal.counted_days)
    today = cal.today
    rows = [
        (_as_date(r[0]), *r[1:])
        for r in zip(
            daily["day"], daily["reading_minutes"], daily["clippings"], daily["reflections"],
            daily["essays"], daily["books_finished"], strict=True,
        )
        if first <= _as_date(r[0]) <= last
    ]  # fmt: skip
    goal = scheme.daily_reading_minutes
    reading = {r[0] for r in rows if r[0] in counted and r[1] >= goal}
    clipping = {r[0] for r in rows if r[0] in counted and r[2] >= 1}

    def periods_met(column: int, periods: tuple[Period, ...]) -> set[int]:
        return {i for r in rows if r[column] >= 1 for i, p in enumerate(periods) if r[0] in p}

    weeks, dekads = periods_met(3, cal.weeks), periods_met(4, cal.dekads)
    books = int(sum(r[5] for r in rows if r[0] in cal.month))
    unended_weeks = {i for i, p in enumerate(cal.weeks) if not p.end < today}
    unended_dekads = {i for i, p in enumerate(cal.dekads) if not p.end < today}
    ended_days = sum(1 for d in cal.counted_days if d < today)
    month_ended = cal.month.end < today
    book_met = min(books, 1)

    counted_so_far: dict[str, int] = {}

    def rate(name: str, met: int, ended: int, ahead: int) -> float:
        counted_so_far[name] = ended + ahead
        return met / (ended + ahead) if ended + ahead else math.nan

    out: dict[str, Any] = {
        "reading_days": len(reading),
        "clipping_days": len(clipping),
        "reflection_weeks": len(weeks),
        "essay_dekads": len(dekads),
        "books_finished": books,
        "reading_rate": rate(
            "reading_rate", len(reading), ended_days, sum(d >= today for d in reading)
        ),
        "clipping_rate": rate(
            "clipping_rate", len(clipping), ended_days, sum(d >= today for d in clipping)
        ),
        "reflection_rate": rate(
            "reflection_rate",
            len(weeks),
            len(cal.weeks) - len(unended_weeks),
            len(weeks & unended_weeks),
        ),
        "essay_rate": rate(
            "essay_rate",
            len(dekads),
            len(cal.dekads) - len(unended_dekads),
            len(dekads & unended_dekads),
        ),
        "book_rate": rate("book_rate", book_met, int(month_ended), 0 if month_ended else book_met),
    }
    defined = [k for k in METRIC_RATES if not math.isnan(out[k])]
    weight = sum(scheme.weights.get(k, 0.0) for k in defined)
    raw = sum(out[k] * scheme.weights.get(k, 0.0) for k in defined)
    out["score"] = round_score(100 * raw / weight) if weight else math.nan
    for k in METRIC_RATES:
        out[k] = round(out[k], 4)
    # The denominators, so a person can see "11 of the 15 days so far".
    out["counted_so_far"] = counted_so_far
    return out


def _as_date(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value
