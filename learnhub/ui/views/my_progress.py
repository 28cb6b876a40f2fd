"""我的学习: milestones, streak, a year's heatmap, this month's quotas, weekly minutes and finished
books; then the quota grid under the scheme in force and the month's points (my_progress_parts)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import streamlit as st

from learnhub.charts import reading_heatmap, weekly_minutes
from learnhub.periods import month_of
from learnhub.progress import Progress, progress
from learnhub.standings import evaluate_span
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import my_progress_parts as parts
from learnhub.ui.views.study_day_parts import now


def my_progress_page(today: date | None = None) -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store(app_settings())
    today = today or now().date()  # the office clock
    page_header("nav.my_progress")
    # One evaluation of this month, for this person only (a slow office PC opens this page).
    evaluation = evaluate_span(store, month_of(today), today=today, person_id=viewer.person_id)
    parts.milestones_section(store, viewer.person_id, today, evaluation)
    parts.remarks_section(store, viewer.person_id)
    judged = evaluation.scores
    # The score under the scheme in force (the one boards and publications use).
    score = None if not len(judged) or np.isnan(judged[0]) else float(judged[0])
    show_progress(progress(store, viewer.person_id, today), today, score)
    st.divider()
    parts.grid_section(evaluation, viewer.person_id)
    parts.points_section(store, viewer.person_id, evaluation.span, today, evaluation.scheme)


def show_progress(data: Progress, today: date, score: float | None) -> None:
    first, week, second, third = st.columns(4)
    first.metric(t("progress.streak"), t("progress.streak_days", n=data.streak))
    monday = today - timedelta(days=today.weekday())
    this_week = data.daily[pd.to_datetime(data.daily["day"]) >= pd.Timestamp(monday)]
    week.metric(
        t("progress.week_minutes"),
        t("progress.minutes_value", n=int(this_week["reading_minutes"].sum())),
    )
    second.metric(
        t("progress.score"),
        "—" if score is None else f"{score:.1f}",
        help=t("progress.score_help"),
    )
    third.metric(
        t("progress.books_this_year"),
        int((pd.to_datetime(data.books["day"]).dt.year == today.year).sum())
        if not data.books.empty
        else 0,
    )

    st.subheader(t("progress.quotas", month=today.strftime("%Y-%m")))
    st.caption(data.scheme.title(language()))
    quotas = pd.DataFrame(
        {
            t("progress.col_metric"): data.quotas["metric"].map(lambda m: t(f"metric.{m}")),
            t("progress.col_done"): data.quotas["done"].astype(int),
            t("progress.col_so_far"): data.quotas["so_far"].astype(int),
            t("progress.col_of"): data.quotas["of"].astype(int),
            t("progress.col_rate"): data.quotas["rate"],
            t("progress.col_note"): data.quotas["rate"].map(
                lambda r: t("progress.pending") if pd.isna(r) else ""
            ),
        }
    )
    st.dataframe(
        quotas,
        hide_index=True,
        width="stretch",
        column_config={
            t("progress.col_rate"): st.column_config.ProgressColumn(
                t("progress.col_rate"), min_value=0.0, max_value=1.0, format="percent"
            )
        },
    )
    st.caption(t("progress.in_progress_rule"))

    labels = {
        "minutes": t("progress.minutes"),
        "date": t("progress.date"),
        "week": t("progress.week"),
    }
    st.subheader(t("progress.heatmap"))
    st.altair_chart(reading_heatmap(data.daily, today, labels=labels), width="stretch")
    st.subheader(t("progress.weekly"))
    if data.weekly.empty:
        st.caption(t("progress.nothing_yet"))
    else:
        st.altair_chart(weekly_minutes(data.weekly, labels=labels), width="stretch")
    st.subheader(t("progress.books"))
    if data.books.empty:
        st.caption(t("progress.no_books"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("progress.col_day"): data.books["day"],
                    t("progress.col_title"): data.books["title"],
                    t("progress.col_review"): data.books["review"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
