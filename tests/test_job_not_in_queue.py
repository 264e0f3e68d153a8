"""JobNotInQueueError: get_job, set_job, abort and page_data on a job the
queue does not hold - one that never existed, or one that finished and so
left the queue - raise it, and it is still the OSError (winerror 87) that
handlers written before it existed catch."""

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import JobCommand, JobParam

pytestmark = needs_simulator

ERROR_INVALID_PARAMETER = 87
UNKNOWN_JOB = 999_999

CALLS = {
    "get_job": lambda server, job_id: server.get_job(job_id),
    "set_job": lambda server, job_id: server.set_job(job_id, JobCommand.PAUSE),
    "set_job delete": lambda server, job_id: server.set_job(job_id, JobCommand.DELETE),
    "abort": lambda server, job_id: server.abort(job_id),
    "page_data": lambda server, job_id: server.page_data(job_id),
}


@pytest.fixture
def finished_job(sim, server, tmp_path):
    """The id of a job that was sent and so has left the queue."""
    tiff = write_tiff(tmp_path / "fax.tif", pages=1)
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    sim.run_queue()
    assert job_id not in [job.job_id for job in server.jobs()]
    return job_id


def check_not_in_queue(error, job_id):
    assert isinstance(error, winfax.JobNotInQueueError)
    assert isinstance(error, OSError)
    assert error.winerror == ERROR_INVALID_PARAMETER
    assert error.job_id == job_id
    message = str(error)
    assert f"job {job_id} is not in the fax queue" in message
    assert "sent, cancelled or deleted" in message


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_unknown_job(sim, server, call):
    with pytest.raises(winfax.JobNotInQueueError) as info:
        call(server, UNKNOWN_JOB)
    check_not_in_queue(info.value, UNKNOWN_JOB)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_finished_job(sim, server, finished_job, call):
    with pytest.raises(winfax.JobNotInQueueError) as info:
        call(server, finished_job)
    check_not_in_queue(info.value, finished_job)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_old_handlers_still_catch_it(sim, server, call):
    try:
        call(server, UNKNOWN_JOB)
    except OSError as error:
        caught = error
    assert caught.winerror == ERROR_INVALID_PARAMETER
    # A bad parameter raised plain OSError before, so the class a handler
    # sees is the one CPython gives winerror 87.
    assert not isinstance(caught, (PermissionError, FileNotFoundError, ValueError))


def test_unknown_command_is_not_blamed_on_the_job(sim, server, tmp_path):
    # FaxSetJobW reports an unknown Command with the same code: the job is
    # in the queue, so it must not be called missing.
    tiff = write_tiff(tmp_path / "fax.tif", pages=1)
    job_id = server.send_document(tiff, JobParam(recipient_number="1"))
    with pytest.raises(OSError) as info:
        server.set_job(job_id, 99)
    assert info.value.winerror == ERROR_INVALID_PARAMETER
    assert not isinstance(info.value, winfax.JobNotInQueueError)


def test_other_errors_are_unchanged(sim, server):
    sim.deny_access(int(winfax.AccessRight.JOB_QUERY))
    with pytest.raises(PermissionError) as info:
        server.get_job(UNKNOWN_JOB)
    assert not isinstance(info.value, winfax.JobNotInQueueError)
