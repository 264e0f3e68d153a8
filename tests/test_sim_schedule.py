"""Scheduled jobs wait for their time on the simulated service's clock.

FAX_JOB_PARAM.ScheduleAction: JSA_SPECIFIC_TIME sends at ScheduleTime, a
SYSTEMTIME "expressed in UTC"; JSA_DISCOUNT_PERIOD sends in the discount
period, FAX_CONFIGURATION.StartCheapTime..StopCheapTime, FAX_TIME values that
are UTC as well.  Until then the job waits in the queue as JS_PENDING.

Every datetime given to the binding here is aware and UTC, so these tests mean
the same whatever the machine's zone is; the last one runs a few schedules in
subprocesses under other TZ settings, to show the service itself never reads
the machine's zone (the suite itself usually runs in UTC, where it could).
"""

import datetime
import json
import subprocess
import time

import pytest

import pyproc
import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import JobCommand, JobParam, PortState, QueueStatus, ScheduleAction

UTC = datetime.timezone.utc
T0 = datetime.datetime(2031, 5, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        yield s


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=2))


def at(when):
    return JobParam(recipient_number="555", schedule_action=ScheduleAction.SPECIFIC_TIME,
                    schedule_time=when)


DISCOUNT = JobParam(recipient_number="555", schedule_action=ScheduleAction.DISCOUNT_PERIOD)


def set_discount(server, start, stop):
    config = server.configuration()
    server.set_configuration(config.replace(
        start_cheap_time=datetime.time(*start, tzinfo=UTC),
        stop_cheap_time=datetime.time(*stop, tzinfo=UTC)))


def waits(server, job_id):
    job = server.get_job(job_id)
    return job.queue_status == QueueStatus.PENDING and job.status == 0


def dialing(server, job_id):
    job = server.get_job(job_id)
    return bool(job.queue_status & QueueStatus.INPROGRESS) and job.status == PortState.DIALING


# ---- the clock itself ------------------------------------------------------------

def test_the_clock_follows_the_system_until_set(sim):
    before = datetime.datetime.now(UTC)
    now = sim.time()
    assert now.tzinfo is not None and now.utcoffset() == datetime.timedelta(0)
    assert before - datetime.timedelta(seconds=1) <= now <= datetime.datetime.now(UTC)


def test_a_set_clock_stands_still_in_manual_mode(sim):
    sim.set_time(T0)
    time.sleep(0.02)
    assert sim.time() == T0
    # Any zone: the service keeps the instant, in UTC.
    berlin = datetime.timezone(datetime.timedelta(hours=2))
    sim.set_time(datetime.datetime(2031, 5, 6, 14, 0, tzinfo=berlin))
    assert sim.time() == T0 and sim.time().tzinfo is not None
    sim.set_time(None)
    assert abs(sim.time() - datetime.datetime.now(UTC)) < datetime.timedelta(seconds=5)


def test_a_set_clock_runs_on_in_realtime_mode(sim):
    sim.set_time(T0)
    sim.set_clock("realtime", dial=60, page=60)
    try:
        time.sleep(0.05)
        later = sim.time()
    finally:
        sim.set_clock("manual")
    assert T0 + datetime.timedelta(milliseconds=40) <= later < T0 + datetime.timedelta(seconds=30)
    # Back to manual, it stands still again where it had got to.
    stopped = sim.time()
    time.sleep(0.02)
    assert sim.time() == stopped >= later


def test_set_time_wants_an_aware_datetime(sim):
    with pytest.raises(ValueError, match="aware"):
        sim.set_time(datetime.datetime(2031, 5, 6, 12, 0))
    with pytest.raises(TypeError):
        sim.set_time("2031-05-06T12:00Z")
    with pytest.raises(TypeError):
        sim.set_time(datetime.date(2031, 5, 6))


def test_jobs_and_events_are_stamped_with_the_service_clock(sim, server, tiff):
    sim.set_time(T0)
    with server.events(timeout=5) as events:
        server.send_document(tiff, JobParam(recipient_number="555"))
        stamp = next(e for e in events if e.event_id == winfax.EventId.JOB_QUEUED).timestamp
    # astimezone reads a naive datetime as local time, an aware one as it
    # says: either way the instant must be the service's T0.
    assert stamp.astimezone(UTC) == T0


# ---- JSA_SPECIFIC_TIME -------------------------------------------------------------

def test_a_job_waits_for_its_specific_time(sim, server, tiff):
    sim.set_time(T0)
    job_id = server.send_document(tiff, at(T0 + datetime.timedelta(hours=1)))
    assert sim.advance(5) == 0          # nothing can move: the queue is dry
    assert waits(server, job_id)
    sim.set_time(T0 + datetime.timedelta(minutes=59, seconds=59))
    sim.advance()
    assert waits(server, job_id)
    sim.set_time(T0 + datetime.timedelta(hours=1))
    assert sim.advance() == 1
    assert dialing(server, job_id)
    sim.run_queue()
    assert sim.job_count() == 0


def test_a_time_already_past_sends_at_once(sim, server, tiff):
    sim.set_time(T0)
    job_id = server.send_document(tiff, at(T0 - datetime.timedelta(days=400)))
    sim.advance()
    assert dialing(server, job_id)


def test_a_waiting_job_does_not_hold_up_the_others(sim, server, tiff):
    sim.set_time(T0)
    later = server.send_document(tiff, at(T0 + datetime.timedelta(days=1)))
    now = server.send_document(tiff, JobParam(recipient_number="556"))
    sim.advance()
    assert waits(server, later) and dialing(server, now)
    # ... and it takes no line, so it is not "no line" either.
    sim.run_queue()
    assert [j.job_id for j in server.jobs()] == [later] and waits(server, later)


def test_the_date_counts_not_only_the_time_of_day(sim, server, tiff):
    sim.set_time(T0)
    job_id = server.send_document(tiff, at(T0 + datetime.timedelta(days=1, minutes=-1)))
    sim.set_time(T0 + datetime.timedelta(hours=23, minutes=58))
    sim.advance()
    assert waits(server, job_id)
    sim.set_time(T0 + datetime.timedelta(hours=23, minutes=59))
    sim.advance()
    assert dialing(server, job_id)


def test_pause_and_resume_of_a_scheduled_job(sim, server, tiff):
    sim.set_time(T0)
    job_id = server.send_document(tiff, at(T0 + datetime.timedelta(hours=1)))
    server.set_job(job_id, JobCommand.PAUSE)
    assert server.get_job(job_id).queue_status == QueueStatus.PAUSED
    # Resumed before its time, it goes back to waiting for it.
    server.set_job(job_id, JobCommand.RESUME)
    sim.advance()
    assert waits(server, job_id)
    # Paused when its time comes, it stays paused until resumed.
    server.set_job(job_id, JobCommand.PAUSE)
    sim.set_time(T0 + datetime.timedelta(hours=2))
    assert sim.advance() == 0
    assert server.get_job(job_id).queue_status == QueueStatus.PAUSED
    server.set_job(job_id, JobCommand.RESUME)
    sim.advance()
    assert dialing(server, job_id)


def test_cancelling_a_scheduled_job_removes_it_at_once(sim, server, tiff):
    sim.set_time(T0)
    job_id = server.send_document(tiff, at(T0 + datetime.timedelta(hours=1)))
    server.abort(job_id)
    assert sim.job_count() == 0


# ---- JSA_DISCOUNT_PERIOD -----------------------------------------------------------

@pytest.mark.parametrize("clock, sends", [
    ((21, 59, 59), False),
    ((22, 0, 0), True),      # the period includes its start
    ((23, 30, 0), True),
    ((0, 0, 0), True),       # past midnight
    ((5, 59, 59), True),
    ((6, 0, 0), False),      # and excludes its end
    ((12, 0, 0), False),
])
def test_the_discount_period_may_run_past_midnight(sim, server, tiff, clock, sends):
    set_discount(server, (22, 0), (6, 0))
    sim.set_time(datetime.datetime(2031, 5, 6, *clock, tzinfo=UTC))
    job_id = server.send_document(tiff, DISCOUNT)
    assert sim.advance() == (1 if sends else 0)
    assert dialing(server, job_id) is sends
    assert waits(server, job_id) is not sends


@pytest.mark.parametrize("clock, sends", [
    ((11, 59), False), ((12, 0), True), ((13, 59), True), ((14, 0), False), ((23, 0), False),
])
def test_a_discount_period_within_one_day(sim, server, tiff, clock, sends):
    set_discount(server, (12, 0), (14, 0))
    sim.set_time(datetime.datetime(2031, 5, 6, *clock, tzinfo=UTC))
    job_id = server.send_document(tiff, DISCOUNT)
    sim.advance()
    assert dialing(server, job_id) is sends


def test_a_discount_period_that_ends_where_it_starts_is_the_whole_day(sim, server, tiff):
    set_discount(server, (8, 0), (8, 0))
    sim.set_time(datetime.datetime(2031, 5, 6, 3, 0, tzinfo=UTC))
    job_id = server.send_document(tiff, DISCOUNT)
    sim.advance()
    assert dialing(server, job_id)


def test_the_discount_period_is_read_when_the_job_may_start(sim, server, tiff):
    set_discount(server, (22, 0), (6, 0))
    sim.set_time(T0)                                  # 12:00 UTC: outside
    job_id = server.send_document(tiff, DISCOUNT)
    sim.advance()
    assert waits(server, job_id)
    set_discount(server, (11, 0), (13, 0))            # now inside
    sim.advance()
    assert dialing(server, job_id)


def test_a_restarted_discount_job_waits_for_the_period_again(sim, server, tiff):
    set_discount(server, (22, 0), (6, 0))
    sim.set_time(datetime.datetime(2031, 5, 6, 23, 0, tzinfo=UTC))
    job_id = server.send_document(tiff, DISCOUNT)
    sim.advance()
    sim.fail_job(job_id, "fatal")
    assert server.get_job(job_id).queue_status & QueueStatus.FAILED
    sim.set_time(datetime.datetime(2031, 5, 7, 7, 0, tzinfo=UTC))   # the period is over
    server.set_job(job_id, JobCommand.RESTART)
    sim.advance()
    assert waits(server, job_id)
    sim.set_time(datetime.datetime(2031, 5, 7, 22, 0, tzinfo=UTC))
    sim.advance()
    assert dialing(server, job_id)


# ---- real time -----------------------------------------------------------------------

def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_the_realtime_service_starts_a_job_when_its_time_comes(sim, server, tiff):
    sim.set_time(T0)
    sim.set_clock("realtime", dial=60, page=60)
    try:
        job_id = server.send_document(tiff, at(T0 + datetime.timedelta(hours=1)))
        time.sleep(0.3)
        assert waits(server, job_id)
        # The service's own thread notices the clock move.
        sim.set_time(T0 + datetime.timedelta(hours=1))
        assert wait_for(lambda: dialing(server, job_id))
    finally:
        sim.set_clock("manual")


def test_the_realtime_service_wakes_for_a_time_a_moment_ahead(sim, server, tiff):
    sim.set_clock("realtime", dial=60, page=60)
    try:
        soon = sim.time() + datetime.timedelta(seconds=1.5)
        job_id = server.send_document(tiff, at(soon))
        assert waits(server, job_id)
        assert wait_for(lambda: dialing(server, job_id))
        assert sim.time() >= soon
    finally:
        sim.set_clock("manual")


# ---- the machine's zone plays no part ----------------------------------------------

ZONE_SCRIPT = r"""
import datetime as dt, json
from pathlib import Path
import winfax
from winfax import simulator as sim

UTC = dt.timezone.utc
sim.set_clock("manual")
sim.reset()
tiff = str(Path(winfax.__file__).parent / "samples" / "hello.tif")
out = {}
discount = winfax.JobParam(recipient_number="555",
                           schedule_action=winfax.ScheduleAction.DISCOUNT_PERIOD)
# 20:00 UTC is outside 22:00-06:00 UTC (01:30 the next day in Kolkata,
# 16:00 in New York); 03:00 UTC is inside (08:30 and 23:00 local).
for label, hour in (("discount_20_utc", 20), ("discount_03_utc", 3)):
    sim.reset()
    with winfax.connect() as server:
        server.set_configuration(server.configuration().replace(
            start_cheap_time=dt.time(22, 0, tzinfo=UTC), stop_cheap_time=dt.time(6, 0, tzinfo=UTC)))
        sim.set_time(dt.datetime(2031, 5, 6, hour, 0, tzinfo=UTC))
        server.send_document(tiff, discount)
        out[label] = sim.advance()
# A specific time an hour ahead in UTC waits, and goes when it comes.
sim.reset()
t0 = dt.datetime(2031, 5, 6, 12, 0, tzinfo=UTC)
with winfax.connect() as server:
    sim.set_time(t0)
    server.send_document(tiff, winfax.JobParam(
        recipient_number="555", schedule_action=winfax.ScheduleAction.SPECIFIC_TIME,
        schedule_time=t0 + dt.timedelta(hours=1)))
    out["an_hour_early"] = sim.advance()
    sim.set_time(t0 + dt.timedelta(minutes=59))
    out["a_minute_early"] = sim.advance()
    sim.set_time(t0 + dt.timedelta(hours=1))
    out["on_time"] = sim.advance()
sim.set_time(None)
print(json.dumps(out))
"""


@needs_simulator
@pytest.mark.parametrize("tz", ["IST-5:30", "EST5EDT,M3.2.0,M11.1.0"])
def test_schedules_are_kept_in_utc_whatever_the_machines_zone(tz):
    # Both schedules are UTC by their pages; a service that read either
    # through the machine's zone would send the first discount job (20:00
    # UTC is inside the period in Kolkata's local time) or hold the second,
    # and would start the specific-time job off by the zone's offset.
    proc = subprocess.run(pyproc.python("-c", ZONE_SCRIPT), capture_output=True, text=True,
                          timeout=120, env=pyproc.env(TZ=tz, FAXSIM_EXIT_REPORT=None),
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    # sim.advance() returns how many jobs it moved: 1 once a job dials.
    assert seen == {"discount_20_utc": 0, "discount_03_utc": 1,
                    "an_hour_early": 0, "a_minute_early": 0, "on_time": 1}
