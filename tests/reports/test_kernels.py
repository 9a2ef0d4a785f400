"""Tests of qpanalysis.reports.kernels: the kernel configuration the runner writes, and the registry that stops a run's kernels."""

from __future__ import annotations

import json
import logging
import logging.config
import signal
import subprocess
from types import SimpleNamespace

import pytest

from qpanalysis.reports.kernels import (
    CONFIG_FILE, FILTER_NAME, KERNEL_APP, RUN_STOPPED, TRANSPORT_WARNING, KernelRegistry, LoopbackTransportFilter,
    kernel_arguments,
)


def _sleeper() -> subprocess.Popen:
    """A process in a session of its own, as jupyter_client starts a kernel."""
    return subprocess.Popen(["sleep", "60"], start_new_session=True)


class _Manager:
    """What the registry reads of a kernel manager: its provisioner's pid, pgid and process."""

    def __init__(self, pid: int, process: subprocess.Popen | None):
        self.provisioner = SimpleNamespace(pid=pid, pgid=pid, process=process)


def _manager(process: subprocess.Popen) -> _Manager:
    return _Manager(process.pid, process)


def test_the_config_file_installs_the_filter_on_the_kernels_logger(tmp_path):
    [argument] = kernel_arguments(tmp_path)
    option, _, path = argument.partition("=")
    assert option == f"--{KERNEL_APP}.extra_config_file" and path == str(tmp_path / CONFIG_FILE)
    logging_config = json.loads((tmp_path / CONFIG_FILE).read_text(encoding="utf-8"))[KERNEL_APP]["logging_config"]
    # The class named in the file is the filter, and it drops the warning on loopback only.
    dotted = logging_config["filters"][FILTER_NAME]["()"]
    module, _, name = dotted.rpartition(".")
    assert (module, name) == (LoopbackTransportFilter.__module__, LoopbackTransportFilter.__name__)
    logging.config.dictConfig({"version": 1, "incremental": False, "disable_existing_loggers": False,
                               "filters": {FILTER_NAME: {"()": dotted, "ip": "::1"}},
                               "loggers": {"qpanalysis-test-kernel": {"filters": [FILTER_NAME]}}})
    logger = logging.getLogger("qpanalysis-test-kernel")
    assert not logger.filter(logging.makeLogRecord({"msg": TRANSPORT_WARNING + "."}))
    assert logger.filter(logging.makeLogRecord({"msg": "Starting kernel"}))


def test_stop_signals_every_kernel_and_launches_no_more():
    registry = KernelRegistry()
    first, second = _sleeper(), _sleeper()
    try:
        registry._add(_manager(first))
        registry._add(_manager(second))
        assert sorted(registry.pids()) == sorted([first.pid, second.pid])
        assert registry.stop() == 2
        assert first.wait(timeout=10) == -signal.SIGTERM and second.wait(timeout=10) == -signal.SIGTERM
        late = _sleeper()
        with pytest.raises(RuntimeError, match=RUN_STOPPED):
            registry._add(_manager(late))  # launched while the run was being stopped: killed
        assert late.wait(timeout=10) == -signal.SIGKILL
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()


def test_a_kernel_that_has_finished_is_neither_listed_nor_signalled():
    registry = KernelRegistry()
    done = _sleeper()
    manager = _manager(done)
    registry._add(manager)
    registry._discard(manager)  # its manager cleaned up: the kernel is gone
    done.kill()
    done.wait()
    assert registry.pids() == [] and registry.stop() == 0
    # A manager whose process jupyter_client has already waited for is not signalled either:
    # its pid may belong to another process by now.
    gone = _Manager(done.pid, None)
    other = KernelRegistry()
    other._add(gone)
    assert other.stop() == 0
