"""The daily quiz and the wrong-answer book, the short-answer grading queue, and a quiz's results
(participation per section, average, pass and full-mark rates, item analysis, the workbook)."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

import pandas as pd
import pytest
from conftest import Office
from test_quizzes import BANK, TRAINER, a_quiz, question_ids, slot_of

from learnhub import attempts, daily_quiz, quiz_review
from learnhub.errors import NotAllowed, ValidationError
from learnhub.question_banks import import_questions, read_questions
from learnhub.quiz_results import quiz_results, results_xlsx

NOW = datetime(2026, 3, 18, 9, 0)
OFFICE = frozenset({"office", "staff"})


@pytest.fixture
def bank(office: Office) -> int:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    return import_questions(office.store, "机关常识", parsed, actor_id=office.trainer_id).bank_id


# -- the daily quiz ------------------------------------------------------------------------------
def test_the_days_first_attempt_counts_and_later_ones_are_practice(
    office: Office, bank: int
) -> None:
    store, me = office.store, office.staff_id
    with pytest.raises(ValidationError) as none:
        daily_quiz.start_daily(store, me, NOW)
    assert none.value.key == "daily.no_banks"
    with pytest.raises(NotAllowed):
        daily_quiz.set_daily_banks(store, [bank], actor_roles=TRAINER)
    daily_quiz.set_daily_banks(store, [bank], actor_roles=OFFICE)
    first = daily_quiz.start_daily(store, me, NOW, rng=random.Random(1))
    assert daily_quiz.start_daily(store, me, NOW + timedelta(minutes=1)) == first, "resumed"
    paper = attempts.attempt_paper(store, first, me, NOW)
    assert len(paper.slots) == 5
    assert all(s.question.type != "short" for s in paper.slots), "nobody would grade them"
    assert paper.attempt["for_record"]
    assert daily_quiz.today_status(store, me, NOW) is None
    attempts.submit_attempt(store, first, me, NOW + timedelta(minutes=2))
    assert daily_quiz.today_status(store, me, NOW)["for_record"]
    practice = daily_quiz.start_daily(store, me, NOW + timedelta(minutes=3))
    assert practice != first
    assert not store.quizzes.attempt(practice)["for_record"]
    tomorrow = NOW + timedelta(days=1)
    attempts.submit_attempt(store, practice, me, NOW + timedelta(minutes=4))
    assert store.quizzes.attempt(daily_quiz.start_daily(store, me, tomorrow))["for_record"]


def test_a_wrong_answer_goes_into_the_book_and_a_right_redo_clears_it(
    office: Office, bank: int
) -> None:
    store, me = office.store, office.staff_id
    quiz = a_quiz(office, bank, ["M1", "M2"])
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    paper = attempts.attempt_paper(store, attempt, me, NOW)
    attempts.save_answer(store, attempt, me, slot_of(paper, "M1").slot, True, NOW)  # wrong
    attempts.save_answer(store, attempt, me, slot_of(paper, "M2").slot, (0,), NOW)  # right
    attempts.submit_attempt(store, attempt, me, NOW)
    book = daily_quiz.wrong_book(store, me)
    m1 = question_ids(store, bank)["M1"]
    assert list(book["question_id"]) == [m1]
    assert not daily_quiz.redo_wrong(store, me, m1, True, NOW).correct
    assert int(daily_quiz.wrong_book(store, me)["times_wrong"].iloc[0]) == 2
    assert daily_quiz.redo_wrong(store, me, m1, False, NOW).correct
    assert daily_quiz.wrong_book(store, me).empty
    with pytest.raises(NotAllowed):
        daily_quiz.redo_wrong(store, office.other_staff_id, m1, False, NOW)


# -- grading short answers -----------------------------------------------------------------------
def test_a_short_answer_is_graded_and_the_score_released(office: Office, bank: int) -> None:
    store, me = office.store, office.staff_id
    quiz = a_quiz(office, bank, ["G2", "G3"])
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    attempts.save_answer(store, attempt, me, 1, True, NOW)
    attempts.save_answer(store, attempt, me, 2, "先定题目，再深入基层。", NOW)
    attempts.submit_attempt(store, attempt, me, NOW)
    queue = quiz_review.grading_queue(store, office.trainer_id, TRAINER)
    assert list(queue["response"]) == ['"先定题目，再深入基层。"']
    with pytest.raises(ValidationError) as too_many:
        quiz_review.grade_short_answer(
            store, attempt, 2, 3, actor_id=office.trainer_id, actor_roles=TRAINER, now=NOW
        )
    assert too_many.value.key == "review.points_invalid"
    released = quiz_review.grade_short_answer(
        store, attempt, 2, 0.5, comment="还可以更具体", actor_id=office.trainer_id,
        actor_roles=TRAINER, now=NOW,
    )  # fmt: skip
    assert released
    done = store.quizzes.attempt(attempt)
    assert done is not None and (done["status"], done["score"]) == ("graded", 1.5)
    assert quiz_review.grading_queue(store, office.office_id, OFFICE).empty


# -- results -------------------------------------------------------------------------------------
def test_results_per_section_and_question(office: Office, bank: int) -> None:
    store = office.store
    quiz = a_quiz(office, bank, ["M1", "M2"], pass_percent=60, attempts_allowed=2)

    def take(person: int, m1: bool, m2: tuple[int, ...]) -> None:
        attempt = attempts.start_attempt(store, quiz, person, NOW)
        paper = attempts.attempt_paper(store, attempt, person, NOW)
        attempts.save_answer(store, attempt, person, slot_of(paper, "M1").slot, m1, NOW)
        attempts.save_answer(store, attempt, person, slot_of(paper, "M2").slot, m2, NOW)
        attempts.submit_attempt(store, attempt, person, NOW)

    take(office.staff_id, True, (0,))  # 1 of 2: 50 %, failed
    take(office.staff_id, False, (0,))  # second try: full marks; the best counts
    take(office.other_staff_id, True, (1,))  # 0 of 2
    results = quiz_results(store, quiz)
    people = results.people.set_index("name")
    assert people.loc["张三", ["score", "attempts"]].tolist() == [2.0, 2]
    assert bool(people.loc["张三", "passed"]) and not bool(people.loc["李四", "passed"])
    assert pd.isna(people.loc["赵主任", "score"]), "the office clerk who studies did not take it"
    sections = results.departments.set_index("department")
    assert sections.loc["综合科", "participation"] == 1.0
    assert sections.loc["办公室", "participation"] == 0.0
    summary = results.summary
    assert (summary["staff"], summary["took_part"]) == (3, 2)
    assert summary["average"] == 1.0 and summary["pass_rate"] == 0.5 and summary["full_rate"] == 0.5
    questions = results.questions.set_index("text")
    assert questions.loc["国家秘密的密级分为：", "facility"] == 0.6667  # 4 places
    book = pd.read_excel(io.BytesIO(results_xlsx(results)), sheet_name=None)
    assert list(book) == ["人员成绩", "科室统计", "试题分析"]
    assert list(book["人员成绩"]["姓名"]) == list(results.people["name"])


def test_yesterdays_unfinished_paper_does_not_hold_todays_record(office: Office, bank: int) -> None:
    store, me = office.store, office.staff_id
    daily_quiz.set_daily_banks(store, [bank], actor_roles=OFFICE)
    yesterday = daily_quiz.start_daily(store, me, NOW - timedelta(days=1))
    today = daily_quiz.start_daily(store, me, NOW)
    assert today != yesterday
    left = store.quizzes.attempt(yesterday)
    assert left is not None and (left["status"], left["closed_by"]) == ("graded", "day_over")
    assert store.quizzes.attempt(today)["for_record"]


def test_banks_of_short_answers_only_say_so(office: Office) -> None:
    text = "::S1::谈谈学习体会。{}\n"
    parsed = read_questions(text.encode("utf-8"), "s.gift")
    only_short = import_questions(office.store, "心得题", parsed, actor_id=None).bank_id
    daily_quiz.set_daily_banks(office.store, [only_short], actor_roles=OFFICE)
    with pytest.raises(ValidationError) as caught:
        daily_quiz.start_daily(office.store, office.staff_id, NOW)
    assert caught.value.key == "daily.no_questions"
