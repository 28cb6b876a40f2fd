"""A small demo office for the snapshot and notebook tests: 12 staff, 60 days up to `today`,
generated with a quick password hasher (module-scoped fixtures run before conftest's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from learnhub import auth
from learnhub.demo import generate_demo
from learnhub.office import initialise
from learnhub.store import Store

STAFF = 12
DAYS = 60


def demo_office(path: Path, today: date, *, seed: int = 7) -> Store:
    """The demo office in a new database at `path`, kept open read-write (as the app would)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        store = initialise(path)
        generate_demo(store, staff=STAFF, days=DAYS, seed=seed, today=today)
    return store


def fingerprints(store: Store, rows: int = 50) -> None:
    """Some originality fingerprints, the table a snapshot leaves empty."""
    store.db.execute(
        """INSERT INTO text_fingerprints (source, source_id, hash, position)
           SELECT 'record', i, i * 7919, i FROM range(?) t(i)""",
        [rows],
    )


def counts(store: Store) -> dict[str, int]:
    tables = [r[0] for r in store.db.rows(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
    )]  # fmt: skip
    return {t: int(store.db.scalar(f'SELECT count(*) FROM "{t}"')) for t in tables}
