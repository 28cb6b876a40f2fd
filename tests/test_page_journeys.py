"""What people do on the pages, driven through AppTest."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import PASSWORD, Office
from pages_support import open_page, texts

from learnhub import auth
from learnhub.i18n import translate
from learnhub.periods import today_in
from learnhub.settings import load_settings


def records(office: Office, kind: str) -> list[dict[str, object]]:
    frame = office.store.db.frame(
        "SELECT * FROM records WHERE person_id = ? AND kind = ? ORDER BY id",
        [office.staff_id, kind],
    )
    return frame.to_dict("records")


def _today() -> date:
    return today_in(load_settings().timezone)


def test_logging_reading_from_the_reading_list(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.selectbox[1].set_value(app_office.book_id)
    at.number_input[0].set_value(35)
    at.number_input[1].set_value(10)
    at.number_input[2].set_value(30)
    at.button[0].click().run()
    assert texts(at, "success") == [translate("checkin.saved_reading", minutes=35)]
    saved = records(app_office, "reading")
    assert len(saved) == 1
    assert saved[0]["book_id"] == app_office.book_id
    assert (saved[0]["minutes"], saved[0]["page_from"], saved[0]["page_to"]) == (35, 10, 30)
    assert pd.Timestamp(saved[0]["day"]).date() == _today()
    metric = next(m for m in at.metric if m.label == "今日阅读")
    assert metric.value == "35 / 30 分钟"
    # The form starts afresh, at the next page, so a second Save cannot repeat the entry.
    assert at.number_input[0].value == 30
    assert at.number_input[1].value == 31
    assert at.number_input[2].value is None


def test_bad_minutes_are_refused_and_nothing_is_stored(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("人民日报评论")
    for bad in (-10, 0, 300):
        at.number_input[0].set_value(bad)
        at.button[0].click().run()
        assert len(texts(at, "error")) == 1
    assert records(app_office, "reading") == []


def test_pages_going_backwards_are_refused(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("学习纲要")
    at.number_input[1].set_value(50)
    at.number_input[2].set_value(20)
    at.button[0].click().run()
    assert texts(at, "error") == [translate("checkin.pages_backwards", page_from=50, page_to=20)]
    assert records(app_office, "reading") == []


def test_a_double_click_on_save_stores_one_entry(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("人民日报评论")
    # Both clicks of a double click carry the key of the same form instance.
    key = "learnhub.submission.reading"
    at.session_state[key] = "same-form-instance"
    at.button[0].click().run()
    at.session_state[key] = "same-form-instance"
    at.button[0].click().run()
    assert len(records(app_office, "reading")) == 1
    assert not texts(at, "error")


def test_html_in_a_note_is_kept_as_text(app_office: Office) -> None:
    note = "<script>alert('x')</script><b>读后</b>"
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("人民日报评论")
    at.text_area[0].set_value(note)
    at.button[0].click().run()
    assert records(app_office, "reading")[0]["text"] == note
    shown = at.dataframe[0].value
    assert note in set(shown[translate("checkin.col_text")])
    assert not any("<script>" in m for m in texts(at, "markdown"))


def test_clipping_and_finished_book(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    excerpt_area = next(a for a in at.text_area if a.label == "摘抄内容")
    excerpt_area.set_value("学而不思则罔，思而不学则殆。")
    next(i for i in at.text_input if i.label == "出处").set_value("《论语·为政》")
    next(b for b in at.button if b.label == "保存摘抄").click().run()
    assert texts(at, "success") == [translate("checkin.saved_clipping")]
    assert records(app_office, "clipping")[0]["source"] == "《论语·为政》"

    next(s for s in at.selectbox if s.key == "checkin.book.book").set_value(app_office.book_id)
    next(i for i in at.text_input if i.label == "一句话书评").set_value("常读常新")
    next(b for b in at.button if b.label == "标记为读完").click().run()
    assert texts(at, "success") == [translate("checkin.saved_book")]
    assert records(app_office, "book_finished")[0]["text"] == "常读常新"


def test_editing_a_recent_entry_keeps_the_old_version(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("人民日报评论")
    at.button[0].click().run()
    record_id = records(app_office, "reading")[0]["id"]
    minutes_inputs = [n for n in at.number_input if n.label == "阅读时长（分钟）"]
    minutes_inputs[-1].set_value(50)
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert texts(at, "success") == [translate("checkin.saved_changes")]
    assert records(app_office, "reading")[0]["minutes"] == 50
    history = app_office.store.records.history(int(record_id))  # type: ignore[call-overload]
    assert len(history) == 1 and '"minutes": 30' in history["previous"][0]


def test_progress_shows_what_was_logged(app_office: Office) -> None:
    from learnhub.reading import ReadingInput, log_reading

    log_reading(
        app_office.store,
        load_settings(),
        app_office.staff_id,
        ReadingInput(day=_today(), minutes=45, title="人民日报评论"),
    )
    at = open_page("my_progress", app_office.store, app_office.staff_id)
    week = next(m for m in at.metric if m.label == "本周阅读")
    assert week.value == "45 分钟"
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 2


def test_office_adds_a_book_and_staff_can_pick_it(app_office: Office) -> None:
    at = open_page("reading_list", app_office.store, app_office.office_id)
    at.text_input[0].set_value("  平凡的世界 ")
    at.text_input[1].set_value("路遥")
    at.number_input[0].set_value(1200)
    at.button[0].click().run()
    assert texts(at, "success") == [translate("books.added", title="平凡的世界")]
    staff = open_page("check_in", app_office.store, app_office.staff_id)
    assert "平凡的世界" in staff.selectbox[1].options


def test_office_deactivates_a_person_who_then_cannot_sign_in(app_office: Office) -> None:
    settings = load_settings()
    token = auth.start_session(app_office.store, app_office.other_staff_id)
    at = open_page("people", app_office.store, app_office.office_id)
    at.selectbox[0].set_value(app_office.other_staff_id).run()
    next(b for b in at.button if b.label == "停用账号").click().run()
    assert texts(at, "success")[0].startswith("已停用 李四")
    assert auth.session_person(app_office.store, settings, token) is None
    assert not auth.sign_in(app_office.store, settings, "00124", PASSWORD).ok
    kept = app_office.store.people.person(app_office.other_staff_id)
    assert kept is not None and kept["active"] is False


def test_office_creates_a_person_and_sees_the_one_time_password_once(app_office: Office) -> None:
    at = open_page("people", app_office.store, app_office.office_id)
    next(i for i in at.text_input if i.key == "new_username").set_value("00077")
    next(i for i in at.text_input if i.key == "new_name").set_value(" 孙八 ")
    next(b for b in at.button if b.key == "create_person").click().run()
    password = at.code[0].value
    assert auth.sign_in(app_office.store, load_settings(), "00077", password).ok
    at.run()
    assert not at.code, "the one-time password is shown only once"


def test_changing_the_password_needs_the_current_one(app_office: Office) -> None:
    at = open_page("account", app_office.store, app_office.staff_id)
    current, new, again = at.text_input
    current.set_value("wrong-one")
    new.set_value("new-password-1")
    again.set_value("new-password-1")
    at.button[0].click().run()
    assert texts(at, "error") == [translate("auth.current_password_wrong")]
    current, new, again = at.text_input
    current.set_value(PASSWORD)
    new.set_value("new-password-1")
    again.set_value("new-password-1")
    at.button[0].click().run()
    assert texts(at, "success") == [translate("account.password_changed")]
    assert auth.sign_in(app_office.store, load_settings(), "00123", "new-password-1").ok


def test_language_switch_is_remembered_for_the_person(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.selectbox(key="learnhub.language").set_value("en").run()
    assert texts(at, "title") == ["Today's check-in"]
    person = app_office.store.people.person(app_office.staff_id)
    assert person is not None and person["language"] == "en"
    again = open_page("my_progress", app_office.store, app_office.staff_id)
    assert texts(again, "title") == ["My progress"]


def _xlsx(rows: list[list[object]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_roster_upload_with_a_bad_row_stores_nothing(app_office: Office) -> None:
    before = len(app_office.store.people.people(include_inactive=True))
    content = _xlsx(
        [
            ["username", "name", "department", "roles"],
            ["00201", "周九", "综合科", "staff"],
            ["00202", "", "综合科", "staff"],
            ["00203", "吴十", "综合科", "manager"],
        ]
    )
    at = open_page("roster_import", app_office.store, app_office.office_id)
    at.get("file_uploader")[0].upload("roster.xlsx", content).run()  # type: ignore[attr-defined]
    assert texts(at, "error") == [translate("roster.has_errors", n=2)]
    problems = at.dataframe[0].value
    assert list(problems[translate("roster.row")]) == [3, 4]
    assert not any(b.key == "apply_roster" for b in at.button)
    assert len(app_office.store.people.people(include_inactive=True)) == before


def test_roster_upload_preview_then_import(app_office: Office) -> None:
    content = _xlsx(
        [
            ["username", "name", "department", "roles"],
            ["00201", " 周九 ", "综合科", "学员"],
            ["00123", "张三", "办公室", "staff;office"],
        ]
    )
    at = open_page("roster_import", app_office.store, app_office.office_id)
    at.get("file_uploader")[0].upload("roster.xlsx", content).run()  # type: ignore[attr-defined]
    assert texts(at, "success") == [translate("roster.ready", new=1, update=1, unchanged=0)]
    assert app_office.store.people.person_by_username("00201") is None, "preview stores nothing"
    next(b for b in at.button if b.key == "apply_roster").click().run()
    new = app_office.store.people.person_by_username("00201")
    assert new is not None and new["name"] == "周九" and new["roles"] == "staff"
    moved = app_office.store.people.person_by_username("00123")
    assert moved is not None and moved["department"] == "办公室"
    password = at.dataframe[0].value["password"][0]
    assert auth.sign_in(app_office.store, load_settings(), "00201", password).ok


def test_the_form_continues_where_yesterday_stopped(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    at.selectbox[1].set_value(app_office.book_id)
    at.number_input[1].set_value(10)
    at.number_input[2].set_value(30)
    at.button[0].click().run()
    again = open_page("check_in", app_office.store, app_office.staff_id)
    assert again.selectbox[1].value == app_office.book_id
    assert again.number_input[1].value == 31


def test_office_can_export_the_roster(app_office: Office) -> None:
    # The bytes come from learnhub.exports.to_xlsx_bytes, whose output is read back in
    # test_cli.py; AppTest does not keep download contents, so here we check the offer.
    at = open_page("people", app_office.store, app_office.office_id)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "导出名册（Excel）" in labels


def test_office_records_a_working_saturday_that_then_counts(app_office: Office) -> None:
    from learnhub.workdays import office_calendar

    saturday = date(2026, 3, 21)
    assert not office_calendar(app_office.store).is_working_day(saturday)
    at = open_page("work_calendar", app_office.store, app_office.office_id)
    at.date_input[0].set_value(saturday)
    at.radio[0].set_value(True)
    at.text_input[0].set_value("迎检加班")
    at.button[0].click().run()
    assert texts(at, "success") == [translate("workdays.saved", day="2026-03-21")]
    assert office_calendar(app_office.store).is_working_day(saturday)
    march = next(r for r in at.dataframe[1].value.itertuples() if r[1] == "2026-03")
    assert march[2] == 23, "22 official working days in March 2026 plus the Saturday"

    at.selectbox(key="remove_day").set_value(saturday)
    next(b for b in at.button if b.key == "remove_override").click().run()
    assert not office_calendar(app_office.store).is_working_day(saturday)


def test_a_calendar_change_without_a_reason_is_refused(app_office: Office) -> None:
    at = open_page("work_calendar", app_office.store, app_office.office_id)
    at.date_input[0].set_value(date(2026, 3, 21))
    at.button[0].click().run()
    assert texts(at, "error") == [translate("workdays.note_missing")]
    assert app_office.store.calendar.overrides() == {}


def test_editing_a_clipping_keeps_the_old_version(app_office: Office) -> None:
    at = open_page("check_in", app_office.store, app_office.staff_id)
    next(a for a in at.text_area if a.label == "摘抄内容").set_value("学而不思则罔")
    next(i for i in at.text_input if i.label == "出处").set_value("论语")
    next(b for b in at.button if b.label == "保存摘抄").click().run()
    record_id = int(records(app_office, "clipping")[0]["id"])  # type: ignore[call-overload]
    edit_which = next(s for s in at.selectbox if s.label == "修改哪条记录")
    edit_which.set_value(record_id).run()
    [*(i for i in at.text_input if i.label == "出处")][-1].set_value("《论语·为政》")
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert texts(at, "success") == [translate("checkin.saved_changes")]
    assert records(app_office, "clipping")[0]["source"] == "《论语·为政》"
    assert len(app_office.store.records.history(record_id)) == 1


def test_an_empty_excerpt_cannot_replace_a_clipping(app_office: Office) -> None:
    from learnhub.errors import ValidationError
    from learnhub.reading import edit_clipping, log_clipping

    settings = load_settings()
    saved = log_clipping(
        app_office.store, settings, app_office.staff_id, _today(), "温故而知新", "论语"
    )
    with pytest.raises(ValidationError) as refused:
        edit_clipping(
            app_office.store, settings, app_office.staff_id, saved.record_id, _today(), "  ", "论语"
        )
    assert refused.value.key == "checkin.excerpt_missing"
    assert records(app_office, "clipping")[0]["text"] == "温故而知新"
    with pytest.raises(ValidationError) as not_mine:
        edit_clipping(
            app_office.store, settings, app_office.other_staff_id, saved.record_id, _today(),
            "别人的", "论语",
        )  # fmt: skip
    assert not_mine.value.key == "checkin.entry_not_yours"


def test_correcting_a_finished_books_review(app_office: Office) -> None:
    from learnhub.reading import mark_book_finished

    saved = mark_book_finished(
        app_office.store, load_settings(), app_office.staff_id, _today(),
        book_id=app_office.book_id, review="好书",
    )  # fmt: skip
    at = open_page("check_in", app_office.store, app_office.staff_id)
    next(s for s in at.selectbox if s.label == "修改哪条记录").set_value(saved.record_id).run()
    [*(i for i in at.text_input if i.label == "一句话书评")][-1].set_value("常读常新，值得再读")
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert texts(at, "success") == [translate("checkin.saved_changes")]
    assert records(app_office, "book_finished")[0]["text"] == "常读常新，值得再读"
    assert len(app_office.store.records.history(saved.record_id)) == 1


def test_staff_reads_a_lesson_marks_it_studied_and_earns_its_hours(app_office: Office) -> None:
    from learnhub.courses import sync_content

    sync_content(app_office.store)
    at = open_page("courses", app_office.store, app_office.staff_id)
    hours = next(m for m in at.metric if m.label.endswith("年已获学时"))
    assert hours.value == "0 学时"
    at.radio[0].set_value("业务").run()
    assert at.subheader[0].value == "第一讲 公文种类与适用范围"
    assert any("决议" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "我已学完这一课").click().run()
    assert texts(at, "success")[0].startswith("已记录，获得 1 学时")
    hours = next(m for m in at.metric if m.label.endswith("年已获学时"))
    assert hours.value == "1 学时"
    assert not any(b.label == "我已学完这一课" for b in at.button), "studied once is enough"


def test_searching_lessons_finds_chinese_words(app_office: Office) -> None:
    from learnhub.courses import sync_content

    sync_content(app_office.store)
    at = open_page("courses", app_office.store, app_office.staff_id)
    at.text_input[0].set_value("请示 批复").run()
    found = list(at.dataframe[0].value["课"])
    assert "第三讲 请示、报告与函的写法和常见错误" in found
    at.text_input[0].set_value("不存在的词语组合").run()
    assert "没有找到包含这些词的课。" in [c.value for c in at.caption]
