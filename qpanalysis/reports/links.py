"""Links of an executed notebook rewritten to resolve from the folder it is published in, as in its HTML."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

# A link from notebooks/ to a project folder: Markdown ``](../docs/…)`` and HTML
# ``href="../data/…"`` / ``src="../figures/…"``. The notebooks link so, to open in JupyterLab
# from notebooks/; an executed copy published in reports/<run>/<lang>/ needs another prefix.
PROJECT_LINK = re.compile(r'(\]\(|href="|src=")\.\./(?=(?:docs|data|figures|notebooks)/)')
# Output formats whose text may hold links.
LINKED_OUTPUTS = ("text/markdown", "text/html")


def rewrite(text: str, prefix: str) -> str:
    """``text`` with every project link from notebooks/ starting with ``prefix`` instead of ``..``.

    Example:
        >>> rewrite("[说明](../docs/assumptions_and_caveats.md#town-basis)", "../../..")
        '[说明](../../../docs/assumptions_and_caveats.md#town-basis)'
        >>> rewrite('<a href="../data/raw/list.txt">list.txt:53</a> (../docs/x.md)', "../..")
        '<a href="../../data/raw/list.txt">list.txt:53</a> (../docs/x.md)'
    """
    return PROJECT_LINK.sub(lambda m: f"{m[1]}{prefix}/", text)


def prefix_for(folder: Path, root: Path) -> str:
    """The relative path from ``folder`` (where a notebook is published) to the project ``root``.

    Example:
        >>> prefix_for(Path("/p/reports/2026/zh"), Path("/p"))
        '../../..'
    """
    return Path(os.path.relpath(root, folder)).as_posix()


def _rewrite_source(source, prefix: str):
    if isinstance(source, list):
        return [rewrite(part, prefix) for part in source]
    return rewrite(source, prefix)


def rewrite_notebook(nb, folder: Path, root: Path):
    """A copy of an executed notebook whose project links resolve from ``folder``.

    Markdown cells and the Markdown and HTML outputs of code cells (tables with links to the
    source file, generated findings) are rewritten; code and everything else are kept.

    Args:
        nb: The executed notebook (an ``nbformat`` node, or a dict of the same shape).
        folder: The folder the notebook is published in, e.g. ``reports/2026/zh``.
        root: The project folder holding docs/, data/ and figures/ (or the copy of them
            next to the reports, when the package is installed).

    Example:
        >>> nb = {"cells": [{"cell_type": "markdown", "source": "[a](../docs/a.md)"},
        ...                 {"cell_type": "code", "source": "x = '../docs/a.md'", "outputs": [
        ...                     {"output_type": "display_data", "data": {"text/markdown": "[b](../docs/b.md)"}}]}]}
        >>> out = rewrite_notebook(nb, Path("/p/reports/2026/en"), Path("/p"))
        >>> out["cells"][0]["source"], out["cells"][1]["source"], out["cells"][1]["outputs"][0]["data"]["text/markdown"]
        ('[a](../../../docs/a.md)', "x = '../docs/a.md'", '[b](../../../docs/b.md)')
    """
    prefix = prefix_for(Path(folder), Path(root))
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = _rewrite_source(cell["source"], prefix)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for kind in LINKED_OUTPUTS:
                if kind in data:
                    data[kind] = _rewrite_source(data[kind], prefix)
    return out
