"""Altair builders for the reading competition: departments compared per head. Like
learnhub.charts, they take DataFrames (and the axis titles in the reader's language) and return
charts that pages and notebooks share."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["department_average_scores"]


def department_average_scores(departments: pd.DataFrame, *, labels: dict[str, str]) -> alt.Chart:
    """A bar per department of its average score (0–100), best first.

    `departments` is `Evaluation.departments()` or a board's departments (department,
    average_score); `labels` gives the titles `department` and `score`."""
    frame = departments[["department", "average_score"]].copy()
    frame["department"] = frame["department"].fillna("")
    frame["average_score"] = pd.to_numeric(frame["average_score"], errors="coerce")
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "average_score:Q",
                title=labels["score"],
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("department:N", title=labels["department"], sort="-x"),
            tooltip=[
                alt.Tooltip("department:N", title=labels["department"]),
                alt.Tooltip("average_score:Q", title=labels["score"], format=".1f"),
            ],
        )
        .properties(width="container", height=alt.Step(22))
    )
    return chart
