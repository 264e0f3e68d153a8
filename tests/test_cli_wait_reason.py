"""`winfax jobs` and `winfax job` say why a job that has not started waits:
its scheduled time, the discount period (UTC, from the configuration), or a
paused server queue."""

import datetime

import pytest

from conftest import needs_simulator
from test_cli import NUMBER, run, run_json, state, tiff  # noqa: F401 (fixtures)
from winfax import ScheduleAction
from winfax.cli import describe

pytestmark = needs_simulator

UTC = datetime.timezone.utc


def state_line(out, job_id):
    for line in out.splitlines()[1:]:
        if line.split()[0] == str(job_id):
            return line
    raise AssertionError(f"no job {job_id} in {out!r}")


def test_jobs_shows_the_discount_period_a_job_waits_for(state, tiff):
    run(state, "config", "start_cheap_time=22:30", "stop_cheap_time=06:15")
    job_id = run_json(state, "send", tiff, NUMBER, "--discount")["job_id"]
    out, _ = run(state, "jobs")
    assert "waits for the discount period 22:30-06:15 UTC" in state_line(out, job_id)
    out, _ = run(state, "job", str(job_id))
    assert "  state          waits for the discount period 22:30-06:15 UTC" in out
    # The JSON keeps its one-word state.
    assert run_json(state, "job", str(job_id))["state"] == "scheduled"


def test_jobs_shows_the_time_a_job_waits_for(state, tiff):
    job_id = run_json(state, "send", tiff, NUMBER, "--at", "2099-01-02T03:04:00+00:00")["job_id"]
    line = state_line(run(state, "jobs")[0], job_id)
    assert "waits for " in line and "(scheduled)" in line
    # The row shows the job's time (in whatever zone the CLI writes times).
    assert "2099-01-0" in line


def test_a_paused_server_queue_is_the_reason_a_job_waits(state, tiff):
    run(state, "config", "pause_server_queue=yes")
    now = run_json(state, "send", tiff, NUMBER)["job_id"]
    later = run_json(state, "send", tiff, NUMBER, "--discount")["job_id"]
    out, _ = run(state, "jobs")
    for job_id in (now, later):
        assert "waits: the server's queue is paused" in state_line(out, job_id)
    run(state, "config", "pause_server_queue=no")
    out, _ = run(state, "jobs")
    assert state_line(out, now).split()[1] == "pending"


class Entry:
    """Just what describe reads of a JobEntry."""

    def __init__(self, action, when=None):
        self.queue_status = 0
        self.status = 0
        self.schedule_action = action
        self.schedule_time = when
        self.page_count = 1


class Config:
    def __init__(self, start, stop, paused=False):
        self.start_cheap_time = start
        self.stop_cheap_time = stop
        self.pause_server_queue = paused


@pytest.mark.parametrize("config, text", [
    (Config(datetime.time(22, 0), datetime.time(6, 0)),
     "waits for the discount period 22:00-06:00 UTC"),
    (Config(datetime.time(22, 0, tzinfo=UTC), datetime.time(6, 0, tzinfo=UTC)),
     "waits for the discount period 22:00-06:00 UTC"),
    # The configuration could not be read (no FAX_CONFIG_QUERY): still a reason.
    (None, "waits for the discount period"),
])
def test_the_discount_reason_with_and_without_the_configuration(config, text):
    assert describe.job_state(Entry(ScheduleAction.DISCOUNT_PERIOD), config=config) == text


def test_a_job_sent_now_has_no_reason_but_its_turn():
    assert describe.job_state(Entry(ScheduleAction.NOW)) == "pending"
    assert describe.wait_reason(Entry(ScheduleAction.NOW)) is None
