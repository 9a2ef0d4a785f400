"""One figure style for qpanalysis: colour-blind-safe colours, the shipped Chinese font, figures sized for A4 papers."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

from qpanalysis.charts.fonts import (  # noqa: F401  (public names kept importable from here)
    FONT_DIR,
    FONT_FAMILY,
    FONT_FILES,
    assert_no_missing_glyphs,
    find_missing_glyphs,
    register_fonts,
)
from qpanalysis.charts.save import (  # noqa: F401
    DPI,
    FORMATS,
    add_source_note,
    check_formats,
    save_figure,
    validate_name,
)
from qpanalysis.charts.wrap import by_script, fit_label, is_wide_text, wrap_label  # noqa: F401
from qpanalysis.codes import LANGS  # noqa: F401
from qpanalysis.display.labels import check_lang

__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "FONT_FILES",
    "PALETTE",
    "SEQUENTIAL_CMAP",
    "SIZES",
    "WIDTHS_MM",
    "LANGS",
    "FORMATS",
    "use_style",
    "new_figure",
    "figure_width",
    "check_figure_width",
    "scaled_wrap",
    "save_figure",
    "add_source_note",
    "assert_no_missing_glyphs",
    "find_missing_glyphs",
    "wrap_label",
    "fit_label",
    "by_script",
    "is_wide_text",
    "validate_name",
    "check_formats",
]

# Okabe & Ito (2008), "Color Universal Design": eight colours that stay
# distinguishable under protanopia, deuteranopia and tritanopia. Reordered for
# plotting: the highest-contrast hues come first, yellow (weak on white) and
# black (reserved for annotations) come last.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
]

# "cividis" (Nuñez, Anderton & Renslow 2018) was designed to look the same to
# viewers with and without colour-vision deficiency; its lightness rises
# monotonically, so it also survives greyscale printing, and it ships with
# matplotlib itself; the heatmaps (seaborn) use it too.
SEQUENTIAL_CMAP = "cividis"

# (width, height) in inches at the default aspect 0.62: an A4 two-column
# layout has ~85 mm columns (3.35 in) and ~175 mm text width (6.9 in).
_DEFAULT_ASPECT = 0.62
SIZES = {
    "column": (3.35, round(3.35 * _DEFAULT_ASPECT, 2)),
    "page": (6.9, round(6.9 * _DEFAULT_ASPECT, 2)),
}
#: The named print widths in millimetres (an A4 paper's column and text width).
WIDTHS_MM = {"column": 85.0, "page": 175.0}
# Widths a run may ask for in millimetres: below 60 mm a department name and its bar no
# longer share a line at 6 pt; above 200 mm the figure is wider than A4's text block.
MIN_WIDTH_MM, MAX_WIDTH_MM = 60.0, 200.0
MM_PER_INCH = 25.4

_STATE = {"applied": False, "width": None}
# use_style's default width: keep the one set before.
_KEEP = object()


def lang_of(params_or_lang) -> str:
    """The language of notebook parameters (anything with ``.lang``) or of a plain string.

    Example:
        >>> lang_of("en")
        'en'
        >>> lang_of("fr")
        Traceback (most recent call last):
        ...
        ValueError: lang must be one of ('zh', 'en'), not 'fr'
    """
    return check_lang(params_or_lang if isinstance(params_or_lang, str) else params_or_lang.lang)


def use_style(lang: str = "zh", width=_KEEP) -> None:
    """Apply the package figure style (idempotent).

    Registers the shipped Noto Sans CJK SC faces with matplotlib, sets the
    rcParams (font, clean axes, Okabe–Ito colour cycle, 300 dpi, Type 3 PDF
    fonts, path-only SVG text); seaborn draws with the same rcParams.
    Call it before creating figures: text picks its font when it is created.

    Args:
        lang: ``"zh"`` or ``"en"``. Both languages use the same fonts, so English
            figures may still contain Chinese names.
        width: Draw every figure this wide (see :func:`check_figure_width`): ``"column"``,
            ``"page"`` or millimetres; None: each chart at its own width. Not given: as
            before (the charts apply the style too, and keep the notebook's width).

    Raises:
        ValueError: If ``lang`` is not ``"zh"`` or ``"en"``.
    """
    check_lang(lang)
    register_fonts()
    families = [FONT_FAMILY, "DejaVu Sans"]  # DejaVu only catches glyphs Noto lacks
    sans = families + [f for f in mpl.rcParams["font.sans-serif"] if f not in families]
    mpl.rcParams.update(
        {
            "font.family": families,
            "font.sans-serif": sans,
            "font.size": 8,
            "axes.titlesize": 9,
            "axes.labelsize": 8,
            "xtick.labelsize": 7,
            "ytick.labelsize": 7,
            "legend.fontsize": 7,
            "legend.title_fontsize": 7,
            "figure.titlesize": 10,
            "axes.unicode_minus": False,
            "mathtext.fontset": "dejavusans",
            # Text from the list is drawn as written: a name holding two "$" is not mathtext
            # (which would show it otherwise, or fail to draw the figure).
            "text.parse_math": False,
            # clean, seaborn-"ticks"-like look
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#333333",
            "axes.linewidth": 0.8,
            "axes.grid": True,
            "axes.axisbelow": True,
            "grid.color": "#E0E0E0",
            "grid.linewidth": 0.6,
            "axes.titlelocation": "left",
            "axes.titlepad": 6,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "image.cmap": SEQUENTIAL_CMAP,
            "xtick.color": "#333333",
            "ytick.color": "#333333",
            "xtick.major.width": 0.8,
            "ytick.major.width": 0.8,
            "legend.frameon": False,
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.dpi": DPI,
            # The saved width is the figure's (save.print_bbox): a journal asks for a stated width.
            "savefig.bbox": None,
            "savefig.pad_inches": 0.05,
            # Type 3: matplotlib's Type 42 output of CFF/OTF CJK fonts renders
            # with wrong glyphs in Ghostscript and MuPDF (matplotlib #2869, #20870);
            # save_figure(pdf_truetype=True) embeds a TrueType copy as Type 42 instead.
            "pdf.fonttype": 3,
            "ps.fonttype": 3,
            "svg.fonttype": "path",  # SVGs need no font on the reader's machine
            "svg.hashsalt": "qpanalysis",  # reproducible SVG ids
        }
    )
    _STATE["applied"] = True
    if width is not _KEEP:
        _STATE["width"] = None if width is None else check_figure_width(width, "width")


def check_figure_width(width, name: str = "--figure-width") -> float:
    """A print width in inches: ``"column"`` (85 mm), ``"page"`` (175 mm) or millimetres from 60 to 200.

    Raises:
        ValueError: For another name, or a width outside 60–200 mm (the message starts with ``name``).

    Examples:
        >>> round(check_figure_width("column") * 25.4, 1), round(check_figure_width("120") * 25.4, 1)
        (85.0, 120.0)
        >>> check_figure_width("300")
        Traceback (most recent call last):
        ...
        ValueError: --figure-width: must be column, page or a width in mm from 60 to 200, not '300'
    """
    text = str(width).strip().lower().removesuffix("mm").strip()
    if text in WIDTHS_MM:
        return WIDTHS_MM[text] / MM_PER_INCH
    try:
        mm = float(text)
    except ValueError:
        mm = float("nan")
    if not MIN_WIDTH_MM <= mm <= MAX_WIDTH_MM:  # also refuses nan
        raise ValueError(f"{name}: must be column, page or a width in mm from {MIN_WIDTH_MM:g} to "
                         f"{MAX_WIDTH_MM:g}, not {width!r}")
    return mm / MM_PER_INCH


def figure_width() -> float | None:
    """The print width (inches) every figure is drawn at, set by :func:`use_style`; None: each chart's own."""
    return _STATE["width"]


def is_page_wide(fig) -> bool:
    """Whether a figure is at least as wide as the page layout its chart was first drawn for (175 mm)."""
    return fig.get_size_inches()[0] >= SIZES["page"][0] - 0.05


def label_wrap(wrap: tuple[int, int]) -> tuple[int, int]:
    """Line widths of an axis label drawn for a page-wide chart, at the run's print width.

    Below the page width a Latin label gets narrower lines (at least 14 letters, at most
    0.6 of its page width), so that long English names leave the plot room; Chinese labels,
    already short, keep theirs.

    Example:
        >>> use_style("en", width="column"); label_wrap((12, 30))
        (12, 18)
        >>> use_style("en", width=None); label_wrap((12, 30))
        (12, 30)
    """
    width = _STATE["width"]
    if width is None or width >= SIZES["page"][0] - 0.05:
        return wrap
    return wrap[0], max(14, min(wrap[1], round(wrap[1] * 0.6)))


def scaled_wrap(wrap: tuple[int, int], fig, share: float = 1.0) -> tuple[int, int]:
    """Line widths (East Asian, Latin characters) for text spanning ``fig``, from those for a page-wide figure.

    ``share``: the part of the figure's width the text may take (narrower than the page).

    Example:
        >>> fig, _ = new_figure("column")
        >>> scaled_wrap((72, 150), fig)
        (34, 72)
    """
    if is_page_wide(fig) and fig.get_size_inches()[0] <= SIZES["page"][0] + 0.05:
        return wrap  # the widths were chosen for this figure
    share = share * fig.get_size_inches()[0] / SIZES["page"][0]
    return max(1, int(wrap[0] * share)), max(1, int(wrap[1] * share))


def new_figure(width="column", aspect: float = _DEFAULT_ASPECT, nrows: int = 1, ncols: int = 1, **kw):
    """Create a figure sized for an A4 paper with constrained layout.

    Applies :func:`use_style` first if it has not been applied yet. When it set a print
    width (:func:`figure_width`), the figure is that wide whatever ``width`` says, and keeps
    the height ``width`` and ``aspect`` give: text keeps its size in points, so a chart
    drawn for the page keeps the room its rows of labels need in a column, and a column
    figure of it is taller than wide where the chart has many rows.

    Args:
        width: The width the chart is drawn for: ``"column"`` (85 mm), ``"page"`` (175 mm)
            or inches.
        aspect: Height divided by ``width``.
        nrows: Rows of subplots.
        ncols: Columns of subplots.
        **kw: Passed on to :func:`matplotlib.pyplot.subplots`.

    Returns:
        ``(fig, ax)``; ``ax`` is an array when ``nrows * ncols > 1``.

    Raises:
        ValueError: On an unknown width name or a non-positive size.
    """
    if not _STATE["applied"]:
        use_style()
    if isinstance(width, str):
        if width not in SIZES:
            raise ValueError(f"width must be one of {sorted(SIZES)} or inches, got {width!r}")
        width_in = SIZES[width][0]
    else:
        width_in = float(width)
    if width_in <= 0 or aspect <= 0:
        raise ValueError("width and aspect must be positive")
    kw.setdefault("layout", "constrained")
    height_in = width_in * aspect
    return plt.subplots(nrows, ncols, figsize=(_STATE["width"] or width_in, height_in), **kw)


