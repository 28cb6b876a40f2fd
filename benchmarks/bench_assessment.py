"""Annual assessment figures for `make bench` (issue 7): the year's report for everyone — the year
board, credit hours, reviewed writing and quizzes, composites, grades, sections per head and
candidates — judged afresh after a write, and the workbook for the assessment file."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from learnhub import assessment
from learnhub.assessment_export import assessment_xlsx

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office


def bench_assessment(office: Office, runs: int = 3) -> list[Figure]:
    from benchmarks.bench import Figure, timed

    year = office.today.year

    def report() -> assessment.AnnualReport:
        return assessment.annual_report(office.store, year, today=office.today)

    def after_a_write() -> float:
        # The report is reused until the next write (Database.remember): time it judged afresh.
        office.store.settings.set("bench.touched", str(time.perf_counter()))
        return timed(report)

    report()  # warm: the first query plans and loads the calendar
    median = float(np.median([after_a_write() for _ in range(runs)]))
    done = report()
    found = assessment.corrections(office.store, year)
    export = float(np.median([timed(lambda: assessment_xlsx(done, found)) for _ in range(runs)]))
    return [
        Figure(
            f"annual report {year}: {len(done.people):,} people, {len(done.departments):,} "
            f"sections, judged after a write (median of {runs})",
            f"{median:.2f} s",
            "≤ 2 s",
            median <= 2.0,
        ),
        Figure(
            f"annual assessment .xlsx {year}: 4 sheets, {len(done.people):,} people "
            f"(median of {runs})",
            f"{export:.2f} s",
            "≤ 5 s",
            export <= 5.0,
        ),
    ]
