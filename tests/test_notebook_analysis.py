"""docs/analysis.ipynb runs from top to bottom (nbclient, the venv's own `python3` kernel) against
a small demo office that this process holds open read-write, as the app would: the notebook
reads the snapshot beside it, found through LEARNHUB_DB. The demo ends today, whatever today is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from notebook_support import demo_office

from learnhub.periods import today_in
from learnhub.settings import load_settings
from learnhub.snapshot import refresh_snapshot
from learnhub.store import Store

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "analysis.ipynb"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    store = demo_office(tmp_path / "learnhub.duckdb", today_in(load_settings().timezone))
    refresh_snapshot(store, now=datetime.now(UTC))
    monkeypatch.setenv("LEARNHUB_DB", store.db.path)  # the kernel inherits it
    yield store
    store.db.close()


def outputs(cell: Any) -> str:
    """What a code cell printed and its result's plain text."""
    return "\n".join(
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
        for out in cell.get("outputs", [])
    )


def html(cell: Any) -> str:
    return "\n".join(str(out.get("data", {}).get("text/html", "")) for out in cell.outputs)


def test_the_analysis_notebook_runs_on_the_snapshot(office: Store, tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    opened = outputs(code[0])
    assert "数据快照" in opened and "learnhub.snapshot.duckdb" in opened
    assert "12 人" in outputs(code[1])
    # Altair's default renderer: HTML that embeds the Vega-Lite spec.
    charts = [c for c in code if "vegaEmbed" in html(c)]
    assert len(charts) == 3
    assert all('"mark"' in html(c) for c in charts)
