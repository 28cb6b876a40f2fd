"""Process-wide things a page needs: settings and the store. No Streamlit caching here on
purpose: the sign-in routes run outside any script, and both must share one DuckDB instance."""

from __future__ import annotations

import threading

from learnhub.office import initialise
from learnhub.settings import Settings, load_settings
from learnhub.store import Store

_LOCK = threading.Lock()
_STORES: dict[str, Store] = {}


def app_settings() -> Settings:
    return load_settings()


def app_store(settings: Settings | None = None) -> Store:
    settings = settings or app_settings()
    with _LOCK:
        store = _STORES.get(settings.db)
        if store is None:
            store = initialise(settings.db)
            _STORES[settings.db] = store
        return store


def forget_stores() -> None:
    """Close every store this process opened (tests switch databases between runs)."""
    with _LOCK:
        for store in _STORES.values():
            store.db.close()
        _STORES.clear()
