"""今日打卡: log reading, paste a clipping, mark a book finished, and see today's card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from learnhub import reading
from learnhub.periods import today_in
from learnhub.progress import TodayCard, today_card
from learnhub.reading import ReadingInput
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import (
    attempt,
    flash,
    id_labels,
    next_submission,
    show_flash,
    submission_key,
    succeeded,
)
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t

OTHER_BOOK = -1


@dataclass(frozen=True)
class Desk:
    """What every form on the page works with."""

    store: Store
    settings: Settings
    person_id: int
    books: pd.DataFrame
    days: list[date]
    today: date


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


def _day_label(day: date, today: date) -> str:
    offset = (today - day).days
    names = {0: t("checkin.today"), 1: t("checkin.yesterday"), 2: t("checkin.day_before")}
    return f"{names.get(offset, '')} {day.isoformat()}".strip()


def _book_options(books: pd.DataFrame) -> dict[int, str]:
    options = id_labels(books, lambda row: str(row["title"]))
    options[OTHER_BOOK] = t("checkin.other_title")
    return options


def _chosen_book(book: int, title: str) -> int | None:
    """A title typed by hand wins over the list: people type it because the book is not there."""
    return None if book == OTHER_BOOK or title.strip() else book


def reading_form(desk: Desk) -> None:
    options = _book_options(desk.books)
    # Most days continue yesterday's book: start the form there, at the next page.
    last = desk.store.records.last_reading(desk.person_id) or {}
    last_book = last.get("book_id")
    book_index = list(options).index(last_book) if last_book in options else 0
    if last and last_book is None:
        book_index = list(options).index(OTHER_BOOK)
    next_page = last["page_to"] + 1 if last.get("page_to") else None
    with st.form("reading", clear_on_submit=False, border=False):
        day = st.selectbox(
            t("checkin.day"), desk.days, format_func=lambda d: _day_label(d, desk.today)
        )
        book = st.selectbox(
            t("checkin.book"), list(options), index=book_index, format_func=options.__getitem__
        )
        title = st.text_input(
            t("checkin.free_title"),
            value=str(last.get("title") or "") if last_book is None else "",
            placeholder=t("checkin.free_title_hint"),
        )
        minutes = st.number_input(t("checkin.minutes"), value=30, step=5)
        left, right = st.columns(2)
        page_from = left.number_input(t("checkin.page_from"), value=next_page, step=1)
        page_to = right.number_input(t("checkin.page_to"), value=None, step=1)
        note = st.text_area(t("checkin.note"), max_chars=reading.MAX_NOTE, height=80)
        submitted = st.form_submit_button(t("checkin.save_reading"), type="primary")
    if not submitted:
        return
    entry = ReadingInput(
        day=day,
        minutes=minutes,
        book_id=_chosen_book(book, title),
        title=title,
        page_from=page_from,
        page_to=page_to,
        note=note,
    )
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
    if saved.flag:
        message += " " + t(f"checkin.flag_{saved.flag}")
    flash(message)
    st.rerun()


def clipping_form(desk: Desk) -> None:
    with st.form("clipping", border=False):
        day = st.selectbox(
            t("checkin.day"),
            desk.days,
            format_func=lambda d: _day_label(d, desk.today),
            key="clipping_day",
        )
        excerpt = st.text_area(t("checkin.excerpt"), max_chars=reading.MAX_EXCERPT, height=140)
        source = st.text_input(t("checkin.source"), placeholder=t("checkin.source_hint"))
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
    options = _book_options(desk.books)
    with st.form("book_finished", border=False):
        day = st.selectbox(
            t("checkin.day"),
            desk.days,
            format_func=lambda d: _day_label(d, desk.today),
            key="book_day",
        )
        book = st.selectbox(
            t("checkin.book"), list(options), format_func=options.__getitem__, key="finished_book"
        )
        title = st.text_input(t("checkin.free_title"), key="finished_title")
        review = st.text_input(
            t("checkin.review"), max_chars=reading.MAX_REVIEW, placeholder=t("checkin.review_hint")
        )
        submitted = st.form_submit_button(t("checkin.save_book"), type="primary")
    if not submitted:
        return
    _save_entry(
        "book",
        lambda key: reading.mark_book_finished(
            desk.store, desk.settings, desk.person_id, day, book_id=_chosen_book(book, title),
            title=title, review=review, submission_key=key, today=desk.today,
        ),
        t("checkin.saved_book"),
    )  # fmt: skip


def recent_entries(desk: Desk) -> None:
    entries = desk.store.records.entries(desk.person_id, min(desk.days), desk.today)
    entries["day"] = pd.to_datetime(entries["day"]).dt.date
    if entries.empty:
        st.caption(t("checkin.no_recent"))
        return
    shown = pd.DataFrame(
        {
            t("checkin.col_day"): entries["day"],
            t("checkin.col_kind"): entries["kind"].map(lambda k: t(f"kind.{k}")),
            t("checkin.col_title"): entries["title"].fillna(entries["source"]),
            t("checkin.col_minutes"): entries["minutes"],
            t("checkin.col_text"): entries["text"],
            t("checkin.col_flag"): entries["flag"].map(
                lambda f: t(f"checkin.flag_short_{f}") if isinstance(f, str) else ""
            ),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    readings = entries[entries["kind"] == "reading"]
    if readings.empty:
        return
    unit = t("checkin.minutes_unit")
    labels = id_labels(
        readings, lambda r: f"{r['day']} · {r['title']} · {int(r['minutes'])} {unit}"
    )
    chosen = st.selectbox(t("checkin.edit_which"), list(labels), format_func=labels.__getitem__)
    row = readings[readings["id"] == chosen].iloc[0]
    options = _book_options(desk.books)
    current_book = int(row["book_id"]) if pd.notna(row["book_id"]) else OTHER_BOOK
    with st.form(f"edit_{chosen}", border=True):
        day = st.selectbox(
            t("checkin.day"),
            desk.days,
            index=desk.days.index(row["day"]) if row["day"] in desk.days else 0,
            format_func=lambda d: _day_label(d, desk.today),
        )
        book = st.selectbox(
            t("checkin.book"),
            list(options),
            format_func=options.__getitem__,
            index=list(options).index(current_book)
            if current_book in options
            else len(options) - 1,
        )
        title = st.text_input(
            t("checkin.free_title"),
            value="" if current_book != OTHER_BOOK else str(row["title"] or ""),
        )
        minutes = st.number_input(t("checkin.minutes"), value=int(row["minutes"]), step=5)
        left, right = st.columns(2)
        page_from = left.number_input(t("checkin.page_from"), step=1, value=_int(row["page_from"]))
        page_to = right.number_input(t("checkin.page_to"), step=1, value=_int(row["page_to"]))
        note = st.text_area(
            t("checkin.note"), value=str(row["text"] or ""), max_chars=reading.MAX_NOTE
        )
        submitted = st.form_submit_button(t("checkin.save_changes"))
    if submitted:
        entry = ReadingInput(
            day=day,
            minutes=minutes,
            book_id=_chosen_book(book, title),
            title=title,
            page_from=page_from,
            page_to=page_to,
            note=note,
        )
        done = succeeded(
            lambda: reading.edit_reading(
                desk.store, desk.settings, desk.person_id, chosen, entry, today=desk.today
            )
        )
        if done:
            flash(t("checkin.saved_changes"))
            st.rerun()


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]
