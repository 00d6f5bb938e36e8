"""Every notebook in notebooks/ runs top to bottom in a fresh Jupyter kernel (nbclient + ipykernel).

Notebooks are stored as jupytext py:percent files without outputs; the kernel starts in the repository
root with it on PYTHONPATH, so it imports this checkout's code and the data shipped in it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def test_there_are_at_least_three_notebooks_and_no_stored_outputs():
    assert len(NOTEBOOKS) >= 3, [p.name for p in NOTEBOOKS]
    assert not list((ROOT / "notebooks").glob("*.ipynb"))
    for path in NOTEBOOKS:
        assert "format_name: percent" in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, monkeypatch, tmp_path):
    jupytext = pytest.importorskip("jupytext")
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("CHAINKG_NOTEBOOK_OUT", str(tmp_path))  # where a notebook may write files
    nb = jupytext.read(path)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError naming the cell on any error
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells and all(c.get("execution_count") for c in code_cells)
    assert not any(o.get("output_type") == "error" for c in code_cells for o in c.get("outputs", []))
