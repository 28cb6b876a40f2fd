"""Pieces the check-in page's forms share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

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
