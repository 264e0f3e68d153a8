"""Failure injection lives in winfax._testhooks, a module of its own that
nothing in winfax imports, and not in winfax._winfax (the module users
import).  It reaches _winfax through a private capsule and counts record
allocations of this interpreter's _winfax, atomically across threads."""

import subprocess
import threading

import pytest

import pyproc
import winfax
from winfax import _testhooks, _winfax


@pytest.fixture(autouse=True)
def hook_off():
    yield
    _testhooks.fail_records_after(0)


def test_the_binding_offers_no_failure_injection():
    assert not hasattr(_winfax, "_fail_records_after")
    assert not [name for name in dir(_winfax) if "fail" in name.lower()]
    # What stays behind is inert data for the test module: no callable.
    capsule = _winfax._test_hooks
    assert type(capsule).__name__ == "PyCapsule" and not callable(capsule)


def test_importing_winfax_leaves_the_test_module_alone():
    code = "import sys, winfax; print('winfax._testhooks' in sys.modules)"
    proc = subprocess.run(pyproc.python("-c", code), env=pyproc.env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_the_nth_allocation_fails_once_then_all_succeed():
    _testhooks.fail_records_after(3)
    winfax.JobParam()
    winfax.JobParam()
    with pytest.raises(MemoryError):
        winfax.JobParam()
    for _ in range(10):
        winfax.JobParam()


def test_zero_turns_the_hook_off():
    _testhooks.fail_records_after(2)
    _testhooks.fail_records_after(0)
    for _ in range(10):
        winfax.JobParam()


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2**100, ValueError),
                                        ("3", TypeError), (None, TypeError)])
def test_bad_counts_are_refused(bad, error):
    with pytest.raises(error):
        _testhooks.fail_records_after(bad)
    winfax.JobParam()  # nothing was armed


def test_threads_share_one_countdown_and_exactly_one_allocation_fails():
    threads, per_thread = 8, 50
    _testhooks.fail_records_after(threads * per_thread // 2)
    start = threading.Barrier(threads)
    failures = []

    def make_records():
        start.wait()
        for _ in range(per_thread):
            try:
                winfax.JobParam()
            except MemoryError:
                failures.append(1)

    workers = [threading.Thread(target=make_records) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(failures) == 1
