"""A study day in a real browser: the trainer opens sign-in and shows the code; a staff member
types it on their own device; the trainer's page then shows them as attending."""

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
from learnhub.periods import today_in
from learnhub.settings import load_settings
from learnhub.studydays import add_session

pytestmark = pytest.mark.browser


def test_trainer_opens_sign_in_and_staff_sign_in_with_the_code(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    database = make_database(tmp_path)
    store = initialise(database)
    add_person(store, "t001", "王老师", "综合科", "trainer")
    today = today_in(load_settings().timezone)
    add_session(store, day=today, half_day="pm", category="政治理论", topic="学习党章")
    store.db.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff = browser.new_context(viewport={"width": 420, "height": 860}).new_page()
    try:
        sign_in(trainer, base, "t001", "/study_day_admin")
        expect(trainer.locator("h1").first).to_have_text("学习日管理")
        # A fixed window, so the test passes whatever the time of day it runs.
        trainer.get_by_role("spinbutton", name="签到时长（分钟）").fill("30")
        trainer.get_by_role("button", name="开始签到").click()
        settle(trainer)
        shown = trainer.locator("[data-testid='stMetric']").filter(has_text="当前签到码")
        expect(shown).to_be_visible()
        code = re.search(r"\d{6}", shown.inner_text())
        assert code is not None

        sign_in(staff, base, "00123", "/study_days")
        expect(staff.locator("h1").first).to_have_text("学习日")
        staff.get_by_label("签到码").fill(code.group(0))
        staff.get_by_role("button", name="签到").click()
        settle(staff)
        expect(staff.get_by_text(re.compile("签到成功"))).to_be_visible()
        staff.screenshot(path=str(SHOTS / "study-day-signin.png"), full_page=True)

        trainer.reload()
        settle(trainer)
        # Tables draw on a canvas; their cells are in the page for screen readers.
        grid = trainer.locator("[data-testid='stDataFrame']")
        expect(grid.get_by_text("张三").first).to_be_attached()
        expect(grid.get_by_text(re.compile("^(出席|迟到)$")).first).to_be_attached()
        trainer.screenshot(path=str(SHOTS / "study-day-admin.png"), full_page=True)
    finally:
        stop_server(process)
