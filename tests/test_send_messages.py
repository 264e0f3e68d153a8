"""What a failed send tells its user: a missing recipient number is refused
before the call with a ValueError naming the field (and the broadcast
recipient), and a file that cannot be found is named in the
FileNotFoundError."""

import pytest

from leakcheck import blocks_grown
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import CoverPageInfo, JobParam

pytestmark = needs_simulator

TO = JobParam(recipient_number="+1 555 0100")


@pytest.fixture
def tiff(tmp_path):
    return write_tiff(tmp_path / "fax.tif", pages=1)


@pytest.mark.parametrize("number,what", [(None, "is None"), ("", "is empty")])
def test_send_refuses_a_missing_number_before_the_call(sim, server, tiff, number, what):
    with pytest.raises(ValueError, match=f"JobParam.recipient_number {what}") as info:
        server.send_document(tiff, TO.replace(recipient_number=number))
    assert "the number to dial" in str(info.value)
    assert sim.calls("FaxSendDocumentW") == 0
    assert server.jobs() == []


@pytest.mark.parametrize("number", ["555", "+1 (555) 0100", " 5", "1-800-FLOWERS", "#31#5550100"])
def test_send_passes_on_any_number_the_service_may_dial(server, tiff, number):
    # FAX_JOB_PARAM's page gives the number no format: nothing but a
    # missing one is refused.
    job_id = server.send_document(tiff, TO.replace(recipient_number=number))
    assert server.get_job(job_id).recipient_number == number


def test_broadcast_names_the_recipient_without_a_number(sim, server, tiff):
    recipients = [TO, TO.replace(recipient_number="+1 555 0101"), JobParam(recipient_name="Bob")]
    with pytest.raises(ValueError, match=r"broadcast recipient 3: JobParam.recipient_number is None"):
        server.send_broadcast(tiff, recipients)
    # Every recipient is read before the service queues anything.
    assert server.jobs() == []
    assert sim.job_count() == 0


def test_a_missing_document_is_named(server, tmp_path):
    missing = tmp_path / "fax.tif"
    with pytest.raises(FileNotFoundError) as info:
        server.send_document(missing, TO)
    assert info.value.winerror == 2
    assert info.value.filename == str(missing)
    assert repr(str(missing)) in str(info.value)   # OSError shows the name's repr


def test_a_missing_broadcast_document_is_named(server, tmp_path):
    missing = tmp_path / "nowhere" / "fax.tif"
    with pytest.raises(FileNotFoundError) as info:
        server.send_broadcast(missing, [TO])
    assert info.value.filename == str(missing)


def test_a_missing_cover_page_file_is_named(server, tiff, tmp_path):
    cover = tmp_path / "memo.cov"
    with pytest.raises(FileNotFoundError) as info:
        server.send_document(tiff, TO, CoverPageInfo(cover_page_name=str(cover)))
    assert info.value.filename == str(cover)


def test_other_errors_name_no_file(sim, server, tiff):
    sim.fail_next("FaxSendDocumentW", 87)
    with pytest.raises(OSError) as info:
        server.send_document(tiff, TO)
    assert info.value.winerror == 87
    assert info.value.filename is None


def test_a_file_not_found_for_a_file_that_exists_names_none(sim, server, tiff):
    # The service said "not found" about something the client can see (an
    # injected answer here): no file is blamed.
    sim.fail_next("FaxSendDocumentW", 2)
    with pytest.raises(FileNotFoundError) as info:
        server.send_document(tiff, TO)
    assert info.value.filename is None


@pytest.mark.slow
def test_the_messages_leak_nothing(sim, server, tiff, tmp_path):
    missing = tmp_path / "missing.tif"
    cover = CoverPageInfo(cover_page_name=str(tmp_path / "missing.cov"))

    def loop(n):
        for _ in range(n):
            for call in (lambda: server.send_document(missing, TO),
                         lambda: server.send_document(tiff, TO, cover),
                         lambda: server.send_document(tiff, JobParam()),
                         lambda: server.send_broadcast(tiff, [TO, JobParam()])):
                try:
                    call()
                except (OSError, ValueError):
                    pass

    assert blocks_grown(loop, 2_000, 200) < 200
    assert server.jobs() == []
    assert sim.outstanding_buffers() == 0
