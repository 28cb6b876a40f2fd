"""Backup and restore of the office's database.

A backup is made by the process that owns the database (the app, or the command line while the
app is stopped): copying the .duckdb file of a live database would miss what is still in its WAL.
A restore swaps files, so it runs only while nothing has the database open, and it keeps the
database it replaces beside it: nothing is ever lost by restoring the wrong file.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from learnhub.errors import ValidationError
from learnhub.store import Store
from learnhub.store.bulk import release_file, schema_version_of

__all__ = ["backup", "restore"]


def backup(store: Store, dest: str | Path) -> Path:
    """Write a consistent copy of `store`'s database to the new file `dest`."""
    target = Path(dest)
    if target.exists() or _wal(target).exists():
        raise ValidationError("cli.backup_exists", path=str(target))
    if not target.parent.is_dir():
        raise ValidationError("cli.backup_folder_missing", path=str(target.parent))
    try:
        store.bulk.backup_to(target)
    except BaseException:
        # A half-written copy must not pass for a backup later.
        target.unlink(missing_ok=True)
        _wal(target).unlink(missing_ok=True)
        raise
    return target


def restore(src: str | Path, db_path: str | Path) -> Path | None:
    """Make the backup `src` the database at `db_path`.

    Refuses while the database is open (DatabaseLockedError). The database it replaces is kept
    as `<db>.before-restore-<timestamp>`; that path is returned (None if there was none).
    """
    source = Path(src)
    target = Path(db_path)
    if not source.is_file():
        raise ValidationError("cli.restore_source_missing", path=str(source))
    if source.resolve() == target.resolve():
        raise ValidationError("cli.restore_same_file", path=str(source))
    if _wal(source).exists():
        # The file alone would lack what that WAL holds; a backup made by `backup` has none.
        raise ValidationError("cli.restore_source_has_wal", path=str(source))
    try:
        schema_version_of(source)
    except ValueError:
        raise ValidationError("cli.restore_not_a_database", path=str(source)) from None

    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, incoming)
    kept: Path | None = None
    try:
        if target.exists():
            # Folds the WAL into the file (so one file holds the old database) and proves that
            # no process has it open; raises DatabaseLockedError otherwise.
            release_file(target)
            kept = _kept_name(target)
            target.rename(kept)
            if _wal(target).exists():  # not expected after the checkpoint, but never drop one
                _wal(target).rename(_wal(kept))
        incoming.rename(target)
    finally:
        incoming.unlink(missing_ok=True)
    return kept


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _kept_name(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    return kept
