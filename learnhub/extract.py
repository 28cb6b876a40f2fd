"""Text out of an uploaded PDF or .docx, read in a child process with time and memory limits.

PDF parsers have had denial-of-service bugs (FACTS.md), so the app never parses an upload itself:
a hostile file can at worst make the child time out, run out of memory or crash, and the trainer
gets a message instead of a hung or dead web app.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from learnhub.errors import ValidationError

__all__ = ["MEMORY_MB", "TIMEOUT_SECONDS", "extract_text", "worker_command"]

TIMEOUT_SECONDS = 20.0
MEMORY_MB = 512
WORKER = Path(__file__).with_name("extract_worker.py")
_CODES = {3: "uploads.corrupt", 4: "uploads.encrypted", 5: "uploads.too_complex"}


def worker_command(media_type: str, timeout: float) -> list[str]:
    # `-I` keeps the child off PYTHONPATH and away from learnhub/ as a module folder (our
    # calendar.py would shadow the standard library's); run by path, so the package's
    # __init__ (pandas, DuckDB) is not imported.
    cpu = int(timeout) + 1
    return [sys.executable, "-I", str(WORKER), media_type, str(MEMORY_MB), str(cpu)]


def extract_text(
    data: bytes,
    media_type: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    command: Sequence[str] | None = None,
) -> str:
    """The document's text; `command` replaces the worker (tests use a sleeping one)."""
    try:
        done = subprocess.run(
            list(command or worker_command(media_type, timeout)),
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        # run() has already killed the child.
        raise ValidationError("uploads.extract_timeout", seconds=int(timeout)) from None
    if done.returncode != 0:
        raise ValidationError(_CODES.get(done.returncode, "uploads.extract_failed"))
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("uploads.extract_failed") from None
