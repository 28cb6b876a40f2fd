"""Altair builders for the monthly summary (月度小结): the 12-month trend and the person × quota
heatmap. Departments compared per head reuse learnhub.charts_competition. Like learnhub.charts,
they take DataFrames and the titles in the reader's language and return charts that pages and
notebooks share."""

from __future__ import annotations

import altair as alt
import pandas as pd

from learnhub.charts_competition import department_average_scores

__all__ = ["department_average_scores", "quota_heatmap", "score_trend"]


def score_trend(trend: pd.DataFrame, *, labels: dict[str, str]) -> alt.Chart:
    """A line per series of average score by month. `trend` is learnhub.summary.trend's frame
    filtered to the series wanted (department '' is the whole office, shown as labels['office']);
    `labels` gives `month`, `score`, `series` and `office`."""
    frame = trend[["month", "department", "average_score"]].copy()
    frame["series"] = frame["department"].where(frame["department"] != "", labels["office"])
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=labels["month"]),
            y=alt.Y("average_score:Q", title=labels["score"], scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("series:N", title=labels["series"]),
            tooltip=[
                alt.Tooltip("month:O", title=labels["month"]),
                alt.Tooltip("series:N", title=labels["series"]),
                alt.Tooltip("average_score:Q", title=labels["score"], format=".1f"),
            ],
        )
        .properties(width="container", height=280)
    )
    return chart


def quota_heatmap(cells: pd.DataFrame, *, labels: dict[str, str]) -> alt.Chart:
    """A cell per person and quota coloured by the quota's rate (0–100 %). `cells` is
    learnhub.summary.heatmap's frame with a `quota_label` column; `labels` gives `person`,
    `quota` and `rate`."""
    frame = cells[["name", "quota_label", "rate"]].copy()
    frame["rate"] = pd.to_numeric(frame["rate"], errors="coerce")
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X(
                "quota_label:N",
                title=labels["quota"],
                sort=None,
                axis=alt.Axis(labelLimit=240, labelAngle=-30),
            ),
            y=alt.Y("name:N", title=labels["person"], sort=None),
            color=alt.Color(
                "rate:Q",
                title=labels["rate"],
                # 0 % must look like nothing done, not like a pale start.
                scale=alt.Scale(domain=[0, 1], range=["#f2f2f2", "#1a7f37"]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=labels["person"]),
                alt.Tooltip("quota_label:N", title=labels["quota"]),
                alt.Tooltip("rate:Q", title=labels["rate"], format=".0%"),
            ],
        )
        .properties(width="container", height=alt.Step(18))
    )
    return chart
