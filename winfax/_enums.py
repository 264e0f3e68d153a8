"""The winfax.h constants as IntEnum / IntFlag types.

Records store the raw integers the service returned and turn them into these
members only when a field is read (see src/records.c), so enumerating many
jobs costs no enum construction that nobody asked for.  Values the service
returns that are not listed here come back as plain ints.

Every name is the C constant without its prefix: JT_SEND is JobType.SEND,
FPS_DIALING is PortState.DIALING, FAX_JOB_SUBMIT is AccessRight.JOB_SUBMIT.
"""

from enum import IntEnum, IntFlag

__all__ = [
    "AccessRight",
    "DeliveryReport",
    "EventId",
    "FaxError",
    "JobCommand",
    "JobType",
    "LogCategory",
    "LogLevel",
    "PortFlags",
    "PortOpen",
    "PortState",
    "QueueStatus",
    "ScheduleAction",
]


class JobType(IntEnum):
    """JT_*: what a job in the queue does."""

    UNKNOWN = 0
    SEND = 1
    RECEIVE = 2
    ROUTING = 3
    FAIL_RECEIVE = 4


class QueueStatus(IntFlag):
    """JS_*: a job's state in the queue (JS_PENDING is the empty set)."""

    PENDING = 0x00
    INPROGRESS = 0x01
    DELETING = 0x02
    FAILED = 0x04
    PAUSED = 0x08
    NOLINE = 0x10
    RETRYING = 0x20
    RETRIES_EXCEEDED = 0x40


class PortState(IntEnum):
    """FPS_*: what a fax device is doing (also a job's current status)."""

    DIALING = 0x20000001
    SENDING = 0x20000002
    RECEIVING = 0x20000004
    COMPLETED = 0x20000008
    HANDLED = 0x20000010
    UNAVAILABLE = 0x20000020
    BUSY = 0x20000040
    NO_ANSWER = 0x20000080
    BAD_ADDRESS = 0x20000100
    NO_DIAL_TONE = 0x20000200
    DISCONNECTED = 0x20000400
    FATAL_ERROR = 0x20000800
    NOT_FAX_CALL = 0x20001000
    CALL_DELAYED = 0x20002000
    CALL_BLACKLISTED = 0x20004000
    INITIALIZING = 0x20008000
    OFFLINE = 0x20010000
    RINGING = 0x20020000
    AVAILABLE = 0x20100000
    ABORTING = 0x20200000
    ROUTING = 0x20400000
    ANSWERED = 0x20800000


class PortFlags(IntFlag):
    """FPF_*: what a fax device may do."""

    RECEIVE = 0x1
    SEND = 0x2
    VIRTUAL = 0x4


class PortOpen(IntFlag):
    """PORT_OPEN_*: the access FaxOpenPort asks for."""

    QUERY = 1
    MODIFY = 2


class JobCommand(IntEnum):
    """JC_*: what FaxSetJob does to a job.  RESTART is RESUME, as in C."""

    UNKNOWN = 0
    DELETE = 1
    PAUSE = 2
    RESUME = 3
    RESTART = 3


class ScheduleAction(IntEnum):
    """JSA_*: when a fax is sent."""

    NOW = 0
    SPECIFIC_TIME = 1
    DISCOUNT_PERIOD = 2


class DeliveryReport(IntEnum):
    """DRT_*: how the sender hears that a fax was delivered."""

    NONE = 0
    EMAIL = 1
    INBOX = 2


class LogLevel(IntEnum):
    """FAXLOG_LEVEL_*: how much a logging category records."""

    NONE = 0
    MIN = 1
    MED = 2
    MAX = 3


class LogCategory(IntEnum):
    """FAXLOG_CATEGORY_*: the service's logging categories."""

    INIT = 1
    OUTBOUND = 2
    INBOUND = 3
    UNKNOWN = 4


class AccessRight(IntFlag):
    """FAX_*: the rights FaxAccessCheck asks about and the service enforces.

    READ, WRITE and ALL_ACCESS are the generic rights; they include the
    standard Windows rights (STANDARD_RIGHTS_*) as well as fax rights."""

    JOB_SUBMIT = 0x0001
    JOB_QUERY = 0x0002
    CONFIG_QUERY = 0x0004
    CONFIG_SET = 0x0008
    PORT_QUERY = 0x0010
    PORT_SET = 0x0020
    JOB_MANAGE = 0x0040
    READ = 0x00020016
    WRITE = 0x00020001
    ALL_ACCESS = 0x001F007F


class EventId(IntEnum):
    """FEI_*: what a fax event reports."""

    DIALING = 0x01
    SENDING = 0x02
    RECEIVING = 0x03
    COMPLETED = 0x04
    BUSY = 0x05
    NO_ANSWER = 0x06
    BAD_ADDRESS = 0x07
    NO_DIAL_TONE = 0x08
    DISCONNECTED = 0x09
    FATAL_ERROR = 0x0A
    NOT_FAX_CALL = 0x0B
    CALL_DELAYED = 0x0C
    CALL_BLACKLISTED = 0x0D
    RINGING = 0x0E
    ABORTING = 0x0F
    ROUTING = 0x10
    MODEM_POWERED_ON = 0x11
    MODEM_POWERED_OFF = 0x12
    IDLE = 0x13
    FAXSVC_ENDED = 0x14
    ANSWERED = 0x15
    JOB_QUEUED = 0x16
    DELETED = 0x17
    INITIALIZING = 0x18
    LINE_UNAVAILABLE = 0x19
    HANDLED = 0x1A
    FAXSVC_STARTED = 0x1B


class FaxError(IntEnum):
    """FAX_ERR_*: fax-specific Windows error codes (OSError.winerror)."""

    SRV_OUTOFMEMORY = 7001
    GROUP_NOT_FOUND = 7002
    BAD_GROUP_CONFIGURATION = 7003
    GROUP_IN_USE = 7004
    RULE_NOT_FOUND = 7005
    NOT_NTFS = 7006
    DIRECTORY_IN_USE = 7007
    FILE_ACCESS_DENIED = 7008
    MESSAGE_NOT_FOUND = 7009
    DEVICE_NUM_LIMIT_EXCEEDED = 7010
    NOT_SUPPORTED_ON_THIS_SKU = 7011
    VERSION_MISMATCH = 7012
    RECIPIENTS_LIMIT = 7013
