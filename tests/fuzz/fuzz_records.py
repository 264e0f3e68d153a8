"""Coverage-guided fuzz target (atheris) for the record conversions.

Each input builds records from fuzzed field values and sends them through
the simulator and back: JobParam -> FAX_JOB_PARAMW -> job -> FAX_JOB_ENTRYW
-> JobEntry, Configuration and PortInfo set/get, routing data blobs.  The
properties: only documented exceptions (TypeError, ValueError, OSError) come
out, what the service accepted reads back equal, and no buffer or handle is
left behind.  Run: python tests/fuzz/fuzz_records.py -max_total_time=60
"""

import datetime
import os
import sys
import tempfile

import atheris

# Run from the repository root against the in-place build, or against an
# installed winfax: the tree's root is tried first.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

with atheris.instrument_imports():
    import winfax
    from winfax import simulator

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from faxdocs import write_tiff  # noqa: E402

DOCUMENTED = (TypeError, ValueError, OSError)


def through_utf16(value):
    """What a str looks like after a trip through UTF-16: two surrogate code
    points that form a pair come back as the one character they encode, as
    with every Windows API called from CPython."""
    if not isinstance(value, str):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def station_id(value):
    """A TSID or CSID as the service keeps it: what a fax protocol frame
    can carry (characters 0x20-0x7F), at most 20 of them
    (src/faxsim/sim_station_id.c, docs/fidelity.md)."""
    if value is None:
        return None
    return "".join(c for c in value if 0x20 <= ord(c) <= 0x7F)[:20]


def same_record(got, sent):
    return all(getattr(got, f) == through_utf16(getattr(sent, f)) for f in sent._fields)
TIFF = None


def text(fdp):
    kind = fdp.ConsumeIntInRange(0, 3)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
    return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))


def number(fdp):
    return fdp.ConsumeIntInRange(-(2**33), 2**33) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(0, 100)


def when(fdp):
    if fdp.ConsumeBool():
        return None
    try:
        return datetime.datetime(fdp.ConsumeIntInRange(1, 9999), fdp.ConsumeIntInRange(1, 12),
                                 fdp.ConsumeIntInRange(1, 28), fdp.ConsumeIntInRange(0, 23),
                                 fdp.ConsumeIntInRange(0, 59), fdp.ConsumeIntInRange(0, 59),
                                 fdp.ConsumeIntInRange(0, 999) * 1000,
                                 tzinfo=datetime.timezone.utc)   # the service keeps UTC
    except ValueError:
        return None


def job_round_trip(fdp, server):
    fields = {name: text(fdp) for name in (
        "recipient_number", "recipient_name", "tsid", "sender_name", "sender_company",
        "sender_dept", "billing_code", "delivery_report_address", "document_name")}
    fields.update(schedule_action=number(fdp), delivery_report_type=number(fdp),
                  schedule_time=when(fdp))
    try:
        params = winfax.JobParam(**fields)
        job_id = server.send_document(TIFF, params)
    except DOCUMENTED:
        return
    job = server.get_job(job_id)
    for name in params._fields:
        if name == "schedule_time" and params.schedule_action != winfax.ScheduleAction.SPECIFIC_TIME:
            # The time only means something for SPECIFIC_TIME; the service
            # does not keep it otherwise.
            assert job.schedule_time is None
            continue
        if name == "delivery_report_address" and params.delivery_report_type == winfax.DeliveryReport.NONE:
            assert job.delivery_report_address is None  # no report, no address kept
            continue
        if name == "tsid":
            assert job.tsid == station_id(params.tsid)
            continue
        assert getattr(job, name) == through_utf16(getattr(params, name)), name
    server.abort(job_id)


def configuration_round_trip(fdp, server):
    try:
        config = server.configuration().replace(
            retries=number(fdp), retry_delay=number(fdp), dirty_days=number(fdp),
            branding=fdp.ConsumeBool(), archive_directory=text(fdp),
            start_cheap_time=datetime.time(fdp.ConsumeIntInRange(0, 23), fdp.ConsumeIntInRange(0, 59),
                                           tzinfo=datetime.timezone.utc))
        server.set_configuration(config)
    except DOCUMENTED:
        return
    assert same_record(server.configuration(), config)


def port_round_trip(fdp, server):
    device = server.ports()[0].device_id
    with server.open_port(device, winfax.PortOpen.MODIFY) as port:
        try:
            info = port.info().replace(rings=number(fdp), priority=1, tsid=text(fdp),
                                       csid=text(fdp), flags=number(fdp))
            port.set_info(info)
        except DOCUMENTED:
            return
        got = port.info()
        assert (got.rings, got.tsid, got.csid) == (
            info.rings, station_id(info.tsid), station_id(info.csid))
        guid = port.routing_methods()[0].guid
        blob = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 300))
        port.set_routing_info(guid, blob)
        assert port.routing_info(guid) == blob


def test_one_input(data):
    fdp = atheris.FuzzedDataProvider(data)
    simulator.reset()
    with winfax.connect() as server:
        for _ in range(fdp.ConsumeIntInRange(1, 3)):
            [job_round_trip, configuration_round_trip, port_round_trip][
                fdp.ConsumeIntInRange(0, 2)](fdp, server)
    assert simulator.outstanding_buffers() == 0
    assert simulator.open_handles() == 0
    assert simulator.violations() == 0


def main():
    global TIFF
    folder = tempfile.mkdtemp(prefix="winfax-fuzz-")
    TIFF = str(write_tiff(__import__("pathlib").Path(folder) / "f.tif"))
    # The C code is not instrumented (that needs a clang build of the
    # extension); coverage comes from the Python side: the harness's own
    # branches (which field kinds, which refusals) and winfax's modules.
    atheris.instrument_all()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
