"""SQL for writing mutual-help groups: groups, their members and comments on drafts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from learnhub.store.database import Cursor, Database
from learnhub.store.rows import insert_row


class WritingGroupsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_group(self, cur: Cursor, values: dict[str, Any], members: list[int]) -> int:
        group_id = insert_row(cur, "writing_groups", values)
        for person_id in members:
            cur.execute("INSERT INTO writing_group_members VALUES (?, ?)", [group_id, person_id])
        return group_id

    def busy(self, cur: Cursor, person_ids: list[int], first: date, last: date) -> list[int]:
        """Who of `person_ids` is already in a group overlapping first..last."""
        rows = cur.execute(
            """SELECT DISTINCT m.person_id FROM writing_group_members m
               JOIN writing_groups g ON g.id = m.group_id
               WHERE m.person_id IN (SELECT unnest(?)) AND g.first_day <= ? AND g.last_day >= ?""",
            [person_ids, last, first],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def groups(self, first: date, last: date) -> pd.DataFrame:
        return self.db.frame(
            """SELECT g.id, g.name, g.first_day, g.last_day,
                      string_agg(p.name, '、' ORDER BY p.username) AS members,
                      count(*) AS size
               FROM writing_groups g JOIN writing_group_members m ON m.group_id = g.id
               JOIN people p ON p.id = m.person_id
               WHERE g.first_day <= ? AND g.last_day >= ?
               GROUP BY ALL ORDER BY g.first_day, g.id""",
            [last, first],
        )

    def group_of(self, person_id: int, day: date) -> dict[str, Any] | None:
        return self.db.record(
            """SELECT g.* FROM writing_groups g JOIN writing_group_members m ON m.group_id = g.id
               WHERE m.person_id = ? AND ? BETWEEN g.first_day AND g.last_day
               ORDER BY g.first_day DESC LIMIT 1""",
            [person_id, day],
        )

    def members(self, group_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT p.id AS person_id, p.username, p.name, d.name AS department
               FROM writing_group_members m JOIN people p ON p.id = m.person_id
               LEFT JOIN departments d ON d.id = p.department_id
               WHERE m.group_id = ? ORDER BY p.username""",
            [group_id],
        )

    def mates_share_group(self, a: int, b: int, day: date) -> bool:
        value = self.db.scalar(
            """SELECT count(*) FROM writing_group_members x
               JOIN writing_group_members y ON y.group_id = x.group_id
               JOIN writing_groups g ON g.id = x.group_id
               WHERE x.person_id = ? AND y.person_id = ?
                 AND ? BETWEEN g.first_day AND g.last_day""",
            [a, b, day],
        )
        return bool(value)

    def insert_comment(self, cur: Cursor, values: dict[str, Any]) -> int:
        return insert_row(cur, "writing_comments", values)

    def comments(self, record_id: int) -> pd.DataFrame:
        return self.db.frame(
            """SELECT c.id, c.author_id, p.name AS author, c.text, c.created_at
               FROM writing_comments c JOIN people p ON p.id = c.author_id
               WHERE c.record_id = ? ORDER BY c.created_at, c.id""",
            [record_id],
        )

    def progress(self, group_id: int, first: date, last: date) -> pd.DataFrame:
        """Per member: pieces written (drafts included) and comments given within first..last."""
        return self.db.frame(
            """SELECT p.id AS person_id, p.name,
                      (SELECT count(*) FROM records r JOIN writing_details w ON w.record_id = r.id
                       WHERE r.person_id = p.id AND r.day BETWEEN ? AND ?) AS pieces,
                      (SELECT count(*) FROM records r JOIN writing_details w ON w.record_id = r.id
                       WHERE r.person_id = p.id AND r.day BETWEEN ? AND ?
                         AND r.status NOT IN ('draft', 'withdrawn')) AS submitted,
                      (SELECT count(*) FROM writing_comments c
                       WHERE c.author_id = p.id
                         AND CAST(c.created_at AS DATE) BETWEEN ? AND ?) AS comments
               FROM writing_group_members m JOIN people p ON p.id = m.person_id
               WHERE m.group_id = ? ORDER BY p.username""",
            [first, last, first, last, first, last, group_id],
        )
