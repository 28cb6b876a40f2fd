"""What a migration is: a number, a name and the work it does in its one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from learnhub.store.database import Cursor

__all__ = ["Migration", "sql_steps"]


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Cursor], None]


def sql_steps(*statements: str) -> Callable[[Cursor], None]:
    def run(cur: Cursor) -> None:
        for statement in statements:
            cur.execute(statement)

    return run
