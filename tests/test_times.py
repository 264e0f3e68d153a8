"""Time zones of the API's time fields, as Microsoft's pages state them.

* FAX_JOB_PARAMW / FAX_JOB_ENTRYW ScheduleTime: "The time specified must be
  expressed in UTC."
* FAX_TIME (the discount period of FAX_CONFIGURATIONW): "The time is
  expressed in Coordinated Universal Time (UTC)."
* FILETIME (FAX_EVENTW TimeStamp, FAX_DEVICE_STATUSW times): ticks since
  1601-01-01 UTC.

The zone checks run in subprocesses under several TZ settings (POSIX
strings, so no tzdata is needed), because a binding that mixes local time
and UTC up passes every test on a machine set to UTC.  The simulator reads
back the SYSTEMTIME it received, so a conversion that is wrong the same way
in both directions cannot hide.
"""

import datetime
import json
import subprocess
import sys
import warnings

import pytest

import pyproc
import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import EventId, ScheduleAction

pytestmark = needs_simulator

UTC = datetime.timezone.utc
NUMBER = "+1 555 0100"

# TZ -> the UTC offset in hours on 2031-01-15 and on 2031-07-01, written out
# here rather than asked of Python, so the expectations below are checked
# against the calendar, not against the conversion under test.
ZONES = {
    "UTC0": (0, 0),
    "EST5EDT,M3.2.0,M11.1.0": (-5, -4),          # New York
    "IST-5:30": (5.5, 5.5),                       # Kolkata, no DST
    "NZST-12NZDT,M9.5.0,M4.1.0/3": (13, 12),      # Auckland, DST in January
}

# Naive local noon on each day, as the SYSTEMTIME (year, month, day of week
# with Sunday 0, day, hour, minute, second, ms) the service must receive.
NAIVE_NOON_AS_UTC = {
    "UTC0": ((2031, 1, 3, 15, 12, 0, 0, 0), (2031, 7, 2, 1, 12, 0, 0, 0)),
    "EST5EDT,M3.2.0,M11.1.0": ((2031, 1, 3, 15, 17, 0, 0, 0), (2031, 7, 2, 1, 16, 0, 0, 0)),
    "IST-5:30": ((2031, 1, 3, 15, 6, 30, 0, 0), (2031, 7, 2, 1, 6, 30, 0, 0)),
    "NZST-12NZDT,M9.5.0,M4.1.0/3": ((2031, 1, 2, 14, 23, 0, 0, 0), (2031, 7, 2, 1, 0, 0, 0, 0)),
}

SCRIPT = r"""
import datetime as dt, json
from pathlib import Path
import winfax
from winfax import simulator as sim

UTC = dt.timezone.utc
sim.set_clock("manual")
sim.reset()
tiff = str(Path(winfax.__file__).parent / "samples" / "hello.tif")
out = {"offsets": [dt.datetime(2031, 1, 15, 12).astimezone().utcoffset().total_seconds() / 3600,
                   dt.datetime(2031, 7, 1, 12).astimezone().utcoffset().total_seconds() / 3600]}
inputs = {
    "aware_utc": dt.datetime(2031, 1, 15, 9, 30, 15, 250000, tzinfo=UTC),
    "aware_minus_4": dt.datetime(2031, 7, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
    "naive_jan": dt.datetime(2031, 1, 15, 12, 0),
    "naive_jul": dt.datetime(2031, 7, 1, 12, 0),
}
with winfax.connect() as server:
    for label, when in inputs.items():
        params = winfax.JobParam(recipient_number="1", schedule_time=when,
                                 schedule_action=winfax.ScheduleAction.SPECIFIC_TIME)
        job_id = server.send_document(tiff, params)
        back = server.get_job(job_id).schedule_time
        listed = [j.schedule_time for j in server.jobs() if j.job_id == job_id][0]
        out[label] = {
            "received": list(sim.job_schedule_time(job_id)),
            "back": back.isoformat(),
            "back_is_utc": back.tzinfo is UTC and listed.tzinfo is UTC,
            "same_instant": back == when.astimezone(UTC) and listed == back,
        }
    config = server.configuration()
    server.set_configuration(config.replace(
        start_cheap_time=dt.time(21, 30), stop_cheap_time=dt.time(6, 15, tzinfo=UTC)))
    config = server.configuration()
    out["discount"] = [config.start_cheap_time.isoformat(), config.stop_cheap_time.isoformat(),
                       config.start_cheap_time.tzinfo is UTC and config.stop_cheap_time.tzinfo is UTC]
    try:
        server.set_configuration(config.replace(
            start_cheap_time=dt.time(21, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))))
        out["discount_other_zone"] = "accepted"
    except ValueError as error:
        out["discount_other_zone"] = str(error)
    with server.events(timeout=0) as stream:
        sim.post_event(winfax.EventId.IDLE, 0)
        stamp = next(iter(stream)).timestamp
    out["event"] = [stamp.tzinfo is UTC,
                    abs((stamp - dt.datetime.now(UTC)).total_seconds())]
# CoverPageInfo.time_sent, the one local field, as FaxPrintCoverPageW got it.
sent = {"sent_naive": dt.datetime(2031, 1, 15, 9, 30),
        "sent_aware_jan": dt.datetime(2031, 1, 15, 12, 0, tzinfo=UTC),
        "sent_aware_jul": dt.datetime(2031, 7, 1, 12, 0, tzinfo=UTC)}
job = winfax.start_print_job(None, winfax.PrintInfo(recipient_number="1"))
try:
    for label, when in sent.items():
        winfax.print_cover_page(job.context, winfax.CoverPageInfo(
            use_server_cover_page=True, time_sent=when))
        out[label] = list(sim.last_cover_time_sent())
finally:
    try:
        job.abort()
    except OSError:
        # With the simulator as WinFax.dll, AbortDoc is gdi32's, which does
        # not know the simulator's device context (tests/test_print.py).
        if winfax.backend != "windows":
            raise
print(json.dumps(out))
"""


def run_in_zone(tz, *args):
    proc = subprocess.run(pyproc.python(*args), capture_output=True, text=True, timeout=120,
                          env=pyproc.env(TZ=tz, FAXSIM_EXIT_REPORT=None),
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (tz, proc.stdout, proc.stderr)
    return proc.stdout


def _zone_param(tz):
    # The Windows C runtime reads TZ as "name, offset, DST name" and applies
    # the United States' DST dates to every zone; a rule like ",M9.5.0,..."
    # is not read, so a southern-hemisphere zone cannot be set through TZ.
    if sys.platform == "win32" and "," in tz and not tz.startswith("EST5EDT"):
        return pytest.param(tz, marks=pytest.mark.skip(
            reason="the Windows C runtime's TZ takes no DST rules (it applies US dates)"))
    return tz


@pytest.fixture(scope="module", params=[_zone_param(tz) for tz in sorted(ZONES)])
def zone(request):
    tz = request.param
    return tz, json.loads(run_in_zone(tz, "-c", SCRIPT))


def test_the_zone_is_in_effect(zone):
    tz, seen = zone
    assert seen["offsets"] == list(ZONES[tz])


def test_an_aware_utc_schedule_reaches_the_service_as_utc_and_reads_back_the_same(zone):
    tz, seen = zone
    job = seen["aware_utc"]
    # 2031-01-15 was a Wednesday (3); milliseconds survive.
    assert job["received"] == [2031, 1, 3, 15, 9, 30, 15, 250]
    assert job["back"] == "2031-01-15T09:30:15.250000+00:00"
    assert job["back_is_utc"] and job["same_instant"]


def test_an_aware_schedule_in_another_zone_is_converted_to_utc(zone):
    tz, seen = zone
    job = seen["aware_minus_4"]
    assert job["received"] == [2031, 7, 2, 1, 16, 0, 0, 0]
    assert job["back"] == "2031-07-01T16:00:00+00:00"
    assert job["back_is_utc"] and job["same_instant"]


def test_a_naive_schedule_is_local_time(zone):
    # The documented rule: naive means local (Python's convention), and the
    # service gets that instant in UTC, on either side of a DST change.
    tz, seen = zone
    january, july = NAIVE_NOON_AS_UTC[tz]
    assert seen["naive_jan"]["received"] == list(january)
    assert seen["naive_jul"]["received"] == list(july)
    for label in ("naive_jan", "naive_jul"):
        assert seen[label]["back_is_utc"] and seen[label]["same_instant"], label


def test_the_discount_period_is_utc_in_every_zone(zone):
    tz, seen = zone
    assert seen["discount"] == ["21:30:00+00:00", "06:15:00+00:00", True]
    # A time in another zone has no date to convert with: refused, saying so.
    assert "UTC" in seen["discount_other_zone"]


# CoverPageInfo.time_sent as the SYSTEMTIME the service must receive in each
# zone: naive 2031-01-15 09:30 (local already), then 2031-01-15 12:00 UTC and
# 2031-07-01 12:00 UTC as local wall times.
TIME_SENT_AS_LOCAL = {
    "UTC0": ((2031, 1, 3, 15, 9, 30, 0, 0), (2031, 1, 3, 15, 12, 0, 0, 0),
             (2031, 7, 2, 1, 12, 0, 0, 0)),
    "EST5EDT,M3.2.0,M11.1.0": ((2031, 1, 3, 15, 9, 30, 0, 0), (2031, 1, 3, 15, 7, 0, 0, 0),
                               (2031, 7, 2, 1, 8, 0, 0, 0)),
    "IST-5:30": ((2031, 1, 3, 15, 9, 30, 0, 0), (2031, 1, 3, 15, 17, 30, 0, 0),
                 (2031, 7, 2, 1, 17, 30, 0, 0)),
    "NZST-12NZDT,M9.5.0,M4.1.0/3": ((2031, 1, 3, 15, 9, 30, 0, 0), (2031, 1, 4, 16, 1, 0, 0, 0),
                                    (2031, 7, 3, 2, 0, 0, 0, 0)),
}


def test_time_sent_reaches_the_service_as_local_time(zone):
    # FAX_COVERPAGE_INFOW.TimeSent: "The time is expressed in local system
    # time."  A naive datetime is local already and goes as it is; an aware
    # one is converted to the local wall time of its instant (DST included).
    tz, seen = zone
    naive, january, july = TIME_SENT_AS_LOCAL[tz]
    assert seen["sent_naive"] == list(naive)
    assert seen["sent_aware_jan"] == list(january)
    assert seen["sent_aware_jul"] == list(july)


def test_event_timestamps_are_utc_now(zone):
    tz, seen = zone
    is_utc, seconds_off = seen["event"]
    assert is_utc and seconds_off < 60


# ---- the command line: the user types local time -------------------------------


@pytest.mark.parametrize("tz", ["EST5EDT,M3.2.0,M11.1.0", "IST-5:30"])
def test_cli_at_takes_local_time_and_shows_local_time(tz, tmp_path):
    state = str(tmp_path / "state.bin")
    # Keep the subprocesses off the user's own simulator state.
    def winfax_cli(*args):
        return run_in_zone(tz, "-m", "winfax", "--state", state, *args)

    sent = json.loads(winfax_cli("send", "--sample", NUMBER, "--at", "2031-07-01T12:00", "--json"))
    job_id = sent["job_id"]
    expected_utc = {"EST5EDT,M3.2.0,M11.1.0": "2031-07-01T16:00:00+00:00",
                    "IST-5:30": "2031-07-01T06:30:00+00:00"}[tz]
    shown = sent["job"]["schedule_time"]
    assert datetime.datetime.fromisoformat(shown) == datetime.datetime.fromisoformat(expected_utc)
    # What the service holds is the UTC wall time, not the local one.
    received = json.loads(run_in_zone(tz, "-c", (
        "import json, sys; from winfax import simulator as s; s.load(sys.argv[1]); "
        "print(json.dumps(s.job_schedule_time(int(sys.argv[2]))))"), state, str(job_id)))
    hour, minute = (16, 0) if tz.startswith("EST") else (6, 30)
    assert received == [2031, 7, 2, 1, hour, minute, 0, 0]
    # JSON gives a UTC field with its +00:00.
    assert shown == expected_utc
    # Human output is local time again: what the user typed.
    assert "2031-07-01 12:00" in winfax_cli("job", str(job_id))


# ---- values no datetime can hold -----------------------------------------------------


@pytest.fixture
def tiff(tmp_path):
    return write_tiff(tmp_path / "fax.tif")


def scheduled(server, tiff, when):
    return server.send_document(tiff, winfax.JobParam(
        recipient_number=NUMBER, schedule_action=ScheduleAction.SPECIFIC_TIME,
        schedule_time=when))


BAD_SYSTEMTIMES = (
    (2031, 13, 0, 1, 0, 0, 0, 0),     # month 13
    (2031, 2, 0, 0, 0, 0, 0, 0),      # day 0
    (0, 1, 0, 1, 0, 0, 0, 0),         # year 0
    (2031, 2, 0, 29, 0, 0, 0, 0),     # 29 February of a common year
    (2031, 1, 0, 1, 24, 0, 0, 0),     # hour 24
)


def test_a_bad_schedule_time_does_not_hide_the_other_jobs(sim, server, tiff):
    good = datetime.datetime(2031, 1, 15, 9, 30, tzinfo=UTC)
    first = scheduled(server, tiff, good)
    bad_ids = [scheduled(server, tiff, good) for _ in BAD_SYSTEMTIMES]
    last = scheduled(server, tiff, good)
    for job_id, fields in zip(bad_ids, BAD_SYSTEMTIMES):
        sim.set_job_schedule_time(job_id, fields)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jobs = {j.job_id: j for j in server.jobs()}
    assert sorted(jobs) == sorted([first, *bad_ids, last])
    assert jobs[first].schedule_time == good and jobs[last].schedule_time == good
    assert all(jobs[j].schedule_time is None for j in bad_ids)
    # Every other field of a bad job is intact.
    assert all(jobs[j].recipient_number == NUMBER for j in bad_ids)
    # One warning per bad field, naming the field and giving the raw value.
    assert [w.category for w in caught] == [winfax.InvalidTimeWarning] * len(BAD_SYSTEMTIMES)
    assert all("JobEntry.schedule_time" in str(w.message) for w in caught)
    assert "month=13" in str(caught[0].message)
    # get_job reads the same way.
    with pytest.warns(winfax.InvalidTimeWarning, match="day=0"):
        assert server.get_job(bad_ids[1]).schedule_time is None
    # Whoever wants a bad value to fail says so with the warning filter.
    with warnings.catch_warnings():
        warnings.simplefilter("error", winfax.InvalidTimeWarning)
        with pytest.raises(winfax.InvalidTimeWarning):
            server.jobs()
    assert sim.outstanding_buffers() == 0


TICKS_PER_DAY = 864_000_000_000
DAYS_1601_TO_10000 = 3_067_671


def test_a_filetime_past_datetime_max_does_not_end_the_event_stream(sim, server):
    last_representable = DAYS_1601_TO_10000 * TICKS_PER_DAY - 1
    stamps = (2**63, last_representable + 1, 2**64 - 1, last_representable)
    with server.events(timeout=0) as stream:
        try:
            for stamp in stamps:
                sim.set_event_stamp(stamp)
                sim.post_event(EventId.IDLE, 0)
        finally:
            sim.set_event_stamp(None)
        sim.post_event(EventId.MODEM_POWERED_ON, 0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            events = list(stream)
    assert [e.event_id for e in events] == [EventId.IDLE] * 4 + [EventId.MODEM_POWERED_ON]
    assert [e.timestamp for e in events[:3]] == [None] * 3
    assert events[3].timestamp == datetime.datetime.max.replace(tzinfo=UTC)
    assert events[4].timestamp.tzinfo is UTC
    assert abs(events[4].timestamp - datetime.datetime.now(UTC)) < datetime.timedelta(minutes=1)
    assert [w.category for w in caught] == [winfax.InvalidTimeWarning] * 3
    assert all("Event.timestamp" in str(w.message) for w in caught)
    assert str(2**63) in str(caught[0].message)
    if sys.platform != "win32":   # kernel32 owns LocalFree there (NotImplementedError)
        assert sim.outstanding_events() == 0


def test_device_status_times_are_the_service_clock_in_utc(sim, server, tiff):
    # FAX_DEVICE_STATUS: StartTime and SubmittedTime are FILETIMEs, UTC
    # (FaxStatus.StartTime/SubmittedTime: "expressed in UTC").  Submitted
    # and started at two different service times, so neither field can
    # stand in for the other.
    submitted = datetime.datetime(2031, 1, 15, 9, 30, 15, 250000, tzinfo=UTC)
    started = datetime.datetime(2031, 1, 15, 11, 0, tzinfo=UTC)
    try:
        sim.set_time(submitted)
        server.send_document(tiff, winfax.JobParam(recipient_number=NUMBER))
        sim.set_time(started)
        sim.advance(2)      # dialing, then page 1: the device is busy with it
        device = server.ports()[0].device_id
        with server.open_port(device) as port:
            status = port.device_status()
    finally:
        sim.set_time(None)
    assert status.submitted_time == submitted and status.submitted_time.tzinfo is UTC
    assert status.start_time == started and status.start_time.tzinfo is UTC


# ---- the day of week is worked out, not asked of the object ------------------------


class OddWeekday(datetime.datetime):
    """A datetime whose weekday() answers something that is not an int."""

    def weekday(self):
        return "Wednesday"


def test_a_datetime_subclass_with_a_strange_weekday(sim, server, tiff):
    when = OddWeekday(2031, 1, 15, 9, 30, tzinfo=UTC)
    job_id = scheduled(server, tiff, when)
    # SYSTEMTIME's wDayOfWeek from the date itself: Wednesday is 3.
    assert sim.job_schedule_time(job_id) == (2031, 1, 3, 15, 9, 30, 0, 0)
    assert server.get_job(job_id).schedule_time == datetime.datetime(2031, 1, 15, 9, 30, tzinfo=UTC)


def test_day_of_week_over_the_calendar(sim, server, tiff):
    day = datetime.datetime(2031, 2, 25, 12, tzinfo=UTC)
    for offset in range(0, 370, 37):
        when = day + datetime.timedelta(days=offset)
        fields = sim.job_schedule_time(scheduled(server, tiff, when))
        assert fields[2] == (when.isoweekday() % 7), when


# ---- the discount period refuses what it cannot convert ----------------------------


def test_a_discount_time_in_another_zone_is_refused(sim, server):
    config = server.configuration()
    for tz in (datetime.timezone(datetime.timedelta(hours=-5)),
               datetime.timezone(datetime.timedelta(minutes=30))):
        with pytest.raises(ValueError, match="UTC"):
            server.set_configuration(config.replace(
                stop_cheap_time=datetime.time(7, 0, tzinfo=tz)))
    assert server.configuration() == config


# ---- the one local field: CoverPageInfo.time_sent ------------------------------------


def test_time_sent_is_converted_to_local_time_before_the_call(sim):
    # FAX_COVERPAGE_INFOW.TimeSent: "The time is expressed in local system
    # time."  The zone is checked above (test_time_sent_reaches_the_service_
    # as_local_time, under every TZ); here, a time that is no SYSTEMTIME
    # anywhere is refused before the service is called, while naive and
    # aware ones reach it (which then refuses the unknown device context).
    ctx = winfax.ContextInfo(hdc=0x1234, server_name="HOST")
    calls = sim.calls("FaxPrintCoverPageW")
    with pytest.raises(ValueError, match="CoverPageInfo.time_sent.*1601"):
        winfax.print_cover_page(ctx, winfax.CoverPageInfo(
            use_server_cover_page=True, time_sent=datetime.datetime(1500, 6, 1)))
    assert sim.calls("FaxPrintCoverPageW") == calls
    for when in (datetime.datetime(2031, 1, 15, 9, 30),
                 datetime.datetime(2031, 1, 15, 9, 30, tzinfo=datetime.timezone(
                     datetime.timedelta(hours=-3)))):
        with pytest.raises(OSError):
            winfax.print_cover_page(ctx, winfax.CoverPageInfo(
                use_server_cover_page=True, time_sent=when))
    assert sim.calls("FaxPrintCoverPageW") == calls + 2


def test_complete_job_params_leaves_time_sent_unset(sim):
    # "The fax server sets this member when it initiates the fax
    # transmission": not yet, so the all-zero SYSTEMTIME reads as None.
    params, cover = winfax.complete_job_params()
    assert cover.time_sent is None and params.schedule_time is None
