"""Facility and discrimination on small quizzes worked out by hand."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnhub.item_analysis import (
    ITEM_COLUMNS,
    discrimination_index,
    facility,
    item_analysis,
    upper_lower_discrimination,
)

# Four attempts at three one-point questions.
#            q1   q2   q3   total
#   a1       1    1    1    3
#   a2       1    0.5  0    1.5
#   a3       0    1    0    1
#   a4       0    0    0    0
GRID = {
    "a1": {"q1": 1.0, "q2": 1.0, "q3": 1.0},
    "a2": {"q1": 1.0, "q2": 0.5, "q3": 0.0},
    "a3": {"q1": 0.0, "q2": 1.0, "q3": 0.0},
    "a4": {"q1": 0.0, "q2": 0.0, "q3": 0.0},
}


def frame(grid: Mapping[str, Mapping[str, float | None]], **extra: list[float]) -> pd.DataFrame:
    rows = [(a, q, f) for a, answers in grid.items() for q, f in answers.items()]
    out = pd.DataFrame(rows, columns=["attempt_id", "question_id", "fraction"])
    for name, values in extra.items():
        out[name] = values
    return out


def test_a_small_quiz_by_hand() -> None:
    result = item_analysis(frame(GRID))
    assert tuple(result.columns) == ITEM_COLUMNS
    assert list(result["question_id"]) == ["q1", "q2", "q3"]
    assert list(result["attempts"]) == [4, 4, 4]
    # Facility: the mean grade.
    assert list(result["facility"]) == [0.5, 0.625, 0.25]
    # 27 % of 4 attempts is 1.08 → groups of 1: a1 above, a4 below; a1 has 1 and a4 has 0 on all.
    assert list(result["discrimination"]) == [1.0, 1.0, 1.0]
    # q1 against the rest of the test: x = 1 1 0 0, rest = 2 0.5 1 0.
    # mean x 0.5, mean rest 0.875; cov = (0.5·1.125 + 0.5·(−0.375) − 0.5·0.125 − 0.5·(−0.875)) / 4
    # = 0.1875; sd x = 0.5; sd rest = √(2.1875 / 4) = 0.73951; r = 0.1875 / 0.36976 = 0.5071.
    assert result["discrimination_index"][0] == 0.5071
    # q2: x = 1 0.5 1 0, rest = 2 1 0 0: cov 0.15625, sd 0.41458 and 0.82916 → r = 0.4545.
    # q3: x = 1 0 0 0, rest = 2 1.5 1 0: cov 0.21875, sd 0.43301 and 0.73951 → r = 0.6831.
    assert result["discrimination_index"][1] == 0.4545
    assert result["discrimination_index"][2] == 0.6831
    assert result["discrimination_index"][2] == round(
        np.corrcoef([1, 0, 0, 0], [2, 1.5, 1, 0])[0, 1], 4
    )
    assert str(result["facility"].dtype) == "Float64"


def test_ten_attempts_take_groups_of_three() -> None:
    # One question; totals 10 down to 1. 27 % of 10 = 2.7 → 3 attempts per group.
    fractions = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
    totals = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    # Upper: 1 1 0 → 2/3; lower: 0 1 0 → 1/3; difference 1/3.
    assert upper_lower_discrimination(fractions, totals) == 0.3333
    # Order of the rows does not matter.
    assert upper_lower_discrimination(fractions[::-1], totals[::-1]) == 0.3333


def test_ties_on_the_boundary_share_the_place() -> None:
    # Five attempts → groups of round(1.35) = 1. Two attempts tie at the top with 3 and two at
    # the bottom with 0: each counts for half of the one place.
    fractions = [1, 0, 1, 0, 1]
    totals = [3, 3, 1, 0, 0]
    # upper (1 + 0) / 2 = 0.5; lower (0 + 1) / 2 = 0.5 → 0.
    assert upper_lower_discrimination(fractions, totals) == 0.0
    assert upper_lower_discrimination([1, 0, 1, 0, 0], totals) == 0.5
    assert upper_lower_discrimination([0, 1, 1, 0, 0], [3, 3, 1, 0, 0]) == 0.5
    # Ten attempts, groups of 3: totals 9 8 8 8 … — the third place is shared by three 8s.
    fractions = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    totals = [9, 8, 8, 8, 5, 4, 3, 2, 1, 0]
    # upper = (1 + 2 × mean(1, 0, 0)) / 3 = (1 + 2/3) / 3 = 0.5556; lower = 0.
    assert upper_lower_discrimination(fractions, totals) == 0.5556


def test_a_question_that_favours_weak_attempts_discriminates_negatively() -> None:
    grid = {
        "a1": {"q1": 1.0, "q2": 1.0, "trap": 0.0},
        "a2": {"q1": 1.0, "q2": 0.0, "trap": 0.0},
        "a3": {"q1": 0.0, "q2": 1.0, "trap": 1.0},
        "a4": {"q1": 0.0, "q2": 0.0, "trap": 1.0},
    }
    trap = item_analysis(frame(grid)).set_index("question_id").loc["trap"]
    assert trap["facility"] == 0.5
    # totals 2 1 2 1: the top place is shared by a1, a3 (trap 0, 1) → 0.5, the bottom by a2, a4
    # (0, 1) → 0.5; the upper-lower index sees nothing here, the correlation does.
    assert trap["discrimination"] == 0.0
    # trap 0 0 1 1 against rest 2 1 1 0 → r = −0.7071.
    assert trap["discrimination_index"] == -0.7071


def test_undefined_figures_are_missing() -> None:
    one = item_analysis(frame({"a1": {"q1": 1.0, "q2": 0.0}}))
    assert list(one["facility"]) == [1.0, 0.0]
    assert one["discrimination"].isna().all() and one["discrimination_index"].isna().all()
    # Everybody scored the same: no upper or lower group.
    same = item_analysis(frame({"a1": {"q1": 1.0, "q2": 0.0}, "a2": {"q1": 0.0, "q2": 1.0}}))
    assert same["discrimination"].isna().all()
    # Everybody right on q1: it cannot correlate with anything.
    easy = item_analysis(frame({"a1": {"q1": 1.0, "q2": 1.0}, "a2": {"q1": 1.0, "q2": 0.0}}))
    easy = easy.set_index("question_id")
    assert easy.loc["q1", "facility"] == 1.0
    assert easy.loc["q1", "discrimination"] == 0.0
    assert pd.isna(easy.loc["q1", "discrimination_index"])
    # q2 against a rest that is always 1: undefined as well.
    assert pd.isna(easy.loc["q2", "discrimination_index"])
    assert easy.loc["q2", "discrimination"] == 1.0
    assert facility([]) is None
    assert upper_lower_discrimination([1.0], [1.0]) is None
    assert discrimination_index([1.0], [1.0]) is None


def test_points_weigh_the_totals() -> None:
    # q1 is worth 3 points: a2's 1 on q1 (3 points) beats a1's 1 on q2 and q3 (2 points).
    grid = {
        "a1": {"q1": 0.0, "q2": 1.0, "q3": 1.0},
        "a2": {"q1": 1.0, "q2": 0.0, "q3": 0.0},
        "a3": {"q1": 0.0, "q2": 0.0, "q3": 0.0},
    }
    result = item_analysis(frame(grid, points=[3, 1, 1] * 3)).set_index("question_id")
    # Groups of round(0.81) = 1: top a2 (3), bottom a3 (0).
    assert result.loc["q1", "discrimination"] == 1.0
    assert result.loc["q2", "discrimination"] == 0.0
    unweighted = item_analysis(frame(grid)).set_index("question_id")
    assert unweighted.loc["q1", "discrimination"] == 0.0  # top is a1 (2) when all weigh 1


def test_random_draws_and_ungraded_rows() -> None:
    grid: dict[str, dict[str, float | None]] = {
        "a1": {"q1": 1.0, "q2": 1.0, "essay": None},
        "a2": {"q1": 0.0, "q3": 1.0, "essay": 0.5},
        "a3": {"q1": 1.0, "q2": 0.0, "essay": 1.0},
    }
    result = item_analysis(frame(grid)).set_index("question_id")
    assert result.loc["q1", "attempts"] == 3
    assert result.loc["q2", "attempts"] == 2 and result.loc["q3", "attempts"] == 1
    assert result.loc["essay", "attempts"] == 2 and result.loc["essay", "facility"] == 0.75
    assert result.loc["q2", "facility"] == 0.5
    assert pd.isna(result.loc["q3", "discrimination"])
    # Totals count graded rows only: a1 2, a2 1.5, a3 2 → q1's top place is shared by a1, a3.
    assert result.loc["q1", "discrimination"] == 1.0
    nobody = item_analysis(frame({"a1": {"essay": None}, "a2": {"essay": None}}))
    assert list(nobody["attempts"]) == [0] and nobody["facility"].isna().all()


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="missing"):
        item_analysis(pd.DataFrame({"attempt_id": [1], "fraction": [1.0]}))
    twice = pd.DataFrame({"attempt_id": [1, 1], "question_id": [7, 7], "fraction": [1.0, 0.0]})
    with pytest.raises(ValueError, match="twice"):
        item_analysis(twice)
    with pytest.raises(ValueError, match="0, 1"):
        item_analysis(pd.DataFrame({"attempt_id": [1], "question_id": [7], "fraction": [1.5]}))
    empty = item_analysis(pd.DataFrame({"attempt_id": [], "question_id": [], "fraction": []}))
    assert empty.empty and tuple(empty.columns) == ITEM_COLUMNS


@given(
    st.lists(
        st.tuples(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 20, allow_nan=False)),
        min_size=2,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_figures_stay_in_range_and_ignore_row_order(
    pairs: list[tuple[float, float]], rng: random.Random
) -> None:
    fractions = [f for f, _ in pairs]
    totals = [t for _, t in pairs]
    ul = upper_lower_discrimination(fractions, totals)
    r = discrimination_index(fractions, totals)
    for value in (ul, r):
        assert value is None or -1.0 <= value <= 1.0
    shuffled = list(pairs)
    rng.shuffle(shuffled)
    assert upper_lower_discrimination([f for f, _ in shuffled], [t for _, t in shuffled]) == ul
    again = discrimination_index([f for f, _ in shuffled], [t for _, t in shuffled])
    assert again == r or (
        again is not None and r is not None and math.isclose(again, r, abs_tol=1e-4)
    )
