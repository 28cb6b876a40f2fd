"""Compliance with a scheme's quotas: for every person, quota and period, met / missed / pending /
exempt, the rates and the score (DESIGN.md §3–4, issue 6).

A month is judged under the scheme version in force on its first day; a week under its month's
(the month holding its Thursday). The periods of a quota in a month are the month's counted days,
its weeks (Thursday rule), its three 旬, the month itself, and a quarter in the quarter's last
month. A period that has not ended counts in the rate only once met; an exempt period (the person
was exempt for at least half of its counted days) counts only if met. Rates of quotas without
a counted period are undefined and the score is the weighted mean of the defined ones.

Everything is computed for all people at once on numpy arrays (people × periods per quota): the
large office's month takes well under the 500 ms the issue allows (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from learnhub.calendar import WorkCalendar
from learnhub.periods import (
    Period,
    day_period,
    dekads_of_month,
    iter_days,
    month_of_week,
    quarter_of,
    weeks_of_month,
)
from learnhub.schemes import Quota, Scheme

__all__ = [
    "EXEMPT",
    "MET",
    "MISSED",
    "PENDING",
    "STATUSES",
    "Evaluation",
    "QuotaResult",
    "evaluate",
    "periods_for",
    "scheme_month",
]

MET, MISSED, PENDING, EXEMPT = 0, 1, 2, 3
STATUSES = ("met", "missed", "pending", "exempt")
# An exemption covering this share of a period's counted days takes the period out.
EXEMPT_SHARE = 0.5

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def scheme_month(span: Period) -> date:
    """The first day of the month whose scheme version judges `span`."""
    if span.kind == "week":
        return month_of_week(span).start
    return span.start.replace(day=1)


def counted_days(period: Period, calendar: WorkCalendar, scheme: Scheme) -> list[date]:
    if scheme.counted_days == "working":
        return calendar.working_days(period)
    return list(iter_days(period.start, period.end))


def periods_for(quota: Quota, span: Period, calendar: WorkCalendar, scheme: Scheme) -> list[Period]:
    """The periods of `quota` that belong to `span` (a month or a week)."""
    cadence = quota.cadence
    if cadence == "day":
        return [day_period(d) for d in counted_days(span, calendar, scheme)]
    if span.kind == "week":
        return [span] if cadence == "week" else []
    if cadence == "week":
        return weeks_of_month(span)
    if cadence == "dekad":
        return dekads_of_month(span)
    if cadence == "month":
        return [span]
    quarter = quarter_of(span.start)
    return [quarter] if quarter.end == span.end else []


def _ordinals(days: pd.Series) -> Ints:
    return np.asarray(days.to_numpy(dtype="datetime64[D]").astype(np.int64), dtype=np.int64)


def _ordinal(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


@dataclass(frozen=True)
class QuotaResult:
    quota: Quota
    periods: tuple[Period, ...]
    status: npt.NDArray[np.int8]  # people × periods
    amount: Floats  # people × periods

    def count(self, status: int) -> Ints:
        return np.asarray((self.status == status).sum(axis=1), dtype=np.int64)

    @property
    def rate(self) -> Floats:
        """Met periods over counted ones per person; NaN when nothing counts yet."""
        met = self.status == MET
        counted = met | (self.status == MISSED)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(met.sum(axis=1) / counted.sum(axis=1), dtype=np.float64)

    @property
    def kept(self) -> Bools:
        """Whether each person has missed none of the quota's periods so far."""
        return np.asarray(~(self.status == MISSED).any(axis=1), dtype=np.bool_)


def _amounts(
    activity: pd.DataFrame, people: pd.Index, quota: Quota, starts: Ints, ends: Ints
) -> Floats:
    amount = np.zeros((len(people), len(starts)), dtype=np.float64)
    if not len(starts) or activity.empty:
        return amount
    mine = activity[activity["activity"] == quota.activity]
    who = people.get_indexer(pd.Index(mine["person_id"]))
    day = _ordinals(mine["day"])
    slot = np.searchsorted(starts, day, side="right") - 1
    inside = (who >= 0) & (slot >= 0)
    inside &= day <= ends[np.clip(slot, 0, len(ends) - 1)]
    np.add.at(amount, (who[inside], slot[inside]), mine["amount"].to_numpy(float)[inside])
    return amount


def _exempt(
    exemptions: pd.DataFrame,
    people: pd.Index,
    periods: list[Period],
    days_of: Callable[[Period], list[date]],
) -> Bools:
    exempt = np.zeros((len(people), len(periods)), dtype=np.bool_)
    if exemptions.empty or not periods:
        return exempt
    # Each period's counted days (all its days when none is counted, e.g. a holiday week).
    slot_of_day: list[int] = []
    ordinals: list[int] = []
    for i, period in enumerate(periods):
        days = days_of(period) or period.days()
        slot_of_day += [i] * len(days)
        ordinals += [_ordinal(d) for d in days]
    slots, day = np.array(slot_of_day), np.array(ordinals)
    size = np.bincount(slots, minlength=len(periods))
    for person_id, rows in exemptions.groupby("person_id"):
        row = people.get_loc(person_id) if person_id in people else None
        if row is None:
            continue
        covered = np.zeros(len(day), dtype=np.bool_)
        for first, last in zip(rows["first_day"], rows["last_day"], strict=True):
            covered |= (day >= _ordinal(first)) & (day <= _ordinal(last))
        share = np.bincount(slots[covered], minlength=len(periods)) / size
        exempt[row] = share >= EXEMPT_SHARE - 1e-9
    return exempt


def _judge(
    quota: Quota, amount: Floats, ends: Ints, exempt: Bools, today: date
) -> npt.NDArray[np.int8]:
    met = amount >= quota.target - 1e-9
    ended = ends < _ordinal(today)
    status = np.where(met, MET, np.where(exempt, EXEMPT, np.where(ended, MISSED, PENDING)))
    return np.asarray(status.astype(np.int8))


def _round(values: Floats) -> Floats:
    """One decimal, halves away from zero, as learnhub.scoring.round_score."""
    return np.asarray(np.floor(values * 10 + 0.5 + 1e-9) / 10, dtype=np.float64)


@dataclass(frozen=True)
class Evaluation:
    """A scheme applied to everyone in `people` (rows in matrix order) over `span`."""

    span: Period
    scheme: Scheme
    today: date
    people: pd.DataFrame  # person_id, username, name, department, department_id
    quotas: tuple[QuotaResult, ...]

    @property
    def rates(self) -> Floats:
        """people × quotas."""
        if not self.quotas:
            return np.full((len(self.people), 0), np.nan)
        return np.column_stack([q.rate for q in self.quotas])

    @property
    def scores(self) -> Floats:
        rates = self.rates
        weights = np.array([q.quota.weight for q in self.quotas], dtype=np.float64)
        defined = ~np.isnan(rates)
        weight = (defined * weights).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = 100 * (np.nan_to_num(rates) * weights).sum(axis=1) / weight
        return _round(np.where(weight > 0, raw, np.nan))

    @property
    def kept_all(self) -> Bools:
        """Nobody's quota missed so far, over the quotas that have periods in the span."""
        kept = [q.kept for q in self.quotas if q.periods]
        return np.logical_and.reduce(kept) if kept else np.ones(len(self.people), np.bool_)

    def table(self) -> pd.DataFrame:
        """One row per person: score, rank, rank in the department, each quota's rate and how
        many quotas are kept so far."""
        out = self.people[["person_id", "username", "name", "department"]].copy()
        out["score"] = self.scores
        out["rank"] = out["score"].rank(method="min", ascending=False).astype("Int64")
        out["dept_rank"] = (
            out.groupby("department", dropna=False)["score"]
            .rank(method="min", ascending=False)
            .astype("Int64")
        )
        for result in self.quotas:
            out[f"rate:{result.quota.key}"] = np.round(result.rate, 4)
        out["quotas_kept"] = (
            np.column_stack([q.kept for q in self.quotas if q.periods]).sum(axis=1)
            if any(q.periods for q in self.quotas)
            else 0
        )
        out["all_kept"] = self.kept_all
        return out.reset_index(drop=True)

    def grid(self, person_id: int | None = None) -> pd.DataFrame:
        """Long form: person_id, quota, period, start, end, status, amount, target."""
        rows = np.arange(len(self.people))
        if person_id is not None:
            rows = np.flatnonzero(self.people["person_id"].to_numpy() == person_id)
        frames = []
        ids = self.people["person_id"].to_numpy()[rows]
        for result in self.quotas:
            if not result.periods:
                continue
            n = len(result.periods)
            frames.append(
                pd.DataFrame(
                    {
                        "person_id": np.repeat(ids, n),
                        "quota": result.quota.key,
                        "period": np.tile([p.label for p in result.periods], len(rows)),
                        "start": np.tile([p.start for p in result.periods], len(rows)),
                        "end": np.tile([p.end for p in result.periods], len(rows)),
                        "status": [STATUSES[s] for s in result.status[rows].ravel()],
                        "amount": result.amount[rows].ravel(),
                        "target": result.quota.target,
                    }
                )
            )
        columns = ["person_id", "quota", "period", "start", "end", "status", "amount", "target"]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    def departments(self) -> pd.DataFrame:
        """Per department, per head: people, average score, the share of people keeping every
        quota and each quota's share; ranked by average score (ties share a rank)."""
        frame = self.people[["department"]].copy()
        frame["department"] = frame["department"].fillna("")
        frame["score"] = self.scores
        frame["kept_all"] = self.kept_all
        shares = {}
        for result in self.quotas:
            if result.periods:
                frame[f"kept:{result.quota.key}"] = result.kept
                shares[f"share:{result.quota.key}"] = (f"kept:{result.quota.key}", "mean")
        grouped = frame.groupby("department", sort=True).agg(
            people=("score", "size"),
            average_score=("score", "mean"),
            meeting_share=("kept_all", "mean"),
            **shares,
        )
        grouped["average_score"] = _round(grouped["average_score"].to_numpy(float))
        grouped["rank"] = grouped["average_score"].rank(method="min", ascending=False)
        grouped["rank"] = grouped["rank"].astype("Int64")
        return grouped.reset_index().sort_values(["rank", "department"]).reset_index(drop=True)


def evaluate(
    scheme: Scheme,
    span: Period,
    people: pd.DataFrame,
    activity: pd.DataFrame,
    exemptions: pd.DataFrame,
    calendar: WorkCalendar,
    today: date,
) -> Evaluation:
    """Judge every quota of `scheme` for `people` over `span` (a month or a week) from `activity`
    (person_id, day, activity, amount; any days) and `exemptions` (person_id, first_day,
    last_day)."""
    index = pd.Index(people["person_id"].to_numpy())
    results = []
    for quota in scheme.quotas:
        periods = periods_for(quota, span, calendar, scheme)
        starts = np.array([_ordinal(p.start) for p in periods], dtype=np.int64)
        ends = np.array([_ordinal(p.end) for p in periods], dtype=np.int64)
        amount = _amounts(activity, index, quota, starts, ends)
        exempt = _exempt(exemptions, index, periods, lambda p: counted_days(p, calendar, scheme))
        status = _judge(quota, amount, ends, exempt, today)
        results.append(QuotaResult(quota, tuple(periods), status, amount))
    return Evaluation(span, scheme, today, people.reset_index(drop=True), tuple(results))
