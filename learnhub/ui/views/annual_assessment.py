"""年度考核 (office only): a year's learning results per section (per head) and per person with
their grades, the candidates for outstanding individual and 先进科室, the office's settings
(requirements, weights, grade bands), corrections with a reason and their log, and the workbook
for the assessment file.

In January the year just ended is shown first. The person table is one dataframe; the correction
form offers at most the first few hundred people of the filtered list. The workbook is built only
when the download is clicked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import assessment, assessment_settings
from learnhub.assessment import FIELDS, NUMBER_LIMITS, AnnualReport
from learnhub.assessment_export import (
    assessment_xlsx,
    corrections_table,
    departments_table,
    grade_label,
    people_table,
)
from learnhub.assessment_settings import BANDED, GRADES, PARTS, AssessmentSettings
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PICK = 300
P = "annual_assessment_page"


def annual_assessment_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.annual_assessment")
    show_flash()
    now = study_day_parts.now()
    today = now.date()
    years = [today.year, today.year - 1, today.year - 2]
    year = st.selectbox(t(f"{P}.year"), years, index=1 if today.month == 1 else 0,
                        key="assessment_year")  # fmt: skip
    year = int(year if year is not None else years[0])
    report = attempt(lambda: assessment.annual_report(store, year, today=today))
    if report is None:
        return
    found = assessment.corrections(store, year)
    st.caption(t(f"{P}.explain"))
    requirements(report.settings)
    metrics(report, found)
    download(report, found, year)
    departments_section(report)
    table = people_section(report)
    candidates_section(report)
    settings_section(store, viewer, report.settings)
    correction_section(store, viewer, report, table, year, now)
    log_section(found)


def requirements(settings: AssessmentSettings) -> None:
    st.info(t(f"{P}.requirements", training=f"{settings.training_hours:g}",
              online=f"{settings.online_hours:g}"))  # fmt: skip
    if settings.note:
        st.text(settings.note)


def metrics(report: AnnualReport, found: pd.DataFrame) -> None:
    people = report.people
    columns = st.columns(5)
    average = people["composite"].mean() if len(people) else 0.0
    figures = [
        ("people", f"{len(people):,}"),
        ("average", f"{average:.1f}"),
        ("excellent", f"{int((people['grade'] == GRADES[0]).sum()):,}"),
        ("hours_met", f"{100 * people['hours_met'].mean() if len(people) else 0:.1f}%"),
        ("corrections", f"{len(found):,}"),
    ]
    for column, (name, value) in zip(columns, figures, strict=True):
        column.metric(t(f"{P}.metric_{name}"), value)


def departments_section(report: AnnualReport) -> None:
    st.subheader(t(f"{P}.departments"))
    st.caption(t(f"{P}.per_head"))
    if report.departments.empty:
        st.info(t(f"{P}.nobody"))
        return
    st.dataframe(departments_table(report.departments, language()), hide_index=True,
                 width="stretch")  # fmt: skip


def _filtered(people: pd.DataFrame) -> pd.DataFrame:
    grade_col, dept_col, search_col = st.columns(3)
    everyone = t(f"{P}.all")
    with grade_col:
        grade = st.selectbox(
            t(f"{P}.grade_filter"),
            [everyone, *GRADES],
            format_func=lambda g: g if g == everyone else grade_label(g, language()),
            key="assessment_grade_filter",
        )
    with dept_col:
        departments = sorted(d for d in people["department"].unique() if d)
        department = st.selectbox(t(f"{P}.department_filter"), [everyone, *departments],
                                  key="assessment_department")  # fmt: skip
    with search_col:
        words = st.text_input(t(f"{P}.search"), key="assessment_search").strip()
    if grade and grade != everyone:
        people = people[people["grade"] == grade]
    if department and department != everyone:
        people = people[people["department"] == department]
    if words:
        found = people["username"].astype(str).str.contains(words, regex=False) | people[
            "name"
        ].astype(str).str.contains(words, regex=False)
        people = people[found]
    return people


def people_section(report: AnnualReport) -> pd.DataFrame:
    st.subheader(t(f"{P}.people"))
    table = _filtered(report.people)
    st.caption(t(f"{P}.shown_count", shown=len(table), total=len(report.people)))
    if table.empty:
        st.info(t(f"{P}.no_match"))
        return table
    st.dataframe(people_table(table, language()), hide_index=True, width="stretch")
    return table


def candidates_section(report: AnnualReport) -> None:
    st.subheader(t(f"{P}.candidates"))
    s = report.settings
    st.caption(t(f"{P}.candidates_rule", share=f"{s.candidate_share:g}",
                 n=s.candidates_for(len(report.people)), minimum=s.section_minimum))  # fmt: skip
    st.markdown(f"**{t(f'{P}.candidates_people')}**")
    if report.candidates.empty:
        st.info(t(f"{P}.no_candidates"))
    else:
        st.dataframe(people_table(report.candidates, language()), hide_index=True,
                     width="stretch")  # fmt: skip
    st.markdown(f"**{t(f'{P}.candidates_sections')}**")
    if report.sections.empty:
        st.info(t(f"{P}.no_sections"))
    else:
        st.dataframe(departments_table(report.sections, language()), hide_index=True,
                     width="stretch")  # fmt: skip


def _number(label: str, value: float, key: str, top: float = 1000.0) -> float:
    return float(st.number_input(t(f"{P}.{label}"), min_value=0.0, max_value=top,
                                 value=float(value), step=1.0, key=key))  # fmt: skip


def settings_section(store: Store, viewer: Viewer, s: AssessmentSettings) -> None:
    with st.expander(t(f"{P}.settings")), st.form("assessment_settings"):
        st.markdown(f"**{t(f'{P}.settings_requirements')}**")
        raw: dict[str, Any] = {
            "training_hours": _number("training_hours", s.training_hours, "assessment_training"),
            "online_hours": _number("online_hours", s.online_hours, "assessment_online"),
            "note": st.text_input(t(f"{P}.note"), value=s.note, key="assessment_note"),
        }
        st.markdown(f"**{t(f'{P}.settings_weights')}**")
        columns = st.columns(len(PARTS))
        weights = {}
        for column, part in zip(columns, PARTS, strict=True):
            with column:
                weights[part] = _number(f"weight_{part}", s.weights[part],
                                        f"assessment_weight_{part}", 100.0)  # fmt: skip
        raw["weights"] = weights
        st.markdown(f"**{t(f'{P}.settings_bands')}**")
        columns = st.columns(len(BANDED))
        bands = {}
        for column, grade in zip(columns, BANDED, strict=True):
            with column:
                bands[grade] = float(st.number_input(
                    t(f"{P}.band", grade=grade_label(grade, language())), min_value=0.0,
                    max_value=100.0, value=float(s.bands[grade]), step=1.0,
                    key=f"assessment_band_{grade}"))  # fmt: skip
        raw["bands"] = bands
        st.markdown(f"**{t(f'{P}.settings_candidates')}**")
        raw["candidate_share"] = _number("candidate_share", s.candidate_share,
                                         "assessment_share", 100.0)  # fmt: skip
        raw["section_minimum"] = _number("section_minimum", s.section_minimum,
                                         "assessment_section_minimum", 100.0)  # fmt: skip
        raw["section_count"] = _number("section_count", s.section_count,
                                       "assessment_section_count", 20.0)  # fmt: skip
        raw["writing_basis"] = st.selectbox(
            t(f"{P}.writing_basis"), ["score", "count"],
            index=["score", "count"].index(s.writing_basis),
            format_func=lambda b: t(f"{P}.writing_basis_{b}"), key="assessment_writing_basis",
        )  # fmt: skip
        raw["writing_expected"] = _number("writing_expected", s.writing_expected,
                                          "assessment_writing_expected", 400.0)  # fmt: skip
        if st.form_submit_button(t(f"{P}.save_settings"), key="assessment_save_settings") and (
            succeeded(lambda: assessment_settings.save(store, raw, actor_roles=viewer.roles))
        ):
            flash(t(f"{P}.settings_saved"))
            st.rerun()


def correction_section(store: Store, viewer: Viewer, report: AnnualReport,
                       table: pd.DataFrame, year: int, now: Any) -> None:  # fmt: skip
    st.subheader(t(f"{P}.correct"))
    st.caption(t(f"{P}.correct_help"))
    offered = table.head(MAX_PICK)
    if offered.empty:
        st.info(t(f"{P}.no_match"))
        return
    labels = {
        int(pid): t(f"{P}.person_option", name=name, username=username, department=dept or "—",
                    grade=grade_label(grade, language()), composite=f"{composite:.1f}")
        for pid, name, username, dept, grade, composite in zip(
            offered["person_id"], offered["name"], offered["username"], offered["department"],
            offered["grade"], offered["composite"], strict=True)
    }  # fmt: skip
    person = st.selectbox(
        t(f"{P}.person"),
        list(labels),
        key="assessment_person",
        format_func=lambda pid: labels.get(pid, str(pid)),
        help=t(f"{P}.pick_help", n=MAX_PICK) if len(table) > MAX_PICK else None,
    )
    field = st.selectbox(t(f"{P}.field"), list(FIELDS), key="assessment_field",
                         format_func=lambda f: t(f"assessment.field.{f}"))  # fmt: skip
    with st.form("assessment_correction", clear_on_submit=True):
        if field == "grade":
            value: object = st.selectbox(t(f"{P}.new_value"), list(GRADES),
                                         format_func=lambda g: grade_label(g, language()),
                                         key="assessment_new_grade")  # fmt: skip
        else:
            value = st.number_input(t(f"{P}.new_value"), min_value=0.0,
                                    max_value=NUMBER_LIMITS[str(field)], step=0.5,
                                    key="assessment_new_number")  # fmt: skip
        reason = st.text_area(t(f"{P}.reason"), key="assessment_reason", max_chars=500)
        clicked = st.form_submit_button(t(f"{P}.save_correction"), key="assessment_correct")

        def save() -> None:
            assessment.correct(
                store, year, int(person or 0), str(field), value, reason,
                actor_id=viewer.person_id, actor_roles=viewer.roles, now=now,
            )  # fmt: skip

        if clicked and succeeded(save):
            flash(t(f"{P}.corrected"))
            st.rerun()


def log_section(found: pd.DataFrame) -> None:
    st.subheader(t(f"{P}.log"))
    if found.empty:
        st.info(t(f"{P}.no_corrections"))
        return
    st.dataframe(corrections_table(found.iloc[::-1], language()), hide_index=True,
                 width="stretch")  # fmt: skip


def download(report: AnnualReport, found: pd.DataFrame, year: int) -> None:
    lang = language()  # the callable runs outside the script, where session state is not
    st.download_button(
        t(f"{P}.download"),
        data=lambda: assessment_xlsx(report, found, lang),
        file_name=f"annual-assessment-{year}.xlsx",
        mime=XLSX,
        key="assessment_download",
        help=t(f"{P}.download_help"),
        on_click="ignore",
    )
