"""Study-day pages driven through AppTest, on a fixed office clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import Office
from pages_support import open_page, texts

from learnhub import attendance, studydays
from learnhub.calendar import WorkCalendar
from learnhub.i18n import translate
from learnhub.periods import month_of

NOW = datetime(2026, 3, 16, 14, 35, 20)  # Monday afternoon, five minutes into the session


def set_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    # The pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: now)


def button(at, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(b for b in at.button if b.label == label)


def test_trainer_opens_sign_in_and_staff_sign_in_with_the_shown_code(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, NOW)
    store = app_office.store
    studydays.add_session(store, day=NOW.date(), half_day="pm", category="政治理论", topic="党章")
    trainer = open_page("study_day_admin", store, app_office.trainer_id)
    assert not trainer.exception
    assert not trainer.tabs, "planning is the office's"
    button(trainer, "studydays.open_signin").click().run()
    assert texts(trainer, "success") == [translate("studydays.signin_opened")]
    code = next(m for m in trainer.metric if m.label == translate("studydays.current_code")).value
    assert len(code) == 6 and code.isdigit()

    staff = open_page("study_days", store, app_office.staff_id)
    staff.text_input(key="signin_code_input").set_value("000000" if code != "000000" else "111111")
    button(staff, "studydays.signin_submit").click().run()
    assert texts(staff, "error") == [translate("attendance.code_wrong")]
    staff.text_input(key="signin_code_input").set_value(code)
    button(staff, "studydays.signin_submit").click().run()
    present = translate("attendance.status.present")
    assert texts(staff, "success") == [translate("studydays.signed_in", status=present)]

    trainer.run()
    marks = trainer.dataframe[-1].value
    row = marks[marks[translate("studydays.col.name")] == "张三"].iloc[0]
    assert row[translate("studydays.col.attendance")] == present


def test_trainer_corrects_a_mark_only_with_a_reason(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, NOW)
    store = app_office.store
    sid = studydays.add_session(store, day=NOW.date(), half_day="pm", category="业务")
    attendance.mark(
        store, sid, app_office.staff_id, "absent", actor_id=app_office.trainer_id, now=NOW
    )
    at = open_page("study_day_admin", store, app_office.trainer_id)
    form_person = next(s for s in at.selectbox if s.label == translate("studydays.col.name"))
    form_person.set_value(app_office.staff_id)
    at.radio[-1].set_value("leave")
    button(at, "studydays.save_mark").click().run()
    assert texts(at, "error") == [translate("attendance.reason_missing")]
    form_person = next(s for s in at.selectbox if s.label == translate("studydays.col.name"))
    form_person.set_value(app_office.staff_id)
    at.radio[-1].set_value("leave")
    next(i for i in at.text_input if i.label == translate("studydays.reason")).set_value("病假")
    button(at, "studydays.save_mark").click().run()
    assert not texts(at, "error")
    history = store.study_days.history(sid)
    assert list(history["reason"]) == ["病假"]


def test_staff_see_that_a_holiday_cancelled_their_study_day(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, datetime(2026, 9, 28, 9, 0))
    studydays.generate_month(app_office.store, month_of(date(2026, 10, 1)), WorkCalendar())
    at = open_page("study_days", app_office.store, app_office.staff_id)
    assert not at.exception
    table = at.dataframe[0].value
    status = table[translate("studydays.col.status")].tolist()
    assert status[:2] == [translate("studydays.cancelled_holiday")] * 2  # 2 and 5 October
    assert translate("studydays.scheduled") in status


def test_office_generates_a_month_and_reads_the_report(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, datetime(2026, 3, 31, 18, 0))
    at = open_page("study_day_admin", app_office.store, app_office.office_id)
    assert len(at.tabs) == 4
    next(b for b in at.button if b.key == "generate_month").click().run()
    assert texts(at, "success") == [translate("studydays.generated", created=9, cancelled=0)]
    sessions = studydays.month_sessions(app_office.store, month_of(date(2026, 3, 1)))
    attendance.mark(
        app_office.store, int(sessions["id"].iloc[0]), app_office.staff_id, "present",
        actor_id=app_office.office_id, now=datetime(2026, 3, 31, 18, 0),
    )  # fmt: skip
    report = open_page("attendance_report", app_office.store, app_office.office_id)
    assert not report.exception
    assert len(report.dataframe) == 3
    by_department = report.dataframe[0].value
    assert translate("attendance.report.attended_per_head") in by_department.columns
    assert translate("attendance.status.present") not in by_department.columns
    refused = open_page("attendance_report", app_office.store, app_office.trainer_id)
    assert texts(refused, "error") == [translate("gate.refused")]
