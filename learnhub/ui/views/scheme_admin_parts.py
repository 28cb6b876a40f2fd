"""Pieces of the 竞赛方案 page: readable labels and tables of a scheme, the editable tables of a new
version and their reading back into quotas and point rules, and the preview of last month.

Labels of activities and their units come from `points.activity.*` / `points.unit.*`; cadences and
counted days from `scheme_admin.*`. The tables keep codes (activity, cadence) as values and show
labels through the columns' `format_func`, so switching the language does not change what is
stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from learnhub.errors import ValidationError
from learnhub.periods import month_of
from learnhub.scheme_versions import PreviewResult
from learnhub.schemes import ACTIVITIES, CADENCES, PointRule, Quota, Scheme
from learnhub.ui.text import t

MONTHS_AHEAD = 12


def month_text(day: date) -> str:
    return t("scheme_admin.month", year=day.year, month=day.month)


def months_ahead(today: date, count: int = MONTHS_AHEAD) -> list[date]:
    """The first days of this month and the `count` months after it."""
    index = today.year * 12 + today.month - 1
    return [date((index + k) // 12, (index + k) % 12 + 1, 1) for k in range(count + 1)]


def missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def num(value: float) -> str:
    """30.0 → "30", 0.5 → "0.5"."""
    return f"{float(value):g}"


def activity_label(activity: Any) -> str:
    return t(f"points.activity.{activity}")


def unit_label(activity: str) -> str:
    return t(f"points.unit.{activity}.many")


def cadence_label(cadence: Any) -> str:
    return t(f"scheme_admin.cadence.{cadence}")


def counted_label(counted: Any) -> str:
    return t(f"scheme_admin.counted.{counted}")


# ---- a scheme, read ----------------------------------------------------------
def quotas_table(scheme: Scheme) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("scheme_admin.col_activity"): [activity_label(q.activity) for q in scheme.quotas],
            t("scheme_admin.col_cadence"): [cadence_label(q.cadence) for q in scheme.quotas],
            t("scheme_admin.col_target"): [
                t("scheme_admin.amount", n=num(q.target), unit=unit_label(q.activity))
                for q in scheme.quotas
            ],
            t("scheme_admin.col_weight"): [f"{q.weight * 100:g}%" for q in scheme.quotas],
        }
    )


def points_table(scheme: Scheme) -> pd.DataFrame:
    rules = scheme.points
    return pd.DataFrame(
        {
            t("scheme_admin.col_activity"): [activity_label(r.activity) for r in rules],
            t("scheme_admin.col_per"): [
                t("scheme_admin.per", per=num(r.per), unit=unit_label(r.activity)) for r in rules
            ],
            t("scheme_admin.col_points"): [num(r.points) for r in rules],
            t("scheme_admin.col_cap"): [
                t("scheme_admin.no_cap") if r.daily_cap is None else num(r.daily_cap) for r in rules
            ],
        }
    )


def history_table(versions: list[Scheme], saved_at: dict[int, Any]) -> pd.DataFrame:
    """Newest first; version 1 of the default scheme was shipped, not saved by anyone."""

    def when(version: int) -> str:
        value = saved_at.get(version)
        if value is None or missing(value) or value is pd.NaT:
            return ""
        return f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"

    ordered = list(reversed(versions))
    return pd.DataFrame(
        {
            t("scheme_admin.col_version"): [v.version for v in ordered],
            t("scheme_admin.col_valid_from"): [month_text(v.valid_from) for v in ordered],
            t("scheme_admin.col_reason"): [
                v.reason or (t("scheme_admin.shipped") if v.version == 1 else "") for v in ordered
            ],
            t("scheme_admin.col_saved_at"): [when(v.version) for v in ordered],
        }
    )


# ---- a new version, edited -----------------------------------------------------
def quota_frame(scheme: Scheme) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": pd.Series([q.key for q in scheme.quotas], dtype="object"),
            "activity": pd.Series([q.activity for q in scheme.quotas], dtype="object"),
            "cadence": pd.Series([q.cadence for q in scheme.quotas], dtype="object"),
            "target": pd.Series([q.target for q in scheme.quotas], dtype="float64"),
            "weight": pd.Series([round(q.weight * 100, 4) for q in scheme.quotas], dtype="float64"),
        }
    )


def rule_frame(scheme: Scheme) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity": pd.Series([r.activity for r in scheme.points], dtype="object"),
            "points": pd.Series([r.points for r in scheme.points], dtype="float64"),
            "per": pd.Series([r.per for r in scheme.points], dtype="float64"),
            "daily_cap": pd.Series([r.daily_cap for r in scheme.points], dtype="float64"),
        }
    )


def quota_columns() -> dict[str, Any]:
    return {
        "activity": st.column_config.SelectboxColumn(
            t("scheme_admin.col_activity"), options=list(ACTIVITIES), required=True,
            format_func=activity_label,
        ),
        "cadence": st.column_config.SelectboxColumn(
            t("scheme_admin.col_cadence"), options=list(CADENCES), required=True,
            format_func=cadence_label,
        ),
        "target": st.column_config.NumberColumn(
            t("scheme_admin.col_target"), min_value=0, required=True,
            help=t("scheme_admin.target_unit_help"),
        ),
        "weight": st.column_config.NumberColumn(
            t("scheme_admin.col_weight"), min_value=0, max_value=100, step=0.1, format="%.1f%%",
            required=True, help=t("scheme_admin.weight_help"),
        ),
    }  # fmt: skip


def rule_columns() -> dict[str, Any]:
    return {
        "activity": st.column_config.SelectboxColumn(
            t("scheme_admin.col_activity"), options=list(ACTIVITIES), required=True,
            format_func=activity_label,
        ),
        "points": st.column_config.NumberColumn(
            t("scheme_admin.col_points"), min_value=0, required=True
        ),
        "per": st.column_config.NumberColumn(
            t("scheme_admin.col_per"), min_value=0, default=1, help=t("scheme_admin.per_help")
        ),
        "daily_cap": st.column_config.NumberColumn(
            t("scheme_admin.col_cap"), min_value=0, help=t("scheme_admin.cap_help")
        ),
    }  # fmt: skip


def quotas_from(edited: pd.DataFrame) -> tuple[Quota, ...]:
    """The edited table as quotas: a row keeps its key (what it measured stays named the same);
    a new row gets a fresh one, q1, q2… Weights are percent in the table, shares in the scheme."""
    rows = edited.to_dict("records")
    used = {str(r["key"]) for r in rows if not missing(r.get("key")) and str(r["key"]).strip()}
    quotas = []
    number = 1
    for index, row in enumerate(rows, start=1):
        if any(missing(row.get(c)) for c in ("activity", "cadence", "target", "weight")):
            raise ValidationError("scheme_admin.quota_incomplete", row=index)
        key = row.get("key")
        if missing(key) or not str(key).strip():
            while f"q{number}" in used:
                number += 1
            key = f"q{number}"
            used.add(key)
        weight = round(float(row["weight"]) / 100, 6)
        quotas.append(
            Quota(str(key), str(row["activity"]), str(row["cadence"]), float(row["target"]), weight)
        )
    return tuple(quotas)


def rules_from(edited: pd.DataFrame) -> tuple[PointRule, ...]:
    rules = []
    for index, row in enumerate(edited.to_dict("records"), start=1):
        if missing(row.get("activity")) or missing(row.get("points")):
            raise ValidationError("scheme_admin.rule_incomplete", row=index)
        per = 1.0 if missing(row.get("per")) else float(row["per"])
        cap = None if missing(row.get("daily_cap")) else float(row["daily_cap"])
        rules.append(PointRule(str(row["activity"]), float(row["points"]), per, cap))
    return tuple(rules)


# ---- the preview ------------------------------------------------------------------
def _score(value: Any) -> str:
    return "—" if value is None or missing(value) else f"{float(value):.1f}"


def show_preview(result: PreviewResult) -> None:
    month = month_of(result.month.start)
    with st.container(border=True):
        st.markdown(f"**{t('scheme_admin.preview_title', month=month_text(month.start))}**")
        st.caption(t("scheme_admin.preview_help"))
        summary = result.summary
        before, after = summary["average_before"], summary["average_after"]
        delta = None if before is None or after is None else round(after - before, 1)
        columns = st.columns(4)
        columns[0].metric(t("scheme_admin.average"), f"{_score(before)} → {_score(after)}", delta)
        for column, key in zip(columns[1:], ("up", "down", "same"), strict=True):
            column.metric(t(f"scheme_admin.{key}"), t("scheme_admin.people_count", n=summary[key]))
        if before is None:
            st.caption(t("scheme_admin.no_before"))
        st.markdown(f"**{t('scheme_admin.preview_departments')}**")
        departments = result.departments.sort_values("change", na_position="last")
        st.dataframe(
            pd.DataFrame(
                {
                    t("scheme_admin.col_department"): departments["department"].fillna(
                        t("scheme_admin.no_department")
                    ),
                    **_scores(departments),
                }
            ),
            hide_index=True,
            width="stretch",
            column_config=_score_columns(),
        )
        st.markdown(f"**{t('scheme_admin.preview_people')}**")
        people = result.people.sort_values(["change", "username"], na_position="last")
        st.dataframe(
            pd.DataFrame(
                {
                    t("scheme_admin.col_department"): people["department"].fillna(
                        t("scheme_admin.no_department")
                    ),
                    t("scheme_admin.col_name"): people["name"],
                    t("scheme_admin.col_username"): people["username"],
                    **_scores(people),
                }
            ),
            hide_index=True,
            width="stretch",
            column_config=_score_columns(),
        )


def _scores(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        t("scheme_admin.col_before"): frame["before"],
        t("scheme_admin.col_after"): frame["after"],
        t("scheme_admin.col_change"): frame["change"],
    }


def _score_columns() -> dict[str, Any]:
    return {
        t(f"scheme_admin.col_{name}"): st.column_config.NumberColumn(format="%.1f")
        for name in ("before", "after", "change")
    }
