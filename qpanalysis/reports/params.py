"""Checks of the command line's options and the notebooks' parameters (paths, languages, dates), and the notebooks' shared set-up."""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from qpanalysis.codes import FIGURE_FORMATS, LANGS
from qpanalysis.config import BUNDLED_LIST, FIGURES_DIR
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.reading import check_file


# Key of a displayed figure's output metadata that names its saved files.
FIGURE_METADATA = "qpanalysis"
# A sha256 as hashlib's hexdigest writes it: what the runner announces to each notebook.
SHA256 = re.compile(r"[0-9a-f]{64}")
# How to write a date on the command line and in a notebook's as_of parameter.
DATE_HINT = "YYYY-MM-DD"


class ArgumentError(ValueError):
    """A bad value of one command-line option (or the runner's parameter of the same name).

    The message starts with the option, so that the command line's one-line error names it.

    Example:
        >>> str(ArgumentError("--workers", "must be 1 or more, not 0"))
        '--workers: must be 1 or more, not 0'
    """

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.reason = message
        super().__init__(f"{option}: {message}")


def absolute(path: str | os.PathLike) -> Path:
    """``path`` made absolute against the caller's current folder (``~`` expanded, ``..`` folded).

    Notebooks run in the notebooks' folder, so a relative path must be made absolute by
    whoever was given it, before it is passed on.

    Example:
        >>> absolute("reports/../my_list.txt") == Path(os.getcwd(), "my_list.txt")
        True
        >>> absolute("/data/list.txt").as_posix()
        '/data/list.txt'
    """
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))


def _given(value, option: str) -> Path | None:
    """The absolute path given as ``option``; None stays None, an empty path is refused."""
    if value is None:
        return None
    if str(value).strip() == "":
        raise ArgumentError(option, "is empty; give a path")
    return absolute(value)


def _existing(value, option: str, folder: bool) -> Path | None:
    """The absolute path of an existing, readable file (or ``folder``); None stays None."""
    path = _given(value, option)
    if path is None:
        return None
    kind, other = ("folder", "file") if folder else ("file", "folder")
    if not path.exists():
        raise ArgumentError(option, f"no such {kind} {path}")
    if path.is_dir() != folder:
        raise ArgumentError(option, f"{path} is a {other}, not a {kind}")
    if not folder and not path.is_file():  # a device or a pipe
        raise ArgumentError(option, f"{path} is not a regular file")
    if not os.access(path, os.R_OK | (os.X_OK if folder else 0)):
        raise ArgumentError(option, f"cannot read {path} (permission denied)")
    return path


def input_file(value, option: str) -> Path | None:
    """The absolute path of a file to read, given as ``option``; None stays None.

    Raises:
        ArgumentError: When the path is empty, names a folder, or no readable file.

    Example:
        >>> input_file(BUNDLED_LIST, "--source") == BUNDLED_LIST
        True
        >>> input_file(BUNDLED_LIST.parent, "--source")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --source: .../raw is a folder, not a file
    """
    return _existing(value, option, folder=False)


def input_file_or_folder(value, option: str) -> Path | None:
    """The absolute path of a file or a folder to read (``--progress``), given as ``option``; None stays None.

    Example:
        >>> input_file_or_folder(BUNDLED_LIST.parent, "--progress") == BUNDLED_LIST.parent
        True
        >>> input_file_or_folder("missing.csv", "--progress")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --progress: no such file .../missing.csv
    """
    if value is not None and absolute(value).is_dir():
        return _existing(value, option, folder=True)
    return _existing(value, option, folder=False)


def input_folder(value, option: str) -> Path | None:
    """The absolute path of a folder to read, given as ``option``; None stays None.

    Example:
        >>> input_folder(BUNDLED_LIST, "--reference")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --reference: .../2026_qingpu_rural_construction_tasks.txt is a file, not a folder
    """
    return _existing(value, option, folder=True)


def output_folder(value, option: str) -> Path | None:
    """The absolute path of a folder to write to (made later if missing), given as ``option``; None stays None.

    Checked before anything is written: the path, or a folder above it, must not be a
    file, and the nearest existing folder must be writable.

    Example:
        >>> output_folder(BUNDLED_LIST / "tables", "--output")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --output: cannot make the folder .../tables: .../2026_qingpu_rural_construction_tasks.txt is a file
    """
    path = _given(value, option)
    if path is None:
        return None
    for folder in (path, *path.parents):
        if not folder.exists():
            continue
        if not folder.is_dir():
            if folder == path:
                raise ArgumentError(option, f"{path} is a file, not a folder")
            raise ArgumentError(option, f"cannot make the folder {path}: {folder} is a file")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ArgumentError(option, f"cannot write in {folder} (permission denied)")
        break
    return path


def check_langs(langs, option: str = "--lang") -> tuple[str, ...]:
    """The report languages asked for, each once, in order; at least one.

    Example:
        >>> check_langs(["en", "zh", "en"])
        ('en', 'zh')
        >>> check_langs([])
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --lang: no language given; give zh, en or zh,en
        >>> check_langs(["fr"])
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --lang: unknown language 'fr'; give zh, en or zh,en
    """
    hint = "give " + ", ".join(LANGS) + " or " + ",".join(LANGS)
    if isinstance(langs, str):
        langs = (langs,)
    langs = tuple(dict.fromkeys(langs))
    if not langs:
        raise ArgumentError(option, f"no language given; {hint}")
    for lang in langs:
        if lang not in LANGS:
            raise ArgumentError(option, f"unknown language {lang!r}; {hint}")
    return langs


def check_workers(workers, option: str = "--workers") -> int:
    """How many notebooks run at once: a whole number, 1 or more.

    Example:
        >>> check_workers(0)
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --workers: must be a whole number, 1 or more, not 0
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(option, f"must be a whole number, 1 or more, not {workers!r}")
    return workers


def parse_date(value, option: str = "--as-of") -> datetime.date:
    """A date written as YYYY-MM-DD (or a date object).

    Example:
        >>> parse_date("2026-09-30")
        datetime.date(2026, 9, 30)
        >>> parse_date("30/09/2026")
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --as-of: expected a date written YYYY-MM-DD, such as 2026-09-30, not '30/09/2026'
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ArgumentError(option, f"expected a date written {DATE_HINT}, such as 2026-09-30, not {value!r}") from None


def check_as_of(value, plan_year: int, option: str = "--as-of") -> datetime.date | None:
    """A date in the list's plan year (:func:`parse_date`); None stays None.

    Example:
        >>> check_as_of("2026-09-30", 2026)
        datetime.date(2026, 9, 30)
        >>> check_as_of("2025-09-30", 2026)
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --as-of: 2025-09-30 is outside the list's plan year 2026; give a date in 2026
    """
    if value is None:
        return None
    date = parse_date(value, option)
    if date.year != plan_year:
        raise ArgumentError(option, f"{date} is outside the list's plan year {plan_year}; give a date in {plan_year}")
    return date


def check_folder_name(name, option: str = "--name") -> str | None:
    """A report folder's name: one plain folder name, not hidden and not the run's own (``_…``).

    Example:
        >>> check_folder_name("trial")
        'trial'
        >>> check_folder_name("../elsewhere")
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --name: must be a plain folder name (no / or \\, not starting with . or _), not '../elsewhere'
    """
    if name is None:
        return None
    text = str(name)
    if not text.strip() or any(c in text for c in "/\\") or text[0] in "._" or text != text.strip():
        raise ArgumentError(option, f"must be a plain folder name (no / or \\, not starting with . or _), not {text!r}")
    return text


def check_source_sha256(tl, expected: str | None) -> None:
    """Fail loudly when the list a notebook loaded is not the one the runner announced.

    Raises:
        TaskListError: Naming the file and both checksums.

    Example:
        >>> from types import SimpleNamespace
        >>> check_source_sha256(SimpleNamespace(sha256="a" * 64, source=Path("list.txt")), None)
        >>> check_source_sha256(SimpleNamespace(sha256="a" * 64, source=Path("list.txt")), "b" * 64)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: list.txt, field source_sha256: the list read has sha256 aaa...a, not bbb...b as announced by the runner (the file changed...)
    """
    if expected is None or tl.sha256 == expected:
        return
    raise TaskListError(
        f"the list read has sha256 {tl.sha256}, not {expected} as announced by the runner "
        "(the file changed during the run, or another file was read)",
        path=tl.source, field="source_sha256",
    )


@dataclass(frozen=True)
class FigureOptions:
    """How a run's figures are drawn and saved, for a report or a paper.

    Attributes:
        width: ``"column"`` (85 mm), ``"page"`` (175 mm) or a width in mm from 60 to 200.
        titles: False: titles go into a caption file beside each figure (zh and en), not the image.
        svg_text: SVG text kept as text naming its font, not outlines.
        pdf_truetype: PDF figures embed a TrueType copy of the font (Type 42), not Type 3.
    """

    width: str = "page"
    titles: bool = True
    svg_text: bool = False
    pdf_truetype: bool = False


def check_figure_options(width="page", titles=True, svg_text=False, pdf_truetype=False,
                         prefix: str = "parameter ") -> FigureOptions:
    """Checked :class:`FigureOptions`; ``prefix`` starts the names in errors (``"--"`` on the command line).

    Example:
        >>> check_figure_options("column", titles=False).width
        'column'
        >>> check_figure_options("30")
        Traceback (most recent call last):
        ...
        ValueError: parameter figure_width: must be column, page or a width in mm from 60 to 200, not '30'
    """
    from qpanalysis.charts.style import check_figure_width

    name = f"{prefix}figure{'-' if prefix == '--' else '_'}width"
    check_figure_width(width, name)
    for key, value in (("figure_titles", titles), ("svg_text", svg_text), ("pdf_truetype", pdf_truetype)):
        if not isinstance(value, bool):
            raise ValueError(f"parameter {key} must be True or False, not {value!r}")
    return FigureOptions(str(width).strip().lower(), titles, svg_text, pdf_truetype)


@dataclass(frozen=True)
class NotebookParams:
    """Checked notebook parameters, with helpers that depend on them.

    Attributes:
        source: The task list to load.
        lang: ``"zh"`` or ``"en"``: the language of headings, labels and figures.
        output_dir: Folder the figures are written to.
        figure_formats: Formats each figure is saved in.
        source_sha256: The checksum the list must have (the runner's), or None for no check.
        reference: A folder of the user's reference tables, or None for the bundled ones.
        figure: How figures are drawn and saved (print width, titles, SVG text, PDF fonts).
    """

    source: Path
    lang: str
    output_dir: Path
    figure_formats: tuple[str, ...]
    source_sha256: str | None = None
    reference: Path | None = None
    figure: FigureOptions = field(default_factory=FigureOptions)

    def load(self):
        """Load the task list, and check it is the one the runner announced (:func:`check_source_sha256`).

        Example:
            >>> validate_parameters(lang="en").load().plan_year
            2026
        """
        from qpanalysis.ingest.tasklist import load

        tl = load(self.source, reference=self.reference)
        check_source_sha256(tl, self.source_sha256)
        return tl

    def figure_name(self, stem: str) -> str:
        """File name of a figure: the stem plus the language, so both languages coexist."""
        return f"{stem}_{self.lang}"

    def save(self, fig, stem: str, data, tl, *, table: str | None = None, units: dict | None = None,
             show: bool = True) -> None:
        """Save a figure in every requested format, with its data as CSV, and show it inline.

        The CSV is the plotted table labelled for the notebook's language (headers, codes
        and names from data/reference/, numbers kept as numbers); the source note under
        the figure names the loaded list and its checksum.

        Args:
            fig: The figure.
            stem: File stem; the language is added (``investment_by_section_en``).
            data: The plotted numbers, an analysis table.
            tl: The TaskList the figure shows (for the source note).
            table: The analysis table's name, for columns whose meaning depends on it
                (see ``qpanalysis.display.tables.column_spec``).
            units: Metric → unit, for a wide table with one column per metric.
            show: Display the figure inline.

        Returns None, so that a cell ending with this call shows the figure and not the
        file paths (which are machine-specific and would leak into the reports).
        """
        from qpanalysis import __version__
        from qpanalysis.charts import save as figures
        from qpanalysis.display.findings.identity import source_note  # the list's title in the figure's language
        from qpanalysis.display.tables import labelled

        note = source_note(tl, self.lang)
        provenance = figures.Provenance(
            title=figures.figure_title(fig) or self.figure_name(stem), source=note, sha256=tl.sha256,
            version=__version__, date=datetime.date.today(),
        )
        figures.save_figure(
            fig, self.figure_name(stem), labelled(data, self.lang, of=table, units=units),
            output_dir=self.output_dir, formats=self.figure_formats, source_note=note, provenance=provenance,
            titles=self.figure.titles, svg_text=self.figure.svg_text, pdf_truetype=self.figure.pdf_truetype,
        )
        if show:
            from IPython.display import display

            # The figure's file name travels with the inline image, so that the PDF report
            # can place the vector (SVG) file instead of the PNG (qpanalysis.reports.pdf).
            display(fig, metadata={FIGURE_METADATA: {"figure": self.figure_name(stem)}})
        import matplotlib.pyplot as plt

        plt.close(fig)


def validate_parameters(
    source=None,
    lang: str = "zh",
    output_dir=None,
    figure_formats=FIGURE_FORMATS,
    source_sha256: str | None = None,
    reference=None,
    figure_width="page",
    figure_titles: bool = True,
    svg_text: bool = False,
    pdf_truetype: bool = False,
) -> NotebookParams:
    """Check the parameters a notebook was given and raise a clear error for a bad value.

    Args:
        source: Path to a task list, or None for the bundled 2026 list.
        lang: ``"zh"`` (default) or ``"en"``.
        output_dir: Folder for figures; None for the project's ``figures/``.
        figure_formats: A list of ``png``, ``svg`` and ``pdf`` (papermill passes lists).
        source_sha256: The sha256 the runner found for ``source``; :meth:`NotebookParams.load`
            refuses a list with another one. None: no check (a notebook opened by hand).
        reference: A folder of reference tables adding to the bundled ones, or None.
        figure_width, figure_titles, svg_text, pdf_truetype: How figures are drawn and
            saved (:class:`FigureOptions`).

    A relative path is read from the notebook's folder; the runner passes absolute ones.

    Raises:
        ValueError: For an unknown language or format, or a malformed ``source_sha256``.
        TaskListError: When ``source`` names no file (or a folder).

    Example:
        >>> validate_parameters(lang="en").lang
        'en'
        >>> validate_parameters(lang="fr")
        Traceback (most recent call last):
        ...
        ValueError: parameter lang must be one of ('zh', 'en'), not 'fr'
        >>> validate_parameters(figure_formats=["png", "gif"])
        Traceback (most recent call last):
        ...
        ValueError: parameter figure_formats may only hold ('png', 'svg', 'pdf'); unknown: ['gif']
    """
    if lang not in LANGS:
        raise ValueError(f"parameter lang must be one of {LANGS}, not {lang!r}")
    from qpanalysis.charts.style import check_formats

    formats = check_formats(figure_formats, "parameter figure_formats")
    path = check_file(source if source not in (None, "") else BUNDLED_LIST, field="source")
    if source_sha256 is not None and not SHA256.fullmatch(str(source_sha256)):
        raise ValueError(f"parameter source_sha256 must be 64 lower-case hex digits or None, not {source_sha256!r}")
    folder = Path(reference) if reference not in (None, "") else None
    if folder is not None and not folder.is_dir():
        raise TaskListError("parameter reference: no such folder of reference tables", path=folder)
    out = Path(output_dir) if output_dir not in (None, "") else FIGURES_DIR
    figure = check_figure_options(figure_width, figure_titles, svg_text, pdf_truetype)
    return NotebookParams(path, lang, out, formats, source_sha256, folder, figure)


def setup(params: NotebookParams) -> None:
    """Apply the figure style (and print width) and table display options for the notebook's language."""
    import pandas as pd

    from qpanalysis.charts import style as figures

    figures.use_style(params.lang, width=params.figure.width)
    pd.set_option("display.max_colwidth", 60)
    pd.set_option("display.width", 160)


@dataclass(frozen=True)
class CompareParams:
    """Checked parameters of the comparison notebook (06_compare): two lists, and how to show them.

    Attributes:
        old, new: The two lists (absolute paths).
        mapping: A mapping file (``old_id,new_id``), or None.
        lang, output_dir, figure_formats: As for :class:`NotebookParams`.
        old_sha256, new_sha256: The checksums the lists must have (the runner's), or None.
        reference: A folder of the user's reference tables, or None.
    """

    old: Path
    new: Path
    mapping: Path | None
    lang: str
    output_dir: Path
    figure_formats: tuple[str, ...]
    old_sha256: str | None = None
    new_sha256: str | None = None
    reference: Path | None = None
    figure: FigureOptions = field(default_factory=FigureOptions)

    @property
    def figures(self) -> NotebookParams:
        """The figure-saving half of the parameters (:meth:`NotebookParams.save`), for the new list."""
        return NotebookParams(self.new, self.lang, self.output_dir, self.figure_formats, self.new_sha256, self.reference,
                              self.figure)

    def compare(self):
        """Load both lists (each checked against its announced checksum) and compare them.

        Example:
            >>> p = validate_compare_parameters(lang="en")
            >>> p.compare().warnings
            ('identical-files',)
        """
        from qpanalysis.analysis.compare import compare
        from qpanalysis.ingest.tasklist import load

        old, new = load(self.old, reference=self.reference), load(self.new, reference=self.reference)
        check_source_sha256(old, self.old_sha256)
        check_source_sha256(new, self.new_sha256)
        return compare(old, new, self.mapping, check_files=not self.demonstration)

    @property
    def demonstration(self) -> bool:
        """No list was given: the bundled list is compared with itself (the notebook as committed)."""
        return self.old == self.new == BUNDLED_LIST


def validate_compare_parameters(old=None, new=None, lang: str = "zh", mapping=None, output_dir=None,
                                figure_formats=FIGURE_FORMATS, old_sha256: str | None = None,
                                new_sha256: str | None = None, reference=None, figure_width="page",
                                figure_titles: bool = True, svg_text: bool = False,
                                pdf_truetype: bool = False) -> CompareParams:
    """Check the comparison notebook's parameters (as :func:`validate_parameters` does for one list).

    ``old`` and ``new`` None are the bundled list: with neither given, the notebook (as
    committed, and as nbval runs it) compares the bundled list with itself. A relative path
    is read from the notebook's folder; the command ``qpanalysis compare`` passes absolute ones.

    Example:
        >>> p = validate_compare_parameters(lang="en")
        >>> p.demonstration, len(p.compare().changed)
        (True, 0)
    """
    first = validate_parameters(old, lang, output_dir, figure_formats, old_sha256, reference, figure_width,
                                figure_titles, svg_text, pdf_truetype)
    second = validate_parameters(new, lang, output_dir, figure_formats, new_sha256, reference)
    path = check_file(mapping, field="mapping") if mapping not in (None, "") else None
    return CompareParams(first.source, second.source, path, lang, first.output_dir, first.figure_formats,
                         old_sha256, new_sha256, first.reference, first.figure)
