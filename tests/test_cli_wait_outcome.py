"""`winfax send --wait` / `winfax job --wait` take their verdict from the
job's outcome (FaxHandle.wait, from the service's events), and the wait
line says why a job does not move when the service knows."""

import json
import subprocess
import time

import pyproc
from conftest import needs_simulator
from test_cli import (DEVICE, NUMBER, cli_env, one_line_error, run, run_json, state,  # noqa: F401
                      tiff, winfax_cmd)

pytestmark = needs_simulator


def test_a_sent_job_is_reported_from_its_events(state, tiff):
    doc = run_json(state, "send", tiff, NUMBER, "--wait", "--interval", "0.01")
    # "completed" stays the JSON word for a sent job; the verdict came from
    # the service's events, not from the job leaving the queue.
    assert doc["result"] == "completed"
    assert doc["source"] == "events"
    assert doc["job"]["page_count"] == 2


def test_a_job_already_queued_is_followed_by_its_events(state, tiff):
    job_id = run_json(state, "send", tiff, NUMBER)["job_id"]
    doc = run_json(state, "job", str(job_id), "--wait", "--interval", "0.01")
    assert (doc["result"], doc["source"]) == ("completed", "events")


def test_a_job_that_fails_for_good_is_failed(state, tiff):
    job_id = run_json(state, "send", tiff, NUMBER)["job_id"]
    run(state, "simulator", "advance", "1")   # the job is on the line
    run(state, "simulator", "fail", str(job_id))
    proc = subprocess.run(winfax_cmd("job", str(job_id), "--wait", "--json",
                                     "--interval", "0.01"),
                          capture_output=True, text=True, env=cli_env(state), timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["result"] == "failed"
    one_line_error(proc.stderr, f"job {job_id}")


def test_the_wait_line_says_the_only_device_is_offline(state):
    run(state, "simulator", "port-state", DEVICE, "offline")
    out, err = run(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.05",
                   "--timeout", "0.3", expect=1)
    assert f"job 1: waiting for a free line: fax device {DEVICE} is offline" in out
    one_line_error(err, "gave up waiting", f"fax device {DEVICE} is offline")


def test_the_wait_line_says_no_device_may_send(state):
    run(state, "port", DEVICE, "--no-send")
    out, err = run(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.05",
                   "--timeout", "0.3", expect=1)
    assert "no fax device is set to send" in out
    one_line_error(err, "gave up waiting", "no fax device is set to send")


def test_the_wait_line_says_the_server_queue_is_paused(state):
    run(state, "config", "pause_server_queue=yes")
    out, _ = run(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.05",
                 "--timeout", "0.3", expect=1)
    assert "job 1: waits: the server's queue is paused" in out


def test_the_wait_line_says_the_job_waits_for_its_time(state):
    out, _ = run(state, "send", "--sample", NUMBER, "--at", "2099-01-02T03:04:00+00:00",
                 "--wait", "--interval", "0.05", "--timeout", "0.3", expect=1)
    line = [x for x in out.splitlines() if x.startswith("job 1: ")][0]
    assert "waits for 2099-01-0" in line and "(scheduled)" in line


class Port:
    def __init__(self, device_id, state, flags):
        self.device_id, self.state, self.flags = device_id, state, flags


def test_device_reason_reads_send_flags_and_states():
    from winfax import PortFlags, PortState
    from winfax.cli import describe
    up = Port(1, PortState.AVAILABLE, PortFlags.SEND)
    down = Port(2, PortState.OFFLINE, PortFlags.SEND | PortFlags.RECEIVE)
    busy = Port(3, PortState.UNAVAILABLE, PortFlags.SEND)
    receive_only = Port(4, PortState.AVAILABLE, PortFlags.RECEIVE)
    assert describe.device_reason(None) is None            # could not be read
    assert describe.device_reason([up, down]) is None       # one can send
    assert describe.device_reason([receive_only]) == "no fax device is set to send"
    assert describe.device_reason([down, receive_only]) == "fax device 2 is offline"
    assert describe.device_reason([down, busy]) == "every fax device that sends is offline"


def test_send_sets_the_job_param_fields_that_had_no_option(state, tiff):
    doc = run_json(state, "send", tiff, NUMBER, "--billing-code", "B-42", "--company", "Acme",
                   "--department", "Sales", "--tsid", "+1 555 0199")
    job = doc["job"]
    assert (job["billing_code"], job["sender_company"], job["sender_dept"], job["tsid"]) == (
        "B-42", "Acme", "Sales", "+1 555 0199")


# ---- broadcast -------------------------------------------------------------

def test_several_numbers_make_a_broadcast_followed_to_the_end(state, tiff):
    doc = run_json(state, "send", tiff, "555 0101", "555 0102", "--wait", "--interval", "0.01")
    assert len(doc["job_ids"]) == 2
    assert [r["result"] for r in doc["results"]] == ["completed", "completed"]
    assert [r["job"]["recipient_number"] for r in doc["results"]] == ["555 0101", "555 0102"]
    assert run_json(state, "jobs") == []


def test_a_recipients_csv_names_each_recipient(state, tiff, tmp_path):
    csv_file = tmp_path / "to.csv"
    csv_file.write_text("number,name\n555 0101,Ann\n555 0102,Bob\n", encoding="utf-8")
    doc = run_json(state, "send", tiff, "--recipients-csv", str(csv_file))
    jobs = {j["job_id"]: j for j in run_json(state, "jobs")}
    assert sorted(jobs) == sorted(doc["job_ids"])
    assert sorted((j["recipient_number"], j["recipient_name"]) for j in jobs.values()) == [
        ("555 0101", "Ann"), ("555 0102", "Bob")]


def test_bad_recipients_are_refused_before_anything_is_sent(state, tiff, tmp_path):
    csv_file = tmp_path / "to.csv"
    csv_file.write_text("phone\n555 0101\n", encoding="utf-8")
    _, err = run(state, "send", tiff, "--recipients-csv", str(csv_file), expect=2)
    one_line_error(err, "`number` column")
    _, err = run(state, "send", tiff, "555 0101", "555 0102", "--name", "Ann", expect=2)
    one_line_error(err, "--name names one recipient")
    assert run_json(state, "jobs") == []


def test_jobs_and_job_say_the_device_is_offline(state, tiff):
    run(state, "simulator", "port-state", DEVICE, "offline")
    job_id = run_json(state, "send", tiff, NUMBER)["job_id"]
    run(state, "simulator", "advance", "1")   # it looks for a line
    out, _ = run(state, "jobs")
    assert f"fax device {DEVICE} is offline" in out
    out, _ = run(state, "job", str(job_id))
    assert f"fax device {DEVICE} is offline" in out


# ---- a fax coming in -----------------------------------------------------------

def test_job_wait_follows_a_fax_being_received(state, tiff):
    """`job --wait` on a receive job: its outcome is "received" once routed,
    exit status 0, although each step is a session of its own that saw only
    part of the call."""
    run(state, "port", DEVICE, "--receive")
    run(state, "simulator", "receive", DEVICE, tiff)
    out, _ = run(state, "job", "1", "--wait")
    assert out.splitlines()[-1] == "job 1 received: 2 pages, routed"  # the tiff fixture's
    run(state, "simulator", "receive", DEVICE, tiff)
    doc = run_json(state, "job", "2", "--wait")
    assert (doc["result"], doc["source"], doc["job"]["job_type"]) == (
        "received", "events", "RECEIVE")
    run(state, "simulator", "receive", DEVICE, tiff)
    run(state, "simulator", "advance", "2")
    run(state, "cancel", "3")
    _, err = run(state, "job", "3", "--wait", expect=1)
    one_line_error(err, "job 3 was cancelled")


# In one session of its own, as `winfax simulator run --forever` in another
# terminal would: the queue is let go and run to its end before the waiting
# command looks again, so that command never sees the job on a line and
# gets none of its events.
OTHER_PROCESS = """\
import sys
import winfax, winfax.simulator as sim
with sim.persistent(sys.argv[1]):
    with winfax.connect() as server:
        if sys.argv[2] == "cancel":
            server.set_job(int(sys.argv[3]), winfax.JobCommand.DELETE)
        config = server.configuration()
        server.set_configuration(config.replace(pause_server_queue=False))
    sim.run_queue()
"""


def _wait_while_another_process_ends_it(state, what):
    run(state, "config", "pause_server_queue=yes")
    waiter = subprocess.Popen(winfax_cmd("send", "--sample", NUMBER, "--wait", "--json",
                                         "--interval", "2"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(state), stdin=subprocess.DEVNULL)
    try:
        # Queued (the server queue holds it); whether the waiter has looked
        # once or not yet, it has not seen the job on a line.
        deadline = time.monotonic() + 60
        while not run_json(state, "jobs"):
            assert time.monotonic() < deadline and waiter.poll() is None
            time.sleep(0.05)
        other = subprocess.run(pyproc.python("-c", OTHER_PROCESS, str(state), what, "1"),
                               capture_output=True, text=True, env=cli_env(state), timeout=60)
        assert other.returncode == 0, other.stderr
        out, err = waiter.communicate(timeout=60)
    finally:
        if waiter.poll() is None:
            waiter.kill()
            waiter.communicate()
    return waiter.returncode, json.loads(out), err


def test_a_job_sent_by_another_process_is_reported_sent(state):
    status, doc, err = _wait_while_another_process_ends_it(state, "send")
    assert status == 0, err
    assert (doc["result"], doc["source"]) == ("completed", "simulator")
    assert doc["job_id"] == 1


def test_a_job_cancelled_by_another_process_is_reported_cancelled(state):
    status, doc, err = _wait_while_another_process_ends_it(state, "cancel")
    assert status == 1
    assert (doc["result"], doc["source"]) == ("cancelled", "simulator")
    one_line_error(err, "job 1 was cancelled")


def test_job_says_how_a_job_that_left_the_queue_ended(state):
    run(state, "send", "--sample", NUMBER)
    run(state, "send", "--sample", NUMBER)
    run(state, "cancel", "2")
    run(state, "simulator", "run")
    _, err = run(state, "job", "1", expect=1)
    one_line_error(err, "job 1 is not in the fax queue any more: it was sent (3 pages)")
    _, err = run(state, "restart", "2", expect=1)
    one_line_error(err, "job 2 is not in the fax queue any more: it was cancelled")
    _, err = run(state, "job", "3", expect=1)
    one_line_error(err, "job 3 is not in the fax queue: jobs leave it")
