"""The limits the fax service imposes on string fields, no more and no less.

Station identifiers: T.30 carries 20 ASCII characters, and the service
removes non-ASCII characters from a TSID or CSID and cuts it to 20 characters
without failing the call (the Windows 2000 fax API's IFaxPort::put_Tsid,
IFaxPort::get_Csid and IFaxDoc::get_Tsid pages).  No other field of
FAX_JOB_PARAM, FAX_COVERPAGE_INFO, FAX_PORT_INFO or FAX_CONFIGURATION has a
documented length limit, so the simulator imposes none.
"""

import pytest

import winfax
from faxdocs import write_tiff
from winfax import Configuration, CoverPageInfo, JobParam, PortOpen

DEVICE = 0x10001
LONG = "0123456789" * 100      # 1000 characters


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        yield s


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=1))


def set_port(server, **changes):
    with server.open_port(DEVICE, PortOpen.MODIFY) as port:
        port.set_info(port.info().replace(**changes))
        return port.info()


@pytest.mark.parametrize("given, kept", [
    ("+1 555 0100", "+1 555 0100"),
    ("12345678901234567890", "12345678901234567890"),      # exactly 20: whole
    ("12345678901234567890X", "12345678901234567890"),     # 21: cut to 20
    (LONG, LONG[:20]),
    ("Caf\u00e9 M\u00fcller \U0001f4e0 +49", "Caf Mller  +49"),   # non-ASCII removed
    ("A\u00e9" * 15, "A" * 15),                           # removed before cutting
    ("tab\there\x01", "tabhere"),                          # control characters too
    ("", ""),
])
def test_a_port_keeps_what_t30_can_carry_of_its_tsid_and_csid(server, given, kept):
    info = set_port(server, tsid=given, csid=given)
    assert (info.tsid, info.csid) == (kept, kept)
    with server.open_port(DEVICE, PortOpen.QUERY) as port:
        status = port.device_status()
    assert (status.tsid, status.csid) == (kept, kept)


def test_a_job_keeps_what_t30_can_carry_of_its_tsid(server, tiff):
    job_id = server.send_document(tiff, JobParam(recipient_number="1",
                                                 tsid="Sender \u00e9 " + LONG))
    assert server.get_job(job_id).tsid == ("Sender  " + LONG)[:20]


def test_a_broadcast_recipient_keeps_what_t30_can_carry_of_its_tsid(server, tiff):
    first = server.send_broadcast(tiff, [JobParam(recipient_number="1", tsid=LONG),
                                         JobParam(recipient_number="2", tsid="\u00fcok")])
    assert [j.tsid for j in server.jobs()] == [LONG[:20], "ok"]
    assert server.jobs()[0].job_id == first


def test_fields_without_a_documented_limit_keep_every_character(server, tiff, tmp_path):
    text = "\u00e9" + LONG
    params = JobParam(recipient_number="+1 " + LONG, recipient_name=text, sender_name=text,
                      sender_company=text, sender_dept=text, billing_code=text,
                      document_name=text)
    cover = CoverPageInfo(use_server_cover_page=True, cover_page_name=text, rec_name=text,
                          subject=text, note=text)
    job = server.get_job(server.send_document(tiff, params, cover))
    for field in ("recipient_name", "sender_name", "sender_company", "sender_dept",
                  "billing_code", "document_name"):
        assert getattr(job, field) == text, field
    assert job.recipient_number == "+1 " + LONG


def test_the_archive_directory_has_no_length_limit(server):
    # FAX_CONFIGURATION.ArchiveDirectory is "the fully qualified path of the
    # directory"; no length is documented (not even MAX_PATH: UNC and \\?\
    # paths are longer), so none is imposed.
    directory = "C:\\" + "\\".join(["folder"] * 60)
    assert len(directory) > 260
    config = server.configuration().replace(archive_outgoing_faxes=True,
                                            archive_directory=directory)
    server.set_configuration(config)
    assert server.configuration().archive_directory == directory
    assert isinstance(server.configuration(), Configuration)
