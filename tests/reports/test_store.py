"""Tests of qpanalysis.reports.store: the committed notebooks stay small and reviewable (no images, no large outputs, no run metadata)."""

from __future__ import annotations

import copy

import nbformat
import pytest

from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports import store

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_a_committed_notebook_holds_nothing_that_refresh_would_strip(path):
    nb = nbformat.read(path, as_version=4)
    stripped = copy.deepcopy(nb)
    assert store.strip_images(stripped) == 0, f"{path.name}: images or outputs over {store.MAX_COMMITTED_OUTPUT} bytes"
    assert stripped == nb, f"{path.name}: run metadata (execution times, papermill) is committed"


def test_a_figure_keeps_its_text_but_not_its_placeholder():
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"}),
        nbformat.v4.new_output("display_data", {"image/svg+xml": "<svg/>", "text/markdown": "图1：各板块金额"}),
    ])
    cell.metadata["execution"] = {"iopub.status.idle": "2026-12-04T10:00:00Z"}
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"duration": 3.2}})
    assert store.strip_images(nb) == 2
    assert [o["data"] for o in nb.cells[0].outputs] == [{"text/markdown": "图1：各板块金额"}]
    assert "execution" not in nb.cells[0].metadata and "papermill" not in nb.metadata


def test_main_refreshes_the_named_notebooks_or_every_one(monkeypatch, capsys, tmp_path):
    refreshed = []
    monkeypatch.setattr(store, "refresh", refreshed.append)
    store.main([str(tmp_path / "a.ipynb")])
    assert refreshed == [tmp_path / "a.ipynb"]
    assert capsys.readouterr().out == f"refreshed {tmp_path / 'a.ipynb'}\n"
    refreshed.clear()
    store.main([])
    assert refreshed == NOTEBOOKS
