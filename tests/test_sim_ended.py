"""The simulator's record of jobs that left the queue: simulator.ended().

A process that shares a saved state with the one that moved the queue got
none of that process's events; ended() is what it reads instead (the CLI's
`send --wait` against `simulator run --forever`: test_cli_concurrency.py and
test_cli_wait_outcome.py)."""

import sqlite3
import struct
import warnings
import zlib

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from test_events import DEVICE, PAGES, PARAMS
from winfax import JobCommand

pytestmark = needs_simulator

# The most the record keeps (SIM_ENDED_MAX in src/faxsim/sim_state.h).
KEPT = 256


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=PAGES))


def _receiving_device(server):
    with server.open_port(DEVICE, winfax.PortOpen.MODIFY) as port:
        info = port.info()
        port.set_info(info.replace(flags=info.flags | winfax.PortFlags.RECEIVE, rings=1))
    return DEVICE


def test_a_sent_job_is_recorded_sent_once_it_has_left(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    assert sim.ended(job) is None
    sim.advance(2)          # dialing, page 1: still queued
    assert sim.ended(job) is None
    sim.run_queue()
    assert server.jobs() == []
    assert sim.ended(job) == sim.Ended(job, "sent", PAGES)


def test_a_waiting_job_deleted_is_recorded_cancelled(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    server.set_job(job, JobCommand.DELETE)
    assert sim.ended(job) == (job, "cancelled", PAGES)


def test_a_job_deleted_on_its_line_is_recorded_when_it_leaves(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    sim.advance(2)
    server.set_job(job, JobCommand.DELETE)
    # Being cancelled: still in the queue until the next step.
    assert sim.ended(job) is None
    sim.run_queue()
    assert sim.ended(job).result == "cancelled"


def test_a_received_fax_and_a_call_cut_short(sim, server, tiff):
    device = _receiving_device(server)
    received = sim.receive(device, tiff)
    sim.run_queue()
    assert sim.ended(received) == (received, "received", PAGES)
    hung_up = sim.receive(device, tiff)
    sim.advance(2)
    sim.fail_job(hung_up, "hangup")
    sim.run_queue()
    assert sim.ended(hung_up).result == "failed"


def test_a_failed_send_stays_queued_until_deleted(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    sim.advance()
    sim.fail_job(job, "fatal")
    sim.run_queue()
    assert server.get_job(job) is not None
    assert sim.ended(job) is None
    server.set_job(job, JobCommand.DELETE)
    assert sim.ended(job).result == "cancelled"


def test_only_the_newest_jobs_are_kept(sim, server, tiff):
    jobs = []
    for _ in range(KEPT + 1):
        job = server.send_document(tiff, PARAMS)
        server.set_job(job, JobCommand.DELETE)
        jobs.append(job)
    assert sim.ended(jobs[0]) is None
    assert sim.ended(jobs[1]).job_id == jobs[1]
    assert sim.ended(jobs[-1]).job_id == jobs[-1]


def _sent_and_deleted(tiff):
    """A job that left the queue, on a connection closed again: reset()
    ends the service's handles."""
    with winfax.connect() as server:
        job = server.send_document(tiff, PARAMS)
        server.set_job(job, JobCommand.DELETE)
    return job


def test_reset_forgets_them(sim, tiff):
    job = _sent_and_deleted(tiff)
    sim.reset()
    assert sim.ended(job) is None


def test_bad_job_ids(sim):
    assert sim.ended(12345) is None
    with pytest.raises(TypeError, match="job_id"):
        sim.ended("1")
    with pytest.raises(ValueError, match="job_id"):
        sim.ended(-1)


def test_the_record_is_kept_with_the_saved_state(sim, tiff, tmp_path):
    state = tmp_path / "state.sqlite"
    with winfax.connect() as server:
        job = server.send_document(tiff, PARAMS)
    sim.run_queue()
    sim.save(state)
    sim.reset()
    assert sim.ended(job) is None
    assert sim.load(state)
    assert sim.ended(job) == (job, "sent", PAGES)


def test_the_record_is_kept_by_export_state(sim, tiff, tmp_path):
    exported = tmp_path / "state.bin"
    job = _sent_and_deleted(tiff)
    sim.export_state(exported)
    sim.reset()
    assert sim.import_state(exported)
    assert sim.ended(job).result == "cancelled"


def _crc_tail(body):
    return body + struct.pack("<I", zlib.crc32(body))


def test_an_exported_state_of_format_1_still_loads(sim, tmp_path):
    """Format 1 (winfax before this record) is format 2 without it."""
    exported = tmp_path / "state.bin"
    sim.add_port("Second line")
    sim.export_state(exported)
    data = exported.read_bytes()
    assert data[6:8] == struct.pack("<H", 2)
    assert data[-8:-4] == struct.pack("<I", 0)     # no job has ended
    old = tmp_path / "old.bin"
    old.write_bytes(_crc_tail(data[:6] + struct.pack("<H", 1) + data[8:-8]))
    sim.reset()
    assert sim.import_state(old)
    assert sim.port_count() == 2


def test_a_stored_service_record_without_it_still_loads(sim, tmp_path):
    state = tmp_path / "state.sqlite"
    sim.add_port("Second line")
    sim.save(state)
    with sqlite3.connect(state) as db:
        (record,) = db.execute("SELECT record FROM service").fetchone()
        assert record[-8:-4] == struct.pack("<I", 0)
        db.execute("UPDATE service SET record = ?", (_crc_tail(record[:-8]),))
    db.close()
    sim.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error", sim.StateRecoveredWarning)
        assert sim.load(state)
    assert sim.port_count() == 2


@pytest.mark.parametrize("damage", ["count", "how", "future id"])
def test_a_damaged_record_is_refused(sim, tiff, tmp_path, damage):
    exported = tmp_path / "state.bin"
    job = _sent_and_deleted(tiff)
    sim.export_state(exported)
    data = bytearray(exported.read_bytes())
    entry = len(data) - 4 - 12           # the one ended job, before the CRC
    if damage == "count":
        # More entries than the record keeps, each one valid by itself.
        one = bytes(data[entry:entry + 12])
        data[entry - 4:-4] = struct.pack("<I", KEPT + 1) + one * (KEPT + 1)
    elif damage == "how":
        data[entry + 4:entry + 8] = struct.pack("<I", 9)
    else:
        data[entry:entry + 4] = struct.pack("<I", job + 1)
    exported.write_bytes(_crc_tail(bytes(data[:-4])))
    with pytest.raises(OSError):
        sim.import_state(exported)
