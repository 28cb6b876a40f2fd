"""The points ledger: points are derived from the records, never entered by hand (issue 6).

A scheme version may give an activity `points` for every full `per` of a day's amount (reading:
minutes; credit hours: hours; items otherwise), at most `daily_cap` a day. Like the quotas, a day
is priced by the version in force on the first day of its month, so a month never mixes two
versions. Because the ledger is recomputed from what counts (returned or rejected work does not,
see CompetitionRepo.activity), a reviewer's decision changes the points without any bookkeeping.

`totals` prices everyone at once: the large office's year (10,000 people × 250 days) is a frame of
millions of rows, so the rules are merged in per month and applied on whole columns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from learnhub.i18n import translate
from learnhub.schemes import ACTIVITIES, DEFAULT_SCHEME_NAME, PointRule, scheme_on
from learnhub.store import Store

__all__ = ["LEDGER_COLUMNS", "award", "explain", "ledger", "totals"]

LEDGER_COLUMNS = [
    "day",
    "activity",
    "amount",
    "per",
    "points_each",
    "earned",
    "awarded",
    "daily_cap",
    "capped",
]
# Amounts are sums of floats (credit hours 0.1 + 0.2…): a hair below a full `per` is a full one.
_EPSILON = 1e-9


def award(amount: float, rule: PointRule) -> tuple[float, float, bool]:
    """(points before the cap, points awarded, whether the cap cut them) for one day's amount."""
    earned = math.floor(amount / rule.per + _EPSILON) * rule.points
    if rule.daily_cap is not None and earned > rule.daily_cap:
        return float(earned), float(rule.daily_cap), True
    return float(earned), float(earned), False


def _rules(store: Store, months: list[date], scheme_name: str) -> npt.NDArray[np.float64]:
    """months × ACTIVITIES × (per, points, cap) of the rules in force; NaN where there is no
    rule (per) or no cap."""
    table = np.full((len(months), len(ACTIVITIES), 3), np.nan)
    for i, month in enumerate(months):
        for rule in scheme_on(store, month, scheme_name).points:
            cap = np.nan if rule.daily_cap is None else rule.daily_cap
            table[i, ACTIVITIES.index(rule.activity)] = (rule.per, rule.points, cap)
    return table


def _priced(
    store: Store, activity: pd.DataFrame, first: date, last: date, scheme_name: str
) -> pd.DataFrame:
    """The rows of `activity` between `first` and `last` that a rule prices, with the rule and
    earned / awarded / capped columns. The rules are looked up in a months × activities table
    rather than merged in: the large office's year is millions of rows."""
    days = pd.to_datetime(activity["day"])
    inside = ((days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))).to_numpy()
    frame: pd.DataFrame = activity.loc[inside, ["person_id", "activity", "amount"]].copy()
    frame["day"] = days[inside]
    # Months since 1970-01 as small integers and activities as positions in ACTIVITIES: both
    # factorised once, so the lookup below is plain array indexing.
    month = frame["day"].to_numpy(dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)
    slot, keys = pd.factorize(month)
    firsts = [date(1970 + int(m) // 12, int(m) % 12 + 1, 1) for m in keys]
    table = _rules(store, firsts, scheme_name)
    codes, names = pd.factorize(frame["activity"])
    kind = pd.Index(ACTIVITIES).get_indexer(pd.Index(names))[codes]
    rule = table[slot, kind] if len(frame) else np.full((0, 3), np.nan)
    priced = (kind >= 0) & ~np.isnan(rule[:, 0])
    frame = frame.loc[priced].reset_index(drop=True)
    rule = rule[priced]
    per, points_each, cap = rule[:, 0], rule[:, 1], rule[:, 2]
    earned = np.floor(frame["amount"].to_numpy(dtype=np.float64) / per + _EPSILON) * points_each
    capped = ~np.isnan(cap) & (earned > cap)
    frame["per"] = per
    frame["points_each"] = points_each
    frame["earned"] = earned
    frame["awarded"] = np.where(capped, cap, earned)
    frame["daily_cap"] = cap
    frame["capped"] = capped
    return frame


def ledger(
    store: Store,
    person_id: int,
    first: date,
    last: date,
    *,
    scheme_name: str = DEFAULT_SCHEME_NAME,
) -> pd.DataFrame:
    """One row per day and activity that has an amount and a rule (also when it is below one
    full `per` and earns 0), so a person can see where every point came from and why a day
    earned none; columns LEDGER_COLUMNS, days as `date`, by day then ACTIVITIES order."""
    activity = store.competition.activity(first, last, person_id)
    frame = _priced(store, activity, first, last, scheme_name)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})
    order = frame["activity"].map({a: i for i, a in enumerate(ACTIVITIES)})
    frame = frame.assign(order=order).sort_values(["day", "order"], kind="stable")
    frame["day"] = frame["day"].dt.date
    frame["capped"] = frame["capped"].astype(bool)
    return frame[LEDGER_COLUMNS].reset_index(drop=True)


def totals(
    store: Store,
    first: date,
    last: date,
    *,
    scheme_name: str = DEFAULT_SCHEME_NAME,
    activity: pd.DataFrame | None = None,
) -> pd.Series:
    """Points awarded per person between `first` and `last`, indexed by person_id; people who
    earned nothing under a rule are absent (callers reindex onto their roster). `activity` may be
    the frame the caller already fetched (CompetitionRepo.activity over a longer stretch)."""
    if activity is None:
        activity = store.competition.activity(first, last)
    frame = _priced(store, activity, first, last, scheme_name)
    if frame.empty:
        return pd.Series(dtype=np.float64, name="points", index=pd.Index([], dtype=np.int64))
    result = frame.groupby("person_id")["awarded"].sum().astype(np.float64)
    result.index = result.index.astype(np.int64)
    result.name = "points"
    return result


def _number(value: float) -> str:
    """3.0 → "3", 0.5 → "0.5": points and amounts without a needless ".0"."""
    return f"{value:g}" if not float(value).is_integer() else str(int(value))


def _points(value: float, lang: str) -> str:
    form = "one" if value == 1 else "many"
    return translate(f"points.score.{form}", lang, n=_number(value))


def _unit(activity: str, count: float, lang: str) -> str:
    return translate(f"points.unit.{activity}.{'one' if count == 1 else 'many'}", lang)


def explain(row: Mapping[str, Any], lang: str = "zh") -> str:
    """One ledger row in words, e.g. "3月3日 阅读 65 分钟：+2 分（每 30 分钟 1 分）"."""
    activity = str(row["activity"])
    day: date = pd.Timestamp(row["day"]).date()
    amount, per = float(row["amount"]), float(row["per"])
    points_each = _points(float(row["points_each"]), lang)
    if per == 1:
        rule = translate(
            "points.rule_each", lang, unit=_unit(activity, 1, lang), points=points_each
        )
    else:
        unit = _unit(activity, per, lang)
        rule = translate("points.rule_per", lang, per=_number(per), unit=unit, points=points_each)
    cap_value = row.get("daily_cap")
    cap = ""
    if cap_value is not None and not pd.isna(cap_value):
        cap = translate("points.cap", lang, cap=_points(float(cap_value), lang))
        if bool(row.get("capped", False)):
            cap += translate("points.capped", lang)
    return translate(
        "points.line",
        lang,
        day=translate("points.day", lang, month=day.month, day=day.day),
        activity=translate(f"points.activity.{activity}", lang),
        amount=translate(
            "points.amount", lang, n=_number(amount), unit=_unit(activity, amount, lang)
        ),
        awarded=_points(float(row["awarded"]), lang),
        rule=rule,
        cap=cap,
    )
