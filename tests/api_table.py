"""One row per public call of winfax: what it calls, what it needs, how it
succeeds, how it fails.

tests/test_api_table.py turns every row into tests (success, injected
errors, access denied, closed handles, bad arguments, provoked errors,
leaks) and checks that the table covers the whole public API, so a function
cannot be added without its cases.  docs/api.md is the same facts for
readers; a test keeps the two in step.

`errors` are the Win32 errors Microsoft documents for the function, as the
simulator implements them (where the documentation is silent, the
simulator's documented choice, e.g. ERROR_BAD_UNIT for an unknown device).

A case works on a Context, which the test fixture builds from `needs`:
a connected server, an open port, a TIFF in tmp_path, a queued job, ...
`setup(ctx)` runs before every call and re-creates what a previous call
used up (an aborted job, a closed handle, an unregistered provider); it
never calls the case's own C function, so call counts taken after it see
only the call under test.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from typing import Any, Callable

import pytest

import winfax
from faxdocs import write_tiff
from winfax import (
    AccessRight,
    DeliveryReport,
    EventId,
    FaxError,
    JobCommand,
    JobType,
    LogCategory,
    LogLevel,
    PortFlags,
    PortOpen,
    PortState,
    QueueStatus,
    ScheduleAction,
)

# ---- Win32 error codes (winerror.h) the fax client API documents -------------

ERROR_FILE_NOT_FOUND = 2
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_HANDLE = 6
ERROR_NOT_ENOUGH_MEMORY = 8
ERROR_INVALID_DATA = 13
ERROR_BAD_UNIT = 20
ERROR_NOT_SUPPORTED = 50
ERROR_INVALID_PARAMETER = 87
ERROR_INVALID_PRINTER_NAME = 1801
ERROR_DEVICE_IN_USE = 2404
ERROR_SPL_NO_STARTDOC = 3003
FAX_ERR_RECIPIENTS_LIMIT = int(FaxError.RECIPIENTS_LIMIT)

# ---- finishing print jobs ----------------------------------------------------

# Off Windows the simulator's library provides EndDoc, AbortDoc and DeleteDC.
# With the simulator installed as WINFAX.dll (CI, under Wine) they are the real
# gdi32's, which cannot finish a print job whose device context the simulator
# made up: there a print job starts but never reaches the simulated queue.
SIMULATED_GDI = winfax.backend != "windows"
GDI_SKIP = ("EndDoc/AbortDoc/DeleteDC are gdi32's on Windows, which cannot finish "
            "a print job whose device context the simulator made up")


def finish_print_job(job, end=True):
    """end() or abort() a print job; where gdi32 cannot (see above), the
    job is still marked finished and the failure is expected."""
    try:
        job.end() if end else job.abort()
    except OSError:
        if SIMULATED_GDI:
            raise

# ---- what a call needs -------------------------------------------------------

MODULE = "module"              # no handle at all
SERVER = "server"              # a FaxHandle from connect()
PORT_QUERY = "port (QUERY)"    # a FaxPortHandle opened with PortOpen.QUERY
PORT_MODIFY = "port (MODIFY)"  # a FaxPortHandle opened with PortOpen.MODIFY

# ---- fixed facts of a freshly reset simulator ----------------------------------

FIRST_DEVICE = 0x10001
FIRST_DEVICE_NAME = "Virtual Fax Device 1"
EMAIL_GUID = "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}"
FOLDER_GUID = "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
PRINT_GUID = "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}"
DEFAULT_GUIDS = (EMAIL_GUID, FOLDER_GUID, PRINT_GUID)
EXTENSION_GUID = "{0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9}"

TIFF_PAGES = 2
TIFF_HEIGHT = 16
TIFF_WIDTH = 1728

PROVIDER = "ApiTableProvider"
EXTENSION = "ApiTableExtension"
PRINT_DOC = "api-table print"
SENT_DOC = "api-table document"


# ---- the rows ----------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A call with wrong arguments: it raises `exc` with a message matching
    `match`.  `api_calls` is how often the C function is still called: 0
    unless the arguments are only read inside the service's callback
    (send_broadcast's recipients)."""

    label: str
    call: Callable[[Context], Any]
    exc: type[BaseException]
    match: str
    api_calls: int = 0


@dataclass(frozen=True)
class Provoked:
    """A documented error produced for real (no injection): the service
    itself answers `winerror`."""

    label: str
    call: Callable[[Context], Any]
    winerror: int


def _nothing(ctx: Context) -> None:
    return None


@dataclass(frozen=True)
class ApiCase:
    name: str                               # "FaxHandle.jobs", "winfax.connect"
    c_functions: tuple[str, ...]            # simulated functions; [0] is injected
    needs: str                              # MODULE, SERVER, PORT_QUERY, PORT_MODIFY
    call: Callable[[Context], Any]          # one successful call
    check: Callable[[Context, Any], None]   # asserts what success returned/changed
    access: AccessRight | None = None       # the right the service checks
    errors: tuple[int, ...] = ()            # what it reports besides access denied
    buffers: int = 0                        # FaxFreeBuffer-owned buffers per call
    bad: tuple[Bad, ...] = ()
    provoked: tuple[Provoked, ...] = ()
    setup: Callable[[Context], None] = _nothing    # before every call
    prepare: Callable[[Context], None] = _nothing  # once, when the context is built
    # How the service refuses the call when the user may not make it, if not
    # by taking `access` away (connect: no right at all; registrations: not
    # an administrator).  None with access None: nothing refuses it.
    denial: Callable[[Any], None] | None = None
    leak_calls: int = 10_000                # fewer for calls that add state
    # close(): a closed handle makes it a no-op instead of a ValueError, and
    # a failed FaxClose leaves the service's handle open (the object is
    # closed anyway, as winreg's Close() does).
    lifetime: bool = False

    @property
    def api(self) -> str:
        return self.c_functions[0]

    def deny(self, sim) -> None:
        if self.denial is not None:
            self.denial(sim)
        elif self.access is not None:
            sim.deny_access(int(self.access))
        else:
            raise ValueError(f"{self.name} needs no right")

    @property
    def deniable(self) -> bool:
        return self.denial is not None or self.access is not None


# ---- the context a case works on -------------------------------------------------


class Context:
    """What the fixture hands every case: the simulator, a connected server
    and an open port (as the case needs), files in tmp_path, and whatever
    the case's setup keeps here between calls."""

    def __init__(self, sim, tmp_path):
        self.sim = sim
        self.tmp_path = tmp_path
        self.tiff = write_tiff(tmp_path / "api-table.tif", pages=TIFF_PAGES, height=TIFF_HEIGHT)
        self.tiff_size = self.tiff.stat().st_size
        self.cover = tmp_path / "personal.cov"
        self.cover.write_bytes(b"a personal cover page (the simulator does not parse it)")
        self.device_id = FIRST_DEVICE
        self.server: winfax.FaxHandle | None = None
        self.port: winfax.FaxPortHandle | None = None
        self.port_mode: int | None = None
        self.job_id: int | None = None
        self.aborted: int | None = None
        self.print_job: winfax.PrintJob | None = None
        self.print_context: winfax.ContextInfo | None = None
        self.covers_printed = 0
        # Service handles a failed FaxClose left open (the object is closed
        # anyway); everything else must be closed when the test ends.
        self.leaked_handles = 0

    # handles

    def connect(self) -> winfax.FaxHandle:
        self.server = winfax.connect()
        return self.server

    def open_port(self, mode: int) -> winfax.FaxPortHandle:
        self.port = self.server.open_port(self.device_id, mode)
        self.port_mode = mode
        return self.port

    def restart(self) -> None:
        """simulator.restart() invalidates every handle: give ours up first
        (detach, so nothing later hands the service a stale value), then
        connect and open the port again."""
        reopen = self.port is not None and not self.port.closed
        if self.port is not None:
            self.port.detach()
        had_server = self.server is not None and not self.server.closed
        if self.server is not None:
            self.server.detach()
        self.sim.restart()
        if had_server:
            self.connect()
            if reopen:
                self.open_port(self.port_mode)

    def close(self) -> None:
        for handle in (self.port, self.server):
            if handle is not None:
                handle.close()
        if self.print_job is not None:
            finish_print_job(self.print_job, end=False)

    # printing

    def ensure_print_job(self) -> None:
        """An open print job to print cover pages into; a new one once the
        check has ended the last."""
        if self.print_job is None or self.print_job.closed:
            self.print_job = winfax.start_print_job(None, PRINT_INFO)
            self.print_context = self.print_job.context
            self.covers_printed = 0

    # queue

    def new_job(self) -> int:
        return self.server.send_document(str(self.tiff), SENT_PARAMS)

    def ensure_job(self) -> None:
        if self.job_id is None:
            self.job_id = self.new_job()

    def job_ids(self) -> set[int]:
        return {job.job_id for job in self.server.jobs()}


# ---- records the cases send ------------------------------------------------------

SENT_PARAMS = winfax.JobParam(
    recipient_number="+1 555 0100",
    recipient_name="Ada Recipient",
    sender_name="Grace Sender",
    billing_code="API-7",
    schedule_action=ScheduleAction.NOW,
    delivery_report_type=DeliveryReport.EMAIL,
    delivery_report_address="reports@example.com",
    document_name=SENT_DOC,
)
SERVER_COVER = winfax.CoverPageInfo(
    use_server_cover_page=True, cover_page_name="generic", rec_name="Ada Recipient"
)
NEW_CONFIGURATION = winfax.Configuration(
    retries=5,
    retry_delay=7,
    dirty_days=12,
    branding=False,
    use_device_tsid=False,
    server_cp=True,
    pause_server_queue=False,
    start_cheap_time=datetime.time(21, 30, tzinfo=datetime.timezone.utc),
    stop_cheap_time=datetime.time(6, 15, tzinfo=datetime.timezone.utc),
    archive_outgoing_faxes=True,
    archive_directory="C:\\FaxArchive\\Sent",
)
NEW_LEVELS = [
    winfax.LoggingCategory(category=LogCategory.OUTBOUND, level=LogLevel.MAX),
    winfax.LoggingCategory(category=LogCategory.INBOUND, level=LogLevel.NONE),
]
NEW_PORT_SETTINGS = dict(rings=5, tsid="+1 555 0199", csid="API TABLE", flags=PortFlags.SEND)
ROUTING_DATA = b"\x00\x01api-table\xff\xfe"
PRINT_INFO = winfax.PrintInfo(recipient_number="+1 555 0142", doc_name=PRINT_DOC)
EXTENSION_METHODS = [("ApiMethod", "API table method", "ApiTableRoute", EXTENSION_GUID)]
BROADCAST = [
    winfax.JobParam(recipient_number="+1 555 0001", document_name="first"),
    (winfax.JobParam(recipient_number="+1 555 0002", document_name="second"), SERVER_COVER),
]

# Argument values that every id-taking call must refuse before the API.
BAD_IDS = [
    ("-1", -1, ValueError, r"must be between 0 and 0xFFFFFFFF"),
    ("2**32", 2**32, ValueError, r"must be between 0 and 0xFFFFFFFF"),
    ("str", "1", TypeError, r"must be an int, not str"),
    ("float", 1.0, TypeError, r"must be an int, not float"),
    ("bool", True, TypeError, r"must be an int, not bool"),
]


def _bad_ids(what: str, make: Callable[[Context, Any], Any]) -> tuple[Bad, ...]:
    return tuple(
        Bad(f"{what}={label}", (lambda ctx, v=value: make(ctx, v)), exc, rf"{what} {match}")
        for label, value, exc, match in BAD_IDS
    )


def names(*words: str) -> str:
    """The `match` of a Bad whose message CPython writes, not winfax
    (METH_NOARGS, PyArg_ParseTupleAndKeywords): those sentences change
    between versions (3.13 rewrote "'x' is an invalid keyword argument" as
    "f() got an unexpected keyword argument 'x'"), so the test asserts only
    that the message names each of `words` (the argument, or the method)."""
    return "".join(rf"(?=.*\b{word}\b)" for word in words)


def _no_args(method: str, target: str = "server") -> Bad:
    return Bad(
        "an argument",
        lambda ctx: getattr(getattr(ctx, target), method)(1),
        TypeError,
        names(method),
    )


# ---- checks ----------------------------------------------------------------


def _is_list_of(value, record):
    assert type(value) is list and value
    assert all(type(item) is record for item in value)


def _check_connect(ctx, h):
    assert type(h) is winfax.FaxHandle
    assert not h.closed and int(h) != 0 and h.handle == int(h)
    assert h.access_check(AccessRight.JOB_QUERY) is True
    h.close()


def _check_complete(ctx, result):
    params, cover = result
    assert type(params) is winfax.JobParam and type(cover) is winfax.CoverPageInfo
    assert params.sender_name == "user" and cover.sdr_name == "user"
    assert params.recipient_number is None
    assert params.schedule_action is ScheduleAction.NOW
    assert params.delivery_report_type is DeliveryReport.NONE
    # The pair is ready to send once a recipient is filled in.
    with winfax.connect() as s:
        job = s.send_document(ctx.tiff, params.replace(recipient_number="+1 555 0123"), cover)
        assert s.get_job(job).sender_name == "user"
        assert s.get_job(job).page_count == TIFF_PAGES + 1


def _register_provider(ctx):
    winfax.register_service_provider(PROVIDER, "API table provider", "C:\\fsp\\api.dll", "")


def _ensure_provider(ctx):
    if ctx.sim.provider_count() == 0:
        _register_provider(ctx)


def _check_register_provider(ctx, result):
    assert result is None
    # Registering the same name again overwrites the entry: still one.
    assert ctx.sim.provider_count() == 1


def _check_unregister_provider(ctx, result):
    assert result is None
    assert ctx.sim.provider_count() == 0


def _printed_job(ctx):
    """The fax job the newest ended print job became."""
    with winfax.connect() as s:
        jobs = [j for j in s.jobs() if j.document_name == PRINT_DOC]
    assert jobs, "no print job has ended into a fax job"
    return max(jobs, key=lambda j: j.job_id)


def _start_print(ctx):
    # The whole life of a print job: FaxStartPrintJobW, then EndDoc and
    # DeleteDC as the block completes.  The fax job appears only then.
    if not SIMULATED_GDI:
        job = winfax.start_print_job(None, PRINT_INFO)
        finish_print_job(job)
        return job
    queued = ctx.sim.job_count()
    with winfax.start_print_job(None, PRINT_INFO) as job:
        assert ctx.sim.job_count() == queued
        assert ctx.sim.open_print_jobs() == 1
    assert ctx.sim.job_count() == queued + 1
    return job


def _check_start_print(ctx, result):
    assert type(result) is winfax.PrintJob and result.closed
    job_id, context = result  # unpacks as the (job_id, context) it once was
    assert job_id == result.job_id and context is result.context
    assert type(job_id) is int and job_id >= 1000  # a spooler id, not a fax job id
    assert type(context) is winfax.ContextInfo
    assert type(context.hdc) is int and context.hdc != 0 and context.hdc == result.hdc
    assert context.server_name == ""  # FAX_CONTEXT_INFO's page: empty for a local server
    if not SIMULATED_GDI:
        pytest.skip(GDI_SKIP)
    assert result.state == "ended" and ctx.sim.open_print_jobs() == 0
    job = _printed_job(ctx)
    assert job.recipient_number == PRINT_INFO.recipient_number
    assert job.job_type is JobType.SEND and job.page_count == 0  # nothing is drawn


def _print_cover(ctx):
    result = winfax.print_cover_page(
        ctx.print_context, winfax.CoverPageInfo(cover_page_name=str(ctx.cover), note="api table")
    )
    ctx.covers_printed += 1
    return result


def _check_print_cover(ctx, result):
    assert result is None
    # Each printed cover page is one more page of the print job, which
    # becomes a fax job when it ends.
    finish_print_job(ctx.print_job)
    if not SIMULATED_GDI:
        pytest.skip(GDI_SKIP)
    assert _printed_job(ctx).page_count == ctx.covers_printed


def _check_access(ctx, granted):
    assert granted is True
    ctx.sim.deny_access(int(AccessRight.JOB_MANAGE))
    assert ctx.server.access_check(AccessRight.JOB_MANAGE) is False  # not an error
    assert ctx.server.access_check(AccessRight.JOB_QUERY) is True
    ctx.sim.grant_access()


def _check_ports(ctx, ports):
    _is_list_of(ports, winfax.PortInfo)
    assert len(ports) == ctx.sim.port_count() == 1
    p = ports[0]
    assert p.device_id == FIRST_DEVICE and p.device_name == FIRST_DEVICE_NAME
    assert p.state is PortState.AVAILABLE and p.priority == 1
    assert p.flags == PortFlags.SEND | PortFlags.RECEIVE | PortFlags.VIRTUAL
    assert (p.rings, p.tsid, p.csid) == (2, "Fax", "Fax")


def _check_open_port(ctx, port):
    assert type(port) is winfax.FaxPortHandle and not port.closed and int(port) != 0
    assert port.info().device_id == ctx.device_id
    port.close()


def _check_configuration(ctx, config):
    assert type(config) is winfax.Configuration
    assert (config.retries, config.retry_delay, config.dirty_days) == (3, 10, 30)
    assert config.branding is True and config.use_device_tsid is True
    assert config.server_cp is False and config.pause_server_queue is False
    # FAX_TIME is UTC (its page), so the times come back UTC-aware.
    assert config.start_cheap_time == datetime.time(20, 0, tzinfo=datetime.timezone.utc)
    assert config.stop_cheap_time == datetime.time(7, 0, tzinfo=datetime.timezone.utc)
    assert config.archive_outgoing_faxes is False and config.archive_directory is None


def _check_set_configuration(ctx, result):
    assert result is None
    assert ctx.server.configuration() == NEW_CONFIGURATION


def _check_logging(ctx, categories):
    _is_list_of(categories, winfax.LoggingCategory)
    assert [c.category for c in categories] == list(LogCategory)
    assert all(type(c.category) is LogCategory for c in categories)
    assert all(c.level is LogLevel.MIN for c in categories)
    assert all(type(c.name) is str and c.name for c in categories)


def _check_set_logging(ctx, result):
    assert result is None
    levels = {c.category: c.level for c in ctx.server.logging_categories()}
    assert levels == {
        LogCategory.INIT: LogLevel.MIN,
        LogCategory.OUTBOUND: LogLevel.MAX,
        LogCategory.INBOUND: LogLevel.NONE,
        LogCategory.UNKNOWN: LogLevel.MIN,
    }


def _check_sent_job(ctx, job, pages=TIFF_PAGES):
    assert type(job) is winfax.JobEntry
    assert job.user_name == "user"
    assert job.job_type is JobType.SEND
    assert job.queue_status == QueueStatus.PENDING
    assert job.page_count == pages and job.size == ctx.tiff_size
    for name in ("recipient_number", "recipient_name", "sender_name", "billing_code",
                 "schedule_action", "delivery_report_type", "delivery_report_address",
                 "document_name"):
        assert getattr(job, name) == getattr(SENT_PARAMS, name), name
    assert job.schedule_time is None


def _check_jobs(ctx, jobs):
    _is_list_of(jobs, winfax.JobEntry)
    assert len(jobs) == ctx.sim.job_count()
    (mine,) = [j for j in jobs if j.job_id == ctx.job_id]
    _check_sent_job(ctx, mine)


def _check_get_job(ctx, job):
    assert job.job_id == ctx.job_id
    _check_sent_job(ctx, job)


def _check_set_job(ctx, result):
    assert result is None
    assert ctx.server.get_job(ctx.job_id).queue_status & QueueStatus.PAUSED
    ctx.server.set_job(ctx.job_id, JobCommand.RESUME)
    assert not ctx.server.get_job(ctx.job_id).queue_status & QueueStatus.PAUSED


def _abort(ctx):
    job_id = ctx.job_id
    ctx.server.abort(job_id)
    ctx.aborted, ctx.job_id = job_id, None


def _check_abort(ctx, result):
    assert result is None
    assert ctx.aborted not in ctx.job_ids()


def _check_page_data(ctx, result):
    data, width, height = result
    assert type(data) is bytes and data[:4] == b"II*\x00"
    assert (width, height) == (TIFF_WIDTH, TIFF_HEIGHT)
    assert len(data) == ctx.tiff_size


def _send(ctx):
    return ctx.server.send_document(str(ctx.tiff), SENT_PARAMS, SERVER_COVER)


def _check_send(ctx, job_id):
    assert type(job_id) is int and job_id > 0
    _check_sent_job(ctx, ctx.server.get_job(job_id), pages=TIFF_PAGES + 1)  # + cover


def _check_broadcast(ctx, first):
    assert type(first) is int and first > 0
    one, two = ctx.server.get_job(first), ctx.server.get_job(first + 1)
    assert (one.recipient_number, one.document_name, one.page_count) == (
        "+1 555 0001", "first", TIFF_PAGES)
    assert (two.recipient_number, two.document_name, two.page_count) == (
        "+1 555 0002", "second", TIFF_PAGES + 1)
    assert one.size == two.size == ctx.tiff_size


def _check_global_routing(ctx, infos):
    _is_list_of(infos, winfax.GlobalRoutingInfo)
    assert [i.priority for i in infos] == [1, 2, 3]
    assert tuple(i.guid for i in infos) == DEFAULT_GUIDS
    assert all(i.extension_friendly_name == "Microsoft Routing Extension" for i in infos)


def _check_set_global_routing(ctx, result):
    assert result is None
    infos = ctx.server.global_routing_info()
    assert [(i.priority, i.guid) for i in infos] == [
        (1, PRINT_GUID), (2, EMAIL_GUID), (3, FOLDER_GUID)]


def _register_extension(ctx):
    return ctx.server.register_routing_extension(
        EXTENSION, "API table extension", "C:\\ext\\apitable.dll", EXTENSION_METHODS
    )


def _check_register_extension(ctx, result):
    assert result is None
    # Registered, not installed: only a service restart installs it.
    assert EXTENSION_GUID not in {i.guid for i in ctx.server.global_routing_info()}
    ctx.restart()
    (info,) = [i for i in ctx.server.global_routing_info() if i.guid == EXTENSION_GUID]
    assert info.friendly_name == "API table method"
    assert info.function_name == "ApiTableRoute"
    assert info.extension_image_name == "C:\\ext\\apitable.dll"
    assert info.extension_friendly_name == "API table extension"


def _reconnect_if_closed(ctx):
    if ctx.server.closed:
        ctx.connect()


def _fresh_session(ctx):
    # The process registers for events once per service session (one
    # FaxInitializeEventQueue for every handle): each call needs a handle
    # with no queue yet, in a session the process has not registered in.
    if ctx.server is not None and not ctx.server.closed:
        ctx.server.close()
    ctx.sim.restart()
    ctx.connect()


def _check_events(ctx, stream):
    assert type(stream) is winfax._winfax.EventIterator and not stream.closed
    assert stream.server is ctx.server and stream.timeout == 0.0
    assert ctx.sim.event_queues() == 1
    ctx.sim.post_event(EventId.RINGING, FIRST_DEVICE)
    (event,) = list(stream)  # then the 0-second timeout ends it
    assert type(event) is winfax.Event
    assert (event.event_id, event.device_id, event.job_id) == (
        EventId.RINGING, FIRST_DEVICE, 0xFFFFFFFF)
    assert stream.closed
    # Off Windows the simulator counts the events not yet given back with
    # LocalFree; on Windows LocalFree is kernel32's and nothing counts.
    if sys.platform != "win32":
        assert ctx.sim.outstanding_events() == 0


def _second_reader(ctx):
    first = ctx.server.events()
    try:
        return ctx.server.events()
    finally:
        first.close()


def _reopen_if_closed(ctx):
    if ctx.port.closed:
        ctx.open_port(ctx.port_mode)


def _check_closed(handle, result):
    assert result is None
    assert handle.closed and not handle and int(handle) == 0 and handle.handle == 0
    assert repr(handle).endswith(" closed>")


def _check_server_closed(ctx, result):
    _check_closed(ctx.server, result)


def _check_port_closed(ctx, result):
    _check_closed(ctx.port, result)
    assert not ctx.server.closed  # the server is still open and usable
    assert ctx.server.access_check(AccessRight.PORT_QUERY) is True


def _check_port_info(ctx, info):
    assert type(info) is winfax.PortInfo
    assert info.device_id == ctx.device_id and info.device_name == FIRST_DEVICE_NAME
    assert info.state is PortState.AVAILABLE
    assert (info.rings, info.priority, info.tsid, info.csid) == (2, 1, "Fax", "Fax")


def _check_set_port_info(ctx, result):
    assert result is None
    info = ctx.port.info()
    assert (info.rings, info.tsid, info.csid) == (5, "+1 555 0199", "API TABLE")
    # FPF_VIRTUAL is the device's nature: set_info cannot take it away.
    assert info.flags == PortFlags.SEND | PortFlags.VIRTUAL
    assert ctx.server.ports()[0] == info


def _check_device_status(ctx, status):
    assert type(status) is winfax.DeviceStatus
    assert status.device_id == ctx.device_id and status.device_name == FIRST_DEVICE_NAME
    assert status.status is PortState.AVAILABLE and status.job_type is JobType.UNKNOWN
    assert (status.tsid, status.csid) == ("Fax", "Fax")
    assert status.start_time is None and status.total_pages == 0


def _check_routing_methods(ctx, methods):
    _is_list_of(methods, winfax.RoutingMethod)
    assert tuple(m.guid for m in methods) == DEFAULT_GUIDS
    assert all(m.device_id == ctx.device_id and m.enabled is False for m in methods)
    assert all(m.device_name == FIRST_DEVICE_NAME for m in methods)


def _check_enable(ctx, result):
    assert result is None
    enabled = {m.guid: m.enabled for m in ctx.port.routing_methods()}
    assert enabled == {EMAIL_GUID: True, FOLDER_GUID: False, PRINT_GUID: False}


def _prepare_routing_data(ctx):
    ctx.port.set_routing_info(FOLDER_GUID, ROUTING_DATA)


def _check_routing_info(ctx, data):
    assert type(data) is bytes and data == ROUTING_DATA
    # Never-configured data is an empty buffer, not an error.
    assert ctx.port.routing_info(PRINT_GUID) == b""


def _check_set_routing_info(ctx, result):
    assert result is None
    assert ctx.port.routing_info(FOLDER_GUID) == ROUTING_DATA
    # Any buffer will do, and the data is copied.
    buffer = bytearray(b"mutable")
    ctx.port.set_routing_info(FOLDER_GUID, memoryview(buffer))
    buffer[:] = b"changed"
    assert ctx.port.routing_info(FOLDER_GUID) == b"mutable"


# ---- the table ------------------------------------------------------------------

# Rights as each function's Microsoft page states them (tests/test_access_rights.py
# checks every row against the simulator, one right at a time).


def _deny_abort(sim):
    """FaxAbort: "You must own the job, or have FAX_JOB_MANAGE access" -
    so the refusal is a job of someone else's, without FAX_JOB_MANAGE."""
    sim.deny_access(int(AccessRight.JOB_MANAGE))
    sim.set_user("Somebody Else")

API: list[ApiCase] = [
    # -- module functions ------------------------------------------------------
    ApiCase(
        name="winfax.connect",
        c_functions=("FaxConnectFaxServerW",),
        needs=MODULE,
        call=lambda ctx: winfax.connect(),
        check=_check_connect,
        denial=lambda sim: sim.deny_access(),
        errors=(ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("machine_name=1", lambda ctx: winfax.connect(1), TypeError,
                r"machine_name must be a str, not int"),
            Bad("NUL", lambda ctx: winfax.connect("fax\0server"), ValueError,
                r"must not contain a null character"),
            Bad("remote", lambda ctx: winfax.connect("faxserver"), ValueError,
                r"only to the local fax server"),
            Bad("two args", lambda ctx: winfax.connect(None, None), TypeError,
                r"at most 1 argument"),
            Bad("keyword", lambda ctx: winfax.connect(server=None), TypeError,
                r"unexpected keyword argument 'server'"),
        ),
    ),
    ApiCase(
        name="winfax.complete_job_params",
        c_functions=("FaxCompleteJobParamsW",),
        needs=MODULE,
        call=lambda ctx: winfax.complete_job_params(),
        check=_check_complete,
        errors=(ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY),
        buffers=2,
        bad=(Bad("an argument", lambda ctx: winfax.complete_job_params(1), TypeError,
                 names("complete_job_params")),),
    ),
    ApiCase(
        name="winfax.register_service_provider",
        c_functions=("FaxRegisterServiceProviderW",),
        needs=MODULE,
        call=_register_provider,
        check=_check_register_provider,
        denial=lambda sim: sim.set_admin(False),
        errors=(ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("device_provider=1",
                lambda ctx: winfax.register_service_provider(1, "f", "i.dll", ""),
                TypeError, r"device_provider must be a str, not int"),
            Bad("NUL",
                lambda ctx: winfax.register_service_provider("p", "f\0x", "i.dll", ""),
                ValueError, r"friendly_name must not contain a null character"),
            Bad("tsp_name=None",
                lambda ctx: winfax.register_service_provider("p", "f", "i.dll", None),
                TypeError, r"tsp_name must be a str, not NoneType"),
            Bad("missing", lambda ctx: winfax.register_service_provider("p", "f", "i.dll"),
                TypeError, names("tsp_name")),
        ),
        provoked=(Provoked(
            "empty name", lambda ctx: winfax.register_service_provider("", "f", "i.dll", ""),
            ERROR_INVALID_PARAMETER),),
    ),
    ApiCase(
        name="winfax.unregister_service_provider",
        c_functions=("FaxUnregisterServiceProviderW",),
        needs=MODULE,
        setup=_ensure_provider,
        call=lambda ctx: winfax.unregister_service_provider(PROVIDER),
        check=_check_unregister_provider,
        denial=lambda sim: sim.set_admin(False),
        errors=(ERROR_INVALID_PARAMETER, ERROR_FILE_NOT_FOUND),
        bad=(
            Bad("None", lambda ctx: winfax.unregister_service_provider(None), TypeError,
                r"device_provider must be a str, not NoneType"),
            Bad("NUL", lambda ctx: winfax.unregister_service_provider("p\0"), ValueError,
                r"device_provider must not contain a null character"),
        ),
        provoked=(Provoked(
            "unknown", lambda ctx: winfax.unregister_service_provider("NoSuchProvider"),
            ERROR_FILE_NOT_FOUND),),
    ),
    ApiCase(
        name="winfax.start_print_job",
        c_functions=("FaxStartPrintJobW",),
        needs=MODULE,
        call=_start_print,
        check=_check_start_print,
        # The page documents no right (and the call needs no connection to
        # the service): nothing refuses it.  See tests/test_access_rights.py
        # for what the service does with a document from a user without
        # FAX_JOB_SUBMIT.
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_PRINTER_NAME, ERROR_NOT_ENOUGH_MEMORY,
                ERROR_SPL_NO_STARTDOC),
        leak_calls=2_000,
        bad=(
            Bad("record type", lambda ctx: winfax.start_print_job(None, SENT_PARAMS),
                TypeError, r"print_info must be a winfax.PrintInfo, not JobParam"),
            Bad("printer_name=1", lambda ctx: winfax.start_print_job(1, PRINT_INFO),
                TypeError, r"printer_name must be a str, not int"),
            # FAX_PRINT_INFO's page: RecipientNumber is required; the binding
            # names the field before the service would answer
            # ERROR_INVALID_PARAMETER.
            Bad("no recipient", lambda ctx: winfax.start_print_job(None, winfax.PrintInfo()),
                ValueError, r"PrintInfo.recipient_number is None; the fax service needs"),
            Bad("empty recipient", lambda ctx: winfax.start_print_job(
                None, PRINT_INFO.replace(recipient_number="")), ValueError,
                r"PrintInfo.recipient_number is empty"),
            Bad("printer NUL", lambda ctx: winfax.start_print_job("Fax\0", PRINT_INFO),
                ValueError, r"printer_name must not contain a null character"),
            Bad("field NUL", lambda ctx: winfax.start_print_job(
                None, PRINT_INFO.replace(recipient_number="555\0")), ValueError,
                r"PrintInfo.recipient_number must not contain a null character"),
        ),
        provoked=(
            Provoked("not a fax printer",
                     lambda ctx: winfax.start_print_job("LaserJet", PRINT_INFO),
                     ERROR_INVALID_PRINTER_NAME),
            # FAX_PRINT_INFO's page: OutputFileName is reserved, must be NULL.
            Provoked("output file name",
                     lambda ctx: winfax.start_print_job(
                         None, PRINT_INFO.replace(output_file_name="fax.tif")),
                     ERROR_INVALID_PARAMETER),
        ),
    ),
    ApiCase(
        name="winfax.print_cover_page",
        c_functions=("FaxPrintCoverPageW",),
        needs=MODULE,
        setup=Context.ensure_print_job,
        call=_print_cover,
        check=_check_print_cover,
        errors=(ERROR_INVALID_PARAMETER, ERROR_FILE_NOT_FOUND, ERROR_SPL_NO_STARTDOC,
                ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("record type", lambda ctx: winfax.print_cover_page(
                ctx.print_context, SENT_PARAMS), TypeError,
                r"cover_page must be a winfax.CoverPageInfo, not JobParam"),
            Bad("context=None", lambda ctx: winfax.print_cover_page(
                None, SERVER_COVER), TypeError,
                r"context must be a winfax.ContextInfo, not NoneType"),
            Bad("long server_name", lambda ctx: winfax.print_cover_page(
                ctx.print_context.replace(server_name="S" * 16), SERVER_COVER), ValueError,
                r"server_name is at most 15 characters"),
            Bad("server_name NUL", lambda ctx: winfax.print_cover_page(
                ctx.print_context.replace(server_name="S\0"), SERVER_COVER), ValueError,
                r"ContextInfo.server_name must not contain a null character"),
            Bad("field NUL", lambda ctx: winfax.print_cover_page(
                ctx.print_context, SERVER_COVER.replace(note="a\0b")), ValueError,
                r"CoverPageInfo.note must not contain a null character"),
        ),
        provoked=(
            Provoked("no print job", lambda ctx: winfax.print_cover_page(
                winfax.ContextInfo(hdc=0x1234), SERVER_COVER), ERROR_SPL_NO_STARTDOC),
            Provoked("missing cover file", lambda ctx: winfax.print_cover_page(
                ctx.print_context, winfax.CoverPageInfo(
                    cover_page_name=str(ctx.tmp_path / "missing.cov"))),
                ERROR_FILE_NOT_FOUND),
        ),
    ),
    # -- FaxHandle -------------------------------------------------------------
    ApiCase(
        name="FaxHandle.access_check",
        c_functions=("FaxAccessCheck",),
        needs=SERVER,
        call=lambda ctx: ctx.server.access_check(AccessRight.JOB_SUBMIT | AccessRight.JOB_QUERY),
        check=_check_access,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE),
        bad=_bad_ids("rights", lambda ctx, v: ctx.server.access_check(v)),
    ),
    ApiCase(
        name="FaxHandle.ports",
        c_functions=("FaxEnumPortsW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.ports(),
        check=_check_ports,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("ports"),),
    ),
    ApiCase(
        name="FaxHandle.open_port",
        c_functions=("FaxOpenPort",),
        needs=SERVER,
        call=lambda ctx: ctx.server.open_port(ctx.device_id, PortOpen.QUERY),
        check=_check_open_port,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_NOT_ENOUGH_MEMORY),
        bad=_bad_ids("device_id", lambda ctx, v: ctx.server.open_port(v)) + (
            Bad("mode=4", lambda ctx: ctx.server.open_port(ctx.device_id, 4), ValueError,
                r"mode must be PortOpen.QUERY or PortOpen.MODIFY"),
            Bad("mode=0", lambda ctx: ctx.server.open_port(ctx.device_id, mode=0), ValueError,
                r"mode must be PortOpen.QUERY or PortOpen.MODIFY"),
            Bad("mode=str", lambda ctx: ctx.server.open_port(ctx.device_id, "QUERY"),
                TypeError, r"mode must be an int, not str"),
            Bad("missing", lambda ctx: ctx.server.open_port(), TypeError, names("device_id")),
        ),
        provoked=(
            Provoked("unknown device", lambda ctx: ctx.server.open_port(12345), ERROR_BAD_UNIT),
            Provoked("second MODIFY", lambda ctx: [
                ctx.server.open_port(ctx.device_id, PortOpen.MODIFY) for _ in range(2)],
                ERROR_INVALID_HANDLE),
        ),
    ),
    ApiCase(
        name="FaxHandle.configuration",
        c_functions=("FaxGetConfigurationW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.configuration(),
        check=_check_configuration,
        access=AccessRight.CONFIG_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("configuration"),),
    ),
    ApiCase(
        name="FaxHandle.set_configuration",
        c_functions=("FaxSetConfigurationW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.set_configuration(NEW_CONFIGURATION),
        check=_check_set_configuration,
        # The page lists both as reasons for ERROR_ACCESS_DENIED.
        access=AccessRight.CONFIG_SET | AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("record type", lambda ctx: ctx.server.set_configuration(winfax.PortInfo()),
                TypeError, r"configuration must be a winfax.Configuration, not PortInfo"),
            Bad("None", lambda ctx: ctx.server.set_configuration(None), TypeError,
                r"configuration must be a winfax.Configuration, not NoneType"),
            Bad("field NUL", lambda ctx: ctx.server.set_configuration(
                NEW_CONFIGURATION.replace(archive_directory="C:\\a\0b")), ValueError,
                r"Configuration.archive_directory must not contain a null character"),
            Bad("seconds", lambda ctx: ctx.server.set_configuration(
                NEW_CONFIGURATION.replace(
                    start_cheap_time=datetime.time(21, 30, 5, tzinfo=datetime.timezone.utc))),
                ValueError, r"keeps times to the minute"),
            Bad("retries=2**32", lambda ctx: ctx.server.set_configuration(
                NEW_CONFIGURATION.replace(retries=2**32)), ValueError,
                r"Configuration.retries must be between 0 and 0xFFFFFFFF"),
        ),
        provoked=(
            Provoked("retries=100", lambda ctx: ctx.server.set_configuration(
                NEW_CONFIGURATION.replace(retries=100)), ERROR_INVALID_PARAMETER),
            Provoked("archive without folder", lambda ctx: ctx.server.set_configuration(
                NEW_CONFIGURATION.replace(archive_directory=None)), ERROR_INVALID_PARAMETER),
        ),
    ),
    ApiCase(
        name="FaxHandle.logging_categories",
        c_functions=("FaxGetLoggingCategoriesW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.logging_categories(),
        check=_check_logging,
        access=AccessRight.CONFIG_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("logging_categories"),),
    ),
    ApiCase(
        name="FaxHandle.set_logging_categories",
        c_functions=("FaxSetLoggingCategoriesW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.set_logging_categories(NEW_LEVELS),
        check=_check_set_logging,
        access=AccessRight.CONFIG_SET,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE),
        bad=(
            Bad("str", lambda ctx: ctx.server.set_logging_categories("INIT"), TypeError,
                r"categories must be a sequence of LoggingCategory"),
            Bad("int", lambda ctx: ctx.server.set_logging_categories(5), TypeError,
                r"not iterable"),
            Bad("record type", lambda ctx: ctx.server.set_logging_categories(
                [winfax.RoutingMethod()]), TypeError,
                r"each category must be a winfax.LoggingCategory, not RoutingMethod"),
            Bad("field NUL", lambda ctx: ctx.server.set_logging_categories(
                [NEW_LEVELS[0].replace(name="Out\0bound")]), ValueError,
                r"LoggingCategory.name must not contain a null character"),
            Bad("65 entries", lambda ctx: ctx.server.set_logging_categories(NEW_LEVELS * 33),
                ValueError, r"at most 64 logging categories"),
        ),
        provoked=(
            Provoked("empty", lambda ctx: ctx.server.set_logging_categories([]),
                     ERROR_INVALID_PARAMETER),
            Provoked("unknown category", lambda ctx: ctx.server.set_logging_categories(
                [winfax.LoggingCategory(category=9, level=LogLevel.MAX)]),
                ERROR_INVALID_PARAMETER),
        ),
    ),
    ApiCase(
        name="FaxHandle.jobs",
        c_functions=("FaxEnumJobsW",),
        needs=SERVER,
        prepare=Context.ensure_job,
        call=lambda ctx: ctx.server.jobs(),
        check=_check_jobs,
        access=AccessRight.JOB_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("jobs"),),
    ),
    ApiCase(
        name="FaxHandle.get_job",
        c_functions=("FaxGetJobW",),
        needs=SERVER,
        prepare=Context.ensure_job,
        call=lambda ctx: ctx.server.get_job(ctx.job_id),
        check=_check_get_job,
        access=AccessRight.JOB_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=_bad_ids("job_id", lambda ctx, v: ctx.server.get_job(v)),
        provoked=(Provoked("unknown job", lambda ctx: ctx.server.get_job(999_999),
                           ERROR_INVALID_PARAMETER),),
    ),
    ApiCase(
        name="FaxHandle.set_job",
        c_functions=("FaxSetJobW",),
        needs=SERVER,
        prepare=Context.ensure_job,
        call=lambda ctx: ctx.server.set_job(ctx.job_id, JobCommand.PAUSE),
        check=_check_set_job,
        access=AccessRight.JOB_MANAGE,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE),
        bad=_bad_ids("job_id", lambda ctx, v: ctx.server.set_job(v, JobCommand.PAUSE)) + (
            Bad("command=-1", lambda ctx: ctx.server.set_job(ctx.job_id, -1), ValueError,
                r"command must be between 0 and 0xFFFFFFFF"),
            Bad("command=str", lambda ctx: ctx.server.set_job(ctx.job_id, "pause"),
                TypeError, r"command must be an int, not str"),
            Bad("missing", lambda ctx: ctx.server.set_job(ctx.job_id), TypeError, names("command")),
        ),
        provoked=(
            Provoked("unknown command", lambda ctx: ctx.server.set_job(ctx.job_id, 99),
                     ERROR_INVALID_PARAMETER),
            Provoked("unknown job", lambda ctx: ctx.server.set_job(999_999, JobCommand.DELETE),
                     ERROR_INVALID_PARAMETER),
        ),
    ),
    ApiCase(
        name="FaxHandle.abort",
        c_functions=("FaxAbort",),
        needs=SERVER,
        setup=Context.ensure_job,
        call=_abort,
        check=_check_abort,
        access=AccessRight.JOB_MANAGE,
        denial=_deny_abort,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE),
        leak_calls=2_000,
        bad=_bad_ids("job_id", lambda ctx, v: ctx.server.abort(v)),
        provoked=(Provoked("unknown job", lambda ctx: ctx.server.abort(999_999),
                           ERROR_INVALID_PARAMETER),),
    ),
    ApiCase(
        name="FaxHandle.page_data",
        c_functions=("FaxGetPageData",),
        needs=SERVER,
        prepare=Context.ensure_job,
        call=lambda ctx: ctx.server.page_data(ctx.job_id),
        check=_check_page_data,
        access=AccessRight.JOB_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_INVALID_DATA,
                ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=_bad_ids("job_id", lambda ctx, v: ctx.server.page_data(v)),
        provoked=(
            Provoked("unknown job", lambda ctx: ctx.server.page_data(999_999),
                     ERROR_INVALID_PARAMETER),
            Provoked("print job", lambda ctx: _page_data_of_print_job(ctx), ERROR_INVALID_DATA),
        ),
    ),
    ApiCase(
        name="FaxHandle.send_document",
        c_functions=("FaxSendDocumentW",),
        needs=SERVER,
        call=_send,
        check=_check_send,
        access=AccessRight.JOB_SUBMIT,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_FILE_NOT_FOUND,
                ERROR_INVALID_DATA, ERROR_NOT_SUPPORTED, ERROR_NOT_ENOUGH_MEMORY),
        leak_calls=2_000,
        bad=(
            Bad("path=int", lambda ctx: ctx.server.send_document(123, SENT_PARAMS),
                TypeError, r"expected str, bytes or os.PathLike object, not int"),
            Bad("path=bytes", lambda ctx: ctx.server.send_document(
                bytes(ctx.tiff), SENT_PARAMS), TypeError, r"not bytes"),
            Bad("path NUL", lambda ctx: ctx.server.send_document(
                str(ctx.tiff) + "\0.tif", SENT_PARAMS), ValueError,
                r"path must not contain a null character"),
            Bad("params type", lambda ctx: ctx.server.send_document(
                ctx.tiff, SERVER_COVER), TypeError,
                r"params must be a winfax.JobParam, not CoverPageInfo"),
            Bad("cover type", lambda ctx: ctx.server.send_document(
                ctx.tiff, SENT_PARAMS, SENT_PARAMS), TypeError,
                r"cover_page must be a winfax.CoverPageInfo, not JobParam"),
            Bad("field NUL", lambda ctx: ctx.server.send_document(
                ctx.tiff, SENT_PARAMS.replace(recipient_number="555\x000")), ValueError,
                r"JobParam.recipient_number must not contain a null character"),
            Bad("year 1500", lambda ctx: ctx.server.send_document(
                ctx.tiff, SENT_PARAMS.replace(
                    schedule_action=ScheduleAction.SPECIFIC_TIME,
                    schedule_time=datetime.datetime(1500, 1, 1, tzinfo=datetime.timezone.utc))),
                ValueError,
                r"SYSTEMTIME holds years 1601 to 30827"),
            Bad("missing", lambda ctx: ctx.server.send_document(ctx.tiff), TypeError,
                names("params")),
            # FAX_JOB_PARAM's page: RecipientNumber is required; the binding
            # says which field is missing before the service would answer
            # ERROR_INVALID_PARAMETER.
            Bad("no recipient", lambda ctx: ctx.server.send_document(
                ctx.tiff, winfax.JobParam()), ValueError,
                r"JobParam.recipient_number is None; the fax service needs the number to dial"),
            Bad("empty recipient", lambda ctx: ctx.server.send_document(
                ctx.tiff, SENT_PARAMS.replace(recipient_number="")), ValueError,
                r"JobParam.recipient_number is empty"),
        ),
        provoked=(
            Provoked("missing file", lambda ctx: ctx.server.send_document(
                ctx.tmp_path / "missing.tif", SENT_PARAMS), ERROR_FILE_NOT_FOUND),
            Provoked("not a TIFF", lambda ctx: ctx.server.send_document(
                ctx.cover, SENT_PARAMS), ERROR_INVALID_DATA),
            Provoked("missing cover file", lambda ctx: ctx.server.send_document(
                ctx.tiff, SENT_PARAMS, winfax.CoverPageInfo(
                    cover_page_name=str(ctx.tmp_path / "missing.cov"))),
                ERROR_FILE_NOT_FOUND),
        ),
    ),
    ApiCase(
        name="FaxHandle.send_broadcast",
        c_functions=("FaxSendDocumentForBroadcastW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.send_broadcast(ctx.tiff, BROADCAST),
        check=_check_broadcast,
        access=AccessRight.JOB_SUBMIT,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_FILE_NOT_FOUND,
                ERROR_INVALID_DATA, FAX_ERR_RECIPIENTS_LIMIT, ERROR_NOT_ENOUGH_MEMORY),
        leak_calls=2_000,
        bad=(
            Bad("recipients=str", lambda ctx: ctx.server.send_broadcast(ctx.tiff, "555"),
                TypeError, r"recipients must be an iterable of JobParam, not a string"),
            Bad("path=None", lambda ctx: ctx.server.send_broadcast(None, BROADCAST),
                TypeError, r"expected str, bytes or os.PathLike object, not NoneType"),
            Bad("path NUL", lambda ctx: ctx.server.send_broadcast("a\0b.tif", BROADCAST),
                ValueError, r"path must not contain a null character"),
            Bad("missing", lambda ctx: ctx.server.send_broadcast(ctx.tiff), TypeError,
                names("recipients")),
            # The recipients are read inside the service's first callback:
            # the call is made, refused, and nothing is queued.
            Bad("no recipient", lambda ctx: ctx.server.send_broadcast(ctx.tiff, []),
                ValueError, r"at least one recipient", api_calls=1),
            Bad("no recipient number", lambda ctx: ctx.server.send_broadcast(
                ctx.tiff, [SENT_PARAMS, (winfax.JobParam(), None)]), ValueError,
                r"broadcast recipient 2: JobParam.recipient_number is None", api_calls=1),
            Bad("empty recipient number", lambda ctx: ctx.server.send_broadcast(
                ctx.tiff, [SENT_PARAMS.replace(recipient_number="")]), ValueError,
                r"broadcast recipient 1: JobParam.recipient_number is empty", api_calls=1),
            Bad("not iterable", lambda ctx: ctx.server.send_broadcast(ctx.tiff, 5),
                TypeError, r"not iterable", api_calls=1),
            Bad("record type", lambda ctx: ctx.server.send_broadcast(ctx.tiff, [1]),
                TypeError, r"params must be a winfax.JobParam, not int", api_calls=1),
            Bad("1-tuple", lambda ctx: ctx.server.send_broadcast(
                ctx.tiff, [(SENT_PARAMS,)]), ValueError,
                r"a JobParam or a \(JobParam, CoverPageInfo\) pair", api_calls=1),
            Bad("cover type", lambda ctx: ctx.server.send_broadcast(
                ctx.tiff, [(SENT_PARAMS, SENT_PARAMS)]), TypeError,
                r"cover_page must be a winfax.CoverPageInfo, not JobParam", api_calls=1),
            Bad("field NUL", lambda ctx: ctx.server.send_broadcast(
                ctx.tiff, [SENT_PARAMS, SENT_PARAMS.replace(tsid="\0")]), ValueError,
                r"JobParam.tsid must not contain a null character", api_calls=1),
        ),
        provoked=(
            Provoked("missing file", lambda ctx: ctx.server.send_broadcast(
                ctx.tmp_path / "missing.tif", BROADCAST), ERROR_FILE_NOT_FOUND),
        ),
    ),
    ApiCase(
        name="FaxHandle.global_routing_info",
        c_functions=("FaxEnumGlobalRoutingInfoW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.global_routing_info(),
        check=_check_global_routing,
        access=AccessRight.CONFIG_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("global_routing_info"),),
    ),
    ApiCase(
        name="FaxHandle.set_global_routing_info",
        c_functions=("FaxSetGlobalRoutingInfoW",),
        needs=SERVER,
        call=lambda ctx: ctx.server.set_global_routing_info(
            winfax.GlobalRoutingInfo(guid=PRINT_GUID, priority=1)),
        check=_check_set_global_routing,
        access=AccessRight.CONFIG_SET,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_INVALID_DATA),
        bad=(
            Bad("None", lambda ctx: ctx.server.set_global_routing_info(None), TypeError,
                r"info must be a winfax.GlobalRoutingInfo, not NoneType"),
            Bad("record type", lambda ctx: ctx.server.set_global_routing_info(
                winfax.RoutingMethod(guid=PRINT_GUID)), TypeError,
                r"info must be a winfax.GlobalRoutingInfo, not RoutingMethod"),
            Bad("guid NUL", lambda ctx: ctx.server.set_global_routing_info(
                winfax.GlobalRoutingInfo(guid=PRINT_GUID + "\0", priority=1)), ValueError,
                r"GlobalRoutingInfo.guid must not contain a null character"),
            Bad("priority=-1", lambda ctx: ctx.server.set_global_routing_info(
                winfax.GlobalRoutingInfo(guid=PRINT_GUID, priority=-1)), ValueError,
                r"GlobalRoutingInfo.priority must be between 0 and 0xFFFFFFFF"),
        ),
        provoked=(
            Provoked("priority 9", lambda ctx: ctx.server.set_global_routing_info(
                winfax.GlobalRoutingInfo(guid=PRINT_GUID, priority=9)), ERROR_INVALID_PARAMETER),
            Provoked("unknown guid", lambda ctx: ctx.server.set_global_routing_info(
                winfax.GlobalRoutingInfo(guid=EXTENSION_GUID, priority=1)), ERROR_INVALID_DATA),
        ),
    ),
    ApiCase(
        name="FaxHandle.register_routing_extension",
        c_functions=("FaxRegisterRoutingExtensionW",),
        needs=SERVER,
        call=_register_extension,
        check=_check_register_extension,
        denial=lambda sim: sim.set_admin(False),
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("methods=str", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", "method"), TypeError,
                r"methods must be an iterable of tuples, not a str"),
            Bad("extension_name=1", lambda ctx: ctx.server.register_routing_extension(
                1, "f", "x.dll", EXTENSION_METHODS), TypeError,
                r"extension_name must be a str, not int"),
            Bad("image NUL", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x\0.dll", EXTENSION_METHODS), ValueError,
                r"image_name must not contain a null character"),
            Bad("missing", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll"), TypeError, names("methods")),
            # The methods are checked before the service is called.
            Bad("3-tuple", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", [("m", "f", "fn")]), TypeError,
                r"each routing method is a tuple"),
            Bad("101 characters", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", [("m" * 101, "f", "fn", EXTENSION_GUID)]),
                ValueError, r"method name is at most 99 characters"),
            Bad("guid NUL", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", [("m", "f", "fn", "{\0}")]), ValueError,
                r"guid must not contain a null character"),
            Bad("not iterable", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", 5), TypeError, r"not iterable"),
        ),
        provoked=(
            Provoked("empty name", lambda ctx: ctx.server.register_routing_extension(
                "", "f", "x.dll", EXTENSION_METHODS), ERROR_INVALID_PARAMETER),
            Provoked("method without guid", lambda ctx: ctx.server.register_routing_extension(
                EXTENSION, "f", "x.dll", [("m", "f", "fn", "")]), ERROR_INVALID_PARAMETER),
        ),
    ),
    ApiCase(
        name="FaxHandle.events",
        c_functions=("FaxInitializeEventQueue",),
        needs=SERVER,
        setup=_fresh_session,
        call=lambda ctx: ctx.server.events(timeout=0),
        check=_check_events,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_INVALID_DATA,
                ERROR_NOT_ENOUGH_MEMORY),
        leak_calls=2_000,
        bad=(
            Bad("timeout=str", lambda ctx: ctx.server.events("1"), TypeError,
                r"timeout must be a number of seconds or None, not str"),
            Bad("timeout=-1", lambda ctx: ctx.server.events(-1), ValueError,
                r"timeout must be 0 or more seconds"),
            Bad("timeout=nan", lambda ctx: ctx.server.events(float("nan")), ValueError,
                r"timeout must be 0 or more seconds"),
            Bad("timeout=2**40", lambda ctx: ctx.server.events(2**40), ValueError,
                r"timeout must be at most 4294967 seconds"),
            Bad("keyword", lambda ctx: ctx.server.events(wait=1), TypeError, names("wait")),
            # The first reader's registration is the one call made.
            Bad("second reader", _second_reader, RuntimeError,
                r"keep iterating the first one", api_calls=1),
        ),
    ),
    ApiCase(
        name="FaxHandle.close",
        c_functions=("FaxClose",),
        needs=SERVER,
        setup=_reconnect_if_closed,
        call=lambda ctx: ctx.server.close(),
        check=_check_server_closed,
        errors=(ERROR_INVALID_HANDLE,),
        lifetime=True,
        bad=(_no_args("close"),),
    ),
    # -- FaxPortHandle ---------------------------------------------------------
    ApiCase(
        name="FaxPortHandle.info",
        c_functions=("FaxGetPortW",),
        needs=PORT_QUERY,
        call=lambda ctx: ctx.port.info(),
        check=_check_port_info,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("info", "port"),),
        provoked=(Provoked("device removed", lambda ctx: _after_removal(ctx, "info"),
                           ERROR_BAD_UNIT),),
    ),
    ApiCase(
        name="FaxPortHandle.set_info",
        c_functions=("FaxSetPortW",),
        needs=PORT_MODIFY,
        prepare=lambda ctx: setattr(
            ctx, "new_port_info", ctx.port.info().replace(**NEW_PORT_SETTINGS)),
        call=lambda ctx: ctx.port.set_info(ctx.new_port_info),
        check=_check_set_port_info,
        access=AccessRight.PORT_SET,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_DEVICE_IN_USE, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("None", lambda ctx: ctx.port.set_info(None), TypeError,
                r"info must be a winfax.PortInfo, not NoneType"),
            Bad("record type", lambda ctx: ctx.port.set_info(winfax.DeviceStatus()),
                TypeError, r"info must be a winfax.PortInfo, not DeviceStatus"),
            Bad("tsid NUL", lambda ctx: ctx.port.set_info(
                ctx.new_port_info.replace(tsid="555\0")), ValueError,
                r"PortInfo.tsid must not contain a null character"),
            Bad("device_id=-1", lambda ctx: ctx.port.set_info(
                ctx.new_port_info.replace(device_id=-1)), ValueError,
                r"PortInfo.device_id must be between 0 and 0xFFFFFFFF"),
            Bad("rings=2**32", lambda ctx: ctx.port.set_info(
                ctx.new_port_info.replace(rings=2**32)), ValueError,
                r"PortInfo.rings must be between 0 and 0xFFFFFFFF"),
        ),
        provoked=(
            Provoked("line busy", lambda ctx: _set_info_while_sending(ctx),
                     ERROR_DEVICE_IN_USE),
            Provoked("priority 0", lambda ctx: ctx.port.set_info(
                ctx.new_port_info.replace(priority=0)), ERROR_INVALID_PARAMETER),
            Provoked("QUERY port", lambda ctx: _set_info_on_query_port(ctx),
                     ERROR_ACCESS_DENIED),
        ),
    ),
    ApiCase(
        name="FaxPortHandle.device_status",
        c_functions=("FaxGetDeviceStatusW",),
        needs=PORT_QUERY,
        call=lambda ctx: ctx.port.device_status(),
        check=_check_device_status,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("device_status", "port"),),
        provoked=(Provoked("device removed", lambda ctx: _after_removal(ctx, "device_status"),
                           ERROR_BAD_UNIT),),
    ),
    ApiCase(
        name="FaxPortHandle.routing_methods",
        c_functions=("FaxEnumRoutingMethodsW",),
        needs=PORT_QUERY,
        call=lambda ctx: ctx.port.routing_methods(),
        check=_check_routing_methods,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(_no_args("routing_methods", "port"),),
    ),
    ApiCase(
        name="FaxPortHandle.enable_routing_method",
        c_functions=("FaxEnableRoutingMethodW",),
        needs=PORT_QUERY,
        call=lambda ctx: ctx.port.enable_routing_method(EMAIL_GUID, True),
        check=_check_enable,
        access=AccessRight.PORT_SET,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_INVALID_DATA, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("guid=1", lambda ctx: ctx.port.enable_routing_method(1, True), TypeError,
                r"guid must be a str, not int"),
            Bad("guid NUL", lambda ctx: ctx.port.enable_routing_method(
                EMAIL_GUID + "\0", True), ValueError, r"guid must not contain a null"),
            Bad("missing", lambda ctx: ctx.port.enable_routing_method(EMAIL_GUID),
                TypeError, names("enabled")),
        ),
        provoked=(Provoked("unknown guid", lambda ctx: ctx.port.enable_routing_method(
            EXTENSION_GUID, True), ERROR_INVALID_DATA),),
    ),
    ApiCase(
        name="FaxPortHandle.routing_info",
        c_functions=("FaxGetRoutingInfoW",),
        needs=PORT_QUERY,
        prepare=_prepare_routing_data,
        call=lambda ctx: ctx.port.routing_info(FOLDER_GUID),
        check=_check_routing_info,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_INVALID_DATA, ERROR_NOT_ENOUGH_MEMORY),
        buffers=1,
        bad=(
            Bad("guid=None", lambda ctx: ctx.port.routing_info(None), TypeError,
                r"guid must be a str, not NoneType"),
            Bad("guid NUL", lambda ctx: ctx.port.routing_info("\0"), ValueError,
                r"guid must not contain a null character"),
        ),
        provoked=(Provoked("unknown guid", lambda ctx: ctx.port.routing_info(EXTENSION_GUID),
                           ERROR_INVALID_DATA),),
    ),
    ApiCase(
        name="FaxPortHandle.set_routing_info",
        c_functions=("FaxSetRoutingInfoW",),
        needs=PORT_QUERY,
        call=lambda ctx: ctx.port.set_routing_info(FOLDER_GUID, ROUTING_DATA),
        check=_check_set_routing_info,
        access=AccessRight.PORT_SET,
        errors=(ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE, ERROR_BAD_UNIT,
                ERROR_INVALID_DATA, ERROR_NOT_ENOUGH_MEMORY),
        bad=(
            Bad("data=str", lambda ctx: ctx.port.set_routing_info(FOLDER_GUID, "text"),
                TypeError, r"data must be bytes, not str"),
            Bad("data=int", lambda ctx: ctx.port.set_routing_info(FOLDER_GUID, 5),
                TypeError, r"cannot convert 'int' object to bytes"),
            Bad("guid=None", lambda ctx: ctx.port.set_routing_info(None, ROUTING_DATA),
                TypeError, r"guid must be a str, not NoneType"),
            Bad("guid NUL", lambda ctx: ctx.port.set_routing_info("{\0}", ROUTING_DATA),
                ValueError, r"guid must not contain a null character"),
        ),
        provoked=(Provoked("unknown guid", lambda ctx: ctx.port.set_routing_info(
            EXTENSION_GUID, ROUTING_DATA), ERROR_INVALID_DATA),),
    ),
    ApiCase(
        name="FaxPortHandle.close",
        c_functions=("FaxClose",),
        needs=PORT_QUERY,
        setup=_reopen_if_closed,
        call=lambda ctx: ctx.port.close(),
        check=_check_port_closed,
        access=AccessRight.PORT_QUERY,
        errors=(ERROR_INVALID_HANDLE,),
        lifetime=True,
        bad=(_no_args("close", "port"),),
    ),
]

CASES: dict[str, ApiCase] = {case.name: case for case in API}

# Public methods that call no fax function of their own, so they have no row.
NOT_IN_TABLE = {
    "FaxHandle.detach": "gives up ownership of the raw value; no fax call",
    "FaxPortHandle.detach": "gives up ownership of the raw value; no fax call",
    "FaxHandle.aevents": "the asyncio form of events(): the same FaxInitializeEventQueue, "
    "made by its first step in a worker thread (tests/test_events.py)",
    "FaxHandle.wait": "job outcomes from the handle's events() and get_job() "
    "(tests/test_outcomes.py)",
    "FaxHandle.await_job": "the asyncio form of wait() (tests/test_outcomes.py)",
    "FaxHandle.outcomes": "job outcomes from the handle's events() (tests/test_outcomes.py)",
    "FaxHandle.aoutcomes": "the asyncio form of outcomes() (tests/test_outcomes.py)",
}
# __enter__ returns the handle and __exit__ is close(): both are lifetime
# plumbing covered by tests/test_handle.py, and private by name anyway.


# ---- helpers of the provoked errors -------------------------------------------


def _page_data_of_print_job(ctx):
    if not SIMULATED_GDI:
        pytest.skip(GDI_SKIP)
    with winfax.start_print_job(None, PRINT_INFO):
        pass
    (job,) = [j for j in ctx.server.jobs() if j.document_name == PRINT_DOC]
    return ctx.server.page_data(job.job_id)


def _after_removal(ctx, method):
    ctx.sim.remove_port(ctx.device_id)
    return getattr(ctx.port, method)()


def _set_info_while_sending(ctx):
    ctx.new_job()
    ctx.sim.advance()  # the job dials on the only device
    return ctx.port.set_info(ctx.new_port_info)


def _set_info_on_query_port(ctx):
    with ctx.server.open_port(ctx.device_id, PortOpen.QUERY) as reader:
        return reader.set_info(ctx.new_port_info)


# ---- building a context -------------------------------------------------------


def make_context(case: ApiCase, sim, tmp_path) -> Context:
    """The context `case` needs, with its prepare() done."""
    ctx = Context(sim, tmp_path)
    if case.needs != MODULE:
        ctx.connect()
    if case.needs == PORT_QUERY:
        ctx.open_port(PortOpen.QUERY)
    elif case.needs == PORT_MODIFY:
        ctx.open_port(PortOpen.MODIFY)
    case.prepare(ctx)
    return ctx


class Contexts:
    """Builds the Context each case needs (call it with the case) and closes
    every one it built (close()), for the test files' fixtures."""

    def __init__(self, sim, tmp_path):
        self.sim, self.tmp_path, self.built = sim, tmp_path, []

    def __call__(self, case: ApiCase) -> Context:
        ctx = make_context(case, self.sim, self.tmp_path)
        self.built.append(ctx)
        return ctx

    def close(self) -> None:
        for ctx in self.built:
            ctx.close()
