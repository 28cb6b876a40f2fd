"""Every page for every role: allowed pages render without error, refused ones show a refusal
and no data, and someone not signed in is asked to sign in."""

from __future__ import annotations

import pytest
from conftest import Office
from pages_support import PAGES, open_page, texts

from learnhub.i18n import translate

ALLOWED = {
    "check_in": {"staff"},
    "my_progress": {"staff"},
    "writing": {"staff"},
    "exhibition": {"staff", "trainer", "office"},
    "suggestions": {"office"},
    "writing_group": {"staff"},
    "writing_groups_admin": {"office"},
    "review": {"trainer", "office"},
    "writing_settings": {"office"},
    "courses": {"staff", "trainer", "office"},
    "course_admin": {"trainer", "office"},
    "question_banks": {"trainer", "office"},
    "quizzes": {"staff"},
    "daily_quiz": {"staff"},
    "quiz_admin": {"trainer", "office"},
    "grading": {"trainer", "office"},
    "study_days": {"staff"},
    "study_day_admin": {"trainer", "office"},
    "training_classes": {"staff"},
    "training_admin": {"trainer", "office"},
    "attendance_report": {"office"},
    "people": {"office"},
    "roster_import": {"office"},
    "reading_list": {"office"},
    "work_calendar": {"office"},
    "scheme_admin": {"office"},
    "compliance": {"office"},
    "leaderboard": {"staff", "office"},
    "publication": {"staff", "trainer", "office"},
    "monthly_summary": {"office"},
    "annual_assessment": {"office"},
    "reminder_settings": {"office"},
    "data_snapshot": {"office"},
    "inbox": {"staff", "trainer", "office"},
    "account": {"staff", "trainer", "office"},
}
TITLES = {
    "check_in": "今日打卡",
    "my_progress": "我的学习",
    "writing": "写作",
    "exhibition": "展评",
    "suggestions": "建议办理",
    "writing_group": "互助组",
    "writing_groups_admin": "互助组管理",
    "review": "审阅",
    "writing_settings": "写作设置",
    "courses": "学习课程",
    "course_admin": "课程管理",
    "question_banks": "题库管理",
    "quizzes": "测验",
    "daily_quiz": "每日答题",
    "quiz_admin": "测验管理",
    "grading": "评分",
    "study_days": "学习日",
    "study_day_admin": "学习日管理",
    "training_classes": "培训班",
    "training_admin": "培训班管理",
    "attendance_report": "考勤统计",
    "people": "人员与科室",
    "roster_import": "导入名册",
    "reading_list": "推荐书目",
    "work_calendar": "工作日历",
    "scheme_admin": "竞赛方案",
    "compliance": "达标情况",
    "leaderboard": "排行榜",
    "publication": "月度公示",
    "monthly_summary": "月度小结",
    "annual_assessment": "年度考核",
    "reminder_settings": "提醒设置",
    "data_snapshot": "数据快照",
    "inbox": "消息提醒",
    "account": "账号设置",
}


def person_for(office: Office, role: str) -> int:
    # The office clerk of the fixture also studies (office;staff); for refusals use pure roles.
    return {"staff": office.staff_id, "trainer": office.trainer_id, "office": office.office_id}[
        role
    ]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["staff", "trainer", "office"])
def test_every_page_for_every_role(app_office: Office, page: str, role: str) -> None:
    person = person_for(app_office, role)
    roles_of_person = {"staff": {"staff"}, "trainer": {"trainer"}, "office": {"office", "staff"}}
    at = open_page(page, app_office.store, person)
    assert not at.exception, at.exception
    allowed = bool(ALLOWED[page] & roles_of_person[role])
    if allowed:
        assert texts(at, "title") == [TITLES[page]]
        assert translate("gate.refused") not in texts(at, "error")
    else:
        assert texts(at, "error") == [translate("gate.refused")]
        assert not at.dataframe, "a refused page must show no data"
        assert not at.title


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitor_is_asked_to_sign_in(app_office: Office, page: str) -> None:
    at = open_page(page)
    assert not at.exception
    assert texts(at, "info") == [translate("gate.sign_in_first")]
    assert not at.dataframe and not at.title


def test_menu_shows_each_role_only_its_pages(app_office: Office) -> None:
    staff = open_page("account", app_office.store, app_office.staff_id)
    staff_links = {link.label for link in staff.get("page_link")}
    assert staff_links == {
        "今日打卡",
        "我的学习",
        "写作",
        "互助组",
        "展评",
        "学习日",
        "培训班",
        "测验",
        "每日答题",
        "学习课程",
        "排行榜",
        "月度公示",
        "消息提醒",
        "账号设置",
    }
    trainer = open_page("account", app_office.store, app_office.trainer_id)
    assert {link.label for link in trainer.get("page_link")} == {
        "展评",
        "学习日管理",
        "培训班管理",
        "学习课程",
        "课程管理",
        "测验管理",
        "审阅",
        "评分",
        "题库管理",
        "月度公示",
        "消息提醒",
        "账号设置",
    }
    clerk = open_page("account", app_office.store, app_office.office_id)
    assert {link.label for link in clerk.get("page_link")} >= {
        "人员与科室",
        "导入名册",
        "推荐书目",
        "工作日历",
    }


def test_an_ended_session_is_refused_at_the_next_click(app_office: Office) -> None:
    from learnhub import org

    at = open_page("check_in", app_office.store, app_office.staff_id)
    assert texts(at, "title") == ["今日打卡"]
    org.deactivate(app_office.store, app_office.staff_id, actor_id=app_office.office_id)
    at.run()
    assert texts(at, "info") == [translate("gate.sign_in_first")]
    assert not at.title


def test_one_time_password_leads_to_the_account_page(app_office: Office) -> None:
    from learnhub import org

    person_id, _ = org.create_user(
        app_office.store, "00999", name="钱七", department="综合科", roles="staff"
    )
    at = open_page("check_in", app_office.store, person_id)
    assert texts(at, "warning") == [translate("gate.change_password_first")]
    assert not at.title
    account = open_page("account", app_office.store, person_id)
    assert texts(account, "title") == ["账号设置"]
