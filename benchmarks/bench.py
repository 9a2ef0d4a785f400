"""Benchmarks: ``python -m qpanalysis bench [--quick] [--skip-runner]``.

Prints one table and writes it as Markdown to ``.bench/latest.md``. Nothing here asserts
a time: the targets are printed next to the measured ratios as PASS or MISS.

Part A, the loader: ``load()`` on the bundled list, then on synthetic lists of 1k, 10k
and 100k tasks (1k, 5k, 10k with ``--quick``) in the published text layout: the real task
rows replicated under their own sections and renumbered 1…N, one title, one header and a
footer stating N. Each size gives the median time, the tracemalloc peak, and the growth
ratio against the previous size (time ratio / size ratio; about 1.0 is linear). The
largest list is also read as plain TSV with ``pandas.read_csv`` (C engine) for scale.

Part B, the runner: ``qpanalysis.reports.runner.run`` on the analysis notebooks in one language
against one ``papermill`` command per notebook run one after another.
"""

from __future__ import annotations

import csv
import gc
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from qpanalysis.config import BUNDLED_LIST

# Targets, printed next to the measured ratios.
GROWTH_TARGET = 1.3  # time ratio / size ratio between successive sizes; 1.0 is linear
READ_CSV_TARGET = 10.0  # load() of the largest list within 10× of read_csv on the same file
RUNNER_TARGET = 0.6  # run() within 0.6× of one papermill command per notebook
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 5_000, 10_000)
BENCH_DIR = Path(__file__).resolve().parent.parent / ".bench"
RUNNER_LANG = "zh"


@dataclass
class Row:
    """One line of the table."""

    case: str
    tasks: str = ""
    seconds: str = ""
    peak_mb: str = ""
    ratio: str = ""
    target: str = ""
    result: str = ""


COLUMNS = (
    ("case", "case"), ("tasks", "tasks"), ("seconds", "median s"), ("peak_mb", "peak MB"),
    ("ratio", "ratio"), ("target", "target"), ("result", "result"),
)
RIGHT_ALIGNED = {"tasks", "seconds", "peak_mb", "ratio"}


# --- synthetic task lists -------------------------------------------------------------


def _layout(source: Path = BUNDLED_LIST) -> tuple[str, str, list[tuple[str, list[list[str]]]], str]:
    """Split the published list into title, header, [(section row, task rows)] and footer."""
    from qpanalysis.ingest.reading import decode, split_lines
    from qpanalysis.ingest.build import FOOTER_ROW, SECTION_ROW

    title = header = footer_template = None
    sections: list[tuple[str, list[list[str]]]] = []
    for line in split_lines(decode(source.read_bytes(), source)):
        cells = line.split("\t")
        first = cells[0].strip()
        rest_blank = not any(c.strip() for c in cells[1:])
        if not line.strip():
            continue
        if first == "序号":
            header = header or line
        elif rest_blank and FOOTER_ROW.match(first):
            footer_template = line
        elif rest_blank and SECTION_ROW.match(first):
            sections.append((line, []))
        elif rest_blank and header is None:
            title = title or line
        else:
            sections[-1][1].append(cells)
    if title is None or header is None or footer_template is None or not sections:
        raise ValueError(f"{source} is not in the published layout")
    return title, header, sections, footer_template


def synthetic_text(n: int, source: Path = BUNDLED_LIST) -> str:
    """A list of ``n`` tasks: the real rows replicated in turn, each under its own section.

    Task i (0-based) copies real task ``i mod 41``; the copies are grouped under their
    sections in section order and numbered 1…n in file order.

    Example:
        >>> text = synthetic_text(50)
        >>> text.count("\\n"), text.splitlines()[-1].split("\\t")[0]
        (61, '全区共涉及乡村建设任务50项。')
    """
    title, header, sections, footer = _layout(source)
    originals = [(s, cells) for s, (_, rows) in enumerate(sections) for cells in rows]
    per_section: list[list[list[str]]] = [[] for _ in sections]
    for i in range(n):
        s, cells = originals[i % len(originals)]
        per_section[s].append(cells)
    out = [title, "", header]
    number = 0
    for (section_line, _), rows in zip(sections, per_section):
        if not rows:
            continue
        out.append(section_line)
        for cells in rows:
            number += 1
            out.append("\t".join([str(number), *cells[1:]]))
    footer_cells = footer.split("\t")
    footer_cells[0] = f"全区共涉及乡村建设任务{n}项。"
    out.append("\t".join(footer_cells))
    return "\n".join(out) + "\n"


def write_synthetic(folder: Path, n: int) -> Path:
    """Write ``synthetic_text(n)`` to ``folder/tasks_<n>.txt`` and return the path."""
    path = Path(folder) / f"tasks_{n}.txt"
    path.write_text(synthetic_text(n), encoding="utf-8")
    return path


# --- measuring ------------------------------------------------------------------------


def _median_seconds(fn, repeats: int, check=None) -> float:
    """Median wall time of ``repeats`` calls; ``check`` is given the first call's result."""
    times = []
    for repeat in range(repeats):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        if check is not None and repeat == 0:
            check(result)
        del result
    return statistics.median(times)


def _peak_mb(fn) -> float:
    """tracemalloc peak of one call, in MB (a separate run: tracing slows Python down)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def read_csv_plain(path: Path):
    """The same file read as plain TSV by pandas' C parser: the speed of light for load()."""
    import pandas as pd

    with open(path, encoding="utf-8") as handle:
        width = max(line.count("\t") + 1 for line in handle)
    # names= pads the ragged lines (the title has one cell) to the widest row.
    return pd.read_csv(
        path, sep="\t", header=None, names=range(width), skip_blank_lines=True, dtype=str,
        engine="c", quoting=csv.QUOTE_NONE, encoding="utf-8",
    )


def _verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def _repeats(n: int, quick: bool) -> int:
    if n >= 100_000:
        return 1 if quick else 2
    if n >= 10_000:
        return 3
    return 5


def bench_loader(quick: bool = False) -> tuple[list[Row], dict]:
    """Part A: rows of the table, and the raw numbers (for the final message)."""
    from qpanalysis import load

    load()  # warm: imports pandera, reads the reference tables
    rows = [Row(
        "load() bundled list", str(len(load().tasks)), f"{_median_seconds(load, 5):.3f}",
        f"{_peak_mb(load):.1f}",
    )]
    sizes = QUICK_SIZES if quick else SIZES
    numbers: dict = {}
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="qpanalysis-bench-") as tmp:
        for n in sizes:
            path = write_synthetic(Path(tmp), n)

            def check(loaded, n=n):
                if len(loaded.tasks) != n:
                    raise AssertionError(f"synthetic list of {n} loaded {len(loaded.tasks)} tasks")

            seconds = _median_seconds(lambda: load(path), _repeats(n, quick), check)
            peak = _peak_mb(lambda: load(path))
            numbers[n] = seconds
            row = Row(f"load() synthetic {n // 1000}k", f"{n:,}", f"{seconds:.3f}", f"{peak:.1f}")
            if previous is not None:
                growth = (seconds / previous[1]) / (n / previous[0])
                row.ratio = f"{growth:.2f}"
                row.target = f"growth ≤ {GROWTH_TARGET:g} vs {previous[0] // 1000}k"
                row.result = _verdict(growth, GROWTH_TARGET)
            rows.append(row)
            previous = (n, seconds)
        n = sizes[-1]
        path = Path(tmp) / f"tasks_{n}.txt"
        csv_seconds = _median_seconds(lambda: read_csv_plain(path), 5)
        csv_peak = _peak_mb(lambda: read_csv_plain(path))
        ratio = numbers[n] / csv_seconds
        rows.append(Row(f"pandas.read_csv {n // 1000}k (plain TSV)", f"{n:,}", f"{csv_seconds:.3f}",
                        f"{csv_peak:.1f}"))
        rows.append(Row(f"load() / read_csv at {n // 1000}k", f"{n:,}", "", "", f"{ratio:.1f}×",
                        f"≤ {READ_CSV_TARGET:g}×", _verdict(ratio, READ_CSV_TARGET)))
    numbers["read_csv"] = csv_seconds
    return rows, numbers


def runner_notebooks() -> list[str]:
    """The runner's analysis notebooks that exist in notebooks/ now."""
    from qpanalysis.reports import runner

    return [nb for nb in runner.ANALYSIS_NOTEBOOKS if (runner.NOTEBOOKS_DIR / nb).is_file()]


def _papermill_cli(notebooks: list[str], out: Path, figures: Path) -> None:
    from qpanalysis.reports import runner

    papermill = Path(sys.executable).with_name("papermill")
    command = [str(papermill)] if papermill.is_file() else [sys.executable, "-m", "papermill"]
    for notebook in notebooks:
        subprocess.run(
            [*command, str(runner.NOTEBOOKS_DIR / notebook), str(out / notebook),
             "-p", "lang", RUNNER_LANG, "-p", "output_dir", str(figures),
             "--cwd", str(runner.NOTEBOOKS_DIR), "-k", runner.KERNEL_NAME, "--no-progress-bar"],
            check=True, capture_output=True,
        )


def bench_runner(repeats: int = 1) -> tuple[list[Row], list[str]]:
    """Part B: run() on the existing analysis notebooks against papermill, one CLI call each.

    The two are run alternately ``repeats`` times and the best time of each is kept: on a
    shared 2-core machine other work only ever makes a run slower.
    """
    from qpanalysis.reports import runner

    notebooks = runner_notebooks()
    if not notebooks:
        return [Row("runner", result="SKIP: no analysis notebook in notebooks/ yet")], notebooks
    # papermill warns about parameter cells it cannot parse; the CLI runs' output is
    # captured, so keep the in-process run as quiet.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    cli_times, run_times = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="qpanalysis-bench-runner-") as tmp:
            tmp = Path(tmp)
            (tmp / "cli").mkdir()
            started = time.perf_counter()
            _papermill_cli(notebooks, tmp / "cli", tmp / "cli-figures")
            cli_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            runner.run(langs=(RUNNER_LANG,), notebooks=notebooks, output=tmp / "run-figures",
                       reports_dir=tmp / "reports", show_progress=False)
            run_times.append(time.perf_counter() - started)
    cli_seconds, run_seconds = min(cli_times), min(run_times)
    ratio = run_seconds / cli_seconds
    count = f"{len(notebooks)} nb"
    return [
        Row(f"papermill CLI, one per notebook ({RUNNER_LANG})", count, f"{cli_seconds:.1f}"),
        Row(f"runner.run(), {runner.DEFAULT_WORKERS} workers ({RUNNER_LANG})", count, f"{run_seconds:.1f}",
            "", f"{ratio:.2f}×", f"≤ {RUNNER_TARGET:g}× CLI", _verdict(ratio, RUNNER_TARGET)),
    ], notebooks


# --- output ---------------------------------------------------------------------------


def render_text(rows: list[Row]) -> str:
    """The rows as a plain text table with aligned columns."""
    widths = {
        key: max(len(title), *(len(getattr(r, key)) for r in rows)) for key, title in COLUMNS
    }

    def line(values: dict[str, str]) -> str:
        cells = [values[k].rjust(widths[k]) if k in RIGHT_ALIGNED else values[k].ljust(widths[k])
                 for k, _ in COLUMNS]
        return "  ".join(cells).rstrip()

    header = line({k: t for k, t in COLUMNS})
    rule = "  ".join("-" * widths[k] for k, _ in COLUMNS)
    return "\n".join([header, rule, *(line(vars(r)) for r in rows)])


def render_markdown(rows: list[Row], notes: list[str]) -> str:
    """The rows as a Markdown table, with the notes below it."""
    head = "| " + " | ".join(t for _, t in COLUMNS) + " |"
    rule = "|" + "|".join("---:" if k in RIGHT_ALIGNED else "---" for k, _ in COLUMNS) + "|"
    body = ["| " + " | ".join(getattr(r, k).replace("|", "\\|") for k, _ in COLUMNS) + " |" for r in rows]
    return "\n".join(["# qpanalysis bench", "", head, rule, *body, "", *(f"- {n}" for n in notes)]) + "\n"


def main(quick: bool = False, runner: bool = True) -> str:
    """Run the benchmarks, print the table, write ``.bench/latest.md``; return the text."""
    import platform

    rows, _ = bench_loader(quick)
    notes = [
        f"{'quick' if quick else 'full'} run; Python {platform.python_version()}, {os.cpu_count()} cores; "
        "time = median of repeats, peak = tracemalloc peak of one separate run",
        f"growth = (time ratio) / (size ratio) between successive sizes; target ≤ {GROWTH_TARGET:g} (1.0 = linear)",
    ]
    if runner:
        repeats = 1 if quick else 2
        runner_rows, notebooks = bench_runner(repeats)
        rows += runner_rows
        notes.append("runner notebooks: " + (", ".join(notebooks) if notebooks else "none found")
                     + f"; lang {RUNNER_LANG}; best of {repeats} alternating run(s) each; "
                     "run() also writes the HTML reports, the CLI does not")
    else:
        notes.append("runner comparison skipped (--skip-runner)")
    text = render_text(rows) + "\n\n" + "\n".join(notes)
    print(text)
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "latest.md").write_text(render_markdown(rows, notes), encoding="utf-8")
    return text


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="print the benchmark table (python3 manage.py bench)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--skip-runner", action="store_true", help="skip the notebook runner comparison")
    arguments = parser.parse_args()
    main(quick=arguments.quick, runner=not arguments.skip_runner)
