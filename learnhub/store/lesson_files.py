"""SQL for the files of file lessons (PDF, .docx): the original bytes and their extracted text."""

from __future__ import annotations

from typing import Any

from learnhub.store.database import Cursor, Database

_INFO = "lesson_id, filename, media_type, size_bytes, text, uploaded_by, uploaded_at"


class LessonFilesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, cur: Cursor, lesson_id: int, values: dict[str, Any]) -> None:
        columns = ["lesson_id", *values]
        cur.execute(
            f"INSERT INTO lesson_files ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [lesson_id, *values.values()],
        )

    def info(self, lesson_id: int) -> dict[str, Any] | None:
        """Everything but the bytes: what a page shows before anyone downloads."""
        return self._one(f"SELECT {_INFO} FROM lesson_files WHERE lesson_id = ?", lesson_id)

    def data(self, lesson_id: int) -> bytes | None:
        value = self.db.scalar("SELECT data FROM lesson_files WHERE lesson_id = ?", [lesson_id])
        return None if value is None else bytes(value)

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM lesson_files"))

    def _one(self, sql: str, lesson_id: int) -> dict[str, Any] | None:
        return self.db.record(sql, [lesson_id])
