"""评分 (the short-answer grading queue) and the results part of 测验管理, through AppTest on a
fixed office clock."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd
import pytest
from conftest import Office, add_person
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_quizzes import BANK, TRAINER, question_ids, slot_of

from learnhub import attempts, attendance, quiz_review, quizzes
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.question_banks import import_questions, read_questions
from learnhub.quizzes import QuizSettings

NOW = datetime(2026, 3, 18, 9, 0)
TITLE = "保密常识测验"
# Written by a person: it must reach the grader exactly as typed, never as Markdown or HTML.
ANSWER = "**先定题目**，再深入基层。<b>不要</b>闭门造车"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def bank(app_office: Office) -> int:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    store = app_office.store
    return import_questions(store, "机关常识", parsed, actor_id=app_office.trainer_id).bank_id


def a_quiz(office: Office, bank: int, names: list[str], owner: int, title: str = TITLE) -> int:
    """A published quiz of fixed questions (1 point each, in this order) set by `owner`."""
    store = office.store
    quiz = quizzes.create_quiz(store, owner, QuizSettings(title, pass_percent=60))
    ids = question_ids(store, bank)
    quizzes.add_questions(store, quiz, [ids[n] for n in names], actor_id=owner, actor_roles=TRAINER)
    quizzes.set_published(store, quiz, True, actor_id=owner, actor_roles=TRAINER)
    return quiz


def short_attempt(office: Office, quiz: int, person: int, answer: str, at: datetime) -> int:
    """`person` answers G2 (right) and the short answer G3, and submits."""
    store = office.store
    attempt = attempts.start_attempt(store, quiz, person, at)
    paper = attempts.attempt_paper(store, attempt, person, at)
    attempts.save_answer(store, attempt, person, slot_of(paper, "G2").slot, True, at)
    attempts.save_answer(store, attempt, person, slot_of(paper, "G3").slot, answer, at)
    attempts.submit_attempt(store, attempt, person, at)
    return attempt


def labelled(widgets, key: str, lang: str = "zh", **params: object):  # type: ignore[no-untyped-def]
    label = translate(key, lang, **params)
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, (key, [w.label for w in widgets])
    return found[0]


def save(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == translate("grading_page.save")).click().run()


def open_quiz(office: Office, person_id: int, quiz_id: int) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(office.store, person_id)
    at.switch_page("pages/quiz_admin.py")
    at.query_params["quiz"] = str(quiz_id)
    return at.run()


# -- grading ---------------------------------------------------------------------------------------
def test_a_trainer_grades_a_short_answer_and_the_score_is_released(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["G2", "G3"], app_office.trainer_id)
    attempt = short_attempt(app_office, quiz, app_office.staff_id, ANSWER, NOW)
    assert store.quizzes.attempt(attempt)["status"] == "pending_review"  # type: ignore[index]

    at = open_page("grading", store, app_office.trainer_id)
    assert not at.exception
    assert texts(at, "title") == [translate("nav.grading")]
    # Whose answer, the question, its reference, and the answer exactly as written.
    assert (
        translate(
            "grading_page.whose", person="张三", username="00123", department="综合科",
            at="2026-03-18 09:00",
        )
        in texts(at, "caption")
    )  # fmt: skip
    shown = texts(at, "text")
    assert "谈谈如何写好一篇调研报告。" in shown
    assert ANSWER in shown
    assert not any("<b>" in m or "**先定" in m for m in texts(at, "markdown"))
    points = labelled(at.number_input, "grading_page.points", max="1")
    assert points.value is None  # nothing given until the grader says so

    # Saving without points stores nothing.
    save(at)
    assert not at.exception
    assert texts(at, "error") == [translate("grading_page.points_missing", max="1")]

    labelled(at.number_input, "grading_page.points", max="1").set_value(0.5)
    labelled(at.text_area, "grading_page.comment").set_value("还可以更具体")
    save(at)
    assert not at.exception
    assert texts(at, "success") == [translate("grading_page.released", person="张三", quiz=TITLE)]
    done = store.quizzes.attempt(attempt)
    assert done is not None and (done["status"], done["score"]) == ("graded", 1.5)
    slots = store.quizzes.slots(attempt).set_index("slot")
    assert slots.loc[2, "comment"] == "还可以更具体"
    assert slots.loc[2, "graded_by"] == app_office.trainer_id
    assert pd.Timestamp(slots.loc[2, "graded_at"]) == pd.Timestamp(NOW)
    # The queue is empty now, and says so; no notice that someone else graded it.
    assert texts(at, "info") == [translate("grading_page.empty")]


def test_points_above_the_questions_are_refused_with_the_message(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["G2", "G3"], app_office.trainer_id)
    attempt = short_attempt(app_office, quiz, app_office.staff_id, "先调研", NOW)
    at = open_page("grading", store, app_office.trainer_id)
    labelled(at.number_input, "grading_page.points", max="1").set_value(3.0)
    save(at)
    assert not at.exception
    assert texts(at, "error") == [translate("review.points_invalid", n="1")]
    assert pd.isna(store.quizzes.slots(attempt).set_index("slot").loc[2, "fraction"])
    assert store.quizzes.attempt(attempt)["status"] == "pending_review"  # type: ignore[index]
    # The answer is still there to grade, with what was typed kept for correcting.
    assert labelled(at.number_input, "grading_page.points", max="1").value == 3.0


def test_the_queue_is_oldest_first_and_the_next_answer_follows(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["G3", "G2"], app_office.trainer_id)
    later = short_attempt(
        app_office, quiz, app_office.other_staff_id, "后交的", NOW + timedelta(minutes=5)
    )
    earlier = short_attempt(app_office, quiz, app_office.staff_id, "先交的", NOW)
    at = open_page("grading", store, app_office.trainer_id)
    picker = labelled(at.selectbox, "grading_page.pick")
    assert [o.split(" · ")[1] for o in picker.options] == ["张三", "李四"]
    assert "先交的" in texts(at, "text")
    labelled(at.number_input, "grading_page.points", max="1").set_value(1.0)
    save(at)
    assert texts(at, "success") == [translate("grading_page.released", person="张三", quiz=TITLE)]
    assert store.quizzes.attempt(earlier)["score"] == 2.0  # type: ignore[index]
    # The next one comes up by itself.
    assert "后交的" in texts(at, "text")
    assert store.quizzes.attempt(later)["status"] == "pending_review"  # type: ignore[index]


def test_an_answer_graded_elsewhere_meanwhile_is_said_so(app_office: Office, bank: int) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["G2", "G3"], app_office.trainer_id)
    short_attempt(app_office, quiz, app_office.staff_id, "先交的", NOW)
    later = short_attempt(
        app_office, quiz, app_office.other_staff_id, "后交的", NOW + timedelta(minutes=5)
    )
    at = open_page("grading", store, app_office.trainer_id)
    picker = labelled(at.selectbox, "grading_page.pick")
    picker.set_value(next(o for o in picker.options if "李四" in o)).run()
    assert "后交的" in texts(at, "text")
    # The office grades that very answer in its own browser.
    quiz_review.grade_short_answer(
        store, later, 2, 1, actor_id=app_office.office_id,
        actor_roles=frozenset({"office", "staff"}), now=NOW,
    )  # fmt: skip
    labelled(at.number_input, "grading_page.points", max="1").set_value(0.0)
    save(at)
    assert not at.exception
    assert texts(at, "info") == [translate("grading_page.gone")]
    assert store.quizzes.attempt(later)["score"] == 2.0  # type: ignore[index]
    # What is left is shown, and the picker says which one it is.
    picker = labelled(at.selectbox, "grading_page.pick")
    assert len(picker.options) == 1 and "张三" in picker.options[0]
    assert "先交的" in texts(at, "text")


def test_an_attempt_is_released_only_once_all_its_short_answers_are_graded(
    app_office: Office,
) -> None:
    store = app_office.store
    parsed = read_questions("::S1::谈谈保密工作。{}\n\n::S2::谈谈公文写作。{}\n".encode(), "s.gift")
    bank = import_questions(store, "简答", parsed, actor_id=app_office.trainer_id).bank_id
    quiz = a_quiz(app_office, bank, ["S1", "S2"], app_office.trainer_id)
    attempt = attempts.start_attempt(store, quiz, app_office.staff_id, NOW)
    attempts.save_answer(store, attempt, app_office.staff_id, 1, "要点一", NOW)
    attempts.save_answer(store, attempt, app_office.staff_id, 2, "要点二", NOW)
    attempts.submit_attempt(store, attempt, app_office.staff_id, NOW)
    at = open_page("grading", store, app_office.trainer_id)
    assert translate("grading_page.others_waiting", n=1) in texts(at, "caption")
    labelled(at.number_input, "grading_page.points", max="1").set_value(1.0)
    save(at)
    assert texts(at, "success") == [translate("grading_page.saved", person="张三")]
    assert store.quizzes.attempt(attempt)["status"] == "pending_review"  # type: ignore[index]
    assert translate("grading_page.others_waiting", n=1) not in texts(at, "caption")
    labelled(at.number_input, "grading_page.points", max="1").set_value(0.5)
    save(at)
    assert texts(at, "success") == [translate("grading_page.released", person="张三", quiz=TITLE)]
    done = store.quizzes.attempt(attempt)
    assert done is not None and (done["status"], done["score"]) == ("graded", 1.5)


def test_a_trainer_sees_only_their_quizzes_answers_and_the_office_all(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    colleague = add_person(store, "t002", "陈老师", "业务科", "trainer")
    mine = a_quiz(app_office, bank, ["G2", "G3"], app_office.trainer_id)
    theirs = a_quiz(app_office, bank, ["G2", "G3"], colleague, "公文写作测验")
    short_attempt(app_office, theirs, app_office.other_staff_id, "别人的测验的作答", NOW)

    at = open_page("grading", store, app_office.trainer_id)
    assert not at.exception
    assert texts(at, "info") == [translate("grading_page.empty")]
    assert "别人的测验的作答" not in texts(at, "text")
    assert not at.dataframe and not at.number_input

    short_attempt(app_office, mine, app_office.staff_id, "我的测验的作答", NOW)
    at = open_page("grading", store, app_office.trainer_id)
    options = labelled(at.selectbox, "grading_page.pick").options
    assert len(options) == 1 and options[0].startswith(TITLE)
    assert "别人的测验的作答" not in texts(at, "text")

    office = open_page("grading", store, app_office.office_id)
    assert not office.exception
    options = labelled(office.selectbox, "grading_page.pick").options
    assert sorted(o.split(" · ")[0] for o in options) == sorted([TITLE, "公文写作测验"])
    # The office grades the colleague's quiz too.
    picker = labelled(office.selectbox, "grading_page.pick")
    picker.set_value(next(o for o in picker.options if o.startswith("公文写作测验"))).run()
    assert "别人的测验的作答" in texts(office, "text")
    labelled(office.number_input, "grading_page.points", max="1").set_value(1.0)
    save(office)
    assert not office.exception
    assert texts(office, "success") == [
        translate("grading_page.released", person="李四", quiz="公文写作测验")
    ]
    assert [o.split(" · ")[0] for o in labelled(office.selectbox, "grading_page.pick").options] == [
        TITLE
    ]


def test_staff_cannot_open_the_grading_page(app_office: Office) -> None:
    at = open_page("grading", app_office.store, app_office.staff_id)
    assert not at.exception
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe and not at.number_input
    visitor = open_page("grading")
    assert not visitor.exception
    assert texts(visitor, "info") == [translate("gate.sign_in_first")]


def test_the_page_reads_in_english(app_office: Office, bank: int) -> None:
    quiz = a_quiz(app_office, bank, ["G2", "G3"], app_office.trainer_id)
    short_attempt(app_office, quiz, app_office.staff_id, "先调研", NOW)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(
        app_office.store, app_office.office_id
    )
    at.session_state["learnhub.language"] = "en"
    at.switch_page("pages/grading.py")
    at.run()
    assert not at.exception
    assert labelled(at.selectbox, "grading_page.pick", "en").options == [
        translate(
            "grading_page.pick_label", "en", quiz=TITLE, person="张三", at="2026-03-18 09:00",
            slot=2,
        )
    ]  # fmt: skip
    assert translate("grading_page.save", "en") in [b.label for b in at.button]


# -- results ---------------------------------------------------------------------------------------
def test_the_results_show_participation_facility_and_download_the_workbook(
    app_office: Office, bank: int, downloads: dict[str, Callable[[], object]]
) -> None:
    store = app_office.store
    quiz = a_quiz(app_office, bank, ["M1", "M2"], app_office.trainer_id)

    def take(person: int, m1: bool, m2: tuple[int, ...]) -> None:
        attempt = attempts.start_attempt(store, quiz, person, NOW)
        paper = attempts.attempt_paper(store, attempt, person, NOW)
        attempts.save_answer(store, attempt, person, slot_of(paper, "M1").slot, m1, NOW)
        attempts.save_answer(store, attempt, person, slot_of(paper, "M2").slot, m2, NOW)
        attempts.submit_attempt(store, attempt, person, NOW)

    take(app_office.staff_id, False, (0,))  # full marks
    take(app_office.other_staff_id, True, (1,))  # nothing right
    at = open_quiz(app_office, app_office.trainer_id, quiz)
    assert not at.exception
    assert translate("quiz_results.title") in texts(at, "subheader")
    metrics = {m.label: m.value for m in at.metric}
    # Three staff (the office clerk studies too), two took part.
    assert metrics[translate("results.department.took_part")] == "2 / 3"
    assert metrics[translate("results.department.participation")] == "66.7%"
    assert metrics[translate("results.department.pass_rate")] == "50.0%"
    assert metrics[translate("results.department.full_rate")] == "50.0%"
    assert at.get("vega_lite_chart"), "participation per section is charted"

    sections = next(
        d.value for d in at.dataframe
        if translate("results.department.participation") in d.value.columns
    )  # fmt: skip
    by_section = sections.set_index(translate("results.department.department"))
    assert by_section.loc["综合科", translate("results.department.participation")] == 1.0
    assert by_section.loc["办公室", translate("results.department.participation")] == 0.0
    # Nobody of 办公室 took part: no pass rate rather than 0 %.
    assert pd.isna(by_section.loc["办公室", translate("results.department.pass_rate")])

    questions = next(
        d.value for d in at.dataframe if translate("results.question.facility") in d.value.columns
    )
    facility = dict(
        zip(
            questions[translate("results.question.text")],
            questions[translate("results.question.facility")],
            strict=True,
        )
    )
    assert facility["涉密文件可以通过互联网邮箱传递。"] == 0.5
    assert facility["国家秘密的密级分为："] == 0.5
    assert any(
        c.startswith(translate("quiz_results.facility_explain")[:10]) for c in texts(at, "caption")
    )

    workbook = downloads[translate("quiz_results.file", title=TITLE)]()
    assert isinstance(workbook, bytes)
    book = pd.read_excel(io.BytesIO(workbook), sheet_name=None)
    assert list(book) == ["人员成绩", "科室统计", "试题分析"]
    assert sorted(book["人员成绩"]["姓名"]) == sorted(["张三", "李四", "赵主任"])
    assert [b.proto.label for b in at.get("download_button")] == [
        translate("quiz_results.download")
    ]


def test_a_draft_quiz_has_no_results_yet(app_office: Office, bank: int) -> None:
    quiz = quizzes.create_quiz(app_office.store, app_office.trainer_id, QuizSettings(TITLE))
    at = open_quiz(app_office, app_office.trainer_id, quiz)
    assert not at.exception
    assert translate("quiz_results.draft") in texts(at, "caption")
    assert not at.metric and not at.get("download_button")
