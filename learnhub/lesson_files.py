"""File lessons: a trainer uploads a PDF or Word (.docx) file; staff download it and read its text.

The upload is checked (size, real type) and its text extracted before anything is stored; the
lesson and its file are then written in one transaction, so a refused file leaves nothing behind.
A replacement file goes through the same checks; the file it replaces is kept as an earlier
version, so a trainer who uploads the wrong file loses nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from learnhub.course_admin import may_edit, title_and_hours
from learnhub.errors import ValidationError
from learnhub.extract import extract_text
from learnhub.settings import Settings
from learnhub.store import Cursor, Store
from learnhub.uploads import check_upload, clean_filename

__all__ = [
    "CheckedFile",
    "add_file_lesson",
    "check_file",
    "earlier_file_data",
    "earlier_files",
    "lesson_file",
    "lesson_file_data",
    "replace_lesson_file",
]


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with its text: what the trainer previews."""

    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    text: str


def check_file(filename: str, data: bytes, settings: Settings) -> CheckedFile:
    """Check an upload and extract its text (in a child process); refused with a catalogue key."""
    media_type = check_upload(data, max_mb=settings.upload_max_mb)
    text = extract_text(data, media_type)
    return CheckedFile(
        filename=clean_filename(filename, media_type),
        media_type=media_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )


def _file_values(
    filename: str, data: bytes, settings: Settings, checked: CheckedFile | None, actor_id: int
) -> dict[str, Any]:
    """The row to store for these bytes: the preview's check when it was of these very bytes,
    else a fresh check, so the preview of other bytes never stands in for this file."""
    if checked is None or checked.sha256 != hashlib.sha256(data).hexdigest():
        checked = check_file(filename, data, settings)
    elif len(data) > settings.upload_max_mb * 1024 * 1024:
        # The limit may have been lowered since the preview.
        raise ValidationError("uploads.too_large", mb=settings.upload_max_mb)
    return {
        "filename": checked.filename,
        "media_type": checked.media_type,
        "size_bytes": checked.size_bytes,
        "data": data,
        "text": checked.text,
        "uploaded_by": actor_id,
    }


def add_file_lesson(
    store: Store,
    course_id: int,
    actor_id: int,
    actor_roles: frozenset[str],
    *,
    title: str,
    credit_hours: Any,
    filename: str,
    data: bytes,
    settings: Settings,
    checked: CheckedFile | None = None,
) -> int:
    """A file lesson at the end of the course. `checked` is the preview's result for these very
    bytes (the page keeps it), so saving does not extract the text a second time."""
    may_edit(store, course_id, actor_id, actor_roles)
    values = title_and_hours(title, credit_hours)
    file_values = _file_values(filename, data, settings, checked, actor_id)

    def work(cur: Cursor) -> int:
        lesson_id = store.courses.append_lesson(
            cur, course_id, {"kind": "file", "body": "", **values}
        )
        store.lesson_files.insert(cur, lesson_id, file_values)
        return lesson_id

    return int(store.transaction(work))


def _editable_file_lesson(
    store: Store, lesson_id: int, actor_id: int, actor_roles: frozenset[str]
) -> None:
    lesson = store.courses.lesson(lesson_id)
    if lesson is None:
        raise ValidationError("course_admin.no_such_lesson")
    may_edit(store, int(lesson["course_id"]), actor_id, actor_roles)
    if lesson["kind"] != "file":
        raise ValidationError("uploads.not_a_file_lesson")


def replace_lesson_file(
    store: Store,
    lesson_id: int,
    actor_id: int,
    actor_roles: frozenset[str],
    *,
    filename: str,
    data: bytes,
    settings: Settings,
    checked: CheckedFile | None = None,
) -> int:
    """Give a file lesson a new file, checked like a new upload; the lesson's text (what search
    finds) becomes the new file's. The file replaced is kept: returns its version number.

    Title, hours, position and who studied the lesson stay as they are."""
    _editable_file_lesson(store, lesson_id, actor_id, actor_roles)
    file_values = _file_values(filename, data, settings, checked, actor_id)
    return int(
        store.transaction(
            lambda cur: store.lesson_files.replace(cur, lesson_id, file_values, actor_id)
        )
    )


def earlier_files(
    store: Store, lesson_id: int, actor_id: int, actor_roles: frozenset[str]
) -> pd.DataFrame:
    """The files a lesson had before, newest first (no bytes), for those who may edit it."""
    _editable_file_lesson(store, lesson_id, actor_id, actor_roles)
    return store.lesson_files.versions(lesson_id)


def earlier_file_data(
    store: Store, lesson_id: int, version: int, actor_id: int, actor_roles: frozenset[str]
) -> bytes:
    _editable_file_lesson(store, lesson_id, actor_id, actor_roles)
    data = store.lesson_files.version_data(lesson_id, version)
    if data is None:
        raise ValidationError("uploads.no_such_version")
    return data


def lesson_file(store: Store, lesson_id: int) -> dict[str, Any] | None:
    """A file lesson's file name, type, size and text (not the bytes)."""
    return store.lesson_files.info(lesson_id)


def lesson_file_data(store: Store, lesson_id: int) -> bytes:
    data = store.lesson_files.data(lesson_id)
    if data is None:
        raise ValidationError("courses.lesson_unavailable")
    return data
