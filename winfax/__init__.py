"""winfax: the Windows Fax Service client API (WinFax.dll) for Python.

    import winfax
    with winfax.connect() as server:
        for job in server.jobs():
            print(job.job_id, job.recipient_number, job.queue_status)

Everything here is the native module winfax._winfax (the C functions and
record types) plus the enums of winfax._enums.  On Windows the native module
calls WinFax.dll; elsewhere it is linked against the fax service simulator
shipped inside this package (see winfax.simulator), so the same code runs
and can be tested off Windows.  There each process has its own simulated
service; the `winfax` command's is kept in a file, and
`with winfax.simulator.persistent():` works on that one instead.
"""

import os as _os

# First, so that a folder without the built native module (a source checkout
# Python found before the installed winfax) says so instead of failing below
# with a "partially initialized module" error.
try:
    from . import _winfax
except ImportError:
    from ._checkout import explain_missing_native_module

    explain_missing_native_module(_os.path.dirname(__file__))
    raise

from ._enums import (
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
from ._events import aevents
from ._routing import (
    EMAIL_ROUTING_GUID,
    FOLDER_ROUTING_GUID,
    PRINT_ROUTING_GUID,
    EmailRouting,
    FolderRouting,
    PrintRouting,
    decode_routing_info,
    routing_config,
    set_routing_config,
)
from ._outcomes import JobOutcome
from ._samples import sample_fax
from ._version import __version__
from ._winfax import BACKEND as backend
from ._winfax import (
    Configuration,
    ContextInfo,
    CoverPageInfo,
    DeviceStatus,
    Event,
    FaxClientNotInstalledError,
    FaxHandle,
    FaxPortHandle,
    GlobalRoutingInfo,
    InvalidTimeWarning,
    JobEntry,
    JobNotInQueueError,
    JobParam,
    LoggingCategory,
    PortInfo,
    PrintInfo,
    PrintJob,
    RoutingMethod,
    complete_job_params,
    connect,
    print_cover_page,
    register_service_provider,
    start_print_job,
    unregister_service_provider,
)

__all__ = [
    "AccessRight",
    "Configuration",
    "ContextInfo",
    "CoverPageInfo",
    "DeliveryReport",
    "DeviceStatus",
    "Event",
    "EventId",
    "FaxClientNotInstalledError",
    "FaxError",
    "FaxHandle",
    "FaxPortHandle",
    "GlobalRoutingInfo",
    "InvalidTimeWarning",
    "JobCommand",
    "JobEntry",
    "JobNotInQueueError",
    "JobOutcome",
    "JobParam",
    "JobType",
    "LogCategory",
    "LogLevel",
    "LoggingCategory",
    "PortFlags",
    "PortInfo",
    "PortOpen",
    "PortState",
    "PrintInfo",
    "PrintJob",
    "QueueStatus",
    "RoutingMethod",
    "ScheduleAction",
    "__version__",
    "aevents",
    "backend",
    "complete_job_params",
    "connect",
    "print_cover_page",
    "register_service_provider",
    "start_print_job",
    "unregister_service_provider",
]
__all__ += [
    "EMAIL_ROUTING_GUID",
    "FOLDER_ROUTING_GUID",
    "PRINT_ROUTING_GUID",
    "EmailRouting",
    "FolderRouting",
    "PrintRouting",
    "decode_routing_info",
    "routing_config",
    "set_routing_config",
]
__all__ += ["sample_fax"]

# A handle belongs to the process that opened it: after fork() the child's
# copies read as closed and are never FaxClose'd by the child.
if hasattr(_os, "register_at_fork"):
    from ._winfax import _after_fork_child

    _os.register_at_fork(after_in_child=_after_fork_child)
    del _after_fork_child
