"""A quiz in a real browser: the trainer imports an Excel question bank and publishes a quiz drawn
from it; a staff member starts it, reloads half-way and finds their answer, finishes and sees the
score; the office sees the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import add_person
from playwright.sync_api import expect
from test_browser import (  # the browser fixtures and helpers of the main journeys
    SHOTS,
    _free_port,
    browser,  # noqa: F401  (fixture)
    make_database,
    settle,
    sign_in,
    start_server,
    stop_server,
)

from learnhub.office import initialise
from learnhub.questions.excel_write import write_template
from learnhub.questions.model import Choice, Question

pytestmark = pytest.mark.browser

BANK = [
    Question(
        type="single",
        text="涉密载体应当存放在哪里？",
        choices=(Choice("密码文件柜", 1.0), Choice("办公桌抽屉", 0.0), Choice("家中", 0.0)),
        explanation="涉密载体应存放在密码文件柜中。",
        category="保密",
    ),
    Question(type="truefalse", text="请示可以一文多事。", answer=False, category="公文"),
    Question(
        type="multiple",
        text="下列属于党政机关公文文种的有：",
        choices=(Choice("通知", 0.5), Choice("纪要", 0.5), Choice("简报", 0.0)),
        category="公文",
    ),
]


def test_trainer_publishes_staff_take_office_sees(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    database = make_database(tmp_path)
    store = initialise(database)
    add_person(store, "t001", "王老师", "综合科", "trainer")
    store.db.close()
    workbook = tmp_path / "保密与公文题库.xlsx"
    workbook.write_bytes(write_template(BANK))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    trainer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    staff = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
    try:
        sign_in(trainer, base, "t001", "/question_banks")
        expect(trainer.locator("h1").first).to_have_text("题库管理")
        trainer.locator("input[type=file]").set_input_files(str(workbook))
        settle(trainer)
        expect(trainer.get_by_text(re.compile("识别为 Excel 模板：3 道题"))).to_be_visible()
        trainer.get_by_label("新题库名称（选择“新建题库”时填写）").fill("保密与公文")
        settle(trainer)
        trainer.get_by_role("button", name="导入", exact=True).click()
        settle(trainer)
        expect(trainer.get_by_text("已向题库“保密与公文”导入 3 道题")).to_be_visible()

        trainer.goto(f"{base}/quiz_admin")
        settle(trainer)
        trainer.get_by_label("测验名称").first.fill("保密与公文知识测验")
        settle(trainer)
        trainer.get_by_role("button", name="创建测验").click()
        settle(trainer)
        expect(trainer.get_by_text(re.compile("已创建测验“保密与公文知识测验”"))).to_be_visible()
        trainer.get_by_role("button", name="添加抽题").click()
        settle(trainer)
        expect(trainer.get_by_text("已添加随机抽题：每次抽 3 道")).to_be_visible()
        trainer.get_by_role("button", name="发布测验").click()
        settle(trainer)
        expect(trainer.get_by_text("测验“保密与公文知识测验”已发布")).to_be_visible()
        quiz_address = trainer.url

        sign_in(staff, base, "00123", "/quizzes")
        expect(staff.locator("h1").first).to_have_text("测验")
        staff.get_by_role("button", name="开始作答").click()
        settle(staff)
        expect(
            staff.get_by_text("剩余时间").or_(staff.get_by_text(re.compile("不限时")))
        ).to_be_visible()
        # Answer whichever question came first, by its first option, then reload.
        first = staff.locator("[data-testid='stRadio']").first
        first.locator("label").filter(has=staff.locator("input[type=radio]")).first.click()
        settle(staff)
        expect(staff.get_by_text(re.compile("已保存"))).to_be_visible()
        staff.reload()
        settle(staff)
        expect(
            staff.locator("[data-testid='stRadio']").first.locator("input").first
        ).to_be_checked()
        staff.screenshot(path=str(SHOTS / "quiz-resumed.png"), full_page=True)
        staff.get_by_role("button", name="交卷").click()
        settle(staff)
        staff.get_by_role("button", name="确认交卷").click()
        settle(staff)
        expect(staff.get_by_text("已交卷").first).to_be_visible()
        expect(staff.get_by_text(re.compile(r"/3"))).to_be_visible()
        staff.screenshot(path=str(SHOTS / "quiz-result.png"), full_page=True)

        office = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        sign_in(office, base, "office1", "/quiz_admin" + quiz_address.split("/quiz_admin", 1)[1])
        expect(office.get_by_text(re.compile("参考率")).first).to_be_visible()
        office.get_by_text(re.compile("参考率")).first.scroll_into_view_if_needed()
        office.screenshot(path=str(SHOTS / "quiz-results.png"), full_page=True)
    finally:
        stop_server(process)
