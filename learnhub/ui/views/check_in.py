"""今日打卡: log reading, paste a clipping, mark a book finished, and see today's card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from learnhub import reading
from learnhub.periods import today_in
from learnhub.progress import TodayCard, today_card
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import (
    attempt,
    flash,
    next_submission,
    show_flash,
    submission_key,
)
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views.check_in_parts import (
    OTHER_BOOK,
    Desk,
    ReadingDefaults,
    book_options,
    chosen_book,
    day_input,
    field,
    reading_inputs,
)
from learnhub.ui.views.recent_entries import recent_entries


def check_in_page(today: date | None = None) -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    settings = app_settings()
    store = app_store(settings)
    today = today or today_in(settings.timezone)
    page_header("nav.check_in")
    show_flash()
    show_today_card(today_card(store, viewer.person_id, today))
    desk = Desk(
        store,
        settings,
        viewer.person_id,
        store.books.books(),
        reading.editable_days(settings, today),
        today,
    )
    reading_tab, clipping_tab, book_tab, recent_tab = st.tabs(
        [
            t("checkin.tab_reading"),
            t("checkin.tab_clipping"),
            t("checkin.tab_book"),
            t("checkin.tab_recent"),
        ]
    )
    with reading_tab:
        reading_form(desk)
    with clipping_tab:
        clipping_form(desk)
    with book_tab:
        book_form(desk)
    with recent_tab:
        recent_entries(desk)


def show_today_card(card: TodayCard) -> None:
    with st.container(border=True):
        left, middle, right = st.columns(3)
        left.metric(
            t("checkin.minutes_today"),
            t("checkin.minutes_of_goal", minutes=card.minutes, goal=card.goal_minutes),
        )
        left.progress(min(1.0, card.minutes / max(1, card.goal_minutes)))
        middle.metric(t("checkin.clippings_today"), card.clippings)
        with right:
            st.markdown(f"**{t('checkin.still_due')}**")
            if card.due:
                for key in card.due:
                    st.markdown(f"- {t(key)}")
            else:
                st.markdown(t("checkin.all_done"))
        if not card.is_working_day:
            st.caption(t("checkin.not_working_day"))
        if not card.calendar_covered:
            st.caption(t("checkin.calendar_not_covered", year=card.day.year))


def reading_form(desk: Desk) -> None:
    # Most days continue yesterday's book: start the form there, at the next page.
    last = desk.store.records.last_reading(desk.person_id) or {}
    last_book = last.get("book_id")
    shown = ReadingDefaults(
        day=desk.today,
        book=int(last_book) if last_book is not None else (OTHER_BOOK if last else None),
        title=str(last.get("title") or "") if last and last_book is None else "",
        page_from=last["page_to"] + 1 if last.get("page_to") else None,
    )
    with st.form("reading", clear_on_submit=False, border=False):
        entry = reading_inputs(desk, shown, "reading")
        submitted = st.form_submit_button(t("checkin.save_reading"), type="primary")
    if not submitted:
        return
    _save_entry(
        "reading",
        lambda key: reading.log_reading(
            desk.store, desk.settings, desk.person_id, entry, submission_key=key, today=desk.today
        ),
        t("checkin.saved_reading", minutes=entry.minutes),
    )


def _save_entry(form: str, save: Callable[[str], reading.Saved], message: str) -> None:
    """Save with this form instance's submission key; when it went through, start a fresh form
    and show `message` (with the office's flag, if any) after the rerun."""
    saved = attempt(lambda: save(submission_key(form)))
    if saved is None:
        return
    next_submission(form)
    # An empty form after a save: a second Save then cannot store the same entry again.
    for key in [k for k in st.session_state if str(k).startswith(field(form, ""))]:
        del st.session_state[key]
    if saved.flag:
        message += " " + t(f"checkin.flag_{saved.flag}")
    flash(message)
    st.rerun()


def clipping_form(desk: Desk) -> None:
    with st.form("clipping", border=False):
        day = day_input(desk, "clipping")
        excerpt = st.text_area(
            t("checkin.excerpt"),
            max_chars=reading.MAX_EXCERPT,
            height=140,
            key=field("clipping", "excerpt"),
        )
        source = st.text_input(
            t("checkin.source"),
            placeholder=t("checkin.source_hint"),
            key=field("clipping", "source"),
        )
        submitted = st.form_submit_button(t("checkin.save_clipping"), type="primary")
    if not submitted:
        return
    _save_entry(
        "clipping",
        lambda key: reading.log_clipping(
            desk.store, desk.settings, desk.person_id, day, excerpt, source, submission_key=key,
            today=desk.today,
        ),
        t("checkin.saved_clipping"),
    )  # fmt: skip


def book_form(desk: Desk) -> None:
    options = book_options(desk.books)
    with st.form("book_finished", border=False):
        day = day_input(desk, "book")
        book = st.selectbox(
            t("checkin.book"),
            list(options),
            format_func=options.__getitem__,
            key=field("book", "book"),
        )
        title = st.text_input(t("checkin.free_title"), key=field("book", "title"))
        review = st.text_input(
            t("checkin.review"),
            max_chars=reading.MAX_REVIEW,
            placeholder=t("checkin.review_hint"),
            key=field("book", "review"),
        )
        submitted = st.form_submit_button(t("checkin.save_book"), type="primary")
    if not submitted:
        return
    _save_entry(
        "book",
        lambda key: reading.mark_book_finished(
            desk.store, desk.settings, desk.person_id, day, book_id=chosen_book(book, title),
            title=title, review=review, submission_key=key, today=desk.today,
        ),
        t("checkin.saved_book"),
    )  # fmt: skip
