"""The Altair builder the notebook API adds to learnhub.charts, charts_competition and
charts_summary: a department × quota heatmap. Like those, it takes a DataFrame and the titles in
the reader's language, and returns a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["compliance_heatmap"]


def compliance_heatmap(departments: pd.DataFrame, *, labels: dict[str, str]) -> alt.Chart:
    """Departments × quotas, coloured by the share of people keeping the quota.

    `departments` is `Evaluation.departments()` (department and `share:<quota>` columns);
    `labels` gives the titles `department`, `quota` and `share`."""
    shares = [c for c in departments.columns if str(c).startswith("share:")]
    frame = departments[["department", *shares]].melt(
        id_vars="department", var_name="quota", value_name="share"
    )
    frame["quota"] = frame["quota"].str.removeprefix("share:")
    frame["department"] = frame["department"].fillna("")
    frame["share"] = pd.to_numeric(frame["share"], errors="coerce")
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("quota:N", title=labels["quota"]),
            y=alt.Y("department:N", title=labels["department"]),
            color=alt.Color(
                "share:Q",
                title=labels["share"],
                scale=alt.Scale(domain=[0, 1], range=["#f6e8c3", "#1a7f37"]),
            ),
            tooltip=[
                alt.Tooltip("department:N", title=labels["department"]),
                alt.Tooltip("quota:N", title=labels["quota"]),
                alt.Tooltip("share:Q", title=labels["share"], format=".0%"),
            ],
        )
        .properties(width="container", height=alt.Step(22))
    )
    return chart
