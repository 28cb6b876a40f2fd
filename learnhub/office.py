"""Setting up an office's database."""

from __future__ import annotations

from pathlib import Path

from learnhub.schemes import install_default_scheme
from learnhub.store import Store, open_store

__all__ = ["initialise"]


def initialise(path: str | Path) -> Store:
    """Create or migrate the database at `path` and store the default scheme once."""
    store = open_store(path)
    install_default_scheme(store)
    return store
