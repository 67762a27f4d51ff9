"""notebooks/explore.ipynb runs top to bottom with the current code, and its stored
outputs come from such a run (so the notebook can never rot unnoticed)."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebook extra is not installed")
pytest.importorskip("ipykernel", reason="the notebook extra is not installed")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def _outputs(nb, output_type=None):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.outputs:
                if output_type is None or out.output_type == output_type:
                    yield cell, out


def _check_results(nb) -> None:
    errors = [f"{o.ename}: {o.evalue}" for _, o in _outputs(nb, "error")]
    assert not errors, errors
    data = [o.get("data", {}) for _, o in _outputs(nb)]
    # The highlighted view, a table and the plots all rendered.
    assert any('<mark class="vf-q"' in d.get("text/html", "") for d in data)
    assert any("<table" in d.get("text/html", "") and "indicator" in d.get("text/html", "") for d in data)
    assert sum("image/png" in d for d in data) >= 2


def test_notebook_executes(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    # The executed copy goes to a temporary folder: the repository's file is not rewritten.
    nbformat.write(nb, tmp_path / NOTEBOOK.name)
    _check_results(nb)


def test_stored_outputs_are_from_one_complete_run():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook top to bottom and save it"
    _check_results(nb)
