"""Shared fixtures.  Every test starts against a freshly reset simulator with
its clock in manual mode and, unless marked `violations`, ends by checking
that winfax never handed the service a closed or unknown handle.

The simulator's control API (winfax.simulator) exists wherever the fax
service is winfax's simulator: off Windows, where it is linked in, and on
Windows when it is installed as System32's WINFAX.dll (CI runs the suite so
under Wine, with winfax.backend == "windows").  Against the real Windows Fax
Service it does not import, and the tests that drive the simulator skip."""

import os
import signal

import pytest

import winfax

try:
    from winfax import simulator as _simulator
except ImportError as _error:
    _simulator = None
    _WHY_NOT = str(_error)
else:
    _WHY_NOT = ""
    # Processes the tests start (the winfax command, helpers) load their own
    # copy of the service; manual, so only what a test does moves a job.
    # The simulator DLL on Windows defaults to real time.
    os.environ["WINFAX_SIM_CLOCK"] = "manual"

ON_SIMULATOR = _simulator is not None
SKIP_REASON = f"drives the fax service simulator ({_WHY_NOT})"

needs_simulator = pytest.mark.skipif(not ON_SIMULATOR, reason=SKIP_REASON)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "violations: the test deliberately names closed or unknown handles"
    )
    # Started in the background by a shell without job control (`cmd &`, or
    # nohup), a process begins with Ctrl-C ignored, and so do the processes
    # it starts: the tests of Ctrl-C (_thread.interrupt_main, SIGINT to a
    # `winfax` command) would then wait for ever.  Python's own handler here
    # also gives the commands the tests start the default disposition,
    # which they replace with theirs.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def fresh_service(request):
    if _simulator is None:
        yield None
        return
    # Deterministic: nothing moves unless the test advances the queue.
    _simulator.set_clock("manual")
    _simulator.reset()
    # The service's wall clock is the system's unless a test sets it.
    _simulator.set_time(None)
    yield _simulator
    if request.node.get_closest_marker("violations") is None:
        assert _simulator.violations() == 0, "a call reached the service with a closed handle"
    _simulator.reset()


@pytest.fixture
def sim(fresh_service):
    if fresh_service is None:
        pytest.skip(SKIP_REASON)
    return fresh_service


@pytest.fixture
def server():
    """A connection to the local service, closed after the test."""
    with winfax.connect() as s:
        yield s
