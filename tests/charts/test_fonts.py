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
from tests.charts import truetype_ahead  # noqa: E402

# Share of pixels a drawing may have outside the range of the reference's pixels within 2 px
# (by more than 96 of 255 grey levels), which forgives anti-aliasing and a 1-px shift. Measured
# with Ghostscript 10 and MuPDF 1.2x at 300 dpi: the TrueType PDF against the Type 3 PDF of the
# same figure 0.00012 (gs) and 0 (MuPDF); the same figure with 7 Chinese labels replaced by other
# characters 0.00056–0.00067; a glyph-mapping fault garbles every glyph, far more.
MAX_OUTSIDE_SHARE = 0.0003
# Against matplotlib's own PNG (Agg hints and anti-aliases text its own way; the bold title
# differs most) both PDFs measured 0.0014–0.0017.
MAX_OUTSIDE_SHARE_AGG = 0.005
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


def _outside(reference: np.ndarray, drawn: np.ndarray, reach: int = 2, tolerance: int = 96) -> float:
    """Share of ``drawn``'s pixels darker or lighter than every ``reference`` pixel within ``reach``."""
    height, width = min(reference.shape[0], drawn.shape[0]), min(reference.shape[1], drawn.shape[1])
    reference, drawn = reference[:height, :width], drawn[:height, :width]
    padded = np.pad(reference, reach, mode="edge")
    low, high = np.full_like(reference, 255.0), np.zeros_like(reference)
    for dy in range(2 * reach + 1):
        for dx in range(2 * reach + 1):
            window = padded[dy:dy + height, dx:dx + width]
            low, high = np.minimum(low, window), np.maximum(high, window)
    return float(((drawn < low - tolerance) | (drawn > high + tolerance)).mean())


def _both_ways(a: np.ndarray, b: np.ndarray) -> float:
    return max(_outside(a, b), _outside(b, a))


def _render(pdf, tool: str, out) -> np.ndarray:
    if tool == "gs":
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", f"-r{save.DPI}",
                        "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", f"-sOutputFile={out}", str(pdf)], check=True)
    else:
        subprocess.run(["mutool", "draw", "-q", "-r", str(save.DPI), "-o", str(out), str(pdf)], check=True,
                       capture_output=True)
    return np.asarray(Image.open(out).convert("L"), dtype=float)


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("gs") and shutil.which("mutool") and shutil.which("pdffonts")),
                    reason="Ghostscript, MuPDF and poppler's pdffonts are needed")
def test_truetype_pdf_has_no_type3_fonts_and_draws_as_the_png_in_ghostscript_and_mupdf(tmp_path):
    truetype_ahead.wait()  # the copies, made ahead in a child process (tests/charts/truetype_ahead.py)
    style.use_style("zh", width="column")
    try:
        saved = {}
        for truetype in (True, False):
            fig, ax = style.new_figure("column")
            ax.bar(DATA["town"], DATA["tasks"])
            ax.set_title("各镇任务数（个）Tasks by town", fontweight="bold")
            saved[truetype] = save.save_figure(fig, f"fonts{int(truetype)}", DATA, output_dir=tmp_path,
                                               formats=("png", "pdf"), source_note="数据来源：清单",
                                               pdf_truetype=truetype)
    finally:
        style.use_style("zh", width=None)
        plt.close("all")
    listing = subprocess.run(["pdffonts", str(saved[True]["pdf"])], capture_output=True, text=True,
                             check=True).stdout
    kinds = [line for line in listing.splitlines()[2:] if line.strip()]
    assert kinds and all("CID TrueType" in line for line in kinds), listing
    assert {"Regular", "Bold"} <= {line.split()[0].rpartition("-")[2] for line in kinds}
    assert "Type 3" in subprocess.run(["pdffonts", str(saved[False]["pdf"])], capture_output=True, text=True,
                                      check=True).stdout
    agg = np.asarray(Image.open(saved[True]["png"]).convert("L"), dtype=float)
    for tool in ("gs", "mutool"):
        truetype = _render(saved[True]["pdf"], tool, tmp_path / f"{tool}-truetype.png")
        type3 = _render(saved[False]["pdf"], tool, tmp_path / f"{tool}-type3.png")
        assert abs(truetype.shape[0] - agg.shape[0]) <= 2 and abs(truetype.shape[1] - agg.shape[1]) <= 2
        # The Type 3 glyphs are matplotlib's own drawing of the font's outlines: the TrueType copy
        # must draw the same glyphs in the same places.
        assert _both_ways(type3, truetype) < MAX_OUTSIDE_SHARE, tool
        assert _both_ways(agg, truetype) < MAX_OUTSIDE_SHARE_AGG, tool
