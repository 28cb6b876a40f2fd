"""Tables leaving LearnHub for Excel: .xlsx, or CSV with a UTF-8 BOM so Chinese opens intact.

A cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or NUL would be run as a
formula by a spreadsheet (CSV injection); such cells get a leading `'`.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
from openpyxl import Workbook

__all__ = [
    "escape_for_spreadsheet",
    "to_csv_bytes",
    "to_xlsx_book",
    "to_xlsx_bytes",
    "to_xlsx_large",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")
# Characters XML 1.0 cannot hold; openpyxl refuses a cell containing one.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def _escape(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(column) or pd.api.types.is_object_dtype(column)


def escape_for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be taken for formulas. Numbers are left as numbers."""
    out = frame.copy()
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = out[column].map(_escape)
    out.columns = pd.Index([_escape(c) for c in out.columns])
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    text = escape_for_spreadsheet(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _xlsx_safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = escape_for_spreadsheet(frame)
    for column in safe.columns:
        if _is_text(safe[column]):
            safe[column] = safe[column].map(
                lambda v: _XML_ILLEGAL.sub("", v) if isinstance(v, str) else v
            )
    return safe


def _sheet_name(sheet: str) -> str:
    return _SHEET_NAME_ILLEGAL.sub("_", sheet)[:31] or "Sheet1"


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    return to_xlsx_book({sheet: frame})


def to_xlsx_book(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook with a sheet per entry, in order (names cleaned to what Excel accepts)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in sheets.items():
            _xlsx_safe(frame).to_excel(
                writer, sheet_name=_sheet_name(sheet), index=False, freeze_panes=(1, 0)
            )
    return buffer.getvalue()


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def to_xlsx_large(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """Like `to_xlsx_book`, written row by row in openpyxl's write-only mode: for sheets of a
    whole large office (10,000 people × a month's periods), where pandas' writer takes minutes.
    Same escaping; the header row is frozen."""
    book = Workbook(write_only=True)
    for name, frame in sheets:
        sheet = book.create_sheet(title=_sheet_name(name))
        sheet.freeze_panes = "A2"
        values = _xlsx_safe(frame).astype(object)
        values = values.where(values.notna(), None)
        sheet.append([str(c) for c in values.columns])
        for row in values.itertuples(index=False, name=None):
            sheet.append([_plain(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
