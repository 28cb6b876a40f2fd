"""Quizzes a trainer sets: settings, the questions (fixed ones, or N drawn at random from a bank or
one of its categories) and publishing.

Settings: a time limit (minutes, enforced by the server), attempts allowed, open and close times,
a pass mark (percent of the points), shuffling of questions and of choices, when staff may see
the right answers and explanations (`REVIEW`), and how a multiple-choice question gives partial
credit (`learnhub.grading.MULTIPLE_RULES`). A trainer manages the quizzes they own; the office all.
A published quiz keeps its questions: unpublish it to change them (attempts already made keep
their own paper either way).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.grading import MULTIPLE_RULES
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store

__all__ = [
    "MULTIPLE_RULES",
    "REVIEW",
    "QuizSettings",
    "add_draw",
    "add_questions",
    "create_quiz",
    "may_manage_quiz",
    "remove_item",
    "set_published",
    "update_quiz",
]

# During the attempt, right after submitting, once the quiz closes, never.
REVIEW = ("during", "after_submit", "after_close", "never")
MAX_TITLE = 100
MAX_DESCRIPTION = 2000
MAX_MINUTES = 600
MAX_ATTEMPTS = 100
MAX_DRAW = 200


@dataclass(frozen=True)
class QuizSettings:
    title: str
    description: str = ""
    time_limit_minutes: int | None = None
    attempts_allowed: int | None = 1
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    pass_percent: float = 60.0
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    review: str = "after_submit"
    multiple_rule: str = "partial"


def _values(settings: QuizSettings) -> dict[str, Any]:
    title = normalise_name(settings.title)
    if not title:
        raise ValidationError("quiz.title_missing")
    if len(title) > MAX_TITLE:
        raise ValidationError("quiz.title_too_long", n=MAX_TITLE)
    if len(settings.description) > MAX_DESCRIPTION:
        raise ValidationError("quiz.description_too_long", n=MAX_DESCRIPTION)
    limit = settings.time_limit_minutes
    if limit is not None and not 1 <= limit <= MAX_MINUTES:
        raise ValidationError("quiz.time_limit_invalid", n=MAX_MINUTES)
    allowed = settings.attempts_allowed
    if allowed is not None and not 1 <= allowed <= MAX_ATTEMPTS:
        raise ValidationError("quiz.attempts_invalid", n=MAX_ATTEMPTS)
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        raise ValidationError("quiz.closes_before_opens")
    if not 0 <= settings.pass_percent <= 100:
        raise ValidationError("quiz.pass_invalid")
    if settings.review not in REVIEW:
        raise ValidationError("quiz.review_unknown")
    if settings.multiple_rule not in MULTIPLE_RULES:
        raise ValidationError("quiz.rule_unknown")
    values = asdict(settings)
    values["title"] = title
    values["description"] = settings.description.strip()
    return values


def create_quiz(
    store: Store, owner_id: int | None, settings: QuizSettings, *, kind: str = "quiz"
) -> int:
    values = {**_values(settings), "owner_id": owner_id, "kind": kind}
    return int(store.transaction(lambda cur: store.quizzes.insert_quiz(cur, values)))


def may_manage_quiz(
    store: Store, quiz_id: int, actor_id: int, actor_roles: frozenset[str]
) -> dict[str, Any]:
    quiz = store.quizzes.quiz(quiz_id)
    if quiz is None:
        raise ValidationError("quiz.missing")
    if "office" not in actor_roles and quiz["owner_id"] != actor_id:
        raise NotAllowed("quiz.not_yours")
    return quiz


def update_quiz(
    store: Store,
    quiz_id: int,
    settings: QuizSettings,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
) -> None:
    may_manage_quiz(store, quiz_id, actor_id, actor_roles)
    values = _values(settings)
    store.transaction(lambda cur: store.quizzes.update_quiz(cur, quiz_id, values))


def _points(value: Any) -> float:
    try:
        points = float(value)
    except (TypeError, ValueError):
        raise ValidationError("quiz.points_invalid") from None
    if not 0 < points <= 100:
        raise ValidationError("quiz.points_invalid")
    return points


def _editable(store: Store, quiz_id: int, actor_id: int, actor_roles: frozenset[str]) -> None:
    quiz = may_manage_quiz(store, quiz_id, actor_id, actor_roles)
    if quiz["published"]:
        raise ValidationError("quiz.published_locked")


def add_questions(
    store: Store,
    quiz_id: int,
    question_ids: list[int],
    *,
    points: Any = 1,
    actor_id: int,
    actor_roles: frozenset[str],
) -> int:
    """Fixed questions, in the order given; ones already in the quiz are not added twice."""
    _editable(store, quiz_id, actor_id, actor_roles)
    worth = _points(points)
    if not question_ids:
        raise ValidationError("quiz.questions_missing")

    def work(cur: Cursor) -> int:
        present = set(store.quizzes.items(quiz_id, cur)["question_id"].dropna().astype(int))
        known = {
            int(r[0])
            for r in cur.execute(
                "SELECT id FROM questions WHERE id IN (SELECT unnest(?)) AND NOT retired",
                [question_ids],
            ).fetchall()
        }
        if not set(question_ids) <= known:
            raise ValidationError("quiz.question_missing")
        added = 0
        for question_id in dict.fromkeys(question_ids):
            if question_id not in present:
                store.quizzes.insert_item(
                    cur, quiz_id, {"question_id": question_id, "count": 1, "points": worth}
                )
                added += 1
        return added

    return int(store.transaction(work))


def add_draw(
    store: Store,
    quiz_id: int,
    *,
    bank_id: int,
    count: int,
    category: str | None = None,
    points: Any = 1,
    actor_id: int,
    actor_roles: frozenset[str],
) -> None:
    """`count` questions drawn at random for each attempt from a bank (or one category of it)."""
    _editable(store, quiz_id, actor_id, actor_roles)
    worth = _points(points)
    if not 1 <= count <= MAX_DRAW:
        raise ValidationError("quiz.count_invalid", n=MAX_DRAW)
    if store.questions.bank(bank_id) is None:
        raise ValidationError("questions.bank_missing")

    def work(cur: Cursor) -> None:
        available = len(store.quizzes.pool(cur, bank_id, category or None))
        if available < count:
            raise ValidationError("quiz.pool_too_small", count=count, available=available)
        store.quizzes.insert_item(
            cur,
            quiz_id,
            {"bank_id": bank_id, "category": category or None, "count": count, "points": worth},
        )

    store.transaction(work)


def remove_item(
    store: Store, quiz_id: int, position: int, *, actor_id: int, actor_roles: frozenset[str]
) -> None:
    _editable(store, quiz_id, actor_id, actor_roles)
    store.transaction(lambda cur: store.quizzes.delete_item(cur, quiz_id, position))


def _check_draws(store: Store, cur: Cursor, items: pd.DataFrame) -> None:
    """Every paper can be drawn: for each draw, its pool (fixed questions left out) holds enough
    for it and for every draw whose pool lies inside it. Pools nest (a category within its
    bank), and the attempt draws the smallest pool first, so this is exactly enough."""
    from learnhub.attempts import draw_pools

    fixed = {int(q) for q in items["question_id"].dropna()}
    pools = {p: set(pool) for p, pool in draw_pools(store, cur, items, fixed).items()}
    counts = dict(zip(items["position"].astype(int), items["count"].astype(int), strict=True))
    for pool in pools.values():
        needed = sum(counts[other] for other, inner in pools.items() if inner <= pool)
        if len(pool) < needed:
            raise ValidationError("quiz.pool_too_small", count=needed, available=len(pool))


def set_published(
    store: Store, quiz_id: int, published: bool, *, actor_id: int, actor_roles: frozenset[str]
) -> None:
    may_manage_quiz(store, quiz_id, actor_id, actor_roles)

    def work(cur: Cursor) -> None:
        if published:
            items = store.quizzes.items(quiz_id, cur)
            if items.empty:
                raise ValidationError("quiz.empty")
            _check_draws(store, cur, items)
        store.quizzes.update_quiz(cur, quiz_id, {"published": published})

    store.transaction(work)
