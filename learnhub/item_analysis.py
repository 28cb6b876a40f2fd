"""How each question of a quiz performed: facility and two discrimination measures.

Input: one row per (attempt, question) with columns ``attempt_id``, ``question_id``,
``fraction`` (the grade, 0..1; null while a person has yet to grade it) and optionally
``points`` (what the question is worth in that quiz; 1 when absent). An attempt's total is the
sum of ``fraction × points`` over its graded rows. Ungraded rows count neither for their
question nor in the total. With random questions drawn per category, each question is judged
only among the attempts that were given it.

The three figures per question (see :data:`ITEM_COLUMNS`):

- ``facility`` — Moodle's facility index, as a fraction: the mean grade on the question.
  1 means everybody got it right, 0 nobody.
- ``discrimination`` — the classic upper–lower group index (Kelley's 27 %): the mean grade on
  the question among the top 27 % of attempts by total score minus that among the bottom
  27 %. In [-1, 1]; teachers' rules of thumb read ≥ 0.4 as good, < 0.2 as poor. Attempts tied
  on the boundary total share the remaining places equally, so the result does not depend on
  the order of the rows.
- ``discrimination_index`` — Moodle's discrimination index, as a fraction rather than a
  percentage: the Pearson correlation between the grade on the question and the rest of the
  test (the attempt's total minus this question's points). In [-1, 1].

Either discrimination is undefined (None, shown as an empty cell) with fewer than two attempts,
or when nothing varies: every attempt with the same total, or for the correlation the same
grade on the question or the same rest-of-test score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "ITEM_COLUMNS",
    "UPPER_LOWER_SHARE",
    "discrimination_index",
    "facility",
    "item_analysis",
    "upper_lower_discrimination",
]

ITEM_COLUMNS = ("question_id", "attempts", "facility", "discrimination", "discrimination_index")
UPPER_LOWER_SHARE = 0.27

_Floats = npt.NDArray[np.float64]
# Totals are sums of 4-place fractions times 2-place points; rounding them before comparing
# keeps a sum's last-bit noise from splitting a tie.
_TOTAL_PLACES = 6
_FLAT = 1e-12


def item_analysis(graded: pd.DataFrame) -> pd.DataFrame:
    """One row per question (sorted by ``question_id``) with :data:`ITEM_COLUMNS`.

    ``attempts`` counts the graded attempts the figures rest on; the three figures are rounded
    to 4 places and are missing (``pd.NA``, dtype ``Float64``) where undefined.
    """
    missing = {"attempt_id", "question_id", "fraction"} - set(graded.columns)
    if missing:
        raise ValueError(f"missing columns: {sorted(missing)}")
    if graded.duplicated(["attempt_id", "question_id"]).any():
        raise ValueError("an attempt has the same question twice")
    frame = pd.DataFrame(
        {
            "attempt_id": graded["attempt_id"],
            "question_id": graded["question_id"],
            "fraction": pd.to_numeric(graded["fraction"]).astype("float64"),
            "points": (
                pd.to_numeric(graded["points"]).astype("float64")
                if "points" in graded.columns
                else 1.0
            ),
        }
    )
    known = frame["fraction"].dropna()
    if ((known < 0) | (known > 1)).any():
        raise ValueError("fractions must lie in [0, 1]")
    frame["mark"] = frame["fraction"] * frame["points"]
    totals = frame.groupby("attempt_id", sort=False)["mark"].sum()
    frame["total"] = frame["attempt_id"].map(totals).astype("float64")
    frame["rest"] = frame["total"] - frame["mark"]

    rows: list[tuple[object, int, float | None, float | None, float | None]] = []
    for question_id, group in frame.groupby("question_id", sort=True):
        done = group.dropna(subset=["fraction"])
        fractions = done["fraction"].to_numpy(dtype="float64")
        rows.append(
            (
                question_id,
                len(done),
                facility(fractions),
                upper_lower_discrimination(fractions, done["total"].to_numpy(dtype="float64")),
                discrimination_index(fractions, done["rest"].to_numpy(dtype="float64")),
            )
        )
    out = pd.DataFrame(rows, columns=list(ITEM_COLUMNS))
    out["attempts"] = out["attempts"].astype("int64")
    for column in ITEM_COLUMNS[2:]:
        out[column] = pd.array(
            [None if v is None or pd.isna(v) else v for v in out[column]], dtype="Float64"
        )
    return out


def facility(fractions: Sequence[float] | _Floats) -> float | None:
    """The mean grade (Moodle's facility index / 100), None without any attempt."""
    values = np.asarray(fractions, dtype="float64")
    if values.size == 0:
        return None
    return round(float(values.mean()), 4)


def upper_lower_discrimination(
    fractions: Sequence[float] | _Floats,
    totals: Sequence[float] | _Floats,
    share: float = UPPER_LOWER_SHARE,
) -> float | None:
    """Mean grade of the top `share` of attempts by total minus that of the bottom `share`.

    Each group has round(share × n) attempts (halves up, at least 1). Attempts tied on the
    boundary total share the group's remaining places, each counting for an equal part.
    """
    grades = np.asarray(fractions, dtype="float64")
    scores = np.round(np.asarray(totals, dtype="float64"), _TOTAL_PLACES)
    if grades.shape != scores.shape:
        raise ValueError("fractions and totals differ in length")
    n = grades.size
    if n < 2 or scores.max() == scores.min():
        return None
    size = max(1, int(np.floor(share * n + 0.5)))
    upper = _group_mean(grades, scores, size)
    lower = _group_mean(grades, -scores, size)
    return round(upper - lower, 4)


def discrimination_index(
    fractions: Sequence[float] | _Floats, rest: Sequence[float] | _Floats
) -> float | None:
    """Pearson correlation of the grade on the question with the rest-of-test score (Moodle's
    discrimination index / 100); None when fewer than 2 attempts or either side is constant."""
    x = np.asarray(fractions, dtype="float64")
    y = np.asarray(rest, dtype="float64")
    if x.shape != y.shape:
        raise ValueError("fractions and rest scores differ in length")
    if x.size < 2:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    sx, sy = float(np.sqrt((dx * dx).mean())), float(np.sqrt((dy * dy).mean()))
    if sx < _FLAT or sy < _FLAT:
        return None
    r = float((dx * dy).mean()) / (sx * sy)
    return round(min(1.0, max(-1.0, r)), 4)


def _group_mean(grades: _Floats, scores: _Floats, size: int) -> float:
    """Mean grade of the `size` attempts with the highest `scores`, ties at the edge shared."""
    order = np.argsort(-scores, kind="stable")
    ranked, graded = scores[order], grades[order]
    edge = ranked[size - 1]
    above = ranked > edge
    tied = ranked == edge
    places = size - int(above.sum())
    return float((graded[above].sum() + places * graded[tied].mean()) / size)
