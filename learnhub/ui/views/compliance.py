"""达标情况: the office's month of the competition scheme — departments per head with a chart,
every person's score and rates, one person's periods as a ✓ / ✗ grid, and an Excel workbook of
it all (科室, 人员, 明细).

A large office has 10,000 people: the person table is one dataframe (no widget per row), the
person picker offers at most the first few hundred people of the filtered list, and the long grid
of everyone's periods is built only when the download is clicked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub.charts_competition import department_average_scores
from learnhub.compliance import Evaluation
from learnhub.periods import Period
from learnhub.standings import evaluate_span
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import compliance_parts as parts
from learnhub.ui.views import study_day_parts
from learnhub.ui.views.exhibition import months_back
from learnhub.ui.views.scheme_choice import scheme_picker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PICK = 300


def compliance_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.compliance")
    today = study_day_parts.now().date()
    left, right = st.columns(2)
    with left:
        month = month_picker(today)
    with right:
        name = scheme_picker(
            store, month.start, label_key="compliance_page.scheme", key="compliance_scheme"
        )
    evaluation = attempt(lambda: evaluate_span(store, month, today=today, scheme_name=name))
    if evaluation is None:
        return
    scheme = evaluation.scheme
    st.caption(
        t("compliance_page.scheme_in_force", title=scheme.title(language()), version=scheme.version)
    )
    st.caption(t("compliance_page.explain"))
    if evaluation.people.empty:
        st.info(t("compliance_page.nobody", month=month.label))
        return
    download(evaluation, month, name)
    departments_section(evaluation)
    table = people_section(evaluation)
    grid_section(evaluation, table)


def month_picker(today: object) -> Period:
    months = months_back(today)  # type: ignore[arg-type]
    chosen = st.selectbox(
        t("compliance_page.month"),
        months,
        index=0,
        format_func=lambda m: m.label,
        key="compliance_month",
    )
    return chosen if isinstance(chosen, Period) else months[0]


def _percent_config(columns: list[str], help_key: str) -> dict[str, Any]:
    return {
        column: st.column_config.NumberColumn(column, format="%.1f%%", help=t(help_key))
        for column in columns
    }


def departments_section(evaluation: Evaluation) -> None:
    st.subheader(t("compliance_page.departments"))
    st.dataframe(
        parts.department_table(evaluation, language()),
        hide_index=True,
        width="stretch",
        column_config=_percent_config(
            parts.percent_columns(evaluation, language(), people=False),
            "compliance_page.share_help",
        ),
    )
    st.markdown(f"**{t('compliance_page.chart')}**")
    chart = department_average_scores(
        evaluation.departments(),
        labels={
            "department": t("compliance_page.col_department"),
            "score": t("compliance_page.col_average"),
        },
    )
    st.altair_chart(chart, width="stretch")


def _filtered(table: pd.DataFrame) -> pd.DataFrame:
    search_col, dept_col = st.columns(2)
    with search_col:
        words = st.text_input(t("compliance_page.search"), key="compliance_search").strip()
    departments = sorted(d for d in table["department"].dropna().unique())
    everyone = t("compliance_page.all_departments")
    with dept_col:
        department = st.selectbox(
            t("compliance_page.department_filter"),
            [everyone, *departments],
            key="compliance_department",
        )
    if department and department != everyone:
        table = table[table["department"] == department]
    if words:
        found = table["username"].astype(str).str.contains(words, regex=False) | table[
            "name"
        ].astype(str).str.contains(words, regex=False)
        table = table[found]
    return table


def people_section(evaluation: Evaluation) -> pd.DataFrame:
    """The person table (searchable); returns the rows shown, best first."""
    st.subheader(t("compliance_page.people"))
    everyone = evaluation.table()
    table = _filtered(everyone)
    table = table.sort_values(["rank", "username"], na_position="last")
    st.caption(t("compliance_page.shown_count", shown=len(table), total=len(everyone)))
    if table.empty:
        st.info(t("compliance_page.no_match"))
        return table
    st.dataframe(
        parts.people_table(evaluation, language(), table),
        hide_index=True,
        width="stretch",
        column_config=_percent_config(
            parts.percent_columns(evaluation, language(), people=True), "compliance_page.rate_help"
        ),
    )
    return table


def _shown(value: object) -> str:
    return "—" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def grid_section(evaluation: Evaluation, table: pd.DataFrame) -> None:
    st.subheader(t("compliance_page.grid"))
    if table.empty:
        return
    offered = table.head(MAX_PICK)
    labels = {
        int(pid): t(
            "compliance_page.person_option",
            name=name,
            username=username,
            department=_shown(department),
        )
        for pid, name, username, department in zip(
            offered["person_id"],
            offered["name"],
            offered["username"],
            offered["department"],
            strict=True,
        )
    }
    person = st.selectbox(
        t("compliance_page.pick"),
        list(labels),
        format_func=lambda pid: labels.get(pid, str(pid)),
        key="compliance_person",
        help=t("compliance_page.pick_help", n=MAX_PICK) if len(table) > MAX_PICK else None,
    )
    if person is None:
        return
    row = offered[offered["person_id"] == person].iloc[0]
    st.text(
        t(
            "compliance_page.person_score",
            name=row["name"],
            username=row["username"],
            score=_shown(row["score"]),
            rank=_shown(row["rank"]),
            dept_rank=_shown(row["dept_rank"]),
        )
    )
    grids = parts.person_grids(evaluation, int(person), language())
    if not grids:
        st.info(t("compliance_page.no_periods"))
        return
    st.caption(t("compliance_page.legend"))
    for grid in grids:
        st.dataframe(grid, width="stretch")


def download(evaluation: Evaluation, month: Period, scheme_name: str) -> None:
    lang = language()  # the callable runs outside the script, where session state is not
    st.download_button(
        t("compliance_page.excel.download"),
        # Built only when clicked: the grid of a large office has hundreds of thousands of rows.
        data=lambda: parts.compliance_workbook(evaluation, lang),
        file_name=f"compliance-{scheme_name}-{month.label}.xlsx",
        mime=XLSX,
        key="compliance_download",
        help=t("compliance_page.excel.help"),
        on_click="ignore",
    )
