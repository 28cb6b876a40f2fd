"""学习日: staff see the next two weeks' sessions, sign in with the code shown in the room and
see their own attendance."""

from __future__ import annotations

import streamlit as st

from learnhub import attendance, studydays
from learnhub.periods import year_of
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, id_labels, show_flash
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts


def study_days_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.study_days")
    show_flash()
    now = parts.now()

    st.subheader(t("studydays.signin_title"))
    open_now = attendance.open_sessions(store, now)
    if open_now.empty:
        st.caption(t("studydays.signin_none_open"))
    else:
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

    st.subheader(t("studydays.upcoming_title"))
    upcoming = studydays.upcoming(store, now.date())
    if upcoming.empty:
        st.caption(t("studydays.upcoming_none"))
    else:
        st.dataframe(parts.sessions_table(upcoming), hide_index=True, width="stretch")

    st.subheader(t("studydays.mine_title", year=now.year))
    rate = attendance.person_rate(store, viewer.person_id, year_of(now.date()), now)
    cols = st.columns(5)
    cols[0].metric(t("studydays.rate"), f"{rate['rate']:.0%}" if rate["held"] else "—")
    cols[1].metric(t("attendance.status.present"), int(rate["present"]))
    cols[2].metric(t("attendance.status.late"), int(rate["late"]))
    cols[3].metric(t("attendance.status.leave"), int(rate["leave"]))
    cols[4].metric(t("attendance.status.absent"), int(rate["absent"]))
    st.caption(t("studydays.rate_explain", held=int(rate["held"])))
