"""Command line: ``qpanalysis {run,export,progress-template,refresh-notebooks,paths,compare}`` (also ``python -m qpanalysis``)."""

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
    "(reports/, figures/, exports/) unless other folders are given. Relative paths are read "
    "from the current folder. A bad option stops the command before it writes anything."
)
DESCRIPTION = (
    "Analyse a rural construction action task list (default: the bundled Qingpu list): "
    "validated tables, exports, progress templates and illustrated reports.",
    WHERE,
    "Run `qpanalysis COMMAND --help` for the options and examples of each command.",
)
# Example file names and dates use the default plan year (the bundled list's).
EXAMPLES = {
    "run": """\
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
    "progress-template": """\
examples:
  qpanalysis progress-template --quarter Q3        # progress_<plan year>_Q3_zh.xlsx: a sheet per department
  qpanalysis progress-template --quarter Q3 --lang en --per-department   # + a folder, a file per department
  qpanalysis progress-template --output progress/ --as-of <plan year>-09-30""",
    "refresh-notebooks": """\
examples:
  qpanalysis refresh-notebooks notebooks/01_investment.ipynb   # after editing it
  qpanalysis refresh-notebooks                     # every notebook of the checkout""",
    "compare": """\
examples:
  qpanalysis compare 2026_list.txt 2027_list.txt  # reports/compare/2026_list-vs-2027_list/
  qpanalysis compare old.xlsx new.xlsx --mapping pairs.csv --lang en
  qpanalysis compare old.txt new.txt --reports-dir my_reports""",
    "paths": """\
examples:
  qpanalysis paths                                 # where the bundled list and the caveats log are""",
}


def _paragraphs(*paragraphs: str) -> str:
    """Wrap each paragraph for the terminal (the help keeps line breaks as written)."""
    return "\n\n".join(textwrap.fill(p, width=88) for p in paragraphs)


class Parser(argparse.ArgumentParser):
    """argparse's parser, with a one-line error: the option, what is wrong, where the help is (exit code 2)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _option_type(check):
    """An argparse type from a check of qpanalysis.reports.params: its message becomes argparse's."""
    def convert(text: str):
        from qpanalysis.reports.params import ArgumentError

        try:
            return check(text)
        except ArgumentError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None

    convert.__name__ = check.__name__
    return convert


def _langs(text: str) -> tuple[str, ...]:
    """``zh``, ``en`` or ``zh,en``: each language once, at least one."""
    from qpanalysis.reports.params import check_langs

    return check_langs([part.strip() for part in text.split(",") if part.strip()])


def _workers(text: str) -> int:
    """A whole number, 1 or more."""
    from qpanalysis.reports.params import ArgumentError, check_workers

    try:
        return check_workers(int(text.strip()))
    except ValueError:  # not a whole number, or below 1 (check_workers' ArgumentError is a ValueError)
        raise ArgumentError("--workers", f"must be a whole number, 1 or more, not {text!r}") from None


def _date(text: str):
    """A date written YYYY-MM-DD (its year is checked against the list's once it is loaded)."""
    from qpanalysis.reports.params import parse_date

    return parse_date(text)


def _figure_width(text: str) -> str:
    """``column`` (85 mm), ``page`` (175 mm) or a width in mm from 60 to 200."""
    from qpanalysis.charts.style import check_figure_width
    from qpanalysis.reports.params import ArgumentError

    try:
        check_figure_width(text)
    except ValueError as exc:
        raise ArgumentError("--figure-width", str(exc).partition(": ")[2]) from None
    return text.strip().lower()


def _prog() -> str:
    """``python -m qpanalysis`` when run that way, else the console command's name."""
    return "python -m qpanalysis" if Path(sys.argv[0]).name == "__main__.py" else "qpanalysis"


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
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
        "as xlsx and CSV) at the top of the reports folder; a failed or interrupted run (Ctrl-C, "
        "SIGTERM) leaves the previous reports untouched.", WHERE,
    )
    run.add_argument("--lang", type=_option_type(_langs), default=LANGS, help="zh, en or zh,en (default both)")
    run.add_argument("--source", help="task list file (.txt/.csv/.xlsx); default the bundled list")
    run.add_argument("--reference", help="folder of your own towns.csv, departments.csv… adding to the bundled reference data")
    run.add_argument("--output", help=f"folder for figures (default {config.FIGURES_DIR})")
    run.add_argument("--quarter", choices=PERIODS, help="run only this quarter's progress report")
    run.add_argument("--progress", help="progress file (.csv/.xlsx), department workbook or folder of department files "
                                        "for the quarterly report, read and checked first")
    run.add_argument("--as-of", dest="as_of", type=_option_type(_date),
                     help="date of the quarterly comparison, YYYY-MM-DD in the list's plan year (default quarter end)")
    run.add_argument("--reports-dir", help=f"folder for reports (default {config.REPORTS_DIR})")
    run.add_argument("--name", dest="run_name", help="report folder name for the analysis notebooks (default: plan year)")
    run.add_argument("--workers", type=_option_type(_workers), default=None,
                     help="notebooks run at once (default: number of cores)")
    run.add_argument("--no-pdf", dest="pdf", action="store_false",
                     help="write HTML reports only, no A4 PDFs (the PDFs take about a second each)")
    run.add_argument("--figure-width", dest="figure_width", type=_option_type(_figure_width), default=None,
                     help="print width of every figure: column (85 mm), page (175 mm, the default) or a width "
                          "in mm from 60 to 200; text stays at least 6 pt")
    run.add_argument("--no-titles", dest="titles", action="store_false",
                     help="draw no titles in the figures: each figure's title and source line go into "
                          "<name>_<lang>.caption.txt beside it, for a journal's caption")
    run.add_argument("--svg-text", dest="svg_text", action="store_true",
                     help="keep SVG text as text naming its font (Noto Sans CJK SC), not outlines")
    run.add_argument("--pdf-truetype", dest="pdf_truetype", action="store_true",
                     help="embed fonts in PDF figures as TrueType (Type 42), not Type 3, as some journals ask; "
                          "the first run converts the shipped font (a minute or two, kept in the user's cache)")

    export = command(
        "export", "write the cleaned tables as CSV and xlsx",
        "Write every table of the list (and the data dictionary) as UTF-8 CSV files in csv/ and "
        "as one xlsx workbook with a sheet per table.",
    )
    export.add_argument("--source", help="task list file; default the bundled list")
    export.add_argument("--reference", help="folder of your own towns.csv, departments.csv… adding to the bundled reference data")
    export.add_argument("--output", default=str(config.EXPORTS_DIR), help=f"folder (default {config.EXPORTS_DIR})")

    template = command(
        "progress-template", "write progress templates: a workbook with a sheet per lead department (and CSV/XLSX)",
        "Write what a district office sends to the lead departments: a workbook with one sheet per lead "
        "department (a task is on its first lead department's sheet), showing each task's number, name, due "
        "month and target text read-only beside the cells to fill (date, progress %, quantity, unit, note), "
        "checked as they are typed; with --per-department also a folder with a file per department. Also an "
        "empty progress file of every task with code headers, as CSV and XLSX. Pass the filled workbook, a "
        "department file, or the folder of them to `run --progress`.",
    )
    template.add_argument("--source", help="task list file; default the bundled list")
    template.add_argument("--output", default=".", help="folder for the template files (default: the current folder)")
    template.add_argument("--as-of", dest="as_of", type=_option_type(_date),
                          help="date to prefill in the date column, in the list's plan year, e.g. <plan year>-09-30 "
                               "(default: the end of --quarter)")
    template.add_argument("--quarter", choices=PERIODS,
                          help="show the target texts falling due in this quarter (default: all three periods)")
    template.add_argument("--lang", type=_option_type(_langs), default=("zh",),
                          help="language of the department workbook: zh, en or zh,en (default zh)")
    template.add_argument("--per-department", dest="per_department", action="store_true",
                          help="also write a folder holding one workbook per lead department, named after it")

    refresh = command(
        "refresh-notebooks", "re-execute the committed notebooks in place (developers, in a checkout)",
        "Re-execute notebooks in place with their default parameters and strip their images, so that "
        "nbval compares fresh text outputs. Without paths: every notebook of the checkout's notebooks/.",
    )
    refresh.add_argument("notebooks", nargs="*", help="notebook files (default: all in notebooks/)")

    compare = command(
        "compare", "compare two lists: new, dropped and changed tasks, as HTML and PDF pages and tables",
        "Match the tasks of two lists by name (not by number), and write the comparison (new, dropped, "
        "split and ambiguous tasks; every changed amount, deadline, town and target; sections, lead "
        "departments and towns side by side) as HTML and A4 PDF pages and as xlsx and CSV tables under "
        "reports/compare/<old-stem>-vs-<new-stem>/.", WHERE,
    )
    compare.add_argument("old", help="the earlier list (.txt/.csv/.xlsx)")
    compare.add_argument("new", help="the later list")
    compare.add_argument("--mapping", help="CSV file with the header old_id,new_id: pairs that override the matcher")
    compare.add_argument("--reference", help="folder of your own towns.csv, departments.csv… adding to the bundled reference data")
    compare.add_argument("--reports-dir", help=f"folder for reports (default {config.REPORTS_DIR})")
    compare.add_argument("--lang", type=_option_type(_langs), default=LANGS, help="zh, en or zh,en (default both)")
    compare.add_argument("--no-pdf", dest="pdf", action="store_false", help="write HTML pages only, no A4 PDFs")

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


def _error(command: str, message, lines: bool = False) -> None:
    """Print an error as argparse does (``qpanalysis run: error: …``): on one line, unless ``lines`` (a list of failures)."""
    text = str(message) if lines else " ".join(str(message).split())
    print(f"{_prog()} {command}: error: {text}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run a command and return its exit code.

    A user's error is one line on stderr naming the option, and exit code 2; a failed
    notebook or write 1; a run stopped by Ctrl-C 130 (by SIGTERM 143), with one line.
    """
    args = _parser().parse_args(argv)
    try:
        return _command(args)
    except KeyboardInterrupt as exc:  # Ctrl-C, or the runner's SIGTERM handler (Interrupted)
        from qpanalysis.reports.runner import INTERRUPTED

        print(INTERRUPTED if args.command in ("run", "compare") else "interrupted", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    except (TaskListError, ValueError) as exc:  # ArgumentError is a ValueError
        _error(args.command, exc)
        return 2
    except OSError as exc:  # a folder or disk that fails while writing: no traceback for it
        _error(args.command, exc)
        return 1


def _command(args) -> int:
    from qpanalysis.reports.params import check_as_of, input_file, input_folder, output_folder

    if args.command == "run":
        from qpanalysis.reports.runner import DEFAULT_WORKERS, ReportError, run

        try:
            run(langs=args.lang, quarter=args.quarter, progress=args.progress, as_of=args.as_of,
                source=args.source, output=args.output, reports_dir=args.reports_dir, run_name=args.run_name,
                workers=DEFAULT_WORKERS if args.workers is None else args.workers, pdf=args.pdf,
                reference=args.reference, figure_width=args.figure_width, titles=args.titles,
                svg_text=args.svg_text, pdf_truetype=args.pdf_truetype)
        except ReportError as exc:  # its message lists each failing notebook on a line of its own
            _error(args.command, exc, lines=True)
            return 1
    elif args.command == "export":
        from qpanalysis import load, to_csv, to_excel

        source = input_file(args.source, "--source")
        reference = input_folder(args.reference, "--reference")
        out = output_folder(args.output, "--output")
        tasklist = load(source, reference=reference)
        written = to_csv(tasklist, out / "csv")
        workbook = to_excel(tasklist, out / "qingpu_tasks.xlsx")
        print(f"wrote {len(written)} CSV files to {out / 'csv'} and {workbook}")
    elif args.command == "progress-template":
        from qpanalysis import load
        from qpanalysis.export.progress_template import progress_template_main

        source = input_file(args.source, "--source")
        folder = output_folder(args.output, "--output")
        tl = load(source)
        as_of = check_as_of(args.as_of, tl.plan_year)
        progress_template_main(folder=folder, as_of=as_of, tl=tl)
        from qpanalysis.reports.templates import write_department_templates

        for lang in args.lang:
            written = write_department_templates(tl, folder, args.quarter, lang, as_of, args.per_department)
            print(f"wrote {written[0]}" + (f" and {len(written) - 1} department files in {written[1].parent}"
                                           if len(written) > 1 else ""))
    elif args.command == "refresh-notebooks":
        if not args.notebooks and not config.IN_CHECKOUT:
            _error(args.command, "without paths it refreshes a checkout's notebooks/; this qpanalysis is "
                   "installed, so give the notebook files to refresh")
            return 2
        from qpanalysis.reports.store import main as refresh_main

        refresh_main([str(input_file(path, "notebooks")) for path in args.notebooks])
    elif args.command == "compare":
        from qpanalysis.reports.compare import run_compare
        from qpanalysis.reports.runner import ReportError

        try:
            run_compare(args.old, args.new, mapping=args.mapping, reports_dir=args.reports_dir, langs=args.lang,
                        reference=args.reference, pdf=args.pdf)
        except ReportError as exc:
            _error(args.command, exc, lines=True)
            return 1
    elif args.command == "paths":
        for name, path in paths().items():
            print(f"{name:15} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
