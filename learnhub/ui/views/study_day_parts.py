"""Pieces the study-day pages share: the office clock, month choice and readable session rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import attendance
from learnhub.periods import Period, month_of
from learnhub.studydays import HOLIDAY
from learnhub.ui.context import app_settings
from learnhub.ui.text import t


def now() -> datetime:
    # Looked up on the module each run, so a test can set the office clock.
    return attendance.office_now(app_settings().timezone)


def weekday(day: date) -> str:
    return t(f"studydays.weekday.w{day.weekday()}")


def half_day(value: str) -> str:
    return t(f"studydays.half.{value}")


def status_label(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return t("attendance.status.unmarked")
    return t(f"attendance.status.{value}")


def session_state_label(row: pd.Series) -> str:
    """'Scheduled', or why it was cancelled (a holiday says so in words)."""
    if row["status"] == "scheduled":
        return t("studydays.scheduled")
    if row["status_reason"] == HOLIDAY:
        return t("studydays.cancelled_holiday")
    return t("studydays.cancelled_because", reason=row["status_reason"] or "")


def session_label(row: pd.Series) -> str:
    day: date = row["day"]
    topic = f" · {row['topic']}" if row["topic"] else ""
    return (
        f"{day.isoformat()} {weekday(day)} {half_day(row['half_day'])} · {row['category']}{topic}"
    )


def month_picker(today: date, key: str) -> Period:
    """This month, two before and three after."""
    months: list[Period] = []
    first = today.replace(day=1)
    for offset in range(-2, 4):
        index = first.year * 12 + first.month - 1 + offset
        months.append(month_of(date(index // 12, index % 12 + 1, 1)))
    chosen = st.selectbox(
        t("studydays.month"), months, index=2, format_func=lambda m: m.label, key=key
    )
    return chosen if isinstance(chosen, Period) else months[2]


def sessions_table(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("studydays.col.day"): frame["day"],
            t("studydays.col.weekday"): frame["day"].map(weekday),
            t("studydays.col.half_day"): frame["half_day"].map(half_day),
            t("studydays.col.category"): frame["category"],
            t("studydays.col.topic"): frame["topic"],
            t("studydays.col.lecturer"): frame["lecturer"].fillna(""),
            t("studydays.col.location"): frame["location"],
            t("studydays.col.status"): frame.apply(session_state_label, axis=1),
        }
    )
