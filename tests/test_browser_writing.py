"""Writing in a real browser: a staff member drafts an essay, reloads and finds it, a group mate
comments on the draft, the writer submits it, the office opens it, scores it, passes it and
features it, and it appears on the exhibition page (展评)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

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

from learnhub import writing, writing_groups
from learnhub.office import initialise
from learnhub.periods import today_in
from learnhub.settings import load_settings

pytestmark = pytest.mark.browser
OFFICE = frozenset({"office"})
TITLE = "在读书中锤炼为民服务的本领"
COMMENT = "开头很好，第三段可以再举一个具体的例子。"
OPENING = "读书是干部成长的阶梯，也是提高履职本领的基本途径。"
SENTENCES = [
    OPENING,
    "今年以来，我结合本职工作，系统阅读了单位推荐的书目，每天坚持打卡，逐步养成了读书的习惯。",
    "在阅读中我体会到，理论学习不能停留在字面上，必须同解决实际问题结合起来，做到学以致用。",
    "比如在起草综合材料时，我把书中关于调查研究的论述运用到工作中，先摸清情况再动笔，材料质量明显提高。",
    "同时我也认识到自身的不足：有时读得快而想得少，笔记记得多而运用得少，碎片化阅读多而系统思考少。",
    "针对这些问题，我给自己定了三条规矩：一是每周精读一章，二是每旬写一篇文章，三是每月向科室同事分享一次。",
    "通过写作互助组，组员之间互相提意见，我的文章结构更清晰了，观点也更加鲜明，语言也更加朴实。",
    "下一步，我将继续把读书同调查研究结合起来，多到基层走一走，多听群众的意见，把书本知识转化为工作本领。",
]


def essay_text() -> str:
    """Paragraphs of the sentences above, numbered, until the essay minimum is passed."""
    paragraphs: list[str] = []
    round_ = 0
    while writing.count_characters("\n".join(paragraphs)) < writing.RULES["essay"].minimum + 50:
        round_ += 1
        turn = round_ % len(SENTENCES)
        paragraphs.append(f"（{round_}）" + "".join(SENTENCES[turn:] + SENTENCES[:turn]))
    return "\n".join(paragraphs)


def a_writing_group(database: Path) -> None:
    store = initialise(database)
    mate = add_person(store, "00124", "李四", "财务科", "staff")
    third = add_person(store, "00125", "王五", "人事科", "staff")
    staff = int(store.db.scalar("SELECT id FROM people WHERE username = '00123'"))
    office = int(store.db.scalar("SELECT id FROM people WHERE username = 'office1'"))
    today = today_in(load_settings().timezone)
    writing_groups.create_group(
        store, "第一互助组", [staff, mate, third],
        first_day=today - timedelta(days=3), last_day=today + timedelta(days=27),
        actor_id=office, actor_roles=OFFICE,
    )  # fmt: skip
    store.db.close()


def choose_essay(page) -> None:  # type: ignore[no-untyped-def]
    kinds = page.locator("[data-testid='stRadio']").filter(has_text="写什么")
    kinds.locator("label").filter(has=page.locator("input[type=radio]")).filter(
        has_text="文章"
    ).click()
    settle(page)


def test_essay_draft_comment_submit_review_feature_exhibit(
    tmp_path: Path,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    text = essay_text()
    assert writing.count_characters(text) >= writing.RULES["essay"].minimum
    database = make_database(tmp_path)
    a_writing_group(database)
    SHOTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    viewport = {"width": 1280, "height": 1000}
    writer = browser.new_context(viewport=viewport).new_page()
    mate = browser.new_context(viewport=viewport).new_page()
    office = browser.new_context(viewport=viewport).new_page()
    try:
        # 1. The writer drafts an essay, saves it and finds it again after a reload.
        sign_in(writer, base, "00123", "/writing")
        expect(writer.locator("h1").first).to_have_text("写作")
        choose_essay(writer)
        writer.get_by_role("textbox", name="标题", exact=True).fill(TITLE)
        writer.get_by_role("textbox", name="文章正文").fill(text)
        settle(writer)
        writer.get_by_role("button", name="保存草稿").click()
        settle(writer)
        expect(writer.get_by_text(re.compile(r"草稿已保存 \d{2}:\d{2}"))).to_be_visible()
        writer.reload()
        settle(writer)
        choose_essay(writer)
        expect(writer.get_by_role("textbox", name="标题", exact=True)).to_have_value(TITLE)
        expect(writer.get_by_role("textbox", name="文章正文")).to_have_value(text)
        count = writing.count_characters(text)
        expect(writer.get_by_text(f"字数 {count}（要求 800–6000 字）", exact=False)).to_be_visible()
        writer.locator("h1").first.scroll_into_view_if_needed()
        writer.screenshot(path=str(SHOTS / "writing-draft.png"), full_page=True)

        # 2. A group mate reads the draft and comments on it.
        sign_in(mate, base, "00124", "/writing_group")
        expect(mate.get_by_text("本组：第一互助组")).to_be_visible()
        expect(mate.get_by_text(TITLE)).to_be_visible()
        expect(mate.get_by_text(OPENING).first).to_be_visible()
        expect(mate.get_by_text(re.compile("张三 · 文章 · 草稿"))).to_be_visible()
        # Li Si has no draft of their own: the one comment form is the one beside Zhang San's.
        mate.get_by_role("textbox", name="提意见").fill(COMMENT)
        settle(mate)
        mate.get_by_role("button", name="发送意见").click()
        settle(mate)
        expect(mate.get_by_text("意见已发送。")).to_be_visible()
        expect(mate.get_by_text(COMMENT)).to_be_visible()

        # The writer sees the comment beside their draft.
        writer.goto(f"{base}/writing_group")
        settle(writer)
        expect(writer.get_by_text(COMMENT)).to_be_visible()

        # 3. The writer submits the essay.
        writer.goto(f"{base}/writing")
        settle(writer)
        choose_essay(writer)
        expect(writer.get_by_role("textbox", name="文章正文")).to_have_value(text)
        writer.get_by_role("button", name="提交", exact=True).click()
        settle(writer)
        expect(writer.get_by_text("文章已提交。")).to_be_visible()
        expect(writer.get_by_text(re.compile(r"文章 · .* · 已提交"))).to_be_visible()

        # 4. The office opens it, scores it with the defaults, passes and features it.
        sign_in(office, base, "office1", "/review")
        expect(office.locator("h1").first).to_have_text("审阅")
        picker = office.locator("[data-testid='stSelectbox']").filter(has_text="打开一篇审阅")
        choose(office, picker, TITLE)
        settle(office)
        expect(office.get_by_text(re.compile("作者：张三（综合科）"))).to_be_visible()
        form = office.locator("[data-testid='stForm']")
        form.locator("label").filter(has=office.locator("input[type=radio]")).filter(
            has_text="通过"
        ).first.click()
        form.get_by_role("button", name="保存审阅").click()
        settle(office)
        expect(office.get_by_text(re.compile("已保存审阅：总分 .*，结论：通过。"))).to_be_visible()
        office.get_by_label("推荐语（可选）").fill("联系实际，文风朴实。")
        office.get_by_label("推荐语（可选）").press("Enter")
        settle(office)
        office.get_by_role("button", name="推荐展评", exact=True).click()
        settle(office)
        expect(office.get_by_text("已推荐展评。", exact=True)).to_be_visible()
        expect(office.get_by_text("这一篇已推荐展评。", exact=True)).to_be_visible()
        office.get_by_text("这一篇已推荐展评。", exact=True).scroll_into_view_if_needed()
        office.screenshot(path=str(SHOTS / "writing-review.png"), full_page=True)

        # 5. The essay is on the exhibition page for the staff.
        mate.goto(f"{base}/exhibition")
        settle(mate)
        expect(mate.locator("h1").first).to_have_text("展评")
        expect(mate.get_by_text(TITLE)).to_be_visible()
        expect(mate.get_by_text(OPENING).first).to_be_visible()
        expect(mate.get_by_text("推荐意见：联系实际，文风朴实。")).to_be_visible()
        expect(mate.get_by_text(re.compile("张三 · 综合科"))).to_be_visible()
        mate.screenshot(path=str(SHOTS / "writing-exhibition.png"), full_page=True)
    finally:
        stop_server(process)
