"""The monthly report (DESIGN.md §6): one row per active staff member, zeros included."""

from __future__ import annotations

from datetime import date

import pandas as pd

from learnhub.periods import parse_month, today_in
from learnhub.schemes import scheme_on
from learnhub.scoring import MONTHLY_COLUMNS, month_calendar, score_month
from learnhub.settings import load_settings
from learnhub.standings import evaluate_span, staff_frame
from learnhub.store import Store
from learnhub.workdays import office_calendar

__all__ = ["monthly_report", "staff_frame"]


def monthly_report(store: Store, month: str, *, today: date | None = None) -> pd.DataFrame:
    """Every §4 metric for `month` (`YYYY-MM`) as seen on `today` (default: the office's today)."""
    period = parse_month(month)
    today = today or today_in(load_settings().timezone)
    scheme = scheme_on(store, period.start)
    cal = month_calendar(period, office_calendar(store), scheme, today)
    start, end = cal.span
    daily = store.records.daily_totals(start, end)
    report = score_month(daily, staff_frame(store), cal, scheme)
    # The §4 counts and rates are as DESIGN.md defines them; the score and rank follow the
    # scheme version in force with the office's exemptions (for version 1 without exemptions the
    # two agree exactly: tests/test_compliance.py).
    judged = evaluate_span(store, period, today=today).table().set_index("username")
    report["score"] = report["username"].map(judged["score"]).astype("float64")
    report["dept_rank"] = report["username"].map(judged["dept_rank"]).astype("Int64")
    return report[list(MONTHLY_COLUMNS)]
