"""The data every contender works on: the same jobs, queued the same way
(floor.c's workload_params builds them identically in C).

Job i (0-based) has two strings of its own (recipient number and name) and
shares the rest with every other job, as a queue filled by one department
would: sender, company, department, billing code, TSID, report address and
document name.  The simulator adds the owner ("user").
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Recipients per broadcast: the simulator stops a broadcast that reaches
# 65536 callbacks, so big queues take several.
BROADCAST_CHUNK = 50_000

SHARED = {
    "tsid": "ACME Fax",
    "sender_name": "Alice Sender",
    "sender_company": "ACME Corporation",
    "sender_dept": "Accounts Payable",
    "billing_code": "BC-1042",
    "delivery_report_address": "alice@example.com",
    "document_name": "invoice.tif",
}


def job_fields(i):
    """Keyword arguments of JobParam for job number i."""
    return dict(
        recipient_number=f"+1 555 {i:07d}",
        recipient_name=f"Recipient {i}",
        schedule_action=0,          # ScheduleAction.NOW
        delivery_report_type=1,     # DeliveryReport.EMAIL
        **SHARED,
    )


def write_document(path):
    """A 1-page fax TIFF, made by the test suite's generator."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        import faxdocs
    finally:
        sys.path.pop(0)
    with open(path, "wb") as f:
        f.write(faxdocs.tiff_bytes(pages=1))
    return path


def fresh_service(document, jobs):
    """Reset the simulator, queue `jobs` jobs, return (server, first job id).

    The queue is filled through winfax for every Python contender: how the
    jobs got there does not matter to the calls being measured, only that
    each process sees the same queue."""
    import winfax
    from winfax import simulator

    simulator.reset()
    server = winfax.connect()
    first = 0
    for start in range(0, jobs, BROADCAST_CHUNK):
        end = min(jobs, start + BROADCAST_CHUNK)
        job_id = server.send_broadcast(
            document, (winfax.JobParam(**job_fields(i)) for i in range(start, end))
        )
        first = first or job_id
    return server, first
