"""Backup and restore: a copy that includes the latest writes, and a restore that loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnhub.backup import backup, restore
from learnhub.errors import ValidationError
from learnhub.office import initialise
from learnhub.org import create_user
from learnhub.store import DatabaseLockedError, Store, open_store


def usernames(store: Store) -> list[str]:
    return store.people.people(include_inactive=True)["username"].tolist()


def test_backup_then_restore_brings_back_the_latest_write(tmp_path: Path) -> None:
    db = tmp_path / "learnhub.duckdb"
    store = initialise(db)
    store.db.checkpoint()
    create_user(store, "00123", name="张三", department="综合科", roles="staff")
    # The write is still only in the WAL: copying the .duckdb file alone would miss it.
    assert (tmp_path / "learnhub.duckdb.wal").stat().st_size > 0
    copy = backup(store, tmp_path / "backup.duckdb")
    create_user(store, "00124", name="李四", department="业务科", roles="staff")
    store.db.close()

    kept = restore(copy, db)

    restored = open_store(db)
    try:
        assert usernames(restored) == ["00123"]
        # Ids continue after the restored ones instead of colliding with them.
        new_id, _ = create_user(restored, "00125", name="王五", department="综合科", roles="staff")
        assert new_id > int(restored.people.person_by_username("00123")["id"])  # type: ignore[index]
    finally:
        restored.db.close()
    assert kept is not None and kept.name.startswith("learnhub.duckdb.before-restore-")
    previous = open_store(kept)
    try:
        assert usernames(previous) == ["00123", "00124"]  # nothing lost by restoring
    finally:
        previous.db.close()


def test_backup_never_overwrites_a_file(fresh_store: Store, tmp_path: Path) -> None:
    existing = tmp_path / "backup.duckdb"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(ValidationError) as refused:
        backup(fresh_store, existing)
    assert refused.value.key == "cli.backup_exists"
    assert existing.read_bytes() == b"yesterday's backup"


def test_restore_refuses_while_the_database_is_open(fresh_store: Store, tmp_path: Path) -> None:
    copy = backup(fresh_store, tmp_path / "backup.duckdb")
    with pytest.raises(DatabaseLockedError):
        restore(copy, fresh_store.db.path)
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "learnhub.duckdb"
    initialise(db).db.close()
    impostor = tmp_path / "notes.duckdb"
    impostor.write_text("not a database")
    with pytest.raises(ValidationError) as refused:
        restore(impostor, db)
    assert refused.value.key == "cli.restore_not_a_database"
    with pytest.raises(ValidationError) as missing:
        restore(tmp_path / "nowhere.duckdb", db)
    assert missing.value.key == "cli.restore_source_missing"
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_into_a_new_place_keeps_nothing_aside(fresh_store: Store, tmp_path: Path) -> None:
    create_user(fresh_store, "00123", name="张三", department="综合科", roles="staff")
    copy = backup(fresh_store, tmp_path / "backup.duckdb")
    target = tmp_path / "elsewhere" / "learnhub.duckdb"

    assert restore(copy, target) is None

    restored = open_store(target)
    try:
        assert usernames(restored) == ["00123"]
    finally:
        restored.db.close()
