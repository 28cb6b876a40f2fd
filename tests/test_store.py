"""The store against a real DuckDB file: migrations, reopening, retried write transactions."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from learnhub.office import initialise
from learnhub.store import MIGRATIONS, Database, Migration, Store, migrate, open_store


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.rows("SELECT table_name FROM information_schema.tables")}


def _applied(db: Database) -> list[int]:
    return [r[0] for r in db.rows("SELECT number FROM schema_migrations ORDER BY number")]


def test_migrations_applied_twice_change_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.duckdb")
    try:
        assert migrate(db) == [m.number for m in MIGRATIONS]
        tables = _tables(db)
        assert {"people", "departments", "sessions", "records", "form_submissions"} <= tables
        assert migrate(db) == []
        assert _tables(db) == tables
        assert _applied(db) == [m.number for m in MIGRATIONS]
    finally:
        db.close()


def test_initialise_twice_keeps_one_default_scheme(tmp_path: Path) -> None:
    path = tmp_path / "i.duckdb"
    store = initialise(path)
    store.db.close()
    store = initialise(path)
    try:
        assert store.db.scalar("SELECT count(*) FROM schemes") == 1
    finally:
        store.db.close()


def test_a_failing_migration_leaves_neither_its_tables_nor_its_record(tmp_path: Path) -> None:
    db = Database(tmp_path / "f.duckdb")
    try:
        migrate(db)

        def good(cur: duckdb.DuckDBPyConnection) -> None:
            cur.execute("CREATE TABLE good_one (id INTEGER)")

        def bad(cur: duckdb.DuckDBPyConnection) -> None:
            cur.execute("CREATE TABLE half_done (id INTEGER)")
            cur.execute("INSERT INTO half_done VALUES (1)")
            cur.execute("ALTER TABLE people ADD COLUMN nickname VARCHAR")
            cur.execute("CREAT TABLE oops (id INTEGER)")  # a typo: the migration fails here

        extra = (*MIGRATIONS, Migration(90, "good_one", good), Migration(91, "bad_one", bad))
        with pytest.raises(duckdb.Error):
            migrate(db, extra)
        tables = _tables(db)
        assert "good_one" in tables  # the earlier migration stands: it had its own transaction
        assert "half_done" not in tables
        columns = {
            r[0]
            for r in db.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'people'"
            )
        }
        assert "nickname" not in columns
        assert _applied(db)[-1] == 90
        assert 91 not in _applied(db)

        # Fixed, the migration applies on the next run — and only it.
        fixed = (
            *MIGRATIONS,
            Migration(90, "good_one", good),
            Migration(91, "fixed", lambda c: None),
        )
        assert migrate(db, fixed) == [91]
    finally:
        db.close()


def test_the_database_file_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "keep.duckdb"
    store = open_store(path)
    store.settings.set("office_name", "县委组织部")
    store.calendar.set_override(date(2026, 3, 18), False, "停电")
    store.db.close()
    assert path.exists()

    again = open_store(path)
    try:
        assert again is not store
        assert again.settings.get("office_name") == "县委组织部"
        assert again.calendar.overrides() == {date(2026, 3, 18): False}
        assert migrate(again.db) == []
    finally:
        again.db.close()


def test_one_database_per_file_per_process(tmp_path: Path) -> None:
    first = open_store(tmp_path / "one.duckdb")
    try:
        second = open_store(tmp_path / "sub" / ".." / "one.duckdb")
        assert second.db is first.db
    finally:
        first.db.close()


def test_a_failed_transaction_stores_nothing(fresh_store: Store) -> None:
    def work(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("INSERT INTO settings VALUES ('a', '1')")
        raise ValueError("something went wrong halfway")

    with pytest.raises(ValueError, match="halfway"):
        fresh_store.transaction(work)
    assert fresh_store.settings.get("a") is None


def test_write_conflicts_are_retried(fresh_store: Store) -> None:
    """Two threads read the same row, then both update it: DuckDB refuses the second update
    ('Conflict on update'); the transaction is retried and no increment is lost."""
    db = fresh_store.db
    db.execute("INSERT INTO settings VALUES ('counter', '0')")
    both_read = threading.Barrier(2, timeout=10)
    attempts: list[str] = []
    errors: list[BaseException] = []

    def increment(cur: duckdb.DuckDBPyConnection) -> None:
        value = int(cur.execute("SELECT value FROM settings WHERE key = 'counter'").fetchone()[0])
        first_try = threading.current_thread().name not in attempts
        attempts.append(threading.current_thread().name)
        if first_try:
            both_read.wait()  # both transactions have read 0 before either writes
        cur.execute("UPDATE settings SET value = ? WHERE key = 'counter'", [str(value + 1)])

    def run() -> None:
        try:
            db.transaction(increment)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, name=f"writer-{i}") for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fresh_store.settings.get("counter") == "2"
    assert len(attempts) > 2  # at least one transaction was retried


def test_many_writers_on_one_row_lose_nothing(fresh_store: Store) -> None:
    db = fresh_store.db
    db.execute("INSERT INTO settings VALUES ('hits', '0')")

    def bump(cur: duckdb.DuckDBPyConnection) -> None:
        value = int(cur.execute("SELECT value FROM settings WHERE key = 'hits'").fetchone()[0])
        cur.execute("UPDATE settings SET value = ? WHERE key = 'hits'", [str(value + 1)])

    def run() -> None:
        for _ in range(25):
            db.transaction(bump, attempts=200)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fresh_store.settings.get("hits") == "100"


def test_a_remembered_result_lasts_until_the_next_write(fresh_store: Store) -> None:
    db = fresh_store.db
    calls: list[int] = []

    def count_books() -> int:
        calls.append(1)
        return int(db.scalar("SELECT count(*) FROM books"))

    assert db.remember("books", count_books) == 0
    assert db.remember("books", count_books) == 0 and len(calls) == 1
    fresh_store.transaction(lambda cur: fresh_store.books.insert(cur, "红楼梦", "曹雪芹", 1000))
    assert db.remember("books", count_books) == 1 and len(calls) == 2
    # A failed transaction changed nothing: still remembered.
    with pytest.raises(RuntimeError):
        fresh_store.transaction(lambda cur: (_ for _ in ()).throw(RuntimeError("no")))
    assert db.remember("books", count_books) == 1 and len(calls) == 2


def test_a_write_during_the_computation_is_not_missed(fresh_store: Store) -> None:
    db = fresh_store.db

    def count_and_write() -> int:
        found = int(db.scalar("SELECT count(*) FROM books"))
        # Someone saves while the result is being computed from the older data.
        fresh_store.transaction(lambda cur: fresh_store.books.insert(cur, "水浒传", "施耐庵", 900))
        return found

    assert db.remember("books", count_and_write) == 0
    assert db.remember("books", lambda: int(db.scalar("SELECT count(*) FROM books"))) == 1
