"""The monthly summary in a real browser: the office opens 月度小结 on last month, reads the
figures, appends a sentence to the notice draft, saves it, downloads the workbook and the notice
PDF (both read back), and publishes the notice. A staff member then opens 月度公示 (last month
was published before the server started) and reads the published notice with that sentence."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from conftest import add_person
from playwright.sync_api import expect
from pypdf import PdfReader
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

from learnhub import publications
from learnhub.attendance import office_now
from learnhub.i18n import translate
from learnhub.office import initialise
from learnhub.periods import Period, month_of, today_in
from learnhub.settings import load_settings
from learnhub.workdays import office_calendar

pytestmark = pytest.mark.browser
ADDED = "请各科室对照检查。"
P = "monthly_summary_page."


def last_month() -> Period:
    today = today_in(load_settings().timezone)
    return month_of(month_of(today).start - timedelta(days=1))


def a_month_of_records(database: Path) -> None:
    """Zhang San reads, clips and reflects on every working day of last month and finishes a
    book; Li Si reads on five working days, clips twice and writes one reflection. Last month's
    results are then published, so 月度公示 has a month to show."""
    store = initialise(database)
    li = add_person(store, "00124", "李四", "财务科", "staff")
    office = add_person(store, "office2", "钱主任", "办公室", "office;staff")
    zhang = int(store.db.scalar("SELECT id FROM people WHERE username = '00123'"))
    book = int(store.db.scalar("SELECT id FROM books LIMIT 1"))
    month = last_month()
    working = office_calendar(store).working_days(month)

    def work(cur):  # type: ignore[no-untyped-def]
        for day in working:
            store.records.insert(cur, zhang, day, {"kind": "reading", "title": "治国理政",
                                                   "book_id": book, "minutes": 40})  # fmt: skip
            store.records.insert(cur, zhang, day, {"kind": "clipping", "title": "摘抄",
                                                   "text": "学而不思则罔。"})  # fmt: skip
            store.records.insert(cur, zhang, day, {"kind": "reflection", "title": "心得",
                                                   "text": "读后有得。"})  # fmt: skip
        store.records.insert(cur, zhang, working[-1], {"kind": "book_finished", "book_id": book,
                                                       "title": "治国理政"})  # fmt: skip
        for day in working[:5]:
            store.records.insert(cur, li, day, {"kind": "reading", "title": "人民日报",
                                                "minutes": 30})  # fmt: skip
        for day in working[:2]:
            store.records.insert(cur, li, day, {"kind": "clipping", "title": "摘抄",
                                                "text": "好句子"})  # fmt: skip
        store.records.insert(cur, li, working[0], {"kind": "reflection", "title": "体会",
                                                   "text": "收获很多。"})  # fmt: skip

    store.transaction(work)
    timezone = load_settings().timezone
    publications.publish(store, month, actor_id=office, actor_roles=frozenset({"office"}),
                         today=today_in(timezone), now=office_now(timezone))  # fmt: skip
    store.db.close()  # the server must be the only process holding the file


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_office_edits_saves_exports_and_publishes_the_notice_staff_read_it(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    database = make_database(tmp_path)
    a_month_of_records(database)
    month = last_month()
    name = translate(P + "month_label", year=month.start.year, month=month.start.month)
    SHOTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    viewport = {"width": 1280, "height": 1000}
    office = browser.new_context(viewport=viewport, accept_downloads=True).new_page()
    staff = browser.new_context(viewport=viewport).new_page()
    try:
        # 1. The office opens the page: last month by default, its figures and the draft.
        sign_in(office, base, "office2", "/monthly_summary")
        expect(office.locator("h1").first).to_have_text("月度小结")
        picker = office.locator("[data-testid='stSelectbox']").filter(has_text="月份").first
        expect(picker.locator("input")).to_have_value(name)
        staff_count = office.locator("[data-testid='stMetric']").filter(has_text="在册人数")
        # Staff only: 张三, 李四 and 钱主任 (office;staff), not 赵主任 (office).
        expect(staff_count).to_have_text(re.compile(r"在册人数\s*3\s*$"))
        active = office.locator("[data-testid='stMetric']").filter(has_text="有学习记录")
        expect(active).to_have_text(re.compile(r"有学习记录\s*2\s*$"))
        expect(office.get_by_role("heading", name="科室情况")).to_be_visible()
        departments = office.locator("[data-testid='stDataFrame']").first
        expect(departments).to_be_visible()
        # The charts: department averages, the 12-month trend and the heatmap.
        charts = office.locator("[data-testid='stVegaLiteChart']")
        expect(charts).to_have_count(3)
        for n in range(3):
            charts.nth(n).locator("svg, canvas").first.wait_for()
        office.screenshot(path=str(SHOTS / "summary-figures.png"), full_page=True)
        # Streamlit's main area scrolls inside the page: each chart is shot in its own view.
        office.get_by_role("heading", name="近 12 个月趋势").evaluate("e => e.scrollIntoView()")
        office.screenshot(path=str(SHOTS / "summary-trend.png"), full_page=True)
        office.get_by_role("heading", name="人员 × 任务完成率").evaluate("e => e.scrollIntoView()")
        office.screenshot(path=str(SHOTS / "summary-heatmap.png"), full_page=True)

        expect(office.get_by_role("heading", name="通报", exact=True)).to_be_visible()
        expect(office.get_by_text(translate(P + "notice_unsaved"))).to_be_visible()
        editor = office.get_by_label("通报内容")
        expect(editor).not_to_have_value("")
        draft = editor.input_value()
        edited = f"{draft.rstrip()}\n\n{ADDED}"
        editor.fill(edited)
        editor.press("Control+Enter")  # applies the text area's value (a rerun)
        settle(office)
        expect(editor).to_have_value(edited)
        office.get_by_role("heading", name="通报", exact=True).evaluate("e => e.scrollIntoView()")
        office.screenshot(path=str(SHOTS / "summary-notice-edited.png"), full_page=True)

        # 2. Save.
        office.get_by_role("button", name="保存", exact=True).click()
        settle(office)
        expect(office.get_by_text(translate(P + "saved_ok", month=name))).to_be_visible()
        expect(office.get_by_text(re.compile(r"由 钱主任 保存。"))).to_be_visible()
        expect(editor).to_have_value(edited)

        # 3. The workbook and the notice PDF carry the edited notice.
        with office.expect_download(timeout=60_000) as download:
            office.get_by_role("button", name="下载 Excel").click()
        assert download.value.suggested_filename == f"月度小结-{month.label}.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert book.sheetnames == ["人员", "科室", "趋势", "通报"]
        people = list(book["人员"].iter_rows(values_only=True))
        assert any("张三" in row for row in people[1:]), people[:3]
        assert any("李四" in row for row in people[1:]), people[:3]
        notice_cells = [str(c) for row in book["通报"].iter_rows(values_only=True) for c in row]
        assert ADDED in notice_cells

        with office.expect_download(timeout=60_000) as download:
            office.get_by_role("button", name="下载通报 PDF").click()
        assert download.value.suggested_filename == f"通报-{month.label}.pdf"
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF")
        text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
        assert flat(ADDED) in flat(text), text[-300:]

        # 4. Publish the notice.
        office.get_by_role("button", name="发布通报").click()
        settle(office)
        expect(office.get_by_text(translate(P + "published_ok", month=name))).to_be_visible()
        shown = office.get_by_text(re.compile(r"由 钱主任 发布，全体人员可以阅读。"))
        expect(shown).to_be_visible()
        office.get_by_role("heading", name="通报", exact=True).evaluate("e => e.scrollIntoView()")
        office.screenshot(path=str(SHOTS / "summary-notice-published.png"), full_page=True)

        # 5. Zhang San reads the published notice on 月度公示.
        sign_in(staff, base, "00123", "/publication")
        expect(staff.locator("h1").first).to_have_text("月度公示")
        title = translate("publication_page.title", month=name, version=1)
        expect(staff.get_by_role("heading", name=title)).to_be_visible()
        heading = staff.get_by_role("heading", name="本月通报")
        expect(heading).to_be_visible()
        published = staff.locator("[data-testid='stText']").filter(has_text=ADDED)
        expect(published).to_have_count(1)
        assert flat(published.inner_text()) == flat(edited)
        heading.evaluate("e => e.scrollIntoView()")
        staff.screenshot(path=str(SHOTS / "summary-staff-publication.png"), full_page=True)
    finally:
        stop_server(process)
