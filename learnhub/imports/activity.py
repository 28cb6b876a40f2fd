"""Activity import: past learning records from an office's ledger, all or nothing.

Validation is column-wise with pandas, so a ledger of 100k rows is checked in well under a
second and stored with one bulk insert. Every problem is reported with its spreadsheet row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.imports.tabular import RowError, require_columns
from learnhub.reading import FLAG_PAGES_PER_MINUTE, MAX_ENTRY_MINUTES, MAX_TITLE
from learnhub.store import Cursor, Store

__all__ = [
    "ACTIVITY_COLUMNS",
    "KINDS",
    "ActivityPreview",
    "apply_activity",
    "preview_activity",
]

ACTIVITY_COLUMNS = ("username", "date", "kind", "title", "minutes", "pages", "text")
REQUIRED_COLUMNS = ("username", "date", "kind")
KINDS = (
    "reading", "clipping", "reflection", "essay", "book_finished", "research_report", "suggestion",
)  # fmt: skip
KIND_ALIASES: dict[str, str] = {kind: kind for kind in KINDS} | {
    "阅读": "reading", "读书": "reading",
    "摘抄": "clipping", "剪贴": "clipping",
    "心得": "reflection",
    "文章": "essay", "征文": "essay",
    "读完": "book_finished", "读完一本书": "book_finished",
    "调研报告": "research_report",
    "建议": "suggestion",
}  # fmt: skip
TEXT_REQUIRED = ("clipping", "reflection", "essay", "research_report", "suggestion")
TITLE_REQUIRED = ("book_finished", "reading")
MAX_PAGES = 5000
MAX_TEXT = 20_000
# Year first is unambiguous; Excel saves date cells to CSV as 2026/3/1 in Chinese locales.
_DATE = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
RECORD_COLUMNS = (
    "person_id", "day", "kind", "title", "minutes", "pages", "text", "source", "status", "origin",
    "flag",
)  # fmt: skip


@dataclass
class ActivityPreview:
    """`records`: row, username and the record columns, ready to store."""

    records: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        counted = self.records["kind"].value_counts()
        return {kind: int(counted.get(kind, 0)) for kind in KINDS if counted.get(kind, 0)}


class _Errors:
    def __init__(self) -> None:
        self.items: list[RowError] = []

    def add(
        self, mask: pd.Series, column: str, key: str, values: pd.Series | None = None,
        **params: Any,
    ) -> None:  # fmt: skip
        rows = mask.index[mask.fillna(False).astype(bool)]
        shown: Iterable[Any] = values.loc[rows] if values is not None else [None] * len(rows)
        for row, value in zip(rows, shown, strict=True):
            extra = {"value": value} if values is not None else {}
            self.items.append(RowError(int(row), column, key, {**params, **extra}))

    def sorted(self) -> list[RowError]:
        order = {c: i for i, c in enumerate(ACTIVITY_COLUMNS)}
        return sorted(self.items, key=lambda e: (e.row, order.get(e.column, len(order))))


def _whole_numbers(
    text: pd.Series, errors: _Errors, column: str, not_whole_key: str
) -> tuple[pd.Series, pd.Series]:
    """(given, number): number is NaN where the cell is blank or not a whole number."""
    given = text != ""
    number = pd.to_numeric(text.where(given), errors="coerce")
    whole = number.notna() & (number == number.round())
    errors.add(given & ~whole, column, not_whole_key, text)
    return given & whole, number.where(given & whole)


def preview_activity(store: Store, frame: pd.DataFrame, today: date) -> ActivityPreview:
    """Check every row of a table from `read_table`; store nothing.

    Raises ValidationError when a required column is missing (a problem of the whole file).
    """
    require_columns(frame, REQUIRED_COLUMNS)
    cells = frame.reindex(columns=list(ACTIVITY_COLUMNS), fill_value="").astype("str")
    errors = _Errors()

    username = cells["username"].str.normalize("NFKC").str.strip()
    people = _person_ids(store, username)
    person_id = username.map(people)
    errors.add(username == "", "username", "imports.username_missing")
    errors.add((username != "") & person_id.isna(), "username", "imports.username_unknown",
               username)  # fmt: skip

    parts = cells["date"].str.extract(_DATE)
    day = pd.to_datetime(
        parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2),
        format="%Y-%m-%d",
        errors="coerce",
    )
    errors.add(day.isna(), "date", "imports.date_invalid", cells["date"])
    errors.add(day > pd.Timestamp(today), "date", "imports.date_future", cells["date"],
               today=today.isoformat())  # fmt: skip

    raw_kind = cells["kind"].str.normalize("NFKC").str.strip()
    kind = raw_kind.str.lower().map(KIND_ALIASES)
    errors.add(raw_kind == "", "kind", "imports.kind_missing")
    errors.add((raw_kind != "") & kind.isna(), "kind", "imports.kind_unknown", raw_kind,
               kinds=", ".join(KINDS))  # fmt: skip
    reading = kind == "reading"

    has_minutes, minutes = _whole_numbers(cells["minutes"], errors, "minutes",
                                          "imports.minutes_not_whole")  # fmt: skip
    errors.add(has_minutes & ((minutes <= 0) | (minutes > MAX_ENTRY_MINUTES)), "minutes",
               "imports.minutes_out_of_range", cells["minutes"], n=MAX_ENTRY_MINUTES)  # fmt: skip
    errors.add(reading & (cells["minutes"] == ""), "minutes", "imports.minutes_missing")

    has_pages, pages = _whole_numbers(cells["pages"], errors, "pages", "imports.pages_not_whole")
    errors.add(has_pages & (pages < 0), "pages", "imports.pages_negative", cells["pages"])
    errors.add(has_pages & (pages > MAX_PAGES), "pages", "imports.pages_too_many",
               cells["pages"], n=MAX_PAGES)  # fmt: skip

    title = cells["title"].str.replace(_CONTROL, "", regex=True).str.strip()
    text = cells["text"].str.replace(_CONTROL, "", regex=True).str.strip()
    errors.add(kind.isin(TITLE_REQUIRED) & (title == ""), "title", "imports.title_missing")
    errors.add(title.str.len() > MAX_TITLE, "title", "imports.title_too_long", n=MAX_TITLE)
    errors.add(kind.isin(TEXT_REQUIRED) & (text == ""), "text", "imports.text_missing")
    errors.add(text.str.len() > MAX_TEXT, "text", "imports.text_too_long", n=MAX_TEXT)

    clipping = kind == "clipping"
    records = pd.DataFrame(
        {
            "row": cells.index.astype("int64"),
            "username": username,
            "person_id": person_id.astype("Int32"),
            "day": day.dt.date,
            "kind": kind,
            # A clipping's "title" in a ledger is where it was clipped from.
            "title": title.where(~clipping & (title != ""), None),
            "minutes": minutes.round().astype("Int32"),
            "pages": pages.round().astype("Int32"),
            "text": text.where(text != "", None),
            "source": title.where(clipping & (title != ""), None),
            "status": "submitted",
            "origin": "import",
            "flag": pd.Series(None, index=cells.index, dtype="object").mask(
                reading & (pages > FLAG_PAGES_PER_MINUTE * minutes), "fast_pace"
            ),
        },
        index=cells.index,
    )
    clean = ~records["row"].isin([e.row for e in errors.items])
    if clean.any():
        repeated = store.bulk.already_stored(_for_store(records[clean], with_row=True))
        errors.add(records["row"].isin(repeated), "", "imports.already_stored")
    return ActivityPreview(records.reset_index(drop=True), errors.sorted())


def _person_ids(store: Store, usernames: pd.Series) -> dict[str, int]:
    wanted = [u for u in usernames.unique().tolist() if u]
    if not wanted:
        return {}
    found = store.people.existing(wanted)
    return {str(u): int(i) for u, i in zip(found["username"], found["id"], strict=True)}


def _for_store(records: pd.DataFrame, *, with_row: bool = False) -> pd.DataFrame:
    columns = ["row", *RECORD_COLUMNS] if with_row else list(RECORD_COLUMNS)
    return records[columns].reset_index(drop=True)


def apply_activity(store: Store, preview: ActivityPreview, *, actor_id: int | None = None) -> int:
    """Store a clean preview with one bulk insert in one transaction; refuse one with errors."""
    if not preview.ok:
        raise ValidationError("imports.has_errors", n=len(preview.errors))
    if preview.records.empty:
        return 0
    frame = _for_store(preview.records)
    detail = ", ".join(f"{kind}={n}" for kind, n in preview.counts().items())

    def work(cur: Cursor) -> int:
        stored = store.records.bulk_load(cur, frame)
        store.writing.add_missing_details(cur)
        store.bulk.audit_import(cur, actor_id, "import_activity", f"{stored} records", detail)
        return stored

    return int(store.transaction(work))
