"""Stopping a run cleanly on Ctrl-C or SIGTERM: the signal handler, and the end of the run's kernels and threads."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

from qpanalysis.reports.kernels import KernelRegistry

# The signals that stop a run cleanly: Ctrl-C, and what a service manager or `kill` sends.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# A stopped run asks its kernels to end (SIGTERM) and kills those still there after this
# many seconds; it waits at most STOP_WAIT seconds for its notebooks' threads before it
# removes the staging folder. A kernel's death is seen by nbclient within a second.
KERNEL_GRACE = 3.0
STOP_WAIT = 15.0
# What an interrupted run says: nothing was published.
INTERRUPTED = "interrupted; previous reports unchanged"
# The logger nbclient reports through when papermill runs it ("Kernel died while waiting
# for execute reply."): silent while a stopped run ends its kernels on purpose.
PAPERMILL_LOGGER = "papermill"


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal (Ctrl-C, SIGTERM) before it published anything.

    Example:
        >>> exc = Interrupted(signal.SIGTERM)
        >>> str(exc), exc.exit_code
        ('interrupted; previous reports unchanged', 143)
    """

    def __init__(self, signum: int = signal.SIGINT) -> None:
        self.signum = signum
        super().__init__(INTERRUPTED)

    @property
    def exit_code(self) -> int:
        """The shell's code for a process ended by the signal: 128 + its number (130 for Ctrl-C)."""
        return 128 + int(self.signum)


class StopSignals:
    """The run's handler of STOP_SIGNALS: raise Interrupted in the main thread, except while publishing."""

    def __init__(self) -> None:
        self.stopping = False  # set once Interrupted was raised: the clean-up is not interrupted
        self.publishing = False  # moving finished reports into place: finish first
        self.pending: int | None = None

    def __call__(self, signum, frame) -> None:
        if self.stopping:
            return
        if self.publishing:
            self.pending = signum
            return
        self.stopping = True
        raise Interrupted(signum)

    @contextlib.contextmanager
    def publishing_section(self):
        """Publishing (renames, the index) takes well under a second: a signal then lets it finish."""
        self.publishing = True
        try:
            yield
        finally:
            self.publishing = False
        if self.pending is not None:
            print(f"signal {signal.Signals(self.pending).name} arrived while publishing; the run was completed first",
                  file=sys.stderr)


@contextlib.contextmanager
def stop_on_signals():
    """Install the run's handler of STOP_SIGNALS (main thread only), and restore the previous ones after."""
    handler = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield handler  # signals reach the main thread only; its own handlers stay
        return
    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield handler
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def stop_jobs(futures, registry: KernelRegistry, stop: threading.Event, pool: ThreadPoolExecutor) -> None:
    """Stop an interrupted run's notebooks: cancel those not started, end the kernels, wait for the threads.

    The kernels are sent SIGTERM, and SIGKILL after KERNEL_GRACE seconds; a notebook whose
    kernel died fails within a second, and its thread ends. After STOP_WAIT seconds the
    run stops waiting (a thread still writing only writes into the staging folder).
    """
    stop.set()
    pool.shutdown(wait=False, cancel_futures=True)
    started = time.monotonic()
    logger = logging.getLogger(PAPERMILL_LOGGER)
    silence = logging.Filter(name="\0")  # a name no logger has: drops every record
    logger.addFilter(silence)
    try:
        registry.stop(signal.SIGTERM)
        killed = False
        while True:
            running = [f for f in futures if not f.done()]
            elapsed = time.monotonic() - started
            if not running or elapsed > STOP_WAIT:
                return
            if not killed and elapsed > KERNEL_GRACE:
                registry.stop(signal.SIGKILL)
                killed = True
            wait(running, timeout=0.2)
    finally:
        logger.removeFilter(silence)


__all__ = ["Interrupted", "StopSignals", "stop_on_signals", "stop_jobs", "INTERRUPTED", "STOP_SIGNALS"]
