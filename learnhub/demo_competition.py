"""The demo office's competition: points on top of the default scheme from this month on, and
every month of the demo before this one published, as an office that publishes monthly would have
them, so the leaderboards, 我的学习's points and 月度公示 have something to show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from learnhub import publications, scheme_versions
from learnhub.periods import month_of
from learnhub.schemes import DEFAULT_SCHEME_NAME, PointRule, scheme_on
from learnhub.store import Store

__all__ = ["DEMO_POINTS", "add_demo_competition"]

OFFICE_ROLES = frozenset({"office"})
# Written work weighs more than clicks (DESIGN.md §2), and every cheap activity has a daily cap.
DEMO_POINTS = (
    PointRule("reading", 1, 30, 2),
    PointRule("clipping", 1, 1, 3),
    PointRule("reflection", 3, 1, 3),
    PointRule("essay", 5, 1, 5),
    PointRule("book", 5, 1, 5),
    PointRule("research_report", 8, 1, 8),
    PointRule("suggestion", 2, 1, 4),
    PointRule("study_day", 2, 1, 4),
    PointRule("quiz", 2, 1, 4),
)


def add_demo_competition(store: Store, today: date, first_day: date) -> None:
    """`first_day`: the demo's first day of records; every month since, before this one, is
    published."""
    office = store.people.person_by_username("office")
    actor = int(office["id"]) if office else 0
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    this_month = month_of(today)
    current = scheme_on(store, this_month.start)
    scheme_versions.save_version(
        store, replace(current, valid_from=this_month.start, points=DEMO_POINTS),
        reason="演示：在原有指标之外加上积分，每项设每日上限", actor_roles=OFFICE_ROLES,
        today=today, now=now,
    )  # fmt: skip
    month = month_of(this_month.start - timedelta(days=1))
    while month.end >= first_day:
        publications.publish(
            store, month, actor_id=actor, actor_roles=OFFICE_ROLES, today=today, now=now,
            scheme_name=DEFAULT_SCHEME_NAME,
        )  # fmt: skip
        month = month_of(month.start - timedelta(days=1))
