"""培训班管理 (training class management) driven through AppTest, on a fixed office clock."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import openpyxl
import pytest
from conftest import Office, add_person
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest

from learnhub import attendance, leave, studydays, training
from learnhub.auth import start_session
from learnhub.calendar import WorkCalendar
from learnhub.i18n import translate

MONDAY = date(2026, 3, 16)
THURSDAY = date(2026, 3, 19)
BEFORE = datetime(2026, 3, 13, 9, 0)  # the Friday before the class
AFTER = datetime(2026, 3, 20, 9, 0)  # the day after it
TRAINER = frozenset({"trainer"})
TITLE = "2026年春季业务骨干培训班"


def set_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    # The pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: now)


def new_class(office: Office, organiser: int | None = None, title: str = TITLE) -> int:
    return training.create_class(
        office.store, WorkCalendar(), organiser_id=organiser or office.trainer_id, title=title,
        category="业务", first_day=MONDAY, last_day=THURSDAY, location="三楼会议室",
    )  # fmt: skip


def enrol(office: Office, class_id: int, *people: int) -> None:
    training.add_members(
        office.store, class_id, list(people), actor_id=office.trainer_id, actor_roles=TRAINER
    )


def session_at(office: Office, class_id: int, day: date, half_day: str) -> int:
    frame = office.store.training.sessions(class_id)
    return int(frame[(frame["day"] == day) & (frame["half_day"] == half_day)]["id"].iloc[0])


def button(at: AppTest, key: str, **params: object):  # type: ignore[no-untyped-def]
    label = translate(key, **params)
    return next(b for b in at.button if b.label == label)


def labelled(widgets, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(w for w in widgets if w.label == label)


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- classes and sessions ------------------------------------------------------------------------
def test_office_creates_a_class_and_sees_its_sessions_once(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    store = app_office.store
    at = open_page("training_admin", store, app_office.office_id)
    assert not at.exception
    assert texts(at, "info") == [translate("training_admin.none_at_all")]
    labelled(at.text_input, "training_admin.title").set_value(TITLE)
    labelled(at.date_input, "training_admin.first_day").set_value(MONDAY)
    labelled(at.date_input, "training_admin.last_day").set_value(THURSDAY)
    labelled(at.text_input, "training_admin.location").set_value("三楼会议室")
    button(at, "training_admin.create").click().run()
    assert not at.exception
    assert texts(at, "success") == [translate("training_admin.created", title=TITLE, sessions=8)]
    classes = store.training.classes()
    assert list(classes["title"]) == [TITLE]
    assert at.query_params["class"] == str(int(classes["id"].iloc[0]))
    table = next(
        d.value for d in at.dataframe if translate("training_admin.credit_hours") in d.value.columns
    )
    assert len(table) == 8
    assert set(table[translate("training_admin.credit_hours")]) == {training.DEFAULT_HOURS}
    assert len(at.tabs) == 5
    # The form is a new one, empty: a second click on Create cannot make the class again.
    assert labelled(at.text_input, "training_admin.title").value == ""
    button(at, "training_admin.create").click().run()
    assert texts(at, "error") == [translate("training.title_missing")]
    assert len(store.training.classes()) == 1


def test_a_bad_class_is_explained_and_the_form_keeps_what_was_typed(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    labelled(at.text_input, "training_admin.title").set_value(TITLE)
    labelled(at.date_input, "training_admin.first_day").set_value(THURSDAY)
    labelled(at.date_input, "training_admin.last_day").set_value(MONDAY)
    button(at, "training_admin.create").click().run()
    assert texts(at, "error") == [translate("training.dates_reversed")]
    assert labelled(at.text_input, "training_admin.title").value == TITLE
    assert app_office.store.training.classes().empty


def open_class(office: Office, person_id: int, class_id: int) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(office.store, person_id)
    at.switch_page("pages/training_admin.py")
    at.query_params["class"] = str(class_id)
    return at.run()


def test_a_trainer_sees_only_their_own_classes(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    mine = new_class(app_office)
    colleague = add_person(app_office.store, "t002", "陈老师", "业务科", "trainer")
    theirs = new_class(app_office, organiser=colleague, title="陈老师的培训班")
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    assert not at.exception
    picker = labelled(at.selectbox, "training_admin.class")
    assert picker.options == [f"{TITLE} · 2026-03-16 至 2026-03-19"]
    assert picker.value == mine
    office = open_page("training_admin", app_office.store, app_office.office_id)
    assert len(labelled(office.selectbox, "training_admin.class").options) == 2
    assert labelled(office.selectbox, "training_admin.class").value == theirs  # the newest
    labelled(office.selectbox, "training_admin.class").set_value(mine).run()
    assert office.query_params["class"] == str(mine)  # a link to it, kept over a reload
    # Another trainer's class by its address: a refusal, nothing of the class.
    refused = open_class(app_office, app_office.trainer_id, theirs)
    assert not refused.exception
    assert texts(refused, "error") == [translate("training.not_your_class")]
    assert not refused.tabs and not refused.dataframe
    # The office opens any class by its address.
    opened = open_class(app_office, app_office.office_id, theirs)
    assert labelled(opened.selectbox, "training_admin.class").value == theirs


def test_a_session_is_cancelled_only_with_a_reason(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    class_id = new_class(app_office)
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    first = session_at(app_office, class_id, MONDAY, "am")
    assert labelled(at.selectbox, "training_admin.session").value == first
    button(at, "training_admin.cancel_session").click().run()
    assert texts(at, "error") == [translate("studydays.cancel_reason_missing")]
    at.text_input(key=f"training_admin_cancel_reason_{first}").set_value("专家行程调整")
    button(at, "training_admin.cancel_session").click().run()
    assert texts(at, "success") == [translate("training_admin.session_cancelled")]
    sessions = app_office.store.training.sessions(class_id).set_index("id")
    assert sessions.loc[first, "status"] == "cancelled"
    assert sessions.loc[first, "status_reason"] == "专家行程调整"


# -- roster --------------------------------------------------------------------------------------
def uploader(at: AppTest):  # type: ignore[no-untyped-def]
    label = translate("training_admin.upload")
    return next(u for u in at.get("file_uploader") if u.proto.label == label)


def test_a_roster_file_with_an_unknown_username_stores_nothing(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    class_id = new_class(app_office)
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    data = "用户名,姓名\n00123,张三\n99999,无名\n".encode()
    uploader(at).upload("名单.csv", data, "text/csv").run()
    assert not at.exception
    assert texts(at, "error") == [translate("imports.has_errors", n=1)]
    problems = next(
        d.value for d in at.dataframe if translate("training_admin.problem") in d.value.columns
    )
    assert list(problems[translate("training_admin.row")]) == [3]
    assert list(problems[translate("training_admin.problem")]) == [
        translate("imports.username_unknown", value="99999")
    ]
    assert translate("training_admin.apply_import") not in [b.label for b in at.button]
    assert app_office.store.training.member_ids(class_id) == set()


def test_a_clean_roster_file_adds_people(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    class_id = new_class(app_office)
    enrol(app_office, class_id, app_office.staff_id)
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    data = xlsx([["工号", "姓名"], ["00123", "张三"], ["00124", "李四"], ["office1", ""]])
    uploader(at).upload("名单.xlsx", data, "application/octet-stream").run()
    assert texts(at, "success") == [translate("training_admin.import_ready", add=2, already=1)]
    assert app_office.store.training.member_ids(class_id) == {app_office.staff_id}
    button(at, "training_admin.apply_import").click().run()
    assert texts(at, "success") == [translate("training_admin.imported", n=2)]
    assert app_office.store.training.member_ids(class_id) == {
        app_office.staff_id, app_office.other_staff_id, app_office.office_id
    }  # fmt: skip
    assert uploader(at).value is None  # ready for the next file


def test_people_join_by_section_and_someone_with_a_record_stays(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, AFTER)
    class_id = new_class(app_office)
    at = open_page("training_admin", app_office.store, app_office.trainer_id)
    sections = app_office.store.people.departments()
    business = int(sections[sections["name"] == "业务科"]["id"].iloc[0])
    labelled(at.multiselect, "training_admin.people").set_value([app_office.staff_id])
    labelled(at.multiselect, "training_admin.departments").set_value([business])
    button(at, "training_admin.add_people").click().run()
    assert texts(at, "success") == [translate("training_admin.people_added", n=2)]
    assert app_office.store.training.member_ids(class_id) == {
        app_office.staff_id, app_office.other_staff_id
    }  # fmt: skip
    attendance.mark(
        app_office.store, session_at(app_office, class_id, MONDAY, "am"), app_office.staff_id,
        "present", actor_id=app_office.trainer_id, now=AFTER,
    )  # fmt: skip
    at.run()
    remove = next(s for s in at.selectbox if s.key == f"training_admin_remove_{class_id}")
    remove.set_value(app_office.staff_id)
    button(at, "training_admin.remove").click().run()
    assert texts(at, "error") == [translate("training.member_has_record")]
    assert app_office.staff_id in app_office.store.training.member_ids(class_id)


# -- leave ---------------------------------------------------------------------------------------
def test_approving_leave_marks_the_session_and_declining_needs_a_note(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, BEFORE)
    store = app_office.store
    class_id = new_class(app_office)
    enrol(app_office, class_id, app_office.staff_id, app_office.other_staff_id)
    tuesday = session_at(app_office, class_id, date(2026, 3, 17), "am")
    mine = leave.request_leave(store, class_id, app_office.staff_id, [tuesday], "母亲住院", BEFORE)
    leave.request_leave(store, class_id, app_office.other_staff_id, [tuesday], "出差", BEFORE)
    at = open_page("training_admin", store, app_office.trainer_id)
    assert texts(at, "info") == [translate("training_admin.pending_notice", n=2)]
    labelled(at.selectbox, "training_admin.request").set_value(mine)
    button(at, "training_admin.approve").click().run()
    assert texts(at, "success") == [translate("training_admin.approved", name="张三")]
    marks = store.training.marks(class_id)
    marked = marks[(marks["session_id"] == tuesday) & (marks["person_id"] == app_office.staff_id)]
    assert list(marked["status"]) == ["leave"]
    # The other request is left; declining it without a note is refused.
    button(at, "training_admin.decline").click().run()
    assert texts(at, "error") == [translate("leave.decline_note_missing")]
    requests = store.training.leave_requests(class_id).set_index("person_id")
    assert requests.loc[app_office.other_staff_id, "status"] == "pending"
    decided = next(
        d.value for d in at.dataframe if translate("training_admin.col.decided_by") in d.value
    )
    assert list(decided[translate("training_admin.col.decided_by")]) == ["王老师"]


# -- figures and the ledger ----------------------------------------------------------------------
def test_figures_show_person_times_the_leave_warning_and_the_ledger(
    app_office: Office,
    monkeypatch: pytest.MonkeyPatch,
    downloads: dict[str, Callable[[], object]],
) -> None:
    """Mon–Thu, both half-days, Thursday afternoon cancelled: 7 sessions. 张三 is on leave once
    (1/7, at the limit), 李四 twice (over it)."""
    set_clock(monkeypatch, AFTER)
    store = app_office.store
    class_id = new_class(app_office)
    enrol(app_office, class_id, app_office.staff_id, app_office.other_staff_id)
    studydays.cancel_session(store, session_at(app_office, class_id, THURSDAY, "pm"), reason="调整")
    frame = store.training.sessions(class_id)
    ids = frame[frame["status"] == "scheduled"]["id"].astype(int).tolist()
    for n, session_id in enumerate(ids):
        for person, status in (
            (app_office.staff_id, "leave" if n == 0 else "present"),
            (app_office.other_staff_id, "leave" if n in (1, 2) else "present"),
        ):
            attendance.mark(
                store, session_id, person, status, actor_id=app_office.trainer_id, now=AFTER
            )
    at = open_page("training_admin", store, app_office.office_id)
    assert not at.exception
    metric = next(m for m in at.metric if m.label == translate("training.summary.person_times"))
    assert "人次" in metric.label and metric.value == "11"
    warnings = texts(at, "warning")
    assert len(warnings) == 1 and "李四" in warnings[0] and "张三" not in warnings[0]
    assert "1/7" in warnings[0]
    ledger = downloads[translate("training_admin.ledger_file", title=TITLE)]()
    assert isinstance(ledger, bytes)
    book = openpyxl.load_workbook(io.BytesIO(ledger))
    assert book.sheetnames == ["培训台账", "汇总"]


def test_the_sign_in_tab_opens_on_todays_session_even_after_it_ended() -> None:
    from datetime import date as day_
    from datetime import datetime as dt

    import pandas as pd

    from learnhub.ui.views.training_admin_attendance import _default_session

    sessions = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "day": [day_(2026, 3, 16), day_(2026, 3, 16), day_(2026, 3, 17)],
            "half_day": ["am", "pm", "am"],
        }
    )
    assert _default_session(sessions, dt(2026, 3, 16, 15, 0)) == 2  # the afternoon, running
    assert _default_session(sessions, dt(2026, 3, 16, 18, 0)) == 2  # ended: marks come after
    assert _default_session(sessions, dt(2026, 3, 15, 9, 0)) == 1  # the next one ahead
    assert _default_session(sessions, dt(2026, 3, 20, 9, 0)) == 3  # the last one held
