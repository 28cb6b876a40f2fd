"""月度小结 (office only): a month's figures per person and department with the department
comparison, the 12-month trend and a person × quota heatmap; highlights and those falling behind
(names as the office chooses); the notice (通报) drafted from the figures, edited, saved with every
version and published; remarks per person; downloads built on click.

The figures are learnhub.summary's, reused until the next write; the notice and the remarks are
user text and shown with st.text, never as Markdown or HTML.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import notice, summary
from learnhub.periods import Period, month_of
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts
from learnhub.ui.views.monthly_summary_parts import (
    downloads,
    month_label,
    show_charts,
    show_departments,
    show_highlights,
    show_metrics,
    show_people,
)

P = "monthly_summary_page."
MONTHS_OFFERED = 12
MONTH_KEY = P + "month"
ROUND = P + "round"


def monthly_summary_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.monthly_summary")
    show_flash()
    now = study_day_parts.now()
    today = now.date()
    month = pick_month(today)
    with st.spinner(t(P + "computing")):
        figures = summary.month_summary(store, month, today=today)
        trend = summary.trend(store, month, today=today, current=figures)
    names = st.toggle(t(P + "show_names"), value=summary.show_names(store),
                      help=t(P + "show_names_help"), key=P + "show_names")  # fmt: skip
    if names != summary.show_names(store):
        summary.set_show_names(store, names)
    found = summary.highlights(figures, names=names)
    show_metrics(figures, trend)
    show_departments(figures)
    show_charts(figures, trend)
    show_highlights(found)
    show_people(figures)
    st.divider()
    text = notice_section(store, viewer, figures, trend, found)
    st.divider()
    remarks_section(store, viewer, figures)
    st.divider()
    downloads(figures, trend, text, language())


def offered_months(today: date) -> list[Period]:
    """This month and the MONTHS_OFFERED - 1 before it, newest first."""
    months = [month_of(today)]
    while len(months) < MONTHS_OFFERED:
        months.append(month_of(months[-1].start - timedelta(days=1)))
    return months


def pick_month(today: date) -> Period:
    months = offered_months(today)
    if st.session_state.get(MONTH_KEY) not in months:
        # Opened on last month, the one the office summarises.
        st.session_state[MONTH_KEY] = months[1]
    chosen = st.selectbox(t(P + "month"), months, format_func=month_label, key=MONTH_KEY)
    return chosen if isinstance(chosen, Period) else months[1]


def notice_section(
    store: Store,
    viewer: Viewer,
    figures: summary.MonthSummary,
    trend: pd.DataFrame,
    found: summary.Highlights,
) -> str:
    """The editor; returns the text the downloads carry (the editor's current text)."""
    month = figures.month
    st.subheader(t(P + "notice"))
    current = notice.notice(store, month)
    if current is None:
        st.caption(t(P + "notice_unsaved"))
    else:
        st.caption(t(P + "notice_saved", at=_when(current["saved_at"]),
                     by=current["saved_by_name"] or ""))  # fmt: skip
        if current["published_at"] is not None:
            key = "notice_changed" if current["changed"] else "notice_published"
            st.info(t(P + key, at=_when(current["published_at"]),
                      by=current["published_by_name"] or ""))  # fmt: skip
    rnd = int(st.session_state.get(ROUND, 0))
    key = f"{P}notice_text_{month.label}_{rnd}"
    if key not in st.session_state:
        st.session_state[key] = (
            current["text"] if current is not None else notice.draft(store, figures, trend, found)
        )
    text = st.text_area(t(P + "notice_text"), key=key, height=360, max_chars=notice.MAX_NOTICE)
    redo, save, publish = st.columns(3)
    if redo.button(t(P + "regenerate"), key=f"{P}regenerate_{rnd}"):
        st.session_state[ROUND] = rnd + 1
        st.session_state[f"{P}notice_text_{month.label}_{rnd + 1}"] = notice.draft(
            store,
            figures,
            trend,
            found,
        )
        st.rerun()
    if save.button(t(P + "save"), type="primary", key=f"{P}save_{rnd}"):
        now = study_day_parts.now()
        if succeeded(lambda: notice.save_notice(store, month, text, viewer.person_id, now)):
            flash(t(P + "saved_ok", month=month_label(month)))
            st.rerun()
    if publish.button(t(P + "publish"), key=f"{P}publish_{rnd}"):
        now = study_day_parts.now()
        if succeeded(lambda: notice.publish_notice(store, month, viewer.person_id, now)):
            flash(t(P + "published_ok", month=month_label(month)))
            st.rerun()
    versions = notice.notice_versions(store, month)
    if not versions.empty:
        with st.expander(t(P + "versions", n=len(versions))):
            for _, row in versions.iterrows():
                st.caption(t(P + "version_line", at=_when(row["saved_at"]),
                             by=row["saved_by"] or ""))  # fmt: skip
                st.text(str(row["text"]))
    return str(text or "")


def remarks_section(store: Store, viewer: Viewer, figures: summary.MonthSummary) -> None:
    month = figures.month
    st.subheader(t(P + "remarks"))
    st.caption(t(P + "remarks_help", n=notice.MAX_REMARK))
    people = figures.people
    labels = {
        int(pid): f"{name}（{username}，{dept}）"
        for pid, name, username, dept in zip(
            people["person_id"], people["name"], people["username"], people["department"],
            strict=True,
        )
    }  # fmt: skip
    written = notice.remarks(store, month)
    existing = dict(zip(written["person_id"].astype(int), written["text"], strict=True))
    person = st.selectbox(t(P + "remark_person"), list(labels), format_func=lambda p: labels[p],
                          index=None, placeholder=t(P + "remark_pick"),
                          key=P + "remark_person")  # fmt: skip
    if person is not None:
        with st.form(f"{P}remark_form_{month.label}_{person}"):
            text = st.text_area(t(P + "remark_text"), value=existing.get(int(person), ""),
                                max_chars=notice.MAX_REMARK)  # fmt: skip
            if st.form_submit_button(t(P + "remark_save")):
                now = study_day_parts.now()
                if succeeded(lambda: notice.set_remark(store, month, int(person), text,
                                                       viewer.person_id, now)):  # fmt: skip
                    flash(t(P + "remark_saved", name=labels[int(person)]))
                    st.rerun()
    if written.empty:
        st.caption(t(P + "remarks_none"))
        return
    for row in written.itertuples():
        st.markdown(f"**{_plain(row.name)}** · {_plain(row.department or '')}")
        st.text(str(row.text))


def _plain(value: object) -> str:
    """A name inside Markdown, with Markdown's special characters taken literally."""
    text = str(value)
    for c in "\\`*_{}[]()#+-.!|<>~:$":
        text = text.replace(c, "\\" + c)
    return text


def _when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
