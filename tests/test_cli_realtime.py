"""`winfax send --wait` against a fax service that runs its queue itself:
the simulator with its real-time clock, in this process, as the simulator
installed as WINFAX.dll runs under Wine (.ci/windows/wheel-through-index).

There the command follows the job through the service's fax events, and
the service can send the fax before the command's first look at the job.
These tests make that happen deterministically: FaxGetJobW is paused, the
clock thread sends the job meanwhile (dial and page times 0), and only then
is FaxGetJobW let through."""

import threading
import time

import pytest

import winfax

from conftest import needs_simulator
from winfax.cli import main as cli_main

pytestmark = needs_simulator

NUMBER = "+1 555 0100"


@pytest.fixture(autouse=True)
def manual_afterwards(sim):
    _, dial, page = sim.clock()
    yield
    sim.set_clock("manual", dial=dial, page=page)


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_realtime_simulator_is_not_driven(sim, capsys):
    sim.set_clock("realtime", dial=0, page=0)
    assert cli_main.main(["status"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    if winfax.backend == "windows":
        # Installed as WinFax.dll the simulator is the service: the command
        # cannot tell it from Microsoft's and must not try to drive it.
        assert "Windows Fax Service" in out
    else:
        assert "real-time clock" in out


def test_send_wait_job_sent_before_the_first_look(sim, capsys):
    sim.set_clock("realtime", dial=0, page=0)
    sim.pause("FaxGetJobW")
    errors = []

    def send_it_meanwhile():
        try:
            # The command submitted the job and asks for it ...
            wait_until(lambda: sim.waiting("FaxGetJobW") >= 1)
            # ... and the service sends it before the answer.
            wait_until(lambda: sim.job_count() == 0)
        except BaseException as error:   # reported by the main thread
            errors.append(error)
        finally:
            sim.resume("FaxGetJobW")

    helper = threading.Thread(target=send_it_meanwhile)
    helper.start()
    try:
        code = cli_main.main(["send", "--sample", NUMBER, "--wait"])
    finally:
        helper.join()
    out, err = capsys.readouterr()
    assert errors == []
    # Never seen on a line, gone from the queue: only FEI_COMPLETED says it
    # was sent and not cancelled.
    assert (code, err) == (0, ""), out
    assert "job 1 sent" in out


@pytest.mark.parametrize("winerror", [109, 232])   # ERROR_BROKEN_PIPE, ERROR_NO_DATA
def test_a_fax_call_failing_with_a_pipe_error_is_not_silent(sim, capsys, winerror):
    # Those codes make the OSError a BrokenPipeError, which main() used to
    # take for stdout's reader going away: exit status 1 and no word at all.
    sim.fail_next("FaxClose", winerror)
    assert cli_main.main(["status"]) == 1
    _, err = capsys.readouterr()
    assert f"Windows error {winerror}" in err


def test_send_wait_reports_a_job_cancelled_by_another_connection_from_its_events(sim, capsys):
    import json
    sim.set_clock("realtime", dial=0, page=0)
    errors = []

    def cancel_it_meanwhile():
        try:
            wait_until(lambda: sim.job_count() == 1)
            with winfax.connect() as other:
                other.abort(other.jobs()[0].job_id)
        except BaseException as error:   # reported by the main thread
            errors.append(error)

    helper = threading.Thread(target=cancel_it_meanwhile)
    helper.start()
    try:
        code = cli_main.main(["send", "--sample", NUMBER, "--at", "2099-01-02T03:04:00+00:00",
                              "--wait", "--json", "--interval", "0.05"])
    finally:
        helper.join()
    out, err = capsys.readouterr()
    assert errors == []
    assert code == 1
    doc = json.loads(out)
    # FEI_DELETED, read on the command's own connection, says so.
    assert (doc["result"], doc["source"]) == ("cancelled", "events")
    assert "cancelled" in err
