"""The monthly report (DESIGN.md §6): the columns offices and scripts rely on."""

from __future__ import annotations

import json
import math
from datetime import date

from conftest import Office

import learnhub
from learnhub import reading
from learnhub.reports import monthly_report
from learnhub.settings import Settings
from learnhub.store import Store

# Written out from DESIGN.md §6 ("month, username, name, department" then every metric of §4,
# in the order of the §4 table) — deliberately not imported from the code.
REPORT_COLUMNS = [
    "month",
    "username",
    "name",
    "department",
    "reading_days",
    "clipping_days",
    "reflection_weeks",
    "essay_dekads",
    "books_finished",
    "reading_rate",
    "clipping_rate",
    "reflection_rate",
    "essay_rate",
    "book_rate",
    "score",
    "dept_rank",
]


def test_columns_are_exactly_those_of_the_contract(office: Office) -> None:
    report = monthly_report(office.store, "2026-03", today=date(2026, 4, 10))
    assert list(report.columns) == REPORT_COLUMNS


def test_usernames_keep_their_leading_zeros(office: Office) -> None:
    report = monthly_report(office.store, "2026-03", today=date(2026, 4, 10))
    assert "00123" in set(report["username"])
    assert "00124" in set(report["username"])
    assert all(isinstance(u, str) for u in report["username"])
    row = report.set_index("username").loc["00123"]
    assert (row["month"], row["name"], row["department"]) == ("2026-03", "张三", "综合科")


def test_report_reflects_check_ins(office: Office, settings: Settings) -> None:
    # 00123 logs 30 minutes on the three editable days ending Wednesday 18 March 2026.
    for day in (date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18)):
        reading.log_reading(
            office.store,
            settings,
            office.staff_id,
            reading.ReadingInput(day=day, minutes=30, book_id=office.book_id),
            today=day,
        )
    report = monthly_report(office.store, "2026-03", today=date(2026, 4, 10))
    row = report.set_index("username").loc["00123"]
    # Ended month: 3 of 22 working days, nothing else. 20 × 3/22 = 2.727 → 2.7.
    assert row["reading_days"] == 3
    assert math.isclose(row["reading_rate"], 3 / 22, abs_tol=1e-4)
    assert row["score"] == 2.7


def test_office_overrides_change_the_counted_days(office: Office, settings: Settings) -> None:
    store = office.store
    reading.log_reading(
        store,
        settings,
        office.staff_id,
        reading.ReadingInput(day=date(2026, 3, 2), minutes=30, title="调研报告写作"),
        today=date(2026, 3, 2),
    )
    # Two March weekdays become days off: 20 counted days, so one reading day is 1/20 and the
    # score is 20 × 1/20 = 1.0.
    store.calendar.set_override(date(2026, 3, 30), False, "")
    store.calendar.set_override(date(2026, 3, 31), False, "")
    row = monthly_report(store, "2026-03", today=date(2026, 4, 10)).set_index("username")
    assert row.loc["00123", "reading_rate"] == 0.05
    assert row.loc["00123", "score"] == 1.0


def test_a_new_scheme_version_applies_from_its_date_only(office: Office) -> None:
    store = office.store
    # Version 2 from April 2026 weighs only the book.
    definition = {
        "name": "reading-competition",
        "version": 2,
        "valid_from": "2026-04-01",
        "weights": {"book_rate": 1.0},
    }
    store.schemes.insert_if_missing(
        "reading-competition", 2, date(2026, 4, 1), json.dumps(definition)
    )
    for day in (date(2026, 3, 20), date(2026, 4, 20)):
        store.transaction(
            lambda cur, d=day: store.records.insert(
                cur, office.staff_id, d, {"kind": "book_finished", "title": f"书{d}", "text": "好"}
            )
        )
    march = monthly_report(store, "2026-03", today=date(2026, 5, 10)).set_index("username")
    april = monthly_report(store, "2026-04", today=date(2026, 5, 10)).set_index("username")
    assert march.loc["00123", "score"] == 20.0  # version 1: 0.2 × book rate 1
    assert april.loc["00123", "score"] == 100.0  # version 2: 1.0 × book rate 1


def test_an_office_without_staff_gets_an_empty_report(fresh_store: Store) -> None:
    report = monthly_report(fresh_store, "2026-03", today=date(2026, 4, 10))
    assert report.empty
    assert list(report.columns) == REPORT_COLUMNS


def test_the_notebook_gives_the_same_report(office: Office) -> None:
    hub = learnhub.open(office.store.db.path)
    frame = hub.monthly_report("2026-03", today=date(2026, 4, 10))
    assert list(frame.columns) == REPORT_COLUMNS
    assert frame.equals(monthly_report(office.store, "2026-03", today=date(2026, 4, 10)))
