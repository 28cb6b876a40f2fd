"""Training classes: sessions from dates, the roster, sign-in, leave requests, figures, ledger."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import openpyxl
import pandas as pd
import pytest
from conftest import Office, add_person

from learnhub import attendance, code_throttle, leave, studydays, training
from learnhub.calendar import WorkCalendar
from learnhub.errors import NotAllowed, ValidationError
from learnhub.imports.class_roster import apply_class_roster, preview_class_roster
from learnhub.imports.tabular import read_table
from learnhub.periods import month_of
from learnhub.store import Store
from learnhub.training_figures import class_figures, ledger_xlsx

MONDAY = date(2026, 3, 16)
THURSDAY = date(2026, 3, 19)
CAL = WorkCalendar()
OFFICE_ROLES = frozenset({"office", "staff"})
TRAINER_ROLES = frozenset({"trainer"})
BEFORE = datetime(2026, 3, 13, 9, 0)  # the Friday before the class
AFTER = datetime(2026, 3, 20, 9, 0)  # the day after it


def new_class(office: Office, **changes: object) -> int:
    values: dict[str, object] = {
        "organiser_id": office.trainer_id,
        "title": "2026年春季业务骨干培训班",
        "category": "业务",
        "first_day": MONDAY,
        "last_day": THURSDAY,
        "location": "三楼会议室",
    }
    values.update(changes)
    return training.create_class(office.store, CAL, **values)  # type: ignore[arg-type]


def sessions(store: Store, class_id: int) -> pd.DataFrame:
    frame = store.training.sessions(class_id)
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def session_at(store: Store, class_id: int, day: date, half_day: str) -> int:
    frame = sessions(store, class_id)
    match = frame[(frame["day"] == day) & (frame["half_day"] == half_day)]
    return int(match["id"].iloc[0])


def enrol(office: Office, class_id: int, *people: int) -> None:
    training.add_members(
        office.store, class_id, list(people), actor_id=office.trainer_id, actor_roles=TRAINER_ROLES
    )


def mark(office: Office, session_id: int, person_id: int, status: str) -> None:
    attendance.mark(
        office.store, session_id, person_id, status, actor_id=office.trainer_id, now=AFTER
    )


def class_count(store: Store) -> int:
    return int(store.db.scalar("SELECT count(*) FROM training_classes"))


# -- classes and sessions ------------------------------------------------------------------------
def test_a_class_gets_a_session_per_half_day_of_each_working_day(office: Office) -> None:
    class_id = new_class(office, last_day=date(2026, 3, 22))  # runs over a weekend
    frame = sessions(office.store, class_id)
    assert sorted(set(frame["day"])) == [MONDAY + timedelta(days=i) for i in range(5)]
    assert len(frame) == 10
    assert set(frame["credit_hours"]) == {training.DEFAULT_HOURS}
    assert set(frame["location"]) == {"三楼会议室"}


def test_afternoons_only_and_hours_per_half_day_are_the_trainers_choice(office: Office) -> None:
    class_id = new_class(office, half_days=("pm",), hours_per_session="3.5")
    frame = sessions(office.store, class_id)
    assert list(frame["half_day"]) == ["pm"] * 4
    assert set(frame["credit_hours"]) == {3.5}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"last_day": MONDAY - timedelta(days=1)}, "training.dates_reversed"),
        ({"last_day": MONDAY + timedelta(days=90)}, "training.too_long"),
        ({"half_days": ()}, "training.half_days_missing"),
        (
            {"first_day": date(2026, 3, 21), "last_day": date(2026, 3, 22)},
            "training.no_working_days",
        ),
        ({"category": "体育"}, "training.category_unknown"),
        ({"title": "  "}, "training.title_missing"),
        ({"hours_per_session": -10}, "training.hours_invalid"),
        ({"hours_per_session": 0.3}, "training.hours_invalid"),
        ({"hours_per_session": "四"}, "training.hours_invalid"),
    ],
)
def test_a_bad_class_is_refused_and_nothing_is_stored(
    office: Office, changes: dict[str, object], key: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        new_class(office, **changes)
    assert caught.value.key == key
    assert class_count(office.store) == 0
    assert int(office.store.db.scalar("SELECT count(*) FROM study_sessions")) == 0


def test_only_the_organiser_and_the_office_manage_a_class(office: Office) -> None:
    class_id = new_class(office)
    other_trainer = add_person(office.store, "t002", "陈老师", "业务科", "trainer")
    with pytest.raises(NotAllowed):
        enrol_as(office, class_id, other_trainer, TRAINER_ROLES)
    enrol_as(office, class_id, office.office_id, OFFICE_ROLES)
    assert office.store.training.member_ids(class_id) == {office.staff_id}


def enrol_as(office: Office, class_id: int, actor: int, roles: frozenset[str]) -> None:
    training.add_members(
        office.store, class_id, [office.staff_id], actor_id=actor, actor_roles=roles
    )


def test_editing_the_class_carries_sessions_that_kept_the_defaults(office: Office) -> None:
    class_id = new_class(office)
    own = session_at(office.store, class_id, MONDAY, "am")
    training.update_class_session(
        office.store, own, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES,
        topic="开班动员", lecturer_id=office.trainer_id, location="党校礼堂", lesson_ids=[],
        credit_hours=2,
    )  # fmt: skip
    training.update_class(
        office.store, class_id, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES,
        title="春季业务骨干培训班", category="综合", description="", location="五楼报告厅",
        hours_per_session=3,
    )  # fmt: skip
    frame = sessions(office.store, class_id).set_index("id")
    assert frame.loc[own, "location"] == "党校礼堂" and frame.loc[own, "credit_hours"] == 2
    assert frame.loc[own, "topic"] == "开班动员" and frame.loc[own, "lecturer"] == "王老师"
    rest = frame.drop(index=own)
    assert set(rest["location"]) == {"五楼报告厅"}
    assert set(rest["credit_hours"]) == {3.0}
    assert set(frame["category"]) == {"综合"}


def test_a_session_can_be_added_inside_the_dates_once(office: Office) -> None:
    class_id = new_class(office, half_days=("am",))
    added = training.add_class_session(
        office.store, class_id, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES,
        day=THURSDAY, half_day="pm",
    )  # fmt: skip
    assert added in set(sessions(office.store, class_id)["id"])
    for day, key in ((THURSDAY, "training.session_exists"), (AFTER.date(), "training.day_outside")):
        with pytest.raises(ValidationError) as caught:
            training.add_class_session(
                office.store, class_id, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES,
                day=day, half_day="pm",
            )  # fmt: skip
        assert caught.value.key == key


def test_class_sessions_stay_out_of_the_study_day_plan_and_report(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    mark(office, session_at(office.store, class_id, MONDAY, "am"), office.staff_id, "present")
    assert studydays.month_sessions(office.store, month_of(MONDAY)).empty
    assert attendance.month_report(office.store, month_of(MONDAY), AFTER).people.empty


# -- roster --------------------------------------------------------------------------------------
def test_adding_people_twice_keeps_one_place_each(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id, office.other_staff_id)
    joined = training.add_members(
        office.store, class_id, [office.staff_id, office.office_id],
        actor_id=office.trainer_id, actor_roles=TRAINER_ROLES,
    )  # fmt: skip
    assert joined == 1
    roster = office.store.training.roster(class_id)
    assert sorted(roster["name"]) == sorted(["张三", "李四", "赵主任"])


def test_someone_with_a_record_stays_on_the_roster(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id, office.other_staff_id)
    mark(office, session_at(office.store, class_id, MONDAY, "am"), office.staff_id, "present")
    with pytest.raises(ValidationError) as caught:
        training.remove_member(
            office.store, class_id, office.staff_id, actor_id=office.trainer_id,
            actor_roles=TRAINER_ROLES,
        )  # fmt: skip
    assert caught.value.key == "training.member_has_record"
    training.remove_member(
        office.store, class_id, office.other_staff_id, actor_id=office.trainer_id,
        actor_roles=TRAINER_ROLES,
    )  # fmt: skip
    assert office.store.training.member_ids(class_id) == {office.staff_id}


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_roster_file_with_errors_lists_every_row_and_stores_nothing(office: Office) -> None:
    class_id = new_class(office)
    data = xlsx(
        [
            ["2026年春季培训班参训名单"],
            ["工号", "姓名"],
            ["00123", "张三"],
            ["99999", "无名"],
            ["00124", "王五"],
            ["00123", "张三"],
            ["", "空行也要报"],
        ]
    )
    preview = preview_class_roster(office.store, class_id, read_table(data, "名单.xlsx"))
    found = [(e.row, e.key) for e in preview.errors]
    assert found == [
        (4, "imports.username_unknown"),
        (5, "training.roster_name_mismatch"),
        (6, "imports.username_duplicate"),
        (7, "imports.username_missing"),
    ]
    assert "王五" in preview.errors[1].describe("zh") and "李四" in preview.errors[1].describe("zh")
    with pytest.raises(ValidationError):
        apply_class_roster(
            office.store, preview, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES
        )
    assert office.store.training.member_ids(class_id) == set()


def test_a_clean_roster_file_enrols_keeping_leading_zeros(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    data = xlsx([["用户名"], ["00123"], ["00124"], ["office1"]])
    preview = preview_class_roster(office.store, class_id, read_table(data, "名单.xlsx"))
    assert preview.ok
    assert (preview.count("add"), preview.count("already")) == (2, 1)
    joined = apply_class_roster(
        office.store, preview, actor_id=office.trainer_id, actor_roles=TRAINER_ROLES
    )
    assert joined == 2
    assert office.store.training.member_ids(class_id) == {
        office.staff_id, office.other_staff_id, office.office_id
    }  # fmt: skip


# -- sign-in -------------------------------------------------------------------------------------
def open_monday_afternoon(office: Office, class_id: int) -> tuple[int, datetime]:
    session_id = session_at(office.store, class_id, MONDAY, "pm")
    opened = datetime(2026, 3, 16, 14, 25)
    attendance.open_signin(office.store, session_id, opened)
    return session_id, opened + timedelta(minutes=2)


def test_only_the_roster_signs_in_to_a_class_session(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    session_id, now = open_monday_afternoon(office, class_id)
    code = attendance.current_code(office.store, session_id, now)
    assert code is not None
    assert list(attendance.open_sessions(office.store, now, office.staff_id)["id"]) == [session_id]
    assert attendance.open_sessions(office.store, now, office.other_staff_id).empty
    assert attendance.sign_in(office.store, session_id, office.staff_id, code, now).status == (
        "present"
    )
    with pytest.raises(ValidationError) as caught:
        attendance.sign_in(office.store, session_id, office.other_staff_id, code, now)
    assert caught.value.key == "attendance.not_in_class"
    expected = office.store.study_days.session_attendance(session_id)
    assert list(expected["name"]) == ["张三"] and list(expected["status"]) == ["present"]


def test_repeated_wrong_codes_pause_sign_in_then_let_it_go(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    session_id, now = open_monday_afternoon(office, class_id)
    code = attendance.current_code(office.store, session_id, now)
    assert code is not None
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    for _ in range(code_throttle.MAX_WRONG):
        with pytest.raises(ValidationError) as caught:
            attendance.sign_in(office.store, session_id, office.staff_id, wrong, now)
        assert caught.value.key == "attendance.code_wrong"
    with pytest.raises(ValidationError) as caught:
        attendance.sign_in(office.store, session_id, office.staff_id, code, now)
    assert caught.value.key == "attendance.too_many_wrong"
    assert caught.value.params == {"minutes": 10}
    # Others are not held back by one person's mistakes.
    enrol(office, class_id, office.other_staff_id)
    assert attendance.sign_in(office.store, session_id, office.other_staff_id, code, now)
    later = now + code_throttle.WINDOW
    fresh = attendance.current_code(office.store, session_id, later)
    assert fresh is not None
    assert attendance.sign_in(office.store, session_id, office.staff_id, fresh, later).status == (
        "present"
    )


# -- leave ---------------------------------------------------------------------------------------
def test_approved_leave_marks_the_sessions_and_keeps_attended_ones(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    tue_am = session_at(office.store, class_id, date(2026, 3, 17), "am")
    tue_pm = session_at(office.store, class_id, date(2026, 3, 17), "pm")
    request = leave.request_leave(
        office.store, class_id, office.staff_id, [tue_am, tue_pm], "母亲住院陪护", BEFORE
    )
    mark(office, tue_am, office.staff_id, "present")  # came in the morning after all
    leave.decide_leave(
        office.store, request, approve=True, actor_id=office.trainer_id,
        actor_roles=TRAINER_ROLES, note="", now=BEFORE,
    )  # fmt: skip
    marks = office.store.training.marks(class_id).set_index("session_id")
    assert marks.loc[tue_am, "status"] == "present"
    assert marks.loc[tue_pm, "status"] == "leave"
    requests = office.store.training.leave_requests(class_id)
    assert list(requests["status"]) == ["approved"] and list(requests["decided_by"]) == ["王老师"]


@pytest.mark.parametrize(
    ("reason", "when", "key"),
    [
        ("", BEFORE, "leave.reason_missing"),
        ("事" * 201, BEFORE, "leave.reason_too_long"),
        ("临时出差", AFTER, "leave.session_over"),
    ],
)
def test_a_bad_leave_request_is_refused(
    office: Office, reason: str, when: datetime, key: str
) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    session_id = session_at(office.store, class_id, MONDAY, "am")
    with pytest.raises(ValidationError) as caught:
        leave.request_leave(office.store, class_id, office.staff_id, [session_id], reason, when)
    assert caught.value.key == key
    assert office.store.training.leave_requests(class_id).empty


def test_leave_is_asked_once_per_session_and_only_by_the_roster(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id)
    session_id = session_at(office.store, class_id, MONDAY, "am")
    leave.request_leave(office.store, class_id, office.staff_id, [session_id], "出差", BEFORE)
    with pytest.raises(ValidationError) as twice:
        leave.request_leave(office.store, class_id, office.staff_id, [session_id], "出差", BEFORE)
    assert twice.value.key == "leave.already_requested"
    with pytest.raises(ValidationError) as stranger:
        leave.request_leave(
            office.store, class_id, office.other_staff_id, [session_id], "出差", BEFORE
        )
    assert stranger.value.key == "leave.not_member"


def test_a_decline_says_why_and_a_pending_request_can_be_withdrawn(office: Office) -> None:
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id, office.other_staff_id)
    session_id = session_at(office.store, class_id, MONDAY, "am")
    mine = leave.request_leave(
        office.store, class_id, office.staff_id, [session_id], "出差", BEFORE
    )
    theirs = leave.request_leave(
        office.store, class_id, office.other_staff_id, [session_id], "家中有事", BEFORE
    )
    with pytest.raises(ValidationError) as no_note:
        leave.decide_leave(
            office.store, mine, approve=False, actor_id=office.trainer_id,
            actor_roles=TRAINER_ROLES, note=" ", now=BEFORE,
        )  # fmt: skip
    assert no_note.value.key == "leave.decline_note_missing"
    leave.decide_leave(
        office.store, mine, approve=False, actor_id=office.office_id,
        actor_roles=OFFICE_ROLES, note="开班第一课，请安排好工作", now=BEFORE,
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        leave.withdraw_leave(office.store, theirs, office.staff_id, BEFORE)
    with pytest.raises(ValidationError) as decided:
        leave.withdraw_leave(office.store, mine, office.staff_id, BEFORE)
    assert decided.value.key == "leave.already_decided"
    leave.withdraw_leave(office.store, theirs, office.other_staff_id, BEFORE)
    requests = office.store.training.leave_requests(class_id).set_index("id")
    assert requests.loc[mine, "status"] == "declined"
    assert requests.loc[mine, "decision_note"] == "开班第一课，请安排好工作"
    assert requests.loc[theirs, "status"] == "withdrawn"
    assert office.store.training.marks(class_id)["status"].isna().all()


# -- figures and the ledger ----------------------------------------------------------------------
@pytest.fixture
def seven_session_class(office: Office) -> int:
    """Mon–Thu, both half-days, Thursday afternoon cancelled: 7 sessions of 4 hours.
    张三 is on leave once (1/7, at the limit), 李四 twice (over it), 赵主任 never marked."""
    class_id = new_class(office)
    enrol(office, class_id, office.staff_id, office.other_staff_id, office.office_id)
    studydays.cancel_session(
        office.store, session_at(office.store, class_id, THURSDAY, "pm"), reason="专家行程调整"
    )
    ids = sessions(office.store, class_id)
    ids = ids[ids["status"] == "scheduled"]["id"].astype(int).tolist()
    assert len(ids) == 7
    for n, session_id in enumerate(ids):
        mark(office, session_id, office.staff_id, "leave" if n == 0 else "present")
        status = "leave" if n in (1, 2) else ("late" if n == 3 else "present")
        mark(office, session_id, office.other_staff_id, status)
    return class_id


def test_figures_of_a_finished_class(office: Office, seven_session_class: int) -> None:
    figures = class_figures(office.store, seven_session_class, AFTER)
    people = figures.people.set_index("name")
    assert people.loc["张三", ["attended", "leave", "absent"]].tolist() == [6, 1, 0]
    assert people.loc["李四", ["attended", "late", "leave"]].tolist() == [5, 1, 2]
    assert people.loc["赵主任", ["attended", "absent"]].tolist() == [0, 7]
    assert people["credit_hours"].to_dict() == {"张三": 24.0, "李四": 20.0, "赵主任": 0.0}
    assert people["over_limit"].to_dict() == {"张三": False, "李四": True, "赵主任": False}
    summary = figures.summary
    assert (summary["sessions"], summary["held"], summary["participants"]) == (7, 7, 3)
    assert summary["person_times"] == 11
    assert summary["expected_person_times"] == 21
    assert summary["credit_hours_total"] == 44.0
    assert summary["credit_hours_per_person"] == pytest.approx(44 / 3)
    assert summary["over_limit"] == 1


def test_sessions_still_ahead_are_neither_attended_nor_missed(
    office: Office, seven_session_class: int
) -> None:
    tuesday_noon = datetime(2026, 3, 17, 12, 30)  # Monday's two and Tuesday morning are held
    figures = class_figures(office.store, seven_session_class, tuesday_noon)
    people = figures.people.set_index("name")
    assert figures.summary["held"] == 3
    assert people.loc["赵主任", ["held", "absent"]].tolist() == [3, 3]
    # Marks for later sessions (entered ahead here) still count as leave: the warning comes early.
    assert people.loc["李四", "leave"] == 2 and bool(people.loc["李四", "over_limit"])
    assert hours(office, office.staff_id) == 24.0


def hours(office: Office, person_id: int) -> float:
    return training.hours_in_year(office.store, person_id, 2026)


def test_the_ledger_workbook_reads_back_with_both_sheets(
    office: Office, seven_session_class: int
) -> None:
    store = office.store
    store.transaction(
        lambda cur: store.training.update_class(
            cur, seven_session_class, {"title": '=HYPERLINK("http://x")'}
        )
    )
    data = ledger_xlsx(class_figures(store, seven_session_class, AFTER), "zh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["培训台账", "汇总"]
    people = pd.read_excel(io.BytesIO(data), sheet_name="培训台账", dtype={"用户名": str})
    assert list(people["用户名"]) == ["00123", "00124", "office1"]
    assert list(people["获得学时"]) == [24, 20, 0]
    assert list(people["请假超过1/7"].fillna("")) == ["", "是", ""]
    summary = pd.read_excel(io.BytesIO(data), sheet_name="汇总").set_index("项目")["数值"]
    assert summary["出勤人次"] == 11 and summary["参训人数"] == 3
    assert summary["培训班名称"] == '\'=HYPERLINK("http://x")'
    english = openpyxl.load_workbook(
        io.BytesIO(ledger_xlsx(class_figures(store, seven_session_class, AFTER), "en"))
    )
    assert english.sheetnames == ["Training ledger", "Summary"]


def test_only_the_organiser_or_the_office_cancels_a_class_session(office: Office) -> None:
    class_id = new_class(office)
    session_id = session_at(office.store, class_id, MONDAY, "am")
    other_trainer = add_person(office.store, "t002", "陈老师", "业务科", "trainer")
    with pytest.raises(NotAllowed):
        training.cancel_class_session(
            office.store, session_id, actor_id=other_trainer, actor_roles=TRAINER_ROLES,
            reason="场地冲突",
        )  # fmt: skip
    training.cancel_class_session(
        office.store, session_id, actor_id=office.office_id, actor_roles=OFFICE_ROLES,
        reason="场地冲突",
    )  # fmt: skip
    frame = sessions(office.store, class_id).set_index("id")
    assert frame.loc[session_id, "status"] == "cancelled"
    assert frame.loc[session_id, "status_reason"] == "场地冲突"
