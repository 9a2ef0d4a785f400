"""Command line: ``python -m qpanalysis {run,export,progress-template,refresh-notebooks}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qpanalysis.config import EXPORTS_DIR
from qpanalysis.errors import TaskListError


def _langs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qpanalysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute the report notebooks and write HTML reports")
    run.add_argument("--lang", type=_langs, default=("zh", "en"), help="zh, en or zh,en (default both)")
    run.add_argument("--source", help="task list file (.txt/.csv/.xlsx); default the bundled 2026 list")
    run.add_argument("--output", help="folder for figures (default figures/)")
    run.add_argument("--quarter", choices=("H1", "Q3", "Q4"), help="run only this quarter's progress report")
    run.add_argument("--progress", help="progress file (.csv/.xlsx) for the quarterly report")
    run.add_argument("--as-of", dest="as_of", help="date of the quarterly comparison (default quarter end)")
    run.add_argument("--reports-dir", help="folder for reports (default reports/)")
    run.add_argument("--name", dest="run_name", help="report folder name for the analysis notebooks (default: plan year)")
    run.add_argument("--workers", type=int, default=None, help="notebooks run at once (default: number of cores)")

    export = sub.add_parser("export", help="write the cleaned tables as CSV and xlsx")
    export.add_argument("--source", help="task list file; default the bundled list")
    export.add_argument("--output", default=str(EXPORTS_DIR), help=f"folder (default {EXPORTS_DIR})")

    template = sub.add_parser("progress-template", help="write a progress file template (CSV and XLSX)")
    template.add_argument("--source", help="task list file; default the bundled list")
    template.add_argument("--output", default=".", help="folder for the template files (default .)")


    refresh = sub.add_parser("refresh-notebooks", help="re-execute committed notebooks in place (for nbval)")
    refresh.add_argument("notebooks", nargs="*")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            from qpanalysis.reports.runner import DEFAULT_WORKERS, ReportError, run

            try:
                run(langs=args.lang, quarter=args.quarter, progress=args.progress, as_of=args.as_of,
                    source=args.source, output=args.output, reports_dir=args.reports_dir,
                    run_name=args.run_name, workers=args.workers or DEFAULT_WORKERS)
            except ReportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        elif args.command == "export":
            from qpanalysis import load, to_csv, to_excel

            tasklist = load(args.source)
            out = Path(args.output)
            paths = to_csv(tasklist, out / "csv")
            workbook = to_excel(tasklist, out / "qingpu_tasks.xlsx")
            print(f"wrote {len(paths)} CSV files to {out / 'csv'} and {workbook}")
        elif args.command == "progress-template":
            from qpanalysis.export.progress_template import progress_template_main

            progress_template_main(folder=args.output, source=args.source)
        elif args.command == "refresh-notebooks":
            from qpanalysis.reports.store import main as refresh_main

            refresh_main(args.notebooks)
    except (TaskListError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
