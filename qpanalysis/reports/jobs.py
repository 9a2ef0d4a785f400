"""The notebooks a run executes: which notebook, in which language, with which parameters, for which report folder."""

from __future__ import annotations

from dataclasses import dataclass, field

from qpanalysis.codes import LANGS, PERIODS as QUARTERS

# The analysis notebooks, run for every language on every run.
ANALYSIS_NOTEBOOKS = (
    "00_explore.ipynb",
    "01_investment.ipynb",
    "02_department_workload.ipynb",
    "03_town_coverage.ipynb",
    "04_data_quality.ipynb",
)
QUARTERLY_NOTEBOOK = "05_quarterly_report.ipynb"
# Reports written as HTML only. The explorer is a page to use (search, sort, unfold a
# task's card), not to print; its cards are in the xlsx and CSV downloads too.
HTML_ONLY = ("00_explore.ipynb",)
# The quarterly report's PDF is its brief (at most four pages), the others' the whole report.
BRIEF_NOTEBOOKS = (QUARTERLY_NOTEBOOK,)


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, written where."""

    notebook: str
    folder: str  # the report folder under reports/, e.g. "2026" or "2026-Q3"
    lang: str
    parameters: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.folder}/{self.lang}/{self.notebook}"


@dataclass(frozen=True)
class Inputs:
    """What every notebook of a run reads (the list, its sha256, the reference folder), and
    what the quarterly report reads too (the progress file, the comparison date): as text,
    as papermill passes parameters; None where not given."""

    source: str | None = None
    source_sha256: str | None = None
    reference: str | None = None
    progress: str | None = None
    as_of: str | None = None
    # The figure options given (notebook parameter, value) pairs: figure_width, figure_titles,
    # svg_text, pdf_truetype; those not given keep the notebook's defaults.
    figure: tuple[tuple[str, object], ...] = ()

    def parameters(self, lang: str, quarter: str | None = None) -> dict:
        """A notebook's parameters: an analysis notebook's, or with ``quarter`` the quarterly report's.

        Example:
            >>> Inputs(source="/l.txt", as_of="2026-09-30").parameters("en")
            {'source': '/l.txt', 'source_sha256': None, 'reference': None, 'lang': 'en'}
            >>> Inputs(figure=(("figure_width", "column"),)).parameters("zh")["figure_width"]
            'column'
        """
        common = {"source": self.source, "source_sha256": self.source_sha256, "reference": self.reference,
                  "lang": lang, **dict(self.figure)}
        if quarter is None:
            return common
        return {**common, "quarter": quarter, "progress": self.progress, "as_of": self.as_of}


def plan_jobs(plan_year: int, langs=LANGS, quarter: str | None = None, *, quarters=None, notebooks=None,
              run_name: str | None = None, inputs: Inputs = Inputs()) -> list[Job]:
    """The notebooks a run executes.

    Without ``quarter``: every analysis notebook (in the folder ``run_name``, default the
    plan year), and the quarterly report for each of ``quarters`` (default every period:
    H1, Q3 and Q4). With ``quarter``: only that quarter's report. ``notebooks``, when given,
    keeps only the jobs of those notebook file names (e.g. for the benchmark). Every
    notebook is given ``inputs`` (:meth:`Inputs.parameters`).

    Example:
        >>> [j.label for j in plan_jobs(2026, langs=("zh",), quarter="Q3")]
        ['2026-Q3/zh/05_quarterly_report.ipynb']
        >>> len(plan_jobs(2026))
        16
    """
    jobs: list[Job] = []
    quarters = (quarter,) if quarter else tuple(QUARTERS if quarters is None else quarters)
    for lang in langs:
        if quarter is None:
            jobs += [Job(notebook, run_name or str(plan_year), lang, inputs.parameters(lang))
                     for notebook in ANALYSIS_NOTEBOOKS]
        jobs += [Job(QUARTERLY_NOTEBOOK, f"{plan_year}-{q}", lang, inputs.parameters(lang, q)) for q in quarters]
    if notebooks is not None:
        jobs = [job for job in jobs if job.notebook in set(notebooks)]
    return jobs


__all__ = ["Job", "Inputs", "plan_jobs", "ANALYSIS_NOTEBOOKS", "QUARTERLY_NOTEBOOK", "HTML_ONLY", "BRIEF_NOTEBOOKS"]
