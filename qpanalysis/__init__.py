"""Tidy tables and analyses of the 2026 Qingpu District rural construction action task list."""

from qpanalysis.errors import TaskListError
from qpanalysis.tasklist import TaskList, load

__all__ = ["TaskList", "TaskListError", "load", "__version__"]
__version__ = "0.1.0"
