"""Sending and the job queue: send_document, send_broadcast, jobs, get_job,
set_job, abort, page_data, complete_job_params."""

import datetime
import pathlib
import threading

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import FAX_WIDTH, write_tiff
from winfax import JobCommand, JobParam, PortState, QueueStatus

pytestmark = needs_simulator


@pytest.fixture
def tiff(tmp_path):
    return write_tiff(tmp_path / "fax.tif", pages=3)


FULL_PARAMS = JobParam(
    recipient_number="+1 555 0100",
    recipient_name="Bob Recipient",
    tsid="TSID-1",
    sender_name="Alice Sender",
    sender_company="ACME",
    sender_dept="Billing",
    billing_code="B-42",
    schedule_action=winfax.ScheduleAction.SPECIFIC_TIME,
    schedule_time=datetime.datetime(2030, 5, 6, 7, 8, 9, 123000, tzinfo=datetime.timezone.utc),
    delivery_report_type=winfax.DeliveryReport.EMAIL,
    delivery_report_address="alice@example.com",
    document_name="Invoice 42",
)


def test_send_document_round_trips_every_parameter(sim, server, tiff):
    job_id = server.send_document(tiff, FULL_PARAMS)
    job = server.get_job(job_id)
    assert job.job_id == job_id
    assert job.job_type is winfax.JobType.SEND
    assert job.queue_status == QueueStatus.PENDING
    assert job.page_count == 3
    assert job.size == tiff.stat().st_size
    assert job.user_name == "user"
    for field in FULL_PARAMS._fields:
        assert getattr(job, field) == getattr(FULL_PARAMS, field), field
    assert server.jobs() == [job]
    assert sim.outstanding_buffers() == 0


def test_unicode_survives_utf16_both_ways(sim, server, tiff):
    name = "Zoë 東京 \U0001f4e0 \ufeffbom"
    job_id = server.send_document(tiff, JobParam(recipient_number="1", recipient_name=name))
    assert server.get_job(job_id).recipient_name == name


def test_page_count_follows_the_tiff(sim, server, tmp_path):
    for pages in (1, 2, 7):
        path = write_tiff(tmp_path / f"p{pages}.tif", pages=pages, big_endian=pages == 2)
        job_id = server.send_document(str(path), JobParam(recipient_number="1"))
        assert server.get_job(job_id).page_count == pages


def test_send_errors(sim, server, tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        server.send_document(tmp_path / "missing.tif", JobParam(recipient_number="1"))
    assert info.value.winerror == 2
    # A type without a print handler, and a .tif that is not a TIFF: the
    # service "cannot process the file" (plain .txt is rendered, see
    # test_sim_documents.py).
    for name in ("letter.pdf", "letter.tif"):
        text = tmp_path / name
        text.write_text("not a fax")
        with pytest.raises(OSError) as info:
            server.send_document(text, JobParam(recipient_number="1"))
        assert info.value.winerror == 13  # ERROR_INVALID_DATA
    assert server.jobs() == []


def test_send_argument_errors(sim, server, tiff):
    with pytest.raises(TypeError, match="params must be a winfax.JobParam"):
        server.send_document(tiff, "+1 555")
    with pytest.raises(TypeError, match="not bytes"):
        server.send_document(bytes(tiff), JobParam(recipient_number="1"))
    with pytest.raises(ValueError, match="null character"):
        server.send_document(str(tiff) + "\0x", JobParam(recipient_number="1"))
    with pytest.raises(ValueError, match="JobParam.recipient_name must not contain a null"):
        server.send_document(tiff, JobParam(recipient_number="1", recipient_name="a\0b"))
    with pytest.raises(TypeError, match="cover_page must be a winfax.CoverPageInfo"):
        server.send_document(tiff, JobParam(recipient_number="1"), JobParam())
    assert sim.calls("FaxSendDocumentW") == 0


def test_send_needs_job_submit(sim, server, tiff):
    sim.deny_access(winfax.AccessRight.JOB_SUBMIT)
    with pytest.raises(PermissionError):
        server.send_document(tiff, JobParam(recipient_number="1"))
    assert server.access_check(winfax.AccessRight.JOB_SUBMIT) is False


def test_lifecycle_dial_send_complete(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    seen = []
    while True:
        sim.advance()
        jobs = server.jobs()
        if not jobs:
            break
        job = jobs[0]
        seen.append((job.status, job.queue_status))
    assert seen[0] == (PortState.DIALING, QueueStatus.INPROGRESS)
    assert [s for s, _ in seen[1:]] == [PortState.SENDING] * 3
    with pytest.raises(OSError) as info:
        server.get_job(job_id)
    assert info.value.winerror == 87


def test_device_status_follows_the_job(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="555", recipient_name="R"))
    sim.advance(2)  # dialing, then page 1
    device = server.ports()[0].device_id
    with server.open_port(device) as port:
        status = port.device_status()
    assert status.status is PortState.SENDING
    assert (status.current_page, status.total_pages) == (1, 3)
    assert status.phone_number == "555" and status.recipient_name == "R"
    assert status.device_id == device
    assert status.submitted_time.tzinfo is datetime.timezone.utc
    assert abs(status.submitted_time - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)
    assert server.get_job(job_id).status is PortState.SENDING


def test_pause_resume_and_delete(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    server.set_job(job_id, JobCommand.PAUSE)
    assert server.get_job(job_id).queue_status & QueueStatus.PAUSED
    sim.advance(3)
    assert server.get_job(job_id).queue_status & QueueStatus.PAUSED  # stays put
    server.set_job(job_id, command=JobCommand.RESUME)
    assert not server.get_job(job_id).queue_status & QueueStatus.PAUSED
    server.set_job(job_id, JobCommand.DELETE)
    assert job_id not in [j.job_id for j in server.jobs()]


def test_set_job_errors(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    with pytest.raises(OSError) as info:
        server.set_job(job_id, JobCommand.UNKNOWN)
    assert info.value.winerror == 87
    with pytest.raises(OSError) as info:
        server.set_job(job_id + 1000, JobCommand.PAUSE)
    assert info.value.winerror == 87
    with pytest.raises(ValueError, match="job_id must be between"):
        server.set_job(-1, JobCommand.PAUSE)


def test_other_users_jobs_need_job_manage(sim, server, tiff):
    sim.set_user("alice")
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    sim.set_user("bob")
    sim.deny_access(winfax.AccessRight.JOB_MANAGE)
    with pytest.raises(PermissionError):
        server.abort(job_id)
    with pytest.raises(PermissionError):
        server.set_job(job_id, JobCommand.PAUSE)
    sim.grant_access(winfax.AccessRight.JOB_MANAGE)
    server.abort(job_id)
    assert server.jobs() == []


def test_failure_and_restart(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    sim.advance()
    sim.fail_job(job_id, "fatal")
    job = server.get_job(job_id)
    assert job.queue_status & QueueStatus.FAILED
    assert job.status is PortState.FATAL_ERROR
    server.set_job(job_id, JobCommand.RESTART)
    assert not server.get_job(job_id).queue_status & QueueStatus.FAILED
    sim.run_queue()
    assert server.jobs() == []


def test_page_data_is_a_single_page_tiff(sim, server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    data, width, height = server.page_data(job_id)
    assert data[:4] == b"II*\0"
    assert (width, height) == (FAX_WIDTH, 64)
    single = pathlib.Path(tiff).with_name("first.tif")
    single.write_bytes(data)
    job2 = server.send_document(single, JobParam(recipient_number="2"))
    assert server.get_job(job2).page_count == 1
    assert sim.outstanding_buffers() == 0


def test_complete_job_params_fills_the_sender(sim):
    sim.set_user("carol")
    params, cover = winfax.complete_job_params()
    assert isinstance(params, JobParam) and isinstance(cover, winfax.CoverPageInfo)
    assert params.sender_name == "carol"
    assert cover.sdr_name == "carol"
    assert sim.outstanding_buffers() == 0
    assert sim.calls("FaxFreeBuffer") == 2


def test_gil_is_released_while_sending(sim, server, tiff):
    sim.pause("FaxSendDocumentW")
    ids = []
    threads = [threading.Thread(target=lambda: ids.append(
        server.send_document(tiff, JobParam(recipient_number="1")))) for _ in range(2)]
    for t in threads:
        t.start()
    import time
    deadline = time.monotonic() + 30
    while sim.waiting("FaxSendDocumentW") < 2:
        assert time.monotonic() < deadline
        time.sleep(0.001)
    sim.resume("FaxSendDocumentW")
    for t in threads:
        t.join()
    assert sorted(ids) == sorted({*ids}) and len(ids) == 2


# ---- broadcast ------------------------------------------------------------


def test_broadcast_queues_one_job_per_recipient(sim, server, tiff):
    recipients = [JobParam(recipient_number=str(n), recipient_name=f"R{n}") for n in range(5)]
    first = server.send_broadcast(tiff, recipients)
    jobs = server.jobs()
    assert [j.recipient_number for j in jobs] == [str(n) for n in range(5)]
    assert jobs[0].job_id == first
    assert all(j.page_count == 3 for j in jobs)


def test_broadcast_with_cover_pages(sim, server, tiff):
    cover = winfax.CoverPageInfo(use_server_cover_page=True, note="hello")
    server.send_broadcast(tiff, [(JobParam(recipient_number="1"), cover),
                                 (JobParam(recipient_number="2"), None)])
    assert len(server.jobs()) == 2


def test_broadcast_reads_a_generator_inside_the_callback(sim, server, tiff):
    calls_seen = []

    def recipients():
        # runs inside FaxSendDocumentForBroadcastW's callback
        calls_seen.append(sim.calls("FaxSendDocumentForBroadcastW"))
        yield JobParam(recipient_number="1")
        yield JobParam(recipient_number="2")

    server.send_broadcast(tiff, recipients())
    assert calls_seen == [1]
    assert len(server.jobs()) == 2


def test_exception_in_recipients_aborts_and_propagates(sim, server, tiff):
    def recipients():
        yield JobParam(recipient_number="1")
        raise KeyError("no more")

    with pytest.raises(KeyError, match="no more"):
        server.send_broadcast(tiff, recipients())
    assert server.jobs() == []  # nothing was queued
    with pytest.raises(TypeError, match="JobParam"):
        server.send_broadcast(tiff, [JobParam(recipient_number="1"), "2"])
    assert server.jobs() == []


def test_broadcast_argument_errors(sim, server, tiff):
    with pytest.raises(ValueError, match="at least one recipient"):
        server.send_broadcast(tiff, [])
    with pytest.raises(TypeError, match="not a string"):
        server.send_broadcast(tiff, "123")
    with pytest.raises(ValueError, match="pair"):
        server.send_broadcast(tiff, [(JobParam(recipient_number="1"),)])
    with pytest.raises(TypeError):
        server.send_broadcast(tiff, 5)
    assert server.jobs() == []


def test_callback_closing_the_handle_defers_faxclose(sim, tiff):
    server = winfax.connect()

    def recipients():
        server.close()  # we are inside a call with this handle
        yield JobParam(recipient_number="1")

    server.send_broadcast(tiff, recipients())
    assert server.closed
    assert sim.calls("FaxClose") == 1  # after the call returned, exactly once
    assert sim.open_handles() == 0


def test_callback_making_other_calls(sim, server, tiff):
    def recipients():
        assert server.access_check(1)
        server.send_document(tiff, JobParam(recipient_number="0"))
        yield JobParam(recipient_number="1")

    server.send_broadcast(tiff, recipients())
    assert [j.recipient_number for j in server.jobs()] == ["0", "1"]


def test_page_data_success_without_a_buffer_is_an_error(sim, server, tiff):
    # FaxGetPageData's size describes its buffer; a NULL buffer with a size
    # must not be read (or turned into that many uninitialised bytes).
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    sim.arm_oddity("null_page_data")
    with pytest.raises(OSError) as info:
        server.page_data(job_id)
    assert info.value.winerror == 13  # ERROR_INVALID_DATA
    assert sim.outstanding_buffers() == 0
    data, _, _ = server.page_data(job_id)
    assert data[:4] == b"II*\0"


def test_broadcast_without_a_cover_page_struct_from_the_service(sim, server, tiff):
    # The recipient callback's CoverpageInfo is optional: the service may
    # pass NULL.  Recipients without a cover page are queued as usual.
    sim.arm_oddity("null_cover_page")
    server.send_broadcast(tiff, [JobParam(recipient_number="1"),
                                 (JobParam(recipient_number="2"), None)])
    assert [j.recipient_number for j in server.jobs()] == ["1", "2"]
    assert [j.page_count for j in server.jobs()] == [3, 3]  # no cover pages


def test_broadcast_stops_where_the_service_takes_no_cover_page(sim, server, tiff):
    # A cover page the caller asked for is never dropped silently.
    cover = winfax.CoverPageInfo(use_server_cover_page=True, note="hello")
    sim.arm_oddity("null_cover_page")
    with pytest.raises(RuntimeError, match="no cover page for broadcast recipient 2"):
        server.send_broadcast(tiff, [JobParam(recipient_number="1"),
                                     (JobParam(recipient_number="2"), cover),
                                     JobParam(recipient_number="3")])
    assert [j.recipient_number for j in server.jobs()] == ["1"]
    sim.arm_oddity("null_cover_page")
    with pytest.raises(RuntimeError, match="recipient 1"):
        server.send_broadcast(tiff, [(JobParam(recipient_number="4"), cover)])
    assert [j.recipient_number for j in server.jobs()] == ["1"]  # nothing queued
