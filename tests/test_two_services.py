"""The Python API's simulated service (this process's) and the winfax
command's (its state file) are separate; simulator.persistent() works on
the command's from Python, and simulator.save() hands this process's to
the command (README: "Your process's service and the command's")."""

import json
import subprocess

import pytest

import pyproc
import winfax
from conftest import ON_SIMULATOR
from winfax import JobParam

pytestmark = pytest.mark.skipif(
    not ON_SIMULATOR or winfax.backend != "simulator",
    reason="the winfax command keeps a state file only with the simulator off Windows")

TO = JobParam(recipient_number="+1 555 0100")


def command_jobs(state):
    proc = subprocess.run(
        pyproc.python("-m", "winfax", "--state", state, "jobs", "--json"),
        env=pyproc.env(WINFAX_SIMULATOR_STATE=None, FAXSIM_EXIT_REPORT=None),
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return [(job["job_id"], job["recipient_number"]) for job in json.loads(proc.stdout)]


def command_send(state, number):
    proc = subprocess.run(
        pyproc.python("-m", "winfax", "--state", state, "send", "--sample", number),
        env=pyproc.env(WINFAX_SIMULATOR_STATE=None, FAXSIM_EXIT_REPORT=None),
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr


def test_a_job_sent_inside_persistent_is_in_the_commands_queue(sim, tmp_path):
    state = tmp_path / "state.bin"
    with sim.persistent(state):
        with winfax.connect() as server:
            job_id = server.send_document(winfax.sample_fax(), TO)
    assert command_jobs(state) == [(job_id, "+1 555 0100")]


def test_a_job_sent_outside_is_only_in_this_process(sim, tmp_path):
    state = tmp_path / "state.bin"
    with winfax.connect() as server:
        job_id = server.send_document(winfax.sample_fax(), TO)
        assert [job.job_id for job in server.jobs()] == [job_id]
    assert command_jobs(state) == []
    # The other way round: save() hands this process's service to the command.
    sim.save(tmp_path / "mine.bin")
    assert command_jobs(tmp_path / "mine.bin") == [(job_id, "+1 555 0100")]


def test_the_commands_jobs_are_seen_inside_persistent_only(sim, tmp_path):
    state = tmp_path / "state.bin"
    command_send(state, "+1 555 0199")
    with winfax.connect() as server:
        assert server.jobs() == []
        with sim.persistent(state):
            assert [job.recipient_number for job in server.jobs()] == ["+1 555 0199"]
