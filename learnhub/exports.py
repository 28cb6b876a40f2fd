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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "escape_for_spreadsheet",
    "to_csv_bytes",
    "to_xlsx_book",
    "to_xlsx_bytes",
    "to_xlsx_printable",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")
# Characters XML 1.0 cannot hold; openpyxl refuses a cell containing one.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60


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
        return value.to_pydatetime() if value.time() != pd.Timestamp(0).time() else value.date()
    return value


def _width(values: pd.Series, header: str) -> float:
    """A column's width in Excel's units: a CJK character is about two Latin ones wide."""

    def size(text: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    sample = ["" if v is None else str(v) for v in values.head(2000)]
    return float(min(_MAX_WIDTH, max([size(header), *(size(v) for v in sample)]) + 2))


def to_xlsx_printable(
    sheets: list[tuple[str, pd.DataFrame]],
    *,
    wrapped: frozenset[str] = frozenset(),
    page_header: str = "",
) -> bytes:
    """The office's workbooks (summary, assessment, compliance): a sheet per frame with a bold,
    frozen header row repeated on every printed page, widths that fit the text, landscape A4
    one page wide, and the sheets named in `wrapped` (long paragraphs) wrapped at a wide column.
    Written row by row in openpyxl's write-only mode: a whole large office's sheets (10,000
    people × a month's periods) would take pandas' writer minutes. Same escaping as the others."""
    book = Workbook(write_only=True)
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for name, frame in sheets:
        sheet = book.create_sheet(title=_sheet_name(name))
        values = _xlsx_safe(frame).astype(object)
        values = values.where(values.notna(), None)
        wrap = name in wrapped
        for i, column in enumerate(values.columns, start=1):
            width = _MAX_WIDTH * 1.5 if wrap else _width(values[column], str(column))
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if page_header:
            sheet.oddHeader.center.text = page_header
        header = [WriteOnlyCell(sheet, value=str(c)) for c in values.columns]
        for cell in header:
            cell.font = bold
        sheet.append(header)
        for row in values.itertuples(index=False, name=None):
            if wrap:
                cells = [WriteOnlyCell(sheet, value=_plain(v)) for v in row]
                for cell in cells:
                    cell.alignment = top
                sheet.append(cells)
            else:
                sheet.append([_plain(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
