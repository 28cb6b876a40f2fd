"""Leaderboards: people by score with points beside, departments per head, quarters and years as
the mean of their months (each under its own version), and what each viewer may see."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from conftest import Office, add_person
from test_scheme_versions import BOOKS_ONLY, record

from learnhub import leaderboards
from learnhub.errors import NotAllowed, ValidationError
from learnhub.leaderboards import board, shown
from learnhub.schemes import DEFAULT_SCHEME_NAME, PointRule, default_scheme
from learnhub.store import Store

TODAY = date(2026, 4, 10)
OFFICE = frozenset({"office", "staff"})


def books_only_from(store: Store, month: date, points: tuple[PointRule, ...] = ()) -> None:
    scheme = replace(default_scheme(), version=2, valid_from=month, quotas=BOOKS_ONLY,
                     points=points)  # fmt: skip
    assert store.schemes.insert_if_missing(DEFAULT_SCHEME_NAME, 2, month, scheme.to_json())


def test_a_month_board_ranks_by_score_with_points_and_departments_per_head(
    office: Office,
) -> None:
    store = office.store
    colleague = add_person(store, "00125", "王五", "综合科", "staff")
    books_only_from(store, date(2026, 3, 1), (PointRule("clipping", 1, 1, 3),))
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    record(store, office.other_staff_id, date(2026, 3, 21), "book_finished")
    for _ in range(5):  # 5 clippings on one day: 3 points, the cap
        record(store, colleague, date(2026, 3, 4), "clipping")
    result = board(store, "month", date(2026, 3, 15), today=TODAY)
    people = result.people.set_index("username")
    assert people.loc["00123", "score"] == 100.0 and people.loc["00124", "score"] == 100.0
    assert people.loc["00125", "score"] == 0.0 and people.loc["00125", "points"] == 3.0
    assert list(people["rank"]) == [1, 1, 3, 3]  # ties share the rank
    departments = result.departments.set_index("department")
    # 综合科: 张三 100 and 王五 0 → 50 per head, half keeping the quota; 业务科: 100.
    assert departments.loc["综合科", "average_score"] == 50.0
    assert departments.loc["综合科", "meeting_share"] == 0.5
    assert departments.loc["综合科", "points_per_head"] == 1.5
    assert departments.loc["业务科", "rank"] == 1


def test_a_quarter_is_the_mean_of_its_months_each_under_its_version(office: Office) -> None:
    store = office.store
    books_only_from(store, date(2026, 3, 1))
    # 张三 finishes a book in January (version 1: 0.2 × 1 for the book, 0 for the rest → 20),
    # none in February (0) and one in March (version 2, books only: 100).
    record(store, office.staff_id, date(2026, 1, 20), "book_finished")
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    result = board(store, "quarter", date(2026, 2, 1), today=TODAY)
    assert result.span.label == "2026-Q1"
    people = result.people.set_index("username")
    assert people.loc["00123", "score"] == 40.0  # (20 + 0 + 100) / 3
    assert people.loc["00124", "score"] == 0.0
    # The year so far: January–April (April running, nothing met yet: undefined, left out).
    year = board(store, "year", date(2026, 6, 1), today=TODAY).people.set_index("username")
    assert year.loc["00123", "score"] == 40.0


def test_a_week_board_and_a_span_not_begun(office: Office) -> None:
    store = office.store
    record(store, office.staff_id, date(2026, 3, 10), "clipping")
    week = board(store, "week", date(2026, 3, 11), today=TODAY).people.set_index("username")
    # Version 1 in the week of 9–15 March: clipping 1 of 5 days, nothing else → rates
    # reading 0, clipping 0.2, reflection 0 (weights 0.2 each, book and essay undefined) →
    # 100 × 0.2·0.2 / 0.6 = 6.666… → 6.7.
    assert week.loc["00123", "score"] == 6.7
    later = board(store, "month", date(2026, 6, 1), today=TODAY)
    assert later.people.empty and later.departments.empty
    with pytest.raises(ValidationError):
        board(store, "fortnight", TODAY, today=TODAY)


BOARD = pd.DataFrame(
    {
        "person_id": [1, 2, 3, 4],
        "username": ["a", "b", "c", "d"],
        "rank": pd.array([1, 2, 2, 4], dtype="Int64"),
    }
)
DEPARTMENTS = pd.DataFrame({"department": ["综合科"], "rank": [1]})


@pytest.mark.parametrize(
    ("mode", "rows", "departments"),
    [("full", [1, 2, 3, 4], True), ("top", [1, 2, 3], True), ("own", [], False),
     ("departments", [], True)],
)  # fmt: skip
def test_staff_see_what_the_office_chose_and_always_their_own_line(
    mode: str, rows: list[int], departments: bool
) -> None:
    seen = shown(BOARD, DEPARTMENTS, viewer_id=4, sees_all=False, mode=mode, top_n=2)
    assert list(seen.people["person_id"]) == rows
    assert (seen.departments is not None) == departments
    assert seen.own is not None and seen.own["rank"] == 4
    office = shown(BOARD, DEPARTMENTS, viewer_id=99, sees_all=True, mode=mode, top_n=2)
    assert len(office.people) == 4 and office.own is None


def test_the_office_sets_the_visibility(office: Office) -> None:
    store = office.store
    assert leaderboards.visibility(store) == ("full", 10)
    leaderboards.set_visibility(store, "top", 5, actor_roles=OFFICE)
    assert leaderboards.visibility(store) == ("top", 5)
    with pytest.raises(NotAllowed):
        leaderboards.set_visibility(store, "full", 5, actor_roles=frozenset({"staff"}))
    with pytest.raises(ValidationError):
        leaderboards.set_visibility(store, "secret", 5, actor_roles=OFFICE)
    with pytest.raises(ValidationError):
        leaderboards.set_visibility(store, "top", 0, actor_roles=OFFICE)
