"""年度考核: the year's learning results per person and per section, graded, with candidates for
outstanding individual and 先进科室, and the office's corrections on top.

For each active staff member and year (each part on 0–100):

- learning L = the year's scheme score: the mean of the months' scores, published months read
  back frozen (learnhub.leaderboards.board "year"); no month judged yet counts as 0.
- credit hours H = 100 × (min(1, T ÷ RT) + min(1, O ÷ RO)) ÷ 2, where T is the training hours
  (training-class sessions attended), O the online-study hours (lessons studied) and RT, RO the
  yearly requirements (defaults 90 and 50; a requirement of 0 counts as met). `hours_met` is
  T ≥ RT and O ≥ RO.
- writing W = 100 × the mean review total of the pieces passed ÷ the rubric's highest total
  (basis `score`, the default), or 100 × min(1, pieces passed ÷ pieces expected) (basis `count`);
  0 without a passed piece.
- quizzes Q = the mean of the best-attempt percents of the quizzes taken (the daily quiz once a
  day); 0 without a quiz.
- composite C = (wL·L + wH·H + wW·W + wQ·Q) ÷ 100, one decimal, weights in percent (defaults
  60, 20, 10, 10); grade: 优秀 if C ≥ 90, 良好 if C ≥ 75, 合格 if C ≥ 60, else 不合格 (the
  office sets the bands); rank by C, ties sharing a rank.

Sections are compared per head: their average composite, shares of each grade, average hours.
Candidates for outstanding individual are the best by composite among those graded 优秀, as many
as `candidate_share` percent of the staff (rounded up; a tie at the cut is kept); 先进科室 is the
section with the best average composite among those with at least `section_minimum` people.

A correction overrides a figure (learning score, training or online hours: the composite and
grade follow) or the grade itself, with who, when and why; the newest correction per person and
field applies and the person's row is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from learnhub import assessment_settings, leaderboards
from learnhub.assessment_settings import BANDED, GRADES, AssessmentSettings
from learnhub.errors import NotAllowed, ValidationError
from learnhub.review import rubric
from learnhub.standings import staff_frame
from learnhub.store import Cursor, Store

__all__ = [
    "FIELDS",
    "GRADES",
    "AnnualReport",
    "annual_report",
    "correct",
    "corrections",
]

FIELDS = ("grade", "learning_score", "training_hours", "online_hours")
NUMBER_LIMITS = {"learning_score": 100.0, "training_hours": 1000.0, "online_hours": 1000.0}
MAX_REASON = 500
PEOPLE_COLUMNS = [
    "person_id", "username", "name", "department", "learning_score", "training_hours",
    "online_hours", "hours_met", "pieces_reviewed", "pieces_passed", "review_score",
    "quizzes_taken", "quizzes_passed", "quiz_average", "hours_part", "writing_part",
    "composite", "grade", "rank", "corrected", "corrected_fields",
]  # fmt: skip


@dataclass(frozen=True)
class AnnualReport:
    year: int
    settings: AssessmentSettings
    people: pd.DataFrame  # PEOPLE_COLUMNS, best first
    departments: pd.DataFrame  # department, people, average_composite, rank, <grade>_share…
    candidates: pd.DataFrame  # the people rows of the outstanding-individual candidates
    sections: pd.DataFrame  # the departments rows of the 先进科室 candidates


def annual_report(store: Store, year: int, *, today: date) -> AnnualReport:
    """The year as of `today` (a year in progress counts what is done so far). Reused until the
    next write, like the leaderboards."""
    return store.db.remember(("annual_report", year, today), lambda: _report(store, year, today))


def _figures(store: Store, year: int, today: date) -> pd.DataFrame:
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    people = staff_frame(store)[["person_id", "username", "name", "department"]].copy()
    people["department"] = people["department"].fillna("")
    index = pd.Index(people["person_id"].to_numpy())
    board = leaderboards.board(store, "year", first, today=today).people
    people["learning_score"] = _column(index, board, "score")
    repo = store.assessment
    found = [repo.hours(first, last), repo.writing(first, last), repo.quizzes(first, last)]
    for frame in found:
        for column in frame.columns.drop("person_id"):
            people[column] = _column(index, frame, column)
    zero = ["training_hours", "online_hours", "pieces_reviewed", "pieces_passed",
            "quizzes_taken", "quizzes_passed"]  # fmt: skip
    people[zero] = people[zero].fillna(0.0)
    for column in zero[2:]:
        people[column] = people[column].astype(int)
    return people.reset_index(drop=True)


def _column(index: pd.Index, frame: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.Series(frame[column].to_numpy(dtype=float), index=frame["person_id"].to_numpy())
    return np.asarray(values.reindex(index).to_numpy(dtype=float))


def _newest(found: pd.DataFrame) -> pd.DataFrame:
    return found.drop_duplicates(["person_id", "field"], keep="last")


def _report(store: Store, year: int, today: date) -> AnnualReport:
    settings = assessment_settings.load(store)
    people = _figures(store, year, today)
    newest = _newest(corrections(store, year))
    by_field = {f: newest[newest["field"] == f].set_index("person_id")["new_value"] for f in FIELDS}
    for field in NUMBER_LIMITS:
        fixed = people["person_id"].map(by_field[field].astype(float))
        people[field] = fixed.where(fixed.notna(), people[field])
    _score(people, settings, store)
    grades = dict(by_field["grade"].items())
    people["grade"] = [grades.get(p, g) for p, g in zip(people["person_id"], people["grade"],
                                                        strict=True)]  # fmt: skip
    fields = newest.groupby("person_id")["field"].agg(lambda f: ",".join(sorted(f))).to_dict()
    people["corrected_fields"] = [fields.get(p, "") for p in people["person_id"]]
    people["corrected"] = people["corrected_fields"] != ""
    people["rank"] = people["composite"].rank(method="min", ascending=False).astype("Int64")
    people = people.sort_values(["rank", "username"]).reset_index(drop=True)[PEOPLE_COLUMNS]
    departments = _departments(people, settings)
    return AnnualReport(year, settings, people, departments, _candidates(people, settings),
                        _sections(departments, settings))  # fmt: skip


def _share(hours: pd.Series, required: float) -> np.ndarray:
    if required <= 0:
        return np.ones(len(hours))
    return np.minimum(1.0, hours.to_numpy(dtype=float) / required)


def _score(people: pd.DataFrame, s: AssessmentSettings, store: Store) -> None:
    training, online = people["training_hours"], people["online_hours"]
    people["hours_met"] = (training >= s.training_hours - 1e-9) & (online >= s.online_hours - 1e-9)
    people["hours_part"] = (100 * (_share(training, s.training_hours)
                                   + _share(online, s.online_hours)) / 2).round(1)  # fmt: skip
    highest = sum(c.high for c in rubric(store)) or 1
    people["review_score"] = (100 * people.pop("review_total") / highest).round(1)
    if s.writing_basis == "count":
        writing = 100 * np.minimum(1.0, people["pieces_passed"] / s.writing_expected)
    else:
        writing = people["review_score"].fillna(0.0)
    people["writing_part"] = writing.round(1)
    people["quiz_average"] = people["quiz_average"].round(1)
    w = s.weights
    composite = (w["learning"] * people["learning_score"].fillna(0.0)
                 + w["hours"] * people["hours_part"] + w["writing"] * people["writing_part"]
                 + w["quizzes"] * people["quiz_average"].fillna(0.0)) / 100  # fmt: skip
    people["composite"] = composite.round(1)
    people["grade"] = _grades(people["composite"], s)


def _grades(composite: pd.Series, s: AssessmentSettings) -> np.ndarray:
    values = composite.to_numpy(dtype=float)
    conditions = [values >= s.bands[g] - 1e-9 for g in BANDED]
    return np.select(conditions, list(BANDED), default=GRADES[-1]).astype(object)


def _departments(people: pd.DataFrame, s: AssessmentSettings) -> pd.DataFrame:
    frame = people.assign(**{f"{g}_share": (people["grade"] == g).astype(float) for g in GRADES})
    grouped = frame.groupby("department", sort=True).agg(
        people=("person_id", "size"),
        average_composite=("composite", "mean"),
        **{f"{g}_share": (f"{g}_share", "mean") for g in GRADES},
        average_training_hours=("training_hours", "mean"),
        average_online_hours=("online_hours", "mean"),
        hours_met_share=("hours_met", "mean"),
    )
    rounded = ["average_composite", "average_training_hours", "average_online_hours"]
    grouped[rounded] = grouped[rounded].round(1)
    grouped["rank"] = grouped["average_composite"].rank(method="min", ascending=False)
    grouped["rank"] = grouped["rank"].astype("Int64")
    grouped = grouped.reset_index().sort_values(["rank", "department"]).reset_index(drop=True)
    return grouped[["department", "people", "average_composite", "rank",
                    *(f"{g}_share" for g in GRADES), "average_training_hours",
                    "average_online_hours", "hours_met_share"]]  # fmt: skip


def _top(frame: pd.DataFrame, column: str, n: int) -> pd.DataFrame:
    """The first `n` rows by `column` (already sorted best first), and any tied with the last."""
    if frame.empty or n <= 0:
        return frame.iloc[0:0]
    values = frame[column].to_numpy(dtype=float)
    cut = values[min(n, len(frame)) - 1]
    kept: pd.DataFrame = frame.loc[values >= cut]
    return kept.reset_index(drop=True)


def _candidates(people: pd.DataFrame, s: AssessmentSettings) -> pd.DataFrame:
    excellent = people[people["grade"] == GRADES[0]]
    return _top(excellent, "composite", s.candidates_for(len(people)))


def _sections(departments: pd.DataFrame, s: AssessmentSettings) -> pd.DataFrame:
    eligible = departments[(departments["people"] >= s.section_minimum)
                           & (departments["department"] != "")]  # fmt: skip
    return _top(eligible, "average_composite", s.section_count)


# -- corrections ----------------------------------------------------------------------------


def corrections(store: Store, year: int) -> pd.DataFrame:
    """Every correction of `year`, oldest first: person, field, old and new value, reason, who
    (corrected_by_name) and when."""
    return store.assessment.corrections(year)


def _checked_value(field: str, value: object) -> str:
    if field not in FIELDS:
        raise ValidationError("assessment.field_unknown")
    text = str(value).strip()
    if field == "grade":
        if text not in GRADES:
            raise ValidationError("assessment.grade_unknown")
        return text
    try:
        number = float(text)
    except ValueError:
        raise ValidationError("assessment.value_invalid", n=int(NUMBER_LIMITS[field])) from None
    if not 0 <= number <= NUMBER_LIMITS[field]:
        raise ValidationError("assessment.value_invalid", n=int(NUMBER_LIMITS[field]))
    return f"{round(number, 1):g}"


def correct(
    store: Store,
    year: int,
    person_id: int,
    field: str,
    new_value: object,
    reason: str,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> int:
    """Override one person's `field` for `year`, keeping the value it replaces, who, when and
    why; returns the correction's id. Office only; a reason is required."""
    if "office" not in actor_roles:
        raise NotAllowed("assessment.office_only")
    if not 2000 <= year <= now.year:
        raise ValidationError("assessment.year_invalid")
    value = _checked_value(field, new_value)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("assessment.reason_required")
    if len(reason) > MAX_REASON:
        raise ValidationError("assessment.reason_too_long", n=MAX_REASON)
    people = annual_report(store, year, today=now.date()).people
    row = people[people["person_id"] == person_id]
    if row.empty:
        raise ValidationError("assessment.person_unknown")
    old = row.iloc[0][field]
    old_text = None if pd.isna(old) else (str(old) if field == "grade" else f"{float(old):g}")
    values = {"year": year, "person_id": person_id, "field": field, "old_value": old_text,
              "new_value": value, "reason": reason, "corrected_by": actor_id,
              "corrected_at": now}  # fmt: skip

    def work(cur: Cursor) -> int:
        return store.assessment.insert_correction(cur, values)

    return int(store.transaction(work))
