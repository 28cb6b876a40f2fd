"""培训班管理, first tab: the class's details and its half-day sessions (edit one, add one, cancel
one with a reason)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import training
from learnhub.store import Store
from learnhub.studydays import HALF_DAYS
from learnhub.ui.forms import flash, id_labels, next_submission, submission_key, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts


def session_label(row: pd.Series) -> str:
    values = {
        "day": row["day"].isoformat(),
        "weekday": parts.weekday(row["day"]),
        "half": parts.half_day(row["half_day"]),
    }
    if row["topic"]:
        return t("training_admin.session_label_topic", topic=row["topic"], **values)
    return t("training_admin.session_label", **values)


def sessions_table(sessions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("studydays.col.day"): sessions["day"],
            t("studydays.col.weekday"): sessions["day"].map(parts.weekday),
            t("studydays.col.half_day"): sessions["half_day"].map(parts.half_day),
            t("studydays.col.topic"): sessions["topic"].fillna(""),
            t("studydays.col.lecturer"): sessions["lecturer"].fillna(""),
            t("studydays.col.location"): sessions["location"].fillna(""),
            t("training_admin.credit_hours"): sessions["credit_hours"],
            t("studydays.col.status"): sessions.apply(parts.session_state_label, axis=1),
        }
    )


def _hours_input(value: float) -> float:
    return float(
        st.number_input(
            t("training_admin.hours"),
            min_value=0.0,
            max_value=training.MAX_HOURS,
            value=value,
            step=0.5,
            format="%.1f",
            help=t("training_admin.hours_help"),
        )
    )


def class_details(store: Store, viewer: Viewer, found: dict[str, Any]) -> None:
    class_id = int(found["id"])
    categories = store.courses.categories()
    current = str(found["category"])
    with (
        st.expander(t("training_admin.details_title")),
        st.form(f"class_details_{class_id}", border=False),
    ):
        title = st.text_input(
            t("training_admin.title"), value=str(found["title"]), max_chars=training.MAX_TITLE
        )
        category = st.selectbox(
            t("training_admin.category"),
            categories,
            index=categories.index(current) if current in categories else 0,
        )
        location = st.text_input(
            t("training_admin.location"),
            value=str(found["location"] or ""),
            max_chars=training.MAX_TEXT,
        )
        hours = _hours_input(float(found["hours_per_session"]))
        description = st.text_area(
            t("training_admin.description"),
            value=str(found["description"] or ""),
            max_chars=training.MAX_DESCRIPTION,
            height=80,
        )
        if st.form_submit_button(t("training_admin.save_details")) and succeeded(
            lambda: training.update_class(
                store, class_id, actor_id=viewer.person_id, actor_roles=viewer.roles,
                title=title, category=str(category), description=description,
                location=location, hours_per_session=hours,
            )
        ):  # fmt: skip
            flash(t("training_admin.details_saved"))
            st.rerun()


def class_sessions(
    store: Store, viewer: Viewer, found: dict[str, Any], sessions: pd.DataFrame
) -> None:
    st.subheader(t("training_admin.sessions_title"))
    if sessions.empty:
        st.caption(t("training_admin.no_sessions"))
    else:
        st.dataframe(sessions_table(sessions), hide_index=True, width="stretch")
        edit_session(store, viewer, int(found["id"]), sessions)
    add_session(store, viewer, found)


def _lecturers(store: Store) -> dict[int | None, str]:
    people = store.people.people()
    return {
        None: t("studydays.no_lecturer"),
        **dict(zip(people["id"].astype(int), people["name"], strict=True)),
    }


def edit_session(store: Store, viewer: Viewer, class_id: int, sessions: pd.DataFrame) -> None:
    with st.expander(t("training_admin.edit_session_title")):
        _edit_session(store, viewer, class_id, sessions)


def _edit_session(store: Store, viewer: Viewer, class_id: int, sessions: pd.DataFrame) -> None:
    labels = id_labels(sessions, session_label)
    session_id = int(
        st.selectbox(
            t("training_admin.session"),
            list(labels),
            format_func=labels.__getitem__,
            key=f"training_admin_edit_session_{class_id}",
        )
    )
    row = sessions.set_index("id").loc[session_id]
    lecturers = _lecturers(store)
    lessons = store.study_days.lesson_choices()
    lesson_names = dict(
        zip(lessons["id"].astype(int), lessons["course"] + " · " + lessons["title"], strict=True)
    )
    linked = store.study_days.session_lessons(session_id)
    with st.form(f"class_session_{session_id}"):
        topic = st.text_input(t("studydays.col.topic"), value=str(row["topic"] or ""))
        current: int | None = None if pd.isna(row["lecturer_id"]) else int(row["lecturer_id"])
        lecturer = st.selectbox(
            t("studydays.col.lecturer"),
            list(lecturers),
            index=list(lecturers).index(current) if current in lecturers else 0,
            format_func=lecturers.__getitem__,
        )
        location = st.text_input(t("studydays.col.location"), value=str(row["location"] or ""))
        chosen = st.multiselect(
            t("studydays.lessons"),
            list(lesson_names),
            default=[i for i in linked if i in lesson_names],
            format_func=lesson_names.__getitem__,
            placeholder=t("app.choose_many"),
        )
        hours = _hours_input(float(row["credit_hours"] or 0.0))
        if st.form_submit_button(t("training_admin.save_session")) and succeeded(
            lambda: training.update_class_session(
                store, session_id, actor_id=viewer.person_id, actor_roles=viewer.roles,
                topic=topic, lecturer_id=lecturer, location=location, lesson_ids=list(chosen),
                credit_hours=hours,
            )
        ):  # fmt: skip
            flash(t("training_admin.session_saved"))
            st.rerun()
    if row["status"] == "scheduled":
        cancel_session(store, viewer, class_id, session_id)


def cancel_session(store: Store, viewer: Viewer, class_id: int, session_id: int) -> None:
    st.markdown(f"**{t('training_admin.cancel_title')}**")
    st.caption(t("training_admin.cancel_help"))
    reason = st.text_input(
        t("studydays.cancel_reason"), key=f"training_admin_cancel_reason_{session_id}"
    )

    def cancel() -> None:
        training.cancel_class_session(
            store, session_id, actor_id=viewer.person_id, actor_roles=viewer.roles, reason=reason
        )

    if st.button(
        t("training_admin.cancel_session"), key=f"training_admin_cancel_{session_id}"
    ) and succeeded(cancel):
        flash(t("training_admin.session_cancelled"))
        st.rerun()


def add_session(store: Store, viewer: Viewer, found: dict[str, Any]) -> None:
    class_id = int(found["id"])
    form = f"training_admin.add_session.{class_id}"
    with (
        st.expander(t("training_admin.add_session_title")),
        st.form(f"add_class_session_{submission_key(form)}", border=False),
    ):
        st.caption(t("training_admin.add_session_help"))
        day = st.date_input(
            t("studydays.col.day"),
            value=found["first_day"],
            min_value=found["first_day"],
            max_value=found["last_day"],
        )
        half = st.radio(
            t("studydays.col.half_day"), HALF_DAYS, horizontal=True, format_func=parts.half_day
        )
        if st.form_submit_button(t("training_admin.add_session")) and succeeded(
            lambda: training.add_class_session(
                store, class_id, actor_id=viewer.person_id, actor_roles=viewer.roles,
                day=day, half_day=str(half),
            )
        ):  # fmt: skip
            next_submission(form)
            flash(t("training_admin.session_added", day=day.isoformat(), half=parts.half_day(half)))
            st.rerun()
