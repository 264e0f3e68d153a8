"""Fax events: FaxHandle.events(), aevents() and winfax.aevents().

The simulator turns its own state changes into FAX_EVENTW records and
delivers them through the same completion port calls the binding uses on
Windows (the simulator library provides them off Windows), so these tests
run the binding's real conversion, wake-up and lifetime code.  Deterministic
waits go through simulator.completion_waiters() (threads parked in
GetQueuedCompletionStatus); time limits only guard against a hang.  On
Windows (the simulator installed as WINFAX.dll) the ports and LocalFree are
kernel32's: see COUNTED below."""

import asyncio
import datetime
import gc
import sys
import threading
import time
import _thread

import pytest

from leakcheck import blocks_grown

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import EventId, JobCommand, JobParam, PortState

pytestmark = needs_simulator

PAGES = 3
DEVICE = 0x10001
NO_JOB = 0xFFFFFFFF
PARAMS = JobParam(recipient_number="+1 555 0100")
HANG = 30.0  # seconds: only ever reached if something hangs


# Off Windows the simulator provides the completion-port calls and
# LocalFree, so it counts ports, parked waiters and events not yet freed.  On
# Windows those are kernel32's (the binding's _WIN32 path: real ports, real
# LocalFree) and the simulator cannot count them.  So these counts are
# checked off Windows; everything else is checked everywhere.  On Windows
# the process's kernel handle count shows a port left open instead
# (tests/win_handles.py, used by test_event_hub.py).
COUNTED = sys.platform != "win32"

# The process's event hub keeps one completion port of its own (registered
# with the service once per session) for the life of the process; the
# `hub` fixture makes sure it exists before any test counts ports.
HUB = 1


@pytest.fixture(scope="module", autouse=True)
def hub():
    from conftest import ON_SIMULATOR

    if ON_SIMULATOR:
        with winfax.connect() as server:
            server.events(timeout=0).close()


def counts(sim, ports=None, events=None, waiters=None):
    """The simulator's count of open completion ports, of events not yet
    given back with LocalFree and of threads parked in
    GetQueuedCompletionStatus are as given, where they are counted.  The
    hub's thread hands events over on its own time, so the counts are
    given a moment to settle (they must settle there, not merely pass)."""
    if not COUNTED:
        return
    want = {"ports": ports, "events": events, "waiters": waiters}
    have = {}

    def now():
        have.update(ports=sim.completion_ports(), events=sim.outstanding_events(),
                    waiters=sim.completion_waiters())
        return all(want[k] is None or have[k] == want[k] for k in want)

    deadline = time.monotonic() + 5.0
    while not now() and time.monotonic() < deadline:
        time.sleep(0.002)
    assert {k: have[k] for k in want if want[k] is not None} == {
        k: v for k, v in want.items() if v is not None}


def wait_until(predicate, what, timeout=HANG):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.001)


def wait_parked(sim, what):
    """Until a thread is parked in GetQueuedCompletionStatus.  On Windows
    nothing tells, so the thread gets a moment instead: a reader that has
    not parked yet must see the close or the event just the same, so the
    test stays right, only less sure to exercise the wake-up itself."""
    if COUNTED:
        wait_until(lambda: sim.completion_waiters() == HUB + 1, what)
    else:
        time.sleep(0.2)


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=PAGES))


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        yield s
    # Whatever a test did, nothing of the event machinery is left behind.
    counts(sim, ports=HUB, events=0)
    # At most the process's one registration, whatever the test did.
    assert sim.event_queues() <= 1


def triples(events):
    return [(e.event_id, e.job_id, e.device_id) for e in events]


def pending(server):
    """Every event queued so far (a 0-second timeout ends the iteration)."""
    with server.events(timeout=0) as stream:
        return list(stream)


def sent(job_id, device=DEVICE, pages=PAGES):
    return [
        (EventId.DIALING, job_id, device),
        *[(EventId.SENDING, job_id, device)] * pages,
        (EventId.COMPLETED, job_id, device),
        (EventId.DELETED, job_id, device),
        (EventId.IDLE, NO_JOB, device),
    ]


# ---- the record ---------------------------------------------------------------------


def test_event_is_a_record():
    when = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    e = winfax.Event(event_id=EventId.DIALING, job_id=7, device_id=DEVICE, timestamp=when)
    assert e._fields == ("event_id", "job_id", "device_id", "timestamp")
    assert e.event_id is EventId.DIALING and e.timestamp == when
    assert repr(e).startswith("Event(event_id=<EventId.DIALING: 1>, job_id=7")
    assert e.replace(job_id=NO_JOB).job_id == NO_JOB
    assert winfax.Event() == winfax.Event(event_id=0, job_id=0, device_id=0, timestamp=None)
    with pytest.raises(AttributeError):
        e.job_id = 1
    with pytest.raises(ValueError, match=r"Event.job_id must be between 0 and 0xFFFFFFFF"):
        winfax.Event(job_id=-1)
    assert type(e).__module__ == "winfax"


# ---- what the simulated service reports -----------------------------------------------


def test_a_sent_fax(sim, server, tiff):
    stream = server.events(timeout=0)
    job = server.send_document(tiff, PARAMS)
    before = datetime.datetime.now(datetime.timezone.utc)
    sim.run_queue()
    events = list(stream)
    assert stream.closed
    assert triples(events) == [(EventId.JOB_QUEUED, job, 0), *sent(job)]
    # Enum members and aware UTC times, in order.
    assert all(type(e.event_id) is EventId for e in events)
    stamps = [e.timestamp for e in events]
    assert all(t.tzinfo is datetime.timezone.utc for t in stamps)
    assert stamps == sorted(stamps)
    assert abs(stamps[-1] - before) < datetime.timedelta(minutes=5)
    counts(sim, events=0)


def test_a_fatal_failure_then_a_restart(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    server.events(timeout=0).close()  # the queue exists from here on
    sim.advance()
    sim.fail_job(job, "fatal")
    assert triples(pending(server)) == [
        (EventId.DIALING, job, DEVICE),
        (EventId.FATAL_ERROR, job, DEVICE),
        (EventId.IDLE, NO_JOB, DEVICE),
    ]
    server.set_job(job, JobCommand.RESTART)  # back in the queue: nothing to report
    assert pending(server) == []
    sim.run_queue()
    assert triples(pending(server)) == sent(job)


def test_retries(sim, server, tiff):
    server.events(timeout=0).close()
    job = server.send_document(tiff, PARAMS)
    sim.advance()
    sim.fail_job(job, "retry")
    sim.fail_job(job, "retry")  # failing again before it dialed again is news too
    assert triples(pending(server)) == [
        (EventId.JOB_QUEUED, job, 0),
        (EventId.DIALING, job, DEVICE),
        (EventId.NO_ANSWER, job, DEVICE),
        (EventId.IDLE, NO_JOB, DEVICE),
        (EventId.NO_ANSWER, job, 0),
    ]


def test_cancelling_a_waiting_job(sim, server, tiff):
    server.events(timeout=0).close()
    job = server.send_document(tiff, PARAMS)
    server.abort(job)
    assert triples(pending(server)) == [(EventId.JOB_QUEUED, job, 0), (EventId.DELETED, job, 0)]


def test_cancelling_a_job_on_its_line(sim, server, tiff):
    server.events(timeout=0).close()
    job = server.send_document(tiff, PARAMS)
    sim.advance(2)  # dialing, then page 1
    server.set_job(job, JobCommand.DELETE)
    sim.advance()
    assert triples(pending(server)) == [
        (EventId.JOB_QUEUED, job, 0),
        (EventId.DIALING, job, DEVICE),
        (EventId.SENDING, job, DEVICE),
        (EventId.ABORTING, job, DEVICE),
        (EventId.DELETED, job, DEVICE),
        (EventId.IDLE, NO_JOB, DEVICE),
    ]


def test_pausing_and_resuming_report_nothing(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    server.events(timeout=0).close()
    server.set_job(job, JobCommand.PAUSE)
    server.set_job(job, JobCommand.RESUME)
    # The first word about a job that never started says it is queued.
    assert triples(pending(server)) == [(EventId.JOB_QUEUED, job, 0)]
    server.set_job(job, JobCommand.PAUSE)
    assert pending(server) == []


def test_device_events(sim, server):
    server.events(timeout=0).close()
    second = sim.add_port("Modem 2")
    sim.set_port_state(DEVICE, PortState.OFFLINE)
    sim.set_port_state(DEVICE, PortState.AVAILABLE)
    sim.set_port_state(second, PortState.UNAVAILABLE)
    sim.set_port_state(second, PortState.UNAVAILABLE)  # no change, no event
    assert triples(pending(server)) == [
        (EventId.MODEM_POWERED_OFF, NO_JOB, DEVICE),
        (EventId.MODEM_POWERED_ON, NO_JOB, DEVICE),
        (EventId.IDLE, NO_JOB, DEVICE),
        (EventId.LINE_UNAVAILABLE, NO_JOB, second),
    ]


def test_adding_or_removing_an_idle_device_posts_no_event(sim, server):
    # FAX_EVENTW's FEI_* list has no event for a device being added or
    # removed (FEI_MODEM_POWERED_ON is a modem turned on): nothing is made up.
    server.events(timeout=0).close()
    second = sim.add_port("Modem 2")
    sim.remove_port(second)
    assert pending(server) == []
    sim.set_port_state(DEVICE, PortState.OFFLINE)   # while a device's state change is one
    assert triples(pending(server)) == [(EventId.MODEM_POWERED_OFF, NO_JOB, DEVICE)]


def test_a_device_unplugged_mid_call(sim, server, tiff):
    second = sim.add_port("Modem 2", 0x2)
    sim.set_port_state(DEVICE, PortState.OFFLINE)  # before the queue: unreported
    server.events(timeout=0).close()
    job = server.send_document(tiff, PARAMS)
    sim.advance()  # dials on the only available device
    sim.remove_port(second)
    assert triples(pending(server)) == [
        (EventId.JOB_QUEUED, job, 0),
        (EventId.DIALING, job, second),
        (EventId.DISCONNECTED, job, second),  # the device it lost
    ]


def test_events_reach_every_queue_and_only_open_ones(sim, tiff):
    with winfax.connect() as a, winfax.connect() as b:
        a.events(timeout=0).close()
        b.events(timeout=0).close()
        # One registration for the process, whatever the number of handles.
        assert sim.event_queues() == 1
        assert sim.post_event(EventId.RINGING, DEVICE) == 1
        b.close()
        assert sim.event_queues() == 1
        assert sim.post_event(EventId.ANSWERED, DEVICE) == 1
        assert [e.event_id for e in pending(a)] == [EventId.RINGING, EventId.ANSWERED]
        assert b.closed
    counts(sim, ports=HUB, events=0)


def test_an_unknown_event_id_stays_an_int(sim, server):
    server.events(timeout=0).close()
    sim.post_event(0x99, 5, 6)
    (event,) = pending(server)
    assert type(event.event_id) is int and event.event_id == 0x99
    assert (event.device_id, event.job_id) == (5, 6)


def test_a_service_restart_does_not_end_the_stream(sim):
    server = winfax.connect()
    stream = server.events(timeout=HANG)
    sim.restart()
    ended = next(stream)
    assert ended.event_id is EventId.FAXSVC_ENDED and ended.job_id == NO_JOB
    # The process registers again with the restarted service on its own
    # (the reader's handle died with the old service); the new session
    # begins with FEI_FAXSVC_STARTED, and its events follow.
    started = next(stream)
    assert started.event_id is EventId.FAXSVC_STARTED and started.job_id == NO_JOB
    assert not stream.closed and sim.event_queues() == 1
    wait_until(lambda: sim.open_handles() == 0, "the hub's own connection closed")
    sim.post_event(EventId.RINGING, DEVICE)
    assert next(stream).event_id is EventId.RINGING
    stream.close()
    del stream
    server.detach()  # the restarted service no longer knows the handle
    gc.collect()
    # The queue went with the handle object.
    counts(sim, ports=HUB, events=0)


# ---- timeouts and iterators -------------------------------------------------------------


def test_a_timeout_with_nothing_stops_the_iteration(sim, server):
    start = time.monotonic()
    stream = server.events(timeout=0.05)
    assert list(stream) == []
    assert time.monotonic() - start < HANG
    assert stream.closed and repr(stream) == "<winfax.EventIterator closed>"
    with pytest.raises(StopIteration):
        next(stream)


def test_timeout_values(server):
    assert server.events(timeout=None).timeout is None
    assert server.events(timeout=float("inf")).timeout is None
    assert server.events(timeout=2).timeout == 2.0
    assert server.events(timeout=0.0001).timeout == 0.001  # rounded up to a millisecond
    with pytest.raises(TypeError, match="not bool"):
        server.events(timeout=True)


def test_the_queue_outlives_its_iterators(sim, server):
    first = server.events(timeout=0)
    assert list(first) == []
    sim.post_event(EventId.RINGING, DEVICE)  # nobody reads now: it waits in the queue
    second = server.events(timeout=0)
    with pytest.raises(RuntimeError, match="keep iterating the first one"):
        server.events()
    assert [e.event_id for e in second] == [EventId.RINGING]
    assert sim.calls("FaxInitializeEventQueue") == 1
    counts(sim, ports=HUB + 1)


def test_events_left_unread_are_freed_when_the_handle_closes(sim):
    server = winfax.connect()
    server.events(timeout=0).close()
    for _ in range(10):
        sim.post_event(EventId.RINGING, DEVICE)
    counts(sim, events=10)
    server.close()
    counts(sim, ports=HUB, events=0)


def test_closing_the_handle_with_nobody_waiting(sim):
    server = winfax.connect()
    stream = server.events()
    server.close()
    assert sim.calls("FaxClose") == 1
    counts(sim, ports=HUB)
    assert list(stream) == [] and stream.closed
    with pytest.raises(ValueError, match="closed fax handle"):
        server.events()


def test_dropping_the_handle_closes_the_queue(sim):
    stream = winfax.connect().events(timeout=0)  # the iterator keeps its handle
    assert stream.server.closed is False and list(stream) == []
    del stream
    gc.collect()
    assert sim.open_handles() == 0
    counts(sim, ports=HUB)


def test_with_closes_the_iterator(server):
    with server.events() as stream:
        assert not stream.closed
    assert stream.closed
    with server.events(timeout=0) as again:  # the queue is free for another reader
        assert list(again) == []


def test_iterators_cannot_be_made_or_pickled(server):
    import pickle

    stream = server.events()
    with pytest.raises(TypeError):
        type(stream)()
    with pytest.raises(TypeError, match="cannot pickle"):
        pickle.dumps(stream)


def test_a_failed_registration_raises_and_leaves_nothing(sim, server):
    sim.fail_next("FaxInitializeEventQueue", 8)
    with pytest.raises(OSError) as info:
        server.events()
    assert info.value.winerror == 8
    assert sim.event_queues() == 0
    counts(sim, ports=HUB)
    # Nothing was registered, so the next call starts afresh.
    with server.events(timeout=0):
        assert sim.event_queues() == 1
    assert "FaxInitializeEventQueue" in sim.functions()


def test_a_failed_conversion_still_frees_the_event(sim, server):
    from winfax import _testhooks

    stream = server.events(timeout=0)
    # A second reader on a second handle is the witness that the hub's
    # thread has handed every event over: each of the six originals becomes
    # one copy per reader before it is freed, so the simulator's count is
    # 6 + (events handed over) and reaches 12 only when all six are in both
    # readers' ports.  (Counting 5 after the first failure would not do: an
    # original still waiting for the hub counts the same as a copy.)
    with winfax.connect() as witness_handle, witness_handle.events(timeout=0) as witness:
        for n in range(6):
            sim.post_event(EventId.RINGING, DEVICE, n)
        counts(sim, events=12)
        if not COUNTED:
            # On Windows kernel32 owns the ports and nothing can be counted,
            # so the hub's thread is given time instead (it takes microseconds).
            time.sleep(0.5)
        try:
            _testhooks.fail_records_after(1)
            with pytest.raises(MemoryError):
                next(stream)
            counts(sim, events=11)  # the one taken out was freed
            _testhooks.fail_records_after(2)  # a batch of five fails halfway: all of it is freed
            with pytest.raises(MemoryError):
                stream._wait(0)
        finally:
            _testhooks.fail_records_after(0)
        counts(sim, events=6)  # only the witness's copies are left
        assert [e.job_id for e in witness._wait(0)] == list(range(6))
    counts(sim, events=0)
    assert not stream.closed  # still usable
    sim.post_event(EventId.IDLE, DEVICE)
    assert next(stream).event_id is EventId.IDLE


# ---- threads -----------------------------------------------------------------------------


def read_in_thread(stream):
    got = []
    worker = threading.Thread(target=lambda: got.extend(stream))
    worker.start()
    return worker, got


def test_closing_the_handle_wakes_a_waiting_thread(sim):
    server = winfax.connect()
    stream = server.events()  # no timeout: only the close can end it
    sim.pause("FaxClose")
    worker, got = read_in_thread(stream)
    wait_parked(sim, "the reader parked in the wait")
    server.close()
    # The reader holds a use of the handle for its whole wait, so close()
    # only marks it closed; woken, the reader itself makes the FaxClose.
    assert server.closed
    wait_until(lambda: sim.waiting("FaxClose") == 1, "the reader's FaxClose")
    assert worker.is_alive()
    counts(sim, waiters=HUB)
    sim.resume("FaxClose")
    worker.join(HANG)
    assert not worker.is_alive() and got == [] and stream.closed
    assert sim.calls("FaxClose") == 1 and sim.open_handles() == 0
    counts(sim, ports=HUB, events=0)


def test_closing_the_iterator_wakes_a_waiting_thread(sim, server):
    stream = server.events()
    worker, got = read_in_thread(stream)
    wait_parked(sim, "the reader parked in the wait")
    stream.close()
    worker.join(HANG)
    assert not worker.is_alive() and got == []
    # The handle and its queue stay: a new reader gets what comes next.
    sim.post_event(EventId.RINGING, DEVICE)
    assert [e.event_id for e in pending(server)] == [EventId.RINGING]


def test_a_waiting_thread_gets_events_as_they_come(sim, server):
    stream = server.events(timeout=HANG)
    worker, got = read_in_thread(stream)
    for n in range(5):
        wait_parked(sim, "the reader parked in the wait")
        sim.post_event(EventId.RINGING, DEVICE, n)
        wait_until(lambda: len(got) == n + 1, "the event to arrive")
    stream.close()
    worker.join(HANG)
    assert [e.job_id for e in got] == [0, 1, 2, 3, 4]


def test_detach_while_a_thread_waits_is_refused(sim, server):
    stream = server.events()
    worker, _ = read_in_thread(stream)
    wait_parked(sim, "the reader parked in the wait")
    with pytest.raises(RuntimeError, match="another call is using it"):
        server.detach()
    stream.close()
    worker.join(HANG)


def test_ctrl_c_interrupts_an_endless_wait(sim, server):
    stream = server.events()

    def interrupt():
        wait_parked(sim, "the main thread parked")
        _thread.interrupt_main()

    helper = threading.Thread(target=interrupt)
    helper.start()
    with pytest.raises(KeyboardInterrupt):
        next(stream)
    helper.join(HANG)
    # Still usable.
    assert not stream.closed
    sim.post_event(EventId.RINGING, DEVICE)
    assert next(stream).event_id is EventId.RINGING
    stream.close()


def test_handles_closed_while_threads_wait_many_times(sim):
    for _ in range(50):
        server = winfax.connect()
        stream = server.events()
        worker, _ = read_in_thread(stream)
        wait_parked(sim, "the reader parked in the wait")
        server.close()
        worker.join(HANG)
        assert not worker.is_alive()
    assert sim.calls("FaxClose") == 50 and sim.open_handles() == 0
    counts(sim, ports=HUB, events=0)


# ---- asyncio ------------------------------------------------------------------------------


def test_aevents_delivers_and_stops_on_timeout(sim, server, tiff):
    async def main():
        async with server.aevents(timeout=0.05) as first:
            assert type(first) is winfax._events.AsyncEventIterator
            assert [e async for e in first] == [] and first.closed
        job = server.send_document(tiff, PARAMS)
        sim.run_queue()
        events = server.aevents(timeout=0.2)
        got = [e async for e in events]
        return job, got, events

    job, got, events = asyncio.run(main())
    assert triples(got) == [(EventId.JOB_QUEUED, job, 0), *sent(job)]
    assert events.closed and sim.calls("FaxInitializeEventQueue") == 1


def test_aevents_is_winfax_aevents(server):
    a = winfax.aevents(server, 1)
    a._finish()  # frees the handle's queue for the next reader
    b = server.aevents(1)
    assert type(a) is type(b) is winfax._events.AsyncEventIterator
    assert (a.timeout, b.timeout, a.closed, b.closed) == (1.0, 1.0, True, False)
    b._finish()
    with pytest.raises(TypeError, match="timeout must be a number of seconds or None"):
        server.aevents(timeout="1")
    with pytest.raises(TypeError, match="timeout must be a number of seconds or None"):
        winfax.aevents(server, timeout="1")
    with pytest.raises(TypeError, match="must be a winfax.FaxHandle"):
        winfax.aevents(object())
    server.close()
    with pytest.raises(ValueError, match="closed fax handle"):
        server.aevents()
    with pytest.raises(ValueError, match="closed fax handle"):
        winfax.aevents(server)


def test_aevents_never_blocks_the_loop(sim, server):
    async def main():
        ticks = 0
        stop = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.005)

        tick_task = asyncio.create_task(ticker())
        async with server.aevents() as events:
            reader = asyncio.create_task(events.__anext__())
            await asyncio.sleep(0.3)  # the reader waits for events all along
            waiting_ticks = ticks
            sim.post_event(EventId.RINGING, DEVICE)
            event = await asyncio.wait_for(reader, HANG)
        stop.set()
        await tick_task
        return waiting_ticks, event

    waiting_ticks, event = asyncio.run(main())
    assert waiting_ticks >= 10  # a blocked loop would have ticked once
    assert event.event_id is EventId.RINGING


def test_a_cancelled_step_loses_nothing(sim, server):
    async def main():
        events = server.aevents()
        step = asyncio.create_task(events.__anext__())
        await asyncio.sleep(0)  # let it start waiting
        wait_parked(sim, "the worker parked in the wait")
        step.cancel()
        with pytest.raises(asyncio.CancelledError):
            await step
        sim.post_event(EventId.RINGING, DEVICE, 1)  # the worker in flight takes it
        got = await asyncio.wait_for(events.__anext__(), HANG)
        await events.aclose()
        return got

    assert asyncio.run(main()).job_id == 1


def test_aclose_and_loop_shutdown_are_prompt(sim, server):
    async def reader(events):
        return [e async for e in events]

    async def main():
        events = server.aevents()
        task = asyncio.create_task(reader(events))
        await asyncio.sleep(0)
        wait_parked(sim, "the worker parked in the wait")
        start = time.monotonic()
        await events.aclose()
        assert await asyncio.wait_for(task, HANG) == []
        # Left running: asyncio.run cancels it and waits for the executor.
        asyncio.create_task(reader(server.aevents()))
        await asyncio.sleep(0.05)
        return time.monotonic() - start

    start = time.monotonic()
    elapsed = asyncio.run(main())
    assert elapsed < HANG and time.monotonic() - start < HANG
    counts(sim, waiters=HUB)


def test_two_tasks_sharing_an_async_iterator_split_the_events(sim, server):
    async def main():
        events = server.aevents()

        async def take(n):
            return [(await events.__anext__()).job_id for _ in range(n)]

        readers = [asyncio.create_task(take(50)) for _ in range(2)]
        await asyncio.sleep(0)
        for n in range(100):
            sim.post_event(EventId.RINGING, DEVICE, n)
        got = await asyncio.wait_for(asyncio.gather(*readers), HANG)
        await events.aclose()
        return got

    a, b = asyncio.run(main())
    assert sorted(a + b) == list(range(100))  # each event once


def test_one_reader_at_a_time_across_both_forms(sim, server):
    async def main():
        async with server.aevents(timeout=0) as first:
            with pytest.raises(RuntimeError, match="keep iterating the first one"):
                server.events()
            assert [e async for e in first] == []
        with server.events():
            with pytest.raises(RuntimeError, match="keep iterating the first one"):
                server.aevents()

    asyncio.run(main())
    assert sim.calls("FaxInitializeEventQueue") == 1


def test_a_failed_registration_raises_from_aevents(sim, server):
    sim.fail_next("FaxInitializeEventQueue", 8)
    with pytest.raises(OSError) as info:
        server.aevents()
    assert info.value.winerror == 8
    counts(sim, ports=HUB)


def test_aevents_under_load(sim, server, tmp_path):
    jobs, pages = 1000, 2
    doc = str(write_tiff(tmp_path / "load.tif", pages=pages))
    for n in range(7):
        sim.add_port(f"Modem {n + 2}", 0x2)

    async def main():
        seen = {}
        other = []
        deleted = 0
        done = asyncio.Event()

        async def consume(events):
            nonlocal deleted
            async for e in events:
                if e.job_id == NO_JOB:
                    other.append(e)
                    continue
                seen.setdefault(e.job_id, []).append(e.event_id)
                if e.event_id is EventId.DELETED:
                    deleted += 1
                    if deleted == jobs:
                        done.set()

        events = server.aevents()  # attached from here: nothing is missed
        consumer = asyncio.create_task(consume(events))
        ids = [server.send_document(doc, PARAMS) for _ in range(jobs)]
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sim.run_queue)
        await asyncio.wait_for(done.wait(), HANG)
        await events.aclose()
        await consumer
        return ids, seen, other

    ids, seen, other = asyncio.run(main())
    expected = [EventId.JOB_QUEUED, EventId.DIALING, *[EventId.SENDING] * pages,
                EventId.COMPLETED, EventId.DELETED]
    assert sorted(seen) == sorted(ids)
    bad = {job: got for job, got in seen.items() if got != expected}
    assert bad == {}, f"{len(bad)} jobs out of order or with events lost or doubled"
    assert all(e.event_id is EventId.IDLE for e in other) and len(other) == jobs
    server.close()
    counts(sim, events=0)


# ---- leaks ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_leak_over_100k_events(sim, server):
    batch = 10_000

    def loop(rounds):
        stream = server.events(timeout=0)
        for _ in range(rounds):
            for n in range(batch):
                sim.post_event(EventId.RINGING, DEVICE, n)
            count = 0
            for event in stream:
                count += 1
                if count == batch:
                    break
            assert count == batch
        stream.close()
        counts(sim, events=0)

    assert blocks_grown(loop, 10, 200) < 200  # 100,000 events
    counts(sim, events=0)


@pytest.mark.slow
def test_no_leak_over_handle_and_queue_cycles(sim):
    def loop(n):
        for _ in range(n):
            with winfax.connect() as server:
                stream = server.events(timeout=0)
                sim.post_event(EventId.RINGING, DEVICE)
                sim.post_event(EventId.IDLE, DEVICE)  # left unread: freed on close
                next(stream)

    assert blocks_grown(loop, 5_000, 200) < 200
    assert sim.open_handles() == 0
    counts(sim, ports=HUB, events=0)


# ---- types -------------------------------------------------------------------------------


def test_typed_use_passes_mypy_strict(tmp_path):
    pytest.importorskip("mypy", reason="mypy is a test dependency: pip install -e '.[test]'")
    from test_typing import mypy_strict

    script = tmp_path / "events_script.py"
    script.write_text(
        "import asyncio\n"
        "import datetime\n"
        "import winfax\n\n\n"
        "def watch(server: winfax.FaxHandle) -> list[int]:\n"
        "    seen: list[int] = []\n"
        "    with server.events(timeout=1.0) as stream:\n"
        "        for event in stream:\n"
        "            kind: winfax.EventId | int = event.event_id\n"
        "            when: datetime.datetime | None = event.timestamp\n"
        "            seen.append(event.job_id)\n"
        "            print(kind, when, stream.closed)\n"
        "    return seen\n\n\n"
        "async def awatch(server: winfax.FaxHandle) -> list[winfax.Event]:\n"
        "    got: list[winfax.Event] = []\n"
        "    async with server.aevents(timeout=0.5) as events:\n"
        "        async for event in events:\n"
        "            got.append(event)\n"
        "    async for event in winfax.aevents(server, None):\n"
        "        got.append(event)\n"
        "    return got\n\n\n"
        "with winfax.connect() as s:\n"
        "    print(watch(s), asyncio.run(awatch(s)))\n"
    )
    proc = mypy_strict(script, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
