"""The winfax command's error reporting, driven in-process where the
simulator must be put in a state that a state file does not carry (access
rights, the current user, injected failures are per process), plus --help
for every command and the input validators."""

import datetime
import subprocess
import sys

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from test_cli import cli_env, run, state_file, winfax_cmd
from test_cli_usage import commands as all_commands
from winfax import AccessRight
from winfax.cli import commands_jobs, main as cli_main, validate
from winfax.cli.errors import UsageError

pytestmark = needs_simulator


@pytest.fixture
def state(tmp_path):
    return state_file(tmp_path)

DEVICE = 65537


@pytest.fixture
def winfax_in_process(state, capsys):
    """Call the command's main() in this process; returns (status, out, err)."""
    def call(*args):
        status = cli_main.main(["--state", str(state), *map(str, args)])
        captured = capsys.readouterr()
        return status, captured.out, captured.err
    return call


@pytest.fixture
def tiff(tmp_path):
    return write_tiff(tmp_path / "fax.tif", pages=1)


def test_access_denied_names_the_right(sim, winfax_in_process, tiff):
    call = winfax_in_process
    sim.deny_access(AccessRight.JOB_SUBMIT)
    assert call("send", tiff, "555") == (
        1, "", "winfax: access denied: sending needs the FAX_JOB_SUBMIT right\n")
    sim.grant_access()
    assert call("send", tiff, "555", "-q")[:2] == (0, "1\n")

    for right, args, message in [
        (AccessRight.JOB_QUERY, ["jobs"], "listing jobs needs the FAX_JOB_QUERY right"),
        (AccessRight.JOB_QUERY, ["job", "1"], "reading job 1 needs the FAX_JOB_QUERY right"),
        (AccessRight.CONFIG_QUERY, ["config"],
         "reading the configuration needs the FAX_CONFIG_QUERY right"),
        (AccessRight.CONFIG_SET, ["config", "retries=5"],
         "changing the configuration needs the FAX_CONFIG_SET right"),
        (AccessRight.CONFIG_SET, ["logging", "outbound=max"],
         "changing the logging levels needs the FAX_CONFIG_SET right"),
        (AccessRight.CONFIG_SET, ["routing", "--priority", "print=1"],
         "changing routing priorities needs the FAX_CONFIG_SET right"),
        (AccessRight.PORT_QUERY, ["ports"], "listing fax devices needs the FAX_PORT_QUERY right"),
        (AccessRight.PORT_SET, ["port", DEVICE, "--rings", "3"],
         f"changing fax device {DEVICE} needs the FAX_PORT_SET right"),
        (AccessRight.PORT_SET, ["routing", "--device", DEVICE, "--enable", "email"],
         f"changing the routing of fax device {DEVICE} needs the FAX_PORT_SET right"),
    ]:
        sim.grant_access()
        sim.deny_access(right)
        status, out, err = call(*args)
        assert (status, out) == (1, ""), args
        assert err == f"winfax: access denied: {message}\n"

    # Someone else's job needs FAX_JOB_MANAGE.
    sim.grant_access()
    sim.set_user("mallory")
    sim.deny_access(AccessRight.JOB_MANAGE)
    status, _, err = call("cancel", "1")
    assert status == 1
    assert err == ("winfax: access denied: cancelling job 1 needs the FAX_JOB_MANAGE right "
                   "(or to own the job)\n")
    sim.deny_access()
    status, _, err = call("jobs")
    assert status == 1
    assert err.startswith("winfax: access denied: connecting needs a fax right")


def test_status_shows_what_it_may_read(sim, winfax_in_process):
    sim.deny_access(AccessRight.CONFIG_QUERY)
    status, out, err = winfax_in_process("status")
    assert (status, err) == (0, "")
    assert "(access denied: reading the configuration needs the FAX_CONFIG_QUERY right)" in out
    assert "fax devices: 1" in out and "queue: 0 jobs" in out
    status, out, _ = winfax_in_process("status", "--json")
    import json
    doc = json.loads(out)
    assert doc["configuration"] is None and doc["ports"] is not None
    assert doc["errors"] == [
        "access denied: reading the configuration needs the FAX_CONFIG_QUERY right"]


def test_other_service_errors_carry_the_windows_code(sim, winfax_in_process, tiff):
    sim.fail_next("FaxEnumJobsW", 8)
    status, out, err = winfax_in_process("jobs")
    assert status == 1
    assert err.startswith("winfax: listing jobs failed: ")
    assert err.endswith("(Windows error 8)\n")
    sim.fail_next("FaxConnectFaxServerW", 1722)
    status, _, err = winfax_in_process("jobs")
    assert status == 1 and err.startswith("winfax: cannot connect to the fax service: ")
    sim.fail_next("FaxSendDocumentW", 13)
    status, _, err = winfax_in_process("send", tiff, "555")
    assert status == 1
    assert err.startswith(f"winfax: the fax service cannot turn {tiff} into a fax: ")
    # a failed command saves nothing
    assert winfax_in_process("jobs", "--json")[1] == "[]\n"


def test_a_bug_is_one_line_unless_debugging(winfax_in_process, monkeypatch):
    def broken(args, backend):
        raise RuntimeError("something broke")

    monkeypatch.setattr(commands_jobs, "cmd_jobs", broken)
    status, out, err = winfax_in_process("jobs")
    assert status == 1
    assert err == ("winfax: internal error: RuntimeError: something broke (run again with "
                   "--debug for the traceback, and please report it)\n")
    status, out, err = winfax_in_process("--debug", "jobs")
    assert status == 1
    assert "Traceback (most recent call last)" in err and 'raise RuntimeError("something' in err


def test_every_command_has_help_with_an_example(winfax_in_process):
    commands = list(all_commands())
    names = {" ".join(c) for c, _ in commands}
    assert {"status", "jobs", "job", "send", "cancel", "pause", "resume", "restart", "ports",
            "port", "config", "logging", "routing", "simulator", "simulator reset",
            "simulator add-port", "simulator advance", "simulator run"} <= names
    for command, _ in commands:
        status, out, err = winfax_in_process(*command, "--help")
        assert (status, err) == (0, ""), command
        assert out.startswith("usage: winfax "), command
        assert "example" in out, command
        assert f"winfax {' '.join(command)}" in out.split("example", 1)[1], command
    status, out, _ = winfax_in_process("--help")
    assert status == 0 and "examples:" in out


def test_a_closed_pipe_is_not_an_error_report(state, tmp_path):
    run(state, "config")        # the state exists: the command goes straight to printing
    proc = subprocess.Popen(winfax_cmd("config", "--json"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=cli_env(state))
    proc.stdout.close()         # the reader goes away at once, as `| head -0` does
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 1
    assert err == b""


# ---- validators ---------------------------------------------------------------

NOW = datetime.datetime(2030, 5, 6, 12, 0)


def test_at_times():
    # The user types local time; the service takes UTC (FAX_JOB_PARAMW's
    # ScheduleTime), so the result is the same instant, aware in UTC.
    def local(*fields):
        return datetime.datetime(*fields).astimezone(datetime.timezone.utc)

    assert validate.schedule_time("13:30", NOW) == local(2030, 5, 6, 13, 30)
    assert validate.schedule_time("9:05", NOW) == local(2030, 5, 7, 9, 5)
    assert validate.schedule_time("12:00", NOW) == local(2030, 5, 7, 12, 0)
    assert validate.schedule_time("2030-05-06T18:00", NOW) == local(2030, 5, 6, 18)
    aware = datetime.datetime(2030, 5, 8, 6, 0, tzinfo=datetime.timezone.utc)
    assert validate.schedule_time(aware.isoformat(), NOW) == aware
    assert validate.schedule_time(aware.isoformat(), NOW).tzinfo is datetime.timezone.utc
    for bad in ("24:00", "12:60", "noon", "2030-05-06T11:59", "", "12:00pm"):
        with pytest.raises(UsageError):
            validate.schedule_time(bad, NOW)


def test_numbers_ids_and_receipts():
    for good in ("+1 555 0100", "(555) 010-0", "0", " 5550100 "):
        assert validate.fax_number(good) == good.strip()
    for bad in ("", "+", "555-CALL", "1;2", "5\n55", "555 # 1", "١٢٣"):
        with pytest.raises(UsageError):
            validate.fax_number(bad)
    assert validate.job_id("42") == 42
    for bad in ("0", "-1", "4294967296", "1e3", "0x10", "", "٣"):
        with pytest.raises(UsageError):
            validate.job_id(bad)
    assert validate.device("65537") == validate.device("0x10001") == 65537
    assert validate.device("Modem 2") == "Modem 2"
    assert validate.receipt("inbox") == ("inbox", None)
    assert validate.receipt("EMAIL:a@b.example") == ("email", "a@b.example")
    for bad in ("email:", "email:nobody", "email:a b@c", "fax:123"):
        with pytest.raises(UsageError):
            validate.receipt(bad)


def test_backend_is_the_simulator():
    # Linked in off Windows; on Windows the module is linked to WinFax.dll
    # and the simulator is what System32's WINFAX.dll is.
    assert winfax.backend == ("windows" if sys.platform == "win32" else "simulator")
    from winfax import simulator
    assert simulator.clock()[0] == "manual"


# ---- several recipients ------------------------------------------------------

def test_several_recipients_are_queued_one_send_document_each(sim, winfax_in_process, tiff):
    """FaxSendDocumentForBroadcastW hands back one job id and its page does
    not say what the others are, so the command queues each recipient with
    its own FaxSendDocumentW (as Microsoft advises for several recipients)
    and reports the ids the service gave."""
    status, out, _ = winfax_in_process("send", tiff, "555 0101", "555 0102", "555 0103",
                                       "--json")
    assert status == 0
    import json
    doc = json.loads(out)
    assert sim.calls("FaxSendDocumentW") == 3
    assert sim.calls("FaxSendDocumentForBroadcastW") == 0
    with winfax.connect() as server:
        numbers = {job.job_id: job.recipient_number for job in server.jobs()}
    assert {job_id: numbers[job_id] for job_id in doc["job_ids"]} == dict(
        zip(doc["job_ids"], ["555 0101", "555 0102", "555 0103"]))


class _FailsOnSecondSend:
    """A server whose second send_document fails, recording aborts."""

    def __init__(self, abort_error=None):
        self.aborted = []
        self.sent = 0
        self.abort_error = abort_error

    def send_document(self, path, params, cover):
        self.sent += 1
        if self.sent == 2:
            error = OSError(13, "The data is invalid")
            error.winerror = 13
            raise error
        return 40 + self.sent

    def abort(self, job_id):
        self.aborted.append(job_id)
        if self.abort_error is not None:
            raise self.abort_error


@pytest.mark.parametrize("abort_error", [None, OSError(87, "gone")])
def test_a_recipient_that_cannot_be_queued_takes_back_the_others(abort_error):
    """A failed command queues nothing: the jobs already queued for earlier
    recipients are aborted (an abort that fails, the job being already
    gone, does not hide the error that matters)."""
    server = _FailsOnSecondSend(abort_error)
    jobs = [(object(), None)] * 3
    with pytest.raises(winfax.cli.errors.CliError) as info:
        commands_jobs._queue_each(server, "fax.tif", jobs, None)
    assert server.aborted == [41]
    assert server.sent == 2
    assert "fax.tif" in str(info.value)
