"""测验管理 (quiz management) driven through AppTest, on a fixed office clock."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from conftest import Office, add_person
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_quizzes import BANK

from learnhub import attendance, quizzes
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.question_banks import import_questions, read_questions
from learnhub.quizzes import QuizSettings
from learnhub.store import Store

NOW = datetime(2026, 3, 18, 9, 0)
TRAINER = frozenset({"trainer"})
TITLE = "保密常识测验"
BANK_NAME = "机关常识"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page reads the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def bank(app_office: Office) -> int:
    parsed = read_questions(BANK.encode("utf-8"), "bank.gift")
    assert parsed.result.ok, parsed.result.problems
    store = app_office.store
    return import_questions(store, BANK_NAME, parsed, actor_id=app_office.trainer_id).bank_id


def question_ids(store: Store, bank: int) -> dict[str, int]:
    frame = store.db.frame("SELECT id, name FROM questions WHERE bank_id = ?", [bank])
    return dict(zip(frame["name"], frame["id"].astype(int), strict=True))


def button(at: AppTest, key: str, **params: object):  # type: ignore[no-untyped-def]
    label = translate(key, **params)
    return next(b for b in at.button if b.label == label)


def labelled(widgets, key: str, form: str = ""):  # type: ignore[no-untyped-def]
    """The widget labelled with `key`'s text; `form` picks the new-quiz ("new") or the settings
    ("edit") form when both show it."""
    label = translate(key)
    found = [w for w in widgets if w.label == label and (not form or f"_{form}_" in str(w.key))]
    assert len(found) == 1, (key, form, [w.key for w in widgets if w.label == label])
    return found[0]


def open_quiz(office: Office, person_id: int, quiz_id: int | str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(office.store, person_id)
    at.switch_page("pages/quiz_admin.py")
    at.query_params["quiz"] = str(quiz_id)
    return at.run()


def a_quiz(office: Office, owner: int, title: str = TITLE) -> int:
    return quizzes.create_quiz(office.store, owner, QuizSettings(title))


def markdown(at: AppTest) -> list[str]:
    return texts(at, "markdown")


# -- creating, filling and publishing ------------------------------------------------------------
def test_a_trainer_builds_a_quiz_and_publishes_it(app_office: Office, bank: int) -> None:
    store = app_office.store
    at = open_page("quiz_admin", store, app_office.trainer_id)
    assert not at.exception
    assert texts(at, "info") == [translate("quiz_admin.none_yours")]
    labelled(at.text_input, "quiz_admin.title").set_value(TITLE)
    labelled(at.number_input, "quiz_admin.time_limit").set_value(20)
    labelled(at.number_input, "quiz_admin.attempts").set_value(0)
    labelled(at.date_input, "quiz_admin.open_day").set_value(date(2026, 3, 20))
    labelled(at.time_input, "quiz_admin.open_time").set_value(time(8, 0))
    labelled(at.date_input, "quiz_admin.close_day").set_value(date(2026, 3, 27))
    labelled(at.number_input, "quiz_admin.pass_percent").set_value(80.0)
    labelled(at.checkbox, "quiz_admin.shuffle_choices").check()
    labelled(at.selectbox, "quiz_admin.review_label").set_value("after_close")
    labelled(at.radio, "quiz_admin.rule_label").set_value("all_or_nothing")
    button(at, "quiz_admin.create").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("quiz_admin.created", title=TITLE)]
    found = store.quizzes.quizzes(owner_id=app_office.trainer_id)
    assert list(found["title"]) == [TITLE]
    quiz_id = int(found["id"].iloc[0])
    assert at.query_params["quiz"] == str(quiz_id)
    quiz = store.quizzes.quiz(quiz_id)
    assert quiz is not None
    assert quiz["time_limit_minutes"] == 20 and quiz["attempts_allowed"] is None
    assert quiz["opens_at"] == datetime(2026, 3, 20, 8, 0)
    assert quiz["closes_at"] == datetime(2026, 3, 27, 23, 59)  # a date alone: its last minute
    assert quiz["pass_percent"] == 80.0
    assert (quiz["shuffle_questions"], quiz["shuffle_choices"]) == (False, True)
    assert (quiz["review"], quiz["multiple_rule"]) == ("after_close", "all_or_nothing")
    # The form is a new, empty one: a second click on Create cannot make the quiz again.
    assert labelled(at.text_input, "quiz_admin.title", "new").value == ""
    button(at, "quiz_admin.create").click().run()
    assert texts(at, "error") == [translate("quiz.title_missing")]
    assert len(store.quizzes.quizzes()) == 1

    # Two fixed questions at 2 points each, shown with their type and text.
    ids = question_ids(store, bank)
    chooser = labelled(at.multiselect, "quiz_admin.questions")
    assert len(chooser.options) == 6
    assert any(o.startswith("[判断] 涉密文件") for o in chooser.options)
    chooser.set_value([ids["M1"], ids["M2"]])
    points = [n for n in at.number_input if n.label == translate("quiz_admin.points_each")]
    points[0].set_value(2.0)
    button(at, "quiz_admin.add_fixed").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("quiz_admin.fixed_added", n=2)]
    # Questions already in the quiz are not offered again.
    assert len(labelled(at.multiselect, "quiz_admin.questions").options) == 4

    # Two drawn at random from the category 公文, 5 points each. The pools count what is left once
    # the quiz's fixed questions are set aside (a paper never draws them again).
    pools = labelled(at.selectbox, "quiz_admin.category")
    assert pools.options == [
        translate("quiz_admin.category_label", name=translate("quiz_admin.all_categories"), n=4),
        translate("quiz_admin.category_label", name="保密", n=1),
        translate("quiz_admin.category_label", name="公文", n=3),
    ]
    pools.set_value("公文")
    labelled(at.number_input, "quiz_admin.count").set_value(2)
    points = [n for n in at.number_input if n.label == translate("quiz_admin.points_each")]
    points[1].set_value(5.0)
    button(at, "quiz_admin.add_draw").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("quiz_admin.draw_added", n=2)]
    items = store.quizzes.items(quiz_id)
    assert list(items["count"]) == [1, 1, 2]
    assert list(items["points"]) == [2.0, 2.0, 5.0]
    assert items["category"].iloc[2] == "公文"
    assert f"**{translate('quiz_admin.summary', n=4, points='14')}**" in markdown(at)
    table = next(
        d.value for d in at.dataframe if translate("quiz_admin.col.subtotal") in d.value.columns
    )
    assert list(table[translate("quiz_admin.col.content")])[2] == translate(
        "quiz_admin.draw_from_category", bank=BANK_NAME, category="公文", n=2
    )
    assert list(table[translate("quiz_admin.col.subtotal")]) == ["2", "2", "10"]

    button(at, "quiz_admin.publish").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("quiz_admin.now_published", title=TITLE)]
    assert store.quizzes.quiz(quiz_id)["published"]  # type: ignore[index]
    # Listed, with its state by the office clock; its questions are locked.
    listing = next(
        d.value for d in at.dataframe if translate("quiz_admin.col.state") in d.value.columns
    )
    assert list(listing[translate("quiz_admin.col.title")]) == [TITLE]
    assert list(listing[translate("quiz_admin.col.state")]) == [
        translate("quiz_admin.state.not_yet", at="2026-03-20 08:00")
    ]
    assert translate("quiz_admin.locked") in texts(at, "info")
    assert not [m for m in at.multiselect if m.label == translate("quiz_admin.questions")]
    assert translate("quiz_admin.withdraw") in [b.label for b in at.button]


def test_close_before_open_is_explained_and_nothing_is_stored(app_office: Office) -> None:
    at = open_page("quiz_admin", app_office.store, app_office.trainer_id)
    labelled(at.text_input, "quiz_admin.title").set_value(TITLE)
    labelled(at.date_input, "quiz_admin.open_day").set_value(date(2026, 3, 27))
    labelled(at.date_input, "quiz_admin.close_day").set_value(date(2026, 3, 20))
    button(at, "quiz_admin.create").click().run()
    assert not at.exception
    assert texts(at, "error") == [translate("quiz.closes_before_opens")]
    assert app_office.store.quizzes.quizzes().empty
    assert labelled(at.text_input, "quiz_admin.title").value == TITLE  # kept to correct
    # A time without its date is not silently dropped either.
    labelled(at.date_input, "quiz_admin.close_day").set_value(None)
    labelled(at.date_input, "quiz_admin.open_day").set_value(None)
    labelled(at.time_input, "quiz_admin.close_time").set_value(time(18, 0))
    button(at, "quiz_admin.create").click().run()
    assert texts(at, "error") == [translate("quiz_admin.time_without_date")]
    assert app_office.store.quizzes.quizzes().empty


def test_an_empty_quiz_and_a_draw_beyond_its_pool_are_refused(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    quiz_id = a_quiz(app_office, app_office.trainer_id)
    at = open_quiz(app_office, app_office.trainer_id, quiz_id)
    assert not at.exception
    assert f"**{translate('quiz_admin.summary', n=0, points='0')}**" in markdown(at)
    button(at, "quiz_admin.publish").click().run()
    assert texts(at, "error") == [translate("quiz.empty")]
    assert not store.quizzes.quiz(quiz_id)["published"]  # type: ignore[index]
    labelled(at.selectbox, "quiz_admin.category").set_value("公文")
    labelled(at.number_input, "quiz_admin.count").set_value(4)
    button(at, "quiz_admin.add_draw").click().run()
    assert texts(at, "error") == [translate("quiz.pool_too_small", count=4, available=3)]
    assert store.quizzes.items(quiz_id).empty


def test_settings_are_edited_and_an_item_removed_then_withdrawn(
    app_office: Office, bank: int
) -> None:
    store = app_office.store
    quiz_id = a_quiz(app_office, app_office.trainer_id)
    ids = question_ids(store, bank)
    quizzes.add_questions(
        store, quiz_id, [ids["M1"], ids["G2"]], actor_id=app_office.trainer_id,
        actor_roles=TRAINER,
    )  # fmt: skip
    at = open_quiz(app_office, app_office.trainer_id, quiz_id)
    labelled(at.text_input, "quiz_admin.title", "edit").set_value("保密常识测验（第二期）")
    labelled(at.number_input, "quiz_admin.attempts", "edit").set_value(3)
    button(at, "quiz_admin.save_settings").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("quiz_admin.settings_saved")]
    quiz = store.quizzes.quiz(quiz_id)
    assert quiz is not None
    assert (quiz["title"], quiz["attempts_allowed"]) == ("保密常识测验（第二期）", 3)
    labelled(at.selectbox, "quiz_admin.remove_which").set_value(1)
    button(at, "quiz_admin.remove").click().run()
    assert not at.exception
    assert list(store.quizzes.items(quiz_id)["question_id"]) == [ids["G2"]]
    button(at, "quiz_admin.publish").click().run()
    button(at, "quiz_admin.withdraw").click().run()
    assert texts(at, "success") == [
        translate("quiz_admin.withdrawn", title="保密常识测验（第二期）")
    ]
    assert not store.quizzes.quiz(quiz_id)["published"]  # type: ignore[index]
    assert labelled(at.multiselect, "quiz_admin.questions")  # editable again


# -- who sees what -------------------------------------------------------------------------------
def test_a_trainer_sees_only_their_own_quizzes_and_the_office_all(app_office: Office) -> None:
    mine = a_quiz(app_office, app_office.trainer_id)
    colleague = add_person(app_office.store, "t002", "陈老师", "业务科", "trainer")
    theirs = a_quiz(app_office, colleague, "公文写作测验")
    at = open_page("quiz_admin", app_office.store, app_office.trainer_id)
    assert not at.exception
    picker = labelled(at.selectbox, "quiz_admin.quiz")
    assert picker.options == [f"{TITLE} · {translate('quiz_admin.state.draft')}"]
    assert picker.value == mine
    listing = next(
        d.value for d in at.dataframe if translate("quiz_admin.col.state") in d.value.columns
    )
    assert list(listing[translate("quiz_admin.col.title")]) == [TITLE]
    # Another trainer's quiz by its address: a refusal, nothing of the quiz.
    refused = open_quiz(app_office, app_office.trainer_id, theirs)
    assert not refused.exception
    assert texts(refused, "error") == [translate("quiz.not_yours")]
    assert not refused.dataframe and not refused.text_input and not refused.multiselect
    assert [s.key for s in refused.selectbox] == ["learnhub.language"]  # the sidebar's only
    assert [b.label for b in refused.button] == [translate("quiz_admin.back_to_list")]
    nonsense = open_quiz(app_office, app_office.trainer_id, "abc")
    assert texts(nonsense, "error") == [translate("quiz.missing")]
    # The office sees every quiz with who set it, and opens any of them by its address.
    office = open_page("quiz_admin", app_office.store, app_office.office_id)
    assert not office.exception
    listing = next(
        d.value for d in office.dataframe if translate("quiz_admin.col.state") in d.value.columns
    )
    assert sorted(listing[translate("quiz_admin.col.title")]) == sorted([TITLE, "公文写作测验"])
    assert sorted(listing[translate("quiz_admin.col.owner")]) == ["王老师", "陈老师"]
    opened = open_quiz(app_office, app_office.office_id, theirs)
    assert labelled(opened.selectbox, "quiz_admin.quiz").value == theirs
    labelled(opened.selectbox, "quiz_admin.quiz").set_value(mine).run()
    assert opened.query_params["quiz"] == str(mine)


def test_staff_cannot_open_the_page(app_office: Office) -> None:
    at = open_page("quiz_admin", app_office.store, app_office.staff_id)
    assert not at.exception
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.text_input and not at.dataframe


def test_the_page_reads_in_english(app_office: Office, bank: int) -> None:
    quiz_id = a_quiz(app_office, app_office.trainer_id)
    quizzes.add_draw(
        app_office.store, quiz_id, bank_id=bank, count=2, actor_id=app_office.trainer_id,
        actor_roles=TRAINER,
    )  # fmt: skip
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(
        app_office.store, app_office.trainer_id
    )
    at.session_state["learnhub.language"] = "en"
    at.switch_page("pages/quiz_admin.py")
    at.run()
    assert not at.exception
    assert f"**{translate('quiz_admin.summary', 'en', n=2, points='2')}**" in markdown(at)
    table = next(
        d.value
        for d in at.dataframe
        if translate("quiz_admin.col.subtotal", "en") in d.value.columns
    )
    assert list(table[translate("quiz_admin.col.content", "en")]) == [
        translate("quiz_admin.draw_from_bank", "en", bank=BANK_NAME, n=2)
    ]
    assert translate("quiz_admin.publish", "en") in [b.label for b in at.button]
