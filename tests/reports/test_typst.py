"""The Typst source of the PDFs, without compiling it: tables drawn from the display table model, text that is never markup.

Mirrors ``qpanalysis/reports/typst/`` (text, tables, markdown, document) and the blocks
``qpanalysis/reports/pdf.py`` makes of a notebook's outputs. The compiled PDFs are checked
in test_pdf.py (slow).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from IPython.core.formatters import format_display_data

from qpanalysis.display.tables import TABLE_MIMETYPE, TableModel, table
from qpanalysis.reports.pdf import cell_blocks
from qpanalysis.reports.typst.document import document, page_number_markup
from qpanalysis.reports.typst.markdown import markdown_to_typst
from qpanalysis.reports.typst.tables import (CELL_PADDING_MM, LEAD_ROWS, WHOLE_ROWS, from_model, model_markup,
                                              table_size)
from qpanalysis.reports.typst.text import quoted, string

# One Typst string in markup, whole: a quote ends it only when no backslash escapes it.
TYPST_STRING = re.compile(r'#"((?:[^"\\]|\\.)*)"')
# The characters Typst markup reads (and the string's own quote and backslash).
MARKUP = "#*_[]$@<>/\\`\"'=-+~"


def _decoded(markup: str) -> str:
    """The text of markup that is one Typst string and nothing else (fails otherwise)."""
    match = TYPST_STRING.fullmatch(markup)
    assert match, markup
    return re.sub(r"\\(.)", r"\1", match.group(1))


def _output(styled) -> dict:
    """A displayed table's output as an executed notebook holds it: IPython's formats, saved and read back."""
    data, metadata = format_display_data(styled)
    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data", data=data, metadata=metadata)])
    nb = nbformat.reads(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])), as_version=4)
    return nb.cells[0].outputs[0]


# ------------------------------------------------------------------- the display table model


def test_a_displayed_table_carries_its_model_beside_its_html():
    frame = pd.DataFrame({"task_id": [7, 28], "investment_wan": [1234.5, None]})
    styled = table(frame, "zh")
    output = _output(styled)

    assert "<table" in output.data["text/html"]  # Jupyter and nbconvert show the HTML
    model = TableModel.from_json(output.data[TABLE_MIMETYPE])  # saved as JSON, read back whole
    assert model == styled.model
    # Headers from columns.csv with their unit; 1234.5 with a thousands separator and its
    # one decimal; the unknown amount as "—", never 0; numbers right-aligned.
    assert model.columns == ("序号", "总投资（万元）")
    assert model.rows == (("7", "1,234.5"), ("28", "—"))
    assert model.align == ("right", "right")
    assert model.frame.equals(styled.plain)


def test_a_malformed_model_is_refused_naming_what_is_wrong():
    with pytest.raises(ValueError, match="no nowrap"):
        TableModel.from_json({"columns": ["a"], "rows": [], "align": ["left"]})
    with pytest.raises(ValueError, match="row 2 has 1 cells for 2 columns"):
        TableModel.from_json({"columns": ["a", "b"], "rows": [["1", "2"], ["3"]], "align": ["left", "left"],
                              "nowrap": [False, False]})
    with pytest.raises(ValueError, match="unknown alignment"):
        TableModel(("a",), (), ("centre",), (False,))


# ----------------------------------------------------------------------------- tables


def test_a_display_table_becomes_a_typst_table_whose_header_repeats_with_the_htmls_alignment():
    # The disclosure table of the bundled list, as the investment report shows it: 25 exact
    # tasks with 358,825.24 (万元), 99.224% of the disclosed total shown as 99.2; 12 not
    # disclosed ("/"), with no amount and no share: "—".
    frame = pd.DataFrame({"status": ["exact", "not-disclosed"], "tasks": [25, 12],
                          "investment_wan": [358825.24, None], "share_of_disclosed": [0.99224, None]})
    markup = model_markup(table(frame, "en", of="investment_disclosure").model)

    # Four short columns stand on one line each: natural widths (columns: 4), kept whole on a page.
    assert markup == (
        '#block(breakable: false, width: 100%, text(size: 8pt, table(columns: 4, align: (left, right, right, right), '
        'table.header(repeat: true, [#strong[#"Disclosure"]], [#strong[#"Tasks"]], '
        '[#strong[#"Investment (10,000 yuan)"]], [#strong[#"Share of disclosed total (%)"]]), '
        '[#"Exact"], [#"25"], [#"358,825.24"], [#"99.2"], '
        '[#"Not disclosed (\\"/\\")"], [#"12"], [#"—"], [#"—"])))'
    )


def test_list_text_in_a_table_is_text_never_typst_markup():
    published = "#1 *强调* [x](y) $d$ @ref <lbl> // c \\ \"q\" = - + _"
    frame = pd.DataFrame({"task_id": [31, 7], "raw_cell": [published, None]})
    laid_out = from_model(table(frame, "zh").model)

    assert [_decoded(c.markup) for c in laid_out.header[0]] == ["序号", "原文单元格"]
    assert [[_decoded(c.markup) for c in row] for row in laid_out.body] == [["31", published], ["7", "—"]]
    assert laid_out.right == {0}  # the task number right, the published text left


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list(MARKUP) + list("a1 \n任务")), max_size=20))
def test_any_cell_text_is_one_typst_string_that_reads_back_as_written(text):
    model = TableModel(("h",), ((text,),), ("left",), (False,))
    [[cell]] = from_model(model).body
    if text:
        assert _decoded(cell.markup) == text.replace("\n", " ")
    else:
        assert cell.markup == ""  # an empty cell stays empty


def test_one_column_and_wide_tables():
    one = model_markup(TableModel(("Town",), (("甲",),), ("left",), (True,)))
    assert "columns: 1, align: (left,)," in one  # a one-element Typst array needs its comma
    # 14 columns (the coverage matrix's towns, say) are set smaller than 3 to fit the page.
    wide = TableModel(tuple(f"c{i}" for i in range(14)), (), ("right",) * 14, (True,) * 14)
    assert "text(size: 6.5pt" in model_markup(wide) and table_size(3) == "8pt"
    assert model_markup(TableModel((), (), (), ())) == ""  # nothing to show


def _model(rows: int, columns: int = 2, text: str = "x") -> TableModel:
    return TableModel(tuple(f"h{i}" for i in range(columns)), tuple((str(r),) + (text,) * (columns - 1)
                      for r in range(rows)), ("right",) + ("left",) * (columns - 1), (True,) + (False,) * (columns - 1))


def test_no_row_of_any_table_is_split_across_pages():
    # One set rule of the document, for display and Markdown tables alike.
    source = document([model_markup(_model(40))], title="t", source_note="s", lang="en")
    assert "#set table.cell(breakable: false)" in source.splitlines()


def test_a_short_table_is_kept_whole_and_a_long_one_starts_with_its_header_and_three_rows():
    short = model_markup(_model(WHOLE_ROWS))
    assert short.startswith("#block(breakable: false,") and "context" not in short
    long = model_markup(_model(40))
    # Where the table starts, its header and first LEAD_ROWS rows are measured against the
    # room left on the page; the whole table follows (on the next page if they do not fit).
    lead, _, rest = long.partition("; if measure(lead")
    assert long.startswith("#context { let lead = block(width: 100%")
    assert "colbreak(weak: true)" in rest
    assert [f'[#"{r}"]' in lead for r in range(LEAD_ROWS + 1)] == [True] * LEAD_ROWS + [False]
    assert all(f'[#"{r}"]' in rest for r in range(40))


def test_the_coverage_matrix_gets_a_landscape_page_in_english_and_stays_upright_in_chinese(bundled):
    # The bundled list's task × town matrix: a task-number column, 12 town columns (the 11
    # district towns and the Modern Agricultural Park) and "No town specified" = 14 columns,
    # set at 6.5pt. In English the town names' longest words (Xianghuaqiao, Agricultural:
    # 12 letters) need more than the 178 mm of an upright page; the Chinese names (朱家角镇…)
    # wrap after two characters, and fit.
    from qpanalysis.analysis import coverage as cov

    tl = bundled
    matrix = cov.coverage_matrix(cov.coverage_cells(tl.towns, tl.tasks))
    en = from_model(table(matrix, "en", of="coverage_matrix").model)
    zh = from_model(table(matrix, "zh", of="coverage_matrix").model)

    assert en.columns == zh.columns == 14
    assert en.landscape and not en.upright
    assert not zh.landscape
    markup = model_markup(table(matrix, "en", of="coverage_matrix").model)
    assert markup.startswith("#page(flipped: true, block(")
    # Widths from the content: every column as a share of the landscape text width, and
    # the task number narrower than any town.
    widths = [float(w) for w in re.findall(r"([\d.]+)fr", markup.split("align:")[0])]
    assert len(widths) == 14 and round(sum(widths)) == 265 and widths[0] == min(widths)


def test_column_widths_come_from_the_content_and_no_column_takes_more_than_one_line_needs(bundled):
    # The investment by town and rule of the bundled list (English): 8 columns at 7.5pt, too
    # wide for one line each. The town column needs at most "District-wide (not attributable)"
    # (32 characters) on one line; what it would have beyond that goes to the amount columns,
    # whose long headers ("Equal split (assumption; 10,000 yuan)") then wrap less.
    from qpanalysis.analysis import allocation as al
    from qpanalysis.reports.columns import natural_widths

    tl = bundled
    model = table(al.investment_by_town(al.allocate_investment_to_towns(tl), tl), "en").model
    laid_out = from_model(model)
    natural = natural_widths(model.frame, 7.5, CELL_PADDING_MM)
    assert not laid_out.landscape and sum(natural) > 178
    assert laid_out.widths[0] <= natural[0]  # the towns on one line, no wider
    numbers = [len(max(column, key=len)) for column in zip(*model.rows)][1:]
    # Every amount column at least as wide as its widest number (≈305,845.40: 11 characters).
    assert all(w >= n * 7.5 * 0.3528 / 2 for w, n in zip(laid_out.widths[1:], numbers))
    assert round(sum(laid_out.widths)) <= 178


def test_a_matrix_too_wide_even_for_a_landscape_page_turns_its_headers_upright():
    towns = ("Xianghuaqiao Subdistrict", "Modern Agricultural Park") * 12
    wide = TableModel(tuple(f"{t} {i}" for i, t in enumerate(towns)), (("Named",) * 24,) * 3, ("left",) * 24,
                      (False,) * 24)
    laid_out = from_model(wide)
    assert laid_out.landscape and laid_out.upright
    markup = model_markup(wide)
    assert markup.count("#rotate(-90deg, reflow: true)") == 24


def test_a_markdown_table_keeps_its_right_aligned_columns_and_inline_markup():
    markup = markdown_to_typst("| 板块 | 金额 |\n|---|--:|\n| **一** | 1,234.5 |", "zh")
    assert markup == ('#block(breakable: false, width: 100%, text(size: 8pt, table(columns: 2, align: (left, right), '
                      'table.header(repeat: true, [#strong[#"板块"]], [#strong[#"金额"]]), '
                      '[#strong[#"一"]], [#"1,234.5"])))')


# ------------------------------------------------------------------------------ text


def test_markup_characters_in_list_text_stay_text():
    # md() escapes list text for Markdown; the PDF gets the characters back, as strings.
    from qpanalysis.display.markup import md

    typst = markdown_to_typst(f"- 任务 {md('#3 *b* [c] $d$ @e')}", "zh")
    item = re.fullmatch(r"#list\(tight: true, \[(.*)\]\)", typst).group(1)
    assert re.fullmatch(f"(?:{TYPST_STRING.pattern})+", item), item  # strings only: no markup between them
    assert "".join(_decoded(s.group()) for s in TYPST_STRING.finditer(item)) == "任务 #3 *b* [c] $d$ @e"


def test_a_code_block_keeps_its_lines_and_quotes():
    assert markdown_to_typst('```\nx = "a"\ny\n```', "en") == '#raw(block: true, "x = \\"a\\"\\ny")'
    assert quoted("a\\b") == '"a\\\\b"' and string("a\nb") == '#"a b"'


def test_a_line_break_in_the_text_is_a_space_except_between_two_chinese_characters():
    # As a browser shows the HTML report: 第一行⏎第二行 joins, English lines get a space.
    assert markdown_to_typst("第一行\n第二行", "zh") == '#par[#"第一行"#"第二行"]'
    assert markdown_to_typst("first line\nsecond", "en") == '#par[#"first line"#" "#"second"]'
    assert markdown_to_typst("共41项\n2026年", "zh") == '#par[#"共41项"#" "#"2026年"]'


@pytest.mark.parametrize(("lang", "footer"), [
    ("zh", '#"第"#counter(page).display()#"页，共"#counter(page).final().first()#"页"'),
    ("en", '#"Page "#counter(page).display()#" of "#counter(page).final().first()'),
])
def test_the_page_number_is_written_in_the_report_language(lang, footer):
    assert page_number_markup(lang) == footer


# --------------------------------------------------------------- a notebook's outputs


def _cell(*outputs):
    return nbformat.v4.new_code_cell("", outputs=list(outputs))


def test_a_table_output_becomes_one_table_block_drawn_from_its_model(tmp_path):
    frame = pd.DataFrame({"task_id": range(1, 16), "investment_wan": [100.0] * 15})
    output = _output(table(frame, "en"))
    output.data["text/html"] = "<table><tr><td>not read</td></tr></table>"  # the PDF reads the model only

    [block] = cell_blocks(_cell(output), tmp_path, tmp_path, tmp_path / "scratch")
    assert block.kind == "table" and block.rows == 15  # rows count for the brief (at most 12 kept)
    assert "not read" not in block.markup and '[#"15"], [#"100"]' in block.markup


def test_a_table_shown_without_a_model_keeps_its_text_and_other_html_shows_nothing(tmp_path):
    bare = pd.DataFrame({"a": [1, 2]})
    plain = nbformat.v4.new_output("display_data", data={"text/html": bare.to_html(), "text/plain": repr(bare)})
    widget = nbformat.v4.new_output("display_data", data={"text/html": "<div>a control</div>", "text/plain": "HBox()"})
    errors = nbformat.v4.new_output("stream", name="stderr", text="a warning\n")
    printed = nbformat.v4.new_output("stream", name="stdout", text="tasks: 41\n#2\n")

    blocks = cell_blocks(_cell(plain, widget, errors, printed), tmp_path, tmp_path, tmp_path / "scratch")
    assert [b.kind for b in blocks] == ["output", "output"]
    assert f"raw(block: true, {quoted(repr(bare))})" in blocks[0].markup
    assert '[#"tasks: 41" \\ #"#2"]' in blocks[1].markup


def test_a_figure_output_is_its_saved_svg(tmp_path):
    from qpanalysis.reports.params import FIGURE_METADATA

    figures = tmp_path / "_figures"
    figures.mkdir()
    (figures / "chart_en.svg").write_text('<svg width="432pt" height="216pt"></svg>', encoding="utf-8")
    output = nbformat.v4.new_output("display_data", data={"image/png": "", "text/plain": "<Figure>"},
                                    metadata={FIGURE_METADATA: {"figure": "chart_en"}})
    [block] = cell_blocks(_cell(output), figures, tmp_path, tmp_path / "scratch")
    assert block.kind == "figure"
    assert block.markup == '#align(center, image("/_figures/chart_en.svg", width: 100%))'
    assert not Path(tmp_path / "scratch").exists()  # no PNG was written


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_column_of_any_report_table_is_narrower_than_its_headers_longest_word(bundled, lang):
    # Every table the reports show, laid out for the PDF: where widths are set, a column is
    # at least as wide as its header's longest word (bold) and its cell margins, so that
    # headers never run into each other, and the columns add up to the text width.
    from qpanalysis.reports.columns import BOLD_FACTOR, UNIT_MM_PER_PT, header_width
    from qpanalysis.reports.typst.tables import LANDSCAPE_MM, PORTRAIT_MM
    from tests.display.findings_helpers import cached
    from tests.display.test_tables import report_tables

    for key, (frame, options) in cached(report_tables, bundled).items():
        model = table(frame, lang, **options).model
        laid_out = from_model(model)
        if laid_out.widths is None or laid_out.upright:
            continue
        unit = float(table_size(len(model.columns)).removesuffix("pt")) * UNIT_MM_PER_PT
        for width, column in zip(laid_out.widths, model.columns):
            assert width + 0.1 >= header_width(column) * BOLD_FACTOR * unit + CELL_PADDING_MM, (key, column, width)
        # (each width rounded to 0.1 mm)
        assert sum(laid_out.widths) <= (LANDSCAPE_MM if laid_out.landscape else PORTRAIT_MM) + 0.1 * len(model.columns), key
