"""Taking a quiz: an attempt's paper, saving answers, submitting and grading.

The server keeps the time. Starting an attempt fixes its deadline (the time limit, and never past
the quiz's close); an answer saved after it is refused, and any look at an attempt past its
deadline closes it and grades what was saved. A reload or a lost connection finds the same open
attempt with its answers (`start_attempt` returns it). Submitting twice counts once: the second
call returns the first result. An attempt belongs to its person: another person's attempt id is
refused.

The paper is fixed when the attempt starts: its questions (fixed ones and the random draws), their
order and each question's choice order, so the page shows the same paper after a reload and the
grade does not depend on the bank later. Responses are stored against the question's own choice
positions; the shuffled order is only how they are shown.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.grading import grade, response_from_json, response_to_json
from learnhub.question_banks import questions_by_id
from learnhub.questions.model import Question
from learnhub.store import Cursor, Store, is_unique_violation

__all__ = [
    "Paper",
    "Slot",
    "attempt_paper",
    "close_attempt",
    "close_overdue",
    "draw_pools",
    "insert_attempt",
    "may_review",
    "save_answer",
    "start_attempt",
    "submit_attempt",
]

OPEN = "open"
GRADED = "graded"
PENDING = "pending_review"  # a short answer waits for a person


@dataclass(frozen=True)
class Slot:
    slot: int
    question: Question
    question_id: int
    points: float
    choice_order: tuple[int, ...]
    response: Any
    fraction: float | None
    comment: str


@dataclass(frozen=True)
class Paper:
    attempt: dict[str, Any]
    quiz: dict[str, Any]
    slots: tuple[Slot, ...]

    @property
    def is_open(self) -> bool:
        return bool(self.attempt["status"] == OPEN)

    def seconds_left(self, now: datetime) -> int | None:
        deadline = self.attempt["deadline"]
        return None if deadline is None else max(0, int((deadline - now).total_seconds()))


def _check_window(quiz: dict[str, Any], now: datetime) -> None:
    if not quiz["published"]:
        raise ValidationError("attempt.quiz_not_open")
    if quiz["opens_at"] is not None and now < quiz["opens_at"]:
        raise ValidationError("attempt.not_yet", at=quiz["opens_at"].strftime("%Y-%m-%d %H:%M"))
    if quiz["closes_at"] is not None and now >= quiz["closes_at"]:
        raise ValidationError("attempt.closed", at=quiz["closes_at"].strftime("%Y-%m-%d %H:%M"))


def _draw_paper(
    store: Store, cur: Cursor, quiz: dict[str, Any], rng: random.Random
) -> list[tuple[int, float]]:
    items = store.quizzes.items(int(quiz["id"]), cur)
    fixed = {int(q) for q in items["question_id"].dropna()}
    pools = draw_pools(store, cur, items, fixed)
    drawn: dict[int, list[int]] = {}
    taken = set(fixed)
    # Smallest pool first: a category's draw then never finds its questions taken by a draw
    # from the whole bank (categories nest, so this order always succeeds when
    # `learnhub.quizzes.set_published` accepted the quiz).
    for position, pool in sorted(pools.items(), key=lambda kv: (len(kv[1]), kv[0])):
        count = int(items.loc[items["position"] == position, "count"].iloc[0])
        left = [q for q in pool if q not in taken]
        if len(left) < count:
            raise ValidationError("quiz.pool_too_small", count=count, available=len(left))
        drawn[position] = rng.sample(left, count)
        taken.update(drawn[position])
    paper: list[tuple[int, float]] = []
    for _, item in items.iterrows():
        points = float(item["points"])
        if pd.isna(item["question_id"]):
            paper.extend((q, points) for q in drawn[int(item["position"])])
        else:
            paper.append((int(item["question_id"]), points))
    if quiz["shuffle_questions"]:
        rng.shuffle(paper)
    return paper


def draw_pools(
    store: Store, cur: Cursor, items: pd.DataFrame, fixed: set[int]
) -> dict[int, list[int]]:
    """{draw item's position: the questions it may draw}, fixed questions left out."""
    pools: dict[int, list[int]] = {}
    for _, item in items[items["question_id"].isna()].iterrows():
        category = item["category"] if isinstance(item["category"], str) else None
        pool = store.quizzes.pool(cur, int(item["bank_id"]), category)
        pools[int(item["position"])] = [q for q in pool if q not in fixed]
    return pools


def start_attempt(
    store: Store,
    quiz_id: int,
    person_id: int,
    now: datetime,
    *,
    for_record: bool = True,
    rng: random.Random | None = None,
) -> int:
    """The person's open attempt of the quiz, or a new one. Refused outside the quiz's window or
    when no attempt is left."""
    quiz = store.quizzes.quiz(quiz_id)
    if quiz is None:
        raise ValidationError("quiz.missing")
    _check_window(quiz, now)
    close_overdue(store, now)
    chooser = rng or random.Random()

    def work(cur: Cursor) -> int:
        earlier = store.quizzes.attempts_of(cur, quiz_id, person_id)
        for attempt in earlier:
            if attempt["status"] == OPEN:
                return int(attempt["id"])
        counted = [a for a in earlier if a["for_record"]]
        allowed = quiz["attempts_allowed"]
        if for_record and allowed is not None and len(counted) >= allowed:
            raise ValidationError("attempt.none_left", n=allowed)
        paper = _draw_paper(store, cur, quiz, chooser)
        return insert_attempt(
            store, cur, quiz, person_id, now, paper,
            number=len(earlier) + 1, for_record=for_record, rng=chooser,
        )  # fmt: skip

    try:
        return int(store.transaction(work))
    except Exception as exc:
        # Two tabs starting at once: the second finds the first one's attempt.
        if not is_unique_violation(exc):
            raise
        return int(store.transaction(work))


def insert_attempt(
    store: Store,
    cur: Cursor,
    quiz: dict[str, Any],
    person_id: int,
    now: datetime,
    paper: list[tuple[int, float]],
    *,
    number: int,
    for_record: bool,
    rng: random.Random,
) -> int:
    """Store a new attempt with its paper: (question id, points) in the order shown."""
    questions = questions_by_id(store, [q for q, _ in paper], cur)
    deadline = None
    if quiz["time_limit_minutes"] is not None:
        deadline = now + timedelta(minutes=int(quiz["time_limit_minutes"]))
    if quiz["closes_at"] is not None:
        deadline = min(deadline or quiz["closes_at"], quiz["closes_at"])
    attempt_id = store.quizzes.insert_attempt(
        cur,
        {
            "quiz_id": int(quiz["id"]),
            "person_id": person_id,
            "number": number,
            "day": now.date(),
            "for_record": for_record,
            "started_at": now,
            "deadline": deadline,
            "max_score": sum(points for _, points in paper),
        },
    )
    slots = []
    for slot, (question_id, points) in enumerate(paper, start=1):
        order = list(range(len(questions[question_id].choices)))
        if quiz["shuffle_choices"] and questions[question_id].type in ("single", "multiple"):
            rng.shuffle(order)
        slots.append((attempt_id, slot, question_id, points, json.dumps(order)))
    store.quizzes.insert_slots(
        cur,
        pd.DataFrame(
            slots, columns=["attempt_id", "slot", "question_id", "points", "choice_order"]
        ),
    )
    return attempt_id


def _owned(store: Store, attempt_id: int, person_id: int) -> dict[str, Any]:
    attempt = store.quizzes.attempt(attempt_id)
    if attempt is None or attempt["person_id"] != person_id:
        # The same answer for "no such attempt" and "someone else's": ids reveal nothing.
        raise NotAllowed("attempt.not_yours")
    return attempt


def _grade_slots(
    store: Store, cur: Cursor, attempt: dict[str, Any], quiz: dict[str, Any], now: datetime
) -> dict[str, Any]:
    slots = store.quizzes.slots(int(attempt["id"]), cur)
    questions = questions_by_id(store, slots["question_id"].astype(int).tolist(), cur)
    score, pending = 0.0, False
    for _, row in slots.iterrows():
        question = questions[int(row["question_id"])]
        saved = row["response"]
        response = response_from_json(question, saved) if isinstance(saved, str) else None
        fraction = grade(question, response, multiple_rule=quiz["multiple_rule"]).fraction
        if fraction is None:
            pending = True
        else:
            score += float(row["points"]) * fraction
            if fraction < 1:
                # Into the person's 错题本, whatever the quiz: one book for all their practice.
                store.quizzes.note_wrong(
                    cur, int(attempt["person_id"]), int(row["question_id"]), now
                )
        store.quizzes.set_fraction(cur, int(attempt["id"]), int(row["slot"]), fraction)
    return {"status": PENDING if pending else GRADED, "score": round(score, 2)}


def close_attempt(store: Store, attempt_id: int, now: datetime, closed_by: str) -> None:
    """Hand in an open attempt as it stands and grade it (`closed_by`: person, time, day_over)."""

    def work(cur: Cursor) -> None:
        attempt = store.quizzes.attempt(attempt_id, cur)
        if attempt is None or attempt["status"] != OPEN:
            return
        quiz = store.quizzes.quiz(int(attempt["quiz_id"]), cur)
        assert quiz is not None
        result = _grade_slots(store, cur, attempt, quiz, now)
        at = now if closed_by == "person" else min(now, attempt["deadline"] or now)
        store.quizzes.finish(
            cur, attempt_id, {**result, "submitted_at": at, "closed_by": closed_by}
        )

    store.transaction(work)


def close_overdue(store: Store, now: datetime) -> int:
    """Close and grade every open attempt past its deadline; returns how many."""
    overdue = store.quizzes.overdue(now)
    for attempt_id in overdue:
        close_attempt(store, attempt_id, now, "time")
    return len(overdue)


def attempt_paper(store: Store, attempt_id: int, person_id: int, now: datetime) -> Paper:
    attempt = _owned(store, attempt_id, person_id)
    if attempt["status"] == OPEN and attempt["deadline"] is not None and now > attempt["deadline"]:
        close_attempt(store, attempt_id, now, "time")
        attempt = _owned(store, attempt_id, person_id)
    quiz = store.quizzes.quiz(int(attempt["quiz_id"]))
    assert quiz is not None
    slots = store.quizzes.slots(attempt_id)
    questions = questions_by_id(store, slots["question_id"].astype(int).tolist())
    built = []
    for _, row in slots.iterrows():
        question = questions[int(row["question_id"])]
        saved = row["response"]
        built.append(
            Slot(
                slot=int(row["slot"]),
                question=question,
                question_id=int(row["question_id"]),
                points=float(row["points"]),
                choice_order=tuple(json.loads(row["choice_order"])),
                response=response_from_json(question, saved) if isinstance(saved, str) else None,
                fraction=None if pd.isna(row["fraction"]) else float(row["fraction"]),
                comment=str(row["comment"]),
            )
        )
    return Paper(attempt, quiz, tuple(built))


def save_answer(
    store: Store, attempt_id: int, person_id: int, slot: int, response: Any, now: datetime
) -> None:
    """Keep one answer of an open attempt (None clears it). The busy path of a quiz: it reads
    the attempt and the one question, not the whole paper."""
    attempt = _owned(store, attempt_id, person_id)
    if attempt["status"] == OPEN and attempt["deadline"] is not None and now > attempt["deadline"]:
        close_attempt(store, attempt_id, now, "time")
        attempt = _owned(store, attempt_id, person_id)
    if attempt["status"] != OPEN:
        raise ValidationError("attempt.time_up" if attempt["closed_by"] == "time"
                              else "attempt.already_submitted")  # fmt: skip
    question_id = store.quizzes.slot_question(attempt_id, slot)
    if question_id is None:
        raise ValidationError("attempt.slot_missing")
    question = questions_by_id(store, [question_id])[question_id]
    text = None if response is None else response_to_json(question, response)

    def work(cur: Cursor) -> None:
        current = store.quizzes.attempt(attempt_id, cur)
        if current is None or current["status"] != OPEN:
            raise ValidationError("attempt.already_submitted")
        store.quizzes.save_response(cur, attempt_id, slot, text, now)

    store.transaction(work)


def submit_attempt(store: Store, attempt_id: int, person_id: int, now: datetime) -> Paper:
    """Submit and grade; a second submit changes nothing and returns the same result."""
    paper = attempt_paper(store, attempt_id, person_id, now)
    if paper.is_open:
        close_attempt(store, attempt_id, now, "person")
    return attempt_paper(store, attempt_id, person_id, now)


def may_review(paper: Paper, now: datetime) -> bool:
    """Whether the right answers and explanations may be shown now, per the quiz's setting."""
    review = paper.quiz["review"]
    if review == "during":
        return True
    if review == "never" or paper.is_open:
        return False
    if review == "after_submit":
        return True
    closes = paper.quiz["closes_at"]
    return closes is not None and now >= closes
