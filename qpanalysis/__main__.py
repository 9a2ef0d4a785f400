"""Command line: ``qpanalysis {run,export,progress-template,refresh-notebooks,paths}`` (also ``python -m qpanalysis``)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from qpanalysis import config
from qpanalysis.codes import LANGS, PERIODS
from qpanalysis.errors import TaskListError

# Where generated files go, said once for every --help: it differs between a checkout and
# an installed package (config.OUTPUT_ROOT).
WHERE = (
    "Inside a checkout, reports, figures and exports go to the checkout's reports/, figures/ "
    "and data/processed/; an installed package writes them under the current folder "
    "(reports/, figures/, exports/) unless other folders are given."
)
DESCRIPTION = (
    "Analyse a rural construction action task list (default: the bundled Qingpu list): "
    "validated tables, exports, progress templates and illustrated reports.",
    WHERE,
    "Run `qpanalysis COMMAND --help` for the options and examples of each command.",
)
# Example file names and dates use the default plan year (the bundled list's).
EXAMPLES = {
    "run": f"""\
examples:
  qpanalysis run                                   # every report, zh and en
  qpanalysis run --lang en                         # English reports only
  qpanalysis run --quarter Q3 --progress progress_template_<plan year>.csv
  qpanalysis run --source my_list.xlsx --output my_figures --reports-dir my_reports
  qpanalysis run --no-pdf                          # HTML only""",
    "export": """\
examples:
  qpanalysis export                                # the bundled list
  qpanalysis export --source my_list.txt --output tables/""",
    "progress-template": f"""\
examples:
  qpanalysis progress-template                     # progress_template_<plan year>.csv + .xlsx here
  qpanalysis progress-template --output progress/ --as-of <plan year>-09-30""",
    "refresh-notebooks": """\
examples:
  qpanalysis refresh-notebooks notebooks/01_investment.ipynb   # after editing it
  qpanalysis refresh-notebooks                     # every notebook of the checkout""",
    "paths": """\
examples:
  qpanalysis paths                                 # where the bundled list and the caveats log are""",
}


def _paragraphs(*paragraphs: str) -> str:
    """Wrap each paragraph for the terminal (the help keeps line breaks as written)."""
    return "\n\n".join(textwrap.fill(p, width=88) for p in paragraphs)


def _langs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _prog() -> str:
    """``python -m qpanalysis`` when run that way, else the console command's name."""
    return "python -m qpanalysis" if Path(sys.argv[0]).name == "__main__.py" else "qpanalysis"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(), description=_paragraphs(*DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, *description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=_paragraphs(*description), epilog=EXAMPLES[name],
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    run = command(
        "run", "execute the report notebooks and write HTML and PDF reports, figures and an index",
        "Execute the report notebooks (in parallel) and publish executed notebooks, HTML reports, "
        "A4 PDFs and figures, with an index page (key findings, every report, the list's tables "
        "as xlsx and CSV) at the top of the reports folder; a failed run leaves the previous "
        "reports untouched.", WHERE,
    )
    run.add_argument("--lang", type=_langs, default=LANGS, help="zh, en or zh,en (default both)")
    run.add_argument("--source", help="task list file (.txt/.csv/.xlsx); default the bundled list")
    run.add_argument("--output", help=f"folder for figures (default {config.FIGURES_DIR})")
    run.add_argument("--quarter", choices=PERIODS, help="run only this quarter's progress report")
    run.add_argument("--progress", help="progress file (.csv/.xlsx) for the quarterly report")
    run.add_argument("--as-of", dest="as_of", help="date of the quarterly comparison (default quarter end)")
    run.add_argument("--reports-dir", help=f"folder for reports (default {config.REPORTS_DIR})")
    run.add_argument("--name", dest="run_name", help="report folder name for the analysis notebooks (default: plan year)")
    run.add_argument("--workers", type=int, default=None, help="notebooks run at once (default: number of cores)")
    run.add_argument("--no-pdf", dest="pdf", action="store_false",
                     help="write HTML reports only, no A4 PDFs (the PDFs take about a second each)")

    export = command(
        "export", "write the cleaned tables as CSV and xlsx",
        "Write every table of the list (and the data dictionary) as UTF-8 CSV files in csv/ and "
        "as one xlsx workbook with a sheet per table.",
    )
    export.add_argument("--source", help="task list file; default the bundled list")
    export.add_argument("--reference", help="folder of your own towns.csv, departments.csv… adding to the bundled reference data")
    export.add_argument("--output", default=str(config.EXPORTS_DIR), help=f"folder (default {config.EXPORTS_DIR})")

    template = command(
        "progress-template", "write a progress file template (CSV and XLSX)",
        "Write an empty progress file, one row per task, to fill in and pass to `run --progress`.",
    )
    template.add_argument("--source", help="task list file; default the bundled list")
    template.add_argument("--output", default=".", help="folder for the template files (default: the current folder)")
    template.add_argument("--as-of", dest="as_of", help=f"date to prefill in the as_of column, e.g. <plan year>-09-30")

    refresh = command(
        "refresh-notebooks", "re-execute the committed notebooks in place (developers, in a checkout)",
        "Re-execute notebooks in place with their default parameters and strip their images, so that "
        "nbval compares fresh text outputs. Without paths: every notebook of the checkout's notebooks/.",
    )
    refresh.add_argument("notebooks", nargs="*", help="notebook files (default: all in notebooks/)")

    command(
        "paths", "show where the bundled data is read from and where outputs go",
        "Print the folders and files the package reads (bundled list, reference data, notebooks, "
        "caveats log) and the default output folders.",
    )
    return parser


def paths() -> dict[str, Path]:
    """The files the package reads and the folders it writes to by default (pytest does not
    collect doctests from ``__main__.py``; tests/test_package.py checks the command)."""
    return {
        "bundled list": config.BUNDLED_LIST,
        "reference data": config.REFERENCE_DIR,
        "notebooks": config.NOTEBOOKS_DIR,
        "caveats log": config.CAVEATS_FILE,
        "reports": config.REPORTS_DIR,
        "figures": config.FIGURES_DIR,
        "exports": config.EXPORTS_DIR,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            from qpanalysis.reports.runner import DEFAULT_WORKERS, ReportError, run

            try:
                run(langs=args.lang, quarter=args.quarter, progress=args.progress, as_of=args.as_of,
                    source=args.source, output=args.output, reports_dir=args.reports_dir,
                    run_name=args.run_name, workers=args.workers or DEFAULT_WORKERS, pdf=args.pdf)
            except ReportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        elif args.command == "export":
            from qpanalysis import load, to_csv, to_excel

            tasklist = load(args.source, reference=args.reference)
            out = Path(args.output)
            written = to_csv(tasklist, out / "csv")
            workbook = to_excel(tasklist, out / "qingpu_tasks.xlsx")
            print(f"wrote {len(written)} CSV files to {out / 'csv'} and {workbook}")
        elif args.command == "progress-template":
            from qpanalysis.export.progress_template import progress_template_main

            progress_template_main(folder=args.output, source=args.source, as_of=args.as_of)
        elif args.command == "refresh-notebooks":
            if not args.notebooks and not config.IN_CHECKOUT:
                print("error: refresh-notebooks without paths refreshes a checkout's notebooks/; this "
                      "qpanalysis is installed, so give the notebook files to refresh", file=sys.stderr)
                return 2
            from qpanalysis.reports.store import main as refresh_main

            refresh_main(args.notebooks)
        elif args.command == "paths":
            for name, path in paths().items():
                print(f"{name:15} {path}")
    except (TaskListError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
