"""Pieces the check-in page's forms share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from learnhub.reading import MAX_NOTE, ReadingInput
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.forms import id_labels
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


def day_label(day: date, today: date) -> str:
    offset = (today - day).days
    names = {0: t("checkin.today"), 1: t("checkin.yesterday"), 2: t("checkin.day_before")}
    return f"{names.get(offset, '')} {day.isoformat()}".strip()


def book_options(books: pd.DataFrame) -> dict[int, str]:
    options = id_labels(books, lambda row: str(row["title"]))
    options[OTHER_BOOK] = t("checkin.other_title")
    return options


def chosen_book(book: int, title: str) -> int | None:
    """A title typed by hand wins over the list: people type it because the book is not there."""
    return None if book == OTHER_BOOK or title.strip() else book


@dataclass(frozen=True)
class ReadingDefaults:
    """What a reading form shows before the person touches it."""

    day: date
    book: int | None  # None: the first book of the list
    title: str = ""
    minutes: int = 30
    page_from: int | None = None
    page_to: int | None = None
    note: str = ""


def field(form: str, name: str) -> str:
    """The session-state key of one input of a check-in form."""
    return f"checkin.{form}.{name}"


def day_input(desk: Desk, form: str, current: date | None = None) -> date:
    """Which day an entry is for: one of the edit window, newest first."""
    days = desk.days if current is None or current in desk.days else [current, *desk.days]
    day: date = st.selectbox(
        t("checkin.day"),
        days,
        index=0 if current is None else days.index(current),
        format_func=lambda d: day_label(d, desk.today),
        key=field(form, "day"),
    )
    return day


def reading_inputs(desk: Desk, shown: ReadingDefaults, form: str) -> ReadingInput:
    """The reading form's inputs (inside the caller's st.form) as an entry."""
    options = book_options(desk.books)
    day = day_input(desk, form, shown.day)
    book = st.selectbox(
        t("checkin.book"),
        list(options),
        index=0
        if shown.book is None
        else list(options).index(shown.book if shown.book in options else OTHER_BOOK),
        format_func=options.__getitem__,
        key=field(form, "book"),
    )
    title = st.text_input(
        t("checkin.free_title"),
        value=shown.title,
        placeholder=t("checkin.free_title_hint"),
        key=field(form, "title"),
    )
    minutes = st.number_input(
        t("checkin.minutes"), value=shown.minutes, step=5, key=field(form, "minutes")
    )
    left, right = st.columns(2)
    page_from = left.number_input(
        t("checkin.page_from"), value=shown.page_from, step=1, key=field(form, "page_from")
    )
    page_to = right.number_input(
        t("checkin.page_to"), value=shown.page_to, step=1, key=field(form, "page_to")
    )
    note = st.text_area(
        t("checkin.note"), value=shown.note, max_chars=MAX_NOTE, height=80, key=field(form, "note")
    )
    return ReadingInput(
        day=day,
        minutes=minutes,
        book_id=chosen_book(book, title),
        title=title,
        page_from=page_from,
        page_to=page_to,
        note=note,
    )
