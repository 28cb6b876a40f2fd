"""工作日历: the office's own working days on top of the official holiday calendar."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from learnhub import workdays
from learnhub.periods import today_in
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import flash, show_flash, succeeded
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t


def work_calendar_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.work_calendar")
    show_flash()
    today = today_in(app_settings().timezone)
    calendar = workdays.office_calendar(store)
    st.markdown(t("workdays.explain"))
    year = st.selectbox(t("workdays.year"), list(range(today.year - 1, today.year + 2)), index=1)
    if not calendar.is_covered(year):
        st.warning(t("checkin.calendar_not_covered", year=year))

    left, right = st.columns(2)
    with left:
        st.subheader(t("workdays.overrides"))
        overrides = store.calendar.override_table()
        if overrides.empty:
            st.caption(t("workdays.none"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("workdays.day"): pd.to_datetime(overrides["day"]).dt.date,
                        t("workdays.kind"): overrides["is_working"].map(
                            lambda w: t("workdays.working") if w else t("workdays.off")
                        ),
                        t("workdays.note"): overrides["note"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    with right:
        st.subheader(t("workdays.per_month"))
        counts = workdays.month_working_days(calendar, year)
        st.dataframe(
            counts.rename(
                columns={"month": t("workdays.month"), "working_days": t("workdays.count")}
            ),
            hide_index=True,
            width="stretch",
        )

    with st.form("override"):
        st.markdown(f"**{t('workdays.add')}**")
        day = st.date_input(t("workdays.day"), value=today, min_value=date(2000, 1, 1))
        working = st.radio(
            t("workdays.kind"), [True, False], horizontal=True,
            format_func=lambda w: t("workdays.working") if w else t("workdays.off"),
        )  # fmt: skip
        note = st.text_input(t("workdays.note"), placeholder=t("workdays.note_hint"))
        if st.form_submit_button(t("workdays.save"), type="primary") and succeeded(
            lambda: workdays.set_office_day(store, day, working=bool(working), note=note)
        ):
            flash(t("workdays.saved", day=day.isoformat()))
            st.rerun()
    st.caption(t("workdays.past_warning"))
    if not overrides.empty:
        days = list(pd.to_datetime(overrides["day"]).dt.date)
        chosen = st.selectbox(t("workdays.remove_which"), days, key="remove_day")
        if st.button(t("workdays.remove"), key="remove_override"):
            workdays.clear_office_day(store, chosen)
            flash(t("workdays.removed", day=chosen.isoformat()))
            st.rerun()
