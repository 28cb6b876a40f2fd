"""The staff's 测验 page through AppTest, on a fixed office clock: the list, taking a quiz with
every question type, resuming after a reload, submitting (once), the server's timer, somebody
else's attempt and the review setting."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest

from learnhub import attempts, attendance, quizzes
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.question_banks import import_questions, read_questions
from learnhub.quizzes import QuizSettings
from learnhub.store import Store

NOW = datetime(2026, 3, 18, 9, 0)
TRAINER = frozenset({"trainer"})
EXPLAIN = "《保守国家秘密法》规定密级分为三级。"
BANK = f"""::S1::国家秘密的密级分为：{{
=绝密、机密、秘密三级
~绝密、机密两级
~秘密、内部两级
####{EXPLAIN}
}}

::M1::下列属于国家秘密密级的有：{{
~%50%绝密
~%50%机密
~内部
}}

::T1::涉密文件可以通过互联网邮箱传递。{{F}}

::F1::发文字号中年份用{{=六角括号 =〔〕}}括入。

::Q1::谈谈如何写好一篇调研报告。{{}}
"""


def set_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    set_clock(monkeypatch, NOW)


@pytest.fixture
def bank(app_office: Office) -> dict[str, int]:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    assert parsed.result.ok, parsed.result.problems
    store = app_office.store
    bank_id = import_questions(store, "保密常识", parsed, actor_id=app_office.trainer_id).bank_id
    frame = store.db.frame("SELECT id, name FROM questions WHERE bank_id = ?", [bank_id])
    return dict(zip(frame["name"], frame["id"].astype(int), strict=True))


def a_quiz(
    office: Office, bank: dict[str, int], names: list[str], *, publish: bool = True, **settings: Any
) -> int:
    store = office.store
    quiz = quizzes.create_quiz(store, office.trainer_id, QuizSettings("保密常识测验", **settings))
    quizzes.add_questions(
        store, quiz, [bank[n] for n in names], actor_id=office.trainer_id, actor_roles=TRAINER
    )
    if publish:
        quizzes.set_published(store, quiz, True, actor_id=office.trainer_id, actor_roles=TRAINER)
    return quiz


def open_attempt(store: Store, person_id: int, attempt_id: int | str) -> AppTest:
    """The page as a reload of `…/quizzes?attempt=ID` shows it: a new session, same address."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(store, person_id)
    at.query_params["attempt"] = str(attempt_id)
    at.switch_page("pages/quizzes.py")
    return at.run()


def button(at: AppTest, key: str, **params: object):  # type: ignore[no-untyped-def]
    label = translate(key, **params)
    return next(b for b in at.button if b.label == label)


def key_of(attempt_id: int, slot: int) -> str:
    return f"quiz_take.answer.{attempt_id}.{slot}"


def slots_by_name(store: Store, attempt_id: int, person_id: int) -> dict[str, attempts.Slot]:
    paper = attempts.attempt_paper(store, attempt_id, person_id, NOW)
    return {s.question.name: s for s in paper.slots}


def option(labels: list[str], text: str) -> int:
    """The display position of the choice whose label ends with `text`."""
    return next(i for i, label in enumerate(labels) if label.endswith(text))


def all_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "text", "info", "warning", "success", "error")
    return "\n".join(v for kind in kinds for v in texts(at, kind))


# -- the list ------------------------------------------------------------------------------------
def test_staff_see_published_quizzes_and_start_one(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    a_quiz(app_office, bank, ["S1", "T1"], time_limit_minutes=20, pass_percent=80)
    a_quiz(app_office, bank, ["S1"], publish=False)
    at = open_page("quizzes", app_office.store, app_office.staff_id)
    assert not at.exception
    assert [m for m in texts(at, "markdown") if "保密常识测验" in m] == ["**保密常识测验**"]
    facts = " ".join(texts(at, "caption"))
    for key, params in [
        ("quiz_take.time_limit", {"n": 20}),
        ("quiz_take.attempts_used", {"used": 0, "allowed": 1}),
        ("quiz_take.pass_mark", {"percent": "80"}),
        ("quiz_take.questions", {"n": 2}),
        ("quiz_take.best_none", {}),
    ]:
        assert translate(key, **params) in facts
    assert translate("quiz_take.mine_none") in texts(at, "caption")

    button(at, "quiz_take.start").click().run()
    assert not at.exception
    attempt_id = int(at.query_params["attempt"])
    assert attempts.attempt_paper(app_office.store, attempt_id, app_office.staff_id, NOW).is_open
    assert at.metric[0].label == translate("quiz_take.time_left")
    assert at.metric[0].value == "20:00"
    assert len(at.radio) == 2  # single choice and true/false

    # Back on the list, the quiz offers to continue the same attempt.
    button(at, "quiz_take.back").click().run()
    assert "attempt" not in at.query_params
    button(at, "quiz_take.continue").click().run()
    assert int(at.query_params["attempt"]) == attempt_id


def test_a_quiz_not_open_yet_offers_no_start(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    opens = NOW + timedelta(days=1)
    a_quiz(app_office, bank, ["S1"], opens_at=opens)
    at = open_page("quizzes", app_office.store, app_office.staff_id)
    assert translate("quiz_take.not_yet", at="2026-03-19 09:00") in texts(at, "caption")
    assert translate("quiz_take.start") not in [b.label for b in at.button]


# -- taking it -----------------------------------------------------------------------------------
def test_every_answer_is_saved_kept_across_a_reload_and_submitted_once(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    quiz = a_quiz(app_office, bank, ["S1", "M1", "T1", "F1", "Q1"], shuffle_choices=True)
    attempt_id = attempts.start_attempt(store, quiz, me, NOW, rng=random.Random(3))
    slot = slots_by_name(store, attempt_id, me)
    at = open_attempt(store, me, attempt_id)
    assert not at.exception
    assert at.metric == [] and translate("quiz_take.no_deadline") in texts(at, "caption")

    single = at.radio(key=key_of(attempt_id, slot["S1"].slot))
    single.set_value(option(single.options, "绝密、机密、秘密三级")).run()
    saved = translate("quiz_take.saved_at", time="09:00:00")
    assert texts(at, "caption").count(saved) == 1
    for text in ("绝密", "机密"):
        box = next(
            c for c in at.checkbox if c.key.startswith(key_of(attempt_id, slot["M1"].slot) + ".")
            and c.label.endswith(f" {text}")
        )  # fmt: skip
        box.check().run()
    at.radio(key=key_of(attempt_id, slot["T1"].slot)).set_value(False).run()
    at.text_input(key=key_of(attempt_id, slot["F1"].slot)).set_value("〔〕").run()
    at.text_area(key=key_of(attempt_id, slot["Q1"].slot)).set_value("先定题目，再深入基层").run()
    assert not at.exception
    assert texts(at, "caption").count(saved) == 5

    stored = slots_by_name(store, attempt_id, me)
    assert stored["S1"].response == (0,)  # the question's own position, whatever was shown
    assert stored["M1"].response == (0, 1)
    assert stored["T1"].response is False
    assert stored["F1"].response == "〔〕"
    assert stored["Q1"].response == "先定题目，再深入基层"

    # A reload: a new session on the same address finds every answer in its widget.
    again = open_attempt(store, me, attempt_id)
    s1 = again.radio(key=key_of(attempt_id, slot["S1"].slot))
    assert s1.value == option(s1.options, "绝密、机密、秘密三级")
    assert again.radio(key=key_of(attempt_id, slot["T1"].slot)).value is False
    assert again.text_input(key=key_of(attempt_id, slot["F1"].slot)).value == "〔〕"
    assert again.text_area(key=key_of(attempt_id, slot["Q1"].slot)).value == "先定题目，再深入基层"
    checked = [c.label[-2:] for c in again.checkbox if c.value]
    assert sorted(checked) == sorted(["绝密", "机密"])
    assert texts(again, "caption").count(saved) == 5

    # Two tabs both at the confirmation: the second click finds the first one's result.
    other_tab = open_attempt(store, me, attempt_id)
    for tab in (again, other_tab):
        button(tab, "quiz_take.submit").click().run()
        assert translate("quiz_take.confirm_all") in texts(tab, "info")
    button(again, "quiz_take.confirm_submit").click().run()
    button(other_tab, "quiz_take.confirm_submit").click().run()
    for tab in (again, other_tab):
        assert not tab.exception and not tab.error
        assert tab.metric[0].value == translate("quiz_take.pending")
        assert translate("quiz_take.pending_explain", score="4", max="5") in texts(tab, "caption")
        assert not tab.radio and not tab.checkbox and not tab.text_input
    assert int(store.db.scalar("SELECT count(*) FROM quiz_attempts")) == 1
    # The short answer waits for a trainer; the rest show the right answer in display letters.
    headings = texts(again, "markdown")
    assert any(translate("quiz_take.pending") in h for h in headings)
    letter = "ABC"[slot["S1"].choice_order.index(0)]
    assert translate("quiz_take.right_answer", answer=letter) in texts(again, "text")
    assert translate("quiz_take.explanation", text=EXPLAIN) in texts(again, "text")
    assert translate("quiz_take.right_answer", answer="错") in texts(again, "text")

    # The list says where it stands.
    listed = open_page("quizzes", store, me)
    assert translate("quiz_take.status.pending_review") in " ".join(texts(listed, "caption"))
    assert translate("quiz_take.none_left") in texts(listed, "caption")


def test_the_confirmation_lists_unanswered_questions_and_the_score_shows(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    quiz = a_quiz(app_office, bank, ["S1", "T1", "F1"], pass_percent=60)
    attempt_id = attempts.start_attempt(store, quiz, me, NOW)
    at = open_attempt(store, me, attempt_id)
    at.radio(key=key_of(attempt_id, 2)).set_value(False).run()
    button(at, "quiz_take.submit").click().run()
    sep = translate("quiz_take.list_sep")
    assert texts(at, "warning") == [
        translate("quiz_take.confirm_missing", n=2, numbers=sep.join(["1", "3"]))
    ]
    button(at, "quiz_take.keep_going").click().run()
    assert not at.warning
    at.text_input(key=key_of(attempt_id, 3)).set_value("六角括号").run()
    button(at, "quiz_take.submit").click().run()
    button(at, "quiz_take.confirm_submit").click().run()
    assert translate("quiz_take.submitted") in texts(at, "success")
    assert at.metric[0].value == translate("quiz_take.score_of", score="2", max="3")
    assert translate("quiz_take.passed", percent="66.67", mark="60") in texts(at, "success")
    assert translate("quiz_take.your_answer_was", answer=translate("quiz_take.not_answered")) in (
        texts(at, "text")
    )


def test_the_server_closes_the_attempt_when_time_is_up(
    app_office: Office, bank: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, me = app_office.store, app_office.staff_id
    quiz = a_quiz(app_office, bank, ["T1", "S1"], time_limit_minutes=10)
    attempt_id = attempts.start_attempt(store, quiz, me, NOW)
    set_clock(monkeypatch, NOW + timedelta(minutes=1))
    at = open_attempt(store, me, attempt_id)
    at.radio(key=key_of(attempt_id, 1)).set_value(False).run()
    set_clock(monkeypatch, NOW + timedelta(minutes=9, seconds=30))
    at.run()
    assert at.metric[0].value == "00:30"
    assert translate("quiz_take.almost_up") in texts(at, "warning")

    # Time passes; the next look (a reload, or the countdown's rerun) finds the paper closed.
    set_clock(monkeypatch, NOW + timedelta(minutes=11))
    later = open_attempt(store, me, attempt_id)
    assert not later.exception
    assert translate("quiz_take.closed_by_time") in texts(later, "info")
    assert later.metric[0].value == translate("quiz_take.score_of", score="1", max="2")
    assert not later.radio
    paper = attempts.attempt_paper(store, attempt_id, me, NOW + timedelta(minutes=11))
    assert paper.attempt["status"] == "graded" and paper.attempt["closed_by"] == "time"

    # An answer changed in the page that was left open is refused, and the result shows.
    at.radio(key=key_of(attempt_id, 2)).set_value(0).run()
    assert not at.exception
    assert translate("quiz_take.closed_by_time") in texts(at, "info")
    assert slots_by_name(store, attempt_id, me)["S1"].response is None


def test_someone_elses_attempt_is_refused(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["S1", "F1"])
    attempt_id = attempts.start_attempt(store, quiz, app_office.staff_id, NOW)
    for asked in (attempt_id, "abc"):
        at = open_attempt(store, app_office.other_staff_id, asked)
        assert not at.exception
        assert texts(at, "error") == [translate("attempt.not_yours")]
        assert not at.radio and not at.text_input and not at.metric
        assert "谈谈" not in all_text(at) and "国家秘密" not in all_text(at)
        assert [b.label for b in at.button] == [translate("quiz_take.back")]
    assert attempts.attempt_paper(store, attempt_id, app_office.staff_id, NOW).is_open


def test_no_answers_or_explanations_when_the_quiz_says_never(
    app_office: Office, bank: dict[str, int], clock: None
) -> None:
    store, me = app_office.store, app_office.staff_id
    quiz = a_quiz(app_office, bank, ["S1", "T1"], review="never")
    attempt_id = attempts.start_attempt(store, quiz, me, NOW)
    at = open_attempt(store, me, attempt_id)
    assert not at.expander  # no answer to peek at during the attempt
    button(at, "quiz_take.submit").click().run()
    button(at, "quiz_take.confirm_submit").click().run()
    assert at.metric[0].value == translate("quiz_take.score_of", score="0", max="2")
    assert translate("quiz_take.review_never") in texts(at, "caption")
    shown = all_text(at)
    assert EXPLAIN not in shown
    assert "正确答案" not in shown and "国家秘密的密级" not in shown
