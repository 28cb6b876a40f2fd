"""A training class in a real browser: the organiser opens today's sign-in, a member signs in on
their phone and asks leave for a later half-day, the organiser approves it, sees 人次 and
downloads the 培训台账."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from conftest import add_person
from playwright.sync_api import expect
from test_browser import (  # the browser fixtures and helpers of the main journeys
    SHOTS,
    _free_port,
    browser,  # noqa: F401  (fixture)
    choose,
    make_database,
    settle,
    sign_in,
    start_server,
    stop_server,
)

from learnhub import training
from learnhub.office import initialise
from learnhub.periods import today_in
from learnhub.settings import load_settings
from learnhub.workdays import office_calendar

pytestmark = pytest.mark.browser
TRAINER = frozenset({"trainer"})


def a_class_running_today(database: Path) -> int:
    store = initialise(database)
    trainer = add_person(store, "t001", "王老师", "综合科", "trainer")
    staff = int(store.db.scalar("SELECT id FROM people WHERE username = '00123'"))
    today = today_in(load_settings().timezone)
    # A week from today always holds working days; today itself may be a weekend, so its
    # afternoon is added by hand when the calendar left it out.
    class_id = training.create_class(
        store, office_calendar(store), organiser_id=trainer, title="春季业务骨干培训班",
        category="业务", first_day=today, last_day=today + timedelta(days=7),
        half_days=("pm",), location="三楼会议室",
    )  # fmt: skip
    if today not in set(store.training.sessions(class_id)["day"]):
        training.add_class_session(
            store, class_id, actor_id=trainer, actor_roles=TRAINER, day=today, half_day="pm"
        )
    training.add_members(store, class_id, [staff], actor_id=trainer, actor_roles=TRAINER)
    store.db.close()
    return class_id


def test_class_sign_in_leave_and_ledger(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    database = make_database(tmp_path)
    class_id = a_class_running_today(database)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    trainer = browser.new_context(
        viewport={"width": 1280, "height": 1000}, accept_downloads=True
    ).new_page()
    staff = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
    try:
        sign_in(trainer, base, "t001", f"/training_admin?class={class_id}")
        expect(trainer.locator("h1").first).to_have_text("培训班管理")
        trainer.get_by_role("tab", name="签到与考勤").click()
        # A fixed window, so the test passes whatever the time of day it runs.
        trainer.get_by_role("spinbutton", name="签到时长（分钟）").fill("30")
        trainer.get_by_role("button", name="开始签到").click()
        settle(trainer)
        shown = trainer.locator("[data-testid='stMetric']").filter(has_text="当前签到码")
        expect(shown).to_be_visible()
        code = re.search(r"\d{6}", shown.inner_text())
        assert code is not None
        trainer.screenshot(path=str(SHOTS / "training-signin-code.png"), full_page=True)

        sign_in(staff, base, "00123", "/training_classes")
        expect(staff.locator("h1").first).to_have_text("培训班")
        staff.get_by_label("签到码").fill(code.group(0))
        staff.get_by_role("button", name="签到").click()
        settle(staff)
        expect(staff.get_by_text(re.compile("签到成功"))).to_be_visible()
        chooser = staff.locator("[data-testid='stMultiSelect']").filter(has_text="请假场次")
        # The first option may be the widget's own "select all": pick a half-day by its date.
        choose(staff, chooser, re.compile(r"\d{4}-\d{2}-\d{2}"))
        # The chosen half-day shows as a tag before anything else is typed (a busy machine can
        # take a moment); moving on to the reason box closes the list.
        expect(chooser).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
        staff.get_by_label("请假事由").click()
        staff.get_by_label("请假事由").fill("到市局参加业务考试")
        staff.get_by_role("button", name="提交请假申请").click()
        settle(staff)
        expect(staff.get_by_text("请假申请已提交，等待组织者审批")).to_be_visible()
        staff.screenshot(path=str(SHOTS / "training-staff.png"), full_page=True)

        trainer.reload()
        settle(trainer)
        expect(trainer.get_by_text("有 1 条请假申请待审批，见“请假审批”")).to_be_visible()
        trainer.get_by_role("tab", name="请假审批").click()
        trainer.get_by_role("button", name="同意").first.click()
        settle(trainer)
        expect(trainer.get_by_text(re.compile("已同意 张三 的请假"))).to_be_visible()

        trainer.get_by_role("tab", name="统计与台账").click()
        person_times = trainer.locator("[data-testid='stMetric']").filter(has_text="出勤人次")
        expect(person_times).to_be_visible()
        trainer.screenshot(path=str(SHOTS / "training-figures.png"), full_page=True)
        settle(trainer)
        with trainer.expect_download(timeout=60_000) as download:
            trainer.get_by_role("button", name="下载培训台账（Excel）").click()
        book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert book.sheetnames == ["培训台账", "汇总"]
        rows = list(book["培训台账"].iter_rows(values_only=True))
        assert rows[1][:3] == ("00123", "张三", "综合科")
        header = rows[0]
        assert rows[1][header.index("请假场次")] == 1
    finally:
        stop_server(process)
