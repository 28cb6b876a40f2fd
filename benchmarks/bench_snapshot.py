"""Snapshot figures for `make bench` (issue 7): refreshing the notebooks' snapshot of the whole
office while the database is open read-write, and opening it as a notebook does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from learnhub.notebook import Hub
from learnhub.snapshot import open_snapshot, read_info, refresh_snapshot
from learnhub.store import Store

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office


def bench_snapshot(office: Office, runs: int = 3) -> list[Figure]:
    from benchmarks.bench import Figure, timed

    seconds = [
        timed(lambda: refresh_snapshot(office.store, now=datetime.now(UTC))) for _ in range(runs)
    ]
    info = refresh_snapshot(office.store, now=datetime.now(UTC))
    median = float(np.median(seconds))
    source = office.store.db.path
    people = office.store.bulk.count_people()

    def open_and_read() -> None:
        db = open_snapshot(info.path)
        try:
            hub = Hub(Store(db), snapshot=read_info(db, info.path))
            hub.sql("SELECT count(*) FROM records")
        finally:
            db.close()

    opened = timed(open_and_read)
    return [
        Figure(
            f"snapshot refresh of {source} ({people:,} people; fingerprints left out), "
            f"median of {runs}",
            f"{median:.2f} s",
            "≤ 5 s",
            median <= 5.0,
        ),
        Figure("snapshot file size", f"{info.size_bytes / 2**20:.0f} MiB", "", None),
        Figure(
            "notebook opens the snapshot and counts the records",
            f"{opened * 1000:.0f} ms",
            "",
            None,
        ),
    ]
