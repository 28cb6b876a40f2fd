"""The office's planning on 学习日管理: rules, generating a month, the lecturer rotation, single
sessions and each session's topic, lecturer, location and lessons."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from learnhub import studydays, workdays
from learnhub.periods import Period
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, id_labels, succeeded
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts


def planning(store: Store, month: Period, sessions: pd.DataFrame, today: date) -> None:
    generate, details, single, rules = st.tabs(
        [
            t("studydays.tab_generate"),
            t("studydays.tab_details"),
            t("studydays.tab_single"),
            t("studydays.tab_rules"),
        ]
    )
    with generate:
        generate_and_rotate(store, month)
    with details:
        edit_session(store, sessions)
    with single:
        add_single(store, today)
    with rules:
        edit_rules(store, today)


def generate_and_rotate(store: Store, month: Period) -> None:
    st.caption(t("studydays.generate_help"))
    if st.button(t("studydays.generate", month=month.label), key="generate_month"):
        done = studydays.generate_month(store, month, workdays.office_calendar(store))
        flash(t("studydays.generated", created=done.created, cancelled=done.cancelled))
        st.rerun()
    departments = store.people.departments()
    names = dict(zip(departments["id"].astype(int), departments["name"], strict=True))
    chosen = st.multiselect(
        t("studydays.rotation_departments"),
        list(names),
        format_func=names.__getitem__,
        placeholder=t("app.choose_many"),
    )
    st.caption(t("studydays.rotation_help"))
    if st.button(t("studydays.rotate"), key="rotate"):
        assigned = attempt(lambda: studydays.rotate_lecturers(store, month, list(chosen)))
        if assigned is not None:
            flash(t("studydays.rotated", n=assigned))
            st.rerun()


def _lecturers(store: Store) -> dict[int | None, str]:
    people = store.people.people()
    return {
        None: t("studydays.no_lecturer"),
        **dict(zip(people["id"], people["name"], strict=True)),
    }


def edit_session(store: Store, sessions: pd.DataFrame) -> None:
    if sessions.empty:
        st.caption(t("studydays.month_empty"))
        return
    labels = id_labels(sessions, parts.session_label)
    session_id = st.selectbox(
        t("studydays.session"), list(labels), format_func=labels.__getitem__, key="edit_session"
    )
    row = sessions.set_index("id").loc[session_id]
    lecturers = _lecturers(store)
    lessons = store.study_days.lesson_choices()
    lesson_names = dict(
        zip(lessons["id"].astype(int), lessons["course"] + " · " + lessons["title"], strict=True)
    )
    linked = store.study_days.session_lessons(int(session_id))
    with st.form(f"session_{session_id}"):
        category = st.text_input(t("studydays.col.category"), value=str(row["category"]))
        topic = st.text_input(t("studydays.col.topic"), value=str(row["topic"]))
        current: int | None = None if pd.isna(row["lecturer_id"]) else int(row["lecturer_id"])
        lecturer = st.selectbox(
            t("studydays.col.lecturer"),
            list(lecturers),
            index=list(lecturers).index(current) if current in lecturers else 0,
            format_func=lecturers.__getitem__,
        )
        location = st.text_input(t("studydays.col.location"), value=str(row["location"]))
        chosen = st.multiselect(
            t("studydays.lessons"),
            list(lesson_names),
            default=[i for i in linked if i in lesson_names],
            format_func=lesson_names.__getitem__,
            placeholder=t("app.choose_many"),
        )
        if st.form_submit_button(t("studydays.save_session")) and succeeded(
            lambda: studydays.update_session(
                store,
                int(session_id),
                category=category,
                topic=topic,
                lecturer_id=lecturer,
                location=location,
                lesson_ids=list(chosen),
            )
        ):
            flash(t("studydays.session_saved"))
            st.rerun()
    if row["status"] == "scheduled":
        reason = st.text_input(t("studydays.cancel_reason"), key="cancel_reason")
        if st.button(t("studydays.cancel_session"), key="cancel_session") and succeeded(
            lambda: studydays.cancel_session(store, int(session_id), reason=reason)
        ):
            flash(t("studydays.session_cancelled"))
            st.rerun()


def add_single(store: Store, today: date) -> None:
    lecturers = _lecturers(store)
    with st.form("single_session"):
        day = st.date_input(t("studydays.col.day"), value=today, min_value=date(2000, 1, 1))
        half = st.radio(
            t("studydays.col.half_day"), studydays.HALF_DAYS, horizontal=True,
            format_func=parts.half_day,
        )  # fmt: skip
        category = st.text_input(t("studydays.col.category"), value=t("studydays.default_category"))
        topic = st.text_input(t("studydays.col.topic"))
        lecturer = st.selectbox(
            t("studydays.col.lecturer"), list(lecturers), format_func=lecturers.__getitem__
        )
        location = st.text_input(t("studydays.col.location"))
        if st.form_submit_button(t("studydays.add_session")) and succeeded(
            lambda: studydays.add_session(
                store,
                day=day,
                half_day=str(half),
                category=category,
                topic=topic,
                lecturer_id=lecturer,
                location=location,
            )
        ):
            flash(t("studydays.session_added", day=day.isoformat()))
            st.rerun()


def _when_inputs() -> tuple[int, int, str]:
    """When a rule falls: weekday (weekly rules), day of the month (monthly) and half-day."""
    weekday = st.selectbox(
        t("studydays.col.weekday"), list(range(7)),
        format_func=lambda w: t(f"studydays.weekday.w{w}"),
    )  # fmt: skip
    month_day = st.number_input(t("studydays.month_day"), min_value=1, max_value=28, value=20)
    half = st.radio(
        t("studydays.col.half_day"), studydays.HALF_DAYS, horizontal=True,
        format_func=parts.half_day,
    )  # fmt: skip
    return int(weekday), int(month_day), str(half)


def _rule_when(row: pd.Series) -> str:
    if row["cadence"] == "weekly":
        when = t("studydays.every_week", weekday=t(f"studydays.weekday.w{int(row['weekday'])}"))
    else:
        when = t("studydays.every_month", day=int(row["month_day"]))
    return f"{when} {parts.half_day(row['half_day'])}"


def edit_rules(store: Store, today: date) -> None:
    rules = store.study_days.rules()
    ends = rules["valid_to"].map(lambda d: "" if pd.isna(d) else pd.Timestamp(d).date().isoformat())
    st.dataframe(
        pd.DataFrame(
            {
                t("studydays.rule_name"): rules["name"],
                t("studydays.rule_when"): rules.apply(_rule_when, axis=1),
                t("studydays.col.category"): rules["category"],
                t("studydays.valid_from"): pd.to_datetime(rules["valid_from"]).dt.date,
                t("studydays.valid_to"): ends,
            }
        ),
        hide_index=True,
        width="stretch",
    )
    with st.form("add_rule"):
        st.markdown(f"**{t('studydays.add_rule')}**")
        name = st.text_input(t("studydays.rule_name"))
        cadence = st.radio(
            t("studydays.cadence"), studydays.CADENCES, horizontal=True,
            format_func=lambda c: t(f"studydays.cadence_{c}"),
        )  # fmt: skip
        weekday, month_day, half = _when_inputs()
        category = st.text_input(t("studydays.col.category"))
        valid_from = st.date_input(t("studydays.valid_from"), value=today)
        if st.form_submit_button(t("studydays.add_rule")) and succeeded(
            lambda: studydays.add_rule(
                store,
                name=name,
                cadence=str(cadence),
                half_day=str(half),
                category=category,
                valid_from=valid_from,
                weekday=int(weekday),
                month_day=int(month_day),
            )
        ):
            flash(t("studydays.rule_added"))
            st.rerun()
    current = rules[rules["valid_to"].isna()]
    if current.empty:
        return
    labels = id_labels(current, lambda r: f"{r['name']} · {_rule_when(r)}")
    with st.form("change_rule"):
        st.markdown(f"**{t('studydays.change_rule')}**")
        rule_id = st.selectbox(
            t("studydays.rule_name"), list(labels), format_func=labels.__getitem__
        )
        from_day = st.date_input(t("studydays.change_from"), value=today)
        weekday, month_day, half = _when_inputs()
        move = st.form_submit_button(t("studydays.move_rule"))
        end = st.form_submit_button(t("studydays.end_rule"))
        if move and succeeded(
            lambda: studydays.move_rule(
                store,
                int(rule_id),
                valid_from=from_day,
                half_day=str(half),
                weekday=int(weekday),
                month_day=int(month_day),
            )
        ):
            flash(t("studydays.rule_moved", day=from_day.isoformat()))
            st.rerun()
        if end and succeeded(lambda: studydays.end_rule(store, int(rule_id), last_day=from_day)):
            flash(t("studydays.rule_ended_ok", day=from_day.isoformat()))
            st.rerun()
