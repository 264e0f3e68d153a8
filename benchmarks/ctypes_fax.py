"""The ctypes contender: what a user would write instead of winfax.

A straightforward ctypes binding of the same libfaxsim functions and structs
winfax calls, returning dataclasses whose enum fields are converted to the
winfax enums, strings decoded, SYSTEMTIME turned into a datetime: the same
Python values winfax hands out, so the benchmark compares like with like.

WCHAR is 16 bits on Windows and in the simulator, but ctypes' c_wchar is the
platform's wchar_t (4 bytes on Linux), so c_wchar_p would misread every
string.  Strings are POINTER(c_uint16): the binding finds the terminating
NUL and decodes the UTF-16 bytes itself (string_at + decode).
"""

import ctypes
import datetime
import os
from ctypes import POINTER, Structure, byref, c_int32, c_size_t, c_uint16, c_uint32, c_void_p
from dataclasses import dataclass

from winfax import (
    DeliveryReport,
    JobType,
    PortFlags,
    PortState,
    QueueStatus,
    ScheduleAction,
)

DWORD = c_uint32
WORD = c_uint16
BOOL = c_int32
HANDLE = c_void_p
LPCWSTR = POINTER(c_uint16)


class SYSTEMTIME(Structure):
    _fields_ = [
        ("wYear", WORD),
        ("wMonth", WORD),
        ("wDayOfWeek", WORD),
        ("wDay", WORD),
        ("wHour", WORD),
        ("wMinute", WORD),
        ("wSecond", WORD),
        ("wMilliseconds", WORD),
    ]


class FAX_TIME(Structure):
    _fields_ = [("Hour", WORD), ("Minute", WORD)]


class FAX_JOB_ENTRYW(Structure):
    _fields_ = [
        ("SizeOfStruct", DWORD),
        ("JobId", DWORD),
        ("UserName", LPCWSTR),
        ("JobType", DWORD),
        ("QueueStatus", DWORD),
        ("Status", DWORD),
        ("Size", DWORD),
        ("PageCount", DWORD),
        ("RecipientNumber", LPCWSTR),
        ("RecipientName", LPCWSTR),
        ("Tsid", LPCWSTR),
        ("SenderName", LPCWSTR),
        ("SenderCompany", LPCWSTR),
        ("SenderDept", LPCWSTR),
        ("BillingCode", LPCWSTR),
        ("ScheduleAction", DWORD),
        ("ScheduleTime", SYSTEMTIME),
        ("DeliveryReportType", DWORD),
        ("DeliveryReportAddress", LPCWSTR),
        ("DocumentName", LPCWSTR),
    ]


class FAX_PORT_INFOW(Structure):
    _fields_ = [
        ("SizeOfStruct", DWORD),
        ("DeviceId", DWORD),
        ("State", DWORD),
        ("Flags", DWORD),
        ("Rings", DWORD),
        ("Priority", DWORD),
        ("DeviceName", LPCWSTR),
        ("Tsid", LPCWSTR),
        ("Csid", LPCWSTR),
    ]


class FAX_CONFIGURATIONW(Structure):
    _fields_ = [
        ("SizeOfStruct", DWORD),
        ("Retries", DWORD),
        ("RetryDelay", DWORD),
        ("DirtyDays", DWORD),
        ("Branding", BOOL),
        ("UseDeviceTsid", BOOL),
        ("ServerCp", BOOL),
        ("PauseServerQueue", BOOL),
        ("StartCheapTime", FAX_TIME),
        ("StopCheapTime", FAX_TIME),
        ("ArchiveOutgoingFaxes", BOOL),
        ("ArchiveDirectory", LPCWSTR),
        ("Reserved", LPCWSTR),
    ]


class FAX_JOB_PARAMW(Structure):
    _fields_ = [
        ("SizeOfStruct", DWORD),
        ("RecipientNumber", LPCWSTR),
        ("RecipientName", LPCWSTR),
        ("Tsid", LPCWSTR),
        ("SenderName", LPCWSTR),
        ("SenderCompany", LPCWSTR),
        ("SenderDept", LPCWSTR),
        ("BillingCode", LPCWSTR),
        ("ScheduleAction", DWORD),
        ("ScheduleTime", SYSTEMTIME),
        ("DeliveryReportType", DWORD),
        ("DeliveryReportAddress", LPCWSTR),
        ("DocumentName", LPCWSTR),
        ("CallHandle", DWORD),
        ("Reserved", c_size_t * 3),
    ]


def _load(path):
    lib = ctypes.CDLL(os.fspath(path))

    def declare(name, restype, *argtypes):
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
        return function

    return {
        "connect": declare("FaxConnectFaxServerW", BOOL, LPCWSTR, POINTER(HANDLE)),
        "close": declare("FaxClose", BOOL, HANDLE),
        "get_job": declare("FaxGetJobW", BOOL, HANDLE, DWORD, POINTER(POINTER(FAX_JOB_ENTRYW))),
        "enum_jobs": declare(
            "FaxEnumJobsW", BOOL, HANDLE, POINTER(POINTER(FAX_JOB_ENTRYW)), POINTER(DWORD)
        ),
        "enum_ports": declare(
            "FaxEnumPortsW", BOOL, HANDLE, POINTER(POINTER(FAX_PORT_INFOW)), POINTER(DWORD)
        ),
        "get_configuration": declare(
            "FaxGetConfigurationW", BOOL, HANDLE, POINTER(POINTER(FAX_CONFIGURATIONW))
        ),
        "send_document": declare(
            "FaxSendDocumentW", BOOL, HANDLE, LPCWSTR, POINTER(FAX_JOB_PARAMW), c_void_p,
            POINTER(DWORD),
        ),
        "free": declare("FaxFreeBuffer", None, c_void_p),
        "last_error": declare("GetLastError", DWORD),
    }


# ---- the records, as a user would declare them -------------------------------


@dataclass
class JobEntry:
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
    schedule_time: datetime.datetime | None
    delivery_report_type: DeliveryReport | int
    delivery_report_address: str | None
    document_name: str | None


@dataclass
class PortInfo:
    device_id: int
    state: PortState | int
    flags: PortFlags | int
    rings: int
    priority: int
    device_name: str | None
    tsid: str | None
    csid: str | None


@dataclass
class Configuration:
    retries: int
    retry_delay: int
    dirty_days: int
    branding: bool
    use_device_tsid: bool
    server_cp: bool
    pause_server_queue: bool
    start_cheap_time: datetime.time
    stop_cheap_time: datetime.time
    archive_outgoing_faxes: bool
    archive_directory: str | None


@dataclass
class JobParam:
    recipient_number: str | None = None
    recipient_name: str | None = None
    tsid: str | None = None
    sender_name: str | None = None
    sender_company: str | None = None
    sender_dept: str | None = None
    billing_code: str | None = None
    schedule_action: int = 0
    schedule_time: datetime.datetime | None = None
    delivery_report_type: int = 0
    delivery_report_address: str | None = None
    document_name: str | None = None


# ---- conversions ----------------------------------------------------------------


def _wstr(p):
    """A NUL-terminated UTF-16 string -> str (None for NULL)."""
    if not p:
        return None
    n = 0
    while p[n]:
        n += 1
    return ctypes.string_at(p, 2 * n).decode("utf-16-le", "surrogatepass")


def _enum(cls, value):
    """The enum member, or the plain int for a value the enum lacks."""
    try:
        return cls(value)
    except ValueError:
        return value


def _systemtime(t):
    if not (t.wYear or t.wMonth or t.wDay or t.wHour or t.wMinute or t.wSecond
            or t.wMilliseconds):
        return None
    return datetime.datetime(t.wYear, t.wMonth, t.wDay, t.wHour, t.wMinute, t.wSecond,
                             t.wMilliseconds * 1000)


def _job_entry(e):
    return JobEntry(
        job_id=e.JobId,
        user_name=_wstr(e.UserName),
        job_type=_enum(JobType, e.JobType),
        queue_status=_enum(QueueStatus, e.QueueStatus),
        status=_enum(PortState, e.Status),
        size=e.Size,
        page_count=e.PageCount,
        recipient_number=_wstr(e.RecipientNumber),
        recipient_name=_wstr(e.RecipientName),
        tsid=_wstr(e.Tsid),
        sender_name=_wstr(e.SenderName),
        sender_company=_wstr(e.SenderCompany),
        sender_dept=_wstr(e.SenderDept),
        billing_code=_wstr(e.BillingCode),
        schedule_action=_enum(ScheduleAction, e.ScheduleAction),
        schedule_time=_systemtime(e.ScheduleTime),
        delivery_report_type=_enum(DeliveryReport, e.DeliveryReportType),
        delivery_report_address=_wstr(e.DeliveryReportAddress),
        document_name=_wstr(e.DocumentName),
    )


def _port_info(p):
    return PortInfo(
        device_id=p.DeviceId,
        state=_enum(PortState, p.State),
        flags=_enum(PortFlags, p.Flags),
        rings=p.Rings,
        priority=p.Priority,
        device_name=_wstr(p.DeviceName),
        tsid=_wstr(p.Tsid),
        csid=_wstr(p.Csid),
    )


def _configuration(c):
    return Configuration(
        retries=c.Retries,
        retry_delay=c.RetryDelay,
        dirty_days=c.DirtyDays,
        branding=bool(c.Branding),
        use_device_tsid=bool(c.UseDeviceTsid),
        server_cp=bool(c.ServerCp),
        pause_server_queue=bool(c.PauseServerQueue),
        start_cheap_time=datetime.time(c.StartCheapTime.Hour, c.StartCheapTime.Minute),
        stop_cheap_time=datetime.time(c.StopCheapTime.Hour, c.StopCheapTime.Minute),
        archive_outgoing_faxes=bool(c.ArchiveOutgoingFaxes),
        archive_directory=_wstr(c.ArchiveDirectory),
    )


def _to_wstr(s):
    """str -> a UTF-16 buffer the call can read (kept alive by the caller)."""
    if s is None:
        return None
    buffer = ctypes.create_string_buffer(s.encode("utf-16-le", "surrogatepass") + b"\0\0")
    return ctypes.cast(buffer, LPCWSTR), buffer


class FaxError(OSError):
    def __init__(self, function, winerror):
        super().__init__(f"{function} failed with Windows error {winerror}")
        self.winerror = winerror


class Fax:
    """The library and its functions; connect() opens a server."""

    def __init__(self, library_path):
        self._f = _load(library_path)

    def connect(self):
        return Server(self._f)


class Server:
    def __init__(self, functions):
        self._f = functions
        handle = HANDLE()
        if not functions["connect"](None, byref(handle)):
            raise FaxError("FaxConnectFaxServerW", functions["last_error"]())
        self._handle = handle

    def close(self):
        if self._handle is not None:
            self._f["close"](self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def get_job(self, job_id):
        entry = POINTER(FAX_JOB_ENTRYW)()
        if not self._f["get_job"](self._handle, job_id, byref(entry)):
            raise FaxError("FaxGetJobW", self._f["last_error"]())
        try:
            return _job_entry(entry.contents)
        finally:
            self._f["free"](entry)

    def jobs(self):
        entries = POINTER(FAX_JOB_ENTRYW)()
        count = DWORD()
        if not self._f["enum_jobs"](self._handle, byref(entries), byref(count)):
            raise FaxError("FaxEnumJobsW", self._f["last_error"]())
        try:
            return [_job_entry(entries[i]) for i in range(count.value)]
        finally:
            self._f["free"](entries)

    def ports(self):
        ports = POINTER(FAX_PORT_INFOW)()
        count = DWORD()
        if not self._f["enum_ports"](self._handle, byref(ports), byref(count)):
            raise FaxError("FaxEnumPortsW", self._f["last_error"]())
        try:
            return [_port_info(ports[i]) for i in range(count.value)]
        finally:
            self._f["free"](ports)

    def configuration(self):
        config = POINTER(FAX_CONFIGURATIONW)()
        if not self._f["get_configuration"](self._handle, byref(config)):
            raise FaxError("FaxGetConfigurationW", self._f["last_error"]())
        try:
            return _configuration(config.contents)
        finally:
            self._f["free"](config)

    def send_document(self, path, params):
        keep = []

        def wide(s):
            converted = _to_wstr(s)
            if converted is None:
                return None
            keep.append(converted[1])
            return converted[0]

        p = FAX_JOB_PARAMW()
        p.SizeOfStruct = ctypes.sizeof(FAX_JOB_PARAMW)
        p.RecipientNumber = wide(params.recipient_number)
        p.RecipientName = wide(params.recipient_name)
        p.Tsid = wide(params.tsid)
        p.SenderName = wide(params.sender_name)
        p.SenderCompany = wide(params.sender_company)
        p.SenderDept = wide(params.sender_dept)
        p.BillingCode = wide(params.billing_code)
        p.ScheduleAction = int(params.schedule_action)
        p.DeliveryReportType = int(params.delivery_report_type)
        p.DeliveryReportAddress = wide(params.delivery_report_address)
        p.DocumentName = wide(params.document_name)
        job_id = DWORD()
        if not self._f["send_document"](self._handle, wide(os.fspath(path)), byref(p), None,
                                        byref(job_id)):
            raise FaxError("FaxSendDocumentW", self._f["last_error"]())
        return job_id.value
