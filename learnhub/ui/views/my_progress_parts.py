"""我的学习, the competition's side: this month's points ledger in words, the person's own quota
grid under the scheme in force, and milestones of this month and last.

Everything here judges one person only (`evaluate_span(..., person_id=…)`): this is the staff
member's page, opened on a slow office PC, never a computation over the whole office.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from learnhub import milestones, notice, points
from learnhub.compliance import Evaluation
from learnhub.i18n import catalogue
from learnhub.periods import Period, month_of
from learnhub.schemes import Quota, Scheme
from learnhub.standings import evaluate_span
from learnhub.store import Store
from learnhub.ui.text import language, t


def number(value: float) -> str:
    return f"{float(value):g}"


# ---- 本月各项指标 ------------------------------------------------------------
def quota_label(quota: Quota, scheme: Scheme) -> str:
    cadence = quota.cadence
    if cadence == "day" and scheme.counted_days == "working":
        cadence = "working_day"
    unit = "one" if quota.target == 1 else "many"
    return t(
        "progress_points.quota_label",
        cadence=t(f"progress_points.cadence.{cadence}"),
        activity=t(f"points.activity.{quota.activity}"),
        amount=t(
            "points.amount", n=number(quota.target), unit=t(f"points.unit.{quota.activity}.{unit}")
        ),
    )


def quota_grid(evaluation: Evaluation, person_id: int) -> pd.DataFrame:
    """One row per quota with periods this month: label, met / counted, each period's symbol."""
    grid = evaluation.grid(person_id)
    rows = []
    for result in evaluation.quotas:
        mine = grid[grid["quota"] == result.quota.key]
        if mine.empty:
            continue
        status = list(mine["status"])
        met = status.count("met")
        counted = met + status.count("missed")
        rows.append(
            {
                t("progress_points.col_quota"): quota_label(result.quota, evaluation.scheme),
                t("progress_points.col_met"): t("progress_points.met_of", met=met, of=counted),
                t("progress_points.col_periods"): " ".join(
                    t(f"progress_points.symbol.{s}") for s in status
                ),
            }
        )
    columns = [t(f"progress_points.col_{c}") for c in ("quota", "met", "periods")]
    return pd.DataFrame(rows, columns=columns)


def grid_section(evaluation: Evaluation, person_id: int) -> None:
    st.subheader(t("progress_points.grid_title"))
    table = evaluation.table()
    if table.empty:
        st.info(t("progress_points.not_covered"))
        return
    score = table["score"].iloc[0]
    shown = t("progress_points.no_score") if pd.isna(score) else f"{float(score):.1f}"
    st.caption(t("progress_points.grid_scheme", version=evaluation.scheme.version, score=shown))
    st.dataframe(quota_grid(evaluation, person_id), hide_index=True, width="stretch")
    st.caption(t("progress_points.legend"))


# ---- 本月积分 ------------------------------------------------------------
def points_lines(ledger: pd.DataFrame) -> list[str]:
    """The ledger in words, newest day first (activities in their usual order within a day)."""
    if ledger.empty:
        return []
    lang = language()
    by_day = ledger.assign(_row=range(len(ledger))).sort_values(
        ["day", "_row"], ascending=[False, True], kind="stable"
    )
    return [
        points.explain({str(k): v for k, v in row.items()}, lang)
        for row in by_day.to_dict("records")
    ]


def points_section(
    store: Store, person_id: int, month: Period, today: date, scheme: Scheme
) -> None:
    st.subheader(t("progress_points.points_title"))
    if not scheme.points:
        st.info(t("progress_points.no_rules"))
        return
    ledger = points.ledger(
        store, person_id, month.start, min(month.end, today), scheme_name=scheme.name
    )
    total = float(ledger["awarded"].sum()) if not ledger.empty else 0.0
    st.metric(t("progress_points.points_total"), t("progress_points.points_value", n=number(total)))
    lines = points_lines(ledger)
    if not lines:
        st.caption(t("progress_points.no_points"))
        return
    st.dataframe(
        pd.DataFrame({t("progress_points.col_line"): lines}), hide_index=True, width="stretch"
    )


# ---- 里程碑 ------------------------------------------------------------
def _month_label(month: Period) -> str:
    return t("publication_page.month_label", year=month.start.year, month=month.start.month)


def milestone_text(kind: str, detail: str, month: Period) -> str:
    label = _month_label(month)
    if kind == "streak":
        return t("progress_points.milestone.streak", month=label, n=detail)
    if kind == "featured":
        if f"kind.{detail}" in catalogue(language()):  # a piece without a title: its kind
            return t(
                "progress_points.milestone.featured_kind", month=label, kind=t(f"kind.{detail}")
            )
        return t("progress_points.milestone.featured", month=label, title=detail)
    return t("progress_points.milestone.full_month", month=label)


def my_milestones(store: Store, person_id: int, today: date, this_month: Evaluation) -> list[str]:
    """This month's and last month's milestones, newest month first: each month judged for
    this person only."""
    last_month = month_of(month_of(today).start - timedelta(days=1))
    earlier = evaluate_span(store, last_month, today=today, person_id=person_id)
    lines = []
    for month, evaluation in ((this_month.span, this_month), (last_month, earlier)):
        if evaluation.people.empty:
            continue
        found = milestones.month_milestones(store, month, evaluation, today=today)
        found = found[found["person_id"] == person_id]
        lines += [
            milestone_text(str(k), str(d), month)
            for k, d in zip(found["kind"], found["detail"], strict=True)
        ]
    return lines


def milestones_section(store: Store, person_id: int, today: date, this_month: Evaluation) -> None:
    lines = my_milestones(store, person_id, today, this_month)
    st.subheader(t("progress_points.milestone.title"))
    if not lines:
        st.caption(t("progress_points.milestone.none"))
    for line in lines:
        st.success(line, icon=":material/celebration:")


def remarks_section(store: Store, person_id: int, shown: int = 3) -> None:
    """The office's remarks on this person (月度小结), newest month first: the office's words,
    shown as text. Nothing at all when there are none."""
    mine = notice.my_remarks(store, person_id).head(shown)
    if mine.empty:
        return
    st.subheader(t("progress_points.remarks_title"))
    for month, text in zip(mine["month"], mine["text"], strict=True):
        st.caption(str(month))
        st.text(str(text))
