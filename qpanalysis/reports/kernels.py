"""Kernels that start and stop quietly (no SIGINT at shutdown, no transport warning on loopback), and that an interrupted run can stop.

Two messages used to fill the terminal for every notebook a run executes:

- ``KeyboardInterrupt caught in kernel``. jupyter_client (since 7.0, in
  ``KernelManager._async_shutdown_kernel``) sends SIGINT to a kernel before asking it to
  shut down, to stop a cell that may still be running. papermill asks the kernel for its
  ``kernel_info`` after the last cell and shuts it down as soon as the reply arrives. The
  kernel is then often still inside that request's handler, where ipykernel lets SIGINT
  raise KeyboardInterrupt (it ignores SIGINT only between requests), so it logs the
  interrupt. The more kernels run at once, the likelier the race. ``QuietKernelManager``
  does not send that SIGINT: the runner shuts a kernel down only once its notebook has
  finished or failed, so nothing is left to interrupt, and a kernel that ignores the
  shutdown request is still stopped (SIGTERM, then SIGKILL, by jupyter_client).
- ``Kernel is running over TCP without encryption`` (ipykernel). The runner's kernels
  listen on the loopback interface only, which no other host can reach, so there the
  warning says nothing; ``LoopbackTransportFilter`` drops exactly that record of the
  kernel's logger and only when the kernel's address is a loopback one.

A run executes notebooks in worker threads, each with its own event loop and kernel
manager; an interrupted run (Ctrl-C, SIGTERM) must stop their kernels from the main
thread. ``KernelRegistry`` records the kernels its managers launch, signals their process
groups (jupyter_client starts each kernel in a session of its own) and refuses to launch
more once stopped.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import signal
import threading
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

# The start of ipykernel's warning about TCP without CurveZMQ keys (ipykernel/kernelapp.py).
TRANSPORT_WARNING = "Kernel is running over TCP without encryption"
# The kernel application's logger: traitlets names an application's logger after its class.
KERNEL_APP = "IPKernelApp"
# Name of the filter in the kernel's logging configuration.
FILTER_NAME = "loopback_transport_warning"
# The kernel configuration file the runner writes (JSON, loaded with --IPKernelApp.extra_config_file).
CONFIG_FILE = "qpanalysis_kernel_config.json"
# The error of a kernel launched after its run was stopped.
RUN_STOPPED = "the run was stopped; no kernel is started"


def is_loopback(ip: str | None) -> bool:
    """Whether an address reaches this machine only (127.0.0.0/8, ::1, localhost).

    Example:
        >>> [is_loopback(ip) for ip in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.2", "", None)]
        [True, True, True, False, False, False, False]
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def _kernel_ip() -> str | None:
    """The address the kernel of this process listens on, or None outside a kernel."""
    from ipykernel.kernelapp import IPKernelApp  # only a kernel process asks

    return IPKernelApp.instance().ip if IPKernelApp.initialized() else None


class LoopbackTransportFilter(logging.Filter):
    """Drop ipykernel's transport warning when the kernel listens on loopback only; keep every other record.

    Args:
        ip: The kernel's address; by default the running kernel's own (``IPKernelApp.ip``).

    Example:
        >>> warning = logging.makeLogRecord({"msg": TRANSPORT_WARNING + ". All communication…", "levelno": 30})
        >>> other = logging.makeLogRecord({"msg": "Parent appears to have exited, shutting down.", "levelno": 30})
        >>> LoopbackTransportFilter("127.0.0.1").filter(warning), LoopbackTransportFilter("127.0.0.1").filter(other)
        (False, True)
        >>> LoopbackTransportFilter("192.168.1.20").filter(warning)
        True
    """

    def __init__(self, ip: str | None = None):
        super().__init__()
        self.ip = ip

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.getMessage().startswith(TRANSPORT_WARNING):
            return True
        return not is_loopback(self.ip if self.ip is not None else _kernel_ip())


def kernel_config() -> dict:
    """The kernel configuration that installs ``LoopbackTransportFilter`` on the kernel's logger.

    traitlets merges ``logging_config`` into the application's own logging setup, which
    it applies as the configuration is loaded, before the kernel opens its sockets.

    Example:
        >>> kernel_config()["IPKernelApp"]["logging_config"]["loggers"]
        {'IPKernelApp': {'filters': ['loopback_transport_warning']}}
    """
    return {KERNEL_APP: {"logging_config": {
        "filters": {FILTER_NAME: {"()": f"{__name__}.{LoopbackTransportFilter.__name__}"}},
        "loggers": {KERNEL_APP: {"filters": [FILTER_NAME]}},
    }}}


def kernel_arguments(folder: str | Path) -> list[str]:
    """Write the kernel configuration into ``folder`` and return the kernel arguments that load it.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [argument] = kernel_arguments(folder)
        ...     json.loads(Path(argument.partition("=")[2]).read_text()) == kernel_config()
        True
    """
    path = Path(folder) / CONFIG_FILE
    path.write_text(json.dumps(kernel_config(), indent=1), encoding="utf-8")
    return [f"--{KERNEL_APP}.extra_config_file={path}"]


class QuietKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager without the SIGINT it sends to a kernel it is shutting down.

    Interrupting at any other time (``interrupt_kernel``) is unchanged. See the module
    docstring for why the SIGINT made kernels log a KeyboardInterrupt.
    """

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:  # set by shutdown_kernel just before it interrupts
            return
        await super()._async_interrupt_kernel()


class KernelRegistry:
    """The kernels of one run: launched by managers of :meth:`manager_class`, stopped by :meth:`stop`.

    Example:
        >>> registry = KernelRegistry()
        >>> registry.manager_class(QuietKernelManager).__name__, registry.stop(), registry.stopped
        ('TrackedQuietKernelManager', 0, True)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._managers: set = set()
        self.stopped = False

    def manager_class(self, base: type) -> type:
        """A subclass of the kernel manager ``base`` whose kernels this registry records."""
        registry = self

        class Tracked(base):
            async def _async_launch_kernel(self, kernel_cmd, **kw):
                if registry.stopped:
                    raise RuntimeError(RUN_STOPPED)
                await super()._async_launch_kernel(kernel_cmd, **kw)
                registry._add(self)

            async def _async_cleanup_resources(self, restart: bool = False) -> None:
                registry._discard(self)
                await super()._async_cleanup_resources(restart=restart)

        Tracked.__name__ = Tracked.__qualname__ = f"Tracked{base.__name__}"
        return Tracked

    def _add(self, manager) -> None:
        with self._lock:
            if not self.stopped:
                self._managers.add(manager)
                return
        _signal_kernel(manager, signal.SIGKILL)  # launched while the run was being stopped
        raise RuntimeError(RUN_STOPPED)

    def _discard(self, manager) -> None:
        with self._lock:
            self._managers.discard(manager)

    def pids(self) -> list[int]:
        """The process ids of the kernels running now."""
        with self._lock:
            managers = list(self._managers)
        return [m.provisioner.pid for m in managers if getattr(m.provisioner, "pid", None)]

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Launch no more kernels and send ``signum`` to every running one; return how many were signalled."""
        with self._lock:
            self.stopped = True
            managers = list(self._managers)
        return sum(_signal_kernel(manager, signum) for manager in managers)


def _signal_kernel(manager, signum: int) -> bool:
    """Send ``signum`` to a kernel's process group (its process alone where there is none)."""
    provisioner = manager.provisioner
    pid = getattr(provisioner, "pid", None)
    # jupyter_client forgets the process once it has waited for it: its id may be reused.
    if not pid or getattr(provisioner, "process", None) is None:
        return False
    pgid = getattr(provisioner, "pgid", None)
    try:
        if pgid and hasattr(os, "killpg"):
            os.killpg(pgid, signum)
        else:
            os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):  # already gone (its id may even be reused)
        return False
    return True
