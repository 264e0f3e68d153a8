"""The simulator's clock: winfax.simulator.set_clock() and clock()
(faxsim_set_clock / faxsim_get_clock, WINFAX_SIM_CLOCK, WINFAX_SIM_DIAL_MS,
WINFAX_SIM_PAGE_MS).

With the real-time clock the service moves jobs itself, on a thread of its
own; these tests never call advance() while it runs.  They assert what
happens and in which order, never how long it took: stage times are short
(QUICK) where a job must get through, and an hour (LONG) where it must not
move, so a loaded machine can only make a test slower, never make it fail.
Waits are bounded by HANG, which only a hang reaches."""

import json
import math
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from pyproc import env, python
from winfax import EventId, JobCommand, JobParam, PortState, QueueStatus

pytestmark = needs_simulator

PAGES = 3
DEVICE = 0x10001
PARAMS = JobParam(recipient_number="+1 555 0100")
QUICK = 0.02  # seconds per stage: a 3-page job goes through at once
LONG = 3600.0  # a stage no test outlives
HANG = 60.0  # seconds: only ever reached if something hangs
CHILD_HANG = 20.0  # the same, for a forked child (a failure costs one of these)
QUIET = 0.5  # how long "nothing happens by itself" is watched
# The platform's default mode (src/faxsim/sim_clock.c): nothing but the
# simulator would move the queue of a Windows program.
DEFAULT_MODE = "realtime" if sys.platform == "win32" else "manual"


@pytest.fixture(autouse=True)
def manual_afterwards(sim):
    """Every test leaves the clock manual with its times as they were.
    conftest switches to manual before each test, not after, and keeps the
    times; this teardown runs before conftest's reset."""
    _, dial, page = sim.clock()
    yield
    sim.set_clock("manual", dial=dial, page=page)


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=PAGES))


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        drain(s)  # registers the event queue before the test sends anything
        yield s


def drain(server, timeout=0.0):
    """Events queued now, and any that follow within `timeout` seconds of
    the last one, in arrival order."""
    with server.events(timeout=timeout) as stream:
        return list(stream)


def follow(server, job_id, until=EventId.DELETED, into=None):
    """The event ids of job `job_id` up to and including `until`; later
    events stay queued.  `into`, a list, also gets every event taken."""
    seen = []
    with server.events(timeout=HANG) as stream:
        for event in stream:
            if into is not None:
                into.append(event)
            if event.job_id == job_id:
                seen.append(event.event_id)
                if event.event_id == until:
                    return seen
    raise AssertionError(f"job {job_id}: no {until.name} for {HANG} s; saw {seen}")


def through(pages=PAGES):
    """What a send job reports from dialing until it leaves the queue."""
    return [EventId.DIALING, *[EventId.SENDING] * pages, EventId.COMPLETED, EventId.DELETED]


# ---- set_clock() and clock() ---------------------------------------------------


def test_clock_reports_what_set_clock_set(sim):
    sim.set_clock("realtime", dial=0.25, page=0.125)
    assert sim.clock() == ("realtime", 0.25, 0.125)
    sim.set_clock("manual")  # times left out are kept
    assert sim.clock() == ("manual", 0.25, 0.125)
    sim.set_clock("manual", page=2)
    assert sim.clock() == ("manual", 0.25, 2.0)
    sim.set_clock("manual", dial=0, page=0)
    assert sim.clock() == ("manual", 0.0, 0.0)
    most = (2**32 - 1) / 1000  # the largest number of milliseconds
    sim.set_clock("manual", dial=most, page=most)
    assert sim.clock() == ("manual", most, most)


def test_reset_leaves_the_clock_alone(sim):
    sim.set_clock("realtime", dial=LONG, page=1.5)
    sim.reset()
    assert sim.clock() == ("realtime", LONG, 1.5)


@pytest.mark.parametrize("mode", ["auto", "", "MANUAL", "real time", None, 0, 1])
def test_an_unknown_mode_is_a_value_error_naming_mode(sim, mode):
    before = sim.clock()
    with pytest.raises(ValueError, match="mode"):
        sim.set_clock(mode, dial=1, page=1)
    assert sim.clock() == before


@pytest.mark.parametrize(
    "argument, value, error",
    [
        ("dial", "1", TypeError),
        ("dial", b"1", TypeError),
        ("page", True, TypeError),  # a bool is not a number of seconds
        ("page", [1], TypeError),
        ("dial", 1j, TypeError),
        ("dial", -0.001, ValueError),
        ("page", -1, ValueError),
        ("page", math.nan, ValueError),
        ("dial", math.inf, ValueError),
        ("page", 2**32 / 1000, ValueError),  # one millisecond too many
    ],
)
def test_a_bad_time_names_its_argument_and_changes_nothing(sim, argument, value, error):
    before = sim.clock()
    with pytest.raises(error, match=argument):
        sim.set_clock("realtime", **{argument: value})
    assert sim.clock() == before  # not even the mode


# ---- the manual clock ------------------------------------------------------------


def test_with_the_manual_clock_nothing_moves_by_itself(sim, server, tiff):
    sim.set_clock("manual", dial=0, page=0)  # instant, if anything ran them
    job_id = server.send_document(tiff, PARAMS)
    assert [e.event_id for e in drain(server, timeout=QUIET)] == [EventId.JOB_QUEUED]
    job = server.get_job(job_id)
    assert job.queue_status == QueueStatus.PENDING
    assert sim.job_count() == 1
    sim.advance()  # the test's step is the only one
    assert [e.event_id for e in drain(server)] == [EventId.DIALING]
    assert server.get_job(job_id).status == PortState.DIALING


# ---- the real-time clock ------------------------------------------------------------


def test_real_time_runs_a_job_through_in_order(sim, server, tiff):
    sim.set_clock("realtime", dial=QUICK, page=QUICK)
    job_id = server.send_document(tiff, PARAMS)
    assert follow(server, job_id) == [EventId.JOB_QUEUED, *through()]
    assert sim.job_count() == 0
    assert server.jobs() == []


def test_switching_to_real_time_starts_a_waiting_job(sim, server, tiff):
    job_id = server.send_document(tiff, PARAMS)  # manual: it waits
    assert [e.event_id for e in drain(server, timeout=QUIET)] == [EventId.JOB_QUEUED]
    sim.set_clock("realtime", dial=QUICK, page=QUICK)
    assert follow(server, job_id) == through()


def test_jobs_on_one_line_take_turns(sim, server, tiff):
    sim.set_clock("realtime", dial=QUICK, page=QUICK)
    first = server.send_document(tiff, PARAMS)
    second = server.send_document(tiff, PARAMS)
    events = []
    follow(server, second, into=events)
    for job_id in first, second:
        ids = [e.event_id for e in events if e.job_id == job_id]
        assert ids == [EventId.JOB_QUEUED, *through()]
    order = [(e.job_id, e.event_id) for e in events]
    # One device: the second job dials once the first is done with it.
    assert order.index((first, EventId.COMPLETED)) < order.index((second, EventId.DIALING))


def test_a_waiting_job_takes_a_free_line_and_a_cancelled_one_leaves(sim, server, tiff):
    second_device = sim.add_port("Second line", 0x2)
    sim.set_clock("realtime", dial=LONG, page=LONG)
    jobs = [server.send_document(tiff, PARAMS) for _ in range(2)]
    lines = {}
    for job_id in jobs:  # both dial at once, each on a line of its own
        follow(server, job_id, until=EventId.DIALING)
        lines[job_id] = server.get_job(job_id).status
    assert set(lines.values()) == {PortState.DIALING}
    assert {p.device_id for p in server.ports() if p.state == PortState.DIALING} == {
        DEVICE,
        second_device,
    }
    for job_id in jobs:  # cancelled on its line: gone without waiting an hour
        server.set_job(job_id, JobCommand.DELETE)
    for job_id in jobs:
        assert follow(server, job_id)[-1] == EventId.DELETED
    assert sim.job_count() == 0


def test_switching_to_manual_stops_a_running_job(sim, server, tmp_path):
    pages = 100  # 5 s of pages: far more than it takes to switch
    doc = str(write_tiff(tmp_path / "long.tif", pages=pages, height=1))
    sim.set_clock("realtime", dial=0, page=0.05)
    job_id = server.send_document(doc, PARAMS)
    follow(server, job_id, until=EventId.DIALING)
    sim.set_clock("manual")
    # Once set_clock returns nothing moves, not even a pass in progress.
    so_far = [e.event_id for e in drain(server) if e.job_id == job_id]
    assert so_far.count(EventId.SENDING) < pages, "the job ended before the switch"
    assert drain(server, timeout=QUIET) == []
    assert sim.job_count() == 1
    sim.run_queue()  # the rest, by hand: every page once, in order
    rest = [e.event_id for e in drain(server) if e.job_id == job_id]
    assert so_far + rest == through(pages)[1:]


def test_a_restarted_job_dials_for_the_whole_dial_time(sim, server, tiff):
    # A job that redials on the line of its last attempt must not inherit
    # that attempt's deadline (long past here): it dials for the new LONG.
    sim.set_clock("realtime", dial=0.1, page=LONG)
    job_id = server.send_document(tiff, PARAMS)
    follow(server, job_id, until=EventId.DIALING)
    sim.set_clock("manual")
    sim.fail_job(job_id, "fatal")
    time.sleep(0.3)  # the old attempt's dial time is over
    sim.set_clock("realtime", dial=LONG)
    server.set_job(job_id, JobCommand.RESTART)
    assert follow(server, job_id, until=EventId.DIALING)[-1] == EventId.DIALING
    assert [e.event_id for e in drain(server, timeout=QUIET) if e.job_id == job_id] == []
    assert server.get_job(job_id).status == PortState.DIALING


# ---- the service's thread ------------------------------------------------------------


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    class _THREADENTRY32(ctypes.Structure):
        _fields_ = [("dwSize", wintypes.DWORD), ("cntUsage", wintypes.DWORD),
                    ("th32ThreadID", wintypes.DWORD), ("th32OwnerProcessID", wintypes.DWORD),
                    ("tpBasePri", wintypes.LONG), ("tpDeltaPri", wintypes.LONG),
                    ("dwFlags", wintypes.DWORD)]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.CreateToolhelp32Snapshot.restype = wintypes.HANDLE
    _kernel32.CreateToolhelp32Snapshot.argtypes = (wintypes.DWORD, wintypes.DWORD)
    _kernel32.Thread32First.argtypes = (wintypes.HANDLE, ctypes.POINTER(_THREADENTRY32))
    _kernel32.Thread32Next.argtypes = (wintypes.HANDLE, ctypes.POINTER(_THREADENTRY32))
    _kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    _TH32CS_SNAPTHREAD = 0x4

    def threads():
        """This process's thread ids (a Toolhelp snapshot of all threads)."""
        snapshot = _kernel32.CreateToolhelp32Snapshot(_TH32CS_SNAPTHREAD, 0)
        entry = _THREADENTRY32()
        entry.dwSize = ctypes.sizeof(entry)
        ids = set()
        more = _kernel32.Thread32First(snapshot, ctypes.byref(entry))
        while more:
            if entry.th32OwnerProcessID == os.getpid():
                ids.add(entry.th32ThreadID)
            more = _kernel32.Thread32Next(snapshot, ctypes.byref(entry))
        _kernel32.CloseHandle(snapshot)
        return ids

    CAN_LIST_THREADS = True
else:
    def threads():
        """This process's thread ids."""
        return set(os.listdir("/proc/self/task"))

    CAN_LIST_THREADS = os.path.isdir("/proc/self/task")


@pytest.mark.skipif(not CAN_LIST_THREADS, reason="lists threads in /proc (Linux) or with Toolhelp (Windows)")
def test_the_clock_thread_ends_when_manual_or_idle(sim, server, tiff):
    # Thread ids, not counts: a clock thread of an earlier test may still be
    # on its way out of /proc when this one starts.
    def gone(tids, what):
        deadline = time.monotonic() + HANG
        while tids & threads():
            assert time.monotonic() < deadline, f"{what}: threads {tids & threads()} remain"
            time.sleep(0.01)

    before = threads()
    sim.set_clock("realtime", dial=LONG, page=LONG)
    dialing = server.send_document(tiff, PARAMS)
    follow(server, dialing, until=EventId.DIALING)
    clock_thread = threads() - before  # busy for an hour: it is there
    assert clock_thread
    sim.set_clock("manual")
    gone(clock_thread, "manual did not end the clock's thread")
    server.set_job(dialing, JobCommand.DELETE)
    sim.run_queue()
    drain(server)
    sim.set_clock("realtime", dial=QUICK, page=QUICK)
    follow(server, server.send_document(tiff, PARAMS))
    # Idle for two seconds, the thread ends; the next job starts another.
    gone(threads() - before, "an idle clock kept its thread")
    assert follow(server, server.send_document(tiff, PARAMS)) == [EventId.JOB_QUEUED, *through()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_while_the_clock_thread_runs(sim, tmp_path):
    # The clock thread holds the service lock for each pass over the queue;
    # a child forked meanwhile must still get it unlocked.  Kept busy: 20
    # lines sending many-page jobs with zero stage times, refilled before
    # each fork.  Without the fix about half the children hung.
    doc = str(write_tiff(tmp_path / "many.tif", pages=2000, width=8, height=1))
    for n in range(19):
        sim.add_port(f"Line {n + 2}", 0x2)
    hung = False
    with winfax.connect() as server, warnings.catch_warnings():
        # 3.12+ warns that forking a process with threads may deadlock:
        # that is what this test checks for.
        warnings.simplefilter("ignore", DeprecationWarning)
        sim.set_clock("realtime", dial=0, page=0)
        for _ in range(20):
            while sim.job_count() < 20:
                server.send_document(doc, PARAMS)
            pid = os.fork()
            if pid == 0:  # child: one call into the service, then out
                code = 1
                try:
                    sim.job_count()
                    code = 0
                finally:
                    os._exit(code)
            # A child's one call takes microseconds; CHILD_HANG is only ever
            # reached by a child that will never return.
            deadline = time.monotonic() + CHILD_HANG
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    hung = True
                    break
                time.sleep(0.001)
            if hung:
                break
        sim.set_clock("manual")
    assert not hung, f"a child forked while the clock ran hung in its first call ({CHILD_HANG} s)"


# ---- defaults from the environment, in a fresh process ----------------------------------

RUN_A_JOB = """
import json, sys
import winfax
from winfax import simulator, JobParam
out = {"file": winfax.__file__, "clock": simulator.clock(), "events": []}
if len(sys.argv) > 1 and out["clock"][0] == "realtime":
    # Nothing here moves the queue: the clock's own thread must.
    with winfax.connect() as server:
        with server.events(timeout=0) as stream:
            list(stream)
        job_id = server.send_document(sys.argv[1], JobParam(recipient_number="1"))
        with server.events(timeout={hang}) as stream:
            for event in stream:
                if event.job_id == job_id:
                    out["events"].append(event.event_id.name)
                    if event.event_id.name == "DELETED":
                        break
print(json.dumps(out))
"""


def run_fresh(tmp_path, *args, script=RUN_A_JOB, **variables):
    """Runs `script` in a new process that imports this winfax, with the
    clock's variables set as given (None: unset); returns its JSON."""
    unset = {"WINFAX_SIM_CLOCK": None, "WINFAX_SIM_DIAL_MS": None, "WINFAX_SIM_PAGE_MS": None}
    proc = subprocess.run(
        python("-c", script.replace("{hang}", str(HANG)), *args),
        env=env(**{**unset, **variables}),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG * 2,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert os.path.samefile(out["file"], winfax.__file__), "the subprocess imported another winfax"
    return out


def test_the_environment_sets_mode_and_times(tmp_path, tiff):
    out = run_fresh(
        tmp_path,
        tiff,
        WINFAX_SIM_CLOCK="realtime",
        WINFAX_SIM_DIAL_MS="20",
        WINFAX_SIM_PAGE_MS="10",
    )
    assert out["clock"] == ["realtime", 0.02, 0.01]
    assert out["events"] == [e.name for e in [EventId.JOB_QUEUED, *through()]]


def test_without_the_environment_the_defaults_apply(tmp_path):
    assert run_fresh(tmp_path, WINFAX_SIM_CLOCK="manual")["clock"] == ["manual", 2.0, 1.0]
    assert run_fresh(tmp_path)["clock"][0] == DEFAULT_MODE


def test_the_extremes_are_accepted(tmp_path):
    out = run_fresh(
        tmp_path,
        WINFAX_SIM_CLOCK="manual",
        WINFAX_SIM_DIAL_MS="0",
        WINFAX_SIM_PAGE_MS="4294967295",
    )
    assert out["clock"] == ["manual", 0.0, 4294967.295]


@pytest.mark.parametrize(
    "mode, ms",
    [
        ("Manual", "-5"),
        ("realtime ", "4294967296"),  # one past 32 bits
        ("", " 7"),
        ("1", "7ms"),
        ("on", "+7"),
        ("realtime\n", "0x10"),
        ("REALTIME", ""),
    ],
)
def test_values_that_are_not_plain_are_ignored(tmp_path, mode, ms):
    out = run_fresh(tmp_path, WINFAX_SIM_CLOCK=mode, WINFAX_SIM_DIAL_MS=ms, WINFAX_SIM_PAGE_MS=ms)
    assert out["clock"] == [DEFAULT_MODE, 2.0, 1.0]


READ_ONCE = """
import json, os
from winfax import simulator
os.environ["WINFAX_SIM_DIAL_MS"] = "123"   # before the clock is first used
first = simulator.clock()
os.environ["WINFAX_SIM_DIAL_MS"] = "456"   # after: too late
simulator.reset()
second = simulator.clock()
simulator.set_clock("manual", dial=0.5)    # set_clock still changes it
import winfax
print(json.dumps({"file": winfax.__file__, "clock": [first, second, simulator.clock()]}))
"""


def test_the_environment_is_read_once_when_the_clock_is_first_used(tmp_path):
    out = run_fresh(tmp_path, script=READ_ONCE, WINFAX_SIM_CLOCK="manual")
    assert out["clock"] == [["manual", 0.123, 1.0], ["manual", 0.123, 1.0], ["manual", 0.5, 1.0]]
