"""课程管理: trainers (their own courses) and the office (all) write courses and lessons."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import course_admin as admin
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t


def course_admin_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.course_admin")
    show_flash()
    courses = store.courses.all_courses()
    if not viewer.has("office"):
        courses = courses[courses["owner_id"] == viewer.person_id]
    new_course(store, viewer)
    if courses.empty:
        st.info(t("course_admin.none_yours"))
        return
    labels = id_labels(
        courses,
        lambda r: (
            f"{r['title']} · {r['category']} · "
            + (t("course_admin.published") if r["published"] else t("course_admin.draft"))
        ),
    )
    course_id = st.selectbox(t("course_admin.course"), list(labels), format_func=labels.__getitem__)
    course = courses[courses["id"] == course_id].iloc[0]
    edit_course(store, viewer, course_id, course)
    lessons = store.courses.lessons(course_id, include_unpublished=True)
    edit_lessons(store, viewer, lessons)
    add_lesson(store, viewer, course_id)


def _action(action: Any, message: str) -> None:
    if succeeded(action):
        flash(message)
        st.rerun()


def new_course(store: Store, viewer: Viewer) -> None:
    with st.expander(t("course_admin.new_course")), st.form("new_course", clear_on_submit=True):
        title = st.text_input(t("course_admin.title"))
        category = st.selectbox(t("course_admin.category"), store.courses.categories())
        description = st.text_area(t("course_admin.description"), height=80)
        if st.form_submit_button(t("course_admin.create"), type="primary"):
            created = attempt(
                lambda: admin.create_course(store, viewer.person_id, title, category, description)
            )
            if created is not None:
                flash(t("course_admin.created", title=title.strip()))
                st.rerun()


def edit_course(store: Store, viewer: Viewer, course_id: int, course: pd.Series) -> None:
    categories = store.courses.categories()
    with st.form(f"course_{course_id}"):
        title = st.text_input(t("course_admin.title"), value=str(course["title"]))
        category = st.selectbox(
            t("course_admin.category"),
            categories,
            index=categories.index(course["category"]) if course["category"] in categories else 0,
        )
        description = st.text_area(
            t("course_admin.description"), value=str(course["description"]), height=80
        )
        if st.form_submit_button(t("course_admin.save")):
            _action(
                lambda: admin.update_course(
                    store, course_id, viewer.person_id, viewer.roles,
                    title=title, category=category, description=description,
                ),
                t("course_admin.saved"),
            )  # fmt: skip
    published = bool(course["published"])
    label = t("course_admin.unpublish") if published else t("course_admin.publish")
    if st.button(label, key=f"publish_{course_id}"):
        _action(
            lambda: admin.set_course_published(
                store, course_id, viewer.person_id, viewer.roles, not published
            ),
            t("course_admin.unpublished") if published else t("course_admin.now_published"),
        )


def edit_lessons(store: Store, viewer: Viewer, lessons: pd.DataFrame) -> None:
    st.subheader(t("course_admin.lessons"))
    if lessons.empty:
        st.caption(t("course_admin.no_lessons"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("course_admin.position"): lessons["position"],
                t("course_admin.title"): lessons["title"],
                t("course_admin.hours"): lessons["credit_hours"].astype(float),
                t("course_admin.status"): lessons["published"].map(
                    lambda p: t("course_admin.published") if p else t("course_admin.draft")
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    labels = id_labels(lessons, lambda r: f"{int(r['position'])}. {r['title']}")
    lesson_id = st.selectbox(t("course_admin.lesson"), list(labels), format_func=labels.__getitem__)
    lesson = lessons[lessons["id"] == lesson_id].iloc[0]
    up, down, toggle = st.columns(3)
    if up.button(t("course_admin.up"), key=f"up_{lesson_id}"):
        _action(lambda: admin.move_lesson(store, lesson_id, viewer.person_id, viewer.roles, -1),
                t("course_admin.moved"))  # fmt: skip
    if down.button(t("course_admin.down"), key=f"down_{lesson_id}"):
        _action(lambda: admin.move_lesson(store, lesson_id, viewer.person_id, viewer.roles, 1),
                t("course_admin.moved"))  # fmt: skip
    shown = bool(lesson["published"])
    if toggle.button(
        t("course_admin.unpublish") if shown else t("course_admin.publish"), key=f"vis_{lesson_id}"
    ):
        _action(
            lambda: admin.set_lesson_published(
                store, lesson_id, viewer.person_id, viewer.roles, not shown
            ),
            t("course_admin.saved"),
        )
    with st.form(f"lesson_{lesson_id}"):
        values = _lesson_inputs(lesson)
        if st.form_submit_button(t("course_admin.save")):
            _action(
                lambda: admin.update_lesson(
                    store, lesson_id, viewer.person_id, viewer.roles, **values
                ),
                t("course_admin.saved"),
            )
    with st.expander(t("course_admin.preview")):
        st.markdown(str(lesson["body"]))


def _lesson_inputs(lesson: pd.Series | None) -> dict[str, Any]:
    def current(key: str, default: Any) -> Any:
        if lesson is None or pd.isna(lesson[key]):
            return default
        return lesson[key]

    return {
        "title": st.text_input(t("course_admin.title"), value=str(current("title", ""))),
        "credit_hours": st.number_input(
            t("course_admin.hours"), value=float(current("credit_hours", 1.0)), step=0.5
        ),
        "body": st.text_area(
            t("course_admin.body"), value=str(current("body", "")), height=260,
            help=t("course_admin.body_help"),
        ),
        "link": st.text_input(t("course_admin.link"), value=str(current("link", "")),
                              placeholder="https://"),
    }  # fmt: skip


def add_lesson(store: Store, viewer: Viewer, course_id: int) -> None:
    with (
        st.expander(t("course_admin.add_lesson")),
        st.form(f"add_lesson_{course_id}", clear_on_submit=True),
    ):
        values = _lesson_inputs(None)
        if st.form_submit_button(t("course_admin.add"), type="primary"):
            added = attempt(
                lambda: admin.add_lesson(store, course_id, viewer.person_id, viewer.roles, **values)
            )
            if added is not None:
                flash(t("course_admin.lesson_added", title=str(values["title"]).strip()))
                st.rerun()
