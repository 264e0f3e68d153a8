"""Several winfax processes sharing one simulator state file at once: no
job is lost, ids stay distinct, and `simulator run --forever` serves
`send --wait` from another process."""

import json
import signal
import subprocess
import sys
import time

import pytest

import pyproc
from conftest import needs_simulator
from faxdocs import tiff_bytes
from test_cli import cli_env, run, run_json, state_file, winfax_cmd

pytestmark = needs_simulator


@pytest.fixture
def state(tmp_path):
    return state_file(tmp_path)

# Each process calls the command's main() once per job, exactly as the
# console script does (winfax.__main__:main), so each job is a full
# command: state lock, load, connect, send, save, unlock.  Running the
# loop inside one interpreter saves 100 interpreter starts per process.
SUBMITTER = """\
import os, sys, time
from winfax.__main__ import main
tag, document, go = sys.argv[1:4]
while not os.path.exists(go):    # start together
    time.sleep(0.001)
for i in range(100):
    status = main(["send", "-q", document, f"+1 555 {tag}{i:03d}"])
    if status:
        sys.exit(status)
"""


def test_two_processes_submitting_100_jobs_each_lose_nothing(state, tmp_path):
    document = tmp_path / "small.tif"
    document.write_bytes(tiff_bytes(1, width=64, height=8))
    go = tmp_path / "go"
    procs = [subprocess.Popen(pyproc.python("-c", SUBMITTER, tag, document, go),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(state))
             for tag in ("1", "2")]
    time.sleep(0.3)     # both interpreters up and waiting
    go.touch()
    printed = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert err == ""
        printed.append([int(line) for line in out.split()])
    assert [len(ids) for ids in printed] == [100, 100]
    # they really ran at the same time: their submissions interleave
    assert min(printed[0]) < max(printed[1]) and min(printed[1]) < max(printed[0])

    jobs = run_json(state, "jobs")
    assert len(jobs) == 200
    ids = [j["job_id"] for j in jobs]
    assert len(set(ids)) == 200
    assert sorted(ids) == sorted(printed[0] + printed[1])
    numbers = sorted(j["recipient_number"] for j in jobs)
    assert numbers == sorted(f"+1 555 {tag}{i:03d}" for tag in "12" for i in range(100))
    # each process saw its own jobs in the order it sent them
    for tag, own in zip("12", printed, strict=True):
        mine = {j["job_id"]: j["recipient_number"] for j in jobs}
        assert [mine[i] for i in own] == [f"+1 555 {tag}{i:03d}" for i in range(100)]


def test_many_winfax_commands_at_once(state, tmp_path):
    document = tmp_path / "small.tif"
    document.write_bytes(tiff_bytes(2, width=64, height=8))
    procs = [subprocess.Popen(winfax_cmd("send", "-q", document, f"555 {i:02d}"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(state))
             for i in range(12)]
    ids = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        ids.append(int(out))
    assert sorted(ids) == list(range(1, 13))
    assert sorted(j["recipient_number"] for j in run_json(state, "jobs")) == [
        f"555 {i:02d}" for i in range(12)]


# Windows delivers Ctrl-C only to processes attached to the sender's console
# (a headless run, CI under Wine, has none; a console process group gets
# CTRL_BREAK, which Python does not turn into KeyboardInterrupt), so there
# the server is terminated instead and its goodbye is not checked.  Its
# state survives: saves replace the file atomically and Windows releases
# the lock of a process that ends.
CTRL_C = sys.platform != "win32"


def stop_with_ctrl_c(server):
    if CTRL_C:
        server.send_signal(signal.SIGINT)
    else:
        server.terminate()


def test_simulator_run_forever_serves_waiting_senders(state):
    server = subprocess.Popen(winfax_cmd("simulator", "run", "--forever", "--interval", "0.01"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(state))
    try:
        senders = [subprocess.Popen(winfax_cmd("send", "--sample", f"555 010{i}", "--wait",
                                               "--json", "--interval", "0.05"),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=cli_env(state))
                   for i in range(2)]
        for proc in senders:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert json.loads(out)["result"] == "completed"
        time.sleep(0.1)
    finally:
        stop_with_ctrl_c(server)
        out, err = server.communicate(timeout=60)
    lines = out.splitlines()
    if CTRL_C:
        # Interrupted, as every command stopped with Ctrl-C (docs/cli.md).
        assert server.returncode == 130, err
        assert err == "winfax: interrupted; the steps already taken are saved\n"
    assert sum(line.endswith(": completed") for line in lines) <= 2
    assert run_json(state, "jobs") == []
    out, _ = run(state, "status")
    assert "queue: 0 jobs" in out
