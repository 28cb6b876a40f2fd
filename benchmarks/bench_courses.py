"""Course and study-day figures for `make bench`: catalogue search over 2,000 lessons and a
month's attendance report for the whole office."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from learnhub import attendance, course_admin, studydays
from learnhub.content import check_content
from learnhub.courses import search_lessons
from learnhub.periods import month_of
from learnhub.workdays import office_calendar

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office

OFFICE_ROLES = frozenset({"office"})


def bench_search(office: Office, lessons: int = 2000) -> list[Figure]:
    from benchmarks.bench import Figure, median_p95, ms, timed

    store = office.store
    courses, _ = check_content()
    bodies = [lesson.body for course in courses for lesson in course.lessons]
    rng = random.Random(4)
    owner = office.staff[0]
    for c in range(lessons // 100):
        course_id = course_admin.create_course(store, owner, f"专题课程 {c + 1}", "综合")
        for n in range(100):
            course_admin.add_lesson(
                store, course_id, owner, OFFICE_ROLES,
                title=f"第 {n + 1} 课", credit_hours=1, body=rng.choice(bodies),
            )  # fmt: skip
        course_admin.set_course_published(store, course_id, owner, OFFICE_ROLES, True)
    queries = ["调查研究", "请示 批复", "民主集中制", "保密", "党章 义务", "不存在的词"]
    samples = [timed(lambda q=q: search_lessons(store, q)) for q in queries * 5]
    median, p95 = median_p95(samples)
    return [
        Figure(
            f"catalogue search, {lessons:,} lessons (median / p95 of {len(samples)})",
            f"{ms(median)} / {ms(p95)}",
            "≤ 100 ms",
            p95 <= 0.1,
        )
    ]


def bench_attendance_report(office: Office, runs: int = 5) -> list[Figure]:
    """Last month's study days with every staff member marked, then the office's report."""
    from benchmarks.bench import Figure, ms, timed

    store = office.store
    month = month_of(office.today.replace(day=1) - timedelta(days=1))
    studydays.generate_month(store, month, office_calendar(store))
    sessions = studydays.month_sessions(store, month)
    held = sessions[sessions["status"] == "scheduled"]["id"].astype(int).tolist()
    rng = np.random.default_rng(5)
    people = np.array(office.staff)
    frames = []
    for session_id in held:
        status = rng.choice(["present", "late", "leave", "absent"], len(people),
                            p=[0.85, 0.05, 0.06, 0.04])  # fmt: skip
        frames.append(pd.DataFrame({"session_id": session_id, "person_id": people,
                                    "status": status, "method": "trainer"}))  # fmt: skip
    marks = pd.concat(frames, ignore_index=True)

    def load(cur: object) -> None:
        cur.register("bench_marks", marks)  # type: ignore[attr-defined]
        cur.execute(  # type: ignore[attr-defined]
            "INSERT INTO attendance (session_id, person_id, status, method) "
            "SELECT session_id, person_id, status, method FROM bench_marks"
        )

    store.db.transaction(load)
    now = datetime.combine(office.today, datetime.min.time())
    samples = [timed(lambda: attendance.month_report(store, month, now)) for _ in range(runs)]
    median = float(np.median(samples))
    return [
        Figure(
            f"attendance report {month.label}: {len(held)} sessions × {len(people):,} staff "
            f"(median / max of {runs})",
            f"{ms(median)} / {ms(max(samples))}",
            "≤ 300 ms",
            median <= 0.3,
        )
    ]
