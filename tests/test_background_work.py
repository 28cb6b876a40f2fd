"""The server starts its background threads (reminders, the notebooks' snapshot) when it starts
serving and stops them with it."""

from __future__ import annotations

import asyncio
import threading

from conftest import Office

from learnhub.ui.asgi import app, background_work


def running() -> set[str]:
    return {t.name for t in threading.enumerate() if t.is_alive()}


def test_the_reminder_worker_runs_while_the_server_serves(app_office: Office) -> None:
    seen: list[set[str]] = []

    async def serve() -> None:
        async with background_work(app):
            seen.append(running())

    asyncio.run(serve())
    assert "learnhub-reminders" in seen[0]
    assert any(name.startswith("learnhub-snapshot") for name in seen[0]), seen[0]
    assert "learnhub-reminders" not in running()
    assert not any(name.startswith("learnhub-snapshot") for name in running())
