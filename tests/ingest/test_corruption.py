"""Property tests: a randomly corrupted list either loads, accounting for every line, or raises TaskListError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.reading import split_lines

LINES = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
# Characters that matter to the parser, plus ordinary text.
ALPHABET = st.sampled_from(list("\t\n\r/约、,，。0123456789.-:：()（）镇街道区局委 ") + ["金泽镇", "11个街镇", "相关街镇", "2026.", "<b>", "序号"])

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("insert"), st.integers(0, len(LINES) - 1), st.lists(ALPHABET, max_size=8).map("".join)),
    st.tuples(st.just("cell"), st.integers(0, len(LINES) - 1), st.integers(0, 14), st.lists(ALPHABET, max_size=6).map("".join)),
    st.tuples(st.just("append"), st.integers(0, len(LINES) - 1), st.lists(ALPHABET, max_size=6).map("".join)),
)


def _apply(lines: list[str], change) -> list[str]:
    lines = list(lines) or [""]
    kind = change[0]
    # Indices were drawn for the original list; earlier edits may have shortened it.
    change = (kind, *[c % len(lines) if isinstance(c, int) and i == 0 else c for i, c in enumerate(change[1:])])
    if kind == "swap":
        change = (kind, change[1], change[2] % len(lines))
    if kind == "delete":
        del lines[change[1]]
    elif kind == "duplicate":
        lines.insert(change[1], lines[change[1]])
    elif kind == "swap":
        i, j = change[1], change[2]
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        lines.insert(change[1], change[2])
    elif kind == "cell":
        cells = lines[change[1]].split("\t")
        if change[2] < len(cells):
            cells[change[2]] = change[3]
        lines[change[1]] = "\t".join(cells)
    elif kind == "append":
        lines[change[1]] += change[2]
    return lines


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(edit, min_size=1, max_size=4), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_corrupted_list_loads_or_raises_tasklisterror(tmp_path_factory, changes, encoding, newline):
    lines = LINES
    for change in changes:
        lines = _apply(lines, change)
    text = newline.join(lines)
    path = tmp_path_factory.mktemp("corrupt") / "list.txt"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        loaded = qp.load(path)
    except qp.TaskListError as error:
        assert str(path) in str(error)
        return
    # Loaded: no line was dropped, and every task row became exactly one task.
    expected = split_lines(text)
    if expected and expected[-1] == "":
        expected.pop()
    assert len(loaded.lines) == len(expected)
    assert loaded.lines["line"].tolist() == list(range(1, len(expected) + 1))
    assert (loaded.lines["kind"] == "task").sum() == len(loaded.tasks)
    assert set(loaded.towns["task_id"]) == set(loaded.tasks.index)
    assert set(loaded.milestones["task_id"]) == set(loaded.tasks.index)
