"""Handles shared between threads: the GIL is released around API calls,
FaxClose never runs while another thread is inside a call with the handle,
and it runs exactly once however close(), detach() and calls interleave."""

import threading
import time

import pytest

import winfax


def wait_until(predicate, what, timeout=30.0):
    # Polls for a state the simulator reports; the timeout only guards
    # against a hang, no assertion depends on how long anything took.
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.001)


def run_threads(targets):
    threads = [threading.Thread(target=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
        assert not t.is_alive()


def test_gil_is_released_inside_connect(sim):
    # Two threads held inside FaxConnectFaxServerW at once is only possible
    # if the first released the GIL before calling the API.
    sim.pause("FaxConnectFaxServerW")
    handles = []
    run_after = [threading.Thread(target=lambda: handles.append(winfax.connect())) for _ in range(2)]
    for t in run_after:
        t.start()
    wait_until(lambda: sim.waiting("FaxConnectFaxServerW") == 2, "both threads inside connect")
    assert sim.max_concurrent("FaxConnectFaxServerW") == 2
    sim.resume("FaxConnectFaxServerW")
    for t in run_after:
        t.join(60)
    assert len(handles) == 2
    for h in handles:
        h.close()
    assert sim.open_handles() == 0


def test_gil_is_released_with_latency(sim):
    # The same proof with the simulator's latency instead of a pause: the
    # simulator records that both threads were inside the call together.
    sim.set_latency(0.2)
    barrier = threading.Barrier(2)

    def connect_once():
        barrier.wait()
        winfax.connect().close()

    for _ in range(5):  # scheduling could keep them apart; the GIL never lets them meet
        run_threads([connect_once, connect_once])
        if sim.max_concurrent("FaxConnectFaxServerW") == 2:
            break
    assert sim.max_concurrent("FaxConnectFaxServerW") == 2


def test_close_while_another_thread_is_inside_a_call_is_deferred(sim):
    h = winfax.connect()
    sim.pause("FaxAccessCheck")
    result = []
    worker = threading.Thread(target=lambda: result.append(h.access_check(1)))
    worker.start()
    wait_until(lambda: sim.waiting("FaxAccessCheck") == 1, "the worker inside FaxAccessCheck")

    h.close()
    # Closed for Python at once, but FaxClose waits for the call in flight.
    assert h.closed
    assert sim.calls("FaxClose") == 0
    assert sim.open_handles() == 1
    with pytest.raises(ValueError, match="closed fax handle"):
        h.access_check(1)

    sim.resume("FaxAccessCheck")
    worker.join(60)
    assert result == [True]
    assert sim.calls("FaxClose") == 1
    assert sim.open_handles() == 0


def test_detach_while_a_call_is_in_flight_is_refused(sim):
    h = winfax.connect()
    sim.pause("FaxAccessCheck")
    worker = threading.Thread(target=h.access_check, args=(1,))
    worker.start()
    wait_until(lambda: sim.waiting("FaxAccessCheck") == 1, "the worker inside FaxAccessCheck")
    with pytest.raises(RuntimeError, match="another call is using it"):
        h.detach()
    assert not h.closed
    sim.resume("FaxAccessCheck")
    worker.join(60)
    value = h.detach()
    assert value and h.closed
    assert sim.close_handle(value) == 0
    assert sim.calls("FaxClose") == 1


def test_dropping_the_handle_while_a_call_is_in_flight(sim):
    # The call holds a reference, so the object (and the handle) outlive it.
    h = winfax.connect()
    sim.pause("FaxAccessCheck")
    worker = threading.Thread(target=h.access_check, args=(1,))
    worker.start()
    wait_until(lambda: sim.waiting("FaxAccessCheck") == 1, "the worker inside FaxAccessCheck")
    del h
    assert sim.calls("FaxClose") == 0
    sim.resume("FaxAccessCheck")
    worker.join(60)
    del worker
    wait_until(lambda: sim.calls("FaxClose") == 1, "the last reference to go")
    assert sim.open_handles() == 0


def test_many_threads_closing_one_handle_close_it_once(sim):
    for _ in range(50):
        h = winfax.connect()
        barrier = threading.Barrier(8)

        def close():
            barrier.wait()
            h.close()

        run_threads([close] * 8)
        assert h.closed
    assert sim.calls("FaxClose") == 50
    assert sim.open_handles() == 0


def test_close_detach_and_calls_race(sim):
    # Whoever wins, the handle is released exactly once: by FaxClose from
    # close(), or by us after detach() handed it out.
    rounds = 100
    detached = []
    errors = []
    for _ in range(rounds):
        h = winfax.connect()
        barrier = threading.Barrier(4)

        def closer():
            barrier.wait()
            h.close()

        def detacher():
            barrier.wait()
            try:
                value = h.detach()
            except RuntimeError:
                return  # a call was in flight; close() or nobody wins
            if value:
                detached.append(value)

        def caller():
            barrier.wait()
            for _ in range(20):
                try:
                    h.access_check(1)
                except ValueError:
                    return
                except Exception as e:  # anything else is a bug
                    errors.append(e)
                    return

        run_threads([closer, detacher, caller, caller])
        assert h.closed
    for value in detached:
        assert sim.close_handle(value) == 0
    assert errors == []
    assert sim.calls("FaxClose") == rounds
    assert sim.open_handles() == 0


def test_calls_and_close_from_many_threads(sim):
    h = winfax.connect()
    started = threading.Barrier(9)
    outcomes = {"ok": 0, "closed": 0}
    lock = threading.Lock()

    def caller():
        started.wait()
        for _ in range(2000):
            try:
                h.access_check(1)
                key = "ok"
            except ValueError:
                key = "closed"
            with lock:
                outcomes[key] += 1
            if key == "closed":
                return

    def closer():
        started.wait()
        wait_until(lambda: outcomes["ok"] >= 100, "some calls to succeed")
        h.close()

    run_threads([caller] * 8 + [closer])
    assert h.closed
    assert outcomes["ok"] >= 100
    assert sim.calls("FaxClose") == 1
    assert sim.open_handles() == 0
