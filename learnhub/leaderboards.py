"""Leaderboards for a week, month, quarter or year, and what each viewer may see of them.

People are ranked by their scheme score (ties share a rank), with their points beside it.
Departments are compared per head — average score, share of people keeping every quota, points
per head — never by raw totals. A week or a month is judged in one piece; a quarter or a year is
the mean of its months' scores, each month under its own scheme version, so a board over a long
stretch never re-scores a month under rules that came later. A month already published counts as
published: its frozen scores and points are read back, the others are judged from the records.

The office chooses what staff see (`VISIBILITY`): the full board, the top N, their own rank
only, or departments only; staff always see their own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from learnhub import points
from learnhub.compliance import scheme_month
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import Period, month_of, quarter_of, week_of, year_of
from learnhub.schemes import DEFAULT_SCHEME_NAME, scheme_on
from learnhub.standings import audience, evaluate_span
from learnhub.store import Store

__all__ = [
    "SPANS",
    "VISIBILITY",
    "Board",
    "Shown",
    "board",
    "set_visibility",
    "shown",
    "span_of",
    "visibility",
]

SPANS = ("week", "month", "quarter", "year")
VISIBILITY = ("full", "top", "own", "departments")
VISIBILITY_KEY = "boards.visibility"
TOP_KEY = "boards.top_n"
DEFAULT_TOP = 10
PEOPLE_COLUMNS = ["person_id", "username", "name", "department", "score", "points", "rank"]


def span_of(kind: str, day: date) -> Period:
    if kind not in SPANS:
        raise ValidationError("boards.span_unknown")
    return {"week": week_of, "month": month_of, "quarter": quarter_of, "year": year_of}[kind](day)


@dataclass(frozen=True)
class Board:
    span: Period
    people: pd.DataFrame  # PEOPLE_COLUMNS, best first
    departments: pd.DataFrame  # department, people, average_score, meeting_share,
    # points_per_head, rank


def _rank(scores: pd.Series) -> pd.Series:
    return scores.rank(method="min", ascending=False).astype("Int64")


def _months(span: Period, today: date) -> list[Period]:
    months, day = [], span.start
    while day <= span.end and day <= today:
        months.append(month_of(day))
        day = months[-1].end + timedelta(days=1)
    return months


def _live(store: Store, parts: list[Period], today: date, scheme_name: str) -> list[pd.DataFrame]:
    """person_id, score, points, kept for each span in `parts`, judged now from the records.
    One fetch covers them all: weeks spill six days past a month; a quarter's quota reaches
    back to the quarter's first day."""
    if not parts:
        return []
    first = min(p.start for p in parts) - timedelta(days=6)
    last = max(p.end for p in parts) + timedelta(days=6)
    for part in parts:
        if part.kind == "month" and quarter_of(part.start).end == part.end:
            first = min(first, quarter_of(part.start).start)
    activity = store.competition.activity(first, last)
    frames = []
    for part in parts:
        judged = evaluate_span(store, part, today=today, scheme_name=scheme_name,
                               activity=activity)  # fmt: skip
        earned = points.totals(store, part.start, min(part.end, today), scheme_name=scheme_name,
                               activity=activity)  # fmt: skip
        ids = judged.people["person_id"]
        frames.append(
            pd.DataFrame(
                {
                    "person_id": ids.to_numpy(),
                    "score": judged.scores,
                    "points": ids.map(earned).fillna(0.0).to_numpy(dtype=float),
                    "kept": judged.kept_all.astype(float),
                }
            )
        )
    return frames


def _published(store: Store, months: list[Period], scheme_name: str) -> pd.DataFrame:
    found = store.competition.published_results([m.start for m in months], scheme_name)
    found["month"] = pd.to_datetime(found["month"]).dt.date
    return found.assign(kept=found["all_kept"].astype(float))


def board(
    store: Store, kind: str, day: date, *, today: date, scheme_name: str = DEFAULT_SCHEME_NAME
) -> Board:
    """The board of the `kind` span holding `day`. Reused until the next write: a page rerun or
    a second viewer does not judge 10,000 people again."""
    span = span_of(kind, day)
    key = ("board", span, today, scheme_name)
    return store.db.remember(key, lambda: _board(store, span, today, scheme_name))


def _board(store: Store, span: Period, today: date, scheme_name: str) -> Board:
    kind = span.kind
    if span.start > today:  # not begun
        return Board(span, pd.DataFrame(columns=PEOPLE_COLUMNS), _no_departments())
    if kind in ("week", "month"):
        parts = [_live(store, [span], today, scheme_name)[0]]
    else:
        # A published month counts as published (frozen, and cheap to read); the months not
        # yet published are judged now.
        months = _months(span, today)
        published = dict(iter(_published(store, months, scheme_name).groupby("month")))
        parts = [published[m.start] for m in months if m.start in published]
        parts += _live(store, [m for m in months if m.start not in published], today, scheme_name)
    people = audience(store, scheme_on(store, scheme_month(span), scheme_name))
    people = people[["person_id", "username", "name", "department"]].copy()
    index = pd.Index(people["person_id"])
    scores = np.column_stack([_aligned(index, p, "score") for p in parts])
    people["score"] = np.round(_mean(scores), 1)
    earned = np.column_stack([_aligned(index, p, "points") for p in parts])
    people["points"] = np.nansum(earned, axis=1) if earned.size else 0.0
    people["kept"] = _mean(np.column_stack([_aligned(index, p, "kept") for p in parts]))
    people["rank"] = _rank(people["score"])
    people = people.sort_values(["rank", "points", "username"], ascending=[True, False, True],
                                na_position="last").reset_index(drop=True)  # fmt: skip
    return Board(span, people[PEOPLE_COLUMNS], _departments(people))


def _aligned(index: pd.Index, part: pd.DataFrame, column: str) -> np.ndarray:
    """`part[column]` in the order of `index` (person ids); NaN for people `part` lacks (joined
    later in the year, or outside a campaign then)."""
    values = pd.Series(part[column].to_numpy(dtype=float), index=part["person_id"].to_numpy())
    return np.asarray(values.reindex(index).to_numpy(dtype=float))


def _mean(values: np.ndarray) -> np.ndarray:
    """Row means over the defined values; NaN for a row with none (no warning, unlike
    np.nanmean)."""
    defined = ~np.isnan(values)
    count = defined.sum(axis=1)
    total = np.where(defined, values, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _no_departments() -> pd.DataFrame:
    return pd.DataFrame(columns=["department", "people", "average_score", "meeting_share",
                                 "points_per_head", "rank"])  # fmt: skip


def _departments(people: pd.DataFrame) -> pd.DataFrame:
    frame = people.assign(department=people["department"].fillna(""))
    grouped = frame.groupby("department", sort=True).agg(
        people=("person_id", "size"),
        average_score=("score", "mean"),
        meeting_share=("kept", "mean"),
        points_per_head=("points", "mean"),
    )
    grouped["average_score"] = grouped["average_score"].round(1)
    grouped["points_per_head"] = grouped["points_per_head"].round(1)
    grouped["rank"] = _rank(grouped["average_score"])
    return grouped.reset_index().sort_values(["rank", "department"]).reset_index(drop=True)


# -- what a viewer sees ---------------------------------------------------------------------


def visibility(store: Store) -> tuple[str, int]:
    """The office's choice of what staff see, and N for the top-N board."""
    mode = store.settings.get(VISIBILITY_KEY) or "full"
    top = store.settings.get(TOP_KEY)
    return (mode if mode in VISIBILITY else "full"), int(top) if top else DEFAULT_TOP


def set_visibility(store: Store, mode: str, top_n: int, *, actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("boards.office_only")
    if mode not in VISIBILITY:
        raise ValidationError("boards.visibility_unknown")
    if not 1 <= top_n <= 100:
        raise ValidationError("boards.top_range")
    store.settings.set(VISIBILITY_KEY, mode)
    store.settings.set(TOP_KEY, str(top_n))


@dataclass(frozen=True)
class Shown:
    people: pd.DataFrame  # the rows of the person board this viewer may see
    departments: pd.DataFrame | None  # None: not shown
    own: pd.Series | None  # the viewer's own line, when on the board


def shown(
    people: pd.DataFrame,
    departments: pd.DataFrame,
    *,
    viewer_id: int,
    sees_all: bool,
    mode: str,
    top_n: int,
) -> Shown:
    """Apply the office's visibility choice to a board (or a publication's frozen rows):
    `sees_all` is the office. Works on any frame with person_id and rank columns."""
    mine = people[people["person_id"] == viewer_id]
    own = None if mine.empty else mine.iloc[0]
    if sees_all or mode == "full":
        return Shown(people, departments, own)
    if mode == "top":
        top = people[people["rank"].notna() & (people["rank"] <= top_n)]
        return Shown(top, departments, own)
    if mode == "departments":
        return Shown(people.iloc[0:0], departments, own)
    return Shown(people.iloc[0:0], None, own)
