"""The notebook API on a snapshot gives what the pages' functions give on the live database (and
writes nothing: the snapshot is read-only), and its chart helpers build Altair charts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from notebook_support import demo_office

import learnhub
from learnhub import attendance, leaderboards, quiz_results, reports, studydays
from learnhub.notebook import Hub
from learnhub.periods import parse_month
from learnhub.snapshot import refresh_snapshot
from learnhub.standings import evaluate_span
from learnhub.store import Store

TODAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 17, 0)
MONTH = "2026-02"


@dataclass
class Both:
    store: Store  # the live database, open read-write as the app holds it
    hub: Hub  # the notebook's view: the snapshot, read-only


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Both]:
    store = demo_office(tmp_path_factory.mktemp("api") / "learnhub.duckdb", TODAY)
    # The demo's sessions belong to training classes; the 考勤统计 page counts the office's
    # study days: two in February, one marked.
    staff = int(store.db.scalar("SELECT min(id) FROM people WHERE roles LIKE '%staff%'"))
    trainer = int(store.db.scalar("SELECT id FROM people WHERE username = 'trainer'"))
    for day, half in ((date(2026, 2, 5), "am"), (date(2026, 2, 19), "pm")):
        sid = studydays.add_session(store, day=day, half_day=half, category="业务")
        attendance.mark(store, sid, staff, "late", actor_id=trainer, now=NOW)
    info = refresh_snapshot(store, now=datetime.now(UTC))
    hub = learnhub.open(info.path, quiet=True)
    assert hub.snapshot is not None and hub.store.db.read_only
    yield Both(store, hub)
    hub.close()
    store.db.close()


def same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert not right.empty
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def test_monthly_report(both: Both) -> None:
    same(both.hub.monthly_report(MONTH, today=TODAY),
         reports.monthly_report(both.store, MONTH, today=TODAY))  # fmt: skip


def test_compliance(both: Both) -> None:
    judged = evaluate_span(both.store, parse_month(MONTH), today=TODAY)
    same(both.hub.compliance(MONTH, today=TODAY), judged.table())
    same(both.hub.compliance_departments(MONTH, today=TODAY), judged.departments())


@pytest.mark.parametrize(("kind", "day"), [("month", "2026-02"), ("week", "2026-03-09"),
                                           ("quarter", "2026-03-01")])  # fmt: skip
def test_leaderboard(both: Both, kind: str, day: str) -> None:
    mine = both.hub.leaderboard(kind, day, today=TODAY)
    on = date.fromisoformat(day if len(day) > 7 else day + "-01")
    theirs = leaderboards.board(both.store, kind, on, today=TODAY)
    assert mine.span == theirs.span
    same(mine.people, theirs.people)
    same(mine.departments, theirs.departments)


def test_attendance(both: Both) -> None:
    month = parse_month(MONTH)
    mine = both.hub.attendance(MONTH, now=NOW)
    theirs = attendance.month_report(both.store, month, NOW)
    for part in ("sessions", "people", "departments"):
        same(getattr(mine, part), getattr(theirs, part))


def test_quiz_results(both: Both) -> None:
    quizzes = both.hub.quizzes()
    assert len(quizzes) == 2
    for quiz_id in quizzes["id"]:
        mine = both.hub.quiz_results(int(quiz_id))
        theirs = quiz_results.quiz_results(both.store, int(quiz_id))
        same(mine.people, theirs.people)
        pd.testing.assert_frame_equal(mine.departments, theirs.departments)
        pd.testing.assert_frame_equal(mine.questions, theirs.questions)
        assert mine.summary == theirs.summary


def test_annual_report(both: Both) -> None:
    assessment = pytest.importorskip("learnhub.assessment")
    if not hasattr(assessment, "annual_report"):
        pytest.skip("learnhub.assessment has no annual_report yet")
    mine = both.hub.annual_report(2026, today=TODAY)
    theirs = assessment.annual_report(both.store, 2026, today=TODAY)
    for name, value in vars(theirs).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(mine, name), value)


def test_score_trend(both: Both) -> None:
    trend = both.hub.score_trend(3, today=TODAY)
    assert list(trend.columns) == ["month", "department", "people", "average_score"]
    assert sorted(trend["month"].unique()) == ["2025-12", "2026-01", "2026-02"]
    february = trend[trend["month"] == MONTH].drop(columns="month").reset_index(drop=True)
    judged = evaluate_span(both.store, parse_month(MONTH), today=TODAY).departments()
    same(february, judged[["department", "people", "average_score"]])


def test_charts(both: Both) -> None:
    charts = [
        both.hub.department_chart(MONTH, today=TODAY),
        both.hub.trend_chart(3, today=TODAY),
        both.hub.compliance_heatmap(MONTH, today=TODAY),
        both.hub.reading_chart(MONTH),
    ]
    for chart in charts:
        assert isinstance(chart, alt.Chart)
        spec = chart.to_dict()
        assert spec["data"] or spec.get("datasets")
    heat = charts[2].to_dict()
    assert heat["encoding"]["y"]["title"] == "科室"


def test_a_path_to_the_database_itself_still_opens_it(tmp_path: Path) -> None:
    """`open(path)` as before, for a stopped app (tests/test_reports.py relies on it)."""
    hub = learnhub.open(tmp_path / "fresh.duckdb", quiet=True)
    try:
        assert hub.snapshot is None and hub.snapshot_age is None and hub.taken_at is None
        assert "fresh.duckdb" in hub.describe()
        assert hub.sql("SELECT 1 AS x")["x"].tolist() == [1]
    finally:
        hub.close()
