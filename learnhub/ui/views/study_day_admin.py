"""学习日管理: the month's sessions; trainers and the office open sign-in (showing the live code)
and mark attendance; only the office plans (rules, generation, rotation, single sessions)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from learnhub import attendance, studydays
from learnhub.leave import LEAVE_APPROVED
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views import study_day_plan as plan

# How often the shown code is redrawn: well inside its 60-second step.
CODE_REFRESH = timedelta(seconds=5)


def study_day_admin_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.study_day_admin")
    show_flash()
    now = parts.now()
    month = parts.month_picker(now.date(), key="admin_month")
    sessions = studydays.month_sessions(store, month)
    if sessions.empty:
        st.info(t("studydays.month_empty"))
    else:
        st.dataframe(parts.sessions_table(sessions), hide_index=True, width="stretch")

    if viewer.has("office"):
        plan.planning(store, month, sessions, now.date())

    scheduled = sessions[sessions["status"] == "scheduled"] if not sessions.empty else sessions
    if scheduled.empty:
        return
    st.divider()
    st.subheader(t("studydays.run_title"))
    labels = id_labels(scheduled, parts.session_label)
    today = [i for i in labels if scheduled.set_index("id").loc[i, "day"] == now.date()]
    session_id = int(
        st.selectbox(
            t("studydays.session"),
            list(labels),
            index=list(labels).index(today[0]) if today else 0,
            format_func=labels.__getitem__,
            key="run_session",
        )
    )
    signin(store, session_id)
    marks(store, viewer, session_id)


def signin(store: Store, session_id: int) -> None:
    now = parts.now()
    with st.form("open_signin"):
        minutes = st.number_input(
            t("studydays.window_minutes"),
            min_value=0,
            max_value=attendance.MAX_WINDOW_MINUTES,
            value=0,
            help=t("studydays.window_help"),
        )
        if st.form_submit_button(t("studydays.open_signin"), type="primary") and succeeded(
            lambda: attendance.open_signin(store, session_id, now, minutes=int(minutes) or None)
        ):
            flash(t("studydays.signin_opened"))
            st.rerun()
    # The code refreshes itself only while sign-in is open: a page that reran every few seconds
    # for nothing could swallow a click on 开始签到 made during one of those reruns.
    if attendance.current_code(store, session_id, now) is None:
        st.caption(t("studydays.signin_not_open"))
        return
    live_code(store, session_id)


@st.fragment(run_every=CODE_REFRESH)
def live_code(store: Store, session_id: int) -> None:
    now = parts.now()
    code = attendance.current_code(store, session_id, now)
    session = store.study_days.session(session_id)
    if code is None or session is None:
        st.caption(t("studydays.signin_not_open"))
        return
    st.metric(t("studydays.current_code"), code)
    st.caption(t("studydays.code_explain", closes=session["signin_closes_at"].strftime("%H:%M")))
    if st.button(t("studydays.close_signin"), key="close_signin"):
        attendance.close_signin(store, session_id, now)
        st.rerun()


def marks(store: Store, viewer: Viewer, session_id: int) -> None:
    st.markdown(f"**{t('studydays.marks_title')}**")
    roster = store.study_days.session_attendance(session_id)
    st.dataframe(
        pd.DataFrame(
            {
                t("studydays.col.name"): roster["name"],
                t("studydays.col.department"): roster["department"].fillna(""),
                t("studydays.col.attendance"): roster["status"].map(parts.status_label),
                t("studydays.col.method"): roster["method"].map(
                    lambda m: t(f"studydays.method.{m}") if isinstance(m, str) else ""
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if roster.empty:
        return
    people = dict(zip(roster["person_id"].astype(int), roster["name"], strict=True))
    with st.form("mark", clear_on_submit=True):
        person_id = st.selectbox(
            t("studydays.col.name"), list(people), format_func=people.__getitem__
        )
        status = st.radio(
            t("studydays.col.attendance"),
            attendance.STATUSES,
            horizontal=True,
            format_func=parts.status_label,
        )
        reason = st.text_input(t("studydays.reason"), help=t("studydays.reason_help"))
        if st.form_submit_button(t("studydays.save_mark")) and succeeded(
            lambda: attendance.mark(
                store,
                session_id,
                int(person_id),
                str(status),
                actor_id=viewer.person_id,
                now=parts.now(),
                reason=reason,
            )
        ):
            flash(t("studydays.mark_saved", name=people[int(person_id)]))
            st.rerun()
    history = store.study_days.history(session_id)
    if not history.empty:
        st.markdown(f"**{t('studydays.history_title')}**")
        # Reasons the system wrote itself are codes; say them in the reader's language.
        codes = {
            attendance.CODE_SIGNIN: t("studydays.reason_code_signin"),
            LEAVE_APPROVED: t("studydays.reason_leave_approved"),
        }
        reasons = history["reason"].map(lambda r: codes.get(r, r))
        st.dataframe(
            pd.DataFrame(
                {
                    t("studydays.col.name"): history["name"],
                    t("studydays.col.previous"): history["previous_status"].map(parts.status_label),
                    t("studydays.col.new"): history["new_status"].map(parts.status_label),
                    t("studydays.reason"): reasons,
                    t("studydays.col.changed_by"): history["changed_by"].fillna(""),
                    t("studydays.col.changed_at"): history["changed_at"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
