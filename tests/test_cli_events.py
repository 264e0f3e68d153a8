"""`winfax events`: the event stream, human and JSON (off Windows it plays
the simulated queue forward itself)."""

import json

import pytest

from conftest import needs_simulator
from test_cli import run

pytestmark = needs_simulator


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state.bin"


def test_events_follow_a_send_to_completion(state):
    out, _ = run(state, "send", "--sample", "+1 555 0100", "--json")
    job_id = json.loads(out)["job_id"]
    out, _ = run(state, "events", "--json", "--timeout", "0.3", "--interval", "0.01")
    events = [json.loads(line) for line in out.splitlines()]
    for_job = [e["event_id"] for e in events if e["job_id"] == job_id]
    assert for_job == ["DIALING", "SENDING", "SENDING", "SENDING", "COMPLETED", "DELETED"]
    assert {"event_id": "IDLE", "job_id": None} .items() <= events[-1].items()
    assert all(e["timestamp"].endswith("+00:00") for e in events)
    # the queue was played forward and saved
    assert json.loads(run(state, "jobs", "--json")[0]) == []


def test_events_human_output_and_idle_timeout(state):
    run(state, "send", "--sample", "123", "-q")
    out, _ = run(state, "events", "--timeout", "0.2", "--interval", "0.01")
    lines = out.splitlines()
    assert any("DIALING" in line and "job 1" in line for line in lines)
    assert "COMPLETED" in out
    out, _ = run(state, "events", "--timeout", "0.1", "--interval", "0.01")
    assert out == ""  # nothing left to happen


def test_events_help_has_an_example(state):
    out, _ = run(state, "events", "--help")
    assert "winfax events --json" in out


def test_events_help_names_the_device_events_there_are(state):
    out, _ = run(state, "events", "--help")
    text = " ".join(out.split())
    assert "a device ringing, answering, going idle, turned off or on" in text
    assert "Adding or removing a device is no event" in text
    assert "device changes" not in text      # it promised what never comes


def test_a_device_going_idle_is_shown_a_device_added_is_not(state):
    run(state, "simulator", "add-port", "Modem 2")
    out, _ = run(state, "events", "--json", "--timeout", "0", "--interval", "0")
    assert out == ""
    run(state, "send", "--sample", "+1 555 0100", "-q")
    out, _ = run(state, "events", "--json", "--timeout", "0.1", "--interval", "0.01")
    events = [json.loads(line) for line in out.splitlines()]
    idle = [e for e in events if e["event_id"] == "IDLE"]
    assert len(idle) == 1 and idle[0]["job_id"] is None
    assert idle[0]["device_id"] in (65537, 65538)
