"""The one DuckDB database of this process.

DuckDB allows one read-write opener per file, and a connection used by two threads at once raises,
so every process keeps a single `Database` per file and hands out a fresh cursor per operation.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
import pandas as pd

T = TypeVar("T")

Cursor = duckdb.DuckDBPyConnection

_REGISTRY: dict[str, Database] = {}
_REGISTRY_LOCK = threading.Lock()


class DatabaseLockedError(RuntimeError):
    """Another process (usually the running web app) holds the database file."""


class Database:
    """A DuckDB database file (or `:memory:`) with short, retried write transactions."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        try:
            self._con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseLockedError(self.path) from exc
            raise
        self.read_only = read_only
        self._cursor_lock = threading.Lock()
        self._writers: dict[str, Any] = {}
        # Small, rarely changed tables a repository keeps in memory (it clears them on writes).
        self.memo: dict[str, Any] = {}
        # Bumped by every committed transaction. This process is the only writer (DESIGN.md §5)
        # and every write goes through `transaction`, so an unchanged generation means unchanged
        # data: results computed from it can be reused (`remember`).
        self.generation = 0
        self._remembered: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    # -- cursors -----------------------------------------------------------------------------
    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        with self._cursor_lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def frame(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
        with self.cursor() as cur:
            return cur.execute(sql, params).df()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> tuple[Any, ...] | None:
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchone()

    def record(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> dict[str, Any] | None:
        """The first row as {column: value} with plain Python values (dates stay dates)."""
        with self.cursor() as cur:
            result = cur.execute(sql, params)
            row = result.fetchone()
            if row is None:
                return None
            return dict(zip([d[0] for d in result.description], row, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    # -- writes ------------------------------------------------------------------------------
    def transaction(self, work: Callable[[Cursor], T], *, attempts: int = 30) -> T:
        """Run `work` in one transaction; retry it when another writer got there first."""
        for attempt in range(attempts):
            with self.cursor() as cur:
                cur.execute("BEGIN TRANSACTION")
                try:
                    result = work(cur)
                    cur.execute("COMMIT")
                    with self._cursor_lock:
                        self.generation += 1
                    return result
                except duckdb.TransactionException:
                    _rollback(cur)
                    if attempt == attempts - 1:
                        raise
                except BaseException:
                    _rollback(cur)
                    raise
            # Conflicts clear in microseconds; a little jitter keeps retries from colliding again.
            time.sleep(min(0.05, 0.001 * (2**attempt)) * random.random())
        raise AssertionError("unreachable")

    def remember(self, key: Hashable, compute: Callable[[], T], *, keep: int = 12) -> T:
        """`compute()`, or what it gave last time for `key` when nothing has been written since.
        For the heavy reads many pages repeat on every rerun (a month judged for 10,000 people);
        the `keep` most recent results are kept."""
        with self._cursor_lock:
            found = self._remembered.get(key)
            generation = self.generation
            if found is not None and found[0] == generation:
                self._remembered.move_to_end(key)
                return cast(T, found[1])
        value = compute()
        with self._cursor_lock:
            # Stamped with the generation it started from: a write during `compute` makes the
            # next call compute again.
            self._remembered[key] = (generation, value)
            self._remembered.move_to_end(key)
            while len(self._remembered) > keep:
                self._remembered.popitem(last=False)
        return value

    def writer(self, name: str, make: Callable[[Database], Any]) -> Any:
        """The one writer called `name` for this database (made by `make` on first use)."""
        with self._cursor_lock:
            if name not in self._writers:
                self._writers[name] = make(self)
            return self._writers[name]

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        self.transaction(lambda cur: cur.execute(sql, params))

    def checkpoint(self) -> None:
        with self.cursor() as cur:
            cur.execute("CHECKPOINT")

    def close(self) -> None:
        for writer in self._writers.values():
            writer.stop()
        with _REGISTRY_LOCK:
            if _REGISTRY.get(self.path) is self:
                del _REGISTRY[self.path]
        self._con.close()


def _rollback(cur: Cursor) -> None:
    with contextlib.suppress(duckdb.Error):
        cur.execute("ROLLBACK")


def is_open_here(path: str | Path) -> bool:
    """Whether this process already holds the database at `path` (a test, a notebook)."""
    with _REGISTRY_LOCK:
        return str(Path(path).resolve()) in _REGISTRY


def shared_database(path: str | Path, **kwargs: Any) -> Database:
    """The process's single Database for `path`, opened on first use."""
    key = str(Path(path).resolve()) if str(path) != ":memory:" else ":memory:"
    with _REGISTRY_LOCK:
        db = _REGISTRY.get(key)
        if db is None:
            db = Database(key, **kwargs)
            _REGISTRY[key] = db
        return db


is_unique_violation: Callable[[BaseException], bool] = lambda exc: isinstance(  # noqa: E731
    exc, duckdb.ConstraintException
)
