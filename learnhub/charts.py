"""Altair chart builders. They take DataFrames and return charts; pages and notebooks share them."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd

__all__ = ["department_scores", "reading_heatmap", "weekly_minutes"]


def reading_heatmap(daily: pd.DataFrame, today: date, *, labels: dict[str, str]) -> alt.Chart:
    """A GitHub-style calendar of reading minutes for the year up to `today`."""
    start = today - timedelta(days=364)
    start -= timedelta(days=start.weekday())
    days = pd.DataFrame({"day": pd.date_range(start, today, freq="D")})
    minutes = daily.assign(day=pd.to_datetime(daily["day"]))[["day", "reading_minutes"]]
    frame = days.merge(minutes, on="day", how="left").fillna({"reading_minutes": 0})
    frame["week"] = ((frame["day"] - pd.Timestamp(start)).dt.days // 7).astype(int)
    frame["weekday"] = frame["day"].dt.day_of_week
    frame["date"] = frame["day"].dt.strftime("%Y-%m-%d")
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_rect(cornerRadius=2)
        .encode(
            x=alt.X("week:O", axis=None),
            y=alt.Y("weekday:O", axis=None),
            color=alt.Color(
                "reading_minutes:Q",
                scale=alt.Scale(domain=[0, 60], range=["#ebedf0", "#1a7f37"], clamp=True),
                legend=alt.Legend(title=labels["minutes"]),
            ),
            tooltip=[
                alt.Tooltip("date:N", title=labels["date"]),
                alt.Tooltip("reading_minutes:Q", title=labels["minutes"]),
            ],
        )
        .properties(height=120, width="container")
    )
    return chart


def weekly_minutes(weekly: pd.DataFrame, *, labels: dict[str, str]) -> alt.Chart:
    frame = weekly.assign(week_start=pd.to_datetime(weekly["week_start"]))
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("week_start:T", title=labels["week"]),
            y=alt.Y("reading_minutes:Q", title=labels["minutes"]),
            tooltip=[
                alt.Tooltip("week_start:T", title=labels["week"]),
                alt.Tooltip("reading_minutes:Q", title=labels["minutes"]),
            ],
        )
        .properties(height=200, width="container")
    )
    return chart


def department_scores(report: pd.DataFrame) -> alt.Chart:
    frame = report.groupby("department", as_index=False)["score"].mean()
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100])), y=alt.Y("department:N", sort="-x")
        )
        .properties(width="container")
    )
    return chart
