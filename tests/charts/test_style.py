"""Tests for qpanalysis.charts.style: shipped CJK font, outputs, PDF embedding, validation."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mimg  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from qpanalysis.charts import style as qf  # noqa: E402

REPO = Path(__file__).parents[2]
TASK_LIST = REPO / "data" / "raw" / "2026_qingpu_rural_construction_tasks.txt"
TOWNS = ["朱家角镇", "金泽镇", "练塘镇", "香花桥街道"]
VALUES = [21, 23, 18, 8]
GLYPH_WARNING = re.compile(r"Glyph .* missing|does not have a glyph", re.S)
# A source note as the reports build it from a loaded list (display.labels.source_note).
NOTE = "数据来源：2026 年度青浦区乡村建设行动任务清单（原始文件 sha256 1970cfd1…2be33314）"


@pytest.fixture(autouse=True)
def _style():
    qf.use_style("zh")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _demo_figure():
    fig, ax = qf.new_figure("column")
    ax.barh(TOWNS, VALUES)
    ax.set_title("各街镇任务数 Tasks per town")
    ax.set_xlabel("任务数（项） / number of tasks")
    ax.text(0.95, 0.05, "粗体 Bold", transform=ax.transAxes, ha="right", fontweight="bold")
    data = pd.DataFrame({"town": TOWNS, "tasks": VALUES})
    return fig, ax, data


def _png_dpi(path: Path) -> tuple[float, float]:
    """DPI from the PNG pHYs chunk (pure Python)."""
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    while pos < len(raw):
        (length,) = struct.unpack(">I", raw[pos : pos + 4])
        kind = raw[pos + 4 : pos + 8]
        if kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", raw[pos + 8 : pos + 17])
            assert unit == 1, "pHYs unit is not metres"
            return x * 0.0254, y * 0.0254
        pos += 12 + length
    raise AssertionError("PNG has no pHYs chunk")


def _pdf_objects(raw: bytes) -> dict[int, bytes]:
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(?<![0-9])(\d+) 0 obj(.*?)endobj", raw, re.S)
    }


def _ink(path: Path) -> float:
    img = mimg.imread(path)
    grey = img[..., :3].mean(axis=2) if img.ndim == 3 else img
    if grey.max() > 1.0:
        grey = grey / 255.0
    return float((grey < 0.5).mean())


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The demo figure saved once in every format, for the tests below to read (they never change it)."""
    qf.use_style("zh")
    fig, _, data = _demo_figure()
    out = tmp_path_factory.mktemp("saved") / "out"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = qf.save_figure(fig, "tasks_by_town", data, output_dir=out, source_note=NOTE)
    return fig, paths, caught


def test_all_outputs_written(saved):
    _, paths, _ = saved
    assert set(paths) == {"png", "svg", "pdf", "csv"}
    for fmt, path in paths.items():
        assert path == path.parent / f"tasks_by_town.{fmt}" and path.parent.name == "out"
        assert path.is_file() and path.stat().st_size > 0, path


def test_csv_has_bom_and_data(saved):
    _, paths, _ = saved
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(paths["csv"], encoding="utf-8-sig")
    assert list(back.columns) == ["town", "tasks"]
    assert back["town"].tolist() == TOWNS and back["tasks"].tolist() == VALUES


def test_png_is_300_dpi(saved):
    _, paths, _ = saved
    dpi = _png_dpi(paths["png"])
    assert dpi == pytest.approx((300, 300), abs=0.5)


def test_no_missing_glyph_warnings(saved):
    fig, _, caught = saved
    assert not [w for w in caught if GLYPH_WARNING.search(str(w.message))]
    assert qf.find_missing_glyphs(fig) == {}
    assert not fig.texts, "source note must be removed after saving"


def test_svg_has_no_font_dependency(saved):
    _, paths, _ = saved
    svg = paths["svg"].read_text(encoding="utf-8")
    assert "<text" not in svg and "font-family" not in svg


def test_pdf_fonts_are_embedded(saved):
    _, paths, _ = saved
    raw = paths["pdf"].read_bytes()
    objs = _pdf_objects(raw)
    fonts = {n: body for n, body in objs.items() if re.search(rb"/Type\s*/Font\b", body)}
    assert fonts, "no /Font objects in the PDF"
    names = b" ".join(fonts.values())
    assert b"NotoSansCJKsc-Regular" in names and b"NotoSansCJKsc-Bold" in names
    for num, body in fonts.items():
        if re.search(rb"/Subtype\s*/Type3", body):
            assert b"/CharProcs" in body, f"Type 3 font {num} without /CharProcs"
            continue
        refs = re.findall(rb"/FontDescriptor\s+(\d+) 0 R", body)
        for desc in re.findall(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", body):
            refs += re.findall(rb"/FontDescriptor\s+(\d+) 0 R", objs[int(desc)])
        assert refs, f"font {num} has no descriptor"
        assert all(re.search(rb"/FontFile[23]?\b", objs[int(r)]) for r in refs), num
    assert matplotlib.rcParams["pdf.fonttype"] == 3
    if shutil.which("pdffonts"):
        out = subprocess.run(
            ["pdffonts", str(paths["pdf"])], check=True, capture_output=True, text=True
        ).stdout.splitlines()
        rows = [line.split() for line in out[2:] if line.strip()]
        assert rows and all(row[-5] == "yes" for row in rows), out


def test_pdf_renders_same_ink_in_every_available_renderer(tmp_path):
    """Poppler, Ghostscript and MuPDF must all draw the text (Type 42 CJK fails this)."""
    fig, ax = qf.new_figure("column", aspect=0.5)
    ax.set_axis_off()  # text only, so the ink measures glyphs
    ax.text(0, 0.8, "青浦区乡村建设行动任务清单", fontsize=12)
    ax.text(0, 0.5, "朱家角镇 金泽镇 练塘镇 Task list 2026", fontsize=10)
    ax.text(0, 0.2, "粗体 Bold", fontsize=12, fontweight="bold")
    data = pd.DataFrame({"x": [1]})
    pdf = qf.save_figure(fig, "ink", data, output_dir=tmp_path, formats=("pdf",), source_note=NOTE)["pdf"]
    note = qf.add_source_note(fig, NOTE)  # match what the PDF contains
    reference = tmp_path / "agg100.png"
    fig.savefig(reference, dpi=100, bbox_inches="tight", pad_inches=0.05)
    note.remove()
    ref_ink = _ink(reference)
    assert ref_ink > 0.005
    commands = {
        "pdftoppm": ["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(tmp_path / "pp")],
        "gs": ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r100",
               "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", f"-sOutputFile={tmp_path / 'gs.png'}", str(pdf)],
        "mutool": ["mutool", "draw", "-q", "-r", "100", "-o", str(tmp_path / "mutool.png"), str(pdf)],
    }
    outputs = {"pdftoppm": tmp_path / "pp.png", "gs": tmp_path / "gs.png", "mutool": tmp_path / "mutool.png"}
    for tool, cmd in commands.items():
        if not shutil.which(cmd[0]):
            continue
        subprocess.run(cmd, check=True, capture_output=True)
        ink = _ink(outputs[tool])
        assert 0.6 < ink / ref_ink < 1.6, f"{tool}: ink {ink:.4f} vs Agg {ref_ink:.4f}"


def test_shipped_font_is_used_and_covers_task_list(bundled):
    regular = qf.FONT_FILES["regular"]
    assert regular.is_file() and regular.parent == qf.FONT_DIR
    found = font_manager.findfont(FontProperties(family=qf.FONT_FAMILY), fallback_to_default=False)
    assert Path(found).resolve() == regular.resolve()
    if qf.FONT_FILES["bold"].is_file():
        bold = font_manager.findfont(
            FontProperties(family=qf.FONT_FAMILY, weight="bold"), fallback_to_default=False
        )
        assert Path(bold).resolve() == qf.FONT_FILES["bold"].resolve()
    assert matplotlib.rcParams["font.family"][0] == qf.FONT_FAMILY
    text = TASK_LIST.read_text(encoding="utf-8")
    from qpanalysis.display.findings.identity import source_note

    text += source_note(bundled, "zh") + source_note(bundled, "en")
    for path in [p for p in qf.FONT_FILES.values() if p.is_file()]:
        cmap = FT2Font(str(path)).get_charmap()
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
        assert not missing, f"{path.name} lacks {missing}"


def test_use_style_is_idempotent():
    count = lambda: sum(  # noqa: E731
        e.fname.startswith(str(qf.FONT_DIR)) for e in font_manager.fontManager.ttflist
    )
    before = count()
    qf.use_style("zh")
    qf.use_style("en")
    qf.use_style("zh")
    assert count() == before > 0


def test_source_note_below_tick_labels():
    fig, ax, _ = _demo_figure()
    fig.draw_without_rendering()
    note = qf.add_source_note(fig, "Source: a task list (raw file sha256 01234567…89abcdef)")
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    note_box = note.get_window_extent(renderer)
    others = [ax.xaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()]
    for other in others:
        box = other.get_window_extent(renderer)
        assert note_box.y1 <= box.y0 + 0.5, other.get_text()
    assert note.get_text() == "Source: a task list (raw file sha256 01234567…89abcdef)"


def test_figures_carry_the_note_they_are_given(tmp_path):
    # The note comes from the loaded list, so it names that list: no year is fixed in charts.
    fig, _, data = _demo_figure()
    with_note = qf.save_figure(fig, "noted", data, output_dir=tmp_path, formats=("svg",), source_note=NOTE)
    without = qf.save_figure(fig, "plain", data, output_dir=tmp_path, formats=("svg",))
    # SVG text is drawn as paths: the note adds glyph outlines (and height) to the noted figure only.
    assert with_note["svg"].stat().st_size > without["svg"].stat().st_size
    assert not fig.texts, "the note is removed again after saving"
    assert not hasattr(qf, "SOURCE_NOTE")


def test_missing_glyphs_are_an_error(tmp_path):
    fig, ax = qf.new_figure()
    ax.set_title("青浦", fontfamily="DejaVu Sans")  # DejaVu Sans has no CJK
    data = pd.DataFrame({"x": [1]})
    with pytest.raises(RuntimeError, match="missing_glyphs_demo"):
        qf.save_figure(fig, "missing_glyphs_demo", data, output_dir=tmp_path)
    assert not fig.texts
    assert qf.find_missing_glyphs(fig) == {"青浦": "青浦"}


def test_assert_no_missing_glyphs_context_manager():
    with pytest.raises(RuntimeError, match="demo"):
        with qf.assert_no_missing_glyphs("demo"):
            warnings.warn("Glyph 38738 (\\N{CJK UNIFIED IDEOGRAPH-9752}) missing from font(s) DejaVu Sans.")
    with pytest.warns(DeprecationWarning):  # unrelated warnings pass through
        with qf.assert_no_missing_glyphs("demo"):
            warnings.warn("unrelated", DeprecationWarning)




def test_invalid_arguments(tmp_path):
    fig, _, data = _demo_figure()
    with pytest.raises(ValueError, match="lang"):
        qf.use_style("fr")
    for bad in ["", "a b", "../x", "图表", "x.png", "a/b"]:
        with pytest.raises(ValueError, match="figure name"):
            qf.save_figure(fig, bad, data, output_dir=tmp_path)
    with pytest.raises(ValueError, match="formats"):
        qf.save_figure(fig, "ok", data, output_dir=tmp_path, formats=("png", "jpg"))
    with pytest.raises(ValueError, match="formats"):
        qf.save_figure(fig, "ok", data, output_dir=tmp_path, formats=())
    with pytest.raises(TypeError):
        qf.save_figure(fig, "ok", [1, 2], output_dir=tmp_path)
    with pytest.raises(ValueError, match="empty"):
        qf.save_figure(fig, "ok", pd.DataFrame(), output_dir=tmp_path)
    with pytest.raises(ValueError):
        qf.new_figure("poster")
    assert not list(tmp_path.iterdir()), "nothing may be written on invalid input"


def test_a_new_figure_has_the_named_width_and_the_given_aspect():
    # The house widths: a page column of 175 mm (6.89 in), a narrow column of 85 mm (3.35 in).
    fig, _ = qf.new_figure("page", aspect=0.5)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(175 / 25.4, abs=0.02) and height == pytest.approx(width * 0.5)
    narrow, _ = qf.new_figure("column")
    assert narrow.get_size_inches()[0] == pytest.approx(85 / 25.4, abs=0.02)


def test_english_only_figure_and_single_format(tmp_path):
    qf.use_style("en")
    fig, ax = qf.new_figure()
    ax.plot([1, 2, 3], [2, 1, 3], label="Completed")
    ax.legend()
    data = pd.DataFrame({"quarter": [1, 2, 3], "completed": [2, 1, 3]})
    paths = qf.save_figure(fig, "en-demo_1", data, output_dir=tmp_path / "a" / "b", formats="png")
    assert set(paths) == {"png", "csv"} and paths["png"].stat().st_size > 0


def test_named_index_is_kept_in_csv(tmp_path):
    fig, ax = qf.new_figure()
    ax.bar(["一", "二"], [1, 2])
    data = pd.DataFrame({"tasks": [1, 2]}, index=pd.Index(["一", "二"], name="town"))
    paths = qf.save_figure(fig, "idx", data, output_dir=tmp_path, formats=("svg",))
    assert paths["csv"].read_text(encoding="utf-8-sig").splitlines()[0] == "\"town\",\"tasks\""  # text quoted (export.safe)


@pytest.mark.parametrize(
    "text,width",
    [("青浦区乡村建设行动任务清单青浦区乡村建设行动任务清单", 6), ("推进2026年度11个街镇的村庄规划编制工作", 7)],
)
def test_wrap_label_chinese_respects_width(text, width):
    wrapped = qf.wrap_label(text, width)
    assert wrapped.replace("\n", "") == text
    for line in wrapped.split("\n"):
        size = sum(1 if ord(c) > 0x2E80 else 0.5 for c in line)
        assert size <= width + 1  # +1: closing punctuation may hang
    assert "1\n1" not in wrapped and "202\n6" not in wrapped


def test_wrap_label_english_and_errors():
    assert qf.wrap_label("Strengthen rural planning guidance", 12) == "Strengthen\nrural\nplanning\nguidance"
    assert qf.wrap_label("a\nb", 10) == "a\nb"
    with pytest.raises(ValueError):
        qf.wrap_label("x", 0)


def test_text_from_the_list_is_drawn_as_written_not_as_mathtext(tmp_path):
    # A task name holding two "$": as mathtext it would be drawn otherwise, or (here, an
    # unfinished \frac) stop the figure from being drawn at all.
    name = r"投资$\frac{1}{$元"
    fig, ax = qf.new_figure()
    ax.barh([name, "路灯"], [1, 2])
    paths = qf.save_figure(fig, "dollars", pd.DataFrame({"name": [name]}), output_dir=tmp_path, formats=("svg",))
    assert name in [t.get_text() for t in ax.get_yticklabels()]
    assert paths["svg"].stat().st_size > 0
