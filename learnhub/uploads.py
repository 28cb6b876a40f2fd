"""Checks on an uploaded lesson file before anything reads it: size, and real type by content.

The browser's own limits and the file's name prove nothing (FACTS.md: Streamlit enforces its
upload size only in the browser), so both are decided here from the bytes themselves.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from learnhub.errors import ValidationError

__all__ = ["DOCX", "MAX_UNZIPPED_BYTES", "PDF", "check_upload", "clean_filename"]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A real lesson document unpacks to a few MB; a zip bomb declares far more. Checked before any
# member is read, so a hostile archive costs nothing but its directory.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5000
_SUFFIX = {PDF: ".pdf", DOCX: ".docx"}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def check_upload(data: bytes, *, max_mb: int) -> str:
    """The file's media type (PDF or .docx) when it is one and not too large; else refused."""
    if not data:
        raise ValidationError("uploads.empty")
    if len(data) > max_mb * 1024 * 1024:
        raise ValidationError("uploads.too_large", mb=max_mb)
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return DOCX
    raise ValidationError("uploads.wrong_type")


def _check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError("uploads.corrupt") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise ValidationError("uploads.zip_too_large", mb=MAX_UNZIPPED_BYTES // (1024 * 1024))
    names = {m.filename for m in members}
    if not {"word/document.xml", "[Content_Types].xml"} <= names:
        # A zip, an .xlsx or a .pptx: not a Word document.
        raise ValidationError("uploads.not_docx")


def clean_filename(filename: str, media_type: str) -> str:
    """The name offered on download: no folders or control characters, and the suffix of what
    the file really is (a .docx renamed .pdf downloads as .docx, so it opens)."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem = _UNSAFE.sub("_", base.rsplit(".", 1)[0] if "." in base else base).strip(" .")
    return (stem[:80] or "lesson") + _SUFFIX[media_type]
