"""The store that keeps the simulator's state between winfax commands
(winfax/_state_store.py, sim_snapshot.c): what a command writes, what a
crash leaves, what a damaged or read-only store still gives, and what the
errors name."""

import errno
import hashlib
import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import textwrap
import warnings
import zlib

import pytest

import pyproc
import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from test_cli import one_line_error, run, run_json, state_file
from winfax import JobCommand, JobParam

pytestmark = needs_simulator

ON_WINDOWS = sys.platform == "win32"


@pytest.fixture
def state(tmp_path):
    return state_file(tmp_path)


def documents(state):
    folder = f"{state}.documents"
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def files_of(state):
    """Every file of the store, with its bytes and modification time."""
    found = {}
    for folder in (os.path.dirname(state), f"{state}.documents"):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    found[path] = (f.read(), os.stat(path).st_mtime_ns)
    return found


def queue(sim, state, tiff, numbers):
    with sim.persistent(state):
        with winfax.connect() as server:
            return [server.send_document(tiff, JobParam(recipient_number=n)) for n in numbers]


def job_ids(sim, state):
    with sim.persistent(state):
        with winfax.connect() as server:
            return [j.job_id for j in server.jobs()]


# ---- what a command writes ----------------------------------------------------

def test_read_only_commands_write_nothing(sim, state, tmp_path):
    tiff = write_tiff(tmp_path / "a.tif", pages=2)
    run(state, "send", tiff, "1", "-q")
    before = files_of(state)
    for command in (["jobs"], ["ports"], ["job", "1"], ["status"], ["config"]):
        run(state, *command)
    assert files_of(state) == before
    # A unit of work that changes nothing commits nothing either.
    with sim.persistent(state):
        with winfax.connect() as server:
            server.jobs()
    assert files_of(state) == before


def test_a_document_is_stored_once_and_not_rewritten(sim, state, tmp_path):
    tiff = write_tiff(tmp_path / "a.tif", pages=3)
    queue(sim, state, tiff, ["1", "2"])
    (digest,) = documents(state)    # two jobs, one document (same bytes)
    stored = files_of(state)[os.path.join(f"{state}.documents", digest)]
    # Pausing a job rewrites that job's row, not the document.
    with sim.persistent(state):
        with winfax.connect() as server:
            server.set_job(1, JobCommand.PAUSE)
    assert files_of(state)[os.path.join(f"{state}.documents", digest)] == stored
    # The document goes once no job sends it (by the next unit of work
    # that writes, under its lock).
    with sim.persistent(state):
        with winfax.connect() as server:
            server.abort(1)
            server.abort(2)
    queue(sim, state, write_tiff(tmp_path / "b.tif"), ["3"])
    assert len(documents(state)) == 1 and documents(state) != [digest]


def test_a_restored_document_is_read_when_its_pages_are_needed(sim, state, tmp_path):
    tiff = write_tiff(tmp_path / "a.tif", pages=2)
    (job,) = queue(sim, state, tiff, ["1"])
    with winfax.connect() as server:
        expected = server.page_data(job)
    sim.reset()
    with sim.persistent(state):
        with winfax.connect() as server:
            assert server.page_data(job) == expected
    # A document file changed behind the store's back is not the one the
    # job was queued with: the pages are refused, not made up.
    (digest,) = documents(state)
    path = os.path.join(f"{state}.documents", digest)
    data = bytearray(open(path, "rb").read())
    data[-1] ^= 1
    with open(path, "wb") as f:
        f.write(data)
    sim.reset()
    with sim.persistent(state):
        with winfax.connect() as server:
            with pytest.raises(OSError) as info:
                server.page_data(job)
    assert info.value.winerror == 13  # ERROR_INVALID_DATA


# ---- crashes ------------------------------------------------------------------

SLOW_SAVER = textwrap.dedent("""
    import sys
    import winfax
    from winfax import simulator
    state, tiff = sys.argv[1:3]
    print("ready", flush=True)
    with simulator.persistent(state):
        with winfax.connect() as server:
            server.send_document(tiff, winfax.JobParam(recipient_number="big"))
""")


def test_kill_during_a_save_leaves_nothing_a_later_command_keeps(sim, state, tmp_path):
    small = write_tiff(tmp_path / "small.tif")
    queue(sim, state, small, ["kept"])
    # About 40 MB: long enough to write that the kill lands inside it.
    big = write_tiff(tmp_path / "big.tif", pages=40, height=4800)
    for _attempt in range(5):
        proc = subprocess.Popen(pyproc.python("-c", SLOW_SAVER, state, big), cwd=tmp_path,
                                env=pyproc.env(), stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "ready\n"
        caught = False
        while proc.poll() is None:
            if any(".tmp." in name for name in documents(state)):
                proc.kill()     # SIGKILL; TerminateProcess on Windows
                caught = True
                break
        proc.wait(timeout=60)
        proc.stdout.close()
        if caught:
            break
        # It finished first: take its job out and try again.
        with sim.persistent(state):
            with winfax.connect() as server:
                for job in server.jobs():
                    if job.recipient_number == "big":
                        server.abort(job.job_id)
    else:
        pytest.skip("the save ended before a kill could land inside it")
    assert any(".tmp." in name for name in documents(state))
    # The next command, read-only included, finds the last committed state
    # and removes what the killed one left.
    out = run_json(state, "jobs")
    assert [j["recipient_number"] for j in out] == ["kept"]
    assert len(documents(state)) == 1
    assert not any(".tmp." in name for name in documents(state))
    assert sorted(os.listdir(os.path.dirname(state))) == [os.path.basename(state),
                                                          os.path.basename(state) + ".documents"]


KILLED_BEFORE_COMMIT = textwrap.dedent("""
    import os, signal, sys
    import winfax
    from winfax import simulator, _state_store
    state, tiff = sys.argv[1:3]
    real_close = _state_store.Store.close
    def close(self, commit):
        if commit:
            # Rows and document written, the commit not: die here.
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        real_close(self, commit)
    _state_store.Store.close = close
    with simulator.persistent(state):
        with winfax.connect() as server:
            server.send_document(tiff, winfax.JobParam(recipient_number="lost"))
""")


def test_kill_before_the_commit_keeps_the_old_state(sim, state, tmp_path):
    queue(sim, state, write_tiff(tmp_path / "a.tif"), ["kept"])
    other = write_tiff(tmp_path / "b.tif", pages=2)
    proc = subprocess.run(pyproc.python("-c", KILLED_BEFORE_COMMIT, state, other),
                          cwd=tmp_path, env=pyproc.env(), capture_output=True, timeout=120)
    assert proc.returncode != 0
    # SQLite's journal and the document no committed row names.
    assert len(documents(state)) == 2
    out = run_json(state, "jobs")
    assert [j["recipient_number"] for j in out] == ["kept"]
    assert len(documents(state)) == 1
    assert sorted(os.listdir(os.path.dirname(state))) == [os.path.basename(state),
                                                          os.path.basename(state) + ".documents"]


# ---- damage -------------------------------------------------------------------

def _damage(state, sql, *args):
    connection = sqlite3.connect(state)
    with connection:
        connection.execute(sql, args)
    connection.close()


def test_a_damaged_job_row_costs_that_job(sim, state, tmp_path):
    ids = queue(sim, state, write_tiff(tmp_path / "a.tif"), ["1", "2", "3"])
    # One byte of its page count changed (and the row's type with it: ||
    # makes text of the blob, which must cost no more than the row).
    _damage(state, "UPDATE jobs SET record = substr(record, 1, 16) || x'07' || "
                   "substr(record, 18) WHERE id = ?", ids[1])
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match=rf"{re.escape(str(state))}.*1 job.*: {ids[1]}$"):
        assert sim.load(state) is True
    with winfax.connect() as server:
        assert [j.job_id for j in server.jobs()] == [ids[0], ids[2]]
    # The next save makes the loss final (and says nothing more).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.warns(sim.StateRecoveredWarning):
            with sim.persistent(state):
                pass
        assert job_ids(sim, state) == [ids[0], ids[2]]


def test_a_damaged_service_record_keeps_the_jobs(sim, state, tmp_path):
    sim.add_port("Extra")
    ids = queue(sim, state, write_tiff(tmp_path / "a.tif"), ["1", "2"])
    _damage(state, "UPDATE service SET record = x'00' || substr(record, 2)")
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match="service settings"):
        assert sim.load(state) is True
    assert sim.port_count() == 1    # a fresh installation's one device
    with winfax.connect() as server:
        assert [j.job_id for j in server.jobs()] == ids
        # Ids go on after the jobs kept, never again from 1.
        assert server.send_document(write_tiff(tmp_path / "b.tif"),
                                    JobParam(recipient_number="3")) > ids[-1]


def test_a_missing_document_costs_its_jobs(sim, state, tmp_path):
    a = write_tiff(tmp_path / "a.tif")
    b = write_tiff(tmp_path / "b.tif", pages=2)
    a_digest = hashlib.sha256(a.read_bytes()).hexdigest()
    (first,) = queue(sim, state, a, ["1"])
    second, third = queue(sim, state, b, ["2", "3"])
    with sim.persistent(state):
        with winfax.connect() as server:
            a_pages = server.page_data(first)
    assert a_digest in documents(state) and len(documents(state)) == 2
    os.remove(os.path.join(f"{state}.documents", a_digest))
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match=rf"1 job.*: {first}$"):
        with sim.persistent(state):
            with winfax.connect() as server:
                assert [j.job_id for j in server.jobs()] == [second, third]
    # The loss is final, and the same bytes queued again are stored again.
    (again,) = queue(sim, state, a, ["4"])
    assert a_digest in documents(state)
    sim.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert job_ids(sim, state) == [second, third, again]
        with sim.persistent(state):
            with winfax.connect() as server:
                assert server.page_data(again) == a_pages


def test_not_a_state_is_refused_and_reset_replaces_it(sim, state):
    state.write_bytes(b"SQLite format 3\0" + b"\xff" * 200)
    with pytest.raises(OSError) as info:
        sim.load(state)
    assert info.value.filename == str(state)
    _, err = run(state, "jobs", expect=1)
    one_line_error(err, f"cannot load the simulator state {state}", "winfax simulator reset")
    run(state, "simulator", "reset")
    assert run_json(state, "jobs") == []


# ---- next ids -----------------------------------------------------------------
# The store's rows must not bring back what the single-file loader refuses
# (test_sim_persist.py): a next job id the service could not have reached,
# or a job id that would make the next one wrap to 0.

def _read_row(state, sql, *args):
    connection = sqlite3.connect(state)
    try:
        return connection.execute(sql, args).fetchone()[0]
    finally:
        connection.close()


def _with_crc(body):
    """A record of the snapshot's: its bytes and their CRC-32 (sim_snapshot.c)."""
    return bytes(body) + struct.pack("<I", zlib.crc32(bytes(body)))


def _set_service_job_next_id(state, value):
    """The service row with its next job id set to `value` and its checksum
    made right again: a record the service wrote, with an impossible value
    (the record starts with the devices as sim_persist.c's write_ports
    writes them, then the next job id)."""
    record = bytearray(_read_row(state, "SELECT record FROM service")[:-4])
    at = 4                                       # the devices' next id
    (count,) = struct.unpack_from("<I", record, at)
    at += 4
    for _ in range(count):
        at += 6 * 4                              # device id .. job id
        for _ in range(3):                       # name, tsid, csid
            (units,) = struct.unpack_from("<I", record, at)
            at += 4 + (0 if units == 0xFFFFFFFF else 2 * units)
    struct.pack_into("<I", record, at, value)
    _damage(state, "UPDATE service SET record = ?", _with_crc(record))


def _reload_without_warning(sim, state):
    """A fresh service, then the store's state, which must come back whole
    (any StateRecoveredWarning fails the test)."""
    sim.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sim.load(state) is True


def test_a_stored_job_next_id_of_0_costs_the_service_record(sim, state, tmp_path):
    # Job id 0 is no job's: the record is refused as a damaged one (a fresh
    # installation's settings), and the next job gets id 1, not 0.
    with sim.persistent(state):
        sim.add_port("Extra")
    _set_service_job_next_id(state, 0)
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match="service settings"):
        assert sim.load(state) is True
    assert sim.port_count() == 1
    with winfax.connect() as server:
        assert server.send_document(write_tiff(tmp_path / "a.tif"),
                                    JobParam(recipient_number="1")) == 1


def test_a_stored_device_next_id_the_service_cannot_reach_costs_the_service_record(sim, state):
    # Device ids start at 0x10001: a record whose next id is below that
    # (here with no devices, whose own ids would give it away) is refused
    # like a damaged one; a fresh installation's devices replace it.
    with sim.persistent(state):
        with winfax.connect() as server:
            sim.remove_port(server.ports()[0].device_id)
    record = bytearray(_read_row(state, "SELECT record FROM service")[:-4])
    assert struct.unpack_from("<I", record, 4) == (0,)  # no devices
    struct.pack_into("<I", record, 0, 0x10000)         # the devices' next id
    _damage(state, "UPDATE service SET record = ?", _with_crc(record))
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match="service settings"):
        assert sim.load(state) is True
    assert sim.port_count() == 1
    assert sim.add_port("Next") == 0x10002


def test_stored_job_ids_run_out_instead_of_wrapping(sim, state, tmp_path):
    # 0xFFFFFFFF as the next id means the ids are used up (0xFFFFFFFF is
    # FAX_EVENTW's "no job"): a state the service can reach, restored as it
    # is, and queuing then fails instead of handing out 0xFFFFFFFF or 0.
    tiff = write_tiff(tmp_path / "a.tif")
    (first,) = queue(sim, state, tiff, ["1"])
    _set_service_job_next_id(state, 0xFFFFFFFF)
    _reload_without_warning(sim, state)
    with winfax.connect() as server:
        with pytest.raises(OSError) as info:
            server.send_document(tiff, JobParam(recipient_number="2"))
        assert info.value.winerror == 8  # ERROR_NOT_ENOUGH_MEMORY: no id left
        assert [j.job_id for j in server.jobs()] == [first]


def test_a_stored_job_with_id_0xffffffff_is_lost_not_restored(sim, state, tmp_path):
    # A job row (and record) with id 0xFFFFFFFF: no job can have it, and
    # the next id after it would wrap to 0.  That job is reported lost.
    tiff = write_tiff(tmp_path / "a.tif")
    first, second = queue(sim, state, tiff, ["1", "2"])
    record = bytearray(_read_row(state, "SELECT record FROM jobs WHERE id = ?", second)[:-4])
    struct.pack_into("<I", record, 0, 0xFFFFFFFF)  # the record's own id first
    _damage(state, "UPDATE jobs SET id = ?, record = ? WHERE id = ?",
            0xFFFFFFFF, _with_crc(record), second)
    sim.reset()
    with pytest.warns(sim.StateRecoveredWarning, match=r"1 job.*: 4294967295$"):
        assert sim.load(state) is True
    with winfax.connect() as server:
        assert [j.job_id for j in server.jobs()] == [first]
        assert server.send_document(tiff, JobParam(recipient_number="3")) == second + 1


def test_ids_go_on_after_the_stored_jobs_whatever_the_service_row_says(sim, state, tmp_path):
    # Job rows newer than the service row's next id (another process's, or
    # a hand-edited row): ids never repeat one that is queued.
    tiff = write_tiff(tmp_path / "a.tif")
    ids = queue(sim, state, tiff, ["1", "2", "3"])
    _set_service_job_next_id(state, 1)
    _reload_without_warning(sim, state)
    with winfax.connect() as server:
        assert server.send_document(tiff, JobParam(recipient_number="4")) == ids[-1] + 1


# ---- size ---------------------------------------------------------------------
# As the single-file loader (test_sim_persist.py), the store refuses a state
# past STATE_FILE_MAX before reading any of it, and never writes one.

def test_a_store_past_the_maximum_size_is_refused_before_it_is_read(sim, state, tmp_path):
    queue(sim, state, write_tiff(tmp_path / "a.tif"), ["1"])
    # Still a database SQLite reads (its header gives its own size), and
    # as large as a state must not be: sparse, so no disk space is used.
    with open(state, "r+b") as f:
        f.truncate(sim.STATE_FILE_MAX + 1)
    sim.reset()
    sim.add_port("Current state")
    for attempt in (lambda: sim.load(state), lambda: job_ids(sim, state),
                    lambda: sim.save(state)):
        with pytest.raises(OSError) as info:
            attempt()
        assert info.value.errno == errno.EFBIG
        assert str(sim.STATE_FILE_MAX) in str(info.value)
        assert info.value.filename == str(state)
        assert sim.port_count() == 2 and sim.job_count() == 0  # untouched
    # The command says so, and a reset starts afresh.
    _, err = run(state, "jobs", expect=1)
    one_line_error(err, f"cannot load the simulator state {state}", "winfax simulator reset")
    run(state, "simulator", "reset")
    assert run_json(state, "jobs") == []
    assert os.path.getsize(state) < sim.STATE_FILE_MAX


def test_a_change_that_would_make_the_store_too_large_is_not_written(sim, state, tmp_path,
                                                                    monkeypatch):
    from winfax import _state_store

    tiff = write_tiff(tmp_path / "a.tif")
    first = queue(sim, state, tiff, ["1"])
    stored = files_of(state)[str(state)]
    # A maximum a little past the store as it is (a real one takes 256 MiB).
    monkeypatch.setattr(_state_store, "STATE_FILE_MAX", len(stored[0]) + 8192)
    with pytest.raises(OSError) as info:
        queue(sim, state, tiff, [str(n) * 100 for n in range(1, 10)] * 10)
    assert info.value.errno == errno.EFBIG
    assert info.value.filename == str(state)
    assert files_of(state)[str(state)][0] == stored[0]
    assert job_ids(sim, state) == first


# ---- paths and permissions ----------------------------------------------------

def test_a_missing_folder_is_an_error_that_names_it(state, tmp_path):
    mistyped = tmp_path / "no-such-folder" / "state.db"
    _, err = run(state, "--state", mistyped, "jobs", expect=1)
    one_line_error(err, f"its folder {mistyped.parent} does not exist")
    assert not mistyped.parent.exists()


def _make_read_only(path):
    """Make `path` (file or folder) read-only for this process, root
    included (the immutable attribute); False where that cannot be done."""
    if ON_WINDOWS:
        return False
    if os.geteuid() != 0:
        os.chmod(path, 0o500 if os.path.isdir(path) else 0o400)
        return True
    try:
        subprocess.run(["chattr", "+i", os.fspath(path)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def _make_writable(path):
    if os.geteuid() != 0:
        os.chmod(path, 0o700 if os.path.isdir(path) else 0o600)
    else:
        subprocess.run(["chattr", "-i", os.fspath(path)], check=True, capture_output=True)


@pytest.fixture
def read_only(request):
    made = []

    def make(path):
        if not _make_read_only(path):
            pytest.skip("no way to make a file read-only for this process here")
        made.append(path)

    yield make
    for path in reversed(made):
        _make_writable(path)


def test_read_only_commands_work_in_a_read_only_folder(sim, state, tmp_path, read_only):
    run(state, "send", write_tiff(tmp_path / "a.tif"), "1", "-q")
    before = files_of(state)
    read_only(f"{state}.documents")
    read_only(state.parent)
    assert [j["job_id"] for j in run_json(state, "jobs")] == [1]
    run(state, "ports")
    # A change cannot be saved: the error names the state, and nothing changed.
    _, err = run(state, "pause", "1", expect=1)
    one_line_error(err, f"simulator state {state}")
    assert files_of(state) == before


def test_a_read_only_state_file_is_named_in_the_error(sim, state, tmp_path, read_only):
    run(state, "send", write_tiff(tmp_path / "a.tif"), "1", "-q")
    read_only(state)
    assert [j["job_id"] for j in run_json(state, "jobs")] == [1]
    with pytest.raises(PermissionError) as info:
        with sim.persistent(state):
            sim.add_port("Cannot be saved")
    assert info.value.filename == str(state)
    _, err = run(state, "simulator", "add-port", "Other", expect=1)
    one_line_error(err, f"cannot save the simulator state {state}", "cannot be written")


def test_the_command_says_what_a_damaged_state_lost(state, tmp_path):
    tiff = write_tiff(tmp_path / "a.tif")
    for number in ("1", "2"):
        run(state, "send", tiff, number, "-q")
    _damage(state, "UPDATE jobs SET record = x'00' WHERE id = 1")
    proc = subprocess.run(pyproc.python("-m", "winfax", "--state", state, "jobs", "--json"),
                          capture_output=True, text=True, env=pyproc.env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [j["job_id"] for j in json.loads(proc.stdout)] == [2]
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"winfax: warning: the simulator state {state} was damaged")
    assert line.endswith("1 job(s) that could not be recovered: 1")


def test_save_and_load_take_bytes_paths_too(sim, tmp_path):
    """As every path argument of winfax.simulator does (os.fsencode'd)."""
    path = tmp_path / "state.sqlite"
    sim.reset()
    device = sim.add_port("Modem 2")
    sim.save(os.fsencode(path))
    sim.reset()
    assert sim.load(os.fsencode(path)) is True
    assert sim.port_count() == 2 and device
    assert sim.load(os.fsencode(tmp_path / "absent.sqlite")) is False
