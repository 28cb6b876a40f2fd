"""每日答题: five questions a day from the banks the office chooses, and the wrong-answer book.

The day's first attempt counts for the record; later ones that day are practice (`for_record`
false) and change nothing in the figures. Questions are drawn from the chosen banks, short
answers left out because nobody would grade them by tomorrow. A question answered wrong anywhere
(daily quiz or any quiz) goes into the person's 错题本; redoing it right clears it, and getting it
wrong again puts it back.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

import pandas as pd

from learnhub.attempts import OPEN, close_attempt, close_overdue, insert_attempt
from learnhub.errors import NotAllowed, ValidationError
from learnhub.grading import Grade, grade
from learnhub.question_banks import questions_by_id
from learnhub.quizzes import QuizSettings, create_quiz
from learnhub.store import Cursor, Store, is_unique_violation

__all__ = [
    "DAILY_QUESTIONS",
    "daily_banks",
    "redo_wrong",
    "set_daily_banks",
    "start_daily",
    "today_status",
    "wrong_book",
]

DAILY_QUESTIONS = 5
DAILY_TITLE = "每日答题"


def set_daily_banks(store: Store, bank_ids: list[int], *, actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("daily.office_only")
    known = set(store.questions.banks()["id"].astype(int))
    if not set(bank_ids) <= known:
        raise ValidationError("questions.bank_missing")
    store.transaction(lambda cur: store.quizzes.set_daily_banks(cur, sorted(set(bank_ids))))


def daily_banks(store: Store) -> list[int]:
    return store.quizzes.daily_banks()


def _daily_quiz(store: Store) -> dict[str, Any]:
    """The one quiz row daily attempts hang on, made on first use."""

    def find(cur: Cursor) -> int | None:
        return store.quizzes.daily_quiz_id(cur)

    quiz_id = store.transaction(find)
    if quiz_id is None:
        settings = QuizSettings(DAILY_TITLE, attempts_allowed=None, review="after_submit")
        quiz_id = create_quiz(store, None, settings, kind="daily")
        store.transaction(
            lambda cur: store.quizzes.update_quiz(cur, int(quiz_id), {"published": True})
        )
    quiz = store.quizzes.quiz(int(quiz_id))
    assert quiz is not None
    return quiz


def start_daily(
    store: Store, person_id: int, now: datetime, *, rng: random.Random | None = None
) -> int:
    """Today's open daily attempt, or a new one: for the record if it is the day's first."""
    quiz = _daily_quiz(store)
    close_overdue(store, now)
    chooser = rng or random.Random()
    # Yesterday's unfinished paper must not hold today's record: it is handed in as it stands.
    mine = store.quizzes.person_attempts(person_id)
    left_open = mine[
        (mine["quiz_id"] == quiz["id"])
        & (mine["status"] == OPEN)
        & (pd.to_datetime(mine["day"]).dt.date < now.date())
    ]
    for attempt_id in left_open["id"].astype(int):
        close_attempt(store, int(attempt_id), now, "day_over")

    def work(cur: Cursor) -> int:
        earlier = store.quizzes.attempts_of(cur, int(quiz["id"]), person_id)
        for attempt in earlier:
            if attempt["status"] == OPEN:
                return int(attempt["id"])
        today = [a for a in earlier if a["day"] == now.date()]
        if not store.quizzes.daily_banks():
            raise ValidationError("daily.no_banks")
        pool = store.quizzes.daily_pool(cur)
        if not pool:
            raise ValidationError("daily.no_questions")
        chosen = chooser.sample(pool, min(DAILY_QUESTIONS, len(pool)))
        return insert_attempt(
            store, cur, quiz, person_id, now, [(q, 1.0) for q in chosen],
            number=len(earlier) + 1, for_record=not any(a["for_record"] for a in today),
            rng=chooser,
        )  # fmt: skip

    try:
        return int(store.transaction(work))
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        return int(store.transaction(work))


def today_status(store: Store, person_id: int, now: datetime) -> dict[str, Any] | None:
    """Today's attempt for the record (score, status), or None when not done yet."""
    quiz = _daily_quiz(store)
    frame = store.quizzes.person_attempts(person_id)
    mine = frame[
        (frame["quiz_id"] == quiz["id"])
        & frame["for_record"]
        & (pd.to_datetime(frame["day"]).dt.date == now.date())
        & (frame["status"] != OPEN)
    ]
    return None if mine.empty else mine.iloc[0].to_dict()


def wrong_book(store: Store, person_id: int) -> pd.DataFrame:
    return store.quizzes.wrong_book(person_id)


def redo_wrong(
    store: Store, person_id: int, question_id: int, response: Any, now: datetime
) -> Grade:
    """Answer a question of one's wrong-answer book again; a right answer clears it."""
    book = store.quizzes.wrong_book(person_id)
    if question_id not in set(book["question_id"].astype(int)):
        raise NotAllowed("daily.not_in_book")
    question = questions_by_id(store, [question_id])[question_id]
    result = grade(question, response)
    if result.correct:
        store.transaction(lambda cur: store.quizzes.clear_wrong(cur, person_id, question_id, now))
    else:
        store.transaction(lambda cur: store.quizzes.note_wrong(cur, person_id, question_id, now))
    return result
