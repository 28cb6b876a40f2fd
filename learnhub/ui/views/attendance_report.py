"""考勤统计: the office's month of study-day attendance per session, per person and per department
(departments per head, never raw totals), each table exportable to Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import attendance
from learnhub.exports import to_xlsx_bytes
from learnhub.ui.context import app_store
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts

_COUNTS = ("present", "late", "leave", "absent")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns=[c for c in ("session_id", "person_id") if c in frame.columns])
    if "half_day" in out.columns:
        out["half_day"] = out["half_day"].map(parts.half_day)
    if "department" in out.columns:
        out["department"] = out["department"].fillna("")
    for column in ("rate", "attended_per_head", "leave_per_head", "absent_per_head"):
        if column in out.columns:
            out[column] = out[column].round(3 if column == "rate" else 2)
    names = {c: t(f"attendance.report.{c}") for c in out.columns}
    names.update({c: t(f"attendance.status.{c}") for c in _COUNTS if c in out.columns})
    return out.rename(columns=names)


def attendance_report_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.attendance_report")
    now = parts.now()
    month = parts.month_picker(now.date(), key="report_month")
    report = attendance.month_report(store, month, now)
    st.caption(t("attendance.report.explain"))
    if report.people.empty:
        st.info(t("attendance.report.none", month=month.label))
        return
    for key, frame in (
        ("by_department", report.departments),
        ("by_person", report.people),
        ("by_session", report.sessions),
    ):
        st.subheader(t(f"attendance.report.{key}"))
        table = _readable(frame)
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            t("attendance.report.download"),
            data=to_xlsx_bytes(table, sheet=t(f"attendance.report.{key}")),
            file_name=f"attendance-{month.label}-{key}.xlsx",
            mime=XLSX,
            key=f"download_{key}",
            on_click="ignore",
        )
