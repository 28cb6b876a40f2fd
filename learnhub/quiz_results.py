"""A quiz's results: participation per department (参考率), average, pass rate, full-mark rate
(满分率), per-question facility and discrimination, and the workbook for the office.

Each person counts with their best graded attempt for the record; attempts still waiting for a
person's grade are not counted until graded. Departments are compared per head: the share of
their active staff who took part, never raw counts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.exports import escape_for_spreadsheet
from learnhub.i18n import translate
from learnhub.item_analysis import item_analysis
from learnhub.store import Store

__all__ = ["QuizResults", "quiz_results", "results_xlsx"]


@dataclass(frozen=True)
class QuizResults:
    people: pd.DataFrame  # person_id, username, name, department, score, max_score, percent, passed
    departments: (
        pd.DataFrame
    )  # department, staff, took_part, participation, average, pass_rate, full_rate
    questions: pd.DataFrame  # question_id, text, type, attempts, facility, discrimination, …
    summary: dict[str, float | int]


def _rates(frame: pd.DataFrame, *, none: float = 0.0) -> dict[str, float | int]:
    """`none` is what average and rates read when nobody took part."""
    took = frame[frame["score"].notna()]
    n = len(took)
    return {
        "staff": len(frame),
        "took_part": n,
        "participation": n / len(frame) if len(frame) else 0.0,
        "average": float(took["score"].mean()) if n else none,
        "pass_rate": float(took["passed"].mean()) if n else none,
        "full_rate": float((took["score"] >= took["max_score"]).mean()) if n else none,
    }


def quiz_results(store: Store, quiz_id: int) -> QuizResults:
    quiz = store.quizzes.quiz(quiz_id)
    if quiz is None:
        raise ValidationError("quiz.missing")
    people = store.quizzes.results(quiz_id)
    people["department"] = people["department"].fillna("")
    people["percent"] = (100 * people["score"] / people["max_score"]).round(1)
    people["passed"] = people["percent"] >= float(quiz["pass_percent"])
    rows = []
    for department, group in people.groupby("department", sort=False):
        # A section where nobody took part has no average: empty, not a misleading 0.
        rows.append({"department": department, **_rates(group, none=float("nan"))})
    departments = pd.DataFrame(
        rows,
        columns=["department", "staff", "took_part", "participation", "average", "pass_rate",
                 "full_rate"],
    )  # fmt: skip
    graded = store.quizzes.graded_slots(quiz_id)
    items = item_analysis(graded) if not graded.empty else pd.DataFrame(
        columns=["question_id", "attempts", "facility", "discrimination", "discrimination_index"]
    )  # fmt: skip
    if not items.empty:
        texts = store.questions.by_ids(items["question_id"].astype(int).tolist())[0]
        items = items.merge(
            texts[["id", "type", "text"]].rename(columns={"id": "question_id"}),
            on="question_id",
            how="left",
        )
    people = people.drop(columns=["sort_order"])
    return QuizResults(people, departments, items, _rates(people))


def results_xlsx(results: QuizResults, lang: str = "zh") -> bytes:
    """One sheet per view (people, departments, questions), headers in the reader's language."""

    def named(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
        shown = frame.drop(columns=[c for c in ("person_id", "question_id") if c in frame])
        shown.columns = pd.Index([translate(f"{prefix}.{c}", lang) for c in shown.columns])
        return escape_for_spreadsheet(shown)

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame, prefix in (
            ("people", results.people, "results.person"),
            ("departments", results.departments, "results.department"),
            ("questions", results.questions, "results.question"),
        ):
            named(frame, prefix).to_excel(
                writer, sheet_name=translate(f"results.sheet.{sheet}", lang), index=False,
                freeze_panes=(1, 0),
            )  # fmt: skip
    return buffer.getvalue()
