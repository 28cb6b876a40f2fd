"""Group commit: small writes arriving at the same moment share one transaction.

Each DuckDB commit syncs the write-ahead log and each statement costs about half a millisecond,
which limits how many check-ins per second the app takes when a whole office saves at once. One
writer thread per database takes whatever is queued (up to `max_batch` items), hands the batch to
a handler that stores it with a few set-based statements in one transaction, and gives every
caller its own result. If a batch fails, it is rolled back and each item is tried alone, so one
item's failure never takes another's with it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from learnhub.store.database import Cursor, Database

I = TypeVar("I")  # noqa: E741
R = TypeVar("R")

LINGER = 0.0005  # seconds


@dataclass
class _Job(Generic[I]):
    item: I
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class BatchWriter(Generic[I, R]):
    def __init__(
        self,
        db: Database,
        handle: Callable[[Cursor, list[I]], list[R]],
        *,
        max_batch: int = 64,
    ) -> None:
        self.db = db
        self.handle = handle
        self.max_batch = max_batch
        self._queue: queue.Queue[_Job[I] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, item: I) -> R:
        """Store `item` with whatever else is waiting; blocks until its batch committed."""
        job = _Job(item)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="learnhub-writer", daemon=True
                )
                self._thread.start()
            self._queue.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[no-any-return]

    def stop(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=10)
                self._thread = None

    def _run(self) -> None:
        busy = False
        while True:
            job = self._queue.get()
            if job is None:
                return
            batch = [job]
            stopping = False
            while len(batch) < self.max_batch:
                try:
                    # Under load, linger a moment so the next batch fills; when it is quiet, a
                    # lone save goes straight through.
                    queued = self._queue.get(timeout=LINGER) if busy else self._queue.get_nowait()
                except queue.Empty:
                    break
                if queued is None:
                    stopping = True
                    break
                batch.append(queued)
            busy = len(batch) > 1
            self._run_batch(batch)
            if stopping:
                return

    def _run_batch(self, batch: list[_Job[I]]) -> None:
        items = [job.item for job in batch]
        try:
            results = self.db.transaction(lambda cur: self.handle(cur, items))
        except BaseException as exc:
            if len(batch) == 1:
                batch[0].error = exc
                batch[0].done.set()
                return
            for job in batch:
                self._run_batch([job])
            return
        for job, result in zip(batch, results, strict=True):
            job.result = result
            job.done.set()
