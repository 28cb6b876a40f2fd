"""月度小结 (issue 7): a month's figures for every active staff member and every department, the
12-month trend, the person × quota rates for the heatmap, and the highlights and those falling
behind.

Everything is computed on whole columns for the large office (10,000 people): one fetch of the
month's activity (CompetitionRepo.activity) gives the counts and the points; the score, ranks and
quota rates come from the month's evaluation (learnhub.standings.evaluate_span, reused until the
next write); the trend reads the published months and judges only the unpublished ones.

Counts are of what counts (returned or rejected work never does): reading_days are the month's
counted days (§4) with at least the scheme's daily reading target (30 minutes by default);
clippings, reflections, essays, books, research_reports and suggestions are items;
study_day_attended counts the study-day sessions attended (late is attended) against the
sessions held so far; credit_hours come from lessons studied and training-class sessions;
quizzes_taken counts quizzes with a graded attempt for the record, quiz_average their best
results in percent. Departments are compared per head (averages), never by totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from learnhub import points
from learnhub.compliance import Evaluation, counted_days
from learnhub.periods import Period, month_of, parse_month
from learnhub.schemes import scheme_on
from learnhub.standings import evaluate_span, extent, staff_frame
from learnhub.store import Store
from learnhub.workdays import office_calendar

__all__ = [
    "COUNT_COLUMNS",
    "PERSON_COLUMNS",
    "SHOW_NAMES_KEY",
    "Highlights",
    "MonthSummary",
    "as_month",
    "heatmap",
    "highlights",
    "month_summary",
    "set_show_names",
    "show_names",
    "took_part",
    "trend",
]

# Item counts straight from the activity: column → CompetitionRepo activity.
_ITEMS = {
    "clippings": "clipping",
    "reflections": "reflection",
    "essays": "essay",
    "books": "book",
    "research_reports": "research_report",
    "suggestions": "suggestion",
    "study_day_attended": "study_day",
    "credit_hours": "credit_hours",
}
COUNT_COLUMNS = (
    "reading_days",
    "reading_minutes",
    *_ITEMS,
    "quizzes_taken",
    "quiz_average",
)
PERSON_COLUMNS = (
    "person_id",
    "username",
    "name",
    "department",
    "reading_days",
    "reading_minutes",
    "clippings",
    "reflections",
    "essays",
    "books",
    "research_reports",
    "suggestions",
    "study_day_attended",
    "study_day_sessions",
    "credit_hours",
    "quizzes_taken",
    "quiz_average",
    "score",
    "rank",
    "dept_rank",
    "points",
    "all_kept",
)
# Who took part: anyone with one of these in the month.
_DID = (
    "reading_minutes",
    "clippings",
    "reflections",
    "essays",
    "books",
    "research_reports",
    "suggestions",
    "study_day_attended",
    "credit_hours",
    "quizzes_taken",
)
READING_GOAL = 30.0
SHOW_NAMES_KEY = "summary.show_names"
TREND_MONTHS = 12
_EPOCH = date(1970, 1, 1)
# Falling behind: a score under this, or nothing recorded in the month's last LATELY_DAYS days.
BEHIND_SCORE = 60.0
LATELY_DAYS = 14


@dataclass(frozen=True)
class MonthSummary:
    month: Period
    today: date
    people: pd.DataFrame  # PERSON_COLUMNS, one row per active staff member
    departments: pd.DataFrame  # department, people, the per-head averages, average_score, rank
    evaluation: Evaluation
    idle: frozenset[int]  # person ids with nothing recorded in the month's last two weeks


def as_month(month: Period | str) -> Period:
    return parse_month(month) if isinstance(month, str) else month


def _reading_goal(store: Store, month: Period) -> float:
    for quota in scheme_on(store, month.start).quotas:
        if quota.activity == "reading" and quota.cadence == "day":
            return float(quota.target)
    return READING_GOAL


def month_summary(store: Store, month: Period | str, *, today: date) -> MonthSummary:
    """Every figure of `month` as seen on `today`, for everyone on the staff (zeros included).
    Reused until the next write, like the evaluation it carries."""
    month = as_month(month)
    key = ("month_summary", month, today)
    return store.db.remember(key, lambda: _month_summary(store, month, today))


def _month_summary(store: Store, month: Period, today: date) -> MonthSummary:
    repo = store.summary
    people = staff_frame(store).reset_index(drop=True)
    index = pd.Index(people["person_id"].to_numpy(dtype=np.int64))
    scheme = scheme_on(store, month.start)
    # One fetch for the evaluation's whole extent (weeks spill over the month's ends); the
    # counts and points take the month's part of it.
    first, last = extent(scheme, month, store)
    spread = store.competition.activity(first, last)
    evaluation = evaluate_span(store, month, today=today, scheme=scheme, activity=spread)
    days = spread["day"].to_numpy(dtype="datetime64[D]")
    inside = (days >= np.datetime64(month.start)) & (days <= np.datetime64(month.end))
    activity = spread[inside].reset_index(drop=True)
    who = index.get_indexer(pd.Index(activity["person_id"]))
    known = who >= 0
    codes = activity["activity"].cat.codes.to_numpy()
    kinds = list(activity["activity"].cat.categories)
    amount = activity["amount"].to_numpy(dtype=np.float64)
    day = activity["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    out = people[["person_id", "username", "name", "department"]].copy()
    out["department"] = out["department"].fillna("")

    def total(kind: str) -> np.ndarray:
        chosen = known & (codes == kinds.index(kind))
        return np.bincount(who[chosen], weights=amount[chosen], minlength=len(index))

    counted = counted_days(month, office_calendar(store), scheme)
    counted_days_since_1970 = np.array([(d - _EPOCH).days for d in counted], dtype=np.int64)
    goal = _reading_goal(store, month) - 1e-9
    chosen = known & (codes == kinds.index("reading")) & (amount >= goal)
    chosen &= np.isin(day, counted_days_since_1970)
    out["reading_days"] = np.bincount(who[chosen], minlength=len(index)).astype(np.int64)
    out["reading_minutes"] = total("reading")
    for column, kind in _ITEMS.items():
        values = total(kind)
        out[column] = np.round(values, 1) if column == "credit_hours" else values.astype(np.int64)
    held_until = min(month.end, today)
    out["study_day_sessions"] = repo.study_sessions_held(month.start, held_until)
    quizzes = repo.quizzes_taken(month.start, month.end).set_index("person_id")
    out["quizzes_taken"] = out["person_id"].map(quizzes["quizzes_taken"]).fillna(0)
    out["quizzes_taken"] = out["quizzes_taken"].astype(np.int64)
    out["quiz_average"] = out["person_id"].map(quizzes["quiz_average"]).astype(float).round(1)

    judged = evaluation.table().set_index("person_id")
    out["score"] = out["person_id"].map(judged["score"]).astype(float)
    out["rank"] = out["person_id"].map(judged["rank"]).astype("Int64")
    out["dept_rank"] = out["person_id"].map(judged["dept_rank"]).astype("Int64")
    earned = points.totals(store, month.start, month.end, activity=activity)
    out["points"] = out["person_id"].map(earned).fillna(0.0).astype(float)
    out["all_kept"] = out["person_id"].map(judged["all_kept"]).fillna(False).astype(bool)

    since = (max(month.start, held_until - timedelta(days=LATELY_DAYS - 1)) - _EPOCH).days
    recent = known & (day >= since) & (day <= (held_until - _EPOCH).days)
    active = np.zeros(len(index), dtype=np.bool_)
    active[who[recent]] = True
    idle = frozenset(int(p) for p in index.to_numpy()[~active])
    out = out[list(PERSON_COLUMNS)].reset_index(drop=True)
    return MonthSummary(month, today, out, departments_of(out), evaluation, idle)


def departments_of(people: pd.DataFrame) -> pd.DataFrame:
    """Per department, per head: people, the average of every count, the average score and the
    rank by it (ties share a rank); best first."""
    averaged = [c for c in COUNT_COLUMNS if c != "quiz_average"] + ["study_day_attended"]
    averaged = list(dict.fromkeys(averaged))
    grouped = people.groupby("department", sort=True)
    frame = grouped[averaged].mean().round(2)
    frame.insert(0, "people", grouped.size())
    frame["quiz_average"] = grouped["quiz_average"].mean().round(1)
    frame["points"] = grouped["points"].mean().round(1)
    frame["average_score"] = _round1(grouped["score"].mean())
    frame["kept_share"] = grouped["all_kept"].mean().round(4)
    frame["rank"] = frame["average_score"].rank(method="min", ascending=False).astype("Int64")
    frame = frame.reset_index()
    return frame.sort_values(["rank", "department"], na_position="last").reset_index(drop=True)


def _round1(values: pd.Series) -> pd.Series:
    """One decimal, halves away from zero (as the scores)."""
    return pd.Series(np.floor(values.astype(float) * 10 + 0.5 + 1e-9) / 10, index=values.index)


# -- the trend --------------------------------------------------------------------------------
def trend_months(month: Period, count: int = TREND_MONTHS) -> list[Period]:
    months = [month]
    while len(months) < count:
        months.append(month_of(months[-1].start - timedelta(days=1)))
    return months[::-1]


def trend(
    store: Store, month: Period | str, *, today: date, current: MonthSummary | None = None
) -> pd.DataFrame:
    """The 12 months up to `month`: month (YYYY-MM), department ('' for the whole office, its
    people-weighted average), people, average_score, published. A published month is read from
    its newest publication; `month` itself and the unpublished months are judged live (from
    `current` when given), their activity fetched in one go; months before the first record are
    left out."""
    month = as_month(month)
    key = ("month_summary.trend", month, today)
    return store.db.remember(key, lambda: _trend(store, month, today, current))


def _trend(store: Store, month: Period, today: date, current: MonthSummary | None) -> pd.DataFrame:
    months = trend_months(month)
    published = store.summary.published_averages(months[0].start, months[-1].start)
    published["month"] = pd.to_datetime(published["month"]).dt.strftime("%Y-%m")
    first_record = store.db.scalar("SELECT min(day) FROM records")
    live = [
        p
        for p in months
        if p.start <= today
        and first_record is not None
        and p.end >= first_record
        and (p == month or p.label not in set(published["month"]))
    ]
    judged: dict[str, pd.DataFrame] = {}
    if current is not None and current.month == month and month in live:
        judged[month.label] = current.evaluation.departments()
    rest = [p for p in live if p.label not in judged]
    if rest:
        scheme_for = {p.label: scheme_on(store, p.start) for p in rest}
        spans = [extent(scheme_for[p.label], p, store) for p in rest]
        activity = store.competition.activity(min(s[0] for s in spans), max(s[1] for s in spans))
        for period in rest:
            judged[period.label] = evaluate_span(
                store, period, today=today, scheme=scheme_for[period.label], activity=activity
            ).departments()
    rows: list[pd.DataFrame] = []
    for period in months:
        if period.label in judged:
            part = judged[period.label][["department", "people", "average_score"]].copy()
            part["published"] = False
        else:
            part = published[published["month"] == period.label]
            if part.empty:
                continue
            part = part[["department", "people", "average_score"]].copy()
            part["published"] = True
        people = part["people"].astype(float)
        scores = part["average_score"].astype(float)
        weight = people[scores.notna()].sum()
        office = float((scores.fillna(0) * people).sum() / weight) if weight else float("nan")
        whole = pd.DataFrame({"department": [""], "people": [int(people.sum())],
                              "average_score": [round(office, 1)],
                              "published": [bool(part["published"].iloc[0])]})  # fmt: skip
        part = pd.concat([whole, part], ignore_index=True)
        part.insert(0, "month", period.label)
        rows.append(part)
    if not rows:
        return pd.DataFrame(columns=["month", "department", "people", "average_score", "published"])
    out = pd.concat(rows, ignore_index=True)
    out["people"] = out["people"].astype(np.int64)
    out["average_score"] = out["average_score"].astype(float)
    out["published"] = out["published"].astype(bool)
    return out


def took_part(people: pd.DataFrame) -> pd.Series:
    """Whether each person recorded anything that counts in the month."""
    return people[list(_DID)].sum(axis=1) > 0


# -- heatmap and highlights -------------------------------------------------------------------
def heatmap(summary: MonthSummary, department: str | None = None) -> pd.DataFrame:
    """Long form for the person × quota heatmap: person_id, name, department, quota (its key),
    rate (0–1, NaN when nothing counts yet); one department, or everyone."""
    evaluation = summary.evaluation
    people = evaluation.people[["person_id", "name", "department"]].copy()
    people["department"] = people["department"].fillna("")
    rows = np.arange(len(people))
    if department is not None:
        rows = np.flatnonzero(people["department"].to_numpy() == department)
    frames = []
    for result in evaluation.quotas:
        if not result.periods:
            continue
        part = people.iloc[rows].copy()
        part["quota"] = result.quota.key
        part["rate"] = np.round(result.rate[rows], 4)
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["person_id", "name", "department", "quota", "rate"])
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class Highlights:
    """Counts always; the lists (name, department, score) only when names are shown."""

    names_shown: bool
    top: pd.DataFrame
    kept_all: pd.DataFrame
    kept_all_count: int
    behind: pd.DataFrame
    behind_count: int


def show_names(store: Store) -> bool:
    return store.settings.get(SHOW_NAMES_KEY) != "false"


def set_show_names(store: Store, value: bool) -> None:
    store.settings.set(SHOW_NAMES_KEY, "true" if value else "false")


def highlights(summary: MonthSummary, *, names: bool, top_n: int = 10) -> Highlights:
    """The best scores, everyone who kept every quota, and those falling behind (a score under
    60, or nothing recorded in the month's last two weeks); lists empty when `names` is off."""
    people = summary.people
    columns = ["name", "department", "score"]
    scored = people[people["score"].notna() & (people["score"] > 0)]
    top = scored.sort_values(["score", "username"], ascending=[False, True]).head(top_n)
    kept = people[people["all_kept"]].sort_values(["department", "username"])
    idle = people["person_id"].isin(list(summary.idle))
    behind = people[(people["score"].fillna(0) < BEHIND_SCORE) | idle]
    behind = behind.sort_values(["score", "username"], na_position="first")
    empty = pd.DataFrame(columns=columns)
    return Highlights(
        names_shown=names,
        top=top[columns].reset_index(drop=True) if names else empty,
        kept_all=kept[columns].reset_index(drop=True) if names else empty,
        kept_all_count=len(kept),
        behind=behind[columns].reset_index(drop=True) if names else empty,
        behind_count=len(behind),
    )
