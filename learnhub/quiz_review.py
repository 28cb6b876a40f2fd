"""The grading queue: short answers (简答) wait for a trainer; an attempt's score is released
to its person once every question of it is graded.

A trainer grades the short answers of the quizzes they own; the office grades any.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.quizzes import may_manage_quiz
from learnhub.store import Cursor, Store

__all__ = ["MAX_COMMENT", "grade_short_answer", "grading_queue"]

MAX_COMMENT = 500


def grading_queue(store: Store, actor_id: int, actor_roles: frozenset[str]) -> pd.DataFrame:
    return store.quizzes.pending_short(None if "office" in actor_roles else actor_id)


def grade_short_answer(
    store: Store,
    attempt_id: int,
    slot: int,
    points: float,
    *,
    comment: str = "",
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> bool:
    """Give a short answer its points (0 … the question's points). Returns True when that was the
    attempt's last ungraded question and its score is now released."""
    attempt = store.quizzes.attempt(attempt_id)
    if attempt is None:
        raise ValidationError("attempt.not_yours")
    may_manage_quiz(store, int(attempt["quiz_id"]), actor_id, actor_roles)
    if len(comment) > MAX_COMMENT:
        raise ValidationError("review.comment_too_long", n=MAX_COMMENT)

    def work(cur: Cursor) -> bool:
        slots = store.quizzes.slots(attempt_id, cur)
        row = slots[slots["slot"] == slot]
        if row.empty:
            raise ValidationError("attempt.slot_missing")
        worth = float(row["points"].iloc[0])
        if not 0 <= points <= worth:
            raise ValidationError("review.points_invalid", n=f"{worth:g}")
        fraction = round(points / worth, 4) if worth else 0.0
        store.quizzes.set_fraction(cur, attempt_id, slot, fraction, actor_id, now, comment.strip())
        slots = store.quizzes.slots(attempt_id, cur)
        if slots["fraction"].isna().any():
            return False
        score = float((slots["fraction"] * slots["points"]).sum())
        store.quizzes.finish(cur, attempt_id, {"status": "graded", "score": round(score, 2)})
        return True

    return bool(store.transaction(work))
