"""一月一公示: publishing an ended month freezes its results; corrections are new versions with a
reason; the history stays readable."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from conftest import Office
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import publications
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import parse_month

OFFICE = frozenset({"office", "staff"})
TODAY = date(2026, 4, 10)
NOW = datetime(2026, 4, 10, 9, 0)
MARCH, APRIL = parse_month("2026-03"), parse_month("2026-04")


def publish(office: Office, reason: str = "", month=MARCH) -> int:  # type: ignore[no-untyped-def]
    return publications.publish(office.store, month, reason=reason, actor_id=office.office_id,
                                actor_roles=OFFICE, today=TODAY, now=NOW)  # fmt: skip


def test_a_published_month_is_frozen_and_a_correction_is_a_new_version(office: Office) -> None:
    store = office.store
    books_only_from(store, date(2026, 3, 1))
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    assert publish(office) == 1
    first = publications.latest(store, MARCH)
    assert first is not None and first.version == 1 and first.scheme_version == 2
    people = first.people.set_index("username")
    assert (people.loc["00123", "score"], people.loc["00123", "rank"]) == (100.0, 1)
    assert people.loc["00124", "score"] == 0.0 and people.loc["00124", "rank"] == 2
    assert json.loads(people.loc["00123", "quotas"]) == {
        "books": {"rate": 1.0, "met": 1, "missed": 0, "exempt": 0}
    }
    departments = first.departments.set_index("department")
    assert departments.loc["综合科", "average_score"] == 100.0
    assert departments.loc["综合科", "rank"] == 1
    # 张三 kept every quota of an ended month: a milestone on the publication.
    celebrated = zip(first.milestones["name"], first.milestones["kind"], strict=True)
    assert ("张三", "full_month") in set(celebrated)
    # A late entry arrives: the publication does not move…
    record(store, office.other_staff_id, date(2026, 3, 30), "book_finished")
    again = publications.latest(store, MARCH)
    assert again is not None and again.people.equals(first.people)
    # …until the office publishes a correction, which needs a reason (a double click has none).
    with pytest.raises(ValidationError) as why:
        publish(office)
    assert why.value.key == "publication.reason_needed"
    assert publish(office, reason="李四 3月30日读完的书补登") == 2
    corrected = publications.latest(store, MARCH)
    assert corrected is not None and corrected.version == 2
    assert corrected.people.set_index("username").loc["00124", "score"] == 100.0
    history = publications.history(store, MARCH)
    assert list(history["version"]) == [2, 1]
    assert list(history["reason"]) == ["李四 3月30日读完的书补登", ""]
    assert list(history["published_by"]) == ["赵主任", "赵主任"]
    old = publications.version(store, MARCH, 1)
    assert old is not None and old.people.equals(first.people)
    assert publications.published_months(store) == [MARCH]


def test_a_running_month_is_not_published_and_only_the_office_publishes(office: Office) -> None:
    with pytest.raises(ValidationError) as why:
        publish(office, month=APRIL)
    assert why.value.key == "publication.month_running"
    with pytest.raises(NotAllowed):
        publications.publish(office.store, MARCH, actor_id=office.staff_id,
                             actor_roles=frozenset({"staff"}), today=TODAY, now=NOW)  # fmt: skip
    assert publications.latest(office.store, MARCH) is None


def test_a_quarter_board_reads_published_months_as_published(office: Office) -> None:
    from learnhub.leaderboards import board

    store = office.store
    books_only_from(store, date(2026, 3, 1))
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    publish(office)
    # A book logged for March after the publication: the live month board sees it, the
    # quarter (Jan, Feb live at 0 under version 1; March as published) does not until the
    # correction is published.
    record(store, office.other_staff_id, date(2026, 3, 25), "book_finished")
    month = board(store, "month", MARCH.start, today=TODAY).people.set_index("username")
    assert month.loc["00124", "score"] == 100.0
    quarter = board(store, "quarter", MARCH.start, today=TODAY).people.set_index("username")
    assert quarter.loc["00123", "score"] == round(100 / 3, 1)
    assert quarter.loc["00124", "score"] == 0.0
    publish(office, reason="补登李四的读书记录")
    quarter = board(store, "quarter", MARCH.start, today=TODAY).people.set_index("username")
    assert quarter.loc["00124", "score"] == round(100 / 3, 1)
