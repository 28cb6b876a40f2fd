"""A person's own progress (我的学习): today's card, streak, heatmap, quotas, weekly minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from learnhub.calendar import WorkCalendar
from learnhub.periods import dekad_of, month_of, week_of
from learnhub.schemes import Scheme, scheme_on
from learnhub.scoring import month_calendar, score_person
from learnhub.store import Store
from learnhub.workdays import office_calendar

__all__ = ["Progress", "TodayCard", "progress", "streak", "today_card"]


@dataclass(frozen=True)
class TodayCard:
    """What today's card shows: minutes against the goal and what is still due."""

    day: date
    minutes: int
    goal_minutes: int
    clippings: int
    due: tuple[str, ...]  # catalogue keys: checkin.due_reading, …
    is_working_day: bool
    calendar_covered: bool

    @property
    def goal_met(self) -> bool:
        return self.minutes >= self.goal_minutes


def today_card(store: Store, person_id: int, today: date) -> TodayCard:
    scheme = scheme_on(store, today)
    calendar = office_calendar(store)
    month = month_of(today)
    week = week_of(today)
    start = min(week.start, month.start)
    end = max(week.end, month.end)
    daily = store.records.daily_totals(start, end, person_id)
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    on_today = daily[daily["day"] == today]
    minutes = int(on_today["reading_minutes"].sum())
    clippings = int(on_today["clippings"].sum())

    def any_in(column: str, first: date, last: date) -> bool:
        rows = daily[(daily["day"] >= first) & (daily["day"] <= last)]
        return bool(rows[column].sum() > 0)

    dekad = dekad_of(today)
    due = []
    if minutes < scheme.daily_reading_minutes:
        due.append("checkin.due_reading")
    if clippings == 0:
        due.append("checkin.due_clipping")
    if not any_in("reflections", week.start, week.end):
        due.append("checkin.due_reflection")
    if not any_in("essays", dekad.start, dekad.end):
        due.append("checkin.due_essay")
    if not any_in("books_finished", month.start, month.end):
        due.append("checkin.due_book")
    return TodayCard(
        today,
        minutes,
        scheme.daily_reading_minutes,
        clippings,
        tuple(due),
        calendar.is_working_day(today),
        calendar.is_covered(today.year),
    )


def streak(minutes_by_day: dict[date, int], calendar: WorkCalendar, goal: int, today: date) -> int:
    """Working days in a row on which the reading goal was met, up to today.

    Today still in progress does not break the streak; days off neither break nor extend it."""
    count = 0
    day = today
    if minutes_by_day.get(today, 0) < goal:
        day = today - timedelta(days=1)
    for _ in range(3660):
        if calendar.is_working_day(day):
            if minutes_by_day.get(day, 0) < goal:
                break
            count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Progress:
    streak: int
    daily: pd.DataFrame  # day, reading_minutes, clippings: the last year, for the heatmap
    weekly: pd.DataFrame  # week_start, reading_minutes
    quotas: pd.DataFrame  # metric, done, so_far (the rate's denominator), of (whole month), rate
    score: float | None
    books: pd.DataFrame  # day, title, author, review
    scheme: Scheme


def progress(store: Store, person_id: int, today: date) -> Progress:
    scheme = scheme_on(store, today)
    calendar = office_calendar(store)
    start = today - timedelta(days=365)
    daily = store.records.daily_totals(start, today + timedelta(days=7), person_id)
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    daily = daily.sort_values("day").reset_index(drop=True)
    minutes = dict(zip(daily["day"], daily["reading_minutes"], strict=True))
    current_streak = streak(minutes, calendar, scheme.daily_reading_minutes, today)

    cal = month_calendar(month_of(today), calendar, scheme, today)
    row = score_person(daily, cal, scheme)
    so_far = row["counted_so_far"]
    metrics = [
        ("reading_days", "reading_rate", len(cal.counted_days)),
        ("clipping_days", "clipping_rate", len(cal.counted_days)),
        ("reflection_weeks", "reflection_rate", len(cal.weeks)),
        ("essay_dekads", "essay_rate", len(cal.dekads)),
        ("books_finished", "book_rate", 1),
    ]
    quotas = pd.DataFrame(
        [(m, row[m], so_far[r], whole, row[r]) for m, r, whole in metrics],
        columns=["metric", "done", "so_far", "of", "rate"],
    )

    weekly = (
        daily.assign(week_start=[d - timedelta(days=d.weekday()) for d in daily["day"]])
        .groupby("week_start", as_index=False)["reading_minutes"]
        .sum()
    )
    weekly = weekly[weekly["week_start"] >= today - timedelta(weeks=26)]
    score = None if pd.isna(row["score"]) else float(row["score"])
    year = daily[daily["day"] <= today][["day", "reading_minutes", "clippings"]]
    return Progress(
        current_streak,
        year,
        weekly,
        quotas,
        score,
        store.records.books_finished(person_id),
        scheme,
    )
