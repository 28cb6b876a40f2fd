"""The notebooks' snapshot (learnhub.snapshot): copied by the process that holds the database
read-write, complete but for the fingerprints, stamped with its time, replaced whole by the next
refresh while earlier readers keep theirs; opened by `learnhub.open()` in this process and in
another one while this one holds the database; kept fresh by the app's refresher thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from notebook_support import counts, demo_office, fingerprints

import learnhub
from learnhub.notebook import NothingToOpenError
from learnhub.settings import Settings
from learnhub.snapshot import (
    EXCLUDED_TABLES,
    META_TABLE,
    open_snapshot,
    refresh_snapshot,
    snapshot_info,
    snapshot_path,
)
from learnhub.store import Store
from learnhub.ui.snapshot_refresher import ensure_refresher, stop_refreshers

TODAY = date(2026, 3, 18)
TAKEN = datetime(2026, 3, 18, 2, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = demo_office(tmp_path_factory.mktemp("snap") / "learnhub.duckdb", TODAY)
    fingerprints(store)
    yield store
    store.db.close()


def records_of(store: Store) -> int:
    return int(store.db.scalar("SELECT count(*) FROM records"))


def add_note(store: Store) -> None:
    person = int(store.db.scalar("SELECT min(id) FROM people WHERE roles LIKE '%staff%'"))
    store.db.execute(
        "INSERT INTO records (person_id, day, kind, minutes) VALUES (?, ?, 'reading', 30)",
        [person, TODAY],
    )


def test_the_path_is_beside_the_database() -> None:
    assert snapshot_path("data/learnhub.duckdb") == Path("data/learnhub.snapshot.duckdb")
    assert snapshot_path("/x/office.db") == Path("/x/office.db.snapshot.duckdb")


def test_a_snapshot_has_every_row_but_the_fingerprints(demo: Store) -> None:
    info = refresh_snapshot(demo, now=TAKEN)
    assert info.path == snapshot_path(demo.db.path) and info.path.is_file()
    assert info.taken_at == TAKEN and info.excluded == EXCLUDED_TABLES == ("text_fingerprints",)
    assert info.size_bytes == info.path.stat().st_size > 0
    copy = open_snapshot(info.path)
    try:
        copied = counts(Store(copy))
    finally:
        copy.close()
    original = counts(demo)
    assert original["text_fingerprints"] == 50 and copied["text_fingerprints"] == 0
    assert copied.pop(META_TABLE) == 1
    assert copied == {**original, "text_fingerprints": 0}
    # Nothing left behind: no temporary file, no reader link, no WAL of the copy.
    left = {p.name for p in info.path.parent.iterdir()} - {"learnhub.duckdb", "learnhub.duckdb.wal"}
    assert left == {info.path.name}


def test_snapshot_info_reads_the_time_back(demo: Store) -> None:
    refresh_snapshot(demo, now=TAKEN)
    info = snapshot_info(snapshot_path(demo.db.path))
    assert info is not None
    assert info.taken_at == TAKEN and info.source == demo.db.path
    assert info.age(TAKEN + timedelta(minutes=12)) == timedelta(minutes=12)
    assert snapshot_info(Path(demo.db.path).with_name("nothing.duckdb")) is None


def test_a_refresh_replaces_it_and_an_earlier_reader_keeps_its_copy(demo: Store) -> None:
    refresh_snapshot(demo, now=TAKEN)
    path = snapshot_path(demo.db.path)
    before = records_of(demo)
    reader = open_snapshot(path)
    add_note(demo)
    later = refresh_snapshot(demo, now=TAKEN + timedelta(minutes=10))
    assert int(reader.scalar("SELECT count(*) FROM records")) == before
    again = open_snapshot(path)  # in the same process: a new open sees the new file
    try:
        assert int(again.scalar("SELECT count(*) FROM records")) == before + 1
        assert snapshot_info(path).taken_at == later.taken_at  # type: ignore[union-attr]
        # …and the earlier reader still reads, after the file it opened was replaced.
        assert int(reader.scalar("SELECT count(*) FROM records WHERE minutes = 30")) >= 1
        assert reader.scalar(f"SELECT taken_at FROM {META_TABLE}") == TAKEN.replace(tzinfo=None)
    finally:
        reader.close()
        again.close()


def test_two_refreshes_at_once_leave_one_whole_snapshot(demo: Store) -> None:
    errors: list[BaseException] = []

    def refresh() -> None:
        try:
            refresh_snapshot(demo, now=datetime.now(UTC))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    copy = open_snapshot(snapshot_path(demo.db.path))
    try:
        assert int(copy.scalar("SELECT count(*) FROM records")) == records_of(demo)
    finally:
        copy.close()


def test_the_notebook_opens_the_snapshot_while_the_database_is_open(
    demo: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEARNHUB_DB", demo.db.path)
    refresh_snapshot(demo, now=datetime.now(UTC) - timedelta(minutes=5))
    hub = learnhub.open()
    try:
        assert hub.snapshot is not None and hub.store.db.read_only
        assert timedelta(minutes=5) <= hub.snapshot_age < timedelta(minutes=6)  # type: ignore[operator]
        assert hub.taken_at is not None and hub.taken_at.utcoffset() == timedelta(hours=8)
        printed = capsys.readouterr().out
        assert "5 分钟前" in printed and str(snapshot_path(demo.db.path)) in printed
        assert "5 分钟前" in repr(hub) and hub.describe() in repr(hub)
        assert len(hub.people()) == len(demo.people.people(include_inactive=True))
        with pytest.raises(Exception, match="read-only"):
            hub.store.db.execute("DELETE FROM records")
    finally:
        hub.close()


def test_with_neither_a_snapshot_nor_a_database_it_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNHUB_DB", str(tmp_path / "learnhub.duckdb"))
    with pytest.raises(NothingToOpenError, match="数据快照"):
        learnhub.open()
    assert not (tmp_path / "learnhub.duckdb").exists()


def test_another_process_reads_the_snapshot_while_this_one_holds_the_database(
    demo: Store, tmp_path: Path
) -> None:
    """What a notebook next to the running app sees: refused without a snapshot (with the
    advice), the snapshot's data with one."""
    script = (
        "import learnhub\n"
        "try:\n"
        "    hub = learnhub.open(quiet=True)\n"
        "except learnhub.notebook.NothingToOpenError as exc:\n"
        "    print('REFUSED', exc)\n"
        "else:\n"
        "    print('ROWS', len(hub.sql('SELECT * FROM records')))\n"
    )
    env = {**os.environ, "LEARNHUB_DB": demo.db.path, "PYTHONPATH": str(ROOT)}
    path = snapshot_path(demo.db.path)
    path.unlink(missing_ok=True)

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                              text=True, timeout=120, check=True)  # fmt: skip
        return done.stdout.strip()

    refused = run()
    assert refused.startswith("REFUSED") and "立即刷新" in refused
    refresh_snapshot(demo, now=datetime.now(UTC))
    assert run() == f"ROWS {records_of(demo)}"


def test_the_refresher_keeps_it_fresh_and_starts_once(demo: Store) -> None:
    path = snapshot_path(demo.db.path)
    path.unlink(missing_ok=True)
    settings = Settings(db=demo.db.path, snapshot_minutes=10)
    try:
        thread = ensure_refresher(demo, settings)
        assert thread is not None and thread.daemon
        assert ensure_refresher(demo, settings) is thread
        deadline = time.monotonic() + 30
        while not path.is_file() and time.monotonic() < deadline:
            time.sleep(0.05)
        info = snapshot_info(path)
        assert info is not None and info.age() < timedelta(minutes=1)
    finally:
        stop_refreshers()
    assert not thread.is_alive()
    assert ensure_refresher(demo, Settings(db=demo.db.path, snapshot_minutes=0)) is None


def test_a_failing_refresh_is_logged_and_the_thread_carries_on(
    demo: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from learnhub.ui import snapshot_refresher

    def broken(store: Store, *, now: datetime) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(snapshot_refresher, "refresh_snapshot", broken)
    try:
        thread = ensure_refresher(demo, Settings(db=demo.db.path, snapshot_minutes=10))
        assert thread is not None
        deadline = time.monotonic() + 10
        while "snapshot refresh failed" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "disk full" in caplog.text and thread.is_alive()
    finally:
        stop_refreshers()


def test_a_refresh_sweeps_what_a_crashed_one_left(demo: Store) -> None:
    path = snapshot_path(demo.db.path)
    stale = path.with_name(f".{path.name}.999-deadbeef.tmp")
    fresh = path.with_name(f".{path.name}.998-cafebabe.tmp")
    stale.write_bytes(b"half a copy")
    fresh.write_bytes(b"another refresh at work")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    refresh_snapshot(demo, now=datetime.now(UTC))
    assert not stale.exists() and fresh.exists()
    fresh.unlink()
