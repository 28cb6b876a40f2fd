"""Courses in a real browser: a trainer uploads a PDF lesson and publishes the course; a staff
member opens it, finds the download and marks it studied."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add_person
from playwright.sync_api import expect
from test_browser import (  # the browser fixtures and helpers of the main journeys
    SHOTS,
    _free_port,
    browser,  # noqa: F401  (fixture)
    make_database,
    page,  # noqa: F401  (fixture)
    settle,
    sign_in,
    start_server,
    stop_server,
)
from test_extract import pdf_with_text

from learnhub.office import initialise

pytestmark = pytest.mark.browser


def test_trainer_uploads_a_pdf_lesson_and_staff_study_it(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    database = make_database(tmp_path)
    store = initialise(database)
    add_person(store, "t001", "王老师", "综合科", "trainer")
    store.db.close()
    lesson_pdf = tmp_path / "baomi.pdf"
    lesson_pdf.write_bytes(pdf_with_text("Confidential material must never go online."))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    try:
        sign_in(page, base, "t001", "/course_admin")
        expect(page.locator("h1").first).to_have_text("课程管理")
        page.get_by_text("新建课程").click()
        page.get_by_label("标题").first.fill("保密常识")
        settle(page)  # a click while the page still reruns is not delivered to the form
        page.get_by_role("button", name="创建").click()
        settle(page)
        expect(page.get_by_text("已创建课程《保密常识》", exact=False)).to_be_visible()

        page.get_by_text("上传 PDF 或 Word 文件").click()
        settle(page)
        page.locator("input[type=file]").set_input_files(str(lesson_pdf))
        settle(page)
        expect(page.get_by_text("文件中的文字（预览）")).to_be_visible()
        expect(page.get_by_text("Confidential material must never go online.")).to_be_visible()
        page.get_by_label("标题").last.fill("第一课 保密须知")
        page.get_by_role("button", name="保存这一课").click()
        settle(page)
        expect(page.get_by_text("已添加《第一课 保密须知》")).to_be_visible()
        page.get_by_role("button", name="发布").click()
        settle(page)
        expect(page.get_by_text("已发布，学员现在可以看到。")).to_be_visible()
        page.screenshot(path=str(SHOTS / "course-admin.png"), full_page=True)
        page.locator("[data-testid=signout]").click()

        sign_in(page, base, "00123", "/courses")
        expect(page.locator("h1").first).to_have_text("学习课程")
        expect(page.get_by_role("button", name="下载原文件：baomi.pdf")).to_be_visible()
        page.get_by_role("button", name="我已学完这一课").click()
        settle(page)
        expect(page.get_by_text("已记录，获得 1 学时。")).to_be_visible()
        page.screenshot(path=str(SHOTS / "courses.png"), full_page=True)
    finally:
        stop_server(process)
