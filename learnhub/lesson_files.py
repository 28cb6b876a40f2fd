"""File lessons: a trainer uploads a PDF or Word (.docx) file; staff download it and read its text.

The upload is checked (size, real type) and its text extracted before anything is stored; the
lesson and its file are then written in one transaction, so a refused file leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from learnhub.course_admin import may_edit, title_and_hours
from learnhub.errors import ValidationError
from learnhub.extract import extract_text
from learnhub.settings import Settings
from learnhub.store import Cursor, Store
from learnhub.uploads import check_upload, clean_filename

__all__ = ["CheckedFile", "add_file_lesson", "check_file", "lesson_file", "lesson_file_data"]


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
    if checked is None or checked.sha256 != hashlib.sha256(data).hexdigest():
        checked = check_file(filename, data, settings)
    elif len(data) > settings.upload_max_mb * 1024 * 1024:
        # The limit may have been lowered since the preview.
        raise ValidationError("uploads.too_large", mb=settings.upload_max_mb)
    file_values = {
        "filename": checked.filename,
        "media_type": checked.media_type,
        "size_bytes": checked.size_bytes,
        "data": data,
        "text": checked.text,
        "uploaded_by": actor_id,
    }

    def work(cur: Cursor) -> int:
        lesson_id = store.courses.append_lesson(
            cur, course_id, {"kind": "file", "body": "", **values}
        )
        store.lesson_files.insert(cur, lesson_id, file_values)
        return lesson_id

    return int(store.transaction(work))


def lesson_file(store: Store, lesson_id: int) -> dict[str, Any] | None:
    """A file lesson's file name, type, size and text (not the bytes)."""
    return store.lesson_files.info(lesson_id)


def lesson_file_data(store: Store, lesson_id: int) -> bytes:
    data = store.lesson_files.data(lesson_id)
    if data is None:
        raise ValidationError("courses.lesson_unavailable")
    return data
