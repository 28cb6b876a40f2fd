"""The 写作 page driven through AppTest on a fixed office clock: drafts that come back, submitting
with the rules in words, withdrawing into the editor, and text shown only as text."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import Office
from pages_support import open_page, texts
from test_extract import docx_with

from learnhub import attendance, studydays, writing
from learnhub.i18n import translate
from learnhub.uploads import DOCX, PDF

NOW = datetime(2026, 3, 18, 20, 5)  # a Wednesday evening: week 3月16日–22日
REFLECTION = "读了《习近平谈治国理政》第四卷，" + "对调查研究的论述体会很深。" * 20
TEXT = "writing_page.text.reflection"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page reads the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def button(at, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(b for b in at.button if b.label == label)


def choose(at, kind: str) -> None:  # type: ignore[no-untyped-def]
    at.radio(key="writing_page.kind").set_value(kind).run()


def pieces(office: Office, person_id: int | None = None) -> list[tuple[str, str]]:
    frame = office.store.writing.pieces_of(person_id or office.staff_id)
    return list(zip(frame["kind"], frame["status"], strict=True))


def test_the_kinds_say_which_period_they_count_for(app_office: Office, clock: None) -> None:
    at = open_page("writing", app_office.store, app_office.staff_id)
    assert not at.exception, at.exception
    options = at.radio(key="writing_page.kind").options
    assert options == [
        "心得 · 本周 3月16日–22日",
        "文章 · 本旬 3月11日–20日",
        "调研报告 · 本月 3月1日–31日",
        "建议 · 本周 3月16日–22日",
    ]
    assert (
        translate("writing_page.count", n=0, minimum=200, maximum=3000) in texts(at, "caption")[0]
    )


def test_a_typed_draft_saves_itself_and_comes_back_on_a_reload(
    app_office: Office, clock: None
) -> None:
    at = open_page("writing", app_office.store, app_office.staff_id)
    at.text_area(key=TEXT).set_value("读书").run()  # on_change: saved without a button
    assert pieces(app_office) == [("reflection", "draft")]
    at.text_area(key=TEXT).set_value(REFLECTION)
    button(at, "writing_page.save").click().run()
    assert not at.exception, at.exception
    assert texts(at, "success") == [translate("writing_page.saved_now", time="20:05")]
    n = writing.count_characters(REFLECTION)
    caption = texts(at, "caption")[0]
    assert translate("writing_page.count", n=n, minimum=200, maximum=3000) in caption
    assert translate("writing_page.saved_at", time="20:05") in caption
    assert pieces(app_office) == [("reflection", "draft")], "one draft, continued"

    again = open_page("writing", app_office.store, app_office.staff_id)  # a reload
    assert again.text_area(key=TEXT).value == REFLECTION
    assert translate("writing_page.saved_at", time="20:05") in texts(again, "caption")[0]


def test_a_short_one_is_refused_in_words_and_a_long_one_is_submitted_once(
    app_office: Office, clock: None
) -> None:
    at = open_page("writing", app_office.store, app_office.staff_id)
    at.text_area(key=TEXT).set_value("太短了")
    button(at, "writing_page.submit").click().run()
    assert texts(at, "error") == [translate("writing.too_short", n=200, length=3)]
    assert pieces(app_office) == [("reflection", "draft")]

    at.text_area(key=TEXT).set_value(REFLECTION)
    button(at, "writing_page.submit").click().run()
    assert not at.exception, at.exception
    assert texts(at, "success") == [
        translate("writing_page.submitted", kind=translate("writing_page.kind.reflection"))
    ]
    assert pieces(app_office) == [("reflection", "submitted")]
    assert at.text_area(key=TEXT).value == "", "the editor is free for the next one"
    line = translate(
        "writing_page.piece_line",
        kind="心得",
        range="3月16日–22日",
        status=translate("writing_page.status.submitted"),
    )
    assert line in texts(at, "caption")

    # A second click that still carries the submitted words hands nothing in again.
    at.text_area(key=TEXT).set_value(REFLECTION)
    button(at, "writing_page.submit").click().run()
    assert texts(at, "info") == [translate("writing_page.already_submitted")]
    assert pieces(app_office) == [("reflection", "submitted")]


def test_withdrawing_puts_the_piece_back_in_the_editor(app_office: Office, clock: None) -> None:
    store, me = app_office.store, app_office.staff_id
    draft = writing.save_draft(
        store, me, "essay", text="文" * 900, title="学习体会", today=NOW.date(), now=NOW
    )
    writing.submit(store, me, draft, today=NOW.date(), now=NOW)
    at = open_page("writing", store, me)
    assert at.radio(key="writing_page.kind").value == "reflection"
    button(at, "writing_page.withdraw").click().run()
    assert not at.exception, at.exception
    assert texts(at, "success") == [translate("writing_page.withdrawn")]
    assert at.radio(key="writing_page.kind").value == "essay"
    assert at.text_input(key="writing_page.title.essay").value == "学习体会"
    assert at.text_area(key="writing_page.text.essay").value == "文" * 900
    assert pieces(app_office) == [("essay", "draft")]
    assert translate("writing_page.status.draft") in " ".join(texts(at, "caption"))
    # Changed and handed in again from the editor.
    at.text_input(key="writing_page.title.essay").set_value("学习体会（修改）")
    button(at, "writing_page.submit").click().run()
    piece = store.writing.piece(draft)
    assert piece is not None and piece["status"] == "submitted"
    assert piece["title"] == "学习体会（修改）"


def test_a_suggestion_needs_its_category(app_office: Office, clock: None) -> None:
    at = open_page("writing", app_office.store, app_office.staff_id)
    choose(at, "suggestion")
    at.text_input(key="writing_page.title.suggestion").set_value("统一台账格式")
    at.text_area(key="writing_page.text.suggestion").set_value("建议各科室统一台账格式。" * 6)
    button(at, "writing_page.submit").click().run()
    assert texts(at, "error") == [translate("writing.category_missing")]
    assert pieces(app_office) == [("suggestion", "draft")]
    at.radio(key="writing_page.category.suggestion").set_value("office")
    button(at, "writing_page.submit").click().run()
    assert not texts(at, "error")
    assert pieces(app_office) == [("suggestion", "submitted")]


def test_links_to_a_book_and_a_held_study_day_are_kept(app_office: Office, clock: None) -> None:
    store = app_office.store
    held = studydays.add_session(store, day=NOW.date().replace(day=16), half_day="pm",
                                 category="政治理论", topic="党章")  # fmt: skip
    studydays.add_session(store, day=NOW.date().replace(day=27), half_day="pm", category="业务")
    at = open_page("writing", store, app_office.staff_id)
    session_box = at.selectbox(key="writing_page.session.reflection")
    assert session_box.options[1:] and len(session_box.options) == 2, "only the held one"
    at.selectbox(key="writing_page.book.reflection").set_value(app_office.book_id).run()
    at.selectbox(key="writing_page.session.reflection").set_value(held).run()
    piece = store.writing.piece(int(store.writing.pieces_of(app_office.staff_id)["id"].iloc[0]))
    assert piece is not None
    assert (piece["book_id"], piece["study_session_id"]) == (app_office.book_id, held)


def test_html_in_the_text_is_shown_as_text(app_office: Office, clock: None) -> None:
    script = "<script>alert(1)</script><b>加粗</b>"
    at = open_page("writing", app_office.store, app_office.staff_id)
    at.text_area(key=TEXT).set_value(script + REFLECTION).run()
    assert not at.exception, at.exception
    assert any(script in shown for shown in texts(at, "text"))
    rendered = texts(at, "markdown") + texts(at, "caption") + texts(at, "html")
    assert not any("<script" in shown or "<b>" in shown for shown in rendered)


def test_nobody_sees_someone_elses_draft(app_office: Office, clock: None) -> None:
    mine = open_page("writing", app_office.store, app_office.staff_id)
    mine.text_area(key=TEXT).set_value(REFLECTION).run()
    other = open_page("writing", app_office.store, app_office.other_staff_id)
    assert not other.exception, other.exception
    assert other.text_area(key=TEXT).value == ""
    assert not any(REFLECTION[:20] in shown for shown in texts(other, "text"))
    assert translate("writing_page.none_yet") in texts(other, "caption")
    other.text_area(key=TEXT).set_value("我自己的")
    button(other, "writing_page.save").click().run()
    assert pieces(app_office) == [("reflection", "draft")]
    piece = app_office.store.writing.piece(
        int(app_office.store.writing.pieces_of(app_office.staff_id)["id"].iloc[0])
    )
    assert piece is not None and piece["text"] == REFLECTION


def test_only_staff_may_write(app_office: Office, clock: None) -> None:
    at = open_page("writing", app_office.store, app_office.trainer_id)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.text_area


def test_another_device_sees_the_latest_draft(app_office: Office, clock: None) -> None:
    phone = open_page("writing", app_office.store, app_office.staff_id)
    desk = open_page("writing", app_office.store, app_office.staff_id)
    desk.text_area(key=TEXT).set_value(REFLECTION).run()
    phone.run()  # the next thing the phone does shows what the desk saved
    assert phone.text_area(key=TEXT).value == REFLECTION
    phone.text_area(key=TEXT).set_value(REFLECTION + "补充一句。").run()
    assert pieces(app_office) == [("reflection", "draft")]


def test_an_older_draft_is_reopened_from_the_list(app_office: Office, clock: None) -> None:
    store, me = app_office.store, app_office.staff_id
    last_week = NOW.date().replace(day=11)
    old = writing.save_draft(store, me, "reflection", text="上周没写完", today=last_week, now=NOW)
    at = open_page("writing", store, me)
    assert at.text_area(key=TEXT).value == "", "this week starts a new draft"
    button(at, "writing_page.edit").click().run()
    assert at.text_area(key=TEXT).value == "上周没写完"
    older = translate("writing_page.older_draft", range="3月9日–15日")
    assert older in texts(at, "caption")
    at.text_area(key=TEXT).set_value("上周没写完，今天补上。").run()
    piece = store.writing.piece(old)
    assert piece is not None and piece["text"] == "上周没写完，今天补上。"


def test_a_draft_takes_one_checked_attachment(app_office: Office, clock: None) -> None:
    at = open_page("writing", app_office.store, app_office.staff_id)
    at.text_area(key=TEXT).set_value(REFLECTION).run()  # the draft exists: it may carry a file
    at.get("file_uploader")[0].upload("读书笔记.docx", docx_with("第四卷摘录。"), DOCX).run()
    at = button(at, "writing_page.attach").click().run()
    assert not at.exception, at.exception
    assert translate("writing_page.attachment_name", name="读书笔记.docx") in texts(at, "text")
    assert texts(at, "success") == [translate("writing_page.attached")]
    [(draft, _)] = pieces(app_office)
    assert draft == "reflection"
    assert at.get("file_uploader")[0].value is None, "the uploader is empty again"

    at.get("file_uploader")[0].upload("程序.pdf", b"MZ" + bytes(200), PDF).run()
    at = button(at, "writing_page.attach").click().run()
    assert texts(at, "error") == [translate("uploads.wrong_type")]
    assert translate("writing_page.attachment_name", name="读书笔记.docx") in texts(at, "text")
