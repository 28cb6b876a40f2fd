"""The 每日答题 page through AppTest on a fixed office clock: no banks chosen, the office choosing
them on the 题库管理 page, today's quiz for the record and practice after it, and the 错题本 with
its redo (right clears, wrong keeps and shows the answer, empty counts as wrong)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_quizzes import BANK

from learnhub import attempts, attendance, daily_quiz
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.question_banks import import_questions, read_questions
from learnhub.ui.text import LANGUAGE_KEY
from learnhub.ui.views.daily_banks import BANKS_KEY
from learnhub.ui.views.daily_quiz_parts import PICK_KEY

NOW = datetime(2026, 3, 18, 9, 0)
OFFICE = frozenset({"office", "staff"})


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def bank(app_office: Office) -> int:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    store = app_office.store
    return import_questions(store, "机关常识", parsed, actor_id=app_office.trainer_id).bank_id


@pytest.fixture
def chosen(app_office: Office, bank: int) -> int:
    daily_quiz.set_daily_banks(app_office.store, [bank], actor_roles=OFFICE)
    return bank


def question_ids(office: Office, bank: int) -> dict[str, int]:
    frame = office.store.db.frame("SELECT id, name FROM questions WHERE bank_id = ?", [bank])
    return dict(zip(frame["name"], frame["id"].astype(int), strict=True))


def all_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "text", "info", "warning", "success", "error")
    return "\n".join(v for kind in kinds for v in texts(at, kind))


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def click(at: AppTest, key: str, **params: object) -> AppTest:
    label = translate(key, **params)
    next(b for b in at.button if b.label == label).click()
    return at.run()


def daily_attempts(office: Office) -> list[dict[str, object]]:
    frame = office.store.quizzes.person_attempts(office.staff_id)
    return [row.to_dict() for _, row in frame[frame["kind"] == "daily"].iterrows()]


# -- no banks, and the office choosing them ------------------------------------------------------
def test_without_banks_the_page_says_so(app_office: Office, bank: int, clock: None) -> None:
    at = open_page("daily_quiz", app_office.store, app_office.staff_id)
    assert not at.exception
    assert translate("daily_page.no_banks") in texts(at, "info")
    assert translate("daily_page.start") not in labels(at)
    assert translate("daily_page.book_empty") in texts(at, "caption")


def test_the_office_chooses_the_banks_on_the_question_banks_page(
    app_office: Office, bank: int
) -> None:
    at = open_page("question_banks", app_office.store, app_office.office_id)
    assert not at.exception
    assert translate("daily_page.banks_title") in texts(at, "subheader")
    assert translate("daily_page.banks_unset") in texts(at, "warning")
    at.multiselect(key=BANKS_KEY).set_value([bank])
    at = click(at, "daily_page.banks_save")
    assert not at.exception
    assert daily_quiz.daily_banks(app_office.store) == [bank]
    assert translate("daily_page.banks_saved", n=1) in texts(at, "success")
    assert at.multiselect(key=BANKS_KEY).value == [bank]
    # A trainer manages banks too, but the daily quiz is the office's choice.
    trainer = open_page("question_banks", app_office.store, app_office.trainer_id)
    assert not trainer.exception
    assert translate("daily_page.banks_title") not in texts(trainer, "subheader")


# -- today's quiz and practice -------------------------------------------------------------------
def test_todays_quiz_counts_and_the_next_one_is_practice(
    app_office: Office, chosen: int, clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    at = open_page("daily_quiz", store, me)
    assert not at.exception
    assert translate("daily_page.not_done", n=5) in texts(at, "info")
    at = click(at, "daily_page.start")
    assert not at.exception
    [first] = daily_attempts(app_office)
    assert first["for_record"] and first["status"] == "open"
    # Taken on the 测验 page, which shows the attempt named in the address.
    assert at.query_params.get("attempt") == str(first["id"])
    assert translate("quiz_take.submit") in labels(at)

    at = open_page("daily_quiz", store, me)
    assert translate("daily_page.continue") in labels(at), "resumes, not a second attempt"
    attempts.submit_attempt(store, int(first["id"]), me, NOW + timedelta(minutes=5))

    at = open_page("daily_quiz", store, me)
    assert not at.exception
    score = translate("daily_page.score_of", score="0", max="5")
    assert translate("daily_page.done", score=score) in texts(at, "success")
    assert translate("daily_page.practice_explain") in texts(at, "caption")
    at = click(at, "daily_page.practice")
    assert not at.exception
    practice = next(a for a in daily_attempts(app_office) if a["id"] != first["id"])
    assert not practice["for_record"]
    assert at.query_params.get("attempt") == str(practice["id"])

    at = open_page("daily_quiz", store, me)
    assert translate("daily_page.continue_practice") in labels(at)
    assert translate("daily_page.done", score=score) in texts(at, "success"), "record unchanged"
    history = at.dataframe[0]  # the wrong book, below, has one too
    kinds = list(history.value[translate("daily_page.col.kind")])
    assert kinds == [translate("daily_page.practice_short"), translate("daily_page.for_record")]
    assert translate("daily_page.history_days", done=1, n=14) in texts(at, "caption")


# -- the wrong-answer book -----------------------------------------------------------------------
@pytest.fixture
def missed(app_office: Office, chosen: int) -> dict[str, int]:
    """Today's quiz handed in blank: all five machine-graded questions go into the book."""
    store, me = app_office.store, app_office.staff_id
    attempt = daily_quiz.start_daily(store, me, NOW)
    attempts.submit_attempt(store, attempt, me, NOW)
    return question_ids(app_office, chosen)


def redo(at: AppTest, question_id: int, answer: object | None) -> AppTest:
    at.selectbox(key=PICK_KEY).set_value(question_id)
    at = at.run()
    if answer is not None:
        at.radio(key=f"daily_page.answer.{question_id}").set_value(answer)
    return click(at, "daily_page.redo_check")


def test_a_right_redo_clears_the_question(
    app_office: Office, missed: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    at = open_page("daily_quiz", store, me)
    assert not at.exception
    assert translate("daily_page.book_count", n=5) in texts(at, "caption")
    book = at.dataframe[-1].value
    assert "涉密文件可以通过互联网邮箱传递。" in list(book[translate("daily_page.col.question")])
    assert set(book[translate("daily_page.col.bank")]) == {"机关常识"}
    at = redo(at, missed["M1"], False)  # 判断题, answer F
    assert not at.exception
    assert translate("daily_page.redo_right") in texts(at, "success")
    assert missed["M1"] not in set(daily_quiz.wrong_book(store, me)["question_id"])
    assert translate("daily_page.book_count", n=4) in texts(at, "caption")


def test_a_wrong_redo_keeps_the_question_and_shows_the_answer(
    app_office: Office, missed: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    at = open_page("daily_quiz", store, me)
    at = redo(at, missed["M2"], 1)  # 单选题: the second choice is wrong
    assert not at.exception
    assert translate("daily_page.redo_wrong") in texts(at, "error")
    right = translate("daily_page.right_answer", answer="A. 绝密、机密、秘密三级")
    assert right in texts(at, "text")
    book = daily_quiz.wrong_book(store, me).set_index("question_id")
    assert int(book.loc[missed["M2"], "times_wrong"]) == 2
    assert translate("daily_page.book_count", n=5) in texts(at, "caption")


def test_an_empty_redo_counts_as_wrong(
    app_office: Office, missed: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    at = open_page("daily_quiz", store, me)
    at = redo(at, missed["G1"], None)  # 填空题 left blank
    assert not at.exception
    assert translate("daily_page.redo_wrong") in texts(at, "error")
    assert translate("daily_page.right_answer", answer="六角括号 / 〔〕") in texts(at, "text")
    assert missed["G1"] in set(daily_quiz.wrong_book(store, me)["question_id"])


def test_the_page_reads_in_english(app_office: Office, missed: dict[str, int], clock: None) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(
        app_office.store, app_office.staff_id
    )
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/daily_quiz.py")
    at = at.run()
    assert not at.exception
    assert translate("daily_page.practice", "en") in labels(at)
    assert translate("daily_page.book_count", "en", n=5) in texts(at, "caption")
    assert not re.search(r"daily_page\.", all_text(at)), "no key shows itself"
