"""SQL for the files of file lessons (PDF, .docx): the original bytes and their extracted text,
and the earlier files a replacement kept (`lesson_file_versions`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

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

    def replace(self, cur: Cursor, lesson_id: int, values: dict[str, Any], replaced_by: int) -> int:
        """Keep the current file as the lesson's next earlier version, then make `values` the
        current file. Returns the version number the earlier file got (0: there was none)."""
        kept = cur.execute(
            """INSERT INTO lesson_file_versions
                   (lesson_id, version, filename, media_type, size_bytes, data, text,
                    uploaded_by, uploaded_at, replaced_by)
               SELECT f.lesson_id,
                      (SELECT coalesce(max(v.version), 0) + 1 FROM lesson_file_versions v
                       WHERE v.lesson_id = f.lesson_id),
                      f.filename, f.media_type, f.size_bytes, f.data, f.text,
                      f.uploaded_by, f.uploaded_at, ?
               FROM lesson_files f WHERE f.lesson_id = ?
               RETURNING version""",
            [replaced_by, lesson_id],
        ).fetchone()
        if kept is None:
            self.insert(cur, lesson_id, values)
            return 0
        assignments = ", ".join(f"{column} = ?" for column in values)
        cur.execute(
            f"UPDATE lesson_files SET {assignments}, uploaded_at = current_timestamp "
            "WHERE lesson_id = ?",
            [*values.values(), lesson_id],
        )
        cur.execute("UPDATE lessons SET updated_at = current_timestamp WHERE id = ?", [lesson_id])
        return int(kept[0])

    def versions(self, lesson_id: int) -> pd.DataFrame:
        """The earlier files of a lesson, newest first, without their bytes."""
        return self.db.frame(
            """SELECT v.version, v.filename, v.media_type, v.size_bytes, v.uploaded_at,
                      v.replaced_at, p.name AS replaced_by
               FROM lesson_file_versions v LEFT JOIN people p ON p.id = v.replaced_by
               WHERE v.lesson_id = ? ORDER BY v.version DESC""",
            [lesson_id],
        )

    def version_data(self, lesson_id: int, version: int) -> bytes | None:
        value = self.db.scalar(
            "SELECT data FROM lesson_file_versions WHERE lesson_id = ? AND version = ?",
            [lesson_id, version],
        )
        return None if value is None else bytes(value)

    def _one(self, sql: str, lesson_id: int) -> dict[str, Any] | None:
        return self.db.record(sql, [lesson_id])
