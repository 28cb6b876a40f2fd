"""Study-day rules, generated sessions, holidays and the lecturer rotation."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import Office, add_person

from learnhub import studydays
from learnhub.calendar import WorkCalendar
from learnhub.errors import ValidationError
from learnhub.periods import month_of
from learnhub.store import Store

OCTOBER = month_of(date(2026, 10, 1))


def sessions(store: Store, month_day: date) -> list[tuple[date, str, str, str | None]]:
    frame = studydays.month_sessions(store, month_of(month_day))
    return [(r.day, r.half_day, r.status, r.status_reason) for r in frame.itertuples(index=False)]


def test_october_generates_mondays_and_fridays_and_cancels_the_national_day_ones(
    fresh_store: Store,
) -> None:
    result = studydays.generate_month(fresh_store, OCTOBER, WorkCalendar())
    got = sessions(fresh_store, OCTOBER.start)
    # Mondays 5, 12, 19, 26 and Fridays 2, 9, 16, 23, 30; the holiday runs 1–8 October.
    assert [d.day for d, *_ in got] == [2, 5, 9, 12, 16, 19, 23, 26, 30]
    cancelled = [(d.day, reason) for d, _, status, reason in got if status == "cancelled"]
    assert cancelled == [(2, "holiday"), (5, "holiday")]
    assert all(half == "pm" for _, half, _, _ in got)
    assert (result.created, result.cancelled) == (9, 2)
    again = studydays.generate_month(fresh_store, OCTOBER, WorkCalendar())
    assert (again.created, again.cancelled, again.restored) == (0, 0, 0)
    assert len(sessions(fresh_store, OCTOBER.start)) == 9


def test_an_office_override_cancels_or_restores_on_the_next_generation(fresh_store: Store) -> None:
    studydays.generate_month(fresh_store, OCTOBER, WorkCalendar())
    calendar = WorkCalendar({date(2026, 10, 12): False, date(2026, 10, 5): True})
    result = studydays.generate_month(fresh_store, OCTOBER, calendar)
    assert (result.created, result.cancelled, result.restored) == (0, 1, 1)
    status = {d.day: s for d, _, s, _ in sessions(fresh_store, OCTOBER.start)}
    assert status[12] == "cancelled" and status[5] == "scheduled"


def test_a_moved_rule_applies_from_its_date(fresh_store: Store) -> None:
    rules = fresh_store.study_days.rules()
    monday = int(rules[rules["weekday"] == 0]["id"].iloc[0])
    studydays.generate_month(fresh_store, month_of(date(2026, 3, 1)), WorkCalendar())
    # From 16 March the political study moves to Tuesday morning.
    studydays.move_rule(fresh_store, monday, valid_from=date(2026, 3, 16), half_day="am", weekday=1)
    studydays.generate_month(fresh_store, month_of(date(2026, 3, 1)), WorkCalendar())
    political = [
        (d.day, half)
        for d, half, _, _ in sessions(fresh_store, date(2026, 3, 1))
        if d.weekday() in (0, 1)
    ]
    assert political == [(2, "pm"), (9, "pm"), (17, "am"), (24, "am"), (31, "am")]
    with pytest.raises(ValidationError):
        studydays.move_rule(
            fresh_store, monday, valid_from=date(2026, 4, 1), half_day="am", weekday=2
        )


def test_ending_a_rule_stops_its_sessions(fresh_store: Store) -> None:
    rules = fresh_store.study_days.rules()
    friday = int(rules[rules["weekday"] == 4]["id"].iloc[0])
    studydays.generate_month(fresh_store, month_of(date(2026, 3, 1)), WorkCalendar())
    removed = studydays.end_rule(fresh_store, friday, last_day=date(2026, 3, 15))
    assert removed == 2  # 20 and 27 March
    fridays = [d.day for d, *_ in sessions(fresh_store, date(2026, 3, 1)) if d.weekday() == 4]
    assert fridays == [6, 13]


def test_a_monthly_rule_and_a_single_session(office: Office) -> None:
    store = office.store
    studydays.add_rule(
        store, name="固定学习日", cadence="monthly", month_day=20, half_day="am",
        category="政治理论", valid_from=date(2026, 1, 1),
    )  # fmt: skip
    studydays.generate_month(store, month_of(date(2026, 3, 1)), WorkCalendar())
    assert (date(2026, 3, 20), "am", "scheduled", None) in sessions(store, date(2026, 3, 1))
    extra = studydays.add_session(
        store, day=date(2026, 3, 25), half_day="pm", category="业务", topic="数据安全",
        lecturer_id=office.trainer_id, location="三楼会议室",
    )  # fmt: skip
    saved = store.study_days.session(extra)
    assert saved is not None and saved["lecturer"] == "王老师" and saved["rule_id"] is None
    # Generating again leaves the single session alone and adds nothing.
    assert studydays.generate_month(store, month_of(date(2026, 3, 1)), WorkCalendar()).created == 0
    studydays.cancel_session(store, extra, reason="上级来检查")
    cancelled = store.study_days.session(extra)
    assert cancelled is not None and cancelled["status_reason"] == "上级来检查"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cadence": "monthly", "month_day": 31},
        {"cadence": "weekly", "weekday": 7},
        {"cadence": "daily", "weekday": 1},
        {"cadence": "weekly", "weekday": 1, "name": " "},
    ],
)
def test_bad_rules_are_refused_and_nothing_stored(fresh_store: Store, kwargs: dict) -> None:
    values = {
        "name": "学习日",
        "half_day": "pm",
        "category": "业务",
        "valid_from": date(2026, 1, 1),
    }
    with pytest.raises(ValidationError):
        studydays.add_rule(fresh_store, **{**values, **kwargs})
    assert len(fresh_store.study_days.rules()) == 2


def test_cancelling_needs_a_reason(fresh_store: Store) -> None:
    sid = studydays.add_session(fresh_store, day=date(2026, 3, 25), half_day="pm", category="业务")
    with pytest.raises(ValidationError):
        studydays.cancel_session(fresh_store, sid, reason="  ")
    session = fresh_store.study_days.session(sid)
    assert session is not None and session["status"] == "scheduled"


def test_rotation_is_fair_and_deterministic(office: Office) -> None:
    store = office.store
    for n in range(3):
        add_person(store, f"z{n}", f"综合{n}", "综合科", "staff")
    depts = store.people.departments()
    zonghe = [int(depts[depts["name"] == "综合科"]["id"].iloc[0])]
    march, april = month_of(date(2026, 3, 1)), month_of(date(2026, 4, 1))
    for month in (march, april):
        studydays.generate_month(store, month, WorkCalendar())
    assert studydays.rotate_lecturers(store, march, zonghe) == 9
    lecturers = list(studydays.month_sessions(store, march)["lecturer_id"].astype(int))
    # Four staff in 综合科 (张三 and three more; the trainer is not staff): each once per round.
    assert len(set(lecturers[:4])) == 4 and len(set(lecturers[4:8])) == 4
    assert lecturers[:4] == lecturers[4:8]
    assert studydays.rotate_lecturers(store, march, zonghe) == 0  # idempotent
    studydays.rotate_lecturers(store, april, zonghe)
    april_first = int(studydays.month_sessions(store, april)["lecturer_id"].iloc[0])
    counts = {p: lecturers.count(p) for p in set(lecturers)}
    # April continues with someone who lectured least in March.
    assert counts[april_first] == min(counts.values())
    with pytest.raises(ValidationError):
        studydays.rotate_lecturers(store, march, [])
