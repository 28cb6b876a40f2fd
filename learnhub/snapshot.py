"""A consistent, read-only copy of the office's database for notebooks (DESIGN.md §5).

While the web app has the database open, no other process may open it, not even read-only
(FACTS.md). So the app (the owning process) copies it now and then into
`<db>.snapshot.duckdb` beside it: the copy is written into a temporary file in the same folder and
`os.replace`d into place. A notebook that has the previous snapshot open keeps reading it (Linux
keeps the old file until it is closed), and the app never waits for a reader.

The copy has every table with its columns and rows (so every domain function reads it as usual),
without constraints, indexes or sequences (nothing writes to it), and the tables of
EXCLUDED_TABLES empty: the originality fingerprints are millions of rows that no analysis needs.
On the 10,000-staff office that is 1.9 s and 113 MiB, where copying everything with
`COPY FROM DATABASE` takes 5.4 s and 200 MiB. A small table `learnhub_snapshot` inside the copy
says when it was taken and from which file, so the snapshot is one file.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from learnhub.i18n import translate
from learnhub.store import Database, Store
from learnhub.store.snapshots import META_TABLE, copy_snapshot, open_snapshot, snapshot_meta

__all__ = [
    "EXCLUDED_TABLES",
    "META_TABLE",
    "SnapshotInfo",
    "age_text",
    "open_snapshot",
    "read_info",
    "refresh_snapshot",
    "snapshot_info",
    "snapshot_path",
]

# Tables copied empty: large and of no use for analysis.
EXCLUDED_TABLES: tuple[str, ...] = ("text_fingerprints",)

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    taken_at: datetime  # aware, UTC
    source: str  # the database file it was copied from
    size_bytes: int
    excluded: tuple[str, ...]
    seconds: float | None = None  # how long the refresh took (None when read back from a file)

    def age(self, now: datetime | None = None) -> timedelta:
        """How long ago it was taken (`now`: aware, or naive UTC; default the clock)."""
        now = now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now - self.taken_at


def age_text(age: timedelta, lang: str = "zh") -> str:
    """`age` for people: "12 分钟前", "3 小时前", "2 天前"."""
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 60:
        return translate("data_snapshot.age_minutes", lang, n=minutes)
    if minutes < 48 * 60:
        return translate("data_snapshot.age_hours", lang, n=minutes // 60)
    return translate("data_snapshot.age_days", lang, n=minutes // (24 * 60))


def snapshot_path(db_path: str | Path) -> Path:
    """Where the snapshot of the database at `db_path` lives: `x.duckdb` → `x.snapshot.duckdb`."""
    db = Path(db_path)
    stem = db.name[: -len(".duckdb")] if db.name.endswith(".duckdb") else db.name
    return db.with_name(f"{stem}.snapshot.duckdb")


def _utc(moment: datetime) -> datetime:
    """`moment` as naive UTC (a naive `moment` is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _lock_for(target: Path) -> threading.Lock:
    key = str(target.resolve())
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(key, threading.Lock())


def refresh_snapshot(store: Store, *, now: datetime) -> SnapshotInfo:
    """Write a fresh snapshot of `store`'s database beside it and return what it is.

    Idempotent and safe to call twice at once (a double click, the background refresher): the
    calls take turns, each leaving a complete snapshot. `now` is when it is taken (aware, or
    naive UTC). Runs in the process that owns the database (the app)."""
    if store.db.path == ":memory:":
        raise ValueError("an in-memory database has no snapshot")
    source = Path(store.db.path)
    target = snapshot_path(source)
    taken_at = _utc(now)
    with _lock_for(target):
        started = time.perf_counter()
        _sweep(target)
        temporary = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
        try:
            copy_snapshot(store.db, temporary, taken_at=taken_at, source=str(source),
                          excluded=EXCLUDED_TABLES)  # fmt: skip
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
            temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
        return SnapshotInfo(
            path=target,
            taken_at=taken_at.replace(tzinfo=UTC),
            source=str(source),
            size_bytes=target.stat().st_size,
            excluded=EXCLUDED_TABLES,
            seconds=time.perf_counter() - started,
        )


def _sweep(target: Path, older_than: float = 3600.0) -> None:
    """Remove what a crashed refresh or reader left beside `target` (temporary copies, reader
    links) once it is an hour old; a refresh or open under way elsewhere is never that old."""
    limit = time.time() - older_than
    for pattern in (f".{target.name}.*.tmp", f".{target.name}.*.tmp.wal",
                    f".{target.name}.reader-*"):  # fmt: skip
        for stale in target.parent.glob(pattern):
            try:
                if stale.stat().st_mtime < limit:
                    stale.unlink()
            except OSError:
                continue  # gone meanwhile, or not ours to remove


def read_info(db: Database, path: str | Path) -> SnapshotInfo:
    """What the snapshot open as `db` says about itself."""
    taken_at, source, excluded = snapshot_meta(db)
    target = Path(path)
    return SnapshotInfo(
        path=target,
        taken_at=taken_at.replace(tzinfo=UTC),
        source=source,
        size_bytes=target.stat().st_size if target.exists() else 0,
        excluded=excluded,
    )


def snapshot_info(path: str | Path) -> SnapshotInfo | None:
    """When the snapshot at `path` was taken, and its size; None if there is none. ValueError if
    the file is not a snapshot."""
    target = Path(path)
    if not target.is_file():
        return None
    db = open_snapshot(target)
    try:
        return read_info(db, target)
    finally:
        db.close()
