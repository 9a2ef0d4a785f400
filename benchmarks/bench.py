"""Benchmarks: ``python3 manage.py bench`` or ``.venv/bin/python benchmarks/bench.py [--quick] [--skip-runner]``.

Prints two tables and writes them as Markdown to ``.bench/latest.md``. Nothing here
asserts a time: the targets are printed next to the measured figures as PASS or MISS.

Part A, the loader: ``load()`` on the bundled list, then on synthetic lists of 1k, 10k
and 100k tasks (1k, 5k, 10k with ``--quick``) in the published text layout. A synthetic
list takes the real task rows in turn as templates, under their own sections, but every
row differs from every other: its name, departments, amounts, towns (in 涉及范围 and in
per-town breakdowns, with the goal's total kept in step), funding text, due month and
target percentages and quantities are drawn afresh (fixed seed), so that nothing the
loader might remember from one row serves the next. For each size, in one run: the
median time of ``load()``, its tracemalloc peak (a separate run), the growth of the time
against the previous size, and the median time of ``pandas.read_csv`` (C engine) reading
the same file as plain TSV, with the ratio of the two.

Part B, the runner: ``qpanalysis.reports.runner.run`` on the analysis notebooks in one language
against one ``papermill`` command per notebook run one after another.
"""

from __future__ import annotations

import csv
import gc
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from qpanalysis.config import BUNDLED_LIST

# Targets, printed next to the measured figures.
READ_CSV_TARGET = 10.0  # load() of the largest list within 10× of read_csv on the same file
READ_CSV_STRETCH = 5.0  # the stretch goal for the same ratio
GROWTH_TARGET = 12.0  # time at 100k / time at 10k (10× the tasks); 10.0 is linear
PEAK_TARGET_MB = 600.0  # tracemalloc peak of load() on the largest list
RUNNER_TARGET = 0.6  # run() within 0.6× of one papermill command per notebook
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 5_000, 10_000)
BENCH_DIR = Path(__file__).resolve().parent.parent / ".bench"
RUNNER_LANG = "zh"
# The synthetic lists are the same on every run, so that runs can be compared.
SEED = 2026
# A number in a cell, not part of a longer number; a 4-digit number followed by 年 (a year)
# or another year-like 4-digit number is left alone by the synthetic lists.
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
PERCENT_AFTER = re.compile(r"\s*[%％]")
YEAR_AFTER = re.compile(r"\s*年")
# Per-town figures of a breakdown, as the published list writes them (赵巷镇11).
TOWN_ITEM = re.compile(r"(?P<town>[^\d\s.:：;；、,，(（)）]+?)(?P<number>\d+(?:\.\d+)?)")
# Target percentages rise through the year: H1, Q3 and Q4 draw from these ranges.
PERCENT_RANGES = {"h1": (5, 40), "q3": (41, 75), "q4": (76, 100)}


class Row(dict):
    """One line of a table: a case name and its cells by column key."""

    def __init__(self, case: str, **cells: str) -> None:
        super().__init__(case=case, **cells)


LOADER_COLUMNS = (
    ("case", "case"), ("tasks", "tasks"), ("seconds", "load() s"), ("peak_mb", "peak MB"),
    ("growth", "growth"), ("csv_seconds", "read_csv s"), ("vs_csv", "× read_csv"), ("cpu_seconds", "load() CPU s"),
    ("csv_cpu_seconds", "read_csv CPU s"), ("vs_csv_cpu", "× read_csv CPU"), ("result", "result"),
)
RUNNER_COLUMNS = (
    ("case", "case"), ("notebooks", "notebooks"), ("seconds", "s"), ("ratio", "ratio"), ("target", "target"),
    ("result", "result"),
)
RIGHT_ALIGNED = {"tasks", "seconds", "peak_mb", "growth", "csv_seconds", "vs_csv", "cpu_seconds", "csv_cpu_seconds",
                 "vs_csv_cpu", "notebooks", "ratio"}


# --- synthetic task lists -------------------------------------------------------------


def _layout(source: Path = BUNDLED_LIST) -> tuple[str, str, list[tuple[str, list[list[str]]]], str]:
    """Split the published list into title, header, [(section row, task rows)] and footer."""
    from qpanalysis.ingest.layout import FOOTER_ROW, SECTION_ROW
    from qpanalysis.ingest.reading import decode, split_lines

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


class Variation:
    """Draws the varied cells of synthetic task rows from the reference tables, with a fixed seed."""

    def __init__(self, seed: int = SEED) -> None:
        from qpanalysis.ingest.reference import load_reference

        reference = load_reference()
        self.rng = random.Random(seed)
        self.towns = list(reference.towns["town"])
        self.departments = list(reference.departments["department"])
        # One alias of each department that has one: a row may write its last department so.
        aliases = reference.departments.set_index("department")["aliases"].dropna().str.split("|").str[0]
        self.department_alias = aliases[aliases.ne("")].to_dict()
        self.funding_words = ["中央", "市级", "区级", "镇级", "村级", "自筹"]
        self.columns = {name: index for index, name in enumerate(
            ("task_id", "name", "departments", "goal", "content", "scale", "standard", "funding", "investment",
             "scope", "due", "h1", "q3", "q4"))}

    def number(self, text: str, percent_range: tuple[int, int] = (1, 100)) -> str:
        """Every number in ``text`` drawn afresh (years and percentages kept plausible)."""
        rng = self.rng

        def draw(match: re.Match) -> str:
            after = text[match.end():]
            if YEAR_AFTER.match(after) or (len(match.group()) == 4 and match.group().startswith("20")):
                return match.group()
            if PERCENT_AFTER.match(after):
                return str(rng.randint(*percent_range))
            if "." in match.group():
                return f"{rng.uniform(0.1, 99):.1f}"
            return str(rng.randint(1, 400))

        return NUMBER.sub(draw, text)

    def scale(self, scale: str) -> tuple[str, dict[str, float]]:
        """The scale cell with fresh numbers and, in a per-town breakdown, other towns.

        Returns:
            The cell, and the new sum of each breakdown by its metric.
        """
        from qpanalysis.ingest import parsing
        from qpanalysis.ingest.scale import LABEL_SPLIT

        rng = self.rng
        pieces = LABEL_SPLIT.split(scale)  # [prose, label, metric, unit, values, label, …]
        out, sums = [self.number(pieces[0])], {}
        for label, metric, _unit, values in zip(*(pieces[start::4] for start in (1, 2, 3, 4))):
            out.append(label)
            items = [] if parsing.NUMBER.match(values.strip().rstrip("。.;； ")) else list(TOWN_ITEM.finditer(values))
            if not items:
                out.append(self.number(values))
                continue
            towns = rng.sample(self.towns, min(len(items), len(self.towns)))
            numbers = [rng.randint(1, 120) for _ in items]
            sums[metric.strip()] = sum(numbers)
            cursor = 0
            for match, town, number in zip(items, towns, numbers):
                out.append(values[cursor:match.start()] + f"{town}{number}")
                cursor = match.end()
            out.append(values[cursor:])
        return "".join(out), sums

    def row(self, template: list[str], serial: int) -> list[str]:
        """A task row like ``template``, with every value that the loader reads drawn afresh."""
        from qpanalysis.ingest import parsing

        rng, c = self.rng, self.columns
        cells = list(template)
        cells[c["name"]] = f"{template[c['name']]}（第{serial}批）"
        count = len(parsing.split_names(pd.Series([template[c["departments"]]], dtype=object)))
        names = rng.sample(self.departments, count)
        if rng.random() < 0.05:
            names[-1] = self.department_alias.get(names[-1], names[-1])
        cells[c["departments"]] = "、".join(names)
        cells[c["scale"]], sums = self.scale(template[c["scale"]])
        cells[c["goal"]] = self.goal(template[c["goal"]], sums)
        if not parsing.is_none(template[c["funding"]]):
            cells[c["funding"]] = "、".join(rng.sample(self.funding_words, rng.randint(1, 3))) + "资金"
        investment = template[c["investment"]]
        if not parsing.is_none(investment):
            amount = f"{rng.uniform(1, 300_000):.{rng.choice((0, 1, 2))}f}"
            cells[c["investment"]] = ("约" if investment.startswith("约") else "") + amount
        scope = template[c["scope"]].strip()
        if not (parsing.is_none(scope) or parsing.DISTRICT_WIDE.match(scope) or scope == parsing.RELATED_TOWNS):
            cells[c["scope"]] = "、".join(rng.sample(self.towns, rng.randint(1, 4)))
        year = template[c["due"]].split(".")[0]
        cells[c["due"]] = f"{year}.{rng.randint(6, 12)}"
        for period, span in PERCENT_RANGES.items():
            cells[c[period]] = self.number(template[c[period]], span)
        # A text without a number would repeat from copy to copy: a batch mark in letters (no
        # number to read) makes every stated goal, target and prose scale unique.
        for key in ("goal", "scale", "h1", "q3", "q4"):
            if not parsing.is_none(cells[c[key]]) and not (key == "scale" and ":" in cells[c[key]]):
                cells[c[key]] += f"（批次{batch_mark(serial)}）"
        return cells

    def goal(self, goal: str, sums: dict[str, float]) -> str:
        """The goal with fresh numbers; a total it states for a breakdown is the new sum (9 times in 10)."""
        from qpanalysis.ingest.scale import stated_total

        varied = self.number(goal)
        for metric, total in sums.items():
            stated = stated_total(varied, metric)
            if stated is not None:
                number, clause = stated
                total += self.rng.random() < 0.1
                varied = varied.replace(clause, clause.replace(f"{number:g}", f"{total:g}", 1), 1)
        return varied


def batch_mark(serial: int) -> str:
    """A serial number in letters, so that it adds no number to a text.

    Example:
        >>> batch_mark(1), batch_mark(26), batch_mark(27), batch_mark(2440)
        ('A', 'Z', 'AA', 'COV')
    """
    letters = ""
    while serial:
        serial, rest = divmod(serial - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def synthetic_text(n: int, source: Path = BUNDLED_LIST, seed: int = SEED) -> str:
    """A list of ``n`` tasks in the published layout, no two rows alike.

    Task i (0-based) takes real task ``i mod 41`` as its template and gets fresh values
    (see ``Variation.row``); the tasks are grouped under their sections in section order
    and numbered 1…n in file order.

    Example:
        >>> text = synthetic_text(50)
        >>> text.count("\\n"), text.splitlines()[-1].split("\\t")[0]
        (61, '全区共涉及乡村建设任务50项。')
        >>> rows = [line.split("\\t") for line in text.splitlines() if line[:1].isdigit()]
        >>> len({tuple(r[1:]) for r in rows}), len({r[1] for r in rows}), len({r[11] for r in rows}) > 25
        (50, 50, True)
    """
    title, header, sections, footer = _layout(source)
    originals = [(s, cells) for s, (_, rows) in enumerate(sections) for cells in rows]
    variation = Variation(seed)
    per_section: list[list[list[str]]] = [[] for _ in sections]
    for i in range(n):
        s, cells = originals[i % len(originals)]
        per_section[s].append(variation.row(cells, i // len(originals) + 1))
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
    return _median_times(fn, repeats, check)[0]


def _median_times(fn, repeats: int, check=None) -> tuple[float, float]:
    """Median wall time and median CPU time of this process over ``repeats`` calls.

    On a machine shared with other work, the wall time of a run grows with what else runs
    meanwhile, so that two reads timed minutes apart are not compared alike; the CPU time
    of this (single-threaded) process changes far less.
    """
    walls, cpus = [], []
    for repeat in range(repeats):
        gc.collect()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        if check is not None and repeat == 0:
            check(result)
        del result
    return statistics.median(walls), statistics.median(cpus)


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


def csv_width(path: Path) -> int:
    """The number of cells of the widest line (measured once, outside the timed read)."""
    with open(path, encoding="utf-8") as handle:
        return max(line.count("\t") + 1 for line in handle)


def read_csv_plain(path: Path, width: int):
    """The same file read as plain TSV by pandas' C parser: the speed of light for load()."""
    import pandas as pd

    # names= pads the ragged lines (the title has one cell) to the widest row.
    return pd.read_csv(
        path, sep="\t", header=None, names=range(width), skip_blank_lines=True, dtype=str,
        engine="c", quoting=csv.QUOTE_NONE, encoding="utf-8",
    )


def _verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def _repeats(n: int, quick: bool) -> int:
    if n >= 100_000:
        return 1 if quick else 3
    if n >= 10_000:
        return 3
    return 5


def bench_loader(quick: bool = False) -> tuple[list[Row], dict]:
    """Part A: rows of the loader table, and the measured numbers by size."""
    from qpanalysis import load

    load()  # warm: imports pandera, reads the reference tables
    rows = [Row("load() bundled list", tasks=str(len(load().tasks)), seconds=f"{_median_seconds(load, 5):.3f}",
                peak_mb=f"{_peak_mb(load):.1f}")]
    sizes = QUICK_SIZES if quick else SIZES
    numbers: dict = {}
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="qpanalysis-bench-") as tmp:
        for n in sizes:
            path = write_synthetic(Path(tmp), n)

            def check(loaded, n=n):
                if len(loaded.tasks) != n:
                    raise AssertionError(f"synthetic list of {n} loaded {len(loaded.tasks)} tasks")

            seconds, cpu_seconds = _median_times(lambda: load(path), _repeats(n, quick), check)
            peak = _peak_mb(lambda: load(path))
            width = csv_width(path)
            csv_seconds, csv_cpu_seconds = _median_times(lambda: read_csv_plain(path, width), 5)
            ratio, cpu_ratio = seconds / csv_seconds, cpu_seconds / csv_cpu_seconds
            numbers[n] = {"seconds": seconds, "peak_mb": peak, "csv_seconds": csv_seconds, "vs_csv": ratio,
                          "vs_csv_cpu": cpu_ratio}
            row = Row(f"load() synthetic {n // 1000}k", tasks=f"{n:,}", seconds=f"{seconds:.3f}",
                      peak_mb=f"{peak:.1f}", csv_seconds=f"{csv_seconds:.3f}", vs_csv=f"{ratio:.1f}×",
                      cpu_seconds=f"{cpu_seconds:.3f}", csv_cpu_seconds=f"{csv_cpu_seconds:.3f}",
                      vs_csv_cpu=f"{cpu_ratio:.1f}×")
            if previous is not None:
                growth = seconds / previous[1]
                numbers[n]["growth"] = growth
                row["growth"] = f"{growth:.1f}× for {n / previous[0]:g}× tasks"
            previous = (n, seconds)
            rows.append(row)
    largest = sizes[-1]
    got = numbers[largest]
    growth_target = GROWTH_TARGET * (largest / sizes[-2]) / 10  # 12× per 10× more tasks
    verdicts = [
        (f"× read_csv at {largest // 1000}k ≤ {READ_CSV_TARGET:g}× (stretch {READ_CSV_STRETCH:g}×)", got["vs_csv"],
         READ_CSV_TARGET, f"{got['vs_csv']:.1f}×"),
        (f"× read_csv at {largest // 1000}k in CPU time ≤ {READ_CSV_TARGET:g}× (stretch {READ_CSV_STRETCH:g}×)",
         got["vs_csv_cpu"], READ_CSV_TARGET, f"{got['vs_csv_cpu']:.1f}×"),
        (f"growth {sizes[-2] // 1000}k → {largest // 1000}k ≤ {growth_target:g}×", got["growth"], growth_target,
         f"{got['growth']:.1f}×"),
        (f"peak at {largest // 1000}k ≤ {PEAK_TARGET_MB:g} MB", got["peak_mb"], PEAK_TARGET_MB,
         f"{got['peak_mb']:.0f} MB"),
    ]
    for name, value, target, shown in verdicts:
        result = _verdict(value, target)
        if name.startswith("×") and value <= READ_CSV_STRETCH:
            result += " (stretch too)"
        rows.append(Row(f"target: {name}", result=f"{result}: {shown}"))
    return rows, numbers


def runner_notebooks() -> list[str]:
    """The runner's analysis notebooks that exist in notebooks/ now."""
    from qpanalysis.config import NOTEBOOKS_DIR
    from qpanalysis.reports.jobs import ANALYSIS_NOTEBOOKS

    return [nb for nb in ANALYSIS_NOTEBOOKS if (NOTEBOOKS_DIR / nb).is_file()]


def _papermill_cli(notebooks: list[str], out: Path, figures: Path) -> None:
    from qpanalysis.config import NOTEBOOKS_DIR
    from qpanalysis.reports.execute import KERNEL_NAME

    papermill = Path(sys.executable).with_name("papermill")
    command = [str(papermill)] if papermill.is_file() else [sys.executable, "-m", "papermill"]
    for notebook in notebooks:
        subprocess.run(
            [*command, str(NOTEBOOKS_DIR / notebook), str(out / notebook),
             "-p", "lang", RUNNER_LANG, "-p", "output_dir", str(figures),
             "--cwd", str(NOTEBOOKS_DIR), "-k", KERNEL_NAME, "--no-progress-bar"],
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
        Row(f"papermill CLI, one per notebook ({RUNNER_LANG})", notebooks=count, seconds=f"{cli_seconds:.1f}"),
        Row(f"runner.run(), {runner.DEFAULT_WORKERS} workers ({RUNNER_LANG})", notebooks=count,
            seconds=f"{run_seconds:.1f}", ratio=f"{ratio:.2f}×", target=f"≤ {RUNNER_TARGET:g}× CLI",
            result=_verdict(ratio, RUNNER_TARGET)),
    ], notebooks


# --- output ---------------------------------------------------------------------------


def render_text(rows: list[Row], columns=LOADER_COLUMNS) -> str:
    """The rows as a plain text table with aligned columns."""
    widths = {key: max(len(title), *(len(r.get(key, "")) for r in rows)) for key, title in columns}

    def line(values: dict[str, str]) -> str:
        cells = [values.get(k, "").rjust(widths[k]) if k in RIGHT_ALIGNED else values.get(k, "").ljust(widths[k])
                 for k, _ in columns]
        return "  ".join(cells).rstrip()

    header = line({k: t for k, t in columns})
    rule = "  ".join("-" * widths[k] for k, _ in columns)
    return "\n".join([header, rule, *(line(r) for r in rows)])


def render_markdown(rows: list[Row], columns=LOADER_COLUMNS) -> str:
    """The rows as a Markdown table."""
    head = "| " + " | ".join(t for _, t in columns) + " |"
    rule = "|" + "|".join("---:" if k in RIGHT_ALIGNED else "---" for k, _ in columns) + "|"
    body = ["| " + " | ".join(r.get(k, "").replace("|", "\\|") for k, _ in columns) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def main(quick: bool = False, runner: bool = True) -> str:
    """Run the benchmarks, print the tables, write ``.bench/latest.md``; return the text."""
    import platform

    rows, _ = bench_loader(quick)
    notes = [
        f"{'quick' if quick else 'full'} run; Python {platform.python_version()}, {os.cpu_count()} cores; "
        "time = median of repeats (wall clock; CPU = this process's CPU time, which other work on the machine "
        "changes far less), peak = tracemalloc peak of one separate run of load()",
        "synthetic lists: every row has its own name, departments, amounts, towns, funding text, month and "
        f"targets (seed {SEED}); read_csv reads the same file as plain TSV (C engine)",
        f"growth = time / time at the previous size; linear is the size ratio (10× for 10× the tasks)",
    ]
    text = render_text(rows)
    markdown = ["# qpanalysis bench", "", "## Loader", "", render_markdown(rows)]
    if runner:
        repeats = 1 if quick else 2
        runner_rows, notebooks = bench_runner(repeats)
        notes.append("runner notebooks: " + (", ".join(notebooks) if notebooks else "none found")
                     + f"; lang {RUNNER_LANG}; best of {repeats} alternating run(s) each; "
                     "run() also writes the HTML reports, the CLI does not")
        text += "\n\n" + render_text(runner_rows, RUNNER_COLUMNS)
        markdown += ["", "## Runner", "", render_markdown(runner_rows, RUNNER_COLUMNS)]
    else:
        notes.append("runner comparison skipped (--skip-runner)")
    text += "\n\n" + "\n".join(notes)
    print(text)
    BENCH_DIR.mkdir(exist_ok=True)
    markdown += ["", *(f"- {n}" for n in notes)]
    (BENCH_DIR / "latest.md").write_text("\n".join(markdown) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="print the benchmark tables (python3 manage.py bench)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--skip-runner", action="store_true", help="skip the notebook runner comparison")
    arguments = parser.parse_args()
    main(quick=arguments.quick, runner=not arguments.skip_runner)
