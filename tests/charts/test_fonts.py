"""Tests for qpanalysis.charts.fonts: the TrueType copy of the shipped font, and PDFs embedding it drawn right."""

from __future__ import annotations

import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont  # noqa: E402
from PIL import Image  # noqa: E402

from qpanalysis.charts import fonts, save, style  # noqa: E402

# Largest mean difference (0–255 per channel) between the Agg PNG and a renderer's drawing
# of the PDF: anti-aliasing at the edges of text and lines differs by a few levels; a wrong
# glyph (the fault of matplotlib's Type 42 CFF fonts) or a missing one differs by far more:
# the same figure with its Chinese labels replaced by other characters differs by about 1.1.
MAX_MEAN_DIFFERENCE = 0.6
DATA = pd.DataFrame({"town": ["朱家角镇", "金泽镇", "Town A"], "tasks": [5, 3, 2]})


def test_cache_folder_is_outside_the_package_and_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fonts.truetype_cache_dir() == tmp_path / "qpanalysis" / "fonts"
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert fonts.truetype_cache_dir() == tmp_path / "elsewhere"


def test_only_a_cff_font_is_converted(tmp_path):
    truetype = findfont(FontProperties(family="DejaVu Sans"))
    with pytest.raises(ValueError, match="no CFF outlines"):
        fonts.otf_to_ttf(truetype, tmp_path / "copy.ttf")


def test_registered_files_come_first_for_their_family(tmp_path):
    fonts.register_fonts()
    assert findfont(FontProperties(family=fonts.FONT_FAMILY)) == str(fonts.FONT_FILES["regular"])


def _render(pdf, tool: str, out) -> np.ndarray:
    if tool == "gs":
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", f"-r{save.DPI}",
                        "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", f"-sOutputFile={out}", str(pdf)], check=True)
    else:
        subprocess.run(["mutool", "draw", "-q", "-r", str(save.DPI), "-o", str(out), str(pdf)], check=True,
                       capture_output=True)
    return np.asarray(Image.open(out).convert("RGB"), dtype=float)


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("gs") and shutil.which("mutool") and shutil.which("pdffonts")),
                    reason="Ghostscript, MuPDF and poppler's pdffonts are needed")
def test_truetype_pdf_has_no_type3_fonts_and_draws_as_the_png_in_ghostscript_and_mupdf(tmp_path):
    style.use_style("zh", width="column")
    try:
        fig, ax = style.new_figure("column")
        ax.bar(DATA["town"], DATA["tasks"])
        ax.set_title("各镇任务数（个）Tasks by town", fontweight="bold")
        paths = save.save_figure(fig, "fonts", DATA, output_dir=tmp_path, formats=("png", "pdf"),
                                 source_note="数据来源：清单", pdf_truetype=True)
    finally:
        style.use_style("zh", width=None)
        plt.close("all")
    listing = subprocess.run(["pdffonts", str(paths["pdf"])], capture_output=True, text=True, check=True).stdout
    kinds = [line for line in listing.splitlines()[2:] if line.strip()]
    assert kinds and all("CID TrueType" in line for line in kinds), listing
    assert "Type 3" not in listing
    reference = np.asarray(Image.open(paths["png"]).convert("RGB"), dtype=float)
    for tool in ("gs", "mutool"):
        drawn = _render(paths["pdf"], tool, tmp_path / f"{tool}.png")
        height, width = min(drawn.shape[0], reference.shape[0]), min(drawn.shape[1], reference.shape[1])
        assert abs(drawn.shape[0] - reference.shape[0]) <= 2 and abs(drawn.shape[1] - reference.shape[1]) <= 2
        difference = np.abs(drawn[:height, :width] - reference[:height, :width]).mean()
        assert difference < MAX_MEAN_DIFFERENCE, (tool, difference)
