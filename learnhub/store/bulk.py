"""SQL for bulk loads: roster and activity imports, demo offices."""

from __future__ import annotations

from learnhub.store.database import Database


class BulkRepo:
    def __init__(self, db: Database) -> None:
        self.db = db
