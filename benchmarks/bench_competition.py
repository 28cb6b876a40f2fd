"""Competition figures for `make bench` (issue 6): last month's compliance grid for everyone, the
leaderboards, and publishing a month."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from learnhub import leaderboards, publications
from learnhub.periods import month_of
from learnhub.standings import evaluate_span

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office

OFFICE_ROLES = frozenset({"office"})


def bench_compliance(office: Office, runs: int = 5) -> list[Figure]:
    from benchmarks.bench import Figure, median_p95, ms, timed

    month = month_of(office.today.replace(day=1) - timedelta(days=1))

    def grid() -> None:
        judged = evaluate_span(office.store, month, today=office.today)
        judged.table()
        judged.departments()

    grid()  # warm: the first query plans and loads the calendar
    judged = evaluate_span(office.store, month, today=office.today)
    cells = sum(q.status.size for q in judged.quotas)
    median, p95 = median_p95([timed(grid) for _ in range(runs)])
    return [
        Figure(
            f"compliance grid {month.label}: {len(judged.people):,} people, {cells:,} cells, "
            f"person and department tables (median / p95 of {runs})",
            f"{ms(median)} / {ms(p95)}",
            "≤ 500 ms",
            p95 <= 0.5,
        )
    ]


def bench_boards(office: Office, runs: int = 3) -> list[Figure]:
    from benchmarks.bench import Figure, ms, timed

    figures = []
    last_month = office.today.replace(day=1) - timedelta(days=1)
    for kind, day in (("week", office.today - timedelta(days=7)), ("month", last_month),
                      ("quarter", last_month), ("year", last_month)):  # fmt: skip
        leaderboards.board(office.store, kind, day, today=office.today)
        samples = [
            timed(lambda k=kind, d=day: leaderboards.board(office.store, k, d, today=office.today))
            for _ in range(runs)
        ]
        median = float(np.median(samples))
        figures.append(
            Figure(
                f"{kind} leaderboard, people and departments (median of {runs})",
                ms(median),
                "≤ 200 ms",
                median <= 0.2,
            )
        )
    return figures


def bench_publish(office: Office) -> list[Figure]:
    from benchmarks.bench import Figure, timed

    month = month_of(office.today.replace(day=1) - timedelta(days=1))
    actor = office.staff[0]
    now = datetime.combine(office.today, datetime.min.time())
    versions = []

    def publish() -> None:
        reason = f"基准测试第 {len(versions) + 1} 次"
        versions.append(
            publications.publish(
                office.store,
                month,
                reason=reason,
                actor_id=actor,
                actor_roles=OFFICE_ROLES,
                today=office.today,
                now=now,
            )
        )

    seconds = [timed(publish) for _ in range(3)]
    rows = len(publications.latest(office.store, month).people)  # type: ignore[union-attr]
    return [
        Figure(
            f"publish {month.label}: {rows:,} people frozen (median of 3)",
            f"{float(np.median(seconds)):.2f} s",
            "≤ 2 s",
            float(np.median(seconds)) <= 2.0,
        )
    ]
