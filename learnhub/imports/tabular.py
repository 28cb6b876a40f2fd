"""Reading an office's table (.xlsx or .csv) into a DataFrame of strings, safely.

Everything that arrives here came from outside: its size, its real type and, for a workbook, its
uncompressed size are checked before any parser sees it. Cells come back as trimmed strings so
`00123` keeps its zeros, and the index is the spreadsheet row number (header = row 1) so every
error can point at the row the office sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl.xml import DEFUSEDXML

from learnhub.errors import ValidationError
from learnhub.i18n import translate
from learnhub.org import normalise_name

__all__ = [
    "HEADER_ALIASES",
    "MAX_BYTES",
    "MAX_UNZIPPED_BYTES",
    "RowError",
    "read_table",
    "require_columns",
]

MAX_BYTES = 10 * 1024 * 1024
# A real roster or ledger of 10 MB unpacks to a few times that; a zip bomb to gigabytes.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# Offices put a title row or two above the header ("2026年花名册"); look this far for it.
HEADER_SEARCH_ROWS = 10

HEADER_ALIASES: dict[str, str] = {
    "用户名": "username", "工号": "username", "账号": "username", "user": "username",
    "姓名": "name",
    "科室": "department", "部门": "department", "dept": "department",
    "角色": "roles", "role": "roles",
    "日期": "date",
    "类型": "kind", "type": "kind",
    "标题": "title",
    "分钟": "minutes", "时长": "minutes",
    "页数": "pages",
    "内容": "text",
}  # fmt: skip
KNOWN_COLUMNS = frozenset(HEADER_ALIASES.values())

if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
    # Without it openpyxl parses workbooks with the standard library, open to XML bombs.
    raise ImportError("learnhub needs defusedxml installed to read .xlsx files safely")

_XLSX_MAGIC = b"PK\x03\x04"
_OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# Excel date cells read with dtype=str come back with a midnight time.
# An element's start tag: "<" then a name (not "<?", "<!" or "</").
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: `row` is the spreadsheet row (header = 1), `key` a catalogue key."""

    row: int
    column: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        return translate(self.key, lang, **self.params)

    def describe(self, lang: str = "zh") -> str:
        """`row 3, username: …` in the reader's language."""
        if not self.column:
            return translate("imports.row_error_whole", lang, row=self.row,
                             message=self.message(lang))  # fmt: skip
        return translate(
            "imports.row_error", lang, row=self.row, column=self.column, message=self.message(lang)
        )


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES,
) -> pd.DataFrame:
    """The first sheet of an .xlsx or a .csv as strings, indexed by spreadsheet row number.

    Header names are trimmed, lower-cased and mapped from the Chinese names offices use; blank
    rows are dropped; date cells read as `YYYY-MM-DD`. Raises ValidationError for anything that
    is not a table this can safely read.
    """
    if len(data) > max_bytes:
        raise ValidationError(
            "imports.file_too_large", size_mb=_mb(len(data)), limit_mb=_mb(max_bytes)
        )
    if not data.strip():
        raise ValidationError("imports.file_empty")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or data.startswith(_OLD_XLS_MAGIC):
        raise ValidationError("imports.old_xls")
    if suffix == "xlsx":
        grid = _read_xlsx(data, max_unzipped_bytes)
    elif suffix == "csv":
        grid = _read_csv(data)
    else:
        raise ValidationError("imports.file_type_unsupported", filename=filename)
    return _tidy(grid)


def require_columns(frame: pd.DataFrame, required: Iterable[str]) -> None:
    """One error naming every missing column, and the columns that were found."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValidationError(
            "imports.columns_missing",
            columns=", ".join(missing),
            found=", ".join(str(c) for c in frame.columns) or "-",
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _read_xlsx(data: bytes, max_unzipped_bytes: int) -> pd.DataFrame:
    if not data.startswith(_XLSX_MAGIC):
        raise ValidationError("imports.not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            # Declared sizes are what zipfile enforces while reading, so their sum bounds the work.
            unzipped = sum(info.file_size for info in archive.infolist())
            if "xl/workbook.xml" not in names:
                raise ValidationError("imports.not_xlsx")
            if unzipped > max_unzipped_bytes:
                raise ValidationError(
                    "imports.xlsx_too_large_unzipped",
                    size_mb=_mb(unzipped),
                    limit_mb=_mb(max_unzipped_bytes),
                )
            _refuse_declarations(archive)
    except zipfile.BadZipFile:
        raise ValidationError("imports.not_xlsx") from None
    try:
        grid = pd.read_excel(
            io.BytesIO(data),
            sheet_name=0,
            header=None,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
        )
    except Exception:
        # openpyxl and defusedxml raise a zoo of types for a damaged or hostile workbook;
        # the office needs one answer: this file cannot be read.
        raise ValidationError("imports.xlsx_unreadable") from None
    return grid


def _refuse_declarations(archive: zipfile.ZipFile) -> None:
    """Excel never writes a DTD; one in a workbook's XML is there to attack the parser (entity
    expansion, external entities). openpyxl parses with lxml when it is installed (python-docx
    brings it) and with defusedxml otherwise; refusing here holds either way."""
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                prolog = _prolog(part)
            if prolog is None or b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise ValidationError("imports.xlsx_unreadable")


def _prolog(part: Any, limit: int = 1024 * 1024) -> bytes | None:
    """The bytes before an XML part's root element (where a DTD must be), or None when there is
    no root element within `limit` bytes: comments or padding can push a DTD far down."""
    seen = b""
    while len(seen) < limit:
        chunk: bytes = part.read(65536)
        if not chunk:
            break
        seen += chunk
        root = _ROOT_START.search(seen)
        if root is not None:
            return seen[: root.start()]
    return None


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ValidationError("imports.csv_encoding") from None
    # Chinese Excel saves "CSV" in the ANSI code page, GBK; GB18030 is its superset.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("imports.csv_encoding")


def _read_csv(data: bytes) -> pd.DataFrame:
    if data.startswith(_XLSX_MAGIC):
        raise ValidationError("imports.not_csv")
    text = _decode(data)
    # A picture or a binary file renamed .csv decodes to text full of NULs.
    if "\x00" in text:
        raise ValidationError("imports.not_csv")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    separator = ","
    if "," not in first_line:
        separator = next((s for s in ("\t", ";") if s in first_line), ",")
    # The csv module rather than pandas: rows may differ in length (a title row above the
    # header, a name with an unquoted comma), and each record stays one spreadsheet row.
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise ValidationError("imports.csv_unreadable", detail=str(exc)[:200]) from None
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")


def _canonical(header: Any) -> str:
    key = normalise_name(header).lower()
    return HEADER_ALIASES.get(key, key)


def _header_row(cells: pd.DataFrame) -> int:
    """Position of the header: the first row naming a known column, else the first non-blank."""
    blank = (cells == "").all(axis=1)
    first_filled: int | None = None
    for position in range(min(len(cells), HEADER_SEARCH_ROWS)):
        if blank.iloc[position]:
            continue
        if first_filled is None:
            first_filled = position
        if any(_canonical(v) in KNOWN_COLUMNS for v in cells.iloc[position]):
            return position
    if first_filled is None:
        raise ValidationError("imports.no_rows")
    return first_filled


def _tidy(grid: pd.DataFrame) -> pd.DataFrame:
    cells = grid.fillna("").astype(str).apply(lambda col: col.str.strip())
    header_at = _header_row(cells)
    headers = [_canonical(v) for v in cells.iloc[header_at]]
    keep = [i for i, h in enumerate(headers) if h]
    names = [headers[i] for i in keep]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValidationError("imports.column_duplicate", columns=", ".join(duplicated))
    # Position 0 of the grid is spreadsheet row 1.
    numbers = pd.RangeIndex(header_at + 2, len(cells) + 1, name="row")
    if keep:
        # Cells right of the last named column: usually a comma inside an unquoted CSV cell,
        # which has shifted the rest of that row into the wrong columns.
        beyond = (cells.iloc[header_at + 1 :, max(keep) + 1 :] != "").any(axis=1).to_numpy()
        if beyond.any():
            raise ValidationError("imports.cells_beyond_header", row=int(numbers[beyond][0]))
    body = cells.iloc[header_at + 1 :, keep]
    body.columns = pd.Index(names)
    body.index = numbers
    body = body[(body != "").any(axis=1)]
    if body.empty:
        raise ValidationError("imports.no_rows")
    tidy: pd.DataFrame = body.apply(lambda col: col.str.replace(_MIDNIGHT, r"\1", regex=True))
    return tidy.astype("str")
