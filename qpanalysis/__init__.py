"""Tidy tables and analyses of a rural construction action task list (乡村建设行动任务清单).

The flow, one subpackage per step: ``ingest`` (read and validate) → ``analysis`` (tables
to tables) → ``display``, ``export`` and ``charts`` (for readers) → ``reports`` (notebooks
and the runner).
"""

from qpanalysis.analysis.compare import Comparison, compare
from qpanalysis.display.card import card  # also makes tl.card(task_id) work
from qpanalysis.errors import TaskListError
from qpanalysis.export.tables import to_csv, to_excel
from qpanalysis.ingest.tasklist import TaskList, load

__all__ = ["TaskList", "TaskListError", "card", "load", "to_csv", "to_excel", "__version__", "compare", "Comparison"]
__version__ = "0.1.0"
