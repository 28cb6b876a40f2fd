"""The monthly competition in a real browser: the office edits the scheme in the new-version
editor (two weights in the quota grid), previews what it would have made of last month and saves
version 2; publishes last month; sets the leaderboard to "own rank only". A staff member then reads
the publication and the leaderboard and sees their own rank and the milestones, and nobody else's
name."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import add_person
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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

from learnhub import scheme_versions
from learnhub.i18n import translate
from learnhub.office import initialise
from learnhub.periods import Period, month_of, today_in
from learnhub.schemes import DEFAULT_SCHEME_NAME, scheme_on
from learnhub.settings import load_settings
from learnhub.workdays import office_calendar

pytestmark = pytest.mark.browser
# Reading weighs nothing in the new version, clippings twice as much: still 100 % in all.
NEW_WEIGHTS = {"reading": 0.0, "clipping": 40.0}


def last_month() -> Period:
    today = today_in(load_settings().timezone)
    return month_of(month_of(today).start - timedelta(days=1))


def a_month_of_records(database: Path) -> dict[str, float]:
    """Zhang San keeps every quota of last month (a full month); Li Si reads on ten working days
    and clips on two. Returns the preview's averages (before, after) the new weights should show."""
    store = initialise(database)
    li = add_person(store, "00124", "李四", "财务科", "staff")
    add_person(store, "office2", "钱主任", "办公室", "office;staff")
    zhang = int(store.db.scalar("SELECT id FROM people WHERE username = '00123'"))
    book = int(store.db.scalar("SELECT id FROM books LIMIT 1"))
    month = last_month()
    working = office_calendar(store).working_days(month)
    days = [month.start + timedelta(days=n) for n in range((month.end - month.start).days + 1)]

    def work(cur):  # type: ignore[no-untyped-def]
        for day in days:
            store.records.insert(cur, zhang, day, {"kind": "reading", "title": "治国理政",
                                                   "book_id": book, "minutes": 40})  # fmt: skip
            store.records.insert(cur, zhang, day, {"kind": "clipping", "title": "摘抄",
                                                   "text": "学而不思则罔。"})  # fmt: skip
            store.records.insert(cur, zhang, day, {"kind": "reflection", "title": "心得",
                                                   "text": "读后有得。"})  # fmt: skip
            store.records.insert(cur, zhang, day, {"kind": "essay", "title": "文章",
                                                   "text": "读书与工作。"})  # fmt: skip
        store.records.insert(cur, zhang, month.end, {"kind": "book_finished", "book_id": book,
                                                     "title": "治国理政"})  # fmt: skip
        for day in working[:10]:
            store.records.insert(cur, li, day, {"kind": "reading", "title": "人民日报",
                                                "minutes": 40})  # fmt: skip
        for day in working[:2]:
            store.records.insert(cur, li, day, {"kind": "clipping", "title": "摘抄",
                                                "text": "好句子"})  # fmt: skip

    store.transaction(work)
    today = today_in(load_settings().timezone)
    base = scheme_on(store, today, DEFAULT_SCHEME_NAME)
    quotas = tuple(
        replace(q, weight=NEW_WEIGHTS[q.activity] / 100) if q.activity in NEW_WEIGHTS else q
        for q in base.quotas
    )
    proposed = replace(base, version=base.version + 1, quotas=quotas, reason="")
    summary = scheme_versions.preview(store, proposed, today=today).summary
    store.db.close()
    return {"before": summary["average_before"], "after": summary["average_after"]}


def edit_cell(page, editor, row: int, column: int, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type `value` into a cell of an st.data_editor (a glide-data-grid canvas of four equal
    columns here; the header and rows are 35 px high). A double click opens the cell's overlay
    editor (an <input>); its old value is replaced and Enter commits. On a loaded machine the
    first double click can land before the grid listens, so it is tried again."""
    box = editor.bounding_box()
    assert box is not None
    width = box["width"] / 4
    overlay = page.locator("input.gdg-input, textarea.gdg-input")
    for _ in range(4):
        editor.dblclick(position={"x": width * column + width / 2, "y": 35 * (row + 1) + 17})
        try:
            overlay.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    overlay.fill(value)
    expect(overlay).to_have_value(value)
    overlay.press("Enter")
    expect(overlay).to_have_count(0)
    settle(page)


def test_scheme_version_publication_and_own_rank_only(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    database = make_database(tmp_path)
    expected = a_month_of_records(database)
    assert expected["before"] != expected["after"], "the new weights must change last month"
    month = last_month()
    month_name = translate("publication_page.month_label", year=month.start.year,
                           month=month.start.month)  # fmt: skip
    SHOTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    viewport = {"width": 1280, "height": 1000}
    office = browser.new_context(viewport=viewport).new_page()
    staff = browser.new_context(viewport=viewport).new_page()
    try:
        # 1. The office edits the weights in the new-version editor, previews, saves.
        sign_in(office, base, "office2", "/scheme_admin")
        expect(office.locator("h1").first).to_have_text("竞赛方案")
        expect(office.get_by_text("修改方案（保存为新版本）")).to_be_visible()
        # The tables of the page in order: the version in force, its history (in a closed
        # expander), then the editors of the quotas and of the point rules.
        quotas = office.locator("[data-testid='stDataFrame']").nth(2)
        quotas.scroll_into_view_if_needed()
        expect(quotas).to_be_visible()
        edit_cell(office, quotas, 0, 3, "0")  # 阅读 · 权重
        edit_cell(office, quotas, 1, 3, "40")  # 摘抄 · 权重
        office.get_by_role("button", name="预览上月效果").click()
        settle(office)
        last = translate("scheme_admin.month", year=month.start.year, month=month.start.month)
        expect(
            office.get_by_text(translate("scheme_admin.preview_title", month=last))
        ).to_be_visible()
        average = office.locator("[data-testid='stMetric']").filter(has_text="平均得分")
        expect(average).to_contain_text(f"{expected['before']:.1f} → {expected['after']:.1f}")
        expect(
            office.locator("[data-testid='stMetric']").filter(has_text="得分下降")
        ).to_contain_text("1 人")
        average.scroll_into_view_if_needed()
        office.screenshot(path=str(SHOTS / "competition-preview.png"), full_page=True)
        office.get_by_role("textbox", name="修改原因").fill(
            "摘抄更能体现学习效果，阅读改为只计积分"
        )
        office.get_by_role("textbox", name="修改原因").press("Enter")
        settle(office)
        office.get_by_role("button", name="保存新版本").click()
        settle(office)
        nxt = month_of(month.end + timedelta(days=40))
        starts = translate("scheme_admin.month", year=nxt.start.year, month=nxt.start.month)
        expect(
            office.get_by_text(translate("scheme_admin.saved", version=2, month=starts))
        ).to_be_visible()
        expect(
            office.get_by_text(translate("scheme_admin.upcoming", version=2, month=starts))
        ).to_be_visible()
        office.locator("h1").first.scroll_into_view_if_needed()
        office.screenshot(path=str(SHOTS / "competition-scheme-saved.png"), full_page=True)

        # 2. The office publishes last month and shows staff their own rank only.
        office.goto(f"{base}/publication")
        settle(office)
        expect(office.locator("h1").first).to_have_text("月度公示")
        expect(office.get_by_text(translate("publication_page.none"))).to_be_visible()
        picker = office.locator("[data-testid='stSelectbox']").filter(has_text="要公示的月份")
        choose(office, picker, translate("publication_page.month_unpublished", month=month_name))
        settle(office)
        office.get_by_role("button", name=f"发布 {month_name} 公示").click()
        settle(office)
        expect(office.get_by_text(translate("publication_page.published_ok", month=month_name,
                                            version=1))).to_be_visible()  # fmt: skip
        title = translate("publication_page.title", month=month_name, version=1)
        expect(office.get_by_role("heading", name=title)).to_be_visible()
        expect(office.get_by_role("heading", name="科室情况")).to_be_visible()
        expect(office.get_by_role("heading", name="人员情况")).to_be_visible()
        expect(office.get_by_text("本月达标全勤：张三")).to_be_visible()
        # The chosen month's label follows the publish (it no longer says 未公示). The box is a
        # new widget after publishing; until the rerun ends Streamlit may still show the old,
        # stale one beside it, so wait for that one to go rather than taking the first.
        published = translate("publication_page.month_published", month=month_name, version=1)
        unpublished = translate("publication_page.month_unpublished", month=month_name)
        expect(picker.locator(f'input[value="{published}"]')).to_be_visible()
        expect(picker.locator(f'input[value="{unpublished}"]')).to_have_count(0)
        office.locator("h1").first.scroll_into_view_if_needed()
        office.screenshot(path=str(SHOTS / "competition-published.png"), full_page=True)
        office.get_by_role("heading", name=title).evaluate("e => e.scrollIntoView()")
        expect(office.locator("[data-testid='stDataFrame']:visible")).to_have_count(2)
        office.screenshot(path=str(SHOTS / "competition-published-tables.png"), full_page=True)

        office.goto(f"{base}/leaderboard")
        settle(office)
        expect(office.locator("h1").first).to_have_text("排行榜")
        office.get_by_text("学员能看到什么").click()
        form = office.locator("[data-testid='stForm']")
        form.locator("label").filter(has=office.locator("input[type=radio]")).filter(
            has_text="只显示本人名次"
        ).click()
        form.get_by_role("button", name="保存显示设置").click()
        settle(office)
        expect(office.get_by_text("已保存：只显示本人名次")).to_be_visible()
        office.screenshot(path=str(SHOTS / "competition-visibility.png"), full_page=True)

        # 3. Zhang San reads the publication: their own line and the milestones, nobody else.
        sign_in(staff, base, "00123", "/publication")
        expect(staff.locator("h1").first).to_have_text("月度公示")
        expect(staff.get_by_role("heading", name=title)).to_be_visible()
        mine = staff.locator("[data-testid='stMetric']").filter(has_text="我的名次")
        expect(mine).to_contain_text("第 1 名")
        expect(
            staff.locator("[data-testid='stMetric']").filter(has_text="我的得分")
        ).to_contain_text("100")
        expect(staff.get_by_text("按办公室的设置，个人名次只对本人显示。")).to_be_visible()
        expect(staff.get_by_role("heading", name="本月喜报")).to_be_visible()
        expect(staff.get_by_text("本月达标全勤：张三")).to_be_visible()
        assert staff.get_by_role("heading", name="人员情况").count() == 0
        assert staff.get_by_role("heading", name="科室情况").count() == 0
        assert staff.locator("[data-testid='stDataFrame']:visible").count() == 0
        assert "李四" not in staff.locator("[data-testid='stMain']").inner_text()
        staff.screenshot(path=str(SHOTS / "competition-staff-publication.png"), full_page=True)

        staff.get_by_role("link", name="排行榜").click()
        settle(staff)
        expect(staff.locator("h1").first).to_have_text("排行榜")
        choose(staff, staff.locator("[data-testid='stSelectbox']").filter(has_text="哪一期"),
               month.label)  # fmt: skip
        settle(staff)
        rank = staff.locator("[data-testid='stMetric']").filter(has_text="我的名次")
        expect(rank).to_contain_text("第 1 名 / 共 3 人")
        expect(staff.get_by_text("办公室只公开每个人自己的名次。")).to_be_visible()
        expect(staff.get_by_text("办公室没有公开个人榜。")).to_be_visible()
        expect(staff.get_by_text("办公室没有公开科室榜。")).to_be_visible()
        assert staff.locator("[data-testid='stDataFrame']:visible").count() == 0
        assert "李四" not in staff.locator("[data-testid='stMain']").inner_text()
        staff.screenshot(path=str(SHOTS / "competition-staff-leaderboard.png"), full_page=True)
    finally:
        stop_server(process)
