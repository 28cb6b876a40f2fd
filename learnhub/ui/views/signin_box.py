"""The sign-in box staff type the room's code into: study days and the person's training
classes alike, so a phone in a meeting room needs only one place to look."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from learnhub import attendance
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, id_labels
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts


def signin_box(store: Store, viewer: Viewer, now: datetime) -> None:
    st.subheader(t("studydays.signin_title"))
    open_now = attendance.open_sessions(store, now, viewer.person_id)
    if open_now.empty:
        st.caption(t("studydays.signin_none_open"))
        return
    labels = id_labels(open_now, parts.session_label)
    with st.form("signin_code", clear_on_submit=True):
        session_id = st.selectbox(
            t("studydays.session"), list(labels), format_func=labels.__getitem__
        )
        code = st.text_input(
            t("studydays.code"), max_chars=attendance.CODE_DIGITS, key="signin_code_input"
        )
        if st.form_submit_button(t("studydays.signin_submit"), type="primary"):
            result = attempt(
                lambda: attendance.sign_in(store, int(session_id), viewer.person_id, code, now)
            )
            if result is not None:
                key = "studydays.signed_in_already" if result.already else "studydays.signed_in"
                flash(t(key, status=parts.status_label(result.status)))
                st.rerun()
