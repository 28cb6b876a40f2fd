"""展评: the featured work of a month, by kind, for everyone to read.

Only pieces that passed review and were featured are here (the store's `featured` keeps out work
returned or rejected afterwards). Every piece is someone's writing: its title, note and text are
shown as text, never as Markdown or HTML. The office also downloads the month's printable
collection (.docx, PDF and print-ready HTML) and sees the month's best suggestion when one is named.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from learnhub.collection import ORDER, collection_docx
from learnhub.collection_html import collection_html
from learnhub.collection_pdf import collection_pdf
from learnhub.periods import Period, month_of
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts as parts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MONTHS = 12


def exhibition_page() -> None:
    viewer = require(["staff", "trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.exhibition")
    month = month_picker(parts.now().date(), "exhibition_month")
    frame = store.reviews.featured(month.start, month.end, list(ORDER))
    if viewer.has("office"):
        office_tools(store, month, frame)
    if frame.empty:
        st.info(t("exhibition.empty", month=month.label))
        return
    st.caption(t("exhibition.count", month=month.label, n=len(frame)))
    present = [kind for kind in ORDER if (frame["kind"] == kind).any()]
    tabs = st.tabs([f"{kind_label(k)} ({int((frame['kind'] == k).sum())})" for k in present])
    for tab, kind in zip(tabs, present, strict=True):
        with tab:
            for _, row in frame[frame["kind"] == kind].iterrows():
                one_piece(row)


def months_back(today: date, count: int = MONTHS) -> list[Period]:
    """This month and the `count - 1` before it, newest first."""
    index = today.year * 12 + today.month - 1
    return [month_of(date((index - k) // 12, (index - k) % 12 + 1, 1)) for k in range(count)]


def month_picker(today: date, key: str) -> Period:
    months = months_back(today)
    chosen = st.selectbox(
        t("exhibition.month"), months, index=0, format_func=lambda m: m.label, key=key
    )
    return chosen if isinstance(chosen, Period) else months[0]


def kind_label(kind: str) -> str:
    return t(f"exhibition.kind.{kind}")


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def one_piece(row: pd.Series) -> None:
    day_text = pd.Timestamp(row["day"]).date().isoformat() if pd.notna(row["day"]) else ""
    title = _text(row["title"]).strip() or t("exhibition.untitled", kind=kind_label(row["kind"]),
                                             day=day_text)  # fmt: skip
    # The title is the writer's too: shown as text like the rest (a subheader would be Markdown).
    with st.container(border=True):
        st.text(title)
        # No review score here: scores reach a writer only when released, and an exhibition is
        # for reading the work, not ranking it.
        byline = t(
            "exhibition.byline",
            name=_text(row["name"]),
            department=_text(row["department"]) or t("exhibition.no_department"),
            day=day_text,
        )
        st.caption(byline)
        note = _text(row["note"]).strip()
        if note:
            st.text(t("exhibition.note", note=note))
        st.divider()
        st.text(_text(row["text"]))


def office_tools(store: Store, month: Period, frame: pd.DataFrame) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('exhibition.collection')}**")
        if frame.empty:
            st.caption(t("exhibition.collection_empty"))
        else:
            lang = language()
            title = t("exhibition.collection_title", month=month.label)
            left, middle, right = st.columns(3)
            with left:
                st.download_button(
                    t("exhibition.download_docx"),
                    # Built only when clicked: a month of essays makes a sizeable Word file.
                    data=lambda: collection_docx(
                        store, month.start, month.end, title=title, lang=lang
                    ),
                    file_name=f"exhibition-{month.label}.docx",
                    mime=DOCX,
                    key=f"exhibition_docx_{month.label}",
                    on_click="ignore",
                )
            with middle:
                st.download_button(
                    t("exhibition.download_pdf"),
                    data=lambda: collection_pdf(
                        store, month.start, month.end, title=title, lang=lang
                    ),
                    file_name=f"exhibition-{month.label}.pdf",
                    mime="application/pdf",
                    key=f"exhibition_pdf_{month.label}",
                    on_click="ignore",
                )
            with right:
                st.download_button(
                    t("exhibition.download_html"),
                    data=lambda: collection_html(
                        store, month.start, month.end, title=title, lang=lang
                    ).encode("utf-8"),
                    file_name=f"exhibition-{month.label}.html",
                    mime="text/html",
                    key=f"exhibition_html_{month.label}",
                    on_click="ignore",
                )
            st.caption(t("exhibition.print_hint"))
        best_suggestion(store, month)


def best_suggestion(store: Store, month: Period) -> None:
    best = store.suggestions.best(month.start)
    if best is None:
        st.caption(t("exhibition.no_best"))
        return
    listing = store.suggestions.listing(month.start, month.end)
    row = listing[listing["id"] == best]
    if row.empty:
        st.caption(t("exhibition.no_best"))
        return
    found = row.iloc[0]
    st.markdown(f"**{t('exhibition.best')}**")
    st.text(
        t(
            "exhibition.best_line",
            title=_text(found["title"]),
            name=_text(found["name"]),
            department=_text(found["department"]) or t("exhibition.no_department"),
        )
    )
