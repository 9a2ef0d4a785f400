"""How a run stops on Ctrl-C or SIGTERM: the handler raises Interrupted, except while publishing, and the previous handlers come back.

A real run stopped by a signal is tested in test_runner.py (slow).
"""

from __future__ import annotations

import signal
import threading

import pytest

from qpanalysis.reports.stopping import STOP_SIGNALS, Interrupted, StopSignals, stop_on_signals


def test_a_signal_raises_interrupted_once_with_the_shells_exit_code():
    handler = StopSignals()
    with pytest.raises(Interrupted) as stopped:
        handler(signal.SIGTERM, None)
    assert stopped.value.exit_code == 128 + 15
    handler(signal.SIGINT, None)  # the clean-up that follows is not interrupted again


def test_a_signal_while_publishing_waits_for_the_publishing_to_end(capsys):
    handler = StopSignals()
    with handler.publishing_section():
        handler(signal.SIGINT, None)  # no exception: the renames and the index finish
    assert handler.pending == signal.SIGINT and not handler.stopping
    assert "signal SIGINT arrived while publishing; the run was completed first" in capsys.readouterr().err


def test_the_previous_handlers_come_back_and_other_threads_keep_theirs():
    before = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    with stop_on_signals() as handler:
        assert all(signal.getsignal(signum) is handler for signum in STOP_SIGNALS)
    assert {signum: signal.getsignal(signum) for signum in STOP_SIGNALS} == before

    seen = {}

    def in_a_thread():
        with stop_on_signals():
            seen.update({signum: signal.getsignal(signum) for signum in STOP_SIGNALS})

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert seen == before  # signals reach the main thread only: nothing was installed
