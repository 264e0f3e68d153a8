# Type information for the native module winfax._winfax.
import datetime
import os
import types
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Literal, Self



from ._enums import (
    DeliveryReport,
    EventId,
    JobType,
    LogCategory,
    LogLevel,
    PortFlags,
    PortState,
    QueueStatus,
    ScheduleAction,
)
from ._events import AsyncEventIterator
from ._outcomes import JobOutcome, OutcomeIterator

BACKEND: Literal["windows", "simulator"]

class FaxClientNotInstalledError(OSError): ...

# get_job/set_job/abort/page_data on a job the queue does not hold (sent,
# cancelled, deleted or never there): winerror 87 (docs/api.md, "Errors").
class JobNotInQueueError(OSError):
    job_id: int

# A time field the service filled with a value no datetime holds: the field
# reads as None and the message gives the raw value (docs/api.md, "Times").
class InvalidTimeWarning(RuntimeWarning): ...

class _Record:
    _fields: ClassVar[tuple[str, ...]]
    def _asdict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class JobEntry(_Record):
    job_id: int
    user_name: str | None
    job_type: JobType | int
    queue_status: QueueStatus | int
    status: PortState | int
    size: int
    page_count: int
    recipient_number: str | None
    recipient_name: str | None
    tsid: str | None
    sender_name: str | None
    sender_company: str | None
    sender_dept: str | None
    billing_code: str | None
    schedule_action: ScheduleAction | int
    # UTC: reads aware (tzinfo=timezone.utc); an aware input is converted to UTC,
    # a naive one is taken as local time (docs/api.md, "Times").
    schedule_time: datetime.datetime | None
    delivery_report_type: DeliveryReport | int
    delivery_report_address: str | None
    document_name: str | None
    def __init__(
        self,
        job_id: int = ...,
        user_name: str | None = ...,
        job_type: int = ...,
        queue_status: int = ...,
        status: int = ...,
        size: int = ...,
        page_count: int = ...,
        recipient_number: str | None = ...,
        recipient_name: str | None = ...,
        tsid: str | None = ...,
        sender_name: str | None = ...,
        sender_company: str | None = ...,
        sender_dept: str | None = ...,
        billing_code: str | None = ...,
        schedule_action: int = ...,
        schedule_time: datetime.datetime | None = ...,
        delivery_report_type: int = ...,
        delivery_report_address: str | None = ...,
        document_name: str | None = ...,
    ) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class JobParam(_Record):
    recipient_number: str | None
    recipient_name: str | None
    tsid: str | None
    sender_name: str | None
    sender_company: str | None
    sender_dept: str | None
    billing_code: str | None
    schedule_action: ScheduleAction | int
    # UTC: reads aware (tzinfo=timezone.utc); an aware input is converted to UTC,
    # a naive one is taken as local time (docs/api.md, "Times").
    schedule_time: datetime.datetime | None
    delivery_report_type: DeliveryReport | int
    delivery_report_address: str | None
    document_name: str | None
    def __init__(
        self,
        recipient_number: str | None = ...,
        recipient_name: str | None = ...,
        tsid: str | None = ...,
        sender_name: str | None = ...,
        sender_company: str | None = ...,
        sender_dept: str | None = ...,
        billing_code: str | None = ...,
        schedule_action: int = ...,
        schedule_time: datetime.datetime | None = ...,
        delivery_report_type: int = ...,
        delivery_report_address: str | None = ...,
        document_name: str | None = ...,
    ) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class CoverPageInfo(_Record):
    cover_page_name: str | None
    use_server_cover_page: bool
    rec_name: str | None
    rec_fax_number: str | None
    rec_company: str | None
    rec_street_address: str | None
    rec_city: str | None
    rec_state: str | None
    rec_zip: str | None
    rec_country: str | None
    rec_title: str | None
    rec_department: str | None
    rec_office_location: str | None
    rec_home_phone: str | None
    rec_office_phone: str | None
    sdr_name: str | None
    sdr_fax_number: str | None
    sdr_company: str | None
    sdr_address: str | None
    sdr_title: str | None
    sdr_department: str | None
    sdr_office_location: str | None
    sdr_home_phone: str | None
    sdr_office_phone: str | None
    note: str | None
    subject: str | None
    # local system time: reads aware with the local offset; naive input is local.
    time_sent: datetime.datetime | None
    page_count: int
    def __init__(self, **fields: Any) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class PortInfo(_Record):
    device_id: int
    state: PortState | int
    flags: PortFlags | int
    rings: int
    priority: int
    device_name: str | None
    tsid: str | None
    csid: str | None
    def __init__(
        self,
        device_id: int = ...,
        state: int = ...,
        flags: int = ...,
        rings: int = ...,
        priority: int = ...,
        device_name: str | None = ...,
        tsid: str | None = ...,
        csid: str | None = ...,
    ) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class DeviceStatus(_Record):
    caller_id: str | None
    csid: str | None
    current_page: int
    device_id: int
    device_name: str | None
    document_name: str | None
    job_type: JobType | int
    phone_number: str | None
    routing_string: str | None
    sender_name: str | None
    recipient_name: str | None
    size: int
    start_time: datetime.datetime | None
    status: PortState | int
    status_string: str | None
    submitted_time: datetime.datetime | None
    total_pages: int
    tsid: str | None
    user_name: str | None
    def __init__(self, **fields: Any) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class Configuration(_Record):
    retries: int
    retry_delay: int
    dirty_days: int
    branding: bool
    use_device_tsid: bool
    server_cp: bool
    pause_server_queue: bool
    # FAX_TIME is UTC: reads with tzinfo=timezone.utc; naive input is taken as UTC.
    start_cheap_time: datetime.time
    stop_cheap_time: datetime.time
    archive_outgoing_faxes: bool
    archive_directory: str | None
    def __init__(
        self,
        retries: int = ...,
        retry_delay: int = ...,
        dirty_days: int = ...,
        branding: bool = ...,
        use_device_tsid: bool = ...,
        server_cp: bool = ...,
        pause_server_queue: bool = ...,
        start_cheap_time: datetime.time = ...,
        stop_cheap_time: datetime.time = ...,
        archive_outgoing_faxes: bool = ...,
        archive_directory: str | None = ...,
    ) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class LoggingCategory(_Record):
    name: str | None
    category: LogCategory | int
    level: LogLevel | int
    def __init__(self, name: str | None = ..., category: int = ..., level: int = ...) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class RoutingMethod(_Record):
    device_id: int
    enabled: bool
    device_name: str | None
    guid: str | None
    friendly_name: str | None
    function_name: str | None
    extension_image_name: str | None
    extension_friendly_name: str | None
    def __init__(self, **fields: Any) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class GlobalRoutingInfo(_Record):
    priority: int
    guid: str | None
    friendly_name: str | None
    function_name: str | None
    extension_image_name: str | None
    extension_friendly_name: str | None
    def __init__(self, **fields: Any) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class PrintInfo(_Record):
    doc_name: str | None
    recipient_name: str | None
    recipient_number: str | None
    sender_name: str | None
    sender_company: str | None
    sender_dept: str | None
    sender_billing_code: str | None
    dr_email_address: str | None
    output_file_name: str | None
    def __init__(self, **fields: Any) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class ContextInfo(_Record):
    hdc: int
    server_name: str | None
    def __init__(self, hdc: int = ..., server_name: str | None = ...) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

class Event(_Record):
    event_id: EventId | int
    job_id: int  # 0xFFFFFFFF: no particular job
    device_id: int
    # UTC (tzinfo=timezone.utc), as are DeviceStatus times.
    timestamp: datetime.datetime | None
    def __init__(
        self,
        event_id: int = ...,
        job_id: int = ...,
        device_id: int = ...,
        timestamp: datetime.datetime | None = ...,
    ) -> None: ...
    def replace(self, **changes: Any) -> Self: ...

# Made on the first FaxHandle.events() call (winfax._winfax.EventIterator).
class EventIterator(Iterator[Event]):
    @property
    def closed(self) -> bool: ...
    @property
    def timeout(self) -> float | None: ...
    @property
    def server(self) -> FaxHandle: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> Event: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> Literal[False]: ...
    def _wait(self, seconds: float, /) -> list[Event]: ...

class _Handle:
    @property
    def closed(self) -> bool: ...
    @property
    def handle(self) -> int: ...
    def close(self) -> None: ...
    def detach(self) -> int: ...
    def __int__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> Literal[False]: ...

class FaxHandle(_Handle):
    def access_check(self, rights: int) -> bool: ...
    def ports(self) -> list[PortInfo]: ...
    def open_port(self, device_id: int, mode: int = ...) -> FaxPortHandle: ...
    def configuration(self) -> Configuration: ...
    def set_configuration(self, configuration: Configuration, /) -> None: ...
    def logging_categories(self) -> list[LoggingCategory]: ...
    def set_logging_categories(self, categories: Iterable[LoggingCategory], /) -> None: ...
    def jobs(self) -> list[JobEntry]: ...
    def get_job(self, job_id: int, /) -> JobEntry: ...
    def set_job(self, job_id: int, command: int) -> None: ...
    def abort(self, job_id: int, /) -> None: ...
    def page_data(self, job_id: int, /) -> tuple[bytes, int, int]: ...
    def send_document(
        self, path: str | os.PathLike[str], params: JobParam, cover_page: CoverPageInfo | None = ...
    ) -> int: ...
    def send_broadcast(
        self,
        path: str | os.PathLike[str],
        recipients: Iterable[JobParam | tuple[JobParam, CoverPageInfo | None]],
    ) -> int: ...
    def global_routing_info(self) -> list[GlobalRoutingInfo]: ...
    def set_global_routing_info(self, info: GlobalRoutingInfo, /) -> None: ...
    def register_routing_extension(
        self,
        extension_name: str,
        friendly_name: str,
        image_name: str,
        methods: Iterable[tuple[str, str, str, str]],
    ) -> None: ...
    def events(self, timeout: float | None = None) -> EventIterator: ...
    def aevents(self, timeout: float | None = None) -> AsyncEventIterator: ...
    # Job outcomes (winfax/_outcomes.py): follow the handle's events from the first call.
    def wait(self, job_id: int, timeout: float | None = None) -> JobOutcome: ...
    async def await_job(self, job_id: int, timeout: float | None = None) -> JobOutcome: ...
    def outcomes(self, timeout: float | None = None) -> OutcomeIterator: ...
    def aoutcomes(self, timeout: float | None = None) -> OutcomeIterator: ...

class FaxPortHandle(_Handle):
    def info(self) -> PortInfo: ...
    def set_info(self, info: PortInfo, /) -> None: ...
    def device_status(self) -> DeviceStatus: ...
    def routing_methods(self) -> list[RoutingMethod]: ...
    def enable_routing_method(self, guid: str, enabled: bool) -> None: ...
    def routing_info(self, guid: str, /) -> bytes: ...
    def set_routing_info(self, guid: str, data: bytes) -> None: ...

class PrintJob:
    """A fax print job from start_print_job(): end() or abort() it, or use
    it in a with block.  job_id is the print spooler's id, not a fax job id."""
    @property
    def job_id(self) -> int: ...
    @property
    def context(self) -> ContextInfo: ...
    @property
    def hdc(self) -> int: ...
    @property
    def state(self) -> Literal["open", "finishing", "ended", "aborted", "failed"]: ...
    @property
    def closed(self) -> bool: ...
    def end(self) -> None: ...
    def abort(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> Literal[False]: ...
    # Still unpacks as the (job_id, context) pair start_print_job() once
    # returned; the items are typed Any so such code keeps type-checking.
    def __len__(self) -> Literal[2]: ...
    def __getitem__(self, index: int, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...

def connect(machine_name: str | None = None) -> FaxHandle: ...
def complete_job_params() -> tuple[JobParam, CoverPageInfo]: ...
def register_service_provider(
    device_provider: str, friendly_name: str, image_name: str, tsp_name: str
) -> None: ...
def unregister_service_provider(device_provider: str, /) -> None: ...
def start_print_job(printer_name: str | None, print_info: PrintInfo) -> PrintJob: ...
def print_cover_page(context: ContextInfo, cover_page: CoverPageInfo) -> None: ...

# Private: fork handling, and the capsule through which winfax._testhooks
# (failure injection for the tests) reaches this module.
def _after_fork_child() -> None: ...

_test_hooks: object

# The limited API version this binary targets (abi3 build), None for a
# full-API build; decides own-GIL sub-interpreter support (README).
_limited_api: int | None
