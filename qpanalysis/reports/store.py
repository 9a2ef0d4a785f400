"""Keep the committed notebooks runnable and reviewable: execute in place, strip images."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports.kernels import QuietKernelManager, kernel_arguments

# Image outputs are dropped before commit: they are regenerated on every run, make diffs
# unreadable, and nbval does not compare them. Text outputs stay, for nbval to check.
IMAGE_MIME_TYPES = ("image/png", "image/svg+xml", "image/jpeg", "application/pdf")
# Cell metadata that changes on every run and says nothing about the result.
VOLATILE_METADATA = ("execution", "papermill")
# Outputs larger than this are dropped too: the explorer's offline table library (about
# 970 KB of JavaScript) and its cards are made again by every run, and nbval compares none.
MAX_COMMITTED_OUTPUT = 64 * 1024


def _size(data: dict) -> int:
    return sum(len("".join(v) if isinstance(v, list) else str(v)) for v in data.values())


def strip_images(nb) -> int:
    """Remove image outputs, outputs over ``MAX_COMMITTED_OUTPUT`` and run-specific metadata; return how many went.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        ...     nbformat.v4.new_output("display_data", {"image/png": "iVBOR", "text/plain": "<Figure size 10x10>"}),
        ...     nbformat.v4.new_output("display_data", {"text/html": "<script>" + "x" * MAX_COMMITTED_OUTPUT}),
        ...     nbformat.v4.new_output("stream", name="stdout", text="41 tasks"),
        ... ])])
        >>> strip_images(nb), [o.get("text") for o in nb.cells[0].outputs]
        (2, ['41 tasks'])
    """
    removed = 0
    for cell in nb.cells:
        for key in VOLATILE_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if _size(data) > MAX_COMMITTED_OUTPUT:
                removed += 1
                continue
            images = [m for m in IMAGE_MIME_TYPES if m in data]
            if images:
                removed += 1
                for mime in images:
                    del data[mime]
                if not data or set(data) == {"text/plain"} and "Figure size" in "".join(data.get("text/plain", "")):
                    continue
            kept.append(output)
        cell["outputs"] = kept
    nb.metadata.pop("papermill", None)
    return removed


def refresh(path: Path, timeout: int = 600) -> Path:
    """Execute a committed notebook in place with its default parameters, then strip images.

    Figures are written to a temporary folder so that refreshing leaves ``figures/`` alone.
    The kernel starts and stops as the runner's do, without noise in the terminal.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as figures_dir, tempfile.TemporaryDirectory() as kernel_dir:
        previous = os.environ.get("QPANALYSIS_FIGURES_DIR")
        os.environ["QPANALYSIS_FIGURES_DIR"] = figures_dir
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}},
                           kernel_manager_class=QuietKernelManager,
                           extra_arguments=kernel_arguments(kernel_dir)).execute()
        finally:
            if previous is None:
                os.environ.pop("QPANALYSIS_FIGURES_DIR", None)
            else:
                os.environ["QPANALYSIS_FIGURES_DIR"] = previous
    strip_images(nb)
    nbformat.write(nb, path)
    return path


def main(paths: list[str] | None = None) -> None:
    """Refresh the given notebooks, or every notebook in ``notebooks/``."""
    targets = [Path(p) for p in paths] if paths else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    for target in targets:
        refresh(target)
        print(f"refreshed {target}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
