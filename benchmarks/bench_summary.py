"""Monthly-summary figures for `make bench` (issue 7): the page's data for last month (every
person's figures, the departments, the 12-month trend) after a write and shown again, and the
.xlsx export of the whole office."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING

from learnhub import notice, summary, summary_exports
from learnhub.periods import month_of

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office


def bench_summary(office: Office, runs: int = 5) -> list[Figure]:
    from benchmarks.bench import Figure, median_p95, ms, timed

    month = month_of(office.today.replace(day=1) - timedelta(days=1))
    store, today = office.store, office.today

    def page_data() -> None:
        figures = summary.month_summary(store, month, today=today)
        summary.trend(store, month, today=today, current=figures)
        summary.highlights(figures, names=summary.show_names(store))

    def after_a_write() -> float:
        # Everything is reused until the next write: a record anywhere in the office makes the
        # page compute it again, which is what is timed.
        store.settings.set("bench.touched", str(time.perf_counter()))
        return timed(page_data)

    page_data()  # warm: the first query plans and loads the calendar
    median, p95 = median_p95([after_a_write() for _ in range(runs)])
    again = median_p95([timed(page_data) for _ in range(runs)])[0]
    figures = summary.month_summary(store, month, today=today)
    trend = summary.trend(store, month, today=today, current=figures)
    text = notice.draft(store, figures, trend, summary.highlights(figures, names=True))
    seconds = [timed(lambda: summary_exports.summary_xlsx(figures, trend, text)) for _ in range(3)]
    xlsx = float(sorted(seconds)[1])
    people = len(figures.people)
    return [
        Figure(
            f"monthly summary {month.label}: {people:,} people, departments and the 12-month "
            f"trend, after a write (median / p95 of {runs}); shown again {ms(again)}",
            f"{ms(median)} / {ms(p95)}",
            "≤ 700 ms",
            p95 <= 0.7,
        ),
        Figure(
            f"monthly summary {month.label} as .xlsx: 4 sheets, {people:,} people (median of 3)",
            f"{xlsx:.2f} s",
            "≤ 5 s",
            xlsx <= 5.0,
        ),
    ]
