"""Tests for qpanalysis.charts.save: print width, text size, captions, provenance in each format's metadata."""

from __future__ import annotations

import datetime
import re
import warnings
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from qpanalysis.charts import save, style  # noqa: E402
from tests.charts import gallery  # noqa: E402

MM_PER_INCH = 25.4
DATA = pd.DataFrame({"town": ["朱家角镇", "Town A"], "tasks": [5, 2]})
PROVENANCE = save.Provenance("各镇任务数", "数据来源：清单（sha256 ab…ab）", "ab" * 32, "0.1.0", datetime.date(2026, 10, 8))


@pytest.fixture(autouse=True)
def _page_style():
    yield
    style.use_style("zh", width=None)  # other tests draw each chart at its own width
    plt.close("all")


def _figure(title: str = "各镇任务数（个）"):
    fig, ax = style.new_figure("page")
    ax.bar(DATA["town"], DATA["tasks"])
    ax.set_title(title)
    return fig


def _png_mm(path) -> tuple[float, float]:
    width, height = Image.open(path).size
    return width / save.DPI * MM_PER_INCH, height / save.DPI * MM_PER_INCH


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_at_column_width_is_85_mm_wide_with_text_of_6_pt_or_more(bundled, tmp_path, lang):
    style.use_style(lang, width="column")
    for name, draw in gallery.charts(bundled, lang):
        fig, data = draw()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a cut-off text or a collapsed layout warns
            paths = save.save_figure(fig, name, data, output_dir=tmp_path, formats=("png",),
                                     source_note="数据来源：清单（原始文件 sha256 1970cfd1…2be33314）")
        sizes = {t.get_text(): t.get_fontsize() for t in fig.findobj(Text) if t.get_text() and t.get_visible()}
        assert min(sizes.values()) >= 6, (name, {t: s for t, s in sizes.items() if s < 6})
        width_mm, _ = _png_mm(paths["png"])
        assert abs(width_mm - 85) <= 0.5, (name, width_mm)
        plt.close(fig)


def test_page_and_millimetre_widths_are_kept_exactly(tmp_path):
    for width, mm in (("page", 175), ("120", 120)):
        style.use_style("zh", width=width)
        paths = save.save_figure(_figure(), f"w{mm}", DATA, output_dir=tmp_path, formats=("png",))
        assert abs(_png_mm(paths["png"])[0] - mm) <= 0.5


def test_a_long_note_is_wrapped_to_the_column_not_cut_off(tmp_path):
    style.use_style("zh", width="column")
    fig = _figure()
    note = fig.text(0, 0, "注：" + "总投资为清单所列各任务的项目总投资" * 4, va="top")
    save.save_figure(fig, "note", DATA, output_dir=tmp_path, formats=("png",))
    assert note.get_text().count("\n") >= 2  # 70 characters at 10 pt do not fit 85 mm on one line
    fig.draw_without_rendering()
    assert note.get_window_extent(fig.canvas.get_renderer()).x1 <= fig.get_size_inches()[0] * fig.dpi + 1


def test_no_titles_writes_the_title_and_source_into_a_caption_file(tmp_path):
    fig = _figure("各镇任务数\n（个）")
    paths = save.save_figure(fig, "towns_zh", DATA, output_dir=tmp_path, formats=("png",), titles=False,
                             source_note="数据来源：清单")
    assert paths["caption"].name == "towns_zh.caption.txt"
    assert paths["caption"].read_text(encoding="utf-8") == "各镇任务数（个）\n数据来源：清单\n"
    assert [t.get_text() for t in fig.findobj(Text) if "各镇" in t.get_text() or "数据来源" in t.get_text()] == []


def test_figure_title_is_the_suptitle_else_the_only_titled_axes():
    fig, (a, b) = plt.subplots(1, 2)
    a.set_title("Left panel")
    assert save.figure_title(fig) == "Left panel"
    b.set_title("Right panel")
    assert save.figure_title(fig) is None  # two panel titles: neither is the figure's
    fig.suptitle("Tasks by\ntown")
    assert save.figure_title(fig) == "Tasks by town"


def test_provenance_is_written_into_png_pdf_and_svg_metadata(tmp_path):
    import subprocess

    paths = save.save_figure(_figure(), "meta", DATA, output_dir=tmp_path, provenance=PROVENANCE)
    png = Image.open(paths["png"]).text
    assert png["Source"] == "sha256:" + "ab" * 32 and png["Software"] == "qpanalysis 0.1.0"
    assert png["Creation Time"] == "2026-10-08" and png["Title"] == "各镇任务数"
    assert png["Description"] == PROVENANCE.source
    info = subprocess.run(["pdfinfo", "-isodates", str(paths["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info, re.M))
    assert fields["Title"] == "各镇任务数" and fields["Keywords"] == "sha256:" + "ab" * 32
    assert fields["Creator"] == fields["Author"] == "qpanalysis 0.1.0" and fields["Subject"] == PROVENANCE.source
    assert fields["CreationDate"].startswith("2026-10-08")
    svg = ET.parse(paths["svg"]).getroot()
    dc = "{http://purl.org/dc/elements/1.1/}"
    text = {}
    for el in svg.iter():  # the first of each (the creator's name is a dc:title too)
        if el.tag.startswith(dc):
            text.setdefault(el.tag.removeprefix(dc), "".join(el.itertext()).strip())
    assert text["title"] == "各镇任务数" and text["date"] == "2026-10-08"
    assert text["source"] == "sha256:" + "ab" * 32 and text["description"] == PROVENANCE.source
    assert "qpanalysis 0.1.0" in text["creator"]


def test_svg_text_stays_text_naming_the_font_when_asked(tmp_path):
    outlines = save.save_figure(_figure(), "paths", DATA, output_dir=tmp_path, formats=("svg",))
    as_text = save.save_figure(_figure(), "text", DATA, output_dir=tmp_path, formats=("svg",), svg_text=True)
    svg_ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(el.itertext()) for el in ET.parse(outlines["svg"]).getroot().iter(f"{svg_ns}text")]
    assert texts == []  # glyphs drawn as paths
    root = ET.parse(as_text["svg"]).getroot()
    texts = {"".join(el.itertext()): el.get("style", "") for el in root.iter(f"{svg_ns}text")}
    assert "朱家角镇" in texts and "Noto Sans CJK SC" in texts["朱家角镇"]
