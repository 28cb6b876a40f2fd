"""学习日: staff see the next two weeks' sessions, sign in with the code shown in the room and
see their own attendance."""

from __future__ import annotations

import streamlit as st

from learnhub import attendance, studydays
from learnhub.periods import year_of
from learnhub.ui.context import app_store
from learnhub.ui.forms import show_flash
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views.signin_box import signin_box


def study_days_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.study_days")
    show_flash()
    now = parts.now()

    signin_box(store, viewer, now)

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
