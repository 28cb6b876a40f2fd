"""The points ledger: per-full-unit floors and daily caps, the version of the day's month, work
that does not count, totals agreeing with the ledger for everyone, and the words for a line."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta

from conftest import Office

from learnhub.points import LEDGER_COLUMNS, award, explain, ledger, totals
from learnhub.schemes import DEFAULT_SCHEME_NAME, PointRule, default_scheme
from learnhub.store import Store

CLIPS = PointRule("clipping", 1, 1, 3)
READING = PointRule("reading", 1, 30, None)
ESSAY = PointRule("essay", 5)
MARCH_1 = date(2026, 3, 1)


def with_points(store: Store) -> None:
    """Version 2 from March 2026 prices clippings, reading and essays; version 1 prices nothing."""
    scheme = replace(
        default_scheme(), version=2, valid_from=MARCH_1, points=(CLIPS, READING, ESSAY)
    )
    assert store.schemes.insert_if_missing(DEFAULT_SCHEME_NAME, 2, MARCH_1, scheme.to_json())


def record(office: Office, person: int, day: date, kind: str, status: str = "submitted",
           **values: object) -> None:  # fmt: skip
    store = office.store
    store.transaction(
        lambda cur: store.records.insert(
            cur, person, day, {"kind": kind, "status": status, "title": "书", "text": "…", **values}
        )
    )


def test_award_counts_full_units_only_and_stops_at_the_cap() -> None:
    assert award(4, CLIPS) == (4.0, 3.0, True)
    assert award(3, CLIPS) == (3.0, 3.0, False)
    assert award(65, READING) == (2.0, 2.0, False)
    assert award(29, READING) == (0.0, 0.0, False)
    assert award(600, READING) == (20.0, 20.0, False)  # no cap
    # 0.1 + 0.2 credit hours are three tenths, not 2.999… of them.
    assert award(0.1 + 0.2, PointRule("credit_hours", 2, 0.1, 5)) == (6.0, 5.0, True)


def test_a_day_is_priced_by_the_version_of_its_month(office: Office) -> None:
    with_points(office.store)
    me = office.staff_id
    # February: version 1 has no rules, nothing is earned.
    for _ in range(2):
        record(office, me, date(2026, 2, 27), "clipping")
    record(office, me, date(2026, 2, 27), "reading", minutes=90)
    # 3 March: four clippings (capped at 3), 40 + 25 = 65 minutes (2 points), a reflection
    # (no rule: no line). 4 March: one clipping.
    for _ in range(4):
        record(office, me, date(2026, 3, 3), "clipping")
    record(office, me, date(2026, 3, 3), "reading", minutes=40)
    record(office, me, date(2026, 3, 3), "reading", minutes=25)
    record(office, me, date(2026, 3, 3), "reflection")
    record(office, me, date(2026, 3, 4), "clipping")
    lines = ledger(office.store, me, date(2026, 2, 1), date(2026, 3, 31))
    assert list(lines.columns) == LEDGER_COLUMNS
    got = list(zip(lines["day"], lines["activity"], lines["amount"], lines["earned"],
                   lines["awarded"], lines["capped"], strict=True))  # fmt: skip
    assert got == [
        (date(2026, 3, 3), "reading", 65, 2, 2, False),
        (date(2026, 3, 3), "clipping", 4, 4, 3, True),
        (date(2026, 3, 4), "clipping", 1, 1, 1, False),
    ]
    assert math.isnan(lines["daily_cap"].iloc[0]) and lines["daily_cap"].iloc[1] == 3
    assert explain(lines.iloc[1].to_dict()) == (
        "3月3日 摘抄 4 条：+3 分（每条 1 分，每日上限 3 分，已达上限）"
    )
    assert explain(lines.iloc[0].to_dict()) == "3月3日 阅读 65 分钟：+2 分（每 30 分钟 1 分）"
    assert explain(lines.iloc[2].to_dict(), "en") == (
        "3/4 Clipping (1 clipping): +1 point (1 point per clipping, at most 3 points a day)"
    )
    assert totals(office.store, date(2026, 2, 1), date(2026, 3, 31)).to_dict() == {me: 6.0}
    assert totals(office.store, date(2026, 2, 1), date(2026, 2, 28)).empty


def test_returned_or_rejected_writing_earns_nothing(office: Office) -> None:
    with_points(office.store)
    me = office.staff_id
    record(office, me, date(2026, 3, 5), "essay", "returned")
    record(office, me, date(2026, 3, 6), "essay", "rejected")
    record(office, me, date(2026, 3, 6), "clipping", "returned")
    record(office, me, date(2026, 3, 9), "essay", "reviewed")
    lines = ledger(office.store, me, date(2026, 3, 1), date(2026, 3, 31))
    assert list(zip(lines["day"], lines["activity"], lines["awarded"], strict=True)) == [
        (date(2026, 3, 9), "essay", 5.0)
    ]


def test_nothing_earned_is_an_empty_ledger_with_its_columns(office: Office) -> None:
    with_points(office.store)
    lines = ledger(office.store, office.other_staff_id, date(2026, 3, 1), date(2026, 3, 31))
    assert lines.empty and list(lines.columns) == LEDGER_COLUMNS
    assert totals(office.store, date(2026, 3, 1), date(2026, 3, 31)).empty


def test_totals_are_the_sum_of_every_persons_ledger(office: Office) -> None:
    with_points(office.store)
    everyone = [office.staff_id, office.other_staff_id, office.trainer_id, office.office_id]
    pick = random.Random(20260301)
    kinds = ["clipping", "reading", "essay", "reflection"]
    for _ in range(120):
        day = date(2026, 2, 15) + timedelta(days=pick.randrange(70))
        kind = pick.choice(kinds)
        status = pick.choice(["submitted", "submitted", "reviewed", "returned"])
        minutes = pick.randrange(5, 130) if kind == "reading" else None
        record(office, pick.choice(everyone), day, kind, status, minutes=minutes)
    first, last = date(2026, 2, 20), date(2026, 4, 10)
    # An activity frame fetched for a longer stretch is cut to the days asked for.
    wider = office.store.competition.activity(date(2026, 1, 1), date(2026, 12, 31))
    for points in (totals(office.store, first, last),
                   totals(office.store, first, last, activity=wider)):  # fmt: skip
        assert points.sum() > 0
        for person in everyone:
            expected = ledger(office.store, person, first, last)["awarded"].sum()
            assert points.get(person, 0.0) == expected, person
    assert totals(office.store, first, last).index.dtype == "int64"
