"""The annual assessment as tables a person reads (columns and grades in their language) and as
the workbook for the assessment file: sheets 个人, 科室, 候选, 更正记录, landscape, one page wide,
the header row repeated on every printed page, text cells formula-escaped."""

from __future__ import annotations

import pandas as pd

from learnhub.assessment import AnnualReport
from learnhub.exports import to_xlsx_printable
from learnhub.i18n import translate

__all__ = [
    "assessment_xlsx",
    "corrections_table",
    "departments_table",
    "grade_label",
    "people_table",
    "sheets",
]

PERSON = ["username", "name", "department", "learning_score", "training_hours", "online_hours",
          "hours_met", "pieces_passed", "review_score", "quizzes_taken", "quiz_average",
          "composite", "grade", "rank", "corrected"]  # fmt: skip
DEPARTMENT = ["department", "people", "average_composite", "rank", "excellent_share",
              "good_share", "pass_share", "fail_share", "average_training_hours",
              "average_online_hours", "hours_met_share"]  # fmt: skip
CORRECTION = ["corrected_at", "username", "name", "field", "old_value", "new_value", "reason",
              "corrected_by_name"]  # fmt: skip


def _col(name: str, lang: str) -> str:
    return translate(f"assessment.col.{name}", lang)


def grade_label(grade: object, lang: str) -> str:
    return translate(f"assessment.grade.{grade}", lang) if isinstance(grade, str) else ""


def _yes_no(value: object, lang: str) -> str:
    return translate("assessment.yes" if bool(value) else "assessment.no", lang)


def people_table(people: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = people[PERSON].copy()
    table["grade"] = table["grade"].map(lambda g: grade_label(g, lang))
    for column in ("hours_met", "corrected"):
        table[column] = table[column].map(lambda v: _yes_no(v, lang))
    table["rank"] = table["rank"].astype("float")
    return table.rename(columns={c: _col(c, lang) for c in PERSON})


def departments_table(departments: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = departments[DEPARTMENT].copy()
    for column in DEPARTMENT:
        if column.endswith("_share"):
            table[column] = (100 * table[column].astype(float)).round(1)
    table["rank"] = table["rank"].astype("float")
    return table.rename(columns={c: _col(c, lang) for c in DEPARTMENT})


def corrections_table(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = found[CORRECTION].copy()
    table["corrected_at"] = pd.to_datetime(table["corrected_at"]).dt.strftime("%Y-%m-%d %H:%M")
    table["field"] = table["field"].map(lambda f: translate(f"assessment.field.{f}", lang))
    grades = found["field"] == "grade"
    for column in ("old_value", "new_value"):
        table.loc[grades, column] = table.loc[grades, column].map(lambda g: grade_label(g, lang))
    table["old_value"] = table["old_value"].fillna("")
    return table.rename(columns={c: _col(c, lang) for c in CORRECTION})


def sheets(report: AnnualReport, found: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: people, sections, candidates (individuals, then the
    先进科室 line), corrections."""
    candidates = people_table(report.candidates, lang)
    candidates.insert(0, _col("award", lang), translate("assessment.award_person", lang))
    sections = report.sections.rename(columns={"average_composite": "composite"})
    section_rows = pd.DataFrame(
        {
            _col("award", lang): translate("assessment.award_section", lang),
            _col("department", lang): sections["department"],
            _col("composite", lang): sections["composite"],
            _col("rank", lang): sections["rank"].astype("float"),
        }
    )
    return {
        translate("assessment.sheet_people", lang): people_table(report.people, lang),
        translate("assessment.sheet_departments", lang): departments_table(
            report.departments, lang
        ),
        translate("assessment.sheet_candidates", lang): pd.concat(
            [candidates, section_rows], ignore_index=True
        ),
        translate("assessment.sheet_corrections", lang): corrections_table(found, lang),
    }


def assessment_xlsx(report: AnnualReport, found: pd.DataFrame, lang: str = "zh") -> bytes:
    """个人, 科室, 候选 and 更正记录, each page headed with the year's title when printed."""
    return to_xlsx_printable(
        list(sheets(report, found, lang).items()),
        page_header=translate("assessment.print_title", lang, year=report.year),
    )
