"""Deployment settings, each with a default and a line of help (`learnhub settings` lists them).

Read from environment variables `LEARNHUB_<NAME>` so a server, a test and a notebook can each set
their own without a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["SETTINGS_HELP", "Settings", "load_settings"]

SETTINGS_HELP: dict[str, str] = {
    "db": "DuckDB database file (also --db on the command line)",
    "timezone": "the office's time zone; decides what 'today' is",
    "edit_window_days": "how many days, today included, staff may add or edit entries for",
    "session_idle_minutes": "sign-in session ends after this long without use",
    "session_absolute_hours": "sign-in session ends this long after sign-in, however busy",
    "lockout_failures": "wrong passwords in a row before the account is locked for a while",
    "lockout_minutes": "how long a locked account stays locked",
    "cookie_secure": "send the session cookie only over HTTPS (set to 1 behind TLS)",
    "upload_max_mb": "largest lesson file (PDF or Word) a trainer may upload, in MB",
    "snapshot_minutes": "minutes between the app's refreshes of the notebooks' snapshot (0: never)",
}


@dataclass(frozen=True)
class Settings:
    db: str = "data/learnhub.duckdb"
    timezone: str = "Asia/Shanghai"
    edit_window_days: int = 3
    session_idle_minutes: int = 120
    session_absolute_hours: int = 24 * 7
    lockout_failures: int = 5
    lockout_minutes: int = 15
    cookie_secure: bool = False
    upload_max_mb: int = 20
    snapshot_minutes: int = 10

    @property
    def db_path(self) -> Path:
        return Path(self.db)


def load_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"LEARNHUB_{f.name.upper()}")
        if raw is None:
            continue
        if f.type in ("int", int):
            values[f.name] = int(raw)
        elif f.type in ("bool", bool):
            values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
        else:
            values[f.name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
