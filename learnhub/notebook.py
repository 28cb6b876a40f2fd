"""The notebook API: `hub = learnhub.open()` and DataFrames of the same data the pages show."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from learnhub.reports import monthly_report
from learnhub.settings import load_settings
from learnhub.store import Store, open_store

__all__ = ["Hub", "open"]


class Hub:
    """Read access to a LearnHub database for analysis."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def monthly_report(self, month: str, *, today: date | None = None) -> pd.DataFrame:
        """One row per active staff member with the columns of `learnhub report monthly`."""
        return monthly_report(self.store, month, today=today)

    def sql(self, query: str, params: Any = ()) -> pd.DataFrame:
        return self.store.db.frame(query, params)

    def people(self) -> pd.DataFrame:
        return self.store.people.people(include_inactive=True)

    def reading_chart(self, month: str) -> Any:
        """Altair bar chart of each department's average score for `month`."""
        from learnhub.charts import department_scores

        return department_scores(self.monthly_report(month))


def open(path: str | Path | None = None, *, read_only: bool = False) -> Hub:
    """Open the database at `path` (default: $LEARNHUB_DB, else data/learnhub.duckdb)."""
    db_path = Path(path) if path is not None else load_settings().db_path
    return Hub(open_store(db_path, read_only=read_only))
