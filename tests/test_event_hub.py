"""One registration for fax events per process and service session.

Microsoft's page on receiving fax events: a client calls
FaxInitializeEventQueue once per service session (FEI_FAXSVC_STARTED to
FEI_FAXSVC_ENDED); a second call succeeds on Windows XP and later and the
service then sends every event twice.  FaxClose's page: a client goes on
receiving events after it closed the handle it registered with.  The
simulator does both (sim_events.c), so these tests hold the binding to them:
every handle shares the process's one registration, closing handles never
piles registrations up, a restart is survived, and nothing leaks."""

import os
import sys
import threading
import time

import pytest

import winfax
from conftest import needs_simulator
from test_events import DEVICE, HANG, HUB, NO_JOB, counts, pending, wait_until
from win_handles import handle_counter
from winfax import EventId

pytestmark = needs_simulator


@pytest.fixture(scope="module", autouse=True)
def hub():
    # As in test_events: the hub's own port exists before anything counts.
    from conftest import ON_SIMULATOR

    if ON_SIMULATOR:
        with winfax.connect() as server:
            server.events(timeout=0).close()


def ids(events):
    return [(e.event_id, e.job_id) for e in events]


def rss_bytes():
    """Resident memory where /proc tells it, else None.  None under
    AddressSanitizer too: its quarantine holds freed memory on purpose."""
    if "ASAN_OPTIONS" in os.environ:
        return None
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


class Poster:
    """Posts RINGING events numbered 0, 1, 2, ... from a thread of its own,
    as a busy service would, and remembers which ones the service actually
    queued to a registration (faxsim_post_event says how many it reached)."""

    def __init__(self, sim, pause=0.0002, keep=True):
        self.sim = sim
        self.pause = pause
        self.keep = keep  # a leak check keeps nothing that grows
        self.queued = []
        self.posted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self):
        n = 0
        while not self._stop.is_set():
            if self.sim.post_event(EventId.RINGING, DEVICE, n) and self.keep:
                self.queued.append(n)
            n += 1
            self.posted = n
            time.sleep(self.pause)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(HANG)


# ---- one registration, shared -------------------------------------------------------


def test_two_handles_each_see_every_event_exactly_once(sim):
    with winfax.connect() as a, winfax.connect() as b:
        sa, sb = a.events(timeout=0), b.events(timeout=0)
        # The service queues each event once, to the process's registration.
        assert sim.event_queues() == 1
        assert sim.calls("FaxInitializeEventQueue") == 1
        for n in range(100):
            assert sim.post_event(EventId.RINGING, DEVICE, n) == 1
        want = [(EventId.RINGING, n) for n in range(100)]
        assert ids(sa) == want
        assert ids(sb) == want
    counts(sim, ports=HUB, events=0)


def test_two_threads_reading_two_handles_while_the_service_posts(sim):
    got = {"a": [], "b": []}
    with winfax.connect() as a, winfax.connect() as b:
        streams = {"a": a.events(timeout=HANG), "b": b.events(timeout=HANG)}

        def read(name):
            for event in streams[name]:
                if event.event_id is EventId.IDLE:
                    return
                got[name].append(event.job_id)

        readers = [threading.Thread(target=read, args=(name,)) for name in got]
        for r in readers:
            r.start()
        with Poster(sim) as poster:
            wait_until(lambda: len(poster.queued) >= 2_000, "2,000 events posted")
        sim.post_event(EventId.IDLE, DEVICE)
        for r in readers:
            r.join(HANG)
        assert got["a"] == poster.queued == got["b"]
    counts(sim, ports=HUB, events=0)


def test_closing_the_handle_that_registered_stops_no_other_reader(sim):
    first = winfax.connect()
    first.events(timeout=0).close()  # the registration is made with this handle
    with winfax.connect() as second:
        stream = second.events(timeout=0)
        first.close()
        assert sim.calls("FaxInitializeEventQueue") == 1 and sim.event_queues() == 1
        sim.post_event(EventId.RINGING, DEVICE, 7)
        assert ids(stream) == [(EventId.RINGING, 7)]
        # A new connection after the first one closed registers nothing more.
        with winfax.connect() as third:
            assert third.events(timeout=0).closed is False
            assert sim.calls("FaxInitializeEventQueue") == 1
    counts(sim, ports=HUB, events=0)


def test_reconnecting_never_adds_a_registration(sim):
    for n in range(50):
        with winfax.connect() as server:
            stream = server.events(timeout=0)
            assert sim.post_event(EventId.RINGING, DEVICE, n) == 1
            assert ids(stream) == [(EventId.RINGING, n)]
    assert sim.event_queues() == 1 and sim.calls("FaxInitializeEventQueue") == 1
    counts(sim, ports=HUB, events=0)


def test_an_event_posted_just_before_a_zero_timeout_read_is_seen(sim):
    # The hub hands events over from its own thread; a read that finds
    # nothing asks it to flush before saying so.
    with winfax.connect() as server:
        server.events(timeout=0).close()
        for n in range(300):
            sim.post_event(EventId.RINGING, DEVICE, n)
            assert ids(pending(server)) == [(EventId.RINGING, n)]


# ---- a service restart -------------------------------------------------------------


def test_a_restart_mid_stream_loses_no_event_after_faxsvc_started(sim):
    server = winfax.connect()
    stream = server.events(timeout=HANG)
    got = []
    started = threading.Event()

    def read():
        for event in stream:
            got.append(event)
            if event.event_id is EventId.FAXSVC_STARTED:
                started.set()
            if event.event_id is EventId.IDLE:
                return

    reader = threading.Thread(target=read)
    reader.start()
    with Poster(sim) as poster:
        wait_until(lambda: len(poster.queued) >= 200, "events before the restart")
        sim.restart()
        assert started.wait(HANG), "the hub never registered again"
        wait_until(lambda: len(poster.queued) >= 400, "events after the restart")
    sim.post_event(EventId.IDLE, DEVICE)
    reader.join(HANG)
    assert not reader.is_alive()

    kinds = [e.event_id for e in got]
    assert kinds.count(EventId.FAXSVC_ENDED) == 1 and kinds.count(EventId.FAXSVC_STARTED) == 1
    end, start = kinds.index(EventId.FAXSVC_ENDED), kinds.index(EventId.FAXSVC_STARTED)
    assert end < start
    before = [e.job_id for e in got[:end]]
    after = [e.job_id for e in got[start + 1:-1]]
    # Every event the service queued reached the reader exactly once and in
    # order: the old session's before FAXSVC_ENDED, the new one's after
    # FAXSVC_STARTED.  (What the service posted while nobody was registered
    # it queued to no one: post_event said 0, and those are not in `queued`.)
    assert before + after == poster.queued
    assert before and after
    assert got[end + 1:start] == []
    assert sim.event_queues() == 1
    # The hub's own connection (made to register again) is closed.
    wait_until(lambda: sim.open_handles() == 0, "the hub's connection closed")
    stream.close()
    server.detach()  # the restarted service does not know the old handle
    counts(sim, ports=HUB, events=0)


def test_the_first_registration_is_no_news_to_its_reader(sim):
    # FEI_FAXSVC_STARTED is what a reader that lived through a restart hears;
    # a new reader starts with the events that follow its events().
    with winfax.connect() as server:
        stream = server.events(timeout=0)
        sim.post_event(EventId.RINGING, DEVICE, 1)
        assert ids(stream) == [(EventId.RINGING, 1)]


def test_a_reset_ends_the_session_as_a_restart_does(sim):
    with winfax.connect() as server:
        stream = server.events(timeout=0)
        assert sim.event_queues() == 1
    sim.reset()  # a fresh service: the registration ends with FEI_FAXSVC_ENDED
    assert sim.event_queues() == 0
    del stream
    with winfax.connect() as server:
        stream = server.events(timeout=0)  # registers in the new session
        assert sim.event_queues() == 1 and sim.calls("FaxInitializeEventQueue") == 1
        sim.post_event(EventId.RINGING, DEVICE, 3)
        assert ids(stream) == [(EventId.RINGING, 3)]
    counts(sim, ports=HUB, events=0)


# ---- failures ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [8, 5])
def test_a_failed_registration_leaves_no_port_open(sim, code):
    with winfax.connect() as server:
        sim.fail_next("FaxInitializeEventQueue", code)
        with pytest.raises(OSError) as info:
            server.events()
        assert info.value.winerror == code
        if code == 5:
            assert type(info.value) is PermissionError
        assert sim.event_queues() == 0
        # Only the hub's own port: the handle's was closed on the way out.
        counts(sim, ports=HUB, events=0)
        with server.events(timeout=0):
            assert sim.event_queues() == 1
    counts(sim, ports=HUB, events=0)


@pytest.mark.skipif(sys.platform != "win32",
                    reason="off Windows the simulator counts the ports: the tests above and below")
def test_on_windows_neither_a_failure_nor_a_closed_handle_keeps_a_port_open(sim):
    # On Windows the ports are the kernel's, which the simulator cannot
    # count: the process's handle count shows one left open instead (once
    # per failed events(), or once per handle that read events, as winfax
    # did before the hub, keeping drained ports open on purpose).
    count = handle_counter()
    if count is None:
        pytest.skip("this system gives no handle count that sees completion ports")

    def fail():
        sim.fail_next("FaxInitializeEventQueue", 8)
        with winfax.connect() as server:
            with pytest.raises(OSError):
                server.events()

    def read(n):
        with winfax.connect() as server:
            stream = server.events(timeout=HANG)
            sim.post_event(EventId.RINGING, DEVICE, n)
            assert ids([next(stream)]) == [(EventId.RINGING, n)]

    def grown(step):
        step(0)  # warm up: the hub's port and thread, caches
        before = count()
        for n in range(40):
            step(n)
        return count() - before

    # One port per attempt would be 40 handles; the margin is for whatever
    # else the process opens meanwhile.
    assert grown(lambda n: fail()) < 10
    assert grown(read) < 10


# ---- leaks -------------------------------------------------------------------------


# Under Wine every completion-port call is a round trip to wineserver, so
# the Windows run makes fewer cycles to stay within the suite's time.
CYCLES = 10_000 if sys.platform != "win32" else 2_000


@pytest.mark.slow
def test_10k_connect_read_close_cycles_while_the_service_posts(sim):
    def cycles(n):
        for _ in range(n):
            with winfax.connect() as server:
                stream = server.events(timeout=HANG)
                next(stream)  # the poster's next event

    with Poster(sim, pause=0.00005, keep=False) as poster:
        cycles(500)  # warm up: free lists, caches, the hub's thread
        counts(sim, ports=HUB)
        blocks, rss = sys.getallocatedblocks(), rss_bytes()
        cycles(CYCLES)
        grown_blocks = sys.getallocatedblocks() - blocks
        rss_after = rss_bytes()
        assert sim.event_queues() == 1
        assert poster.posted > CYCLES
    assert sim.calls("FaxInitializeEventQueue") == 1
    assert grown_blocks < 300
    if rss is not None:
        assert rss_after - rss < 8 * 1024 * 1024
    # Every event of every cycle was given back, and every port closed.
    counts(sim, ports=HUB, events=0)
    assert sim.open_handles() == 0


# ---- fork --------------------------------------------------------------------------


def wait_child(pid):
    """The child's exit code; fails (and kills it) if it hangs."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("the forked child hung")


# The hub's thread makes the process multi-threaded, which CPython 3.12+
# reports at every fork(); what matters here is that the child works.
fork_test = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
quiet_fork = pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")


@fork_test
@quiet_fork
def test_a_forked_child_gets_a_hub_of_its_own(sim):
    with winfax.connect() as server:
        server.events(timeout=0).close()  # the parent's hub is running
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                from winfax import simulator

                with winfax.connect() as own:
                    stream = own.events(timeout=5)
                    simulator.post_event(EventId.RINGING, DEVICE, 9)
                    event = next(stream)
                    code = 0 if (event.event_id, event.job_id) == (EventId.RINGING, 9) else 3
            except BaseException:
                code = 2
            finally:
                os._exit(code)
        assert wait_child(pid) == 0
        # The parent's events go on.
        stream = server.events(timeout=0)
        sim.post_event(EventId.IDLE, DEVICE)
        assert ids(stream) == [(EventId.IDLE, NO_JOB)]


@fork_test
@quiet_fork
def test_forking_while_the_hub_is_busy_leaves_the_child_working(sim):
    # The hub's thread takes the port lock for every packet; a child forked
    # at that moment must not inherit it held.
    def child():
        code = 1
        try:
            from winfax import simulator

            with winfax.connect() as own:
                stream = own.events(timeout=5)
                simulator.post_event(EventId.IDLE, DEVICE)
                code = 0 if any(e.event_id is EventId.IDLE for e in stream) else 3
        except BaseException:
            code = 2
        finally:
            os._exit(code)

    with winfax.connect() as server:
        server.events(timeout=0)  # the hub hands every event to this queue
        with Poster(sim, pause=0):
            for _ in range(20):
                pid = os.fork()
                if pid == 0:
                    child()
                assert wait_child(pid) == 0
