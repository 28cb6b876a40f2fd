"""课程管理: trainers (their own courses) and the office (all) write courses and lessons."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import course_admin as admin
from learnhub import lesson_files
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import attempt, flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views.course_categories import category_admin
from learnhub.ui.views.lesson_file_parts import checked_upload, replace_file, show_file_text

# The last upload's check and text, keyed by its file id: extracting runs a child process for up
# to 20 s, so it happens once per upload, not on every rerun of the page.
FILE_CHECK_KEY = "learnhub.course_admin.file_check"
# Bumped after a file lesson is saved, so the uploader (whose key includes it) starts empty.
UPLOAD_ROUND_KEY = "learnhub.course_admin.upload_round"


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
    else:
        edit_chosen_course(store, viewer, courses)
    # Last on the page: it is seldom needed, and the office alone sees it.
    category_admin(store, viewer)


def edit_chosen_course(store: Store, viewer: Viewer, courses: pd.DataFrame) -> None:
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
    is_file = lesson["kind"] == "file"
    with st.form(f"lesson_{lesson_id}"):
        values = _file_lesson_inputs(lesson) if is_file else _lesson_inputs(lesson)
        if st.form_submit_button(t("course_admin.save")):
            _action(
                lambda: admin.update_lesson(
                    store, lesson_id, viewer.person_id, viewer.roles, **values
                ),
                t("course_admin.saved"),
            )
    with st.expander(t("course_admin.preview")):
        if is_file:
            info = lesson_files.lesson_file(store, lesson_id)
            if info is not None:
                show_file_text(info["filename"], int(info["size_bytes"]), str(info["text"]))
        else:
            st.markdown(str(lesson["body"]))
    if is_file:
        replace_file(store, viewer, lesson_id)


def _file_lesson_inputs(lesson: pd.Series) -> dict[str, Any]:
    return {
        "title": st.text_input(t("course_admin.title"), value=str(lesson["title"])),
        "credit_hours": st.number_input(
            t("course_admin.hours"), value=float(lesson["credit_hours"]), step=0.5
        ),
    }


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
    # Not an expander: uploading reruns the page, which would fold it shut over the preview.
    st.subheader(t("course_admin.add_lesson"))
    with st.container(border=True):
        kinds = {"text": t("uploads.kind_text"), "file": t("uploads.kind_file")}
        kind = st.radio(t("uploads.kind"), list(kinds), format_func=kinds.__getitem__,
                        horizontal=True, key=f"lesson_kind_{course_id}")  # fmt: skip
        if kind == "file":
            add_file_lesson(store, viewer, course_id)
        else:
            add_text_lesson(store, viewer, course_id)


def add_text_lesson(store: Store, viewer: Viewer, course_id: int) -> None:
    with st.form(f"add_lesson_{course_id}", clear_on_submit=True):
        values = _lesson_inputs(None)
        if st.form_submit_button(t("course_admin.add"), type="primary"):
            added = attempt(
                lambda: admin.add_lesson(store, course_id, viewer.person_id, viewer.roles, **values)
            )
            if added is not None:
                flash(t("course_admin.lesson_added", title=str(values["title"]).strip()))
                st.rerun()


def add_file_lesson(store: Store, viewer: Viewer, course_id: int) -> None:
    """Upload, preview the extracted text, then save. Not a form: a form would hold the upload
    back until submitted, and the preview must come before saving."""
    settings = app_settings()
    upload_round = int(st.session_state.get(UPLOAD_ROUND_KEY, 0))
    suffix = f"{course_id}_{upload_round}"
    upload = st.file_uploader(
        t("uploads.file"), type=["pdf", "docx"], key=f"lesson_file_{suffix}",
        max_upload_size=settings.upload_max_mb,
        help=t("uploads.file_help", mb=settings.upload_max_mb),
    )  # fmt: skip
    checked = checked_upload(upload, settings, FILE_CHECK_KEY) if upload is not None else None
    title = st.text_input(t("course_admin.title"), key=f"file_title_{suffix}")
    hours = st.number_input(
        t("course_admin.hours"), value=1.0, step=0.5, key=f"file_hours_{suffix}"
    )
    if not st.button(t("uploads.add"), type="primary", key=f"file_add_{suffix}"):
        return
    if upload is None:
        st.error(t("uploads.choose_file"))
        return
    if checked is None:
        return  # the upload's refusal is already on the page
    added = attempt(
        lambda: lesson_files.add_file_lesson(
            store, course_id, viewer.person_id, viewer.roles,
            title=title, credit_hours=hours, filename=upload.name, data=upload.getvalue(),
            settings=settings, checked=checked,
        )
    )  # fmt: skip
    if added is not None:
        st.session_state.pop(FILE_CHECK_KEY, None)
        st.session_state[UPLOAD_ROUND_KEY] = upload_round + 1
        flash(t("course_admin.lesson_added", title=title.strip()))
        st.rerun()
