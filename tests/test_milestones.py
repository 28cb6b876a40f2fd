"""Milestones of a month: a full month kept under a hand-built scheme, reading streaks of exactly
100 working days (and 99, which is not one), featured writing with its title."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pandas as pd
from conftest import Office
from test_review import GOOD, NOW, OFFICE, submitted

from learnhub import review
from learnhub.exemptions import add_exemption
from learnhub.milestones import KINDS, month_milestones, person_milestones
from learnhub.periods import Period, parse_month
from learnhub.schemes import DEFAULT_SCHEME_NAME, Quota, default_scheme
from learnhub.standings import evaluate_span
from learnhub.store import Store
from learnhub.workdays import office_calendar

MARCH = parse_month("2026-03")
APRIL_10 = date(2026, 4, 10)


def milestones(store: Store, month: Period, today: date) -> list[tuple[int, str, str]]:
    evaluation = evaluate_span(store, month, today=today)
    found = month_milestones(store, month, evaluation, today=today)
    assert list(found.columns) == ["person_id", "kind", "detail"]
    assert set(found["kind"]) <= set(KINDS)
    return list(found.itertuples(index=False, name=None))


def book_a_month(store: Store) -> None:
    """From March 2026 the only quota is one finished book a month."""
    scheme = replace(default_scheme(), version=2, valid_from=MARCH.start,
                     quotas=(Quota("book", "book", "month", 1, 1.0),))  # fmt: skip
    assert store.schemes.insert_if_missing(DEFAULT_SCHEME_NAME, 2, MARCH.start, scheme.to_json())


def test_a_full_month_is_an_ended_month_with_every_quota_kept(office: Office) -> None:
    store = office.store
    book_a_month(store)
    book = {"kind": "book_finished", "title": "书"}
    store.transaction(
        lambda cur: store.records.insert(cur, office.staff_id, date(2026, 3, 20), book)
    )
    # 李四 finished nothing (missed); 赵主任 was exempt all month and finished nothing: kept,
    # but nothing met, so not a full month either.
    when = datetime(2026, 3, 1, 9)
    add_exemption(store, office.office_id, MARCH.start, MARCH.end, "借调",
                  actor_id=office.office_id, actor_roles=OFFICE, now=when)  # fmt: skip
    assert milestones(store, MARCH, APRIL_10) == [(office.staff_id, "full_month", "")]
    # While March runs the book is met, but the month is not over.
    assert milestones(store, MARCH, date(2026, 3, 25)) == []
    assert milestones(store, MARCH, date(2026, 3, 31)) == []
    mine = person_milestones(store, office.staff_id, MARCH, today=APRIL_10)
    assert list(mine["kind"]) == ["full_month"]
    assert person_milestones(store, office.other_staff_id, MARCH, today=APRIL_10).empty


def read_on(store: Store, person: int, days: list[date], minutes: int = 30) -> None:
    frame = pd.DataFrame({"person_id": person, "day": days, "kind": "reading", "title": "书",
                          "minutes": minutes})  # fmt: skip
    store.transaction(lambda cur: store.records.bulk_load(cur, frame))


def working_days_back(store: Store, last: date, n: int) -> list[date]:
    calendar = office_calendar(store)
    days: list[date] = []
    day = last
    while len(days) < n:
        if calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def test_a_streak_of_exactly_100_working_days_is_celebrated_99_is_not(office: Office) -> None:
    store = office.store
    tenth = date(2026, 3, 10)
    hundred = working_days_back(store, tenth, 100)  # back across the Spring Festival into 2025
    assert hundred[0].year == 2025
    read_on(store, office.staff_id, hundred)
    # 李四 reads the same days, but only 29 minutes on the first: a streak of 99.
    read_on(store, office.other_staff_id, hundred[1:], minutes=45)
    read_on(store, office.other_staff_id, hundred[:1], minutes=29)
    # 赵主任 reaches 200 on 20 March, having reached 100 on a day in the autumn of 2025.
    two_hundred = working_days_back(store, date(2026, 3, 20), 200)
    read_on(store, office.office_id, two_hundred, minutes=60)
    found = milestones(store, MARCH, APRIL_10)
    assert found == [(office.staff_id, "streak", "100"), (office.office_id, "streak", "200")]
    # Reached on the 10th: celebrated once the 10th is over, not while it runs.
    assert (office.staff_id, "streak", "100") in milestones(store, MARCH, date(2026, 3, 11))
    assert milestones(store, MARCH, tenth) == []
    autumn = parse_month(two_hundred[99].strftime("%Y-%m"))
    assert milestones(store, autumn, APRIL_10) == [(office.office_id, "streak", "100")]
    # February holds the 100th or 200th working day of nobody's streak.
    assert milestones(store, parse_month("2026-02"), APRIL_10) == []


def test_featured_pieces_of_the_month_are_milestones_with_their_titles(office: Office) -> None:
    store = office.store
    titled = submitted(office, title="学习新思想的体会")
    untitled = submitted(office, office.other_staff_id)
    kept_back = submitted(office, office.office_id, title="未展出")
    for piece in (titled, untitled, kept_back):
        review.review_piece(store, piece, scores=GOOD, decision="pass", feedback="",
                            actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    for piece in (titled, untitled):
        review.feature(store, piece, actor_id=office.office_id, actor_roles=OFFICE, now=NOW)
    assert milestones(store, MARCH, APRIL_10) == [
        (office.staff_id, "featured", "学习新思想的体会"),
        (office.other_staff_id, "featured", "reflection"),
    ]
    assert milestones(store, parse_month("2026-04"), date(2026, 5, 10)) == []
