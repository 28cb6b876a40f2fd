"""Keep the README honest: its commands, settings and notebook example match the code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import Office

from learnhub.settings import SETTINGS_HELP
from learnhub.snapshot import refresh_snapshot

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_exactly_the_two_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_every_documented_command_exists() -> None:
    from learnhub.cli import main

    documented = set(re.findall(r"^\| `learnhub ([a-z-]+)", README, flags=re.M))
    assert {"init", "create-user", "import", "report", "demo", "backup", "serve"} <= documented
    for command in documented:
        try:
            main([command, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0, command


def test_every_setting_is_documented() -> None:
    for name in SETTINGS_HELP:
        assert f"`LEARNHUB_{name.upper()}`" in README, name


def test_the_notebook_example_runs(office: Office, tmp_path: Path) -> None:
    example = README.split("```python\n", 1)[1].split("```", 1)[0]
    # As while the app serves: it has taken a snapshot and still holds the database.
    refresh_snapshot(office.store, now=datetime.now(UTC))
    script = tmp_path / "notebook.py"
    script.write_text(
        example + "\nimport sys\nassert 'streamlit' not in sys.modules\nprint('ok')\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "LEARNHUB_DB": office.store.db.path}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120,
        env=environment,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_every_dependency_says_what_it_is_for() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    for requirement in names:
        name = re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0]
        assert re.search(rf"\b{re.escape(name)}\b", README), f"{name} is not explained"
