"""The notebook API: `hub = learnhub.open()` and DataFrames of the same data the pages show.

While the web app serves, it alone may open the database (FACTS.md), so `open()` reads the
snapshot the app keeps fresh beside it (learnhub.snapshot) and says how old it is. With the app
stopped and no snapshot, it opens the database itself. Nothing here writes: a snapshot is opened
read-only, and every method only reads.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from learnhub.assessment import AnnualReport, annual_report
from learnhub.attendance import MonthReport, office_now
from learnhub.attendance import month_report as attendance_month_report
from learnhub.compliance import Evaluation
from learnhub.i18n import translate
from learnhub.leaderboards import Board, board
from learnhub.periods import Period, month_of, parse_month, today_in
from learnhub.quiz_results import QuizResults
from learnhub.quiz_results import quiz_results as quiz_results_of
from learnhub.reports import monthly_report
from learnhub.schemes import DEFAULT_SCHEME_NAME
from learnhub.settings import load_settings
from learnhub.snapshot import SnapshotInfo, age_text, open_snapshot, read_info, snapshot_path
from learnhub.standings import evaluate_span
from learnhub.store import DatabaseLockedError, Store, open_store

__all__ = ["Hub", "NothingToOpenError", "open"]


class NothingToOpenError(RuntimeError):
    """Neither a snapshot nor the database itself can be opened."""


def _month(month: str | Period) -> Period:
    return month if isinstance(month, Period) else parse_month(month)


def _day(day: str | date) -> date:
    if isinstance(day, date):
        return day
    text = day.strip()
    return parse_month(text).start if len(text) == 7 else date.fromisoformat(text)


class Hub:
    """Read access to a LearnHub database (or its snapshot) for analysis."""

    def __init__(
        self, store: Store, *, snapshot: SnapshotInfo | None = None, lang: str = "zh"
    ) -> None:
        self.store = store
        self.snapshot = snapshot
        self.lang = lang
        self.timezone = load_settings().timezone

    # -- what is open ------------------------------------------------------------------------
    @property
    def taken_at(self) -> datetime | None:
        """When the snapshot was taken, in the office's time zone (None: the live database)."""
        if self.snapshot is None:
            return None
        from zoneinfo import ZoneInfo

        return self.snapshot.taken_at.astimezone(ZoneInfo(self.timezone))

    @property
    def snapshot_age(self) -> timedelta | None:
        """How old the snapshot is now (None: the live database)."""
        return None if self.snapshot is None else self.snapshot.age()

    def describe(self) -> str:
        """One line: what is open and, for a snapshot, when it was taken and how long ago."""
        if self.snapshot is None or self.taken_at is None:
            return translate("data_snapshot.notice_live", self.lang, path=self.store.db.path)
        age = self.snapshot.age()
        return translate(
            "data_snapshot.notice_snapshot",
            self.lang,
            path=str(self.snapshot.path),
            taken_at=self.taken_at.strftime("%Y-%m-%d %H:%M"),
            age=age_text(age, self.lang),
        )

    def __repr__(self) -> str:
        return f"<learnhub.Hub {self.describe()}>"

    def close(self) -> None:
        self.store.db.close()

    def today(self) -> date:
        """The office's today (what the pages call today)."""
        return today_in(self.timezone)

    # -- the pages' DataFrames ---------------------------------------------------------------
    def monthly_report(self, month: str, *, today: date | None = None) -> pd.DataFrame:
        """One row per active staff member with the columns of `learnhub report monthly`."""
        return monthly_report(self.store, month, today=today)

    def annual_report(self, year: int, *, today: date | None = None) -> AnnualReport:
        """The annual assessment (年度考核) of `year` as of `today` (default: the office's
        today): `.people`, `.departments`, `.candidates`, `.sections`."""
        return annual_report(self.store, year, today=today or self.today())

    def _judged(self, month: str | Period, scheme_name: str, today: date | None) -> Evaluation:
        return evaluate_span(self.store, _month(month), today=today or self.today(),
                             scheme_name=scheme_name)  # fmt: skip

    def compliance(
        self,
        month: str | Period,
        *,
        scheme_name: str = DEFAULT_SCHEME_NAME,
        today: date | None = None,
    ) -> pd.DataFrame:
        """The 达标情况 page's people table: score, ranks, each quota's rate, quotas kept."""
        return self._judged(month, scheme_name, today).table()

    def compliance_departments(
        self,
        month: str | Period,
        *,
        scheme_name: str = DEFAULT_SCHEME_NAME,
        today: date | None = None,
    ) -> pd.DataFrame:
        """The 达标情况 page's departments table (per head, with each quota's share)."""
        return self._judged(month, scheme_name, today).departments()

    def leaderboard(
        self,
        kind: str,
        day: str | date,
        *,
        scheme_name: str = DEFAULT_SCHEME_NAME,
        today: date | None = None,
    ) -> Board:
        """The 排行榜 of the `kind` span (week, month, quarter, year) holding `day`
        (`YYYY-MM-DD`, `YYYY-MM` or a date): `.people` and `.departments` DataFrames."""
        return board(self.store, kind, _day(day), today=today or self.today(),
                     scheme_name=scheme_name)  # fmt: skip

    def attendance(self, month: str | Period, *, now: datetime | None = None) -> MonthReport:
        """The 考勤统计 page's month: `.sessions`, `.people`, `.departments` DataFrames."""
        return attendance_month_report(self.store, _month(month), now or office_now(self.timezone))

    def quiz_results(self, quiz_id: int) -> QuizResults:
        """A quiz's results: `.people`, `.departments`, `.questions` and `.summary`."""
        return quiz_results_of(self.store, quiz_id)

    def quizzes(self) -> pd.DataFrame:
        """Every quiz with its id (for quiz_results)."""
        return self.sql("SELECT id, title FROM quizzes ORDER BY id")

    def sql(self, query: str, params: Any = ()) -> pd.DataFrame:
        return self.store.db.frame(query, params)

    def people(self) -> pd.DataFrame:
        return self.store.people.people(include_inactive=True)

    def score_trend(
        self, months: int = 6, *, until: str | Period | None = None, today: date | None = None
    ) -> pd.DataFrame:
        """Each department's average score per month over the `months` months up to `until`
        (default: last month): month, department, people, average_score."""
        today = today or self.today()
        last = _month(until) if until is not None else month_of(today.replace(day=1) - timedelta(1))
        spans, day = [], last.start
        for _ in range(months):
            spans.append(month_of(day))
            day = spans[-1].start - timedelta(days=1)
        frames = []
        for span in reversed(spans):
            departments = evaluate_span(self.store, span, today=today).departments()
            frames.append(departments[["department", "people", "average_score"]]
                          .assign(month=span.label))  # fmt: skip
        if not frames:
            return pd.DataFrame(columns=["month", "department", "people", "average_score"])
        trend = pd.concat(frames, ignore_index=True)
        return trend[["month", "department", "people", "average_score"]]

    # -- charts ------------------------------------------------------------------------------
    def _labels(self, *names: str) -> dict[str, str]:
        return {n: translate(f"data_snapshot.chart.{n}", self.lang) for n in names}

    def reading_chart(self, month: str) -> Any:
        """Altair bar chart of each department's average score for `month`."""
        from learnhub.charts import department_scores

        return department_scores(self.monthly_report(month))

    def department_chart(self, month: str | Period, *, today: date | None = None) -> Any:
        """Altair bars: each department's average scheme score in `month`, best first."""
        from learnhub.charts_competition import department_average_scores

        departments = self.compliance_departments(month, today=today)
        return department_average_scores(departments, labels=self._labels("department", "score"))

    def trend_chart(
        self, months: int = 6, *, until: str | Period | None = None, today: date | None = None
    ) -> Any:
        """Altair lines: each department's average score month by month (the chart of
        月度小结's trend)."""
        from learnhub.charts_summary import score_trend

        trend = self.score_trend(months, until=until, today=today)
        labels = self._labels("month", "score", "office")
        return score_trend(trend, labels={**labels, "series": self._labels("department")[
            "department"]})  # fmt: skip

    def compliance_heatmap(self, month: str | Period, *, today: date | None = None) -> Any:
        """Altair heatmap: departments × quotas, the share of people keeping each quota."""
        from learnhub.charts_notebook import compliance_heatmap

        departments = self.compliance_departments(month, today=today)
        return compliance_heatmap(departments,
                                  labels=self._labels("department", "quota", "share"))  # fmt: skip


def _open_snapshot(path: Path, lang: str) -> Hub:
    db = open_snapshot(path)
    try:
        info = read_info(db, path)
    except BaseException:
        db.close()
        raise
    return Hub(Store(db), snapshot=info, lang=lang)


def open(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    lang: str = "zh",
    quiet: bool = False,
) -> Hub:
    """Open LearnHub's data for analysis.

    With `path`: that database file (the app must be stopped, or it must be a snapshot file,
    which is opened read-only). Without: the snapshot beside the configured database
    ($LEARNHUB_DB, else data/learnhub.duckdb) if there is one, which works while the app is
    serving; else the database itself when the app is stopped. Prints one line saying what was
    opened and how old it is (not with `quiet`)."""
    if path is not None:
        target = Path(path)
        if target.is_file() and target.name.endswith(".snapshot.duckdb"):
            hub = _open_snapshot(target, lang)
        else:
            hub = Hub(open_store(target, read_only=read_only), lang=lang)
    else:
        db_path = load_settings().db_path
        snap = snapshot_path(db_path)
        if snap.is_file():
            hub = _open_snapshot(snap, lang)
        elif db_path.is_file():
            try:
                hub = Hub(open_store(db_path, read_only=read_only), lang=lang)
            except DatabaseLockedError:
                raise NothingToOpenError(
                    translate("data_snapshot.nothing_locked", lang, path=str(db_path))
                ) from None
        else:
            raise NothingToOpenError(
                translate("data_snapshot.nothing_missing", lang, path=str(db_path))
            )
    if not quiet:
        print(hub.describe())
    return hub
