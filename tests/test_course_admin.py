"""Trainers write courses: who may change what, and what a lesson must have."""

from __future__ import annotations

import pytest
from conftest import Office, add_person
from pages_support import open_page, texts

from learnhub import course_admin as admin
from learnhub.courses import catalogue
from learnhub.errors import NotAllowed, ValidationError
from learnhub.i18n import translate

TRAINER = frozenset({"trainer"})
OFFICE = frozenset({"office"})


def a_course(office: Office) -> int:
    course = admin.create_course(office.store, office.trainer_id, "公文写作提高班", "业务", "")
    admin.add_lesson(
        office.store, course, office.trainer_id, TRAINER,
        title="第一课 通知的写法", credit_hours=1, body="## 要点\n\n一文一事。",
    )  # fmt: skip
    return course


def test_a_new_course_is_a_draft_until_published(office: Office) -> None:
    course = a_course(office)
    assert catalogue(office.store).empty
    admin.set_course_published(office.store, course, office.trainer_id, TRAINER, True)
    assert list(catalogue(office.store)["title"]) == ["公文写作提高班"]


def test_an_empty_course_cannot_be_published(office: Office) -> None:
    course = admin.create_course(office.store, office.trainer_id, "空课程", "综合", "")
    with pytest.raises(ValidationError) as refused:
        admin.set_course_published(office.store, course, office.trainer_id, TRAINER, True)
    assert refused.value.key == "course_admin.publish_empty"


def test_only_the_owner_and_the_office_may_change_a_course(office: Office) -> None:
    course = a_course(office)
    other = add_person(office.store, "t002", "孙老师", "综合科", "trainer")
    with pytest.raises(NotAllowed):
        admin.update_course(
            office.store, course, other, TRAINER, title="改名", category="业务", description=""
        )
    admin.update_course(
        office.store, course, office.office_id, OFFICE,
        title="公文写作提高班（修订）", category="业务", description="",
    )  # fmt: skip
    assert office.store.courses.course(course)["title"] == "公文写作提高班（修订）"  # type: ignore[index]


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": " "}, "course_admin.title_missing"),
        ({"credit_hours": 0.3}, "course_admin.hours_invalid"),
        ({"credit_hours": "两小时"}, "course_admin.hours_invalid"),
        ({"body": "", "link": None}, "course_admin.lesson_empty"),
        ({"link": "javascript:alert(1)"}, "course_admin.link_invalid"),
    ],
)
def test_a_bad_lesson_is_refused_and_nothing_stored(
    office: Office, changes: dict[str, object], key: str
) -> None:
    course = a_course(office)
    values: dict[str, object] = {"title": "第二课", "credit_hours": 1, "body": "正文", "link": None}
    values.update(changes)
    with pytest.raises(ValidationError) as refused:
        admin.add_lesson(office.store, course, office.trainer_id, TRAINER, **values)  # type: ignore[arg-type]
    assert refused.value.key == key
    assert len(office.store.courses.lessons(course, include_unpublished=True)) == 1


def test_lessons_can_be_reordered(office: Office) -> None:
    course = a_course(office)
    second = admin.add_lesson(
        office.store, course, office.trainer_id, TRAINER,
        title="第二课 请示的写法", credit_hours=1.5, body="一文一事。",
    )  # fmt: skip
    admin.move_lesson(office.store, second, office.trainer_id, TRAINER, -1)
    titles = list(office.store.courses.lessons(course)["title"])
    assert titles == ["第二课 请示的写法", "第一课 通知的写法"]


def test_trainer_writes_and_publishes_a_course_that_staff_then_read(app_office: Office) -> None:
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    next(i for i in at.text_input if i.label == "标题").set_value("保密常识")
    next(b for b in at.button if b.label == "创建").click().run()
    assert texts(at, "success")[0].startswith("已创建课程《保密常识》")
    title_inputs = [i for i in at.text_input if i.label == "标题"]
    title_inputs[-1].set_value("第一课 涉密载体管理")
    next(a for a in at.text_area if a.label == "正文（Markdown）").set_value(
        "## 基本要求\n\n涉密计算机不得连接互联网。"
    )
    next(b for b in at.button if b.label == "添加").click().run()
    assert texts(at, "success") == [
        translate("course_admin.lesson_added", title="第一课 涉密载体管理")
    ]
    next(b for b in at.button if b.label == "发布").click().run()
    assert texts(at, "success") == [translate("course_admin.now_published")]

    staff = open_page("courses", app_office.store, app_office.staff_id)
    assert staff.subheader[0].value == "第一课 涉密载体管理"


def test_a_trainer_sees_only_their_own_courses(app_office: Office) -> None:
    a_course(app_office)
    other = add_person(app_office.store, "t002", "孙老师", "综合科", "trainer")
    at = open_page("course_admin", app_office.store, other)
    assert texts(at, "info") == [translate("course_admin.none_yours")]
    clerk = open_page("course_admin", app_office.store, app_office.office_id)
    assert any("公文写作提高班" in o for o in clerk.selectbox[1].options)
