"""Shared fixtures: small, named after the state they give (`fresh_store`, `office`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from learnhub import auth
from learnhub.auth import hash_password
from learnhub.office import initialise
from learnhub.settings import Settings
from learnhub.store import Store

# Fixed "today" for tests that need one: a Wednesday in a month with no holiday.
TODAY = date(2026, 3, 18)
PASSWORD = "correct-horse-9"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at test cost: fixtures hash several passwords for every test. One test in
    test_auth.py checks the real hasher's parameters."""
    monkeypatch.setattr(
        auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "learnhub.duckdb"))


@pytest.fixture
def fresh_store(settings: Settings) -> Iterator[Store]:
    """A migrated, empty database file."""
    store = initialise(settings.db)
    yield store
    store.db.close()


@dataclass
class Office:
    store: Store
    staff_id: int
    other_staff_id: int
    trainer_id: int
    office_id: int
    book_id: int


def add_person(
    store: Store,
    username: str,
    name: str,
    department: str,
    roles: str,
    password: str = PASSWORD,
) -> int:
    hashed = hash_password(password)

    def work(cur):  # type: ignore[no-untyped-def]
        dept = store.people.department_id(cur, department, create=True)
        person_id = store.people.insert_person(
            cur,
            username=username,
            name=name,
            department_id=dept,
            roles=roles,
            password_hash=hashed,
        )
        store.people.set_password_hash(cur, person_id, hashed, must_change=False)
        return person_id

    return int(store.transaction(work))


@pytest.fixture
def office(fresh_store: Store) -> Office:
    """Two departments, two staff, a trainer, an office clerk and one book on the reading list."""
    store = fresh_store
    staff = add_person(store, "00123", "张三", "综合科", "staff")
    other = add_person(store, "00124", "李四", "业务科", "staff")
    trainer = add_person(store, "t001", "王老师", "综合科", "trainer")
    clerk = add_person(store, "office1", "赵主任", "办公室", "office;staff")
    book = store.transaction(lambda cur: store.books.insert(cur, "习近平谈治国理政", "", 500))
    return Office(store, staff, other, trainer, clerk, int(book))


@pytest.fixture
def app_office(office: Office, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    """The `office` fixture served to pages (they find the database through LEARNHUB_DB)."""
    from learnhub.ui.context import forget_stores

    monkeypatch.setenv("LEARNHUB_DB", office.store.db.path)
    yield office
    forget_stores()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], object]]:
    """What each download button would serve, by file name: AppTest discards its media files
    after each run, so the deferred data callables are caught as the page registers them."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    caught: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        caught[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught
