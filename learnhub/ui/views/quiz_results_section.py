"""测验管理, a quiz's results: who took part per section (参考率), average, pass and full-mark
rates, each person's best score, how each question performed (facility and discrimination) and
the workbook for the office.

Sections are compared per head (shares of their staff), never by raw counts. A section where
nobody took part has no average or pass rate: its cells stay empty rather than showing 0.
"""

from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from learnhub.quiz_results import QuizResults, quiz_results, results_xlsx
from learnhub.quiz_review import grading_queue
from learnhub.store import Store
from learnhub.ui.forms import attempt
from learnhub.ui.gate import Viewer
from learnhub.ui.text import language, t
from learnhub.ui.views.quiz_admin_items import type_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Below this upper–lower discrimination a question hardly tells who knows from who does not.
POOR_DISCRIMINATION = 0.2
# Characters a file name may not hold on Windows, where offices open the workbook.
_UNSAFE_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
PERSON_COLUMNS = ("username", "name", "department", "score", "max_score", "attempts", "percent",
                  "passed")  # fmt: skip
DEPARTMENT_COLUMNS = ("department", "staff", "took_part", "participation", "average",
                      "pass_rate", "full_rate")  # fmt: skip
QUESTION_COLUMNS = ("type", "text", "attempts", "facility", "discrimination",
                    "discrimination_index")  # fmt: skip


def results_section(store: Store, viewer: Viewer, quiz_id: int) -> None:
    quiz = store.quizzes.quiz(quiz_id)
    if quiz is None:
        return
    st.subheader(t("quiz_results.title"))
    results = attempt(lambda: quiz_results(store, quiz_id))
    if results is None:
        return
    queue = grading_queue(store, viewer.person_id, viewer.roles)
    waiting = int(queue.loc[queue["quiz_id"] == quiz_id, "attempt_id"].nunique())
    summary = results.summary
    if not int(summary["took_part"]) and not waiting and not bool(quiz["published"]):
        st.caption(t("quiz_results.draft"))
        return
    metrics(results)
    if waiting:
        st.caption(t("quiz_results.waiting", n=waiting))
        st.page_link(
            "pages/grading.py", label=t("quiz_results.to_grading"), icon=":material/grading:"
        )
    if not int(summary["took_part"]):
        st.info(t("quiz_results.nobody_yet"))
        return
    by_section, by_person, by_question = st.tabs(
        [t("quiz_results.tab.sections"), t("quiz_results.tab.people"),
         t("quiz_results.tab.questions")]
    )  # fmt: skip
    with by_section:
        sections(results)
    with by_person:
        people(results)
    with by_question:
        questions(results)
    download(results, str(quiz["title"]), quiz_id)


def _percent(value: Any) -> str:
    return f"{float(value):.1%}"


def metrics(results: QuizResults) -> None:
    summary = results.summary
    took = int(summary["took_part"])
    full = results.people["max_score"].dropna()
    took_part, rate, average, pass_rate, full_rate = st.columns(5)
    took_part.metric(
        t("results.department.took_part"),
        t("quiz_results.of_staff", took=took, staff=int(summary["staff"])),
    )
    rate.metric(
        t("results.department.participation"),
        _percent(summary["participation"]),
        help=t("quiz_results.participation_help"),
    )
    average.metric(
        t("results.department.average"),
        f"{float(summary['average']):.1f}" if took else "–",
        help=t("quiz_results.average_help", full=f"{float(full.max()):g}")
        if not full.empty
        else None,
    )
    pass_rate.metric(
        t("results.department.pass_rate"), _percent(summary["pass_rate"]) if took else "–"
    )
    full_rate.metric(
        t("results.department.full_rate"), _percent(summary["full_rate"]) if took else "–"
    )


def sections(results: QuizResults) -> None:
    table = results.departments[list(DEPARTMENT_COLUMNS)].copy()
    nobody = table["took_part"] == 0
    for column in ("average", "pass_rate", "full_rate"):
        table[column] = table[column].astype("Float64").mask(nobody)
    table["department"] = table["department"].map(
        lambda name: name or t("quiz_results.no_department")
    )
    st.caption(t("quiz_results.sections_explain"))
    st.altair_chart(section_chart(table), width="stretch")
    shown = table.rename(columns={c: t(f"results.department.{c}") for c in DEPARTMENT_COLUMNS})
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("results.department.participation"): st.column_config.NumberColumn(format="percent"),
            t("results.department.average"): st.column_config.NumberColumn(format="%.1f"),
            t("results.department.pass_rate"): st.column_config.NumberColumn(format="percent"),
            t("results.department.full_rate"): st.column_config.NumberColumn(format="percent"),
        },
    )


def section_chart(table: pd.DataFrame) -> alt.Chart:
    """Participation and pass rate per section, side by side: shares of each section's staff
    (pass rate: of those who took part), so a large section does not look better for its size."""
    measures = {
        "participation": t("results.department.participation"),
        "pass_rate": t("results.department.pass_rate"),
    }
    long = table.melt(
        id_vars=["department", "staff", "took_part"],
        value_vars=list(measures),
        var_name="measure",
        value_name="rate",
    ).dropna(subset=["rate"])
    long["measure"] = long["measure"].map(measures)
    long["rate"] = long["rate"].astype(float)
    section = t("results.department.department")
    chart: alt.Chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "rate:Q",
                title=None,
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("department:N", title=section, sort=list(table["department"])),
            yOffset=alt.YOffset("measure:N", sort=list(measures.values())),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=list(measures.values()),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("department:N", title=section),
                alt.Tooltip("measure:N", title=t("quiz_results.measure")),
                alt.Tooltip("rate:Q", title=t("quiz_results.rate"), format=".1%"),
                alt.Tooltip("took_part:Q", title=t("results.department.took_part")),
                alt.Tooltip("staff:Q", title=t("results.department.staff")),
            ],
        )
        .properties(height=alt.Step(14))
    )
    return chart


def people(results: QuizResults) -> None:
    table = results.people[list(PERSON_COLUMNS)].copy()
    took = table["score"].notna()
    table["department"] = table["department"].map(
        lambda name: name or t("quiz_results.no_department")
    )
    table["passed"] = [
        t("quiz_results.yes" if bool(passed) else "quiz_results.no")
        if was
        else t("quiz_results.not_taken")
        for passed, was in zip(table["passed"], took, strict=True)
    ]
    st.caption(t("quiz_results.people_explain"))
    shown = table.rename(columns={c: t(f"results.person.{c}") for c in PERSON_COLUMNS})
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("results.person.score"): st.column_config.NumberColumn(format="%g"),
            t("results.person.max_score"): st.column_config.NumberColumn(format="%g"),
            t("results.person.percent"): st.column_config.NumberColumn(format="%.1f"),
        },
    )


def _poor(value: Any) -> bool:
    return value is not None and not pd.isna(value) and float(value) < POOR_DISCRIMINATION


def questions(results: QuizResults) -> None:
    st.caption(t("quiz_results.facility_explain"))
    st.caption(t("quiz_results.discrimination_explain", poor=f"{POOR_DISCRIMINATION:g}"))
    found = results.questions
    if found.empty:
        st.info(t("quiz_results.no_questions"))
        return
    table = found[list(QUESTION_COLUMNS)].copy()
    table["type"] = table["type"].map(type_label)
    table["text"] = table["text"].map(lambda text: " ".join(str(text or "").split()))
    poor = table["discrimination"].map(_poor).astype(bool)
    table["advice"] = [t("quiz_results.revise") if flag else "" for flag in poor]
    if poor.any():
        st.warning(t("quiz_results.poor_found", n=int(poor.sum()), poor=f"{POOR_DISCRIMINATION:g}"))
    # Undefined discrimination (too few attempts, or nothing varies) stays an empty cell rather
    # than the table's "None".
    for column in ("discrimination", "discrimination_index"):
        table[column] = table[column].map(lambda v: "" if pd.isna(v) else f"{float(v):.2f}")
    order = ["type", "text", "attempts", "facility", "discrimination", "advice",
             "discrimination_index"]  # fmt: skip
    columns = {c: t(f"results.question.{c}") for c in QUESTION_COLUMNS}
    columns["advice"] = t("quiz_results.advice")
    shown = table[order].rename(columns=columns)
    flags = list(poor)

    def highlight(row: pd.Series) -> list[str]:
        style = "background-color: #fdecea" if flags[int(str(row.name))] else ""
        return [style] * len(row)

    styled = (
        shown.reset_index(drop=True)
        .style.apply(highlight, axis=1)
        .format({columns["facility"]: "{:.1%}"})
    )
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_config={columns["text"]: st.column_config.TextColumn(width="large")},
    )


def download(results: QuizResults, title: str, quiz_id: int) -> None:
    # Built when clicked, in the language of the page the person is reading.
    lang = language()
    name = _UNSAFE_FILE_NAME.sub("_", title).strip("_") or str(quiz_id)
    st.download_button(
        t("quiz_results.download"),
        data=lambda: results_xlsx(results, lang),
        file_name=t("quiz_results.file", title=name),
        mime=XLSX,
        key=f"quiz_results_xlsx_{quiz_id}",
        on_click="ignore",
    )
