"""Printing to the fax printer (FaxStartPrintJobW, FaxPrintCoverPageW) and
finishing the print job (EndDoc or AbortDoc, then DeleteDC), which
FaxStartPrintJobW's page requires of the application.  The simulator models
the job and its cover page without drawing."""

import ctypes
import gc
import threading
import warnings

import pytest

import winfax
from api_table import finish_print_job
from conftest import needs_simulator
from winfax import ContextInfo, CoverPageInfo, PrintInfo, PrintJob, _testhooks

pytestmark = needs_simulator

ERROR_INVALID_HANDLE = 6
ERROR_INVALID_PARAMETER = 87
ERROR_INVALID_PRINTER_NAME = 1801
ERROR_SPL_NO_STARTDOC = 3003

# Off Windows the simulator provides EndDoc, AbortDoc and DeleteDC too.  With
# the simulator installed as WINFAX.dll (CI, under Wine) those calls go to
# the real gdi32, which knows nothing of the simulator's device contexts:
# there a print job can be started but not finished, and the fax job it
# would become never reaches the simulated queue.
needs_simulated_gdi = pytest.mark.skipif(
    winfax.backend == "windows",
    reason="EndDoc/AbortDoc/DeleteDC are gdi32's on Windows, and gdi32 cannot "
    "finish a print job whose device context the simulator made up",
)

INFO = PrintInfo(recipient_number="555", doc_name="Memo")


def queued():
    with winfax.connect() as s:
        return s.jobs()


def test_start_print_job_returns_the_open_print_job(sim):
    job = winfax.start_print_job(None, INFO)
    try:
        assert type(job) is PrintJob and job.state == "open" and not job.closed
        assert isinstance(job.job_id, int) and job.job_id >= 1000  # the spooler's id
        assert isinstance(job.context, ContextInfo) and job.context.hdc == job.hdc != 0
        # FAX_CONTEXT_INFO's page: empty when the fax server is local.
        assert job.context.server_name == ""
        assert repr(job) == f"<winfax.PrintJob job_id={job.job_id} hdc={job.hdc:#x} open>"
        # Windows queues the fax when the document is complete, not before.
        assert queued() == []
        if winfax.backend != "windows":  # DeleteDC is gdi32's there: not counted
            assert sim.open_print_jobs() == 1
    finally:
        finish_print_job(job, end=False)


def test_the_docstrings_say_whose_id_it_is():
    for doc in (winfax.start_print_job.__doc__, PrintJob.__doc__, PrintJob.job_id.__doc__):
        assert "spooler" in doc and "not" in doc


@needs_simulated_gdi
def test_start_print_job_queues_a_fax(sim):
    """...when the block ends the document (EndDoc), not before."""
    with winfax.start_print_job(None, INFO) as job:
        assert queued() == []
    assert job.state == "ended" and job.closed
    assert repr(job).endswith(" ended>")
    jobs = queued()
    assert [(j.recipient_number, j.document_name, j.page_count) for j in jobs] == [
        ("555", "Memo", 0)
    ]
    assert sim.open_print_jobs() == 0


@needs_simulated_gdi
def test_an_exception_in_the_block_aborts_the_print_job(sim):
    with pytest.raises(ZeroDivisionError):
        with winfax.start_print_job(None, INFO) as job:
            1 / 0
    assert job.state == "aborted"
    assert queued() == []
    assert sim.open_print_jobs() == 0


@needs_simulated_gdi
def test_end_and_abort_finish_once_and_then_do_nothing(sim):
    job = winfax.start_print_job(None, INFO)
    assert job.end() is None
    assert job.end() is None and job.abort() is None
    assert job.state == "ended"
    assert len(queued()) == 1

    other = winfax.start_print_job(None, INFO)
    other.abort()
    other.end()
    assert other.state == "aborted"
    assert len(queued()) == 1
    assert sim.open_print_jobs() == 0


@needs_simulated_gdi
def test_racing_threads_finish_each_job_exactly_once(sim):
    jobs = [winfax.start_print_job(None, INFO) for _ in range(50)]
    errors = []

    def finish(method):
        try:
            for job in jobs:
                getattr(job, method)()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=finish, args=(m,)) for m in ("end", "abort") * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # A second EndDoc or DeleteDC on a device context would fail in the
    # service (and raise here): none did.
    assert errors == []
    states = [job.state for job in jobs]
    assert set(states) <= {"ended", "aborted"}
    assert len(queued()) == states.count("ended")
    assert sim.open_print_jobs() == 0
    assert sim.violations() == 0


def test_a_dropped_print_job_warns_and_leaves_the_device_context(sim):
    # Code written for the old (job_id, context) tuple unpacks the job and
    # drops it, then draws into context.hdc itself: the object must not
    # delete that device context behind its back.
    with pytest.warns(ResourceWarning, match="neither ended nor aborted"):
        job_id, context = winfax.start_print_job(None, INFO)
        gc.collect()
    assert job_id >= 1000 and isinstance(context, ContextInfo)
    if winfax.backend != "windows":  # DeleteDC is gdi32's there: not counted
        assert sim.open_print_jobs() == 1


def test_a_finished_print_job_does_not_warn(sim):
    if winfax.backend == "windows":
        pytest.skip(needs_simulated_gdi.kwargs["reason"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        with winfax.start_print_job(None, INFO):
            pass
        gc.collect()


@needs_simulated_gdi
def test_a_failure_after_the_print_job_started_releases_it(sim):
    # The ContextInfo record is the first thing the binding allocates once
    # FaxStartPrintJobW has succeeded.
    _testhooks.fail_records_after(1)
    try:
        with pytest.raises(MemoryError):
            winfax.start_print_job(None, INFO)
    finally:
        _testhooks.fail_records_after(0)
    assert sim.open_print_jobs() == 0
    assert queued() == []  # aborted, not sent
    assert sim.calls("FaxStartPrintJobW") == 1


def test_any_one_failed_allocation_in_start_print_job_leaks_nothing(sim):
    """Each allocation start_print_job makes, failed in turn (CPython's own
    hook, _testcapi.set_nomemory), including the PrintJob object and its
    lock after FaxStartPrintJobW succeeded: the started job is aborted and
    its device context deleted, whichever one failed."""
    testcapi = pytest.importorskip("_testcapi")
    after_the_start = successes_in_a_row = 0
    for n in range(1, 500):
        started = sim.calls("FaxStartPrintJobW")
        testcapi.set_nomemory(n, n + 1)
        try:
            job = winfax.start_print_job(None, INFO)
        except MemoryError:
            job = None
        finally:
            testcapi.remove_mem_hooks()
        if job is None:
            after_the_start += sim.calls("FaxStartPrintJobW") > started
            successes_in_a_row = 0
            assert sim.open_print_jobs() == 0, f"allocation {n} failed"
            continue
        job.abort()
        # A few in a row: past the call's last allocation.
        successes_in_a_row += 1
        if successes_in_a_row == 5:
            break
    else:
        pytest.fail("start_print_job never got past the failed allocations")
    assert sim.open_print_jobs() == 0
    assert queued() == []
    # Failures after FaxStartPrintJobW had succeeded: the PrintJob object
    # and its lock at least.
    assert after_the_start >= 2


@needs_simulated_gdi
def test_a_failed_end_still_releases_the_device_context(sim):
    # Somebody else deleted the device context (through the simulator's
    # gdi32 stand-in): EndDoc fails, and end() says so.
    job = winfax.start_print_job(None, INFO)
    library = ctypes.CDLL(winfax.simulator._name)
    assert library.DeleteDC(ctypes.c_void_p(job.hdc)) == 1
    with pytest.raises(OSError) as info:
        job.end()
    assert info.value.winerror == ERROR_INVALID_HANDLE
    assert job.state == "failed"
    job.end()  # finished: nothing more happens
    assert queued() == []
    assert sim.open_print_jobs() == 0


@needs_simulated_gdi
def test_print_cover_page_adds_a_page(sim):
    with winfax.start_print_job("Fax", PrintInfo(recipient_number="1")) as job:
        winfax.print_cover_page(job.context, CoverPageInfo(use_server_cover_page=True, subject="Hi"))
    assert [j.page_count for j in queued()] == [1]


@needs_simulated_gdi
def test_no_cover_page_once_the_document_ended(sim):
    with winfax.start_print_job(None, INFO) as job:
        pass
    with pytest.raises(OSError) as info:
        winfax.print_cover_page(job.context, CoverPageInfo(use_server_cover_page=True))
    assert info.value.winerror == ERROR_SPL_NO_STARTDOC


def test_print_errors(sim, tmp_path):
    with pytest.raises(OSError) as info:
        winfax.start_print_job("Laser 9000", PrintInfo(recipient_number="1"))
    assert info.value.winerror == ERROR_INVALID_PRINTER_NAME
    job = winfax.start_print_job(None, PrintInfo(recipient_number="1"))
    ctx = job.context
    with pytest.raises(FileNotFoundError):
        winfax.print_cover_page(ctx, CoverPageInfo(cover_page_name=str(tmp_path / "none.cov")))
    with pytest.raises(OSError) as info:
        winfax.print_cover_page(ctx.replace(hdc=12345), CoverPageInfo(use_server_cover_page=True))
    assert info.value.winerror == ERROR_SPL_NO_STARTDOC
    with pytest.raises(ValueError, match="at most 15"):
        winfax.print_cover_page(ctx.replace(server_name="X" * 16), CoverPageInfo())
    with pytest.raises(TypeError, match="print_info must be a winfax.PrintInfo"):
        winfax.start_print_job(None, winfax.JobParam())
    with pytest.raises(IndexError):
        job[2]
    assert len(job) == 2 and tuple(job) == (job.job_id, ctx)
    with pytest.raises(TypeError):
        PrintJob()
    finish_print_job(job, end=False)


def test_print_info_members_reserved_by_its_page_must_be_none(sim):
    # FAX_PRINT_INFO's page: OutputFileName is reserved and must be NULL,
    # RecipientNumber is required.  A file name neither stands in for the
    # recipient (the binding names the missing field before the call) nor
    # is accepted beside one, and nothing is left open.
    with pytest.raises(ValueError, match="PrintInfo.recipient_number is None"):
        winfax.start_print_job(None, PrintInfo(output_file_name="fax.tif"))
    with pytest.raises(OSError) as raised:
        winfax.start_print_job(None, PrintInfo(recipient_number="555", output_file_name="fax.tif"))
    assert raised.value.winerror == ERROR_INVALID_PARAMETER
    if winfax.backend != "windows":  # DeleteDC is gdi32's there: not counted
        assert sim.open_print_jobs() == 0
    assert queued() == []


@pytest.mark.skipif(winfax.backend != "windows", reason="off Windows the simulator is gdi32 too")
def test_gdi32_cannot_end_the_simulators_print_job(sim):
    # Why the tests above skip on Windows: the device context comes from the
    # simulator installed as WINFAX.dll, so the real EndDoc refuses it (and
    # so would DeleteDC); end() reports that, and the job is finished for
    # Python all the same.
    job = winfax.start_print_job(None, INFO)
    with pytest.raises(OSError) as info:
        job.end()
    assert info.value.winerror != 0
    assert job.state == "failed" and job.closed
    job.end()  # nothing more happens
    assert queued() == []
