"""培训班: staff see the classes they are on, sign in, ask for leave and see their hours."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from learnhub import leave, training
from learnhub.store import Store
from learnhub.studydays import session_end, session_start
from learnhub.training_figures import LEAVE_LIMIT, class_figures
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, next_submission, show_flash, submission_key, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views.signin_box import signin_box


def training_classes_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.training_classes")
    show_flash()
    now = parts.now()
    signin_box(store, viewer, now)

    st.subheader(t("classes.mine_title"))
    st.metric(
        t("classes.hours_this_year", year=now.year),
        f"{training.hours_in_year(store, viewer.person_id, now.year):g}",
    )
    classes = store.training.classes_of(viewer.person_id)
    if classes.empty:
        st.caption(t("classes.none"))
        return
    labels = {
        int(row["id"]): t(
            "classes.label",
            title=row["title"],
            first=pd.Timestamp(row["first_day"]).date().isoformat(),
            last=pd.Timestamp(row["last_day"]).date().isoformat(),
        )
        for _, row in classes.iterrows()
    }
    class_id = int(st.selectbox(t("classes.choose"), list(labels), format_func=labels.__getitem__))
    overview(store, viewer, class_id, now)
    leave_section(store, viewer, class_id, now)


def overview(store: Store, viewer: Viewer, class_id: int, now: datetime) -> None:
    found = store.training.training_class(class_id)
    if found is None:
        st.error(t("training.class_missing"))
        return
    st.caption(
        t(
            "classes.details",
            place=found["location"] or "—",
            organiser=found["organiser"] or "—",
        )
    )
    if found["description"]:
        st.text(found["description"])
    figures = class_figures(store, class_id, now)
    me = figures.people[figures.people["person_id"] == viewer.person_id]
    if me.empty:
        return
    mine = me.iloc[0]
    cols = st.columns(4)
    cols[0].metric(t("classes.attended"), f"{int(mine['attended'])} / {int(mine['held'])}")
    cols[1].metric(t("classes.credit_hours"), f"{float(mine['credit_hours']):g}")
    cols[2].metric(t("classes.leave"), int(mine["leave"]))
    cols[3].metric(t("classes.leave_share"), f"{float(mine['leave_share']):.0%}")
    if bool(mine["over_limit"]):
        st.warning(t("classes.over_limit", sessions=figures.summary["sessions"]))
    else:
        allowed = int(figures.summary["sessions"] * LEAVE_LIMIT)
        st.caption(t("classes.limit_explain", n=allowed, sessions=figures.summary["sessions"]))
    st.dataframe(schedule(store, class_id, viewer.person_id, now), hide_index=True, width="stretch")


def schedule(store: Store, class_id: int, person_id: int, now: datetime) -> pd.DataFrame:
    sessions = store.training.sessions(class_id)
    marks = store.training.marks(class_id)
    mine = marks[marks["person_id"] == person_id].set_index("session_id")["status"]

    def my_mark(row: pd.Series) -> str:
        if row["status"] != "scheduled":
            return ""
        status = mine.get(row["id"])
        if isinstance(status, str):
            return parts.status_label(status)
        if session_end(row["day"], row["half_day"]) <= now:
            return parts.status_label("absent")
        started = session_start(row["day"], row["half_day"]) <= now
        return parts.status_label(None) if started else t("classes.ahead")

    return pd.DataFrame(
        {
            **parts.sessions_table(sessions).to_dict("series"),
            t("classes.col.hours"): sessions["credit_hours"],
            t("classes.col.mine"): sessions.apply(my_mark, axis=1),
        }
    ).drop(columns=[t("studydays.col.category")])


def leave_section(store: Store, viewer: Viewer, class_id: int, now: datetime) -> None:
    st.subheader(t("classes.leave_title"))
    sessions = store.training.sessions(class_id)
    requests = store.training.leave_requests(class_id, person_id=viewer.person_id)
    asked = {
        (pd.Timestamp(day).date(), half)
        for _, r in requests[requests["status"].isin(["pending", "approved"])].iterrows()
        for day, half in zip(r["days"], r["half_days"], strict=True)
    }
    marks = store.training.marks(class_id)
    attended = set(
        marks[(marks["person_id"] == viewer.person_id) & marks["status"].isin(["present", "late"])][
            "session_id"
        ].astype(int)
    )
    # Offered: sessions not over, not asked for already and not signed in to.
    open_for_leave = [
        status == "scheduled"
        and session_end(day, half) > now
        and (day, half) not in asked
        and int(session_id) not in attended
        for session_id, status, day, half in zip(
            sessions["id"], sessions["status"], sessions["day"], sessions["half_day"], strict=True
        )
    ]
    ahead = sessions[pd.Series(open_for_leave, index=sessions.index, dtype=bool)]
    if ahead.empty:
        st.caption(t("classes.leave_nothing_ahead"))
    else:
        labels = {
            int(r["id"]): f"{r['day'].isoformat()} {parts.weekday(r['day'])} "
            f"{parts.half_day(r['half_day'])}"
            for _, r in ahead.iterrows()
        }
        # What was typed stays after a refusal; a saved request starts a fresh, empty form
        # (a new key). A double click finds the first request and is refused, storing nothing.
        form = f"classes.leave_request.{class_id}"
        with st.form(f"leave_request_{class_id}_{submission_key(form)}"):
            chosen = st.multiselect(
                t("classes.leave_sessions"),
                list(labels),
                format_func=labels.__getitem__,
                placeholder=t("classes.leave_sessions_placeholder"),
            )
            reason = st.text_area(t("classes.leave_reason"), max_chars=leave.MAX_REASON)
            if st.form_submit_button(t("classes.leave_submit"), type="primary") and succeeded(
                lambda: leave.request_leave(
                    store, class_id, viewer.person_id, [int(i) for i in chosen], reason, now
                )
            ):
                next_submission(form)
                flash(t("classes.leave_sent"))
                st.rerun()
    if requests.empty:
        return
    st.dataframe(requests_table(requests), hide_index=True, width="stretch")
    pending = requests[requests["status"] == "pending"]
    for _, row in pending.iterrows():
        withdraw_button(store, viewer, int(row["id"]), row["requested_at"], now)


def withdraw_button(
    store: Store, viewer: Viewer, request_id: int, requested_at: datetime, now: datetime
) -> None:
    if st.button(
        t("classes.withdraw", when=requested_at.strftime("%m-%d %H:%M")),
        key=f"withdraw_{request_id}",
    ) and succeeded(lambda: leave.withdraw_leave(store, request_id, viewer.person_id, now)):
        flash(t("classes.withdrawn"))
        st.rerun()


def requests_table(requests: pd.DataFrame) -> pd.DataFrame:
    def sessions_text(row: pd.Series) -> str:
        return "、".join(
            f"{pd.Timestamp(d).date().isoformat()} {parts.half_day(h)}"
            for d, h in zip(row["days"], row["half_days"], strict=True)
        )

    return pd.DataFrame(
        {
            t("classes.col.sessions"): requests.apply(sessions_text, axis=1),
            t("classes.col.reason"): requests["reason"],
            t("classes.col.status"): requests["status"].map(lambda s: t(f"classes.status.{s}")),
            t("classes.col.note"): requests["decision_note"].fillna(""),
            t("classes.col.decided_by"): requests["decided_by"].fillna(""),
        }
    )
