"""Handles still open when the interpreter exits are closed exactly once,
without errors, whatever holds them.  Each case runs in a subprocess; the
simulator appends its counters to FAXSIM_EXIT_REPORT after the interpreter
has finalised."""

import subprocess
import textwrap

import pytest

import pyproc
from conftest import needs_simulator

pytestmark = needs_simulator


def run_and_report(tmp_path, code):
    report = tmp_path / "exit-report.txt"
    proc = subprocess.run(
        pyproc.python("-c", textwrap.dedent(code)),
        env=pyproc.env(FAXSIM_EXIT_REPORT=str(report)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    fields = dict(item.split("=") for item in report.read_text().split())
    return {k: int(v) for k, v in fields.items()}, proc.stdout


@pytest.mark.parametrize(
    "code",
    [
        # a module global
        "import winfax\nh = winfax.connect()\n",
        # several, in a reference cycle only the final collection frees
        """
        import gc, winfax
        gc.disable()
        a = [winfax.connect(), winfax.connect()]
        a.append(a)
        del a
        """,
        # held by a class attribute and by a closure
        """
        import winfax
        class Holder:
            handle = winfax.connect()
        def make():
            h = winfax.connect()
            return lambda: h
        keep = make()
        """,
    ],
    ids=["global", "cycle", "class-and-closure"],
)
def test_handles_open_at_exit_are_closed_once(tmp_path, code):
    counters, _ = run_and_report(tmp_path, code)
    assert counters["open_handles"] == 0
    assert counters["FaxClose"] == counters["FaxConnectFaxServerW"]
    assert counters["violations"] == 0


def test_closed_and_detached_handles_are_not_closed_again(tmp_path):
    counters, stdout = run_and_report(
        tmp_path,
        """
        import winfax
        from winfax import simulator
        a = winfax.connect(); a.close()
        b = winfax.connect(); raw = b.detach()
        print(raw)
        """,
    )
    # a: closed once by close(); b: detached, so nobody closed it.
    assert counters["FaxClose"] == 1
    assert counters["open_handles"] == 1
    assert counters["violations"] == 0


def test_exit_with_a_daemon_thread_inside_a_call(tmp_path):
    # A daemon thread is parked inside FaxAccessCheck when the interpreter
    # exits: no crash, no hang, and nothing closes the handle under it.
    counters, stdout = run_and_report(
        tmp_path,
        """
        import threading, time, winfax
        from winfax import simulator
        h = winfax.connect()
        simulator.pause("FaxAccessCheck")
        threading.Thread(target=h.access_check, args=(1,), daemon=True).start()
        while simulator.waiting("FaxAccessCheck") == 0:
            time.sleep(0.001)
        h.close()  # deferred: the thread is inside a call
        print("exiting")
        """,
    )
    assert stdout.strip() == "exiting"
    assert counters["FaxClose"] == 0
    assert counters["violations"] == 0
