"""The small SQL every repository needs: insert a row, update one by id, read one as a dict.

Table and column names come from the repositories' own code, never from user input; values
always travel as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnhub.store.database import Cursor


def insert_row(cur: Cursor, table: str, values: dict[str, Any]) -> int:
    """Insert `values` into `table` and return the new row's id."""
    columns = list(values)
    # fetchall, not fetchone: a half-read result would block `register` on the same cursor.
    rows = cur.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) RETURNING id",
        list(values.values()),
    ).fetchall()
    return int(rows[0][0])


def update_row(
    cur: Cursor, table: str, row_id: int, values: dict[str, Any], *, key: str = "id"
) -> None:
    """Set `values` on the row whose `key` is `row_id`, and its `updated_at` to now."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    cur.execute(
        f"UPDATE {table} SET {assignments}, updated_at = current_timestamp WHERE {key} = ?",
        [*values.values(), row_id],
    )


def fetch_record(cur: Cursor, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
    """The first row of `sql` as {column: value} with plain Python values, or None."""
    result = cur.execute(sql, params)
    row = result.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in result.description], row, strict=True))
