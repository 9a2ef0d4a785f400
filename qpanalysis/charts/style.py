"""One figure style for qpanalysis: shipped Chinese font, colour-blind-safe colours, cited outputs."""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from qpanalysis.codes import FIGURE_FORMATS, LANGS
from qpanalysis.charts.wrap import by_script, fit_label, is_wide_text, wrap_label
from qpanalysis.config import FONTS_DIR
from qpanalysis.display.labels import check_lang
from qpanalysis.export.safe import write_csv

__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "FONT_FILES",
    "PALETTE",
    "SEQUENTIAL_CMAP",
    "SIZES",
    "LANGS",
    "FORMATS",
    "use_style",
    "new_figure",
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

#: Directory holding the shipped Noto Sans CJK SC faces (see fonts/README.md).
FONT_DIR = FONTS_DIR

#: Family name of the shipped faces, as stored in their ``name`` table.
FONT_FAMILY = "Noto Sans CJK SC"

#: Shipped font files by weight. Bold is optional: only Regular is required.
FONT_FILES = {
    "regular": FONT_DIR / "NotoSansCJKsc-Regular.otf",
    "bold": FONT_DIR / "NotoSansCJKsc-Bold.otf",
}

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

# Every figure is written in these formats (see qpanalysis.codes), PNG at 300 dpi for print.
FORMATS = FIGURE_FORMATS
DPI = 300

_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")
_GENERIC_FAMILIES = ("sans-serif", "serif", "cursive", "fantasy", "monospace")
_STATE = {"applied": False}
# Warnings matplotlib emits when a glyph is not in any font of the family list.
_MISSING_GLYPH_RE = re.compile(r"Glyph .* missing from|does not have a glyph", re.S)


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


def validate_name(name: str) -> str:
    """Check that a figure name is a safe, portable file stem.

    Args:
        name: File stem for the outputs, e.g. ``"tasks_by_town"``.

    Returns:
        The name, unchanged.

    Raises:
        ValueError: If the name is empty or contains anything other than
            ASCII letters, digits, ``-`` and ``_``.

    Examples:
        >>> validate_name("tasks_by_town-2026")
        'tasks_by_town-2026'
        >>> validate_name("../etc/passwd")
        Traceback (most recent call last):
        ...
        ValueError: figure name must use only ASCII letters, digits, '-' and '_', got '../etc/passwd'
        >>> validate_name("青浦")
        Traceback (most recent call last):
        ...
        ValueError: figure name must use only ASCII letters, digits, '-' and '_', got '青浦'
    """
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ValueError(
            f"figure name must use only ASCII letters, digits, '-' and '_', got {name!r}"
        )
    return name


def check_formats(formats, name: str = "formats") -> tuple[str, ...]:
    """The figure formats asked for, each once and in order: a non-empty subset of FORMATS.

    A string is one format or several separated by commas (papermill passes a notebook
    parameter as text); ``name`` names what gave them in the error.

    Raises:
        ValueError: For an unknown format, or none.

    Examples:
        >>> check_formats("png, svg"), check_formats(["svg", "png", "svg"])
        (('png', 'svg'), ('svg', 'png'))
        >>> check_formats(["png", "gif"], "parameter figure_formats")
        Traceback (most recent call last):
        ...
        ValueError: parameter figure_formats may only hold ('png', 'svg', 'pdf'); unknown: ['gif']
    """
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",")]
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"{name} may only hold {FORMATS}; unknown: {unknown}")
    return formats


def _shipped_font_files() -> list[Path]:
    if not FONT_FILES["regular"].is_file():
        raise FileNotFoundError(
            f"shipped font missing: {FONT_FILES['regular']} (broken qpanalysis install?)"
        )
    return [p for p in FONT_FILES.values() if p.is_file()]


def _register_fonts() -> None:
    """Add the shipped faces to matplotlib and make them win name ties."""
    fm = font_manager.fontManager
    shipped = [str(p) for p in _shipped_font_files()]
    known = {entry.fname for entry in fm.ttflist}
    for path in shipped:
        if path not in known:
            fm.addfont(path)
    # A machine may also have a system copy of "Noto Sans CJK SC" (e.g. Debian's
    # .ttc). findfont() keeps the first of equally scored entries, so move the
    # shipped faces to the front: output must not depend on the host's fonts.
    ours = set(shipped)
    fm.ttflist.sort(key=lambda entry: entry.fname not in ours)  # stable sort
    cache_clear = getattr(getattr(fm, "_findfont_cached", None), "cache_clear", None)
    if cache_clear is not None:  # private; the tests check findfont's answer
        cache_clear()


def use_style(lang: str = "zh") -> None:
    """Apply the package figure style (idempotent).

    Registers the shipped Noto Sans CJK SC faces with matplotlib, sets the
    rcParams (font, clean axes, Okabe–Ito colour cycle, 300 dpi, Type 3 PDF
    fonts, path-only SVG text); seaborn draws with the same rcParams.
    Call it before creating figures: text picks its font when it is created.

    Args:
        lang: ``"zh"`` or ``"en"``. Both languages use the same fonts, so English
            figures may still contain Chinese names.

    Raises:
        ValueError: If ``lang`` is not ``"zh"`` or ``"en"``.
    """
    check_lang(lang)
    _register_fonts()
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
            "savefig.bbox": "tight",
            "savefig.pad_inches": 0.05,
            # Type 3: matplotlib's Type 42 output of CFF/OTF CJK fonts renders
            # with wrong glyphs in Ghostscript and MuPDF (matplotlib #2869, #20870).
            "pdf.fonttype": 3,
            "ps.fonttype": 3,
            "svg.fonttype": "path",  # SVGs need no font on the reader's machine
            "svg.hashsalt": "qpanalysis",  # reproducible SVG ids
        }
    )
    _STATE["applied"] = True


def new_figure(width="column", aspect: float = _DEFAULT_ASPECT, nrows: int = 1, ncols: int = 1, **kw):
    """Create a figure sized for an A4 paper with constrained layout.

    Applies :func:`use_style` first if it has not been applied yet.

    Args:
        width: ``"column"`` (85 mm), ``"page"`` (175 mm) or a width in inches.
        aspect: Height divided by width.
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
    return plt.subplots(nrows, ncols, figsize=(width_in, width_in * aspect), **kw)


@functools.lru_cache(maxsize=None)
def _charmap(path: str) -> frozenset[int]:
    return frozenset(FT2Font(path).get_charmap())


def _font_files_for(prop: FontProperties) -> tuple[str, ...]:
    """Files matplotlib may draw ``prop`` with (its family list, fallbacks expanded)."""
    names: list[str] = []
    for family in prop.get_family():
        if family in _GENERIC_FAMILIES:
            names.extend(mpl.rcParams[f"font.{family}"])
        else:
            names.append(family)
    files = []
    for name in names:
        single = prop.copy()
        single.set_family(name)
        try:
            path = font_manager.findfont(single, fallback_to_default=False)
        except ValueError:  # family not installed
            continue
        if path not in files:
            files.append(path)
    return tuple(files)


def find_missing_glyphs(fig) -> dict[str, str]:
    """Characters of a figure's text that none of its fonts can draw.

    Unlike matplotlib's warnings (emitted only on a font's first use), this
    checks every visible text artist each time. Draw the figure first so that
    tick labels are filled in. Mathtext (``$...$``) is skipped.

    Args:
        fig: A matplotlib figure.

    Returns:
        ``{text: missing_characters}``; empty when everything is covered.
    """
    missing: dict[str, str] = {}
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text or not artist.get_visible() or text.count("$") >= 2:
            continue
        files = _font_files_for(artist.get_fontproperties())
        covered = frozenset().union(*(_charmap(f) for f in files))
        lacking = "".join(
            dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered)
        )
        if lacking:
            missing[text] = lacking
    return missing


@contextlib.contextmanager
def assert_no_missing_glyphs(figure_name: str = "figure") -> Iterator[None]:
    """Turn matplotlib's "Glyph ... missing" warnings into a RuntimeError.

    Other warnings raised inside the block are re-emitted unchanged.

    Args:
        figure_name: Named in the error message.

    Raises:
        RuntimeError: If any missing-glyph warning was emitted in the block.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = []
    for w in caught:
        if _MISSING_GLYPH_RE.search(str(w.message)):
            missing.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if missing:
        raise RuntimeError(
            f"figure {figure_name!r} has glyphs missing from its fonts (they would "
            f"render as boxes); call qpanalysis.charts.style.use_style() before creating "
            f"the figure: " + "; ".join(dict.fromkeys(missing))
        )


def add_source_note(fig, text: str) -> Text:
    """Put the data-source line under everything else in the figure, bottom-left.

    The note is placed 6 pt below the lowest point of the figure's drawn
    content (tick labels, axis labels, legends), left-aligned with its leftmost
    point, so it cannot overlap them; save with ``bbox_inches="tight"`` so it
    is inside the image. :func:`save_figure` calls this for you.

    Args:
        fig: A matplotlib figure, laid out as it will be saved.
        text: The note, built from the loaded list by the caller (see
            ``qpanalysis.display.findings.identity.source_note``): no year or title is fixed here.

    Returns:
        The note's :class:`~matplotlib.text.Text` (call ``.remove()`` to undo).
    """
    bbox = fig.get_tightbbox()  # inches; runs a draw if the figure has none
    width, height = fig.get_size_inches()
    return fig.text(
        bbox.x0 / width,
        bbox.y0 / height,
        text,
        transform=offset_copy(fig.transFigure, fig, y=-6, units="points"),
        ha="left",
        va="top",
        fontsize=6,
        color="#666666",
        gid="qpanalysis-source-note",
    )


def _default_output_dir() -> Path:
    try:
        from qpanalysis.config import FIGURES_DIR  # optional, wired by the package
    except ImportError:
        return Path.cwd() / "figures"
    return Path(FIGURES_DIR)


def _tidy(data):
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if data.empty:
        raise ValueError("data is empty: a figure without its numbers cannot be cited")
    if any(n is not None for n in data.index.names):  # a named index is data
        data = data.reset_index()
    return data


def save_figure(
    fig,
    name: str,
    data,
    *,
    output_dir=None,
    formats=FORMATS,
    source_note: str | None = None,
) -> dict[str, Path]:
    """Save a figure in several formats, with a source line and its data as CSV.

    Writes ``<output_dir>/<name>.<fmt>`` for each format (PNG at 300 dpi) and
    ``<output_dir>/<name>.csv`` (UTF-8 with BOM, so Excel on Chinese Windows
    reads it). The source note is placed below everything else in the figure,
    bottom-left, and removed again afterwards, so saving twice is safe.

    Args:
        fig: The matplotlib figure.
        name: File stem; ASCII letters, digits, ``-`` and ``_`` only.
        data: The plotted numbers as a tidy pandas DataFrame (required).
        output_dir: Target directory (created if needed). Defaults to
            ``qpanalysis.config.FIGURES_DIR`` if that exists, else
            ``./figures``.
        formats: Any of ``"png"``, ``"svg"``, ``"pdf"``.
        source_note: The source line to put under the figure (built from the
            loaded list, see ``qpanalysis.display.findings.identity.source_note``); None
            for none.

    Returns:
        ``{format: path}`` for every file written, including ``"csv"``.

    Raises:
        ValueError: On a bad name or format, or empty data.
        TypeError: If ``data`` is not a DataFrame.
        RuntimeError: If any text has characters the fonts cannot draw.
    """
    validate_name(name)
    formats = check_formats(formats)
    data = _tidy(data)
    out = Path(output_dir) if output_dir is not None else _default_output_dir()
    out.mkdir(parents=True, exist_ok=True)

    paths: dict[str, Path] = {}
    note = None
    engine = fig.get_layout_engine()
    try:
        with assert_no_missing_glyphs(name):
            fig.draw_without_rendering()  # runs the layout and fills tick labels
            # Freeze the layout: otherwise savefig re-runs it, and a legend placed
            # "outside lower center" moves down onto the source note placed under it.
            if engine is not None:
                fig.set_layout_engine("none")
            if source_note:
                note = add_source_note(fig, source_note)
            missing = find_missing_glyphs(fig)
            if missing:
                detail = "; ".join(f"{t!r}: {m!r}" for t, m in missing.items())
                raise RuntimeError(
                    f"figure {name!r} has characters its fonts cannot draw (they would "
                    f"render as boxes); call qpanalysis.charts.style.use_style() before "
                    f"creating the figure: {detail}"
                )
            for fmt in formats:
                path = out / f"{name}.{fmt}"
                metadata = {"pdf": {"CreationDate": None}, "svg": {"Date": None}}.get(fmt)
                fig.savefig(
                    path, format=fmt, dpi=DPI, bbox_inches="tight", pad_inches=0.05,
                    metadata=metadata,
                )
                paths[fmt] = path
    finally:
        if note is not None:
            note.remove()
        if engine is not None:
            fig.set_layout_engine(engine)
    csv_path = out / f"{name}.csv"
    write_csv(data, csv_path)  # UTF-8 with BOM; text a spreadsheet would run as a formula stays text
    paths["csv"] = csv_path
    return paths
