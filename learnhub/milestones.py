"""Milestones worth celebrating in a month, for everyone the month's scheme applies to (issue 6).

- full_month: an ended month in which the person kept every quota (exempt periods allowed) and met
  at least one period, so a month spent entirely exempt is not celebrated as a full one;
- streak: the reading streak of learnhub.progress (working days in a row with the daily reading
  goal met; days off neither break nor extend it) reached 100, 200, … on a working day of the
  month that is over;
- featured: a piece of the person's writing featured for the exhibition (展评), dated in the month.

The monthly publication freezes these rows, so they are computed for the whole office at once:
the streak is a people × working-days matrix, never a walk back from each person's today.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from learnhub.compliance import MET, MISSED, PENDING, Evaluation
from learnhub.periods import Period
from learnhub.standings import evaluate_span
from learnhub.store import Store
from learnhub.workdays import office_calendar
from learnhub.writing import KINDS as KINDS_WRITTEN

__all__ = ["COLUMNS", "KINDS", "STREAK_STEP", "month_milestones", "person_milestones"]

KINDS = ("full_month", "streak", "featured")
COLUMNS = ["person_id", "kind", "detail"]
STREAK_STEP = 100
# How far back the streak matrix first looks; doubled while someone's streak reaches its start
# (a streak longer than the window would otherwise be counted from the window's first day).
WINDOW_DAYS = 800
MAX_WINDOW_DAYS = 800 * 16


def _frame(person_ids: npt.ArrayLike, kind: str, details: list[str]) -> pd.DataFrame:
    ids = np.asarray(person_ids, dtype=np.int64)
    return pd.DataFrame({"person_id": ids, "kind": [kind] * len(ids), "detail": details})


def _full_month(evaluation: Evaluation, month: Period, today: date) -> pd.DataFrame:
    """People who kept every quota of an ended month and met at least one period of it."""
    ids = evaluation.people["person_id"].to_numpy()
    if month.end >= today:
        return _frame([], "full_month", [])
    clean = np.ones(len(ids), dtype=np.bool_)
    met = np.zeros(len(ids), dtype=np.bool_)
    for result in evaluation.quotas:
        status = result.status
        clean &= ~((status == MISSED) | (status == PENDING)).any(axis=1)
        met |= (status == MET).any(axis=1)
    chosen = ids[clean & met]
    return _frame(chosen, "full_month", [""] * len(chosen))


def _streak_matrix(
    store: Store, ids: pd.Index, days: list[date], goal: int
) -> npt.NDArray[np.bool_]:
    """people × `days`: whether the person read at least `goal` minutes that day."""
    hit = np.zeros((len(ids), len(days)), dtype=np.bool_)
    if not days or not len(ids):
        return hit
    # One person (their own page) reads only their own days.
    only = int(ids[0]) if len(ids) == 1 else None
    people, on = store.competition.reading_days_met(days[0], days[-1], goal, only)
    if not len(on):
        return hit
    ordinals = np.array(days, dtype="datetime64[D]").astype(np.int64)
    column = np.clip(np.searchsorted(ordinals, on), 0, len(days) - 1)
    row = ids.get_indexer(pd.Index(people))
    keep = (row >= 0) & (ordinals[column] == on)  # days off are not columns: ignored
    hit[row[keep], column[keep]] = True
    return hit


def _streaks(store: Store, evaluation: Evaluation, month: Period, today: date) -> pd.DataFrame:
    """The largest multiple of STREAK_STEP each person's streak reached on a working day of the
    month that is over."""
    ids = pd.Index(evaluation.people["person_id"].to_numpy())
    last = min(month.end, today - timedelta(days=1))
    if last < month.start or not len(ids):
        return _frame([], "streak", [])
    calendar = office_calendar(store)
    goal = evaluation.scheme.daily_reading_minutes
    window = WINDOW_DAYS
    while True:
        span = Period(last - timedelta(days=window), last, "span", "")
        days = calendar.working_days(span)
        hit = _streak_matrix(store, ids, days, goal)
        index = np.arange(len(days), dtype=np.int32)
        # Running streak on a met day: working days since the last missed one (columns are
        # working days only, so days off neither break nor extend it); -1: no miss in the window.
        last_miss = np.maximum.accumulate(np.where(hit, np.int32(-1), index), axis=1)
        streak = np.where(hit, index - last_miss, 0)
        inside = np.array([d >= month.start for d in days], dtype=np.bool_)
        reached = hit[:, inside] & (streak[:, inside] % STREAK_STEP == 0)
        unbounded = (hit[:, inside] & (last_miss[:, inside] < 0)).any()
        if not unbounded or window >= MAX_WINDOW_DAYS:
            break
        window *= 2
    best = np.where(reached, streak[:, inside], 0).max(axis=1, initial=0)
    rows = np.flatnonzero(best > 0)
    return _frame(ids.to_numpy()[rows], "streak", [str(int(best[r])) for r in rows])


def _featured(store: Store, evaluation: Evaluation, month: Period) -> pd.DataFrame:
    """The month's pieces on 展评 (the exhibition's own list), titled (the kind stands in for a
    missing title)."""
    pieces = store.reviews.featured(month.start, month.end, list(KINDS_WRITTEN))
    pieces = pieces[pieces["person_id"].isin(evaluation.people["person_id"])]
    details = [
        str(title) if isinstance(title, str) and title.strip() else str(kind)
        for title, kind in zip(pieces["title"], pieces["kind"], strict=True)
    ]
    return _frame(pieces["person_id"].to_numpy(), "featured", details)


def month_milestones(
    store: Store, month: Period, evaluation: Evaluation, *, today: date
) -> pd.DataFrame:
    """person_id, kind (KINDS), detail for everyone in `evaluation` (the month judged under its
    scheme): "" for full_month, the multiple reached for streak, the title for featured."""
    frames = [
        _full_month(evaluation, month, today),
        _streaks(store, evaluation, month, today),
        _featured(store, evaluation, month),
    ]
    out = pd.concat(frames, ignore_index=True)
    order = out["kind"].map({k: i for i, k in enumerate(KINDS)})
    out = out.assign(order=order).sort_values(["order", "person_id"], kind="stable")
    out["person_id"] = out["person_id"].astype(np.int64)
    return out[COLUMNS].reset_index(drop=True)


def person_milestones(store: Store, person_id: int, month: Period, *, today: date) -> pd.DataFrame:
    """One person's milestones of `month` (for their own page): only that person is judged and
    only their reading is read."""
    evaluation = evaluate_span(store, month, today=today, person_id=person_id)
    return month_milestones(store, month, evaluation, today=today)
