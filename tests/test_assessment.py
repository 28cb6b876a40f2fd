"""年度考核: a small 2026 with hand-computed composites — the year's scheme score (books only, so a
month is 100 with a book and 0 without), training and online credit hours against the
requirements, reviewed writing and quiz results — graded by the bands, sections compared per
head, candidates, corrections with who and why, and the settings' validation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from conftest import Office, add_person
from test_leaderboards import books_only_from
from test_scheme_versions import record
from test_training import enrol, mark, new_class, sessions

from learnhub import assessment, assessment_settings, review, writing
from learnhub.assessment import annual_report, correct
from learnhub.assessment_settings import AssessmentSettings, validate
from learnhub.errors import NotAllowed, ValidationError
from learnhub.store import Store

TODAY = date(2027, 1, 10)  # 2026 has ended: all twelve months count
NOW = datetime(2027, 1, 10, 9, 0)
OFFICE = frozenset({"office", "staff"})
STAFF = frozenset({"staff"})
TRAINER = frozenset({"trainer"})


@dataclass
class Year:
    office: Office
    wang: int  # 王五, 综合科
    qian: int  # 钱六, 综合科


def books(store: Store, person: int, months: range) -> None:
    for month in months:
        record(store, person, date(2026, month, 10), "book_finished")


def lesson(store: Store, hours: float) -> int:
    def work(cur):  # type: ignore[no-untyped-def]
        course = store.courses.insert_course(
            cur, {"slug": f"c{hours}", "title": "课程", "category": "业务"}
        )
        return store.courses.insert_lesson(
            cur, {"course_id": course, "position": 1, "kind": "markdown", "title": "第一课",
                  "credit_hours": hours},
        )  # fmt: skip

    return int(store.transaction(work))


def studied(store: Store, lesson_id: int, person: int, when: str = "2026-05-10 10:00") -> None:
    assert store.courses.mark_studied(lesson_id, person)
    store.db.execute(
        "UPDATE lesson_studies SET studied_at = ?::TIMESTAMP WHERE lesson_id = ? AND person_id = ?",
        [when, lesson_id, person],
    )


def reviewed_essay(office: Office, person: int, scores: dict[str, int]) -> None:
    when = datetime(2026, 3, 18, 21, 0)
    text = f"第{person}篇：" + "学习体会。" * 200
    piece = writing.save_draft(office.store, person, "essay", today=date(2026, 3, 18), now=when,
                               title="调研心得", text=text)  # fmt: skip
    assert writing.submit(office.store, person, piece, today=date(2026, 3, 18), now=when)
    review.review_piece(office.store, piece, scores=scores, decision="pass", feedback="好",
                        actor_id=office.trainer_id, actor_roles=TRAINER, now=when)  # fmt: skip


def quiz_attempts(store: Store, person: int, scores: list[float], max_score: float = 10) -> None:
    def work(cur):  # type: ignore[no-untyped-def]
        quiz = store.quizzes.insert_quiz(cur, {"title": f"测验{person}", "published": True})
        for number, score in enumerate(scores, start=1):
            store.quizzes.insert_attempt(
                cur, {"quiz_id": quiz, "person_id": person, "number": number,
                      "day": date(2026, 6, 1), "started_at": datetime(2026, 6, 1, 9),
                      "status": "graded", "score": score, "max_score": max_score},
            )  # fmt: skip

    store.transaction(work)


@pytest.fixture
def year(office: Office) -> Year:
    """张三 (综合科): books all year (L 100); a 36-hour class (36/90 = 0.4) and a 25-hour lesson
    (25/50 = 0.5) → H 45; an essay scored 12 of 15 → W 80; a quiz best 8 of 10 → Q 80;
    C = 0.6·100 + 0.2·45 + 0.1·80 + 0.1·80 = 85.0 (良好).
    李四 (业务科): books all year; the class (0.4) and 50 hours of lessons (1.0) → H 70; an essay
    15/15 → W 100; a quiz 10/10 → Q 100; C = 60 + 14 + 10 + 10 = 94.0 (优秀).
    王五 (综合科): books January–June → L 50, nothing else: C 30.0 (不合格).
    钱六 (综合科): books all year, nothing else: C 60.0 (合格).
    赵主任 (办公室, office and staff): nothing: 0.0 (不合格)."""
    store = office.store
    wang = add_person(store, "00125", "王五", "综合科", "staff")
    qian = add_person(store, "00126", "钱六", "综合科", "staff")
    books_only_from(store, date(2026, 1, 1))
    for person in (office.staff_id, office.other_staff_id, qian):
        books(store, person, range(1, 13))
    books(store, wang, range(1, 7))
    class_id = new_class(office, hours_per_session="4.5")  # 4 days × 2 half-days × 4.5 h = 36
    enrol(office, class_id, office.staff_id, office.other_staff_id)
    for session_id in sessions(store, class_id)["id"]:
        mark(office, int(session_id), office.staff_id, "present")
        mark(office, int(session_id), office.other_staff_id, "late")  # late is attended
    first, second = lesson(store, 25), lesson(store, 25.5)
    studied(store, first, office.staff_id)
    studied(store, first, office.other_staff_id)
    studied(store, second, office.other_staff_id)
    studied(store, second, office.staff_id, when="2025-12-30 10:00")  # last year: not counted
    store.db.execute("UPDATE lessons SET credit_hours = 25 WHERE id = ?", [second])
    reviewed_essay(office, office.staff_id, {"content": 4, "depth": 4, "writing": 4})
    reviewed_essay(office, office.other_staff_id, {"content": 5, "depth": 5, "writing": 5})
    quiz_attempts(store, office.staff_id, [6, 8])
    quiz_attempts(store, office.other_staff_id, [10])
    return Year(office, wang, qian)


def test_composites_are_computed_by_hand_and_graded_by_the_bands(year: Year) -> None:
    report = annual_report(year.office.store, 2026, today=TODAY)
    people = report.people.set_index("username")
    zhang, li = people.loc["00123"], people.loc["00124"]
    assert (zhang["learning_score"], zhang["training_hours"], zhang["online_hours"]) == (
        100.0, 36.0, 25.0)  # fmt: skip
    assert (zhang["hours_part"], zhang["review_score"], zhang["quiz_average"]) == (45.0, 80.0, 80.0)
    assert (zhang["pieces_reviewed"], zhang["pieces_passed"], zhang["quizzes_taken"]) == (1, 1, 1)
    assert zhang["composite"] == 85.0 and zhang["grade"] == "good" and not zhang["hours_met"]
    assert (li["training_hours"], li["online_hours"], li["hours_part"]) == (36.0, 50.0, 70.0)
    assert li["composite"] == 94.0 and li["grade"] == "excellent"
    assert people.loc["00125", "composite"] == 30.0 and people.loc["00125", "grade"] == "fail"
    assert people.loc["00126", "composite"] == 60.0 and people.loc["00126", "grade"] == "pass"
    assert people.loc["office1", "composite"] == 0.0
    assert "t001" not in people.index  # trainers are not assessed
    assert list(report.people["username"]) == ["00124", "00123", "00126", "00125", "office1"]
    assert list(report.people["rank"]) == [1, 2, 3, 4, 5]


def test_sections_are_compared_per_head_and_candidates_named(year: Year) -> None:
    report = annual_report(year.office.store, 2026, today=TODAY)
    departments = report.departments.set_index("department")
    # 综合科: (85 + 30 + 60) / 3 = 58.3 per head, though its total (175) is above 业务科's 94.
    assert departments.loc["综合科", "average_composite"] == 58.3
    assert departments.loc["综合科", "people"] == 3
    assert departments.loc["业务科", "rank"] == 1 and departments.loc["综合科", "rank"] == 2
    assert departments.loc["综合科", "fail_share"] == pytest.approx(1 / 3)
    assert departments.loc["综合科", "average_training_hours"] == 12.0
    # 10 % of 5 staff, rounded up: 1 candidate, graded 优秀.
    assert list(report.candidates["username"]) == ["00124"]
    # 先进科室 needs at least 3 people: 综合科, though 业务科 is better per head.
    assert list(report.sections["department"]) == ["综合科"]


def test_writing_can_count_pieces_and_weights_change_the_composite(year: Year) -> None:
    store = year.office.store
    raw = json.loads(AssessmentSettings().to_json())
    raw.update(writing_basis="count", writing_expected=4, training_hours=36, online_hours=25)
    assessment_settings.save(store, raw, actor_roles=OFFICE)
    people = annual_report(store, 2026, today=TODAY).people.set_index("username")
    # 张三: H = 100, W = 100 × 1/4 = 25 → 60 + 20 + 2.5 + 8 = 90.5, now 优秀 with hours met.
    assert people.loc["00123", "writing_part"] == 25.0
    assert people.loc["00123", "composite"] == 90.5 and people.loc["00123", "hours_met"]
    assert people.loc["00123", "grade"] == "excellent"


def test_a_correction_applies_with_who_and_why(year: Year) -> None:
    office = year.office
    store = office.store
    correct(store, 2026, office.staff_id, "training_hours", "90", "补录党校培训 54 学时",
            actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    people = annual_report(store, 2026, today=TODAY).people.set_index("username")
    # H = 100 × (1 + 0.5) / 2 = 75 → 60 + 15 + 8 + 8 = 91.0: 优秀.
    assert people.loc["00123", "training_hours"] == 90.0
    assert people.loc["00123", "composite"] == 91.0 and people.loc["00123", "grade"] == "excellent"
    assert people.loc["00123", "corrected"] and not people.loc["00124", "corrected"]
    correct(store, 2026, office.staff_id, "grade", "good", "考核组意见：维持良好",
            actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    correct(store, 2026, year.wang, "grade", "pass", "病假半年，经研究定为合格",
            actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    report = annual_report(store, 2026, today=TODAY)
    people = report.people.set_index("username")
    assert people.loc["00123", "grade"] == "good" and people.loc["00123", "composite"] == 91.0
    assert people.loc["00123", "corrected_fields"] == "grade,training_hours"
    assert people.loc["00125", "grade"] == "pass"
    log = assessment.corrections(store, 2026)
    assert list(log["field"]) == ["training_hours", "grade", "grade"]
    assert list(log["old_value"]) == ["36", "excellent", "fail"]
    assert set(log["corrected_by_name"]) == {"赵主任"}
    assert log["reason"].iloc[0] == "补录党校培训 54 学时"
    assert assessment.corrections(store, 2025).empty


@pytest.mark.parametrize(
    ("field", "value", "reason", "roles", "error", "key"),
    [
        ("grade", "good", "理由", STAFF, NotAllowed, "assessment.office_only"),
        ("grade", "good", "理由", TRAINER, NotAllowed, "assessment.office_only"),
        ("grade", "good", "  ", OFFICE, ValidationError, "assessment.reason_required"),
        ("grade", "最好", "理由", OFFICE, ValidationError, "assessment.grade_unknown"),
        ("composite", "99", "理由", OFFICE, ValidationError, "assessment.field_unknown"),
        ("training_hours", "-3", "理由", OFFICE, ValidationError, "assessment.value_invalid"),
        ("learning_score", "abc", "理由", OFFICE, ValidationError, "assessment.value_invalid"),
    ],
)
def test_corrections_are_refused_without_reason_or_right(
    year: Year, field: str, value: str, reason: str, roles: frozenset[str],
    error: type[Exception], key: str,
) -> None:  # fmt: skip
    office = year.office
    with pytest.raises(error) as refused:
        correct(office.store, 2026, office.staff_id, field, value, reason,
                actor_id=office.office_id, actor_roles=roles, now=NOW)  # fmt: skip
    assert refused.value.key == key  # type: ignore[attr-defined]
    assert assessment.corrections(office.store, 2026).empty


def test_a_correction_needs_someone_assessed(year: Year) -> None:
    office = year.office
    with pytest.raises(ValidationError) as refused:
        correct(office.store, 2026, office.trainer_id, "grade", "good", "理由",
                actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    assert refused.value.key == "assessment.person_unknown"


def _raw(**changes: object) -> dict[str, object]:
    raw = json.loads(AssessmentSettings().to_json())
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"bands": {"excellent": 75, "good": 90, "pass": 60}}, "assessment.bands_order"),
        ({"bands": {"excellent": 90, "good": 75, "pass": 75}}, "assessment.bands_order"),
        ({"bands": {"excellent": 120, "good": 75, "pass": 60}}, "assessment.bands_range"),
        ({"bands": {"excellent": 90, "good": 75, "pass": -1}}, "assessment.bands_range"),
        ({"weights": {"learning": 60, "hours": 20, "writing": 10, "quizzes": 20}},
         "assessment.weights_sum"),
        ({"weights": {"learning": 120, "hours": -20, "writing": 0, "quizzes": 0}},
         "assessment.weights_range"),
        ({"training_hours": -1}, "assessment.hours_range"),
        ({"online_hours": "many"}, "assessment.hours_range"),
        ({"candidate_share": 0}, "assessment.share_range"),
        ({"section_minimum": 0}, "assessment.section_range"),
        ({"writing_basis": "clicks"}, "assessment.writing_basis_unknown"),
    ],
)  # fmt: skip
def test_settings_are_validated_and_nothing_is_stored_when_refused(
    office: Office, changes: dict[str, object], key: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        assessment_settings.save(office.store, _raw(**changes), actor_roles=OFFICE)
    assert refused.value.key == key
    assert assessment_settings.load(office.store) == AssessmentSettings()


def test_settings_are_the_offices_and_round_trip(office: Office) -> None:
    with pytest.raises(NotAllowed):
        assessment_settings.save(office.store, _raw(), actor_roles=STAFF)
    saved = assessment_settings.save(
        office.store,
        _raw(bands={"excellent": 95, "good": 80, "pass": 60}, note="科级及以下"),
        actor_roles=OFFICE,
    )
    assert assessment_settings.load(office.store) == saved
    assert saved.bands["excellent"] == 95 and saved.note == "科级及以下"
    assert validate(_raw()) == AssessmentSettings()
    assert AssessmentSettings().candidates_for(10_000) == 1000
    assert AssessmentSettings().candidates_for(11) == 2
