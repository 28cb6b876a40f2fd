"""Daily check-in (learnhub/reading.py): every validation rule, flags, edits and history.

Every refusal must name its problem with a catalogue key that reads well in both languages, and
store nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import TODAY, Office

from learnhub.errors import ValidationError
from learnhub.i18n import catalogue
from learnhub.reading import (
    MAX_DAY_MINUTES,
    MAX_ENTRY_MINUTES,
    ReadingInput,
    edit_reading,
    editable_days,
    log_clipping,
    log_reading,
    mark_book_finished,
)
from learnhub.settings import Settings


def refused(office: Office, key: str, action: Callable[[], Any], **params: Any) -> ValidationError:
    """`action` raises ValidationError(key), stores nothing, and its message reads in zh and en."""
    before = office.store.records.count()
    with pytest.raises(ValidationError) as info:
        action()
    error = info.value
    assert error.key == key
    for name, value in params.items():
        assert error.params[name] == value
    assert key in catalogue("zh") and key in catalogue("en")
    for lang in ("zh", "en"):
        text = error.message(lang)  # formats with the error's own parameters
        assert text and text != key and "{" not in text
    assert office.store.records.count() == before
    return error


def read(office: Office, settings: Settings, *, person: int | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    values = {"day": TODAY, "minutes": 30, "title": "学习强国文章", **fields}
    return log_reading(
        office.store, settings, person or office.staff_id, ReadingInput(**values), today=TODAY
    )


# -- a good entry ----------------------------------------------------------------------------


def test_a_reading_entry_is_stored_as_given(office: Office, settings: Settings) -> None:
    saved = read(
        office,
        settings,
        book_id=office.book_id,
        title=None,
        page_from="10",
        page_to=" 39 ",
        minutes=" 45 ",
        note="  第三章讲调查研究  ",
    )
    assert saved.flag is None and not saved.duplicate
    record = office.store.records.get(saved.record_id)
    assert record["kind"] == "reading"
    assert record["person_id"] == office.staff_id
    assert record["minutes"] == 45
    assert (record["page_from"], record["page_to"], record["pages"]) == (10, 39, 30)
    assert record["book_id"] == office.book_id
    assert record["text"] == "第三章讲调查研究"  # trimmed
    assert record["status"] == "submitted"


def test_whole_numbers_written_as_decimals_are_accepted(office: Office, settings: Settings) -> None:
    saved = read(office, settings, minutes="30.0")
    assert office.store.records.get(saved.record_id)["minutes"] == 30


# -- minutes -------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, -5, "0", "-1"])
def test_minutes_must_be_positive(office: Office, settings: Settings, minutes: Any) -> None:
    refused(office, "checkin.minutes_not_positive", lambda: read(office, settings, minutes=minutes))


def test_one_entry_can_be_at_most_240_minutes(office: Office, settings: Settings) -> None:
    read(office, settings, minutes=MAX_ENTRY_MINUTES)
    error = refused(
        office, "checkin.minutes_too_many", lambda: read(office, settings, minutes=241), n=240
    )
    assert "241" in error.message("zh") and "240" in error.message("en")


@pytest.mark.parametrize(
    "minutes", ["abc", "三十", "30.5", "nan", "inf", "-inf", "1e400", True, [30]]
)
def test_minutes_must_be_a_whole_number(office: Office, settings: Settings, minutes: Any) -> None:
    refused(office, "checkin.minutes_not_number", lambda: read(office, settings, minutes=minutes))


@pytest.mark.parametrize("minutes", [None, "", "   "])
def test_minutes_are_required(office: Office, settings: Settings, minutes: Any) -> None:
    refused(office, "checkin.minutes_missing", lambda: read(office, settings, minutes=minutes))


def test_a_day_holds_at_most_16_hours_of_reading(office: Office, settings: Settings) -> None:
    # Four entries of 240 minutes make exactly 960 = 16 × 60: allowed. One minute more is not.
    assert MAX_DAY_MINUTES == 16 * 60
    for _ in range(4):
        read(office, settings, minutes=240)
    error = refused(
        office, "checkin.day_too_long", lambda: read(office, settings, minutes=1), total=961, n=16
    )
    assert "961" in error.message("zh")
    # The limit is per person and per day.
    read(office, settings, minutes=30, person=office.other_staff_id)
    read(office, settings, minutes=30, day=TODAY - timedelta(days=1))


def test_returned_entries_do_not_count_towards_the_day_limit(
    office: Office, settings: Settings
) -> None:
    store = office.store
    for _ in range(4):
        read(office, settings, minutes=240)
    store.db.execute("UPDATE records SET status = 'returned' WHERE id = 1")
    read(office, settings, minutes=240)  # 3 × 240 counted + 240 = 960


# -- pages ---------------------------------------------------------------------------------


def test_pages_cannot_run_backwards(office: Office, settings: Settings) -> None:
    refused(
        office,
        "checkin.pages_backwards",
        lambda: read(office, settings, page_from=50, page_to=40),
        page_from=50,
        page_to=40,
    )
    # A single page (from = to) is fine: 1 page.
    saved = read(office, settings, page_from=50, page_to=50)
    assert office.store.records.get(saved.record_id)["pages"] == 1


def test_pages_cannot_go_beyond_the_book(office: Office, settings: Settings) -> None:
    # The office's book has 500 pages.
    read(
        office, settings, book_id=office.book_id, title=None, page_from=480, page_to=500, minutes=60
    )
    refused(
        office,
        "checkin.page_beyond_book",
        lambda: read(office, settings, book_id=office.book_id, page_from=490, page_to=501),
        page_to=501,
        n=500,
    )


def test_pages_need_both_ends(office: Office, settings: Settings) -> None:
    refused(office, "checkin.pages_incomplete", lambda: read(office, settings, page_from=3))
    refused(office, "checkin.pages_incomplete", lambda: read(office, settings, page_to=3))


def test_pages_start_at_one(office: Office, settings: Settings) -> None:
    refused(
        office, "checkin.page_not_positive", lambda: read(office, settings, page_from=0, page_to=3)
    )


def test_pages_must_be_numbers(office: Office, settings: Settings) -> None:
    refused(
        office, "checkin.page_not_number", lambda: read(office, settings, page_from="x", page_to=3)
    )
    refused(
        office,
        "checkin.page_not_number",
        lambda: read(office, settings, page_from=1, page_to="nan"),
    )


def test_fast_pace_is_flagged_not_refused(office: Office, settings: Settings) -> None:
    # The flag is raised above 3 pages a minute: 30 pages in 10 minutes is exactly 3 — no flag;
    # 31 pages in 10 minutes is more — flagged for the office, but stored.
    even = read(office, settings, minutes=10, page_from=1, page_to=30)
    assert even.flag is None
    fast = read(office, settings, minutes=10, page_from=31, page_to=61)
    assert fast.flag == "fast_pace"
    assert office.store.records.get(fast.record_id)["flag"] == "fast_pace"
    assert office.store.records.get(even.record_id)["flag"] is None


# -- dates ---------------------------------------------------------------------------------


def test_future_dates_are_refused(office: Office, settings: Settings) -> None:
    tomorrow = TODAY + timedelta(days=1)
    refused(
        office,
        "checkin.day_in_future",
        lambda: read(office, settings, day=tomorrow),
        day="2026-03-19",
    )


def test_edit_window_is_today_and_the_two_days_before(office: Office, settings: Settings) -> None:
    # edit_window_days = 3 counts today: 18, 17 and 16 March are open; the 15th is not.
    assert settings.edit_window_days == 3
    assert editable_days(settings, TODAY) == [TODAY - timedelta(days=i) for i in range(3)]
    for back in range(3):
        read(office, settings, day=TODAY - timedelta(days=back))
    error = refused(
        office,
        "checkin.day_too_old",
        lambda: read(office, settings, day=date(2026, 3, 15)),
        day="2026-03-15",
        n=3,
    )
    assert "2026-03-15" in error.message("zh")


def test_a_wider_edit_window_from_settings(office: Office, settings: Settings) -> None:
    from dataclasses import replace

    week = replace(settings, edit_window_days=7)
    log_reading(
        office.store,
        week,
        office.staff_id,
        ReadingInput(day=TODAY - timedelta(days=6), minutes=30, title="书"),
        today=TODAY,
    )
    refused(
        office,
        "checkin.day_too_old",
        lambda: log_reading(
            office.store,
            week,
            office.staff_id,
            ReadingInput(day=TODAY - timedelta(days=7), minutes=30, title="书"),
            today=TODAY,
        ),
    )


# -- titles and notes ----------------------------------------------------------------------


@pytest.mark.parametrize("title", [None, "", "   ", "\x00\x07"])
def test_a_title_or_a_book_is_required(office: Office, settings: Settings, title: Any) -> None:
    refused(office, "checkin.title_missing", lambda: read(office, settings, title=title))


def test_unknown_book_is_refused(office: Office, settings: Settings) -> None:
    refused(office, "checkin.book_unknown", lambda: read(office, settings, book_id=9999))


def test_title_length_is_limited(office: Office, settings: Settings) -> None:
    read(office, settings, title="字" * 200)
    refused(
        office,
        "checkin.title_too_long",
        lambda: read(office, settings, title="字" * 201),
        n=200,
        length=201,
    )


def test_note_length_is_limited(office: Office, settings: Settings) -> None:
    read(office, settings, note="心" * 500)
    refused(
        office,
        "checkin.note_too_long",
        lambda: read(office, settings, note="心" * 501),
        n=500,
        length=501,
    )


def test_html_in_a_note_is_stored_verbatim_as_text(office: Office, settings: Settings) -> None:
    note = '<script>alert("x")</script><b>重点</b> & <img src=x onerror=alert(1)>'
    saved = read(office, settings, note=note)
    assert office.store.records.get(saved.record_id)["text"] == note
    entries = office.store.records.entries(office.staff_id, TODAY, TODAY)
    assert entries.loc[0, "text"] == note


def test_control_characters_are_dropped(office: Office, settings: Settings) -> None:
    saved = read(office, settings, note="第一\x00段\x1b落\n第二段")
    assert office.store.records.get(saved.record_id)["text"] == "第一段落\n第二段"


# -- clippings -----------------------------------------------------------------------------


def test_a_clipping_needs_text_and_source(office: Office, settings: Settings) -> None:
    store = office.store
    saved = log_clipping(
        store,
        settings,
        office.staff_id,
        TODAY,
        "  实干才能梦想成真。 ",
        " 人民日报 2026-03-18 ",
        today=TODAY,
    )
    record = store.records.get(saved.record_id)
    assert (record["kind"], record["text"], record["source"]) == (
        "clipping",
        "实干才能梦想成真。",
        "人民日报 2026-03-18",
    )
    refused(
        office,
        "checkin.source_missing",
        lambda: log_clipping(store, settings, office.staff_id, TODAY, "摘抄", "  ", today=TODAY),
    )
    refused(
        office,
        "checkin.excerpt_missing",
        lambda: log_clipping(store, settings, office.staff_id, TODAY, "", "人民日报", today=TODAY),
    )
    refused(
        office,
        "checkin.excerpt_too_long",
        lambda: log_clipping(
            store, settings, office.staff_id, TODAY, "摘" * 2001, "人民日报", today=TODAY
        ),
        n=2000,
        length=2001,
    )
    refused(
        office,
        "checkin.source_too_long",
        lambda: log_clipping(
            store, settings, office.staff_id, TODAY, "摘", "源" * 201, today=TODAY
        ),
    )
    refused(
        office,
        "checkin.day_too_old",
        lambda: log_clipping(
            store, settings, office.staff_id, TODAY - timedelta(days=3), "摘", "源", today=TODAY
        ),
    )


# -- finished books ------------------------------------------------------------------------


def test_a_book_is_finished_once(office: Office, settings: Settings) -> None:
    store = office.store

    def finish(**kwargs: Any):  # type: ignore[no-untyped-def]
        values = {"book_id": office.book_id, "review": "受益匪浅", **kwargs}
        person = values.pop("person", office.staff_id)
        return mark_book_finished(store, settings, person, TODAY, today=TODAY, **values)

    finish()
    refused(office, "checkin.book_already_finished", finish, title="习近平谈治国理政")
    # Also on another day, and also when typed as a free title that matches.
    refused(
        office,
        "checkin.book_already_finished",
        lambda: finish(book_id=None, title="习近平谈治国理政"),
    )
    # Someone else may finish the same book.
    finish(person=office.other_staff_id)
    # A different free-title book is fine, and then refused the second time.
    finish(book_id=None, title="红岩")
    refused(office, "checkin.book_already_finished", lambda: finish(book_id=None, title=" 红岩 "))


def test_a_finished_book_needs_a_one_line_review(office: Office, settings: Settings) -> None:
    store = office.store

    def finish(review: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return mark_book_finished(
            store, settings, office.staff_id, TODAY, review=review, today=TODAY, **kwargs
        )

    refused(office, "checkin.review_missing", lambda: finish("  ", book_id=office.book_id))
    refused(office, "checkin.review_too_long", lambda: finish("评" * 201, book_id=office.book_id))
    refused(office, "checkin.title_missing", lambda: finish("好书"))
    refused(office, "checkin.book_unknown", lambda: finish("好书", book_id=4242))
    saved = finish("第一行\n第二行", title="平凡的世界")
    assert store.records.get(saved.record_id)["text"] == "第一行 第二行"


def test_a_returned_book_can_be_finished_again(office: Office, settings: Settings) -> None:
    store = office.store
    first = mark_book_finished(
        store, settings, office.staff_id, TODAY, book_id=office.book_id, review="好", today=TODAY
    )
    store.db.execute("UPDATE records SET status = 'returned' WHERE id = ?", [first.record_id])
    mark_book_finished(
        store,
        settings,
        office.staff_id,
        TODAY,
        book_id=office.book_id,
        review="重写的体会",
        today=TODAY,
    )


# -- editing -------------------------------------------------------------------------------


def test_editing_within_the_window_keeps_the_previous_version(
    office: Office, settings: Settings
) -> None:
    store = office.store
    saved = read(office, settings, minutes=30, note="初稿")
    edit_reading(
        store,
        settings,
        office.staff_id,
        saved.record_id,
        ReadingInput(day=TODAY - timedelta(days=1), minutes=50, title="改过的标题", note="修改后"),
        today=TODAY,
    )
    record = store.records.get(saved.record_id)
    assert (record["minutes"], record["title"], record["text"]) == (50, "改过的标题", "修改后")
    assert str(record["day"])[:10] == (TODAY - timedelta(days=1)).isoformat()
    history = store.records.history(saved.record_id)
    assert len(history) == 1
    previous = json.loads(history.loc[0, "previous"])
    assert (previous["minutes"], previous["text"]) == (30, "初稿")
    assert history.loc[0, "changed_by"] == office.staff_id
    assert store.records.count() == 1  # an edit, not a new entry


def test_editing_checks_the_day_limit_without_counting_the_entry_twice(
    office: Office, settings: Settings
) -> None:
    store = office.store
    entries = [read(office, settings, minutes=240) for _ in range(4)]  # 960 minutes today
    # Changing one of them from 240 to 200 is fine (920), back to 240 too (960)…
    for minutes in (200, 240):
        edit_reading(
            store,
            settings,
            office.staff_id,
            entries[0].record_id,
            ReadingInput(day=TODAY, minutes=minutes, title="书"),
            today=TODAY,
        )
    # …but moving a 240-minute entry of yesterday onto today would make 1200.
    yesterday = read(office, settings, minutes=240, day=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        edit_reading(
            store,
            settings,
            office.staff_id,
            yesterday.record_id,
            ReadingInput(day=TODAY, minutes=240, title="书"),
            today=TODAY,
        )
    assert info.value.key == "checkin.day_too_long"
    assert len(store.records.history(yesterday.record_id)) == 0


def test_editing_someone_elses_entry_is_refused(office: Office, settings: Settings) -> None:
    store = office.store
    theirs = read(office, settings, person=office.other_staff_id, minutes=30)
    with pytest.raises(ValidationError) as info:
        edit_reading(
            store,
            settings,
            office.staff_id,
            theirs.record_id,
            ReadingInput(day=TODAY, minutes=1, title="改掉"),
            today=TODAY,
        )
    assert info.value.key == "checkin.entry_not_yours"
    assert store.records.get(theirs.record_id)["minutes"] == 30
    assert len(store.records.history(theirs.record_id)) == 0
    # A record that does not exist, or is not a reading entry, is refused the same way.
    clip = log_clipping(store, settings, office.staff_id, TODAY, "摘", "源", today=TODAY)
    for record_id in (9999, clip.record_id):
        with pytest.raises(ValidationError) as info:
            edit_reading(
                store,
                settings,
                office.staff_id,
                record_id,
                ReadingInput(day=TODAY, minutes=1, title="x"),
                today=TODAY,
            )
        assert info.value.key == "checkin.entry_not_yours"


def test_entries_older_than_the_window_cannot_be_edited(office: Office, settings: Settings) -> None:
    store = office.store
    old = log_reading(
        store,
        settings,
        office.staff_id,
        ReadingInput(day=date(2026, 3, 14), minutes=30, title="书"),
        today=date(2026, 3, 14),
    )
    with pytest.raises(ValidationError) as info:
        edit_reading(
            store,
            settings,
            office.staff_id,
            old.record_id,
            ReadingInput(day=TODAY, minutes=60, title="书"),
            today=TODAY,
        )
    assert info.value.key == "checkin.day_too_old"
    # Nor can a recent entry be moved out of the window.
    recent = read(office, settings)
    with pytest.raises(ValidationError) as info:
        edit_reading(
            store,
            settings,
            office.staff_id,
            recent.record_id,
            ReadingInput(day=date(2026, 3, 1), minutes=30, title="书"),
            today=TODAY,
        )
    assert info.value.key == "checkin.day_too_old"


def test_an_edit_is_validated_like_a_new_entry(office: Office, settings: Settings) -> None:
    store = office.store
    saved = read(office, settings)
    with pytest.raises(ValidationError) as info:
        edit_reading(
            store,
            settings,
            office.staff_id,
            saved.record_id,
            ReadingInput(day=TODAY, minutes=300, title="书"),
            today=TODAY,
        )
    assert info.value.key == "checkin.minutes_too_many"
    assert store.records.get(saved.record_id)["minutes"] == 30
