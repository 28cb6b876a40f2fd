"""Quizzes and attempts: settings, fixed and drawn questions, the server's timer, resuming after a
reload, submitting once, ownership and review."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from conftest import Office

from learnhub import attempts, quizzes
from learnhub.errors import NotAllowed, ValidationError
from learnhub.question_banks import import_questions, read_questions
from learnhub.quizzes import QuizSettings
from learnhub.store import Store

NOW = datetime(2026, 3, 18, 9, 0)
TRAINER = frozenset({"trainer"})

BANK = """$CATEGORY: 保密

::M1::涉密文件可以通过互联网邮箱传递。{F}

::M2::国家秘密的密级分为：{
=绝密、机密、秘密三级
~绝密、机密两级
~秘密、内部两级
}

::M3::下列属于国家秘密密级的有：{
~%50%绝密
~%50%机密
~内部
}

$CATEGORY: 公文

::G1::发文字号中年份用{=六角括号 =〔〕}括入。

::G2::请示应当一文一事。{T}

::G3::谈谈如何写好一篇调研报告。{}
"""


@pytest.fixture
def bank(office: Office) -> int:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    assert parsed.result.ok, parsed.result.problems
    return import_questions(office.store, "机关常识", parsed, actor_id=office.trainer_id).bank_id


def question_ids(store: Store, bank: int) -> dict[str, int]:
    frame = store.db.frame("SELECT id, name FROM questions WHERE bank_id = ?", [bank])
    return dict(zip(frame["name"], frame["id"].astype(int), strict=True))


def a_quiz(office: Office, bank: int, names: list[str], **settings: object) -> int:
    quiz = quizzes.create_quiz(
        office.store, office.trainer_id, QuizSettings("保密常识测验", **settings)
    )  # type: ignore[arg-type]
    ids = question_ids(office.store, bank)
    quizzes.add_questions(
        office.store, quiz, [ids[n] for n in names], actor_id=office.trainer_id,
        actor_roles=TRAINER,
    )  # fmt: skip
    quizzes.set_published(office.store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER)
    return quiz


def slot_of(paper: attempts.Paper, name: str) -> attempts.Slot:
    return next(s for s in paper.slots if s.question.name == name)


# -- setting a quiz ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("quiz_settings", "key"),
    [
        (QuizSettings(" "), "quiz.title_missing"),
        (QuizSettings("测验", time_limit_minutes=0), "quiz.time_limit_invalid"),
        (QuizSettings("测验", attempts_allowed=0), "quiz.attempts_invalid"),
        (QuizSettings("测验", pass_percent=120), "quiz.pass_invalid"),
        (QuizSettings("测验", opens_at=NOW, closes_at=NOW), "quiz.closes_before_opens"),
        (QuizSettings("测验", review="sometimes"), "quiz.review_unknown"),
    ],
)
def test_bad_settings_are_refused(office: Office, quiz_settings: QuizSettings, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        quizzes.create_quiz(office.store, office.trainer_id, quiz_settings)
    assert caught.value.key == key
    assert office.store.quizzes.quizzes().empty


def test_a_draw_larger_than_its_pool_is_refused(office: Office, bank: int) -> None:
    quiz = quizzes.create_quiz(office.store, office.trainer_id, QuizSettings("抽题测验"))
    with pytest.raises(ValidationError) as caught:
        quizzes.add_draw(
            office.store, quiz, bank_id=bank, count=4, category="保密",
            actor_id=office.trainer_id, actor_roles=TRAINER,
        )  # fmt: skip
    assert caught.value.params == {"count": 4, "available": 3}
    with pytest.raises(ValidationError) as empty:
        quizzes.set_published(
            office.store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER
        )
    assert empty.value.key == "quiz.empty"


def test_another_trainers_quiz_is_refused(office: Office, bank: int) -> None:
    from conftest import add_person

    quiz = a_quiz(office, bank, ["M1"])
    other = add_person(office.store, "t002", "陈老师", "业务科", "trainer")
    with pytest.raises(NotAllowed):
        quizzes.set_published(office.store, quiz, False, actor_id=other, actor_roles=TRAINER)


def test_a_published_quiz_keeps_its_questions(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1"])
    with pytest.raises(ValidationError) as caught:
        quizzes.add_questions(
            office.store, quiz, [question_ids(office.store, bank)["M2"]],
            actor_id=office.trainer_id, actor_roles=TRAINER,
        )  # fmt: skip
    assert caught.value.key == "quiz.published_locked"


# -- taking it -----------------------------------------------------------------------------------
def test_an_attempt_is_graded_on_submit(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1", "M2", "M3", "G1"])
    store, me = office.store, office.staff_id
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    paper = attempts.attempt_paper(store, attempt, me, NOW)
    assert [s.question.name for s in paper.slots] == ["M1", "M2", "M3", "G1"]
    answers = {"M1": False, "M2": (0,), "M3": (0,), "G1": "〔〕"}
    for name, response in answers.items():
        attempts.save_answer(store, attempt, me, slot_of(paper, name).slot, response, NOW)
    done = attempts.submit_attempt(store, attempt, me, NOW + timedelta(minutes=5))
    # 1 + 1 + half of M3 (one of its two right options, none wrong) + 1
    assert done.attempt["status"] == "graded"
    assert done.attempt["score"] == 3.5 and done.attempt["max_score"] == 4
    assert [s.fraction for s in done.slots] == [1.0, 1.0, 0.5, 1.0]


def test_a_reload_resumes_the_same_paper_with_its_answers(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1", "M2", "M3"], shuffle_questions=True, shuffle_choices=True)
    store, me = office.store, office.staff_id
    first = attempts.start_attempt(store, quiz, me, NOW, rng=random.Random(7))
    paper = attempts.attempt_paper(store, first, me, NOW)
    attempts.save_answer(store, first, me, slot_of(paper, "M2").slot, (0,), NOW)
    again = attempts.start_attempt(store, quiz, me, NOW + timedelta(minutes=1))
    assert again == first
    reloaded = attempts.attempt_paper(store, first, me, NOW + timedelta(minutes=1))
    assert [s.question_id for s in reloaded.slots] == [s.question_id for s in paper.slots]
    assert [s.choice_order for s in reloaded.slots] == [s.choice_order for s in paper.slots]
    assert slot_of(reloaded, "M2").response == (0,)


def test_submitting_twice_counts_once(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1"], attempts_allowed=1)
    store, me = office.store, office.staff_id
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    attempts.save_answer(store, attempt, me, 1, False, NOW)
    first = attempts.submit_attempt(store, attempt, me, NOW + timedelta(minutes=1))
    second = attempts.submit_attempt(store, attempt, me, NOW + timedelta(minutes=2))
    assert second.attempt == first.attempt
    assert int(store.db.scalar("SELECT count(*) FROM quiz_attempts")) == 1
    with pytest.raises(ValidationError) as caught:
        attempts.start_attempt(store, quiz, me, NOW + timedelta(minutes=3))
    assert caught.value.key == "attempt.none_left"
    with pytest.raises(ValidationError) as late:
        attempts.save_answer(store, attempt, me, 1, True, NOW + timedelta(minutes=3))
    assert late.value.key == "attempt.already_submitted"


def test_the_server_closes_an_attempt_at_its_time_limit(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1", "M2"], time_limit_minutes=10)
    store, me = office.store, office.staff_id
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    attempts.save_answer(store, attempt, me, 1, False, NOW + timedelta(minutes=9))
    with pytest.raises(ValidationError) as caught:
        attempts.save_answer(store, attempt, me, 2, (0,), NOW + timedelta(minutes=10, seconds=1))
    assert caught.value.key == "attempt.time_up"
    paper = attempts.attempt_paper(store, attempt, me, NOW + timedelta(minutes=11))
    assert paper.attempt["status"] == "graded" and paper.attempt["closed_by"] == "time"
    assert paper.attempt["submitted_at"] == NOW + timedelta(minutes=10)
    assert paper.attempt["score"] == 1.0, "graded with what was saved in time"


def test_nobody_else_opens_my_attempt(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["M1"])
    attempt = attempts.start_attempt(office.store, quiz, office.staff_id, NOW)
    with pytest.raises(NotAllowed):
        attempts.attempt_paper(office.store, attempt, office.other_staff_id, NOW)
    with pytest.raises(NotAllowed):
        attempts.save_answer(office.store, attempt, office.other_staff_id, 1, True, NOW)
    with pytest.raises(NotAllowed):
        attempts.submit_attempt(office.store, attempt, office.other_staff_id, NOW)
    with pytest.raises(NotAllowed):
        attempts.attempt_paper(office.store, attempt + 1000, office.staff_id, NOW)


def test_a_short_answer_waits_for_a_person(office: Office, bank: int) -> None:
    quiz = a_quiz(office, bank, ["G2", "G3"])
    store, me = office.store, office.staff_id
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    attempts.save_answer(store, attempt, me, 1, True, NOW)
    attempts.save_answer(store, attempt, me, 2, "先定题目，再深入基层……", NOW)
    done = attempts.submit_attempt(store, attempt, me, NOW)
    assert done.attempt["status"] == "pending_review"
    assert [s.fraction for s in done.slots] == [1.0, None]


def test_draws_give_each_attempt_different_questions_from_the_category(
    office: Office, bank: int
) -> None:
    store = office.store
    quiz = quizzes.create_quiz(
        store, office.trainer_id, QuizSettings("抽题", attempts_allowed=None)
    )
    quizzes.add_draw(
        store, quiz, bank_id=bank, count=2, category="保密", actor_id=office.trainer_id,
        actor_roles=TRAINER,
    )  # fmt: skip
    quizzes.set_published(store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER)
    ids = question_ids(store, bank)
    seen = set()
    for n in range(6):
        attempt = attempts.start_attempt(store, quiz, office.staff_id, NOW, rng=random.Random(n))
        paper = attempts.submit_attempt(store, attempt, office.staff_id, NOW)
        chosen = {s.question_id for s in paper.slots}
        assert len(chosen) == 2 and chosen <= {ids["M1"], ids["M2"], ids["M3"]}
        seen.add(frozenset(chosen))
    assert len(seen) > 1


def test_the_window_and_review_setting(office: Office, bank: int) -> None:
    closes = NOW + timedelta(hours=1)
    quiz = a_quiz(office, bank, ["M1"], opens_at=NOW, closes_at=closes, review="after_close")
    store, me = office.store, office.staff_id
    with pytest.raises(ValidationError) as early:
        attempts.start_attempt(store, quiz, me, NOW - timedelta(minutes=1))
    assert early.value.key == "attempt.not_yet"
    attempt = attempts.start_attempt(store, quiz, me, NOW)
    assert attempts.attempt_paper(store, attempt, me, NOW).attempt["deadline"] == closes
    done = attempts.submit_attempt(store, attempt, me, NOW + timedelta(minutes=5))
    assert not attempts.may_review(done, NOW + timedelta(minutes=5))
    assert attempts.may_review(done, closes)
    with pytest.raises(ValidationError) as late:
        attempts.start_attempt(store, quiz, office.other_staff_id, closes)
    assert late.value.key == "attempt.closed"


def test_publishing_checks_every_paper_can_be_drawn(office: Office, bank: int) -> None:
    store = office.store
    ids = question_ids(store, bank)
    quiz = quizzes.create_quiz(
        store, office.trainer_id, QuizSettings("抽题", attempts_allowed=None)
    )
    quizzes.add_questions(store, quiz, [ids["M1"]], actor_id=office.trainer_id, actor_roles=TRAINER)
    quizzes.add_draw(
        store, quiz, bank_id=bank, count=3, category="保密", actor_id=office.trainer_id,
        actor_roles=TRAINER,
    )  # fmt: skip
    # 保密 holds three questions, but M1 is already fixed: only two are left to draw.
    with pytest.raises(ValidationError) as caught:
        quizzes.set_published(store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER)
    assert caught.value.params == {"count": 3, "available": 2}


def test_a_bank_draw_never_starves_a_category_draw(office: Office, bank: int) -> None:
    store = office.store
    quiz = quizzes.create_quiz(
        store, office.trainer_id, QuizSettings("抽题", attempts_allowed=None)
    )
    for count, category in ((3, None), (3, "保密")):  # the whole bank first, then its category
        quizzes.add_draw(
            store, quiz, bank_id=bank, count=count, category=category,
            actor_id=office.trainer_id, actor_roles=TRAINER,
        )  # fmt: skip
    quizzes.set_published(store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER)
    for seed in range(20):
        attempt = attempts.start_attempt(store, quiz, office.staff_id, NOW, rng=random.Random(seed))
        paper = attempts.submit_attempt(store, attempt, office.staff_id, NOW)
        assert len({s.question_id for s in paper.slots}) == 6
