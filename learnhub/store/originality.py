"""SQL for the originality check: fingerprints of pieces and template texts, and the results.

Statements on a cursor that later registers a DataFrame are read with fetchall: a half-read
result blocks `register` on the same cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import insert_row

__all__ = ["OriginalityRepo"]

# What is compared of a piece: its text, then the text read from its attachment, if any.
PIECE_TEXT = "coalesce(r.text, '') || coalesce(chr(10) || nullif(w.attachment_text, ''), '')"
COMPARED = (
    "kind IN ('reflection', 'essay', 'research_report', 'suggestion') "
    "AND status NOT IN ('draft', 'withdrawn')"
)


class OriginalityRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the index ---------------------------------------------------------------------------
    def delete_fingerprints(self, cur: Cursor, source: str, source_id: int) -> None:
        cur.execute(
            "DELETE FROM text_fingerprints WHERE source = ? AND source_id = ?", [source, source_id]
        )

    def add_fingerprints(self, cur: Cursor, source: str, frame: pd.DataFrame) -> int:
        """Append `frame` (source_id, hash, position) in one statement."""
        cur.register("new_fingerprints", frame)
        try:
            cur.execute(
                "INSERT INTO text_fingerprints (source, source_id, hash, position) "
                "SELECT ?, source_id, hash, position FROM new_fingerprints",
                [source],
            )
        finally:
            cur.unregister("new_fingerprints")
        return len(frame)

    def rebuild_pieces(self, cur: Cursor, frame: pd.DataFrame) -> int:
        """Replace every piece's fingerprints with `frame` (source_id, hash, position), the
        templates' kept, all written in hash order: a lookup by hash then reads only the row
        groups whose hash range holds one of the new piece's hashes (zone maps)."""
        kept = cur.execute(
            "SELECT source, source_id, hash, position FROM text_fingerprints "
            "WHERE source <> 'piece'"
        ).df()
        pieces = frame.assign(source="piece")[["source", "source_id", "hash", "position"]]
        everything = pd.concat([kept, pieces], ignore_index=True)
        cur.execute("DELETE FROM text_fingerprints")
        cur.register("all_fingerprints", everything)
        try:
            cur.execute(
                "INSERT INTO text_fingerprints (source, source_id, hash, position) "
                "SELECT source, source_id, hash, position FROM all_fingerprints ORDER BY hash"
            )
        finally:
            cur.unregister("all_fingerprints")
        return len(pieces)

    def compared_pieces(self) -> pd.DataFrame:
        """id and text of every piece other pieces are compared against."""
        return self.db.frame(
            f"""SELECT r.id, {PIECE_TEXT} AS text FROM records r
                LEFT JOIN writing_details w ON w.record_id = r.id
                WHERE {COMPARED} ORDER BY r.id"""
        )

    def piece_text(self, record_id: int) -> str:
        value = self.db.scalar(
            f"""SELECT {PIECE_TEXT} FROM records r
                LEFT JOIN writing_details w ON w.record_id = r.id WHERE r.id = ?""",
            [record_id],
        )
        return "" if value is None else str(value)

    def fingerprint_rows(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM text_fingerprints"))

    # -- templates ---------------------------------------------------------------------------
    def insert_template(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "template_texts", values)

    def template_with_text(self, cur: Cursor, text: str) -> str | None:
        """The title of a template holding exactly `text`, if there is one."""
        rows = cur.execute(
            "SELECT title FROM template_texts WHERE text = ? ORDER BY id LIMIT 1", [text]
        ).fetchall()
        return str(rows[0][0]) if rows else None

    def delete_template(self, cur: Cursor, template_id: int) -> str | None:
        """Delete a template text; returns its title, or None when there was none."""
        rows = cur.execute(
            "DELETE FROM template_texts WHERE id = ? RETURNING title", [template_id]
        ).fetchall()
        return str(rows[0][0]) if rows else None

    # -- checking ----------------------------------------------------------------------------
    def candidates(
        self, hashes: Sequence[int], record_id: int, limit: int
    ) -> list[tuple[str, int, int]]:
        """(source, source_id, shared fingerprints) of the texts sharing most of `hashes`,
        the piece `record_id` itself left out. A hash repeated inside one text counts each
        time: count(DISTINCT) cost 3-5 times as much when many texts match, for a ranking
        that the exact alignment afterwards corrects anyway."""
        if not hashes:
            return []
        # The hashes are integers we computed, so they go into the statement as constants: an
        # IN list of constants is pushed into the scan, where zone maps skip row groups.
        listed = ", ".join(str(int(h)) for h in sorted(set(hashes)))
        rows = self.db.rows(
            f"""SELECT source, source_id, count(*) AS shared
                FROM text_fingerprints
                WHERE hash IN ({listed}) AND NOT (source = 'piece' AND source_id = ?)
                GROUP BY source, source_id
                ORDER BY shared DESC, source, source_id
                LIMIT ?""",
            [record_id, limit],
        )
        return [(str(s), int(i), int(n)) for s, i, n in rows]

    def pieces(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The compared pieces among `ids` with their text, title and writer."""
        if not ids:
            return []
        frame = self.db.frame(
            f"""SELECT r.id, r.person_id AS owner_id, coalesce(p.name, '') AS owner,
                       coalesce(r.title, '') AS title, {PIECE_TEXT} AS text
                FROM records r LEFT JOIN people p ON p.id = r.person_id
                LEFT JOIN writing_details w ON w.record_id = r.id
                WHERE r.id IN (SELECT unnest(?::BIGINT[]))
                  AND r.kind IN ('reflection', 'essay', 'research_report', 'suggestion')
                  AND r.status NOT IN ('draft', 'withdrawn')""",
            [list(ids)],
        )
        return frame.to_dict("records")  # type: ignore[return-value]

    def templates(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        frame = self.db.frame(
            """SELECT t.id, t.uploaded_by AS owner_id, coalesce(p.name, '') AS owner, t.title,
                      t.text
               FROM template_texts t LEFT JOIN people p ON p.id = t.uploaded_by
               WHERE t.id IN (SELECT unnest(?::BIGINT[]))""",
            [list(ids)],
        )
        return frame.to_dict("records")  # type: ignore[return-value]

    def save_result(
        self, cur: Cursor, record_id: int, checked_at: datetime, score: float, matches: str
    ) -> None:
        cur.execute(
            """INSERT INTO originality_results (record_id, checked_at, score, matches)
               VALUES (?, ?, ?, ?)
               ON CONFLICT (record_id) DO UPDATE SET checked_at = excluded.checked_at,
                   score = excluded.score, matches = excluded.matches""",
            [record_id, checked_at, score, matches],
        )

    def result(self, record_id: int) -> dict[str, Any] | None:
        return self.db.record(
            "SELECT record_id, checked_at, score, matches FROM originality_results "
            "WHERE record_id = ?",
            [record_id],
        )

    def template_list(self) -> pd.DataFrame:
        """Every template text for the office's list, newest first: id, title, characters,
        uploaded_by (the uploader's name) and uploaded_at."""
        return self.db.frame(
            """SELECT t.id, t.title, length(t.text) AS characters,
                      coalesce(p.name, '') AS uploaded_by, t.uploaded_at
               FROM template_texts t LEFT JOIN people p ON p.id = t.uploaded_by
               ORDER BY t.uploaded_at DESC, t.id DESC"""
        )
