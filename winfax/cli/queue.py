"""Reading the job queue: a job that may have left it, and the page each job
on a line is sending.

FAX_JOB_ENTRY has no current page; FAX_DEVICE_STATUS (per device) has one,
but no job id.  A job and the device sending it are matched on what both
report: number, owner, document name, size and page count.  When that is
ambiguous (two identical faxes on two lines at different pages), the page
stays unknown rather than wrong.
"""

from .. import JobNotInQueueError
from .._enums import AccessRight, PortOpen, PortState, QueueStatus
from . import schema
from .errors import fax_call, translate

_IDLE = (PortState.AVAILABLE, PortState.OFFLINE, PortState.UNAVAILABLE)


def get_job(server, job_id):
    """The JobEntry, or None once the job has left the queue."""
    try:
        return server.get_job(job_id)
    except JobNotInQueueError:
        return None
    except OSError as error:
        raise translate(error, f"reading job {job_id}", AccessRight.JOB_QUERY) from error


def list_jobs(server):
    with fax_call("listing jobs", AccessRight.JOB_QUERY):
        return server.jobs()


def _busy_devices(server):
    try:
        ports = server.ports()
    except OSError:
        return []
    statuses = []
    for info in ports:
        if info.state in _IDLE:
            continue
        try:
            with server.open_port(info.device_id, PortOpen.QUERY) as port:
                statuses.append(port.device_status())
        except OSError:
            continue   # gone meanwhile, or not ours to query: page unknown
    return statuses


def _same_fax(job, status):
    return (status.phone_number == job.recipient_number
            and status.total_pages == job.page_count
            and status.user_name == job.user_name
            and status.document_name == job.document_name
            and status.size == job.size)


def current_pages(server, entries):
    """{job_id: page being sent} for the jobs on a line whose device tells."""
    on_line = [j for j in entries if int(j.queue_status) & QueueStatus.INPROGRESS]
    if not on_line:
        return {}
    statuses = _busy_devices(server)
    pages = {}
    for job in on_line:
        found = {s.current_page for s in statuses if _same_fax(job, s)}
        if len(found) == 1:
            page = found.pop()
            if page:
                pages[job.job_id] = page
    return pages


def queue_config(server, entries):
    """The service's Configuration when a waiting job's reason needs it
    (the discount period, a paused server queue), else None; None too when
    the caller may not read it (FAX_CONFIG_QUERY): the reason is then told
    without it."""
    if not any(schema.job_state(e) in ("pending", "scheduled") for e in entries):
        return None
    try:
        return server.configuration()
    except OSError:
        return None


def queue_ports(server, entries):
    """The service's devices when a waiting job's reason may be one of them
    (none can send, or all are offline), else None; None too when they
    cannot be read: the job is then described without them."""
    if not any(schema.job_state(e) in ("pending", "scheduled", "no_line") for e in entries):
        return None
    try:
        return server.ports()
    except OSError:
        return None
