"""培训班管理, sign-in and leave tabs: run a session's sign-in and marks with the study days' own
views, and decide leave requests (pending ones first, declining needs a note)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import leave
from learnhub.store import Store
from learnhub.studydays import session_end
from learnhub.ui.forms import flash, id_labels, next_submission, submission_key, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views.study_day_admin import marks, signin
from learnhub.ui.views.training_admin_sessions import session_label

DECIDE_FORM = "training_admin.decide_leave"


def _default_session(scheduled: pd.DataFrame, now: datetime) -> int:
    """Today's session running or next, else today's last (marks are often finished after it
    ends), else the next one ahead, else the last one held."""
    ends = [session_end(d, h) for d, h in zip(scheduled["day"], scheduled["half_day"], strict=True)]
    today = scheduled[[d == now.date() for d in scheduled["day"]]]
    if not today.empty:
        today_ends = [
            session_end(d, h) for d, h in zip(today["day"], today["half_day"], strict=True)
        ]
        running = today[[end > now for end in today_ends]]
        return int((running if not running.empty else today.iloc[::-1])["id"].iloc[0])
    ahead = scheduled[[end > now for end in ends]]
    if not ahead.empty:
        return int(ahead["id"].iloc[0])
    return int(scheduled["id"].iloc[-1])


def run_session(store: Store, viewer: Viewer, class_id: int, sessions: pd.DataFrame) -> None:
    scheduled = sessions[sessions["status"] == "scheduled"] if not sessions.empty else sessions
    if scheduled.empty:
        st.info(t("training_admin.no_scheduled"))
        return
    labels = id_labels(scheduled, session_label)
    default = _default_session(scheduled, parts.now())
    session_id = int(
        st.selectbox(
            t("training_admin.session"),
            list(labels),
            index=list(labels).index(default),
            format_func=labels.__getitem__,
            key=f"training_admin_run_session_{class_id}",
        )
    )
    # The study days' own views: for a class session they list only the class's roster.
    signin(store, session_id)
    marks(store, viewer, session_id)


def _when(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _sessions_text(row: pd.Series) -> str:
    parts_ = []
    for day, half in zip(row["days"], row["half_days"], strict=True):
        when = pd.Timestamp(day).date()
        parts_.append(
            t(
                "training_admin.session_label",
                day=when.isoformat(),
                weekday=parts.weekday(when),
                half=parts.half_day(str(half)),
            )
        )
    return t("training_admin.list_sep").join(parts_)


def _requests_table(requests: pd.DataFrame, *, decided: bool) -> pd.DataFrame:
    table = {
        t("studydays.col.name"): requests["name"],
        t("studydays.col.department"): requests["department"].fillna(""),
        t("training_admin.col.sessions"): requests.apply(_sessions_text, axis=1),
        t("training_admin.col.reason"): requests["reason"],
        t("training_admin.col.requested_at"): requests["requested_at"].map(_when),
    }
    if decided:
        table.update(
            {
                t("training_admin.col.status"): requests["status"].map(
                    lambda s: t(f"training_admin.leave_status.{s}")
                ),
                t("training_admin.col.decided_by"): requests["decided_by"].fillna(""),
                t("training_admin.col.decided_at"): requests["decided_at"].map(_when),
                t("training_admin.col.decision_note"): requests["decision_note"].fillna(""),
            }
        )
    return pd.DataFrame(table)


def leave_requests(store: Store, viewer: Viewer, requests: pd.DataFrame) -> None:
    if requests.empty:
        pending, decided = requests, requests
    else:
        pending = requests[requests["status"] == "pending"]
        decided = requests[requests["status"] != "pending"]
    st.subheader(t("training_admin.pending_title"))
    if pending.empty:
        st.caption(t("training_admin.no_pending"))
    else:
        st.dataframe(_requests_table(pending, decided=False), hide_index=True, width="stretch")
        decide(store, viewer, pending)
    st.subheader(t("training_admin.decided_title"))
    if decided.empty:
        st.caption(t("training_admin.no_decided"))
    else:
        st.dataframe(_requests_table(decided, decided=True), hide_index=True, width="stretch")


def decide(store: Store, viewer: Viewer, pending: pd.DataFrame) -> None:
    labels = id_labels(
        pending,
        lambda r: t("training_admin.request_label", name=r["name"], sessions=_sessions_text(r)),
    )
    names = dict(zip(pending["id"].astype(int), pending["name"], strict=True))
    # A new form after each decision: a second click on Approve must not fall on the request
    # that is first in the list once the decided one has left it.
    key = submission_key(DECIDE_FORM)
    with st.form(f"training_admin_decide_leave_{key}"):
        request_id = int(
            st.selectbox(t("training_admin.request"), list(labels), format_func=labels.__getitem__)
        )
        note = st.text_input(
            t("training_admin.note"), help=t("training_admin.note_help"), max_chars=leave.MAX_REASON
        )
        approve = st.form_submit_button(t("training_admin.approve"), type="primary")
        decline = st.form_submit_button(t("training_admin.decline"))
    if not (approve or decline):
        return
    if succeeded(
        lambda: leave.decide_leave(
            store, request_id, approve=bool(approve), actor_id=viewer.person_id,
            actor_roles=viewer.roles, note=note, now=parts.now(),
        )
    ):  # fmt: skip
        next_submission(DECIDE_FORM)
        message = "training_admin.approved" if approve else "training_admin.declined"
        flash(t(message, name=names[request_id]))
        st.rerun()
