"""学习课程: browse published courses by category, search lessons, read one, mark it studied."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from learnhub import courses, lesson_files
from learnhub.periods import today_in
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t

LESSON_KEY = "learnhub.courses.lesson"


def courses_page() -> None:
    viewer = require(["staff", "trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.courses")
    show_flash()
    year = today_in(app_settings().timezone).year
    st.metric(
        t("courses.hours_this_year", year=year),
        t("courses.hours", n=f"{courses.credit_hours_in_year(store, viewer.person_id, year):g}"),
    )
    catalogue = courses.catalogue(store)
    if catalogue.empty:
        st.info(t("courses.none"))
        return
    query = st.text_input(t("courses.search"), placeholder=t("courses.search_hint"))
    if query.strip():
        show_search(store, query)
    categories = list(dict.fromkeys(catalogue["category"]))
    category = st.radio(t("courses.category"), categories, horizontal=True)
    shown = catalogue[catalogue["category"] == category]
    labels = id_labels(
        shown,
        lambda r: t("courses.course_label", title=r["title"], n=int(r["lessons"]),
                    hours=f"{float(r['credit_hours']):g}"),
    )  # fmt: skip
    course_id = st.selectbox(t("courses.course"), list(labels), format_func=labels.__getitem__)
    course = shown[shown["id"] == course_id].iloc[0]
    st.caption(str(course["description"]))
    show_lessons(store, viewer, course_id)


def show_search(store: Store, query: str) -> None:
    found = courses.search_lessons(store, query)
    if found.empty:
        st.caption(t("courses.nothing_found"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("courses.col_lesson"): found["title"],
                t("courses.col_course"): found["course"],
                t("courses.col_category"): found["category"],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _below_title(markdown: str) -> str:
    """Headings one level down, so a lesson's own sections sit under its title."""
    return re.sub(r"^(#{1,5})(?=\s)", r"#\1", markdown, flags=re.M)


def show_lessons(store: Store, viewer: Viewer, course_id: int) -> None:
    lessons = store.courses.lessons(course_id)
    done = courses.studied_lessons(store, viewer.person_id)
    labels = id_labels(
        lessons,
        lambda r: (
            ("✓ " if int(r["id"]) in done else "")
            + t("courses.lesson_label", title=r["title"], hours=f"{float(r['credit_hours']):g}")
        ),
    )
    lesson_id = st.radio(t("courses.lessons"), list(labels), format_func=labels.__getitem__,
                         key=f"{LESSON_KEY}.{course_id}")  # fmt: skip
    lesson = lessons[lessons["id"] == lesson_id].iloc[0]
    with st.container(border=True):
        st.subheader(str(lesson["title"]))
        if lesson["link"]:
            st.link_button(t("courses.open_link"), str(lesson["link"]))
        if lesson["kind"] == "file":
            show_file(store, lesson_id)
        else:
            # Lesson text is Markdown; Streamlit shows any HTML in it as text, never as markup.
            st.markdown(_below_title(str(lesson["body"])))
    if lesson_id in done:
        st.success(t("courses.studied"))
    elif st.button(t("courses.mark_studied"), type="primary", key=f"study_{lesson_id}") and (
        succeeded(lambda: courses.mark_studied(store, viewer.person_id, lesson_id))
    ):
        flash(t("courses.marked", hours=f"{float(lesson['credit_hours']):g}"))
        st.rerun()


def show_file(store: Store, lesson_id: int) -> None:
    """A file lesson: the original to download, and its text to read (plain text, never HTML)."""
    info = lesson_files.lesson_file(store, lesson_id)
    if info is None:
        st.warning(t("courses.lesson_unavailable"))
        return
    st.download_button(
        t("uploads.download", filename=info["filename"]),
        # Fetched only when clicked, so a page of lessons does not load every file's bytes.
        data=lambda: lesson_files.lesson_file_data(store, lesson_id),
        file_name=str(info["filename"]),
        mime=str(info["media_type"]),
        key=f"download_{lesson_id}",
        on_click="ignore",
    )
    with st.expander(t("uploads.text"), expanded=True):
        if info["text"]:
            st.text(str(info["text"]))
        else:
            st.caption(t("uploads.no_text"))
