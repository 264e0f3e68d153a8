"""Simulator state saved and loaded: the single-file format of faxsim_save /
faxsim_load (simulator.export_state/import_state), and the store that
simulator.save/load/persistent keep it in, which is what lets separate
winfax processes share one simulated fax service (more on the store in
test_sim_store.py)."""

import datetime
import errno
import os
import random
import sqlite3
import stat
import struct
import subprocess
import sys
import textwrap
import zlib

import pytest

import pyproc
import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import (
    CoverPageInfo,
    JobCommand,
    JobParam,
    LoggingCategory,
    LogLevel,
    PortFlags,
    PortOpen,
    PortState,
    PrintInfo,
    QueueStatus,
)

pytestmark = needs_simulator

ON_WINDOWS = sys.platform == "win32"
# Replacing a directory with a file (the rename that ends a save): EISDIR
# on POSIX; Windows refuses it as access denied (ERROR_ACCESS_DENIED).
REPLACE_DIRECTORY_ERROR = PermissionError if ON_WINDOWS else IsADirectoryError

def assert_unlocked(path):
    """Nobody holds persistent()'s lock: another connection can begin an
    exclusive transaction at once."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    finally:
        connection.close()


NEW_GUID = "{0badf00d-2222-3333-4444-555555555555}"
UNICODE = "Zoë 東京 \U0001f4e0 Ærøskøbing"


def snapshot():
    """Everything the client API can read about the service, as plain data."""
    with winfax.connect() as server:
        ports = server.ports()
        jobs = server.jobs()
        state = {
            "ports": ports,
            "jobs": jobs,
            "get_job": [server.get_job(j.job_id) for j in jobs],
            "page_data": {j.job_id: server.page_data(j.job_id)
                          for j in jobs if j.size},
            "configuration": server.configuration(),
            "logging": server.logging_categories(),
            "global_routing": server.global_routing_info(),
            "devices": {},
        }
        for port in ports:
            with server.open_port(port.device_id) as handle:
                methods = handle.routing_methods()
                state["devices"][port.device_id] = {
                    "status": handle.device_status(),
                    "methods": methods,
                    "routing_info": {m.guid: handle.routing_info(m.guid) for m in methods},
                }
    return state


def build_rich_state(sim, tmp_path):
    """Touches every area the state file holds; returns the ids it made."""
    tiff = write_tiff(tmp_path / "fax.tif", pages=3)
    small = write_tiff(tmp_path / "small.tif", pages=1, height=16, big_endian=True)
    cover = tmp_path / "cover.cov"
    cover.write_bytes(b"cover page")
    made = {}
    # Scheduled jobs wait for their time: the service's clock is past the
    # specific time below (in any zone) and inside the default discount
    # period (20:00-07:00 UTC), so they are on their way like the others.
    sim.set_time(datetime.datetime(2031, 2, 4, 0, 0, tzinfo=datetime.timezone.utc))
    made["d2"] = sim.add_port(f"Leitung 2 {UNICODE}", PortFlags.SEND | PortFlags.RECEIVE)
    made["d3"] = sim.add_port("Receive only", PortFlags.RECEIVE)
    with winfax.connect() as server:
        with server.open_port(made["d2"], PortOpen.MODIFY) as port:
            port.set_info(port.info().replace(rings=7, tsid="+49 30 999",
                                              csid="CSID-2", priority=1))
        sim.set_port_state(made["d3"], PortState.OFFLINE)

        params = JobParam(
            recipient_number="+49 30 1234",
            recipient_name=f"Empfänger {UNICODE}",
            tsid="TSID-9",
            sender_name="Alice",
            sender_company="ACME GmbH",
            sender_dept="Einkauf",
            billing_code="B-7",
            schedule_action=winfax.ScheduleAction.SPECIFIC_TIME,
            schedule_time=datetime.datetime(2031, 2, 3, 4, 5, 6, 7000),
            delivery_report_type=winfax.DeliveryReport.EMAIL,
            delivery_report_address="alice@example.com",
            document_name=f"Rechnung {UNICODE}",
        )
        cover_info = CoverPageInfo(cover_page_name=str(cover), rec_name=UNICODE,
                                   note="Bitte prüfen", subject="Rechnung")
        made["sending"] = server.send_document(tiff, params, cover_info)
        sim.advance(2)  # dials, then sends page 1
        made["dialing"] = server.send_document(
            small, JobParam(recipient_number="2", sender_name=UNICODE))
        made["broadcast"] = server.send_broadcast(
            tiff, [JobParam(recipient_number=f"B{i}", recipient_name=f"R{i}")
                   for i in range(3)])
        made["discount"] = server.send_document(
            small, JobParam(recipient_number="3",
                            schedule_action=winfax.ScheduleAction.DISCOUNT_PERIOD,
                            delivery_report_type=winfax.DeliveryReport.INBOX))
        # Two lines can send: the first job goes on to page 2, the second
        # takes the other line and dials, the rest find no free line.
        sim.advance(1)
        server.set_job(made["dialing"], JobCommand.PAUSE)  # active: pause requested
        server.set_job(made["broadcast"] + 1, JobCommand.PAUSE)
        sim.fail_job(made["broadcast"] + 2, "fatal")
        sim.fail_job(made["discount"], "retry")

        config = server.configuration().replace(
            retries=9, retry_delay=3, dirty_days=11, branding=False,
            use_device_tsid=False, server_cp=True,
            start_cheap_time=datetime.time(21, 30), stop_cheap_time=datetime.time(6, 15),
            archive_outgoing_faxes=True, archive_directory=f"C:\\Archiv\\{UNICODE}")
        server.set_configuration(config)
        server.set_logging_categories(
            [LoggingCategory(category=c.category, level=LogLevel.MAX - i % 4)
             for i, c in enumerate(server.logging_categories())])

        guids = [m.guid for m in server.global_routing_info()]
        for device, blob in ((1, bytes(range(256)) * 2), (made["d2"], b"")):
            device_id = 0x10001 if device == 1 else device
            with server.open_port(device_id, PortOpen.MODIFY) as port:
                port.enable_routing_method(guids[0], True)
                port.set_routing_info(guids[1], blob)
                port.set_routing_info(guids[2], UNICODE.encode())
        last = server.global_routing_info()[-1]
        server.set_global_routing_info(last.replace(priority=1))
        # Registered, so pending until the next restart.
        server.register_routing_extension(
            "Archiver", f"Archiver {UNICODE}", r"C:\ext\archive.dll",
            [("Archive", "Archive faxes", "ArchiveFax", NEW_GUID)])
    winfax.register_service_provider("SimFsp", f"Provider {UNICODE}", r"C:\fsp\sim.dll", "")
    if winfax.backend != "windows":
        # Ended, so its fax job is in the queue (EndDoc is gdi32's on
        # Windows, which cannot end the simulator's print jobs).
        with winfax.start_print_job(
                None, PrintInfo(recipient_number="555", doc_name="Printed")) as printed:
            winfax.print_cover_page(printed.context, CoverPageInfo(use_server_cover_page=True))
    # Still being printed when the state is saved.
    made["print_job"] = winfax.start_print_job(
        None, PrintInfo(recipient_number="556", doc_name="Printing"))
    made["print_id"], made["print_ctx"] = made["print_job"]
    return made


def test_round_trip_restores_everything(sim, tmp_path):
    made = build_rich_state(sim, tmp_path)
    before = snapshot()
    # The state really is as varied as intended.
    statuses = {j.job_id: j for j in before["jobs"]}
    assert statuses[made["sending"]].status == PortState.SENDING
    assert statuses[made["dialing"]].status == PortState.DIALING
    assert statuses[made["broadcast"] + 1].queue_status & QueueStatus.PAUSED
    assert statuses[made["broadcast"] + 2].queue_status & QueueStatus.FAILED
    assert statuses[made["discount"]].queue_status & QueueStatus.RETRYING
    assert statuses[made["broadcast"]].queue_status & QueueStatus.NOLINE
    # The priority-1 device (d2) carries the first job, on page 2 of 4.
    assert before["devices"][made["d2"]]["status"].current_page == 2
    assert before["devices"][made["d2"]]["status"].total_pages == 4
    providers = sim.provider_count()

    path = tmp_path / "state.bin"
    sim.export_state(path)
    sim.reset()
    assert snapshot() != before
    assert sim.import_state(path) is True
    assert snapshot() == before
    assert sim.provider_count() == providers == 1

    # Saving what was loaded writes the very same bytes.
    again = tmp_path / "again.bin"
    sim.export_state(again)
    assert again.read_bytes() == path.read_bytes()

    # Counters continue: no job, device or spool id is handed out twice.
    tiff = write_tiff(tmp_path / "next.tif")
    with winfax.connect() as server:
        new_job = server.send_document(tiff, JobParam(recipient_number="9"))
    assert new_job > max(j.job_id for j in before["jobs"])
    assert sim.add_port("Later") > made["d3"]
    print_id, _ = winfax.start_print_job(None, PrintInfo(recipient_number="1"))
    assert print_id > made["print_id"]

    # The ended print job is a queued fax job like any other, and the open
    # one's device context is still known (a cover page goes into it).
    with winfax.connect() as server:
        printed = [j for j in server.jobs() if j.document_name == "Printed"]
        assert [j.page_count for j in printed] == ([1] if winfax.backend != "windows" else [])
    winfax.print_cover_page(made["print_ctx"], CoverPageInfo(use_server_cover_page=True))
    if winfax.backend != "windows":
        made["print_job"].abort()

    # The pending extension is still pending, and a restart installs it.
    with winfax.connect() as server:
        assert NEW_GUID not in {i.guid for i in server.global_routing_info()}
    sim.restart()
    with winfax.connect() as server:
        assert NEW_GUID in {i.guid for i in server.global_routing_info()}

    # The queue goes on from where it was: the active jobs finish.
    sim.run_queue()
    with winfax.connect() as server:
        left = {j.job_id for j in server.jobs()}
    assert made["sending"] not in left
    assert made["broadcast"] + 2 in left  # failed jobs stay


def test_open_handles_survive_a_load(sim, tmp_path):
    path = tmp_path / "state.bin"
    kept = sim.add_port("Kept")
    sim.save(path)
    with winfax.connect() as server, server.open_port(kept) as port:
        assert sim.load(path)
        assert port.info().device_name == "Kept"
        # A state without the device: its port handle answers as for an
        # unplugged device; the server handle is unaffected.
        sim.reset_state()
        with pytest.raises(OSError) as info:
            port.info()
        assert info.value.winerror == 20  # ERROR_BAD_UNIT
        assert [p.device_id for p in server.ports()] == [0x10001]
        assert sim.load(path)
        assert port.info().device_name == "Kept"
    assert sim.violations() == 0


def test_file_modes_and_no_temporary_files(sim, tmp_path):
    folder = tmp_path / "winfax"
    folder.mkdir()
    path = folder / "state.db"
    old_umask = os.umask(0o022)
    try:
        with sim.persistent(path):
            sim.add_port("Mode test")
            with winfax.connect() as server:
                server.send_document(write_tiff(tmp_path / "a.tif"), JobParam(recipient_number="1"))
        sim.save(path)
        sim.save(path)
        sim.export_state(folder / "export.bin")
    finally:
        os.umask(old_umask)
    # Windows has no mode bits (privacy comes from the profile folder's
    # ACL); what it reports is "writable, not read-only": 0o666, folders 0o777.
    file_mode, folder_mode = (0o666, 0o777) if ON_WINDOWS else (0o600, 0o700)
    documents = folder / "state.db.documents"
    assert stat.S_IMODE(os.stat(path).st_mode) == file_mode
    assert stat.S_IMODE(os.stat(folder / "export.bin").st_mode) == file_mode
    assert stat.S_IMODE(os.stat(documents).st_mode) == folder_mode
    (document,) = os.listdir(documents)
    assert stat.S_IMODE(os.stat(documents / document).st_mode) == file_mode
    assert sorted(os.listdir(folder)) == ["export.bin", "state.db", "state.db.documents"]
    # A failed save leaves nothing behind either, and makes no folders.
    with pytest.raises(FileNotFoundError) as info:
        sim.save(tmp_path / "missing-dir" / "state.db")
    assert info.value.filename == str(tmp_path / "missing-dir")
    with pytest.raises(FileNotFoundError):
        sim.export_state(tmp_path / "missing-dir" / "state.bin")
    with pytest.raises(REPLACE_DIRECTORY_ERROR):
        sim.export_state(folder)  # the rename fails; its temporary file is removed
    with pytest.raises(IsADirectoryError):
        sim.save(folder)
    assert sorted(os.listdir(folder)) == ["export.bin", "state.db", "state.db.documents"]
    assert sorted(os.listdir(tmp_path)) == ["a.tif", "winfax"]


def test_default_state_path(sim, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WINFAX_SIMULATOR_STATE", raising=False)
    if ON_WINDOWS:
        monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "appdata"))
        expected = tmp_path / "appdata" / "winfax" / "simulator-state.sqlite"
        assert sim.default_state_path() == str(expected)
    elif sys.platform == "darwin":
        expected = tmp_path / "home/Library/Application Support/winfax/simulator-state.sqlite"
        assert sim.default_state_path() == str(expected)
    else:
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
        expected = tmp_path / "xdg" / "winfax" / "simulator-state.sqlite"
        assert sim.default_state_path() == str(expected)
        assert stat.S_IMODE(os.stat(expected.parent).st_mode) == 0o700
        monkeypatch.setenv("XDG_STATE_HOME", "relative/is/ignored")
        expected = tmp_path / "home" / ".local" / "state" / "winfax" / "simulator-state.sqlite"
        assert sim.default_state_path() == str(expected)
        monkeypatch.delenv("XDG_STATE_HOME")
        assert sim.default_state_path() == str(expected)
    assert stat.S_IMODE(os.stat(expected.parent).st_mode) == (0o777 if ON_WINDOWS else 0o700)
    override = tmp_path / "elsewhere" / "mine.bin"
    monkeypatch.setenv("WINFAX_SIMULATOR_STATE", str(override))
    assert sim.default_state_path() == str(override)
    assert override.parent.is_dir()


def _default_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "appdata"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("WINFAX_SIMULATOR_STATE", raising=False)
    return os.path.dirname(sim_default_path())


def sim_default_path():
    import winfax.simulator
    return winfax.simulator.default_state_path()


def test_the_default_store_starts_from_winfax_0_1s_state_file(sim, tmp_path, monkeypatch):
    """An upgrade keeps the command's queue: winfax 0.1's simulator-state.bin
    beside a default store that does not exist yet is read into it, once,
    and left as it was."""
    folder = _default_folder(tmp_path, monkeypatch)
    device = sim.add_port("Kept from 0.1")
    legacy = os.path.join(folder, "simulator-state.bin")
    sim.export_state(legacy)
    before = open(legacy, "rb").read()
    sim.reset()
    with sim.persistent():
        assert sim.port_count() == 2
    assert open(legacy, "rb").read() == before
    assert os.path.exists(sim_default_path())
    # From then on the store is the state: the old file is not read again.
    with sim.persistent():
        sim.remove_port(device)
    with sim.persistent():
        assert sim.port_count() == 1


def test_a_damaged_winfax_0_1_state_file_is_left_alone(sim, tmp_path, monkeypatch):
    folder = _default_folder(tmp_path, monkeypatch)
    legacy = os.path.join(folder, "simulator-state.bin")
    with open(legacy, "wb") as f:
        f.write(b"not a state")
    with pytest.warns(sim.StateRecoveredWarning, match="simulator-state.bin"):
        with sim.persistent():
            assert sim.port_count() == 1     # a fresh service
    assert open(legacy, "rb").read() == b"not a state"


def test_an_explicit_path_never_reads_a_legacy_file(sim, tmp_path):
    sim.add_port("Only in the old file")
    sim.export_state(tmp_path / "simulator-state.bin")
    sim.reset()
    with sim.persistent(tmp_path / "simulator-state.sqlite"):
        assert sim.port_count() == 1


def test_missing_file(sim, tmp_path):
    device = sim.add_port("Before")
    assert sim.load(tmp_path / "none.bin") is False
    assert sim.port_count() == 2  # untouched
    # persistent() starts a missing file from a fresh service.
    with sim.persistent(tmp_path / "none.bin"):
        assert sim.port_count() == 1
        with winfax.connect() as server:
            assert server.jobs() == []
            assert device not in {p.device_id for p in server.ports()}
    assert (tmp_path / "none.bin").exists()


def _good_file(sim, tmp_path):
    build_rich_state(sim, tmp_path)
    path = tmp_path / "good.bin"
    sim.export_state(path)
    return path.read_bytes()


def _expect_rejected(sim, path, data, before):
    path.write_bytes(data)
    with pytest.raises(OSError) as info:
        sim.import_state(path)
    assert info.value.errno == errno.EINVAL
    assert snapshot() == before


def test_damaged_files_are_rejected_and_change_nothing(sim, tmp_path):
    good = _good_file(sim, tmp_path)
    sim.reset()
    sim.add_port("Current state")
    before = snapshot()
    bad = tmp_path / "bad.bin"
    for cut in (0, 1, 6, 8, 12, 40, len(good) // 3, len(good) // 2, len(good) - 5,
                len(good) - 4, len(good) - 1):
        _expect_rejected(sim, bad, good[:cut], before)
    _expect_rejected(sim, bad, good + b"\0", before)
    _expect_rejected(sim, bad, b"WFXSIX" + good[6:], before)
    # A later version; and version 1 (no record of ended jobs) with 2's body.
    _expect_rejected(sim, bad, good[:6] + (3).to_bytes(2, "little") + good[8:], before)
    _expect_rejected(sim, bad, good[:6] + (1).to_bytes(2, "little") + good[8:], before)
    _expect_rejected(sim, bad, good[:6] + (0).to_bytes(2, "little") + good[8:], before)
    rng = random.Random(1234)
    _expect_rejected(sim, bad, bytes(rng.randrange(256) for _ in range(4096)), before)
    _expect_rejected(sim, bad, good[:8] + bytes(rng.randrange(256) for _ in range(4096)),
                     before)
    # A count far beyond the file (the device count, right after the next id).
    _expect_rejected(sim, bad, good[:12] + b"\xff\xff\xff\x7f" + good[16:], before)
    # Every single flipped byte is caught (structure or checksum).
    for _ in range(300):
        at = rng.randrange(len(good))
        damaged = bytearray(good)
        damaged[at] ^= 1 << rng.randrange(8)
        bad.write_bytes(damaged)
        with pytest.raises(OSError):
            sim.import_state(bad)
    assert snapshot() == before
    bad.write_bytes(good)
    assert sim.import_state(bad) is True


def test_truncated_at_every_offset(sim, tmp_path):
    sim.add_port("Small")
    with winfax.connect() as server:
        server.send_document(write_tiff(tmp_path / "a.tif", height=2),
                             JobParam(recipient_number="1", recipient_name=UNICODE))
    path = tmp_path / "small.bin"
    sim.export_state(path)
    good = path.read_bytes()
    assert good[:6] == b"WFXSIM"
    bad = tmp_path / "cut.bin"
    for cut in range(len(good)):
        bad.write_bytes(good[:cut])
        with pytest.raises(OSError):
            sim.import_state(bad)


def test_not_a_file(sim, tmp_path):
    with pytest.raises(IsADirectoryError):
        sim.load(tmp_path)
    with pytest.raises(IsADirectoryError):
        sim.import_state(tmp_path)
    for function in (sim.load, sim.import_state, sim.save, sim.export_state):
        with pytest.raises(ValueError, match="null"):
            function("a\0b")
        with pytest.raises(ValueError, match="empty"):
            function("")


def test_persistent_does_not_save_when_the_block_raises(sim, tmp_path):
    path = tmp_path / "state.bin"
    tiff = write_tiff(tmp_path / "f.tif", height=4)
    with sim.persistent(path):
        with winfax.connect() as server:
            kept = server.send_document(tiff, JobParam(recipient_number="kept"))
    saved = path.read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        with sim.persistent(path):
            with winfax.connect() as server:
                server.send_document(tiff, JobParam(recipient_number="lost"))
            sim.add_port("Lost too")
            raise RuntimeError("boom")
    assert path.read_bytes() == saved
    # The lock was released: another open file can take it at once.
    assert_unlocked(path)
    with sim.persistent(path):
        assert sim.port_count() == 1
        with winfax.connect() as server:
            assert [j.job_id for j in server.jobs()] == [kept]


def test_persistent_repeated_and_nested(sim, tmp_path):
    path = tmp_path / "state.bin"
    for i in range(5):
        with sim.persistent(path) as p:
            assert p == os.fspath(path)
            sim.add_port(f"Port {i}")
            # Nested on the same file in the same thread: joins the outer
            # block instead of waiting for its own lock.
            with sim.persistent(path):
                assert sim.port_count() == i + 2
                # save() would wait for the block's own lock: refused.
                with pytest.raises(RuntimeError, match="inside persistent"):
                    sim.save(path)
        # Outside the block nobody holds the lock.
        assert_unlocked(path)
    sim.reset()
    assert sim.load(path) and sim.port_count() == 6


SUBMITTER = textwrap.dedent("""
    import sys
    import winfax
    from winfax import simulator
    path, tag, tiff = sys.argv[1:4]
    for i in range(100):
        with simulator.persistent(path):
            with winfax.connect() as server:
                server.send_document(tiff, winfax.JobParam(recipient_number=f"{tag}-{i:03d}"))
""")


def test_concurrent_processes_lose_and_duplicate_nothing(sim, tmp_path):
    path = tmp_path / "shared.bin"
    tiff = write_tiff(tmp_path / "tiny.tif", height=2)
    # The submitters import the winfax under test (see pyproc), not
    # whatever the source tree holds.
    procs = [
        subprocess.Popen(pyproc.python("-c", SUBMITTER, path, tag, tiff),
                         cwd=tmp_path, env=pyproc.env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for tag in ("A", "B")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert sim.load(path)
    with winfax.connect() as server:
        jobs = server.jobs()
    assert len(jobs) == 200
    assert len({j.job_id for j in jobs}) == 200
    numbers = sorted(j.recipient_number for j in jobs)
    assert numbers == sorted(f"{t}-{i:03d}" for t in "AB" for i in range(100))
    assert sorted(os.listdir(tmp_path)) == ["shared.bin", "shared.bin.documents", "tiny.tif"]


# ---- next ids and file size --------------------------------------------------

def _fresh_state(sim, tmp_path, devices=True):
    """A saved fresh service (with its one device, or none) as bytes."""
    sim.reset()
    if not devices:
        sim.remove_port(sim_first_device())
    path = tmp_path / "fresh.bin"
    sim.export_state(path)
    return bytearray(path.read_bytes())


def sim_first_device():
    with winfax.connect() as server:
        return server.ports()[0].device_id


def _job_next_id_offset(data):
    """Where the jobs' next id is in a state file without documents (the
    layout is described at the top of src/faxsim/sim_persist.c)."""
    at = 8 + 4                                   # header, device next id
    (count,) = struct.unpack_from("<I", data, at)
    at += 4
    for _ in range(count):
        at += 6 * 4                              # id .. job id
        for _ in range(3):                       # name, tsid, csid
            (units,) = struct.unpack_from("<I", data, at)
            at += 4 + (0 if units == 0xFFFFFFFF else 2 * units)
    (documents,) = struct.unpack_from("<I", data, at)
    assert documents == 0
    return at + 4


def _with_next_id(data, offset, value):
    changed = bytearray(data)
    struct.pack_into("<I", changed, offset, value)
    body = bytes(changed[:-4])
    return body + struct.pack("<I", zlib.crc32(body))


def test_a_job_next_id_of_0_is_rejected(sim, tmp_path):
    # It would make 0, which no job may have, the next job's id.
    data = _fresh_state(sim, tmp_path)
    before = snapshot()
    _expect_rejected(sim, tmp_path / "bad.bin",
                     _with_next_id(data, _job_next_id_offset(data), 0), before)


def test_job_ids_run_out_instead_of_wrapping(sim, tmp_path):
    # The last job id is 0xFFFFFFFE (0xFFFFFFFF is an event's "no job");
    # after it, queuing fails rather than reuse 0, 1, ... or hand out
    # FAX_EVENTW's no-job value.
    data = _fresh_state(sim, tmp_path)
    path = tmp_path / "high.bin"
    path.write_bytes(_with_next_id(data, _job_next_id_offset(data), 0xFFFFFFFE))
    assert sim.import_state(path) is True
    tiff = write_tiff(tmp_path / "a.tif")
    with winfax.connect() as server:
        assert server.send_document(tiff, JobParam(recipient_number="1")) == 0xFFFFFFFE
        with pytest.raises(OSError) as info:
            server.send_document(tiff, JobParam(recipient_number="2"))
        assert info.value.winerror == 8  # ERROR_NOT_ENOUGH_MEMORY: no id left
        with pytest.raises(OSError):
            server.send_broadcast(tiff, [JobParam(recipient_number="3")])
        assert [j.job_id for j in server.jobs()] == [0xFFFFFFFE]
    # A state whose ids are used up is one the service reached: it saves
    # and loads, and stays used up (in either format).
    sim.export_state(path)
    assert sim.import_state(path) is True
    store = tmp_path / "high.db"
    sim.save(store)
    sim.reset()
    assert sim.load(store) is True
    with winfax.connect() as server:
        with pytest.raises(OSError):
            server.send_document(tiff, JobParam(recipient_number="4"))
        assert [j.job_id for j in server.jobs()] == [0xFFFFFFFE]


def test_device_next_id_must_be_one_the_service_could_reach(sim, tmp_path):
    data = _fresh_state(sim, tmp_path, devices=False)
    before = snapshot()
    for value in (0, 1, 0x10000):  # device ids start at 0x10001
        _expect_rejected(sim, tmp_path / "bad.bin", _with_next_id(data, 8, value), before)
    path = tmp_path / "last.bin"
    path.write_bytes(_with_next_id(data, 8, 0xFFFFFFFE))
    assert sim.import_state(path) is True
    assert sim.add_port("Last") == 0xFFFFFFFE
    with pytest.raises(MemoryError):  # add_port's answer for "no device added"
        sim.add_port("One too many")
    assert sim.port_count() == 1


def test_state_files_have_a_maximum_size(sim, tmp_path):
    # A file past the maximum is refused before any of it is read, so a
    # stray large file never makes the process allocate its size.
    sim.add_port("Current state")
    before = snapshot()
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(sim.STATE_FILE_MAX + 1)  # sparse: no disk space used
    with pytest.raises(OSError) as info:
        sim.import_state(big)
    assert info.value.errno == errno.EFBIG
    assert str(sim.STATE_FILE_MAX) in str(info.value)
    assert snapshot() == before


# The default store's first command reads winfax 0.1's file with
# import_state(), so the same limits apply: a file past them is left alone
# unread, with a warning saying why, and the service starts fresh.

def test_a_winfax_0_1_state_file_with_an_unreachable_next_id_is_left_alone(sim, tmp_path,
                                                                            monkeypatch):
    data = _fresh_state(sim, tmp_path)
    legacy = os.path.join(_default_folder(tmp_path, monkeypatch), "simulator-state.bin")
    with open(legacy, "wb") as f:
        f.write(_with_next_id(data, _job_next_id_offset(data), 0))
    sim.add_port("Not from the old file")
    with pytest.warns(sim.StateRecoveredWarning, match="damaged"):
        with sim.persistent():
            assert sim.port_count() == 1     # a fresh service
            with winfax.connect() as server:
                assert server.send_document(write_tiff(tmp_path / "a.tif"),
                                            JobParam(recipient_number="1")) == 1


def test_a_winfax_0_1_state_file_past_the_maximum_size_is_left_alone(sim, tmp_path,
                                                                      monkeypatch):
    legacy = os.path.join(_default_folder(tmp_path, monkeypatch), "simulator-state.bin")
    with open(legacy, "wb") as f:
        f.truncate(sim.STATE_FILE_MAX + 1)   # sparse: no disk space used
    sim.add_port("Not from the old file")
    with pytest.warns(sim.StateRecoveredWarning, match=f"at most {sim.STATE_FILE_MAX} bytes"):
        with sim.persistent():
            assert sim.port_count() == 1
    assert os.path.getsize(legacy) == sim.STATE_FILE_MAX + 1


def test_store_round_trip_restores_everything(sim, tmp_path):
    # The same varied state through the store (one row per job, documents
    # by digest, read back lazily) instead of the single file.
    build_rich_state(sim, tmp_path)
    before = snapshot()
    path = tmp_path / "state.db"
    sim.save(path)
    sim.reset()
    assert snapshot() != before
    assert sim.load(path) is True
    assert snapshot() == before
    # The documents are read from their files when the pages are needed,
    # and then hold the bytes they were queued with.
    exported = tmp_path / "export.bin"
    sim.export_state(exported)
    sim.reset()
    assert sim.import_state(exported) is True
    assert snapshot() == before
    # Saving what was loaded changes no row.
    assert sim.load(path) is True
    data = path.read_bytes()
    sim.save(path)
    assert path.read_bytes() == data
