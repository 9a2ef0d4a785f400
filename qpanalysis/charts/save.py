"""Saving figures: formats, the source note, a fixed print width, titles as caption files, provenance in each file's metadata."""

from __future__ import annotations

import contextlib
import datetime
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy

from qpanalysis.charts import fonts
from qpanalysis.charts.wrap import by_script, fit_label
from qpanalysis.codes import FIGURE_FORMATS
from qpanalysis.export.safe import write_csv

__all__ = [
    "FORMATS",
    "DPI",
    "Provenance",
    "validate_name",
    "check_formats",
    "add_source_note",
    "figure_title",
    "remove_titles",
    "caption_text",
    "file_metadata",
    "fit_to_width",
    "print_bbox",
    "save_figure",
]

# Every figure is written in these formats (see qpanalysis.codes), PNG at 300 dpi for print.
FORMATS = FIGURE_FORMATS
DPI = 300
# Margin (inches) above and below the drawn content; the width is the figure's own, exactly.
PAD_INCHES = 0.05
# How far (inches) text may reach past the figure's sides before it counts as cut off:
# a hundredth of an inch is below a pixel at 72 dpi.
OVERFLOW_TOLERANCE = 0.01
# Suffix of the caption file written beside a figure drawn without its title.
CAPTION_SUFFIX = ".caption.txt"
# gid of the source note, so that it can be found again (tests, captions).
NOTE_GID = "qpanalysis-source-note"

_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Provenance:
    """What a figure file records about where it comes from (its PNG, PDF and SVG metadata).

    Attributes:
        title: The figure's title (or its name when it has none).
        source: The source line: the list's title and sha256.
        sha256: The list's sha256.
        version: The qpanalysis version that drew it.
        date: The day it was made (a day, not a time: a rerun on the same day gives the same files).
    """

    title: str
    source: str
    sha256: str
    version: str
    date: datetime.date


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


def add_source_note(fig, text: str) -> Text:
    """Put the data-source line under everything else in the figure, bottom-left.

    The note is placed 6 pt below the lowest point of the figure's drawn
    content (tick labels, axis labels, legends), left-aligned with its leftmost
    point, so it cannot overlap them. :func:`save_figure` calls this for you.

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
        max(bbox.x0, 0) / width,
        bbox.y0 / height,
        text,
        transform=offset_copy(fig.transFigure, fig, y=-6, units="points"),
        ha="left",
        va="top",
        fontsize=6,
        color="#666666",
        gid=NOTE_GID,
        wrap=True,  # a long note breaks at the figure's right edge (a column figure)
    )


def _title_artists(fig) -> list[Text]:
    """The text artists holding the figure's title: its suptitle, else the one titled axes' titles."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return [suptitle]
    titled = [
        [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()] for ax in fig.axes
    ]
    titled = [titles for titles in titled if titles]
    return titled[0] if len(titled) == 1 else []


def _one_line(text: str) -> str:
    """A wrapped title as one line: Chinese lines joined as they are, others with a space.

    Example:
        >>> _one_line("青浦区\\n乡村建设"), _one_line("Tasks by\\ntown")
        ('青浦区乡村建设', 'Tasks by town')
    """
    return by_script(text, "", " ").join(line.strip() for line in text.splitlines())


def figure_title(fig) -> str | None:
    """The figure's title as one line (its suptitle, else the title of its only titled axes), or None."""
    artists = _title_artists(fig)
    return _one_line(" ".join(a.get_text() for a in artists)) if artists else None


def remove_titles(fig) -> str | None:
    """Take the title out of the figure (before it is laid out), and return it as one line."""
    title = figure_title(fig)
    for artist in _title_artists(fig):
        artist.set_text("")
    return title


def caption_text(title: str | None, source_note: str | None) -> str:
    """A caption file's text: the title, then the source line, each on its own line.

    Example:
        >>> print(caption_text("各板块投资", "数据来源：清单"), end="")
        各板块投资
        数据来源：清单
    """
    return "".join(f"{line}\n" for line in (title, source_note) if line)


def file_metadata(fmt: str, provenance: Provenance | None) -> dict | None:
    """The metadata savefig writes into a ``fmt`` file: PNG text chunks, the PDF info dictionary, SVG's Dublin Core.

    Without provenance, the date is left out, so that a file does not change each time it is saved.

    Example:
        >>> p = Provenance("各板块投资", "数据来源：清单", "ab" * 32, "0.1.0", datetime.date(2026, 10, 8))
        >>> file_metadata("png", p)["Creation Time"], file_metadata("svg", p)["Date"]
        ('2026-10-08', '2026-10-08')
        >>> file_metadata("pdf", None)
        {'CreationDate': None}
    """
    if provenance is None:
        return {"pdf": {"CreationDate": None}, "svg": {"Date": None}}.get(fmt)
    p = provenance
    software = f"qpanalysis {p.version}"
    source = f"sha256:{p.sha256}"
    if fmt == "png":
        return {"Title": p.title, "Source": source, "Software": software,
                "Creation Time": p.date.isoformat(), "Description": p.source}
    if fmt == "pdf":
        when = datetime.datetime.combine(p.date, datetime.time(), tzinfo=datetime.timezone.utc)
        return {"Title": p.title, "Author": software, "Subject": p.source, "Keywords": source,
                "Creator": software, "CreationDate": when, "ModDate": when}
    if fmt == "svg":
        return {"Title": p.title, "Date": p.date.isoformat(), "Source": source, "Creator": software,
                "Description": p.source}
    raise ValueError(f"unknown format {fmt!r}")


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


def _overflows(extent, width: float, dpi: float) -> bool:
    """Whether a window extent (pixels) reaches past the figure's sides."""
    return extent.x0 < -OVERFLOW_TOLERANCE * dpi or extent.x1 > (width + OVERFLOW_TOLERANCE) * dpi


def _rewrap(text: Text, width: float, renderer) -> bool:
    """Wrap a figure-level text (a note under the chart) again so that it fits the figure's width."""
    extent = text.get_window_extent(renderer)
    dpi = text.figure.dpi
    x0 = max(extent.x0, 0.0)
    room = width * dpi - x0
    lines = text.get_text().splitlines()
    longest = max((len(line) for line in lines), default=0)
    if extent.width <= 0 or longest < 2:
        return False
    chars = max(1, int(longest * room / extent.width * 0.95))
    text.set_text(fit_label(_one_line(text.get_text()), chars, chars))
    return True


def fit_to_width(fig, rounds: int = 4) -> None:
    """Bring text reaching past the figure's sides back inside: notes and titles are wrapped again, legends get fewer columns.

    Charts lay themselves out for the width they were drawn for; at a narrower print
    width (a column) a note under the chart or a legend in one row may be wider than the
    figure. The figure is drawn again after each round; what cannot be brought inside
    (an axis label) is left for :func:`print_bbox` to warn about.
    """
    width = fig.get_size_inches()[0]
    for _ in range(rounds):
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        changed = False
        for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
            if legend is None or not _overflows(extent := legend.get_window_extent(renderer), width, fig.dpi):
                continue
            if legend._ncols > 1:
                legend.set_ncols(legend._ncols - 1)
                changed = True
                continue
            share = (width * fig.dpi - max(extent.x0, 0.0)) / extent.width  # of the legend's width
            for text in legend.get_texts():
                line = _one_line(text.get_text())
                text.set_text(fit_label(line, max(2, int(len(line) * share * 0.9)), max(2, int(len(line) * share * 0.9))))
            changed = True
        titles = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label)]
        legend_titles = [legend.get_title() for legend in fig.legends + [ax.get_legend() for ax in fig.axes] if legend]
        for text in [*fig.texts, *titles, *legend_titles]:
            if text.get_text() and _overflows(text.get_window_extent(renderer), width, fig.dpi):
                changed |= _rewrap(text, width, renderer)
        if not changed:
            return


def print_bbox(fig, name: str = "figure") -> Bbox:
    """The part of the figure saved: its full width, exactly, and its drawn content's height.

    A journal asks for a stated width (85 or 175 mm), so the width is not trimmed as
    ``bbox_inches="tight"`` would; the height is. Text reaching past the figure's sides
    would be cut off: then the box grows to hold it, with a warning naming the figure.
    """
    tight = fig.get_tightbbox()
    width = fig.get_size_inches()[0]
    x0, x1 = 0.0, width
    if tight.x0 < -OVERFLOW_TOLERANCE or tight.x1 > width + OVERFLOW_TOLERANCE:
        warnings.warn(
            f"figure {name!r}: drawn content spans {tight.x0:.2f}–{tight.x1:.2f} in, wider than the "
            f"figure's {width:.2f} in; saved wider so that nothing is cut off",
            stacklevel=3,
        )
        x0, x1 = min(x0, tight.x0), max(x1, tight.x1)
    return Bbox([[x0, tight.y0 - PAD_INCHES], [x1, tight.y1 + PAD_INCHES]])


@contextlib.contextmanager
def _truetype_pdf():
    """Embed the TrueType copy of the shipped faces in PDFs as Type 42 (CID) fonts, not Type 3.

    The copy is drawn first for the shipped family name while the block runs; without
    it (not made yet and cannot be made), PDFs keep Type 3 fonts.
    """
    try:
        copies = fonts.truetype_copies()
    except (OSError, ValueError) as exc:  # a read-only cache, a font fontTools cannot convert
        warnings.warn(f"PDF fonts stay Type 3: no TrueType copy of the shipped font ({exc})", stacklevel=3)
        yield
        return
    fonts.register_fonts(copies)
    try:
        with mpl.rc_context({"pdf.fonttype": 42}):
            yield
    finally:
        fonts.register_fonts()


def save_figure(
    fig,
    name: str,
    data,
    *,
    output_dir=None,
    formats=FORMATS,
    source_note: str | None = None,
    titles: bool = True,
    provenance: Provenance | None = None,
    svg_text: bool = False,
    pdf_truetype: bool = False,
) -> dict[str, Path]:
    """Save a figure in several formats, with a source line and its data as CSV.

    Writes ``<output_dir>/<name>.<fmt>`` for each format (PNG at 300 dpi) and
    ``<output_dir>/<name>.csv`` (UTF-8 with BOM, so Excel on Chinese Windows
    reads it). Each file is as wide as the figure (:func:`print_bbox`). The source
    note is placed below everything else in the figure, bottom-left, and removed
    again afterwards, so saving twice is safe.

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
        titles: False: the title is taken out of the image, and it and the source note
            go into ``<name>.caption.txt`` (UTF-8) beside it, for a journal's caption.
        provenance: Written into each file's metadata; None for none (and no date).
        svg_text: Keep SVG text as text naming its font family (the reader needs the font),
            not as outlines.
        pdf_truetype: Embed TrueType copies of the fonts in PDFs (Type 42), not Type 3.

    Returns:
        ``{format: path}`` for every file written, including ``"csv"`` (and ``"caption"``).

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
    if not titles:
        caption = out / f"{name}{CAPTION_SUFFIX}"
        caption.write_text(caption_text(remove_titles(fig), source_note), encoding="utf-8")
        paths["caption"] = caption
    note = None
    engine = fig.get_layout_engine()
    try:
        with fonts.assert_no_missing_glyphs(name):
            fit_to_width(fig)
            fig.draw_without_rendering()  # runs the layout and fills tick labels
            # Freeze the layout: otherwise savefig re-runs it, and a legend placed
            # "outside lower center" moves down onto the source note placed under it.
            if engine is not None:
                fig.set_layout_engine("none")
            if source_note and titles:
                note = add_source_note(fig, source_note)
            missing = fonts.find_missing_glyphs(fig)
            if missing:
                detail = "; ".join(f"{t!r}: {m!r}" for t, m in missing.items())
                raise RuntimeError(
                    f"figure {name!r} has characters its fonts cannot draw (they would "
                    f"render as boxes); call qpanalysis.charts.style.use_style() before "
                    f"creating the figure: {detail}"
                )
            bbox = print_bbox(fig, name)
            for fmt in formats:
                path = out / f"{name}.{fmt}"
                context = contextlib.nullcontext()
                if fmt == "pdf" and pdf_truetype:
                    context = _truetype_pdf()
                elif fmt == "svg" and svg_text:
                    context = mpl.rc_context({"svg.fonttype": "none"})
                with context:
                    fig.savefig(path, format=fmt, dpi=DPI, bbox_inches=bbox,
                                metadata=file_metadata(fmt, provenance))
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
