"""Competition figures for `make bench` (issue 6): last month's compliance grid for everyone, the
leaderboards, and publishing a month."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
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

    def after_a_write() -> float:
        # Judged results are reused until the next write (Database.remember): a check-in
        # somewhere in the office makes the page judge everyone again, which is what is timed.
        office.store.settings.set("bench.touched", str(time.perf_counter()))
        return timed(grid)

    grid()  # warm: the first query plans and loads the calendar
    judged = evaluate_span(office.store, month, today=office.today)
    cells = sum(q.status.size for q in judged.quotas)
    median, p95 = median_p95([after_a_write() for _ in range(runs)])
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
    """Each board judged afresh after a write (what the first viewer after a check-in waits
    for), and shown again with nothing written in between (every other viewer)."""
    from benchmarks.bench import Figure, ms, timed

    def show(kind: str, day: date) -> None:
        leaderboards.board(office.store, kind, day, today=office.today)

    def after_a_write(kind: str, day: date) -> float:
        office.store.settings.set("bench.touched", str(time.perf_counter()))
        return timed(lambda: show(kind, day))

    figures = []
    last_month = office.today.replace(day=1) - timedelta(days=1)
    published = len(publications.published_months(office.store))
    for kind, day in (("week", office.today - timedelta(days=7)), ("month", last_month),
                      ("month", office.today), ("quarter", office.today),
                      ("year", office.today)):  # fmt: skip
        show(kind, day)
        median = float(np.median([after_a_write(kind, day) for _ in range(runs)]))
        again = float(np.median([timed(lambda k=kind, d=day: show(k, d)) for _ in range(runs)]))
        span = leaderboards.span_of(kind, day).label
        figures.append(
            Figure(
                f"{kind} leaderboard {span}, people and departments, judged after a write "
                f"/ shown again (median of {runs}; {published} months published)",
                f"{ms(median)} / {ms(again)}",
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
    versions: list[int] = []

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
