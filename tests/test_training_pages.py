"""The staff's 培训班 page through AppTest, on a fixed office clock: sign-in, leave, figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import Office
from pages_support import open_page, texts

from learnhub import attendance, leave, training
from learnhub.calendar import WorkCalendar
from learnhub.i18n import translate

MONDAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 14, 35, 20)  # Monday afternoon of the class, five minutes in
TRAINER = frozenset({"trainer"})


def set_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: now)


def button(at, key: str, **params: object):  # type: ignore[no-untyped-def]
    label = translate(key, **params)
    return next(b for b in at.button if b.label == label)


def a_class(office: Office, *members: int) -> int:
    class_id = training.create_class(
        office.store, WorkCalendar(), organiser_id=office.trainer_id, title="春季业务骨干培训班",
        category="业务", first_day=MONDAY, last_day=date(2026, 3, 19), location="三楼会议室",
    )  # fmt: skip
    training.add_members(
        office.store, class_id, list(members), actor_id=office.trainer_id, actor_roles=TRAINER
    )
    return class_id


def session_id(office: Office, class_id: int, day: date, half_day: str) -> int:
    frame = office.store.training.sessions(class_id)
    return int(frame[(frame["day"] == day) & (frame["half_day"] == half_day)]["id"].iloc[0])


def test_someone_on_no_class_is_told_so(app_office: Office) -> None:
    at = open_page("training_classes", app_office.store, app_office.staff_id)
    assert not at.exception
    assert translate("classes.none") in texts(at, "caption")
    assert not at.dataframe


def test_a_member_signs_in_to_the_class_from_the_page(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, NOW)
    store = app_office.store
    class_id = a_class(app_office, app_office.staff_id)
    afternoon = session_id(app_office, class_id, MONDAY, "pm")
    attendance.open_signin(store, afternoon, NOW)
    code = attendance.current_code(store, afternoon, NOW)
    assert code is not None
    at = open_page("training_classes", store, app_office.staff_id)
    options = at.selectbox[0].options
    assert options == ["2026-03-16 周一 下午 · 春季业务骨干培训班"]
    at.text_input(key="signin_code_input").set_value(code)
    button(at, "studydays.signin_submit").click().run()
    present = translate("attendance.status.present")
    assert texts(at, "success") == [translate("studydays.signed_in", status=present)]
    schedule = at.dataframe[0].value
    assert list(schedule[translate("classes.col.mine")])[:3] == [
        translate("attendance.status.absent"),  # Monday morning passed without a mark
        present,
        translate("classes.ahead"),
    ]
    # The study-day page offers the same session to the same person, and nobody else sees it.
    assert open_page("study_days", store, app_office.staff_id).selectbox[0].options == options
    other = open_page("study_days", store, app_office.other_staff_id)
    assert translate("studydays.signin_none_open") in texts(other, "caption")


def test_a_member_asks_leave_and_withdraws_it(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, NOW)
    store = app_office.store
    class_id = a_class(app_office, app_office.staff_id)
    at = open_page("training_classes", store, app_office.staff_id)
    chooser = next(m for m in at.multiselect if m.label == translate("classes.leave_sessions"))
    # Monday morning has ended; the afternoon under way can still be asked for.
    assert chooser.options[0] == "2026-03-16 周一 下午"
    tuesday = session_id(app_office, class_id, date(2026, 3, 17), "am")
    chooser.set_value([tuesday])
    button(at, "classes.leave_submit").click().run()
    assert texts(at, "error") == [translate("leave.reason_missing")]
    assert store.training.leave_requests(class_id).empty

    chooser = next(m for m in at.multiselect if m.label == translate("classes.leave_sessions"))
    chooser.set_value([tuesday])
    at.text_area[0].set_value("到市局参加业务考试")
    button(at, "classes.leave_submit").click().run()
    assert texts(at, "success") == [translate("classes.leave_sent")]
    requests = at.dataframe[-1].value
    assert list(requests[translate("classes.col.status")]) == [translate("classes.status.pending")]
    chooser = next(m for m in at.multiselect if m.label == translate("classes.leave_sessions"))
    assert "2026-03-17 周二 上午" not in chooser.options, "asked once, not offered again"

    withdraw = next(b for b in at.button if b.label.startswith("撤回"))
    withdraw.click().run()
    assert texts(at, "success") == [translate("classes.withdrawn")]
    assert list(store.training.leave_requests(class_id)["status"]) == ["withdrawn"]


def test_leave_over_a_seventh_shows_a_warning(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clock(monkeypatch, datetime(2026, 3, 13, 9, 0))  # the Friday before
    store = app_office.store
    class_id = a_class(app_office, app_office.staff_id)  # 8 half-days: one is the limit
    wanted = [session_id(app_office, class_id, MONDAY, h) for h in ("am", "pm")]
    request = leave.request_leave(
        store, class_id, app_office.staff_id, wanted, "外出学习", datetime(2026, 3, 13, 9, 0)
    )
    at = open_page("training_classes", store, app_office.staff_id)
    assert not at.warning
    leave.decide_leave(
        store, request, approve=True, actor_id=app_office.trainer_id, actor_roles=TRAINER,
        note="", now=datetime(2026, 3, 13, 9, 5),
    )  # fmt: skip
    at.run()
    assert texts(at, "warning") == [translate("classes.over_limit", sessions=8)]
    leave_metric = next(m for m in at.metric if m.label == translate("classes.leave"))
    assert leave_metric.value == "2"
