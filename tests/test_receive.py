"""Receiving: the simulator delivers an inbound fax (simulator.receive), the
device answers per its settings, the fax is a JT_RECEIVE job while it lasts,
events follow the call, and the device's routing methods run; and the typed
routing data of Microsoft's three methods (winfax.routing_config)."""

import os
import stat
import subprocess
import sys
import time

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import (
    EmailRouting,
    EventId,
    FolderRouting,
    JobType,
    PortFlags,
    PortOpen,
    PortState,
    PrintRouting,
    QueueStatus,
)

pytestmark = needs_simulator

NO_JOB = 0xFFFFFFFF
PAGES = 3
ERROR_FILE_NOT_FOUND = 2
ERROR_INVALID_DATA = 13
ERROR_BAD_UNIT = 20
ERROR_NOT_READY = 21
ERROR_DEVICE_IN_USE = 2404
THIRD_PARTY_GUID = "{11111111-2222-3333-4444-555555555555}"


@pytest.fixture
def device(server):
    return server.ports()[0].device_id


@pytest.fixture
def port(server, device):
    with server.open_port(device, PortOpen.MODIFY) as p:
        yield p


@pytest.fixture
def tiff(tmp_path):
    path = tmp_path / "incoming.tif"
    write_tiff(path, pages=PAGES)
    return path


def pending(server):
    with server.events(timeout=0) as stream:
        return [(e.event_id, e.job_id, e.device_id) for e in stream]


def set_rings(port, rings):
    port.set_info(port.info().replace(rings=rings))


def receive_all(sim, server, job):
    """Advance until the receive job has left the queue; the steps taken."""
    for steps in range(1, 100):
        sim.advance()
        if job not in {j.job_id for j in server.jobs()}:
            return steps
    raise AssertionError("the receive job never left the queue")


# ---- the paths of a call --------------------------------------------------------------


def test_stored_in_a_folder(sim, server, port, device, tiff, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    winfax.set_routing_config(port, FolderRouting(str(folder)), enabled=True)
    job = sim.receive(device, tiff, tsid="+1 555 0100", caller_id="5550100")
    assert job is not None
    receive_all(sim, server, job)
    (stored,) = folder.iterdir()
    assert stored.read_bytes() == tiff.read_bytes()
    # Private to the user; Windows keeps access in ACLs, and Python reports
    # any writable file there as 0o666.
    assert stat.S_IMODE(stored.stat().st_mode) == (0o666 if sys.platform == "win32" else 0o600)
    (record,) = sim.routed()
    assert record.method == "folder" and record.error == 0
    assert record.file == str(stored) and record.target == str(folder)
    assert (record.job_id, record.device_id, record.pages) == (job, device, PAGES)
    assert (record.tsid, record.caller_id) == ("+1 555 0100", "5550100")


def test_a_second_fax_does_not_overwrite_the_first(sim, server, port, device, tiff, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    winfax.set_routing_config(port, FolderRouting(str(folder)), enabled=True)
    (folder / "Fax-1.tif").write_bytes(b"already here")
    job = sim.receive(device, tiff)
    receive_all(sim, server, job)
    assert (folder / "Fax-1.tif").read_bytes() == b"already here"
    assert (folder / "Fax-1-1.tif").read_bytes() == tiff.read_bytes()


def test_a_missing_folder_is_a_routing_error(sim, server, port, device, tiff, tmp_path):
    winfax.set_routing_config(port, FolderRouting(str(tmp_path / "nowhere")), enabled=True)
    receive_all(sim, server, sim.receive(device, tiff))
    (record,) = sim.routed()
    assert record.error == 3 and record.file is None  # ERROR_PATH_NOT_FOUND


def test_email_and_print_are_recorded_in_priority_order(sim, server, port, device, tiff):
    winfax.set_routing_config(port, EmailRouting("fax@example.com"), enabled=True)
    winfax.set_routing_config(port, PrintRouting("Office Printer"), enabled=True)
    job = sim.receive(device, tiff)
    receive_all(sim, server, job)
    records = sim.routed()
    priority = [i.guid for i in server.global_routing_info()]
    assert [r.guid for r in records] == [g for g in priority
                                         if g in (EmailRouting.guid, PrintRouting.guid)]
    by_method = {r.method: r for r in records}
    assert by_method["email"].target == "fax@example.com"
    assert by_method["print"].target == "Office Printer"
    assert all(r.error == 0 and r.file is None and r.job_id == job for r in records)


def test_disabled_or_unconfigured_methods(sim, server, port, device, tiff, tmp_path):
    # Configured but disabled: does not run.
    winfax.set_routing_config(port, FolderRouting(str(tmp_path)), enabled=False)
    # Enabled with nothing configured: runs and fails for want of an address.
    port.enable_routing_method(EmailRouting.guid, True)
    receive_all(sim, server, sim.receive(device, tiff))
    (record,) = sim.routed()
    assert (record.method, record.error) == ("email", ERROR_INVALID_DATA)
    assert list(tmp_path.glob("Fax-*")) == []


def test_device_not_set_to_receive_does_not_answer(sim, server, port, device, tiff):
    port.set_info(port.info().replace(flags=PortFlags.SEND))
    server.events(timeout=0).close()
    assert sim.receive(device, tiff) is None
    assert server.jobs() == []
    assert triples_only_device(pending(server), device) == [
        (EventId.RINGING, NO_JOB, device),
        (EventId.IDLE, NO_JOB, device),
    ]
    assert sim.routed() == []


def triples_only_device(events, device):
    return [t for t in events if t[2] == device]


def test_events_in_order(sim, server, port, device, tiff):
    set_rings(port, 3)
    port.enable_routing_method(PrintRouting.guid, True)
    server.events(timeout=0).close()
    job = sim.receive(device, tiff)
    receive_all(sim, server, job)
    assert pending(server) == [
        *[(EventId.RINGING, job, device)] * 3,
        (EventId.ANSWERED, job, device),
        *[(EventId.RECEIVING, job, device)] * PAGES,
        (EventId.COMPLETED, job, device),
        (EventId.ROUTING, job, device),
        (EventId.DELETED, job, device),
        (EventId.IDLE, NO_JOB, device),
    ]


def test_the_receive_job_while_receiving(sim, server, port, device, tiff):
    set_rings(port, 1)
    job = sim.receive(device, tiff, tsid="Remote")
    seen = []
    while True:
        entries = {j.job_id: j for j in server.jobs()}
        if job not in entries:
            break
        entry = entries[job]
        assert entry.job_type is JobType.RECEIVE
        assert entry.page_count == PAGES and entry.tsid == "Remote"
        assert entry.queue_status & QueueStatus.INPROGRESS
        assert server.get_job(job).job_type is JobType.RECEIVE
        seen.append((entry.status, server.ports()[0].state))
        sim.advance()
    assert seen == [
        (PortState.RINGING, PortState.RINGING),
        (PortState.ANSWERED, PortState.ANSWERED),
        *[(PortState.RECEIVING, PortState.RECEIVING)] * PAGES,
        (PortState.COMPLETED, PortState.COMPLETED),
        (PortState.ROUTING, PortState.ROUTING),
    ]
    assert server.ports()[0].state == PortState.AVAILABLE


def test_a_device_receiving_does_not_send_meanwhile(sim, server, device, tiff):
    job = sim.receive(device, tiff)
    sent = server.send_document(str(tiff), winfax.JobParam(recipient_number="555"))
    sim.advance()
    assert server.get_job(sent).queue_status & QueueStatus.NOLINE
    receive_all(sim, server, job)
    sim.run_queue()
    assert server.jobs() == []


def test_real_time_clock_receives_by_itself(sim, server, port, device, tiff, tmp_path):
    winfax.set_routing_config(port, FolderRouting(str(tmp_path)), enabled=True)
    sim.set_clock("realtime", dial=0.01, page=0.01)
    try:
        job = sim.receive(device, tiff)
        deadline = time.monotonic() + 30
        while not sim.routed() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [r.job_id for r in sim.routed()] == [job]
        assert (tmp_path / f"Fax-{job}.tif").read_bytes() == tiff.read_bytes()
    finally:
        sim.set_clock("manual")


def test_cancelling_a_receive_job(sim, server, device, tiff):
    job = sim.receive(device, tiff)
    server.abort(job)
    sim.advance()
    assert server.jobs() == [] and sim.routed() == []
    assert server.ports()[0].state == PortState.AVAILABLE


# ---- bad input ----------------------------------------------------------------------


def test_missing_file(sim, device, tmp_path):
    with pytest.raises(FileNotFoundError) as caught:
        sim.receive(device, tmp_path / "absent.tif")
    assert caught.value.winerror == ERROR_FILE_NOT_FOUND


def test_not_a_tiff(sim, device, tmp_path):
    bad = tmp_path / "bad.tif"
    bad.write_bytes(b"not a tiff")
    with pytest.raises(OSError) as caught:
        sim.receive(device, bad)
    assert caught.value.winerror == ERROR_INVALID_DATA


def test_unknown_device(sim, tiff):
    with pytest.raises(OSError) as caught:
        sim.receive(0x7777, tiff)
    assert caught.value.winerror == ERROR_BAD_UNIT


def test_offline_or_busy_device(sim, server, device, tiff):
    sim.set_port_state(device, PortState.OFFLINE)
    with pytest.raises(OSError) as caught:
        sim.receive(device, tiff)
    assert caught.value.winerror == ERROR_NOT_READY
    sim.set_port_state(device, PortState.AVAILABLE)
    sim.receive(device, tiff)
    with pytest.raises(OSError) as caught:
        sim.receive(device, tiff)
    assert caught.value.winerror == ERROR_DEVICE_IN_USE


def test_argument_types(sim, device, tiff):
    with pytest.raises(TypeError):
        sim.receive("65537", tiff)
    with pytest.raises(TypeError):
        sim.receive(device, tiff, tsid=5)
    with pytest.raises(ValueError):
        sim.receive(device, "")


# ---- typed routing data -----------------------------------------------------------------


@pytest.mark.parametrize("config", [
    FolderRouting("/srv/faxes/in"),
    EmailRouting("fax@example.com"),
    PrintRouting("\\\\printserver\\Büro"),
])
def test_typed_routing_round_trip(sim, port, config):
    winfax.set_routing_config(port, config)
    assert winfax.routing_config(port, config.guid) == config
    assert winfax.routing_config(port, config.guid.upper()) == config
    # The raw form is the documented null-terminated UTF-16 string.
    raw = port.routing_info(config.guid)
    assert raw == (config.to_bytes()) and raw.endswith(b"\0\0")
    assert raw.decode("utf-16-le").rstrip("\0") == str(next(iter(vars(config).values())))


def test_typed_routing_reads_raw_data_written_by_others(sim, port):
    port.set_routing_info(FolderRouting.guid, "C:\\Faxes\0junk".encode("utf-16-le"))
    assert winfax.routing_config(port, FolderRouting.guid) == FolderRouting("C:\\Faxes")
    assert winfax.routing_config(port, EmailRouting.guid) == EmailRouting("")
    port.set_routing_info(PrintRouting.guid, b"\x00")
    with pytest.raises(ValueError, match="routing_info"):
        winfax.routing_config(port, PrintRouting.guid)


def test_third_party_routing_data_stays_raw(sim):
    assert winfax.decode_routing_info(THIRD_PARTY_GUID, b"\x01\x02") == b"\x01\x02"


def test_typed_routing_bad_input(sim, port):
    with pytest.raises(TypeError, match="set_routing_info"):
        winfax.set_routing_config(port, b"raw")
    with pytest.raises(ValueError, match="NUL"):
        winfax.set_routing_config(port, FolderRouting("a\0b"))
    with pytest.raises(TypeError):
        winfax.set_routing_config(port, FolderRouting(5))
    with pytest.raises(TypeError):
        winfax.routing_config(port, 5)


def test_typed_routing_errors_are_the_services(sim, server, device):
    with server.open_port(device, PortOpen.MODIFY) as p:
        pass
    with pytest.raises(ValueError, match="closed"):
        winfax.routing_config(p, FolderRouting.guid)  # as routing_info() does
    with server.open_port(device, PortOpen.MODIFY) as p:
        with pytest.raises(OSError) as caught:
            winfax.routing_config(p, THIRD_PARTY_GUID)  # not an installed method
        assert caught.value.winerror == ERROR_INVALID_DATA


# ---- the command ----------------------------------------------------------------------


def winfax_cmd(state, *args):
    env = dict(os.environ, WINFAX_SIMULATOR_STATE=str(state), WINFAX_SIM_CLOCK="manual")
    return subprocess.run([sys.executable, "-m", "winfax", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_command_receive(tmp_path, tiff):
    state = tmp_path / "state.bin"
    assert winfax_cmd(state, "simulator", "reset").returncode == 0
    done = winfax_cmd(state, "simulator", "receive", "65537", str(tiff), "--run")
    assert done.returncode == 0, done.stderr
    assert "job 1: received and routed" in done.stdout
    queued = winfax_cmd(state, "simulator", "receive", "65537", str(tiff))
    assert queued.returncode == 0 and "job 2" in queued.stdout
    jobs = winfax_cmd(state, "jobs")
    assert "ringing" in jobs.stdout
    ran = winfax_cmd(state, "simulator", "run")
    assert ran.returncode == 0 and "the queue is empty" in ran.stdout
    missing = winfax_cmd(state, "simulator", "receive", "65537", str(tmp_path / "no.tif"))
    assert missing.returncode != 0 and "no such file" in missing.stderr
    unknown = winfax_cmd(state, "simulator", "receive", "99", str(tiff))
    assert unknown.returncode != 0 and "no fax device 99" in unknown.stderr


# ---- a call that fails -----------------------------------------------------------------


@pytest.mark.parametrize("how, status, event", [
    ("hangup", PortState.DISCONNECTED, EventId.DISCONNECTED),
    ("fatal", PortState.FATAL_ERROR, EventId.FATAL_ERROR)])
def test_a_call_that_fails_is_not_retried_nor_routed(sim, server, port, device, tiff, tmp_path,
                                                     how, status, event):
    """FAX_EVENTW: FEI_DISCONNECTED is the caller hanging up, FEI_FATAL_ERROR a
    fatal protocol error.  An inbound call has no retries: it leaves the
    queue and nothing is routed."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    winfax.set_routing_config(port, FolderRouting(str(inbox)), enabled=True)
    pending(server)
    job = sim.receive(device, tiff)
    sim.advance(2)      # answered, first page
    sim.fail_job(job, how)
    assert server.get_job(job).status == status
    sim.advance()
    assert server.jobs() == [] and sim.routed() == [] and list(inbox.iterdir()) == []
    assert server.ports()[0].state == PortState.AVAILABLE
    events = [e for e, j, _ in pending(server) if j == job]
    assert events[-2:] == [event, EventId.DELETED]


def test_a_receive_cannot_be_retried_nor_fail_after_its_call(sim, server, device, tiff):
    job = sim.receive(device, tiff)
    with pytest.raises(ValueError):
        sim.fail_job(job, "retry")
    while server.get_job(job).status != PortState.COMPLETED:
        sim.advance()
    with pytest.raises(ValueError):
        sim.fail_job(job, "hangup")


def test_only_a_caller_hangs_up(sim, server, tiff):
    job = server.send_document(tiff, winfax.JobParam(recipient_number="555 0100"))
    with pytest.raises(ValueError):
        sim.fail_job(job, "hangup")
