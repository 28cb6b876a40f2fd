"""The demo office's quizzes: the shipped question banks, a published quiz drawn from them with
attempts by the first staff members, and the daily quiz set up with a week of answers, so
测验, 每日答题, 评分 and the results have something to show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from learnhub import attempts, daily_quiz, quizzes
from learnhub.content import COURSES_DIR
from learnhub.grading import grade
from learnhub.question_banks import import_questions, read_questions
from learnhub.quizzes import QuizSettings
from learnhub.store import Store

__all__ = ["add_demo_quizzes"]

TAKERS = 10
DAILY_DAYS = 7
OFFICE_ROLES = frozenset({"office"})
TRAINER_ROLES = frozenset({"trainer"})


def _answer(rng: random.Random, slot: attempts.Slot, good: float) -> object:
    """The right answer with probability `good`, else a plausible wrong one."""
    question = slot.question
    right = grade(question, None).right_answer
    if question.type == "short":
        return "结合本职工作，先学原文，再找差距，最后落实到具体措施上。"
    if rng.random() < good:
        if question.type == "fill":
            assert isinstance(right, tuple)
            return str(right[0])
        return right
    if question.type == "truefalse":
        return not question.answer
    if question.type == "fill":
        return "不清楚"
    wrong = [i for i, c in enumerate(question.choices) if c.weight <= 0]
    return (rng.choice(wrong),) if wrong else ()


def add_demo_quizzes(store: Store, rng: random.Random, today: date) -> None:
    people = store.people.people()
    staff = people[people["roles"].str.contains("staff")]["id"].astype(int).tolist()[:TAKERS]
    trainer = int(people[people["username"] == "trainer"]["id"].iloc[0])
    banks = []
    for path in sorted(COURSES_DIR.glob("*/questions.gift")):
        parsed = read_questions(path.read_bytes(), path.name)
        title = "政治理论题库" if "political" in path.parent.name else "业务知识题库"
        banks.append(import_questions(store, title, parsed, actor_id=trainer).bank_id)
    quiz = quizzes.create_quiz(
        store, trainer,
        QuizSettings("学习日知识测验（本月）", time_limit_minutes=20, attempts_allowed=2,
                     pass_percent=60, shuffle_choices=True, review="after_submit"),
    )  # fmt: skip
    for bank in banks:
        quizzes.add_draw(
            store, quiz, bank_id=bank, count=5, actor_id=trainer, actor_roles=TRAINER_ROLES
        )
    quizzes.set_published(store, quiz, True, actor_id=trainer, actor_roles=TRAINER_ROLES)
    taken = datetime.combine(today - timedelta(days=2), time(10, 0))
    for n, person in enumerate(staff[:-2]):  # two have not taken it yet
        attempt = attempts.start_attempt(store, quiz, person, taken, rng=rng)
        paper = attempts.attempt_paper(store, attempt, person, taken)
        good = 0.9 if n % 3 == 0 else 0.4
        for slot in paper.slots:
            attempts.save_answer(store, attempt, person, slot.slot, _answer(rng, slot, good), taken)
        attempts.submit_attempt(store, attempt, person, taken + timedelta(minutes=12))
    daily_quiz.set_daily_banks(store, banks, actor_roles=OFFICE_ROLES)
    for days_ago in range(DAILY_DAYS, 0, -1):
        day = datetime.combine(today - timedelta(days=days_ago), time(8, 20))
        for person in staff:
            if rng.random() < 0.3:
                continue  # not everyone does it every day
            attempt = daily_quiz.start_daily(store, person, day, rng=rng)
            paper = attempts.attempt_paper(store, attempt, person, day)
            for slot in paper.slots:
                attempts.save_answer(
                    store, attempt, person, slot.slot, _answer(rng, slot, 0.75), day
                )
            attempts.submit_attempt(store, attempt, person, day + timedelta(minutes=3))
