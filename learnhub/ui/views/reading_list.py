"""推荐书目: the books the office distributes, which staff pick from when they log reading."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import library
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t


def reading_list_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.reading_list")
    show_flash()
    books = store.books.books(include_inactive=True)
    show_books(books)
    with st.form("add_book", clear_on_submit=True):
        st.markdown(f"**{t('books.add')}**")
        title = st.text_input(t("books.title"))
        author = st.text_input(t("books.author"))
        pages = st.number_input(t("books.pages"), value=None, step=1)
        if st.form_submit_button(t("books.save"), type="primary") and succeeded(
            lambda: library.add_book(store, title, author, pages, actor_id=viewer.person_id)
        ):
            flash(t("books.added", title=title.strip()))
            st.rerun()
    if books.empty:
        return
    st.markdown(f"**{t('books.edit')}**")
    labels = id_labels(books, lambda r: str(r["title"]))
    chosen = st.selectbox(t("books.which"), list(labels), format_func=labels.__getitem__)
    row = books[books["id"] == chosen].iloc[0]
    with st.form(f"edit_book_{chosen}"):
        title = st.text_input(t("books.title"), value=str(row["title"]))
        author = st.text_input(t("books.author"), value=str(row["author"] or ""))
        pages = st.number_input(
            t("books.pages"), step=1, value=None if pd.isna(row["pages"]) else int(row["pages"])
        )
        active = st.checkbox(t("books.active"), value=bool(row["active"]))
        if st.form_submit_button(t("books.save")) and succeeded(
            lambda: library.update_book(
                store, chosen, title, author, pages, active, actor_id=viewer.person_id
            )
        ):
            flash(t("books.updated"))
            st.rerun()


def show_books(books: pd.DataFrame) -> None:
    if books.empty:
        st.info(t("books.none"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("books.title"): books["title"],
                t("books.author"): books["author"],
                t("books.pages"): books["pages"],
                t("books.active"): books["active"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
