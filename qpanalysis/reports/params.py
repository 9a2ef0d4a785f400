"""Shared set-up for the parameterised notebooks: parameter checks, language, figure saving."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qpanalysis.codes import FIGURE_FORMATS, LANGS
from qpanalysis.config import BUNDLED_LIST, FIGURES_DIR
from qpanalysis.errors import TaskListError


# Key of a displayed figure's output metadata that names its saved files.
FIGURE_METADATA = "qpanalysis"


@dataclass(frozen=True)
class NotebookParams:
    """Checked notebook parameters, with helpers that depend on them.

    Attributes:
        source: The task list to load.
        lang: ``"zh"`` or ``"en"``: the language of headings, labels and figures.
        output_dir: Folder the figures are written to.
        figure_formats: Formats each figure is saved in.
    """

    source: Path
    lang: str
    output_dir: Path
    figure_formats: tuple[str, ...]

    def t(self, zh: str, en: str) -> str:
        """Pick the text for the notebook's language.

        Example:
            >>> NotebookParams(BUNDLED_LIST, "en", Path("."), ("png",)).t("投资", "Investment")
            'Investment'
        """
        return zh if self.lang == "zh" else en

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
        from qpanalysis.charts import style as figures
        from qpanalysis.display.summary import source_note  # the list's title in the figure's language
        from qpanalysis.display.tables import labelled

        figures.save_figure(
            fig, self.figure_name(stem), labelled(data, self.lang, of=table, units=units),
            output_dir=self.output_dir, formats=self.figure_formats, source_note=source_note(tl, self.lang),
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
) -> NotebookParams:
    """Check the parameters a notebook was given and raise a clear error for a bad value.

    Args:
        source: Path to a task list, or None for the bundled 2026 list.
        lang: ``"zh"`` (default) or ``"en"``.
        output_dir: Folder for figures; None for the project's ``figures/``.
        figure_formats: A list of ``png``, ``svg`` and ``pdf`` (papermill passes lists).

    Raises:
        ValueError: For an unknown language or format.
        TaskListError: When ``source`` names a file that does not exist.

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
    if isinstance(figure_formats, str):
        figure_formats = [f.strip() for f in figure_formats.split(",")]
    formats = tuple(dict.fromkeys(figure_formats))
    unknown = [f for f in formats if f not in FIGURE_FORMATS]
    if unknown or not formats:
        raise ValueError(f"parameter figure_formats may only hold {FIGURE_FORMATS}; unknown: {unknown}")
    path = Path(source) if source not in (None, "") else BUNDLED_LIST
    if not path.is_file():
        raise TaskListError("parameter source: no such task list file", path=path)
    out = Path(output_dir) if output_dir not in (None, "") else FIGURES_DIR
    return NotebookParams(path, lang, out, formats)


def setup(params: NotebookParams) -> None:
    """Apply the figure style and table display options for the notebook's language."""
    import pandas as pd

    from qpanalysis.charts import style as figures

    figures.use_style(params.lang)
    pd.set_option("display.max_colwidth", 60)
    pd.set_option("display.width", 160)
