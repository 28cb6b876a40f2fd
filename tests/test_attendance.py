"""Sign-in codes, trainers' marks and corrections, attendance rates and the month report."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from conftest import Office

from learnhub import attendance, studydays
from learnhub.attendance import code_for, sign_in
from learnhub.calendar import WorkCalendar
from learnhub.errors import ValidationError
from learnhub.periods import month_of

DAY = date(2026, 3, 16)  # a Monday
OPEN = datetime(2026, 3, 16, 14, 25, 10)  # five minutes before the afternoon starts


def minute(now: datetime) -> int:
    return int((now - datetime(1970, 1, 1)).total_seconds() // 60)


def code_at(office: Office, session_id: int, now: datetime) -> str:
    session = office.store.study_days.session(session_id)
    assert session is not None
    return code_for(str(session["signin_secret"]), minute(now))


@pytest.fixture
def session_id(office: Office) -> int:
    sid = studydays.add_session(office.store, day=DAY, half_day="pm", category="政治理论")
    attendance.open_signin(office.store, sid, OPEN)
    return sid


def status(office: Office, session_id: int, person_id: int) -> str | None:
    return office.store.transaction(
        lambda cur: office.store.study_days.attendance_status(cur, session_id, person_id)
    )


def test_the_code_of_this_minute_signs_in_once(office: Office, session_id: int) -> None:
    now = OPEN + timedelta(minutes=3)
    shown = attendance.current_code(office.store, session_id, now)
    assert shown is not None and len(shown) == 6 and shown.isdigit()
    first = sign_in(office.store, session_id, office.staff_id, shown, now)
    assert (first.status, first.already) == ("present", False)
    again = sign_in(office.store, session_id, office.staff_id, shown, now + timedelta(seconds=20))
    assert (again.status, again.already) == ("present", True)
    assert status(office, session_id, office.staff_id) == "present"


def test_the_previous_minutes_code_is_still_accepted_but_not_older(
    office: Office, session_id: int
) -> None:
    now = OPEN + timedelta(minutes=5)
    previous = code_at(office, session_id, now - timedelta(minutes=1))
    assert sign_in(office.store, session_id, office.staff_id, previous, now).status == "present"
    older = code_at(office, session_id, now - timedelta(minutes=2))
    with pytest.raises(ValidationError) as refused:
        sign_in(office.store, session_id, office.other_staff_id, older, now)
    assert refused.value.key == "attendance.code_expired"
    assert status(office, session_id, office.other_staff_id) is None


def test_a_code_of_another_session_is_refused(office: Office, session_id: int) -> None:
    other = studydays.add_session(office.store, day=DAY, half_day="am", category="业务")
    attendance.open_signin(office.store, other, OPEN, minutes=30)
    now = OPEN + timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        sign_in(office.store, session_id, office.staff_id, code_at(office, other, now), now)
    assert refused.value.key == "attendance.code_wrong"
    assert status(office, session_id, office.staff_id) is None


def test_codes_outside_the_window_and_the_next_day_are_refused(
    office: Office, session_id: int
) -> None:
    after = datetime(2026, 3, 16, 17, 31)  # the afternoon ended at 17:30
    with pytest.raises(ValidationError) as closed:
        sign_in(
            office.store, session_id, office.staff_id, code_at(office, session_id, after), after
        )
    assert closed.value.key == "attendance.closed"
    next_day = OPEN + timedelta(days=1)
    with pytest.raises(ValidationError):
        sign_in(
            office.store,
            session_id,
            office.staff_id,
            code_at(office, session_id, next_day),
            next_day,
        )
    before = OPEN - timedelta(minutes=10)
    with pytest.raises(ValidationError) as early:
        sign_in(
            office.store, session_id, office.staff_id, code_at(office, session_id, before), before
        )
    assert early.value.key == "attendance.not_open"
    assert attendance.current_code(office.store, session_id, after) is None
    with pytest.raises(ValidationError) as bad:
        sign_in(office.store, session_id, office.staff_id, "12ab", OPEN)
    assert bad.value.key == "attendance.code_format"


def test_sign_in_opens_only_on_the_day_and_for_a_chosen_number_of_minutes(office: Office) -> None:
    sid = studydays.add_session(office.store, day=DAY, half_day="pm", category="业务")
    with pytest.raises(ValidationError):
        attendance.open_signin(office.store, sid, OPEN - timedelta(days=1))
    with pytest.raises(ValidationError):
        attendance.open_signin(office.store, sid, OPEN, minutes=0)
    closes = attendance.open_signin(office.store, sid, OPEN, minutes=10)
    assert closes == OPEN + timedelta(minutes=10)


def test_signing_in_after_the_grace_period_is_late(office: Office, session_id: int) -> None:
    on_time = datetime(2026, 3, 16, 14, 45)  # start 14:30 + 15 minutes
    code = code_at(office, session_id, on_time)
    assert sign_in(office.store, session_id, office.staff_id, code, on_time).status == "present"
    late = datetime(2026, 3, 16, 14, 45, 30) + timedelta(minutes=1)
    code = code_at(office, session_id, late)
    assert sign_in(office.store, session_id, office.other_staff_id, code, late).status == "late"


def test_marks_and_corrections_keep_their_reason(office: Office, session_id: int) -> None:
    store, now = office.store, OPEN + timedelta(hours=1)
    assert attendance.mark(
        store, session_id, office.staff_id, "absent", actor_id=office.trainer_id, now=now
    )
    with pytest.raises(ValidationError) as refused:
        attendance.mark(
            store, session_id, office.staff_id, "leave", actor_id=office.trainer_id, now=now
        )
    assert refused.value.key == "attendance.reason_missing"
    assert status(office, session_id, office.staff_id) == "absent"
    assert store.study_days.history(session_id).empty
    attendance.mark(
        store, session_id, office.staff_id, "leave", actor_id=office.trainer_id, now=now,
        reason="事先请假，补交假条",
    )  # fmt: skip
    history = store.study_days.history(session_id).to_dict("records")
    assert len(history) == 1
    row = history[0]
    assert (row["previous_status"], row["new_status"]) == ("absent", "leave")
    assert (row["reason"], row["changed_by"]) == ("事先请假，补交假条", "王老师")
    assert status(office, session_id, office.staff_id) == "leave"
    with pytest.raises(ValidationError):
        attendance.mark(
            store, session_id, office.staff_id, "away", actor_id=office.trainer_id, now=now
        )


def test_staff_attendance_rate_counts_only_held_sessions(office: Office) -> None:
    store = office.store
    march = month_of(DAY)
    studydays.generate_month(store, march, WorkCalendar())
    frame = studydays.month_sessions(store, march)
    held = [int(i) for i in frame["id"]]  # 2, 6, 9, 13, 16, 20, 23, 27, 30 March
    now = datetime(2026, 3, 20, 18, 0)  # Friday evening: 6 sessions have taken place
    for sid, mark in zip(held[:3], ["present", "late", "leave"], strict=True):
        attendance.mark(store, sid, office.staff_id, mark, actor_id=office.trainer_id, now=now)
    rate = attendance.person_rate(store, office.staff_id, march, now)
    assert rate["held"] == 6 and rate["present"] == 1 and rate["late"] == 1
    assert rate["leave"] == 1 and rate["absent"] == 3
    assert rate["rate"] == pytest.approx(2 / 6)
    studydays.cancel_session(store, held[3], reason="停电")
    assert attendance.person_rate(store, office.staff_id, march, now)["held"] == 5


def test_month_report_compares_departments_per_head(office: Office) -> None:
    store = office.store
    march = month_of(DAY)
    sid = studydays.add_session(store, day=DAY, half_day="pm", category="业务")
    now = datetime(2026, 3, 31, 18, 0)
    for person in (office.staff_id, office.office_id, office.other_staff_id):
        attendance.mark(store, sid, person, "present", actor_id=office.trainer_id, now=now)
    report = attendance.month_report(store, march, now)
    assert list(report.sessions["expected"]) == [3] and list(report.sessions["rate"]) == [1.0]
    people = report.people.set_index("name")
    assert people.loc["张三", "present"] == 1 and people.loc["张三", "rate"] == 1.0
    depts = report.departments.set_index("department")
    assert set(depts.index) == {"综合科", "业务科", "办公室"}
    assert "present" not in report.departments.columns  # per head, never raw totals
    assert depts.loc["综合科", "attended_per_head"] == 1.0
    assert depts.loc["综合科", "headcount"] == 1
    assert attendance.month_report(store, month_of(date(2026, 4, 1)), now).people.empty


def test_a_simultaneous_first_sign_in_is_recorded_once(office: Office, session_id: int) -> None:
    now = OPEN + timedelta(minutes=2)
    code = code_at(office, session_id, now)
    results = []

    def go() -> None:
        results.append(sign_in(office.store, session_id, office.staff_id, code, now))

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.already for r in results) == [False, True, True, True]
    count = office.store.db.scalar(
        "SELECT count(*) FROM attendance WHERE session_id = ?", [session_id]
    )
    assert count == 1
