"""检查、展评: the office and trainers review written work, score it on a rubric, return it for
revision or reject it, release their feedback to the writer, and feature the best for the
exhibition.

The rubric is data the office may change (`set_rubric`); by default content, depth and writing,
1–5 each. A decision is `pass` (the piece is reviewed and counts), `return` (the writer revises
it: it leaves the scheme until submitted again) or `reject` (it does not count). Starting a review
stops the writer from withdrawing. Research reports may have several reviewers; their scores'
mean ranks the month's reports, and the office may have them reviewed blind (`blind_reports`:
the writers' names hidden from reviewers, docs/decisions.md 20). Feedback stays with the
reviewers until released.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.store import Cursor, Store

__all__ = [
    "DECISIONS",
    "DEFAULT_RUBRIC",
    "Criterion",
    "blind_reports",
    "feature",
    "hide_writers",
    "month_reports_ranking",
    "release_feedback",
    "review_piece",
    "rubric",
    "set_blind_reports",
    "set_rubric",
    "start_review",
]

DECISIONS = ("pass", "return", "reject")
STATUS_OF = {"pass": "reviewed", "return": "returned", "reject": "rejected"}
REVIEWERS = frozenset({"office", "trainer"})
MAX_FEEDBACK = 2000
RUBRIC_KEY = "writing.rubric"
BLIND_KEY = "review.blind_reports"
# Only research reports are reviewed blind: they are ranked against each other for the month's
# best report, where knowing the writer matters most; reflections and essays are checked, not
# ranked.
BLIND_KINDS = frozenset({"research_report"})


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    low: int = 1
    high: int = 5


DEFAULT_RUBRIC = (
    Criterion("content", "内容"),
    Criterion("depth", "深度"),
    Criterion("writing", "文字"),
)


def _reviewer(actor_roles: frozenset[str]) -> None:
    if not actor_roles & REVIEWERS:
        raise NotAllowed("review.reviewers_only")


def rubric(store: Store) -> tuple[Criterion, ...]:
    stored = store.settings.get(RUBRIC_KEY)
    if stored is None:
        return DEFAULT_RUBRIC
    return tuple(Criterion(**item) for item in json.loads(stored))


def set_rubric(store: Store, criteria: list[Criterion], *, actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("review.office_only")
    if not 1 <= len(criteria) <= 8:
        raise ValidationError("review.rubric_size")
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys) or any(not c.label.strip() for c in criteria):
        raise ValidationError("review.rubric_invalid")
    if any(not 0 <= c.low < c.high <= 100 for c in criteria):
        raise ValidationError("review.rubric_range")
    store.settings.set(RUBRIC_KEY, json.dumps([c.__dict__ for c in criteria], ensure_ascii=False))


def blind_reports(store: Store) -> bool:
    """Whether research reports are reviewed with their writers' names hidden."""
    return store.settings.get(BLIND_KEY) == "true"


def set_blind_reports(store: Store, blind: bool, *, actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("review.office_only")
    store.settings.set(BLIND_KEY, "true" if blind else "false")


def hide_writers(frame: pd.DataFrame, code: Callable[[int], str]) -> pd.DataFrame:
    """`frame` (rows with id, kind, name, department) with the writer of every blind-reviewed
    piece replaced by `code(id)` and the department left blank. The id-based code tells pieces
    apart in the queue without saying whose they are."""
    frame = frame.copy()
    hidden = frame["kind"].isin(list(BLIND_KINDS))
    frame["blind"] = hidden
    if hidden.any():
        frame["name"] = frame["name"].astype(object)
        frame["department"] = frame["department"].astype(object)
        frame.loc[hidden, "name"] = [code(int(i)) for i in frame.loc[hidden, "id"]]
        frame.loc[hidden, "department"] = None
    return frame


def _piece(store: Store, cur: Cursor, record_id: int) -> dict[str, Any]:
    piece = store.writing.piece(record_id, cur)
    if piece is None or piece["status"] in ("draft", "withdrawn"):
        raise ValidationError("review.not_submitted")
    return piece


def start_review(
    store: Store, record_id: int, *, actor_id: int, actor_roles: frozenset[str]
) -> None:
    """Mark a submitted piece as under review: from now on its writer cannot withdraw it."""
    _reviewer(actor_roles)

    def work(cur: Cursor) -> None:
        piece = _piece(store, cur, record_id)
        if piece["status"] == "submitted":
            store.reviews.set_status(cur, record_id, "under_review")

    store.transaction(work)


def review_piece(
    store: Store,
    record_id: int,
    *,
    scores: dict[str, int],
    decision: str,
    feedback: str,
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> float:
    """Score a piece on the rubric and decide; returns the total. A reviewer reviewing again
    replaces their own earlier review."""
    _reviewer(actor_roles)
    if decision not in DECISIONS:
        raise ValidationError("review.decision_unknown")
    criteria = rubric(store)
    missing = [c.label for c in criteria if c.key not in scores]
    if missing:
        raise ValidationError("review.score_missing", names="、".join(missing))
    for c in criteria:
        if not c.low <= int(scores[c.key]) <= c.high:
            raise ValidationError("review.score_range", name=c.label, low=c.low, high=c.high)
    text = feedback.strip()
    if len(text) > MAX_FEEDBACK:
        raise ValidationError("review.feedback_too_long", n=MAX_FEEDBACK)
    if decision != "pass" and not text:
        # A writer told to revise, or rejected, must be told why.
        raise ValidationError("review.feedback_needed")
    total = float(sum(int(scores[c.key]) for c in criteria))

    def work(cur: Cursor) -> None:
        _piece(store, cur, record_id)
        store.reviews.put_review(
            cur,
            {
                "record_id": record_id,
                "reviewer_id": actor_id,
                "scores": json.dumps({c.key: int(scores[c.key]) for c in criteria}),
                "total": total,
                "feedback": text,
                "decision": decision,
                "reviewed_at": now,
                "released_at": None,
            },
        )
        store.reviews.set_status(cur, record_id, STATUS_OF[decision])
        if decision != "pass":
            store.reviews.unfeature(cur, record_id)

    store.transaction(work)
    return total


def release_feedback(
    store: Store, record_ids: list[int], *, actor_roles: frozenset[str], now: datetime
) -> int:
    """Let the writers read their reviews; returns how many reviews were released."""
    _reviewer(actor_roles)
    return int(store.transaction(lambda cur: store.reviews.release(cur, record_ids, now)))


def feature(
    store: Store,
    record_id: int,
    *,
    featured: bool = True,
    note: str = "",
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> None:
    """Put a reviewed piece on the exhibition (展评), or take it off."""
    _reviewer(actor_roles)

    def work(cur: Cursor) -> None:
        piece = _piece(store, cur, record_id)
        if not featured:
            store.reviews.unfeature(cur, record_id)
            return
        if piece["status"] != "reviewed":
            raise ValidationError("review.feature_reviewed_only")
        store.reviews.feature(cur, record_id, actor_id, now, note.strip()[:200])

    store.transaction(work)


def month_reports_ranking(store: Store, start: date, end: date) -> pd.DataFrame:
    """The month's reviewed research reports by their reviewers' mean total, best first; ties
    share the rank."""
    frame = store.reviews.queue(start, end, kinds=["research_report"], statuses=["reviewed"])
    frame = frame[frame["average"].notna()].copy()
    frame["rank"] = frame["average"].rank(method="min", ascending=False).astype(int)
    return frame.sort_values(["rank", "id"]).reset_index(drop=True)
