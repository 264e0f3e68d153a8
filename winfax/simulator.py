"""Control the fax service simulator that winfax is linked against.

The simulator implements the WinFax.dll client functions.  This module drives
it the way a test needs:

    from winfax import simulator
    simulator.reset()
    simulator.fail_next("FaxConnectFaxServerW", simulator.ERROR_ACCESS_DENIED)
    simulator.set_latency(0.001)
    assert simulator.open_handles() == 0

Off Windows each process has its own simulated service, in memory; the
`winfax` command keeps its service in a state file instead, so what one
queues the other does not see.  To work on the command's service from
Python, do it inside a persistent() block (it loads the state file, holds
its lock and saves it at the end):

    with simulator.persistent():
        with winfax.connect() as server:
            server.send_document(winfax.sample_fax(), params)   # `winfax jobs` lists it

and save(path) writes this process's service where `winfax --state PATH`
reads it.

Off Windows the simulator is libfaxsim, shipped inside this package.  On
Windows it is the same C code built as WINFAX.dll
(.ci/windows/build-faxsim-dll) and installed in System32 in place of the
Windows fax client; this module then controls that DLL, the very one _winfax
loads.  On a Windows machine with the real fax client there is no control
API, and importing this module raises ImportError.

It uses ctypes: this is a control path, never the path of a fax call.
"""

import collections as _collections
import contextlib as _contextlib
import ctypes as _ctypes
import datetime as _datetime
import errno as _errno
import os as _os
import sys as _sys
import threading as _threading
import typing as _typing
from collections.abc import Callable as _Callable
from collections.abc import Iterable as _Iterable
from collections.abc import Iterator as _Iterator
from typing import Any as _Any

from . import _state_store as _store
from . import _winfax

# A file name, as os.fsencode takes it.
_PathArg: _typing.TypeAlias = "str | bytes | _os.PathLike[str] | _os.PathLike[bytes]"

_ON_WINDOWS = _sys.platform == "win32"
# typeshed declares ctypes' and msvcrt's Windows-only names for win32 alone,
# and fcntl's for every platform but win32, so a type checker flags the
# branch for the other platform below; those lines say
# `type: ignore[attr-defined,unused-ignore]` (unused where they are true).

if not _ON_WINDOWS:
    if _winfax.BACKEND != "simulator":
        raise ImportError(
            "winfax.simulator is not available: this winfax is linked against the "
            f"real fax service ({_winfax.BACKEND}), not the simulator"
        )

__all__ = [
    "ALL_ACCESS",
    "add_port",
    "advance",
    "fail_job",
    "job_count",
    "port_count",
    "provider_count",
    "remove_port",
    "run_queue",
    "set_admin",
    "set_port_state",
    "set_user",
    "access",
    "calls",
    "close_handle",
    "deny_access",
    "fail_next",
    "functions",
    "grant_access",
    "max_concurrent",
    "open_handles",
    "outstanding_buffers",
    "pause",
    "reset",
    "restart",
    "resume",
    "set_access",
    "set_latency",
    "violations",
    "waiting",
    "job_schedule_time",
    "set_job_schedule_time",
    "set_event_stamp",
    "default_state_path",
    "load",
    "persistent",
    "reset_state",
    "save",
    "completion_ports",
    "completion_waiters",
    "event_queues",
    "outstanding_events",
    "post_event",
    "clock",
    "set_clock",
    "set_time",
    "time",
]

# Win32 error codes that tests inject most often.
__all__ += ["ERROR_ACCESS_DENIED", "ERROR_INVALID_HANDLE", "ERROR_NOT_ENOUGH_MEMORY",
            "ERROR_INVALID_PARAMETER"]
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_HANDLE = 6
ERROR_NOT_ENOUGH_MEMORY = 8
ERROR_INVALID_PARAMETER = 87

# FAX_ALL_ACCESS: the specific fax rights plus the standard rights.
ALL_ACCESS = 0x001F007F

_MAX_LATENCY_SECONDS = (2**32 - 1) / 1e6


def _load_posix() -> tuple[str, int | None]:
    folder = _os.path.dirname(_os.path.abspath(_winfax.__file__))
    for name in ("libfaxsim.so", "libfaxsim.dylib"):
        path = _os.path.join(folder, name)
        if _os.path.exists(path):
            # The same file _winfax was linked against: the loader returns the
            # instance already in the process, so both see one service.
            return path, None
    raise ImportError(f"the fax service simulator library is missing from {folder}")


# Where _winfax takes WinFax.dll from (src/winfax_dll.c): System32 and only
# there, so that both find the same module, hence the same service.
_LOAD_LIBRARY_SEARCH_SYSTEM32 = 0x00000800


def _load_windows() -> tuple[str, int | None]:
    kernel32 = _ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    load_library = kernel32.LoadLibraryExW
    load_library.restype = _ctypes.c_void_p
    load_library.argtypes = (_ctypes.c_wchar_p, _ctypes.c_void_p, _ctypes.c_uint32)
    find = kernel32.GetProcAddress
    find.restype = _ctypes.c_void_p
    find.argtypes = (_ctypes.c_void_p, _ctypes.c_char_p)
    free_library = kernel32.FreeLibrary
    free_library.argtypes = (_ctypes.c_void_p,)
    # Loading an already loaded module only takes one more reference.
    handle = load_library("WINFAX.dll", None, _LOAD_LIBRARY_SEARCH_SYSTEM32)
    if not handle:
        raise ImportError(
            "winfax.simulator is not available: WINFAX.dll cannot be loaded from "
            f"System32 (winerror {_ctypes.get_last_error()})"  # type: ignore[attr-defined,unused-ignore]
        )
    if not find(handle, b"faxsim_reset"):
        free_library(handle)
        raise ImportError(
            "winfax.simulator is not available: the WINFAX.dll in System32 is the "
            "Windows fax client, and the control API only exists when the fax "
            "service simulator is installed as WinFax.dll "
            "(.ci/windows/build-faxsim-dll)"
        )
    # Kept loaded for the life of the process, as _winfax keeps it.
    return "WINFAX.dll", handle


_name, _handle = _load_windows() if _ON_WINDOWS else _load_posix()
# The faxsim_* control functions are cdecl everywhere ...
_lib = _ctypes.CDLL(_name, handle=_handle)
# ... the fax API is stdcall on 32-bit Windows (WinDLL), and there the last
# error is kernel32's, which ctypes saves right after each call.
_api: _ctypes.CDLL
if _ON_WINDOWS:
    _api = _ctypes.WinDLL(  # type: ignore[attr-defined,unused-ignore]
        _name, handle=_handle, use_last_error=True)
else:
    _api = _lib


def _declare(name: str, restype: _Any, *argtypes: _Any, library: _ctypes.CDLL = _lib) -> _Any:
    function = getattr(library, name)
    function.restype = restype
    function.argtypes = argtypes
    return function


_reset = _declare("faxsim_reset", None)
_set_access = _declare("faxsim_set_access", None, _ctypes.c_uint32)
_get_access = _declare("faxsim_get_access", _ctypes.c_uint32)
_fail_next = _declare(
    "faxsim_fail_next", _ctypes.c_int, _ctypes.c_char_p, _ctypes.c_uint32, _ctypes.c_uint32
)
_set_latency_us = _declare("faxsim_set_latency_us", None, _ctypes.c_uint32)
_pause = _declare("faxsim_pause", _ctypes.c_int, _ctypes.c_char_p)
_resume = _declare("faxsim_resume", _ctypes.c_int, _ctypes.c_char_p)
_waiting = _declare("faxsim_waiting", _ctypes.c_int64, _ctypes.c_char_p)
_open_handles = _declare("faxsim_open_handles", _ctypes.c_uint32)
_calls = _declare("faxsim_calls", _ctypes.c_int64, _ctypes.c_char_p)
_max_concurrent = _declare("faxsim_max_concurrent", _ctypes.c_int64, _ctypes.c_char_p)
_violations = _declare("faxsim_violations", _ctypes.c_uint64)
_outstanding = _declare("faxsim_outstanding_buffers", _ctypes.c_int64)
_set_user = _declare("faxsim_set_user", _ctypes.c_int, _ctypes.c_char_p)
_set_admin = _declare("faxsim_set_admin", None, _ctypes.c_int)
_add_port = _declare("faxsim_add_port", _ctypes.c_uint32, _ctypes.c_char_p, _ctypes.c_uint32)
_remove_port = _declare("faxsim_remove_port", _ctypes.c_int, _ctypes.c_uint32)
_port_count = _declare("faxsim_port_count", _ctypes.c_uint32)
_set_port_state = _declare("faxsim_set_port_state", _ctypes.c_int, _ctypes.c_uint32, _ctypes.c_uint32)
_job_count = _declare("faxsim_job_count", _ctypes.c_uint32)
_advance = _declare("faxsim_advance", _ctypes.c_uint32, _ctypes.c_uint32)
_fail_job = _declare("faxsim_fail_job", _ctypes.c_int, _ctypes.c_uint32, _ctypes.c_uint32)
_provider_count = _declare("faxsim_provider_count", _ctypes.c_uint32)
_restart = _declare("faxsim_restart", None)
_function_count = _declare("faxsim_function_count", _ctypes.c_uint32)
_function_name = _declare("faxsim_function_name", _ctypes.c_char_p, _ctypes.c_uint32)
_fax_close = _declare("FaxClose", _ctypes.c_int32, _ctypes.c_void_p, library=_api)
if _ON_WINDOWS:
    _last_error = _ctypes.get_last_error  # type: ignore[attr-defined,unused-ignore]
else:
    # Off Windows the simulator keeps the thread's last error itself.
    _last_error = _declare("GetLastError", _ctypes.c_uint32)


def functions() -> tuple[str, ...]:
    """The names of the simulated client functions."""
    return tuple(_function_name(i).decode("ascii") for i in range(_function_count()))


def _function(name: object) -> bytes:
    if not isinstance(name, str):
        raise TypeError(f"function must be a str naming a fax API function, not {type(name).__name__}")
    known = functions()
    if name not in known:
        raise ValueError(f"{name!r} is not a simulated function; use one of: {', '.join(known)}")
    return name.encode("ascii")


def _uint32(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value <= 0xFFFFFFFF:
        raise ValueError(f"{what} must fit in 32 bits unsigned (0..4294967295), got {value}")
    return value


def reset() -> None:
    """Start the service afresh: all handles invalid, counters zero, all rights.
    A new service session too: event registrations hear FAXSVC_ENDED and end."""
    _reset()


def set_access(rights: int) -> None:
    """Grant exactly `rights` (a mask of FAX_* access rights) to the caller."""
    _set_access(_uint32(rights, "rights"))


def access() -> int:
    """The access rights the service currently grants the caller."""
    return int(_get_access())


def deny_access(rights: int | None = None) -> None:
    """Take `rights` away from the caller; with no argument, every right,
    so that even connecting fails with ERROR_ACCESS_DENIED."""
    if rights is None:
        _set_access(0)
    else:
        _set_access(_get_access() & ~_uint32(rights, "rights") & 0xFFFFFFFF)


def grant_access(rights: int | None = None) -> None:
    """Give `rights` to the caller; with no argument, every right."""
    if rights is None:
        _set_access(ALL_ACCESS)
    else:
        _set_access(_get_access() | _uint32(rights, "rights"))


def fail_next(function: str, winerror: int, count: int = 1) -> None:
    """Make the next `count` calls of `function` fail with `winerror`."""
    name = _function(function)
    _uint32(winerror, "winerror")
    if winerror == 0:
        raise ValueError("winerror must be a Win32 error code, not 0 (ERROR_SUCCESS)")
    if _fail_next(name, winerror, _uint32(count, "count")) != 0:
        raise ValueError(f"{function!r} is not a simulated function")


def set_latency(seconds: float) -> None:
    """Make every client call block for `seconds` (0 turns it off)."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
    if not 0 <= seconds <= _MAX_LATENCY_SECONDS:
        raise ValueError(f"seconds must be between 0 and {_MAX_LATENCY_SECONDS:.0f}, got {seconds}")
    _set_latency_us(round(seconds * 1e6))


def pause(function: str) -> None:
    """Hold every caller of `function` inside the call until resume()."""
    _pause(_function(function))


def resume(function: str) -> None:
    """Let the callers held by pause(function) go on."""
    _resume(_function(function))


def waiting(function: str) -> int:
    """How many callers pause(function) is holding right now."""
    return int(_waiting(_function(function)))


def open_handles() -> int:
    """How many server and port handles the service has open."""
    return int(_open_handles())


def calls(function: str) -> int:
    """How many times `function` was called since the last reset()."""
    return int(_calls(_function(function)))


def max_concurrent(function: str) -> int:
    """The most threads that were inside `function` at one moment."""
    return int(_max_concurrent(_function(function)))


def violations() -> int:
    """Calls that named a closed or unknown handle (a correct client makes none)."""
    return int(_violations())


def outstanding_buffers() -> int:
    """Buffers the service handed out that were not given back with FaxFreeBuffer."""
    return int(_outstanding())


def _text(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not value or "\0" in value:
        raise ValueError(f"{what} must be a non-empty str without NUL characters")
    return value.encode("utf-8", "surrogatepass")


def set_user(name: str) -> None:
    """Run as `name`: jobs record it as their owner; other users' jobs need
    FAX_JOB_MANAGE to change."""
    if _set_user(_text(name, "name")) != 0:
        raise MemoryError("the simulator could not store the user name")


def set_admin(is_admin: bool = True) -> None:
    """Whether the user may register service providers and extensions."""
    _set_admin(1 if is_admin else 0)


def add_port(name: str, flags: int = 0x3) -> int:
    """Add a fax device (flags: PortFlags) and return its device id."""
    device_id = int(_add_port(_text(name, "name"), _uint32(int(flags), "flags")))
    if device_id == 0:
        raise MemoryError("the simulator could not add the device")
    return device_id


def remove_port(device_id: int) -> None:
    """Unplug a fax device; its open port handles start failing."""
    if _remove_port(_uint32(device_id, "device_id")) != 0:
        raise ValueError(f"no device {device_id}")


def port_count() -> int:
    """How many fax devices the service has."""
    return int(_port_count())


def set_port_state(device_id: int, state: int) -> None:
    """Put an idle device in a PortState (e.g. OFFLINE; AVAILABLE to undo)."""
    if _set_port_state(_uint32(device_id, "device_id"), _uint32(int(state), "state")) != 0:
        raise ValueError(f"device {device_id} is unknown or busy with a job")


def job_count() -> int:
    """How many jobs are in the queue."""
    return int(_job_count())


def advance(steps: int = 1) -> int:
    """Move every job `steps` stages on (dial, send each page, complete);
    returns how many jobs can still move."""
    return int(_advance(_uint32(steps, "steps")))


def run_queue(limit: int = 100_000) -> int:
    """Advance until no job can move (or `limit` steps); returns the steps taken."""
    steps = 0
    while steps < limit and _advance(1):
        steps += 1
    return steps


_FAILURES = {"retry": 1, "fatal": 2, "hangup": 3}


def fail_job(job_id: int, how: str = "fatal") -> None:
    """Make a job's attempt fail: "retry" (no answer; retried up to the
    configured retries) or "fatal" (fails at once).  A fax being received
    is never retried: "fatal" (a protocol error) or "hangup" (the caller
    hung up) ends its call, and it leaves the queue at the next step
    without being routed."""
    if how not in _FAILURES:
        raise ValueError(f"how must be 'retry', 'fatal' or 'hangup', got {how!r}")
    if _fail_job(_uint32(job_id, "job_id"), _FAILURES[how]) != 0:
        raise ValueError(f"job {job_id} is unknown, already failed or being deleted, or "
                         f"cannot fail that way ('retry' is for sending, 'hangup' for "
                         f"receiving, and a completed call cannot fail)")


# ---- jobs that left the queue (faxsim_job_ended) --------------------------------

__all__ += ["Ended", "ended"]

_job_ended = _declare(
    "faxsim_job_ended", _ctypes.c_int, _ctypes.c_uint32,
    _ctypes.POINTER(_ctypes.c_uint32), _ctypes.POINTER(_ctypes.c_uint32)
)
# FAXSIM_ENDED_* -> the words of JobOutcome.result.
_ENDED = {1: "sent", 2: "received", 3: "failed", 4: "cancelled"}


class Ended(_typing.NamedTuple):
    """How a job that left the queue ended, as the simulator decided it:
    `result` is "sent", "received", "failed" (a call cut short) or
    "cancelled" (deleted), the words of JobOutcome.result; `pages` is the
    job's page count."""

    job_id: int
    result: str
    pages: int


def ended(job_id: int) -> Ended | None:
    """How job `job_id` ended, if it left the queue; None if it is still
    queued, was never queued, or is older than the last 256 jobs that left.

    The record is kept with the saved state, so it answers in a process
    that shares a state file with the one that moved the queue, which is
    the one that got the events (winfax's `send --wait` against `winfax
    simulator run --forever` in another terminal).  The Windows Fax Service
    has no such call: a job gone from the queue is known there only from
    the events a client registered for before it ended."""
    how = _ctypes.c_uint32()
    pages = _ctypes.c_uint32()
    if not _job_ended(_uint32(job_id, "job_id"), _ctypes.byref(how), _ctypes.byref(pages)):
        return None
    return Ended(int(job_id), _ENDED[how.value], pages.value)


# ---- times (tests) ---------------------------------------------------------------

_SystemTimeFields = _ctypes.c_uint16 * 8
_job_schedule_time = _declare(
    "faxsim_job_schedule_time", _ctypes.c_int, _ctypes.c_uint32, _ctypes.POINTER(_SystemTimeFields)
)
_set_job_schedule_time = _declare(
    "faxsim_set_job_schedule_time", _ctypes.c_int, _ctypes.c_uint32, _ctypes.POINTER(_SystemTimeFields)
)
_set_event_stamp = _declare("faxsim_set_event_stamp", None, _ctypes.c_uint64)


def job_schedule_time(job_id: int) -> tuple[int, ...]:
    """A job's ScheduleTime exactly as the service received it: the eight
    SYSTEMTIME members (year, month, day_of_week, day, hour, minute, second,
    milliseconds; Sunday is day 0).  ScheduleTime is UTC, so this is the
    UTC wall time the client sent.  ValueError for an unknown job."""
    fields = _SystemTimeFields()
    if _job_schedule_time(_uint32(job_id, "job_id"), _ctypes.byref(fields)) != 0:
        raise ValueError(f"no job {job_id} in the simulated queue")
    return tuple(fields)


def set_job_schedule_time(job_id: int, fields: _Iterable[int]) -> None:
    """Overwrite a job's ScheduleTime with eight SYSTEMTIME members (the
    order job_schedule_time() returns), valid or not: a test's way to make
    the service report a time no client can convert (month 13, day 0)."""
    values = tuple(fields)
    if len(values) != 8:
        raise ValueError("give the eight SYSTEMTIME members: year, month, day_of_week, "
                         "day, hour, minute, second, milliseconds")
    for value in values:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 0xFFFF:
            raise ValueError(f"each SYSTEMTIME member is a WORD (0..65535), got {value!r}")
    if _set_job_schedule_time(_uint32(job_id, "job_id"), _SystemTimeFields(*values)) != 0:
        raise ValueError(f"no job {job_id} in the simulated queue")


def set_event_stamp(filetime: int | None = None) -> None:
    """Stamp every event posted from now on with this FILETIME (an int of
    100 ns ticks since 1601-01-01 UTC), valid or not; None goes back to
    the current time."""
    if filetime is None:
        filetime = 0
    if not isinstance(filetime, int) or isinstance(filetime, bool) or not 0 <= filetime < 2**64:
        raise ValueError(f"filetime must be an int of 64 bits unsigned, or None, got {filetime!r}")
    _set_event_stamp(filetime)


def restart() -> None:
    """Restart the service: every handle becomes invalid, but devices, jobs,
    configuration and registrations stay (registered routing extensions
    only take effect after a restart, as on Windows).  Event registrations
    end: each hears EventId.FAXSVC_ENDED first."""
    _restart()


def provider_count() -> int:
    """How many fax service providers are registered."""
    return int(_provider_count())


def close_handle(value: int) -> int:
    """Call FaxClose on a raw handle value, as C code holding a detached
    handle would.  Returns 0 on success, else the Win32 error code."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"value must be an int handle, not {type(value).__name__}")
    return 0 if _fax_close(value) else _last_error()


# ---- persistence -------------------------------------------------------------
#
# The simulated service lives in this process's memory.  The winfax command
# runs as one process per invocation, so to look like one local fax service
# across invocations the state is kept in a store (winfax/_state_store.py:
# SQLite, one row per job, documents in files of their own named by digest):
# each unit of work restores the service from it and writes back the rows
# that changed, inside one SQLite transaction (persistent()).

# errno is only reliable through functions declared with use_errno=True: ctypes
# then saves it right after the call.  dlopen returns the library already
# loaded (on Windows the handle is reused), so this is the same service.  On
# Windows the DLL is built against the UCRT, CPython's C runtime, so its
# errno is the one ctypes saves.
_errno_lib = _ctypes.CDLL(_name, handle=_handle, use_errno=True)

_save = _declare("faxsim_save", _ctypes.c_int, _ctypes.c_char_p, library=_errno_lib)
_load_state = _declare("faxsim_load", _ctypes.c_int, _ctypes.c_char_p, library=_errno_lib)
_reset_state = _declare("faxsim_reset_state", None)
_snapshot_take = _declare("faxsim_snapshot_take", _ctypes.c_void_p, library=_errno_lib)
_snapshot_bytes = _declare("faxsim_snapshot_bytes", _ctypes.c_void_p, _ctypes.c_void_p,
                           _ctypes.POINTER(_ctypes.c_size_t))
_snapshot_store_document = _declare("faxsim_snapshot_store_document", _ctypes.c_int,
                                    _ctypes.c_void_p, _ctypes.c_uint32, _ctypes.c_char_p,
                                    library=_errno_lib)
_snapshot_free = _declare("faxsim_snapshot_free", None, _ctypes.c_void_p)
_restore = _declare("faxsim_restore", _ctypes.c_int, _ctypes.c_char_p, _ctypes.c_size_t,
                    _ctypes.POINTER(_ctypes.c_uint32), _ctypes.c_uint32,
                    _ctypes.POINTER(_ctypes.c_uint32), library=_errno_lib)
_RESTORE_SERVICE_LOST = 1

_STATE_FILE_NAME = "simulator-state.sqlite"
# winfax 0.1's default state file (faxsim_save's single-file format): read
# once, into a default store that does not exist yet.
_LEGACY_STATE_FILE_NAME = "simulator-state.bin"


class StateRecoveredWarning(UserWarning):
    """A saved state was damaged: what could be read was restored, and the
    message says what was lost (the next save makes the loss final)."""


__all__ += ["StateRecoveredWarning", "export_state", "import_state"]


def _path_bytes(path: _PathArg) -> bytes:
    raw = _os.fsencode(path)
    # A NUL would silently cut the name short on its way through char *.
    if b"\0" in raw:
        raise ValueError("path must not contain a null character")
    if not raw:
        raise ValueError("path must not be empty")
    return raw


def _state_error(path: _PathArg) -> OSError:
    code = _ctypes.get_errno()
    if code == _errno.EINVAL:
        message = ("not a winfax simulator state file, or one that is damaged, "
                   "truncated or written by another version of winfax")
    elif code == _errno.EFBIG:
        return _store.too_large(path)
    else:
        message = _os.strerror(code)
    # OSError picks the subclass for the code (FileNotFoundError, ...).
    return OSError(code, message, _os.fspath(path))


def export_state(path: _PathArg) -> None:
    """Write the whole simulated service state, documents included, to the
    single file `path` (faxsim_save's format, which winfax 0.1's state file
    had): a snapshot to keep or compare.  Written to a temporary file
    beside it (mode 0600) and renamed over `path`.  Raises OSError."""
    if _save(_path_bytes(path)) != 0:
        raise _state_error(path)


def import_state(path: _PathArg) -> bool:
    """Replace the state with the one export_state() wrote to `path`.
    Returns False if `path` does not exist (state untouched); raises
    OSError (errno EINVAL for a damaged or foreign file, the state then
    untouched too)."""
    rc = _load_state(_path_bytes(path))
    if rc == 1:
        return False
    if rc != 0:
        raise _state_error(path)
    return True


def _snapshot() -> tuple[bytes, _Callable[[int, str], None], _Callable[[], None]]:
    """(snapshot bytes, store_document(index, path), release) of the
    current state; the caller calls release() when done."""
    handle = _snapshot_take()
    if not handle:
        code = _ctypes.get_errno()
        raise OSError(code, _os.strerror(code))
    size = _ctypes.c_size_t()
    data = _ctypes.string_at(_snapshot_bytes(handle, _ctypes.byref(size)), size.value)

    def store_document(index: int, path: str) -> None:
        if _snapshot_store_document(handle, index, _path_bytes(path)) != 0:
            code = _ctypes.get_errno()
            raise OSError(code, _os.strerror(code), path)

    def release() -> None:
        _snapshot_free(handle)

    return data, store_document, release


def _write(store: _store.Store) -> None:
    """Write what changed since `store` was read.  The files of documents
    no longer used stay until the next unit of work that can write removes
    them under its lock (removed before the commit, a crash would lose
    them for the old state; after it, another process may be storing the
    same document again)."""
    data, store_document, release = _snapshot()
    try:
        # Nothing changed (the usual case for a command that only looks):
        # the snapshot starts with exactly what was restored.
        if store.unchanged_prefix is not None and data.startswith(store.unchanged_prefix):
            return
        store.write(_store.Snapshot(data), store_document)
    finally:
        release()


def _restore_from(store: _store.Store) -> bool:
    """Restore the service from the rows of `store` (in a transaction).
    False if it holds nothing yet.  Warns with StateRecoveredWarning about
    whatever could not be restored."""
    service, jobs, documents, problems = store.read()
    if service is None and not jobs and not problems:
        store.remember(None, [])
        return False
    lost: list[int] = []
    # A document whose file is gone or cut short: its jobs cannot send.
    for file_digest, (size, *_rest) in list(documents.items()):
        try:
            ok = _os.stat(_os.path.join(store.folder, file_digest)).st_size == size
        except OSError:
            ok = False
        if not ok:
            del documents[file_digest]
            store.missing_documents.add(file_digest)
    usable: list[_store.JobRow] = []
    for job_id, digest, record in jobs:
        if digest is not None and digest not in documents:
            lost.append(job_id)
        else:
            usable.append((job_id, digest, record))
    if service is None:
        service = b""   # damaged: the simulator substitutes a fresh one
    # Documents in the order the jobs first use them, as a snapshot lists
    # them, so that an unchanged state snapshots to the same bytes.
    used: dict[str, _store.DocumentShape] = {}
    for _job_id, digest, _record in usable:
        if digest is not None and digest not in used:
            used[digest] = documents[digest]
    data, prefix = _store.restore_buffer(service, usable, used, store.folder)
    capacity = len(usable)
    ids = (_ctypes.c_uint32 * max(capacity, 1))()
    count = _ctypes.c_uint32()
    flags = _restore(data, len(data), ids, capacity, _ctypes.byref(count))
    if flags < 0:
        code = _ctypes.get_errno()
        if code == _errno.EINVAL:
            raise _store.damaged(store.path, "its rows do not make a state")
        raise OSError(code, _os.strerror(code), store.path)
    lost += list(ids[:min(count.value, capacity)])
    if flags & _RESTORE_SERVICE_LOST:
        problems.append("the service settings (devices, configuration, routing, "
                        "registrations): a fresh installation's replace them")
    if lost:
        shown = ", ".join(str(i) for i in sorted(lost)[:20])
        more = f" and {len(lost) - 20} more" if len(lost) > 20 else ""
        problems.append(f"{len(lost)} job(s) that could not be recovered: {shown}{more}")
    # What the rows hold: the damaged ones count as changed, so the next
    # save rewrites them from the restored state.
    store.remember(None if flags & _RESTORE_SERVICE_LOST else service, jobs)
    # Rows that need no rewrite and no document row left over: a snapshot
    # with these very bytes first changes nothing.
    if not problems and not flags and len(used) == len(store.stored_documents):
        store.unchanged_prefix = prefix
    if problems:
        import warnings
        warnings.warn(StateRecoveredWarning(
            f"the simulator state {store.path} was damaged; lost: " + "; ".join(problems)),
            stacklevel=3)
    return True


def _import_legacy(legacy: str | None) -> bool:
    """Whether winfax 0.1's default state file was there and was loaded
    into the service (a damaged one is left alone, with a warning)."""
    if legacy is None:
        return False
    try:
        return import_state(legacy)
    except OSError as error:
        import warnings
        warnings.warn(StateRecoveredWarning(
            f"winfax 0.1's simulator state {legacy} could not be read ({error.strerror}); "
            "starting from a fresh service"), stacklevel=4)
        return False


def save(path: _PathArg) -> None:
    """Write the simulated service's state to the store `path` (an SQLite
    file, with the queued documents in the folder "<path>.documents").

    Saved: devices, the job queue (every field of every job and the
    documents it sends), configuration, logging levels, routing methods and
    per-device routing settings, registered service providers and routing
    extensions, print jobs, how the last jobs that left the queue ended
    (ended()), and the next device, job and spool ids.  Not
    saved: handles, the current user, access rights, the administrator flag,
    armed failures, pauses, latency and counters.

    Only rows that differ from the store's are written, in one transaction:
    other processes see the old state or the new one, and a crash leaves
    the old one.  The folder holding `path` must exist.  Raises OSError if
    the store cannot be written (naming the file; errno EFBIG, writing
    nothing, if it would grow past STATE_FILE_MAX); RuntimeError inside a
    persistent() block on the same file in this thread (the block saves
    when it ends; waiting for its lock here would wait forever).
    """
    _path_bytes(path)
    # The store names its files and SQLite URI in str.
    path = _os.fsdecode(path)
    if _os.path.realpath(path) in getattr(_held, "paths", ()):
        raise RuntimeError("save() inside persistent() on the same file: the block "
                           "saves the state when it ends")
    store = _store.Store(path, create=True)
    store.begin(write=True)
    try:
        service, jobs, _documents, _problems = store.read()
        store.remember(service, jobs)
        store.clean_documents(store.stored_documents)
        _write(store)
        store.close(commit=True)
    finally:
        store.close(commit=False)


def load(path: _PathArg) -> bool:
    """Replace the simulated service's state with the one saved in the store
    `path`.

    Returns True, or False if `path` does not exist or holds nothing yet
    (the state is then left as it was).  Reads only; never writes.  A
    damaged store keeps what can be recovered: a job whose row is damaged,
    or whose document file is gone, is dropped; a damaged service record is
    replaced by a fresh installation's; a StateRecoveredWarning says what
    was lost.  Raises OSError (errno EINVAL) for a file that is not a state
    at all, or (errno EFBIG) for one larger than STATE_FILE_MAX, the state
    then untouched.

    Open handles stay valid: loading is "other clients changed the
    service", not a restart.  A port handle whose device is not in the
    loaded state fails with ERROR_BAD_UNIT, as for a removed device.
    """
    _path_bytes(path)
    path = _os.fsdecode(path)
    if not _os.path.exists(path):
        return False
    store = _store.Store(path, create=False)
    store.begin(write=False)
    try:
        return _restore_from(store)
    finally:
        store.close(commit=False)


def reset_state() -> None:
    """Put the service's saved state (what save() writes) back to a fresh
    installation, keeping handles, the user, access rights, failures and
    counters: what load() of an empty state file would do."""
    _reset_state()


def _make_private_dirs(directory: str) -> None:
    """Create `directory` and any missing parents with mode 0700 (the state
    holds other people's fax numbers and documents).  Directories that
    already exist are left as they are."""
    missing = []
    current = _os.path.abspath(directory)
    while not _os.path.isdir(current):
        missing.append(current)
        parent = _os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in reversed(missing):
        try:
            _os.mkdir(folder, 0o700)
        except FileExistsError:
            # Another process created it at the same moment; if it is not
            # a directory, opening the state file will say so.
            continue
        # The umask may have taken bits away; this is the mode we promise.
        _os.chmod(folder, 0o700)


def default_state_path() -> str:
    """The per-user simulator state file, its directory created (mode 0700)
    if missing.

    $WINFAX_SIMULATOR_STATE if set; otherwise
    %LOCALAPPDATA%\\winfax\\simulator-state.sqlite on Windows,
    ~/Library/Application Support/winfax/simulator-state.sqlite on macOS and
    $XDG_STATE_HOME/winfax/simulator-state.sqlite elsewhere, XDG_STATE_HOME
    defaulting to ~/.local/state (a relative XDG_STATE_HOME is ignored, as
    the XDG Base Directory specification asks).
    """
    path = _os.environ.get("WINFAX_SIMULATOR_STATE")
    if not path:
        if _ON_WINDOWS:
            base = _os.environ.get("LOCALAPPDATA") or _os.path.join(
                _os.path.expanduser("~"), "AppData", "Local"
            )
        elif _sys.platform == "darwin":
            base = _os.path.join(_os.path.expanduser("~"), "Library", "Application Support")
        else:
            base = _os.environ.get("XDG_STATE_HOME", "")
            if not _os.path.isabs(base):
                base = _os.path.join(_os.path.expanduser("~"), ".local", "state")
        path = _os.path.join(base, "winfax", _STATE_FILE_NAME)
    _make_private_dirs(_os.path.dirname(_os.path.abspath(path)))
    return path


# Per thread: the state files this thread holds a transaction on, so that a
# nested persistent() on the same file joins the outer block instead of
# waiting forever for a lock its own thread holds.
_held = _threading.local()


@_contextlib.contextmanager
def persistent(path: "str | _os.PathLike[str] | None" = None) -> _Iterator[str]:
    """One unit of work on the simulator state saved in `path` (default:
    default_state_path()), shared safely with other processes.

        with simulator.persistent():
            with winfax.connect() as server:
                server.send_document(...)

    On entry: open the store (an SQLite file; created, mode 0600, when
    missing, but its folder must exist: a mistyped path is an error naming
    the folder) and begin an exclusive transaction, waiting for any other
    process (or thread) inside a block on the same file; then restore the
    service from it (load()'s rules, damage included), or start from a
    fresh service state (reset_state()) when it holds nothing yet.  On
    normal exit: write the rows that changed, if any, and commit; a block
    that changed nothing writes nothing, so it also works on a read-only
    file or folder.  If the block raises, nothing is written.  Either way
    the transaction ends.  Files a killed process left behind (temporary
    and unreferenced document files; SQLite's hot journal) are removed by
    the next block that can write.  Yields `path`.

    With the default path, a store that does not exist yet starts from
    winfax 0.1's state file beside it (simulator-state.bin), if there is
    one; that file is left as it was.

    The lock is held only inside the block, so a loop that sleeps between
    blocks (a --watch refresh) never makes other processes wait for its
    sleep; each block sees everything saved before it.  Use the service only
    inside blocks: a change made outside one is overwritten by the next
    block.  Handles stay valid across blocks (see load()).  A nested block
    on the same file in the same thread joins the outer one.
    """
    legacy = None
    if path is None:
        path = default_state_path()
        if not _os.environ.get("WINFAX_SIMULATOR_STATE"):
            legacy = _os.path.join(_os.path.dirname(path), _LEGACY_STATE_FILE_NAME)
    path = _os.fspath(path)
    _path_bytes(path)
    key = _os.path.realpath(path)
    held = getattr(_held, "paths", None)
    if held is None:
        held = _held.paths = set()
    if key in held:
        yield path
        return
    store = _store.Store(path, create=True)
    store.begin(write=True)
    held.add(key)
    try:
        if not _restore_from(store) and not _import_legacy(legacy):
            reset_state()
        if store.writable:
            store.clean_documents(store.stored_documents)
        yield path
        _write(store)
        store.close(commit=True)
    finally:
        held.discard(key)
        store.close(commit=False)


# ---- fax events (FaxInitializeEventQueue) ------------------------------------
#
# The service posts a FAX_EVENTW to every server handle that called
# FaxInitializeEventQueue (FaxHandle.events() does), through the completion
# port calls the simulator library also provides off Windows.  On Windows the
# ports are kernel32's: the service posts real completion packets, and the
# client's ports, waiting threads and LocalFree calls are out of its sight.

_post_event = _declare(
    "faxsim_post_event", _ctypes.c_uint32, _ctypes.c_uint32, _ctypes.c_uint32, _ctypes.c_uint32
)
_event_queues = _declare("faxsim_event_queues", _ctypes.c_uint32)
_outstanding_events = _declare("faxsim_outstanding_events", _ctypes.c_int64)
_completion_ports = _declare("faxsim_completion_ports", _ctypes.c_uint32)
_completion_waiters = _declare("faxsim_completion_waiters", _ctypes.c_uint32)


def post_event(event_id: int, device_id: int = 0, job_id: int = 0xFFFFFFFF) -> int:
    """Have the service post one event (an EventId; stamped now) to every
    event queue, as if it had happened; returns how many queues got it.
    job_id 0xFFFFFFFF is the documented "no particular job"."""
    return int(_post_event(
        _uint32(int(event_id), "event_id"),
        _uint32(device_id, "device_id"),
        _uint32(job_id, "job_id"),
    ))


def event_queues() -> int:
    """How many FaxInitializeEventQueue registrations are live.  As on
    Windows a registration outlives FaxClose of the handle that made it;
    restart() and reset() end the service session, and every registration
    with it (each hears FEI_FAXSVC_ENDED).  winfax itself keeps at most one
    per process."""
    return int(_event_queues())


# What the library answers for a counter it cannot keep (faxsim.h).
_UNTRACKED = 0xFFFFFFFF
_UNTRACKED_EVENTS = -1


def _tracked(value: int, untracked: int, what: str) -> int:
    if value == untracked:
        raise NotImplementedError(
            f"{what} is not tracked on Windows: completion ports and LocalFree "
            "belong to kernel32 there, not to the simulator"
        )
    return value


def outstanding_events() -> int:
    """Events the service allocated that the client has not given back with
    LocalFree yet, including those still queued in a completion port.  A
    reset does not clear it: the ports and what they hold belong to the
    client process, not to the service.  Raises NotImplementedError on
    Windows."""
    return _tracked(_outstanding_events(), _UNTRACKED_EVENTS, "outstanding_events()")


def completion_ports() -> int:
    """I/O completion ports created and not yet closed with CloseHandle.
    Raises NotImplementedError on Windows."""
    return _tracked(_completion_ports(), _UNTRACKED, "completion_ports()")


def completion_waiters() -> int:
    """Threads blocked inside GetQueuedCompletionStatus right now: wait for
    this to know a thread is parked waiting for events.  Raises
    NotImplementedError on Windows."""
    return _tracked(_completion_waiters(), _UNTRACKED, "completion_waiters()")


# ---- the clock -----------------------------------------------------------------

_set_clock = _declare(
    "faxsim_set_clock", _ctypes.c_int, _ctypes.c_uint32, _ctypes.c_uint32, _ctypes.c_uint32
)
_get_clock = _declare(
    "faxsim_get_clock",
    _ctypes.c_uint32,
    _ctypes.POINTER(_ctypes.c_uint32),
    _ctypes.POINTER(_ctypes.c_uint32),
)
_CLOCK_MODES = ("manual", "realtime")
_MAX_CLOCK_SECONDS = (2**32 - 1) / 1000


def _clock_ms(seconds: object, what: str) -> int:
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        raise TypeError(f"{what} must be a number of seconds, not {type(seconds).__name__}")
    if not 0 <= seconds <= _MAX_CLOCK_SECONDS:
        raise ValueError(f"{what} must be between 0 and {_MAX_CLOCK_SECONDS:.0f} seconds, got {seconds}")
    return round(seconds * 1000)


def clock() -> tuple[str, float, float]:
    """The clock as (mode, dial, page): mode "manual" or "realtime", the
    dialing time and the time per page in seconds."""
    dial_ms = _ctypes.c_uint32()
    page_ms = _ctypes.c_uint32()
    mode = _get_clock(_ctypes.byref(dial_ms), _ctypes.byref(page_ms))
    return _CLOCK_MODES[mode], dial_ms.value / 1000, page_ms.value / 1000


def set_clock(mode: str, dial: float | None = None, page: float | None = None) -> None:
    """Choose how time passes for the simulated queue.

    "manual": only advance() and run_queue() move jobs.  The default off
    Windows; tests that need every step to be theirs use it everywhere.

    "realtime": the service moves jobs itself, as a running fax service
    does: a job dials for `dial` seconds, then sends each page in `page`
    seconds, then completes.  The default on Windows, where nothing else
    would move the queue.  `dial` or `page` left out keeps the current
    value (initially WINFAX_SIM_DIAL_MS / WINFAX_SIM_PAGE_MS, in
    milliseconds, or 2 s and 1 s).

    reset() leaves the clock as it is.
    """
    if mode not in _CLOCK_MODES:
        raise ValueError(f"mode must be 'manual' or 'realtime', got {mode!r}")
    _, current_dial, current_page = clock()
    dial_ms = _clock_ms(current_dial if dial is None else dial, "dial")
    page_ms = _clock_ms(current_page if page is None else page, "page")
    if _set_clock(_CLOCK_MODES.index(mode), dial_ms, page_ms) != 0:
        raise ValueError(f"the simulator refused clock mode {mode!r}")


# ---- odd answers (faxsim_arm_oddity) -----------------------------------------

__all__ += ["ODDITIES", "arm_oddity"]

# What each name makes the service do (src/faxsim/faxsim.h says more).
ODDITIES = {
    "null_port_handle": 1,   # FaxOpenPort: TRUE, but a NULL port handle
    "null_page_data": 2,     # FaxGetPageData: TRUE, NULL buffer, size set
    "null_cover_page": 3,    # FaxSendDocumentForBroadcastW: NULL CoverpageInfo
}

_arm_oddity = _declare("faxsim_arm_oddity", _ctypes.c_int, _ctypes.c_uint32, _ctypes.c_uint32)


def arm_oddity(name: str, count: int = 1) -> None:
    """Make the next `count` calls concerned answer oddly, the way a real
    service may but this one otherwise never does, to test a client's
    handling of it: `name` is one of ODDITIES.  reset() disarms them."""
    if name not in ODDITIES:
        raise ValueError(f"name must be one of {sorted(ODDITIES)}, got {name!r}")
    if _arm_oddity(ODDITIES[name], _uint32(count, "count")) != 0:
        raise ValueError(f"the simulator does not know the oddity {name!r}")


# ---- state file limits (faxsim.h) ---------------------------------------------

__all__ += ["STATE_FILE_MAX"]

# FAXSIM_STATE_FILE_MAX: import_state() and export_state() refuse a larger file with
# errno EFBIG, import_state() before reading any of it; so do load(), save() and
# persistent() for the store's database.  One value, kept by the store.
STATE_FILE_MAX = _store.STATE_FILE_MAX


# ---- the service's wall clock --------------------------------------------------

__all__ += ["time", "set_time"]

_set_now = _declare("faxsim_set_now", None, _ctypes.c_uint64)
_now = _declare("faxsim_now", _ctypes.c_uint64)
_FILETIME_EPOCH = _datetime.datetime(1601, 1, 1, tzinfo=_datetime.timezone.utc)


def time() -> _datetime.datetime:
    """The time on the simulated service's clock, as an aware UTC datetime:
    the system's time, or what set_time() made it."""
    ticks = _now()
    return _FILETIME_EPOCH + _datetime.timedelta(microseconds=ticks // 10)


def set_time(when: _datetime.datetime | None) -> None:
    """Set the simulated service's clock, which jobs scheduled for a time
    (ScheduleAction.SPECIFIC_TIME) or for the discount period wait for.

    `when` is an aware datetime (any zone; the service keeps UTC), or None
    to follow the system's clock again (the default).  A naive datetime is
    refused: the fax service's times are UTC, and a naive one says nothing
    about its zone.  Once set, the clock stands still under the "manual"
    clock (set_clock), so only set_time moves it, and runs on from `when`
    at the system's pace under "realtime".  reset() leaves it as it is.
    """
    if when is None:
        _set_now(0)
        return
    if not isinstance(when, _datetime.datetime):
        raise TypeError(f"when must be a datetime.datetime or None, not {type(when).__name__}")
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("when must be an aware datetime (give tzinfo, e.g. "
                         "datetime.timezone.utc): the fax service's clock is UTC")
    delta = when - _FILETIME_EPOCH
    ticks = (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10
    if ticks <= 0:
        raise ValueError(f"when must be after 1601-01-01 UTC, got {when.isoformat()}")
    _set_now(ticks)

# ---- print jobs ------------------------------------------------------------------

__all__ += ["open_print_jobs", "last_cover_time_sent"]

_open_print_jobs = _declare("faxsim_open_print_jobs", _ctypes.c_uint32)
_last_cover_time_sent = _declare(
    "faxsim_last_cover_time_sent", _ctypes.c_int, _ctypes.POINTER(_SystemTimeFields)
)


def open_print_jobs() -> int:
    """Print jobs start_print_job() started whose device context has not
    been given back with DeleteDC yet (ended or not).  Raises
    NotImplementedError on Windows, where DeleteDC belongs to gdi32."""
    value = int(_open_print_jobs())
    if value == _UNTRACKED:
        raise NotImplementedError(
            "open_print_jobs() is not tracked on Windows: DeleteDC belongs to gdi32 "
            "there, not to the simulator"
        )
    return value


def last_cover_time_sent() -> tuple[int, ...] | None:
    """The TimeSent of the last cover page print_cover_page() printed,
    exactly as the service received it: the eight SYSTEMTIME members in
    job_schedule_time()'s order.  FAX_COVERPAGE_INFOW's TimeSent is local
    system time, so this is the local wall time the client sent.  None when
    no cover page was printed since the last reset()."""
    fields = _SystemTimeFields()
    if _last_cover_time_sent(_ctypes.byref(fields)) != 0:
        return None
    return tuple(fields)


# ---- receiving (faxsim_receive) --------------------------------------------------

__all__ += ["receive", "routed", "clear_routed", "Routed"]


class _Routed(_ctypes.Structure):
    _fields_ = [
        ("job_id", _ctypes.c_uint32),
        ("device_id", _ctypes.c_uint32),
        ("method", _ctypes.c_uint32),
        ("error", _ctypes.c_uint32),
        ("pages", _ctypes.c_uint32),
        ("guid", _ctypes.c_char * 48),
        ("target", _ctypes.c_char * 1024),
        ("file", _ctypes.c_char * 1100),
        ("tsid", _ctypes.c_char * 64),
        ("caller_id", _ctypes.c_char * 128),
    ]


_receive = _declare(
    "faxsim_receive", _ctypes.c_uint32, _ctypes.c_uint32, _ctypes.c_char_p,
    _ctypes.c_char_p, _ctypes.c_char_p, _ctypes.POINTER(_ctypes.c_uint32),
)
_routed_count = _declare("faxsim_routed_count", _ctypes.c_uint32)
_routed_get = _declare("faxsim_routed_get", _ctypes.c_int, _ctypes.c_uint32,
                       _ctypes.POINTER(_Routed))
_routed_clear = _declare("faxsim_routed_clear", None)

_ROUTE_KINDS = {1: "email", 2: "folder", 3: "print", 4: "other"}

# What faxsim_receive can answer, with the errno CPython gives each code on
# Windows (so FileNotFoundError etc. are the same exceptions everywhere).
_RECEIVE_ERRORS = {
    2: (_errno.ENOENT, "The system cannot find the file specified"),
    3: (_errno.ENOENT, "The system cannot find the path specified"),
    5: (_errno.EACCES, "Access is denied"),
    8: (_errno.ENOMEM, "Not enough memory resources are available to process this command"),
    13: (_errno.EINVAL, "The data is invalid"),
    20: (_errno.EINVAL, "The system cannot find the device specified"),
    21: (_errno.EINVAL, "The device is not ready"),
    87: (_errno.EINVAL, "The parameter is incorrect"),
    2404: (_errno.EINVAL, "The device is in use by an active process and cannot be disconnected"),
}


def _receive_error(code: int, path: str | bytes) -> OSError:
    if _ON_WINDOWS:
        return OSError(None, _RECEIVE_ERRORS.get(code, (0, f"error {code}"))[1], path, code)
    number, message = _RECEIVE_ERRORS.get(code, (_errno.EINVAL, f"Win32 error {code}"))
    error = OSError(number, message, path)
    # OSError has no winerror slot off Windows; the extension's own errors
    # carry one there too (src/win32_error.h), so these do as well.
    setattr(error, "winerror", code)  # noqa: B010 (not an attribute of OSError here)
    return error


def receive(device: "int | _winfax.PortInfo", path: _PathArg, tsid: str | None = None,
            caller_id: str | None = None) -> int | None:
    """Deliver an inbound fax to a device: it sends the pages of the TIFF at
    `path` from a station with TSID `tsid` and caller id `caller_id`.

    A device set to receive (PortFlags.RECEIVE) answers after its `rings`:
    the call is a JT_RECEIVE job on its line until it has been received and
    routed (advance() moves it one stage a step with the manual clock; the
    real-time clock moves it by itself).  Returns the job id, or None when
    the device does not answer.  Raises OSError with winerror set for a
    missing or unreadable file (ERROR_FILE_NOT_FOUND, ERROR_INVALID_DATA),
    an unknown device (ERROR_BAD_UNIT), an offline one (ERROR_NOT_READY) or
    one busy with another call (ERROR_DEVICE_IN_USE).  `device` is a device
    id or anything with a `device_id` (a PortInfo)."""
    device_id = getattr(device, "device_id", device)
    _uint32(device_id, "device")
    raw = _path_bytes(path)
    job_id = _ctypes.c_uint32(0)
    code = _receive(
        device_id, raw,
        None if tsid is None else _text(tsid, "tsid"),
        None if caller_id is None else _text(caller_id, "caller_id"),
        _ctypes.byref(job_id),
    )
    if code != 0:
        raise _receive_error(code, _os.fspath(path))
    return job_id.value or None


class Routed(_typing.NamedTuple):
    """What one routing method did with a received fax: `method` ("email",
    "folder", "print" or "other" for a third-party method), the method's `guid`,
    its `target` (address, folder or printer from its routing data), the `file`
    a folder method wrote (None otherwise), `error` (0 or the Win32 error that
    stopped it), and the call's `job_id`, `device_id`, `pages`, `tsid` and
    `caller_id`."""

    job_id: int
    device_id: int
    method: str
    guid: str
    target: str
    file: str | None
    error: int
    pages: int
    tsid: str
    caller_id: str


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def routed() -> list[Routed]:
    """Every routing method run on a received fax since the last reset (or
    clear_routed()), oldest first, as Routed records."""
    records = []
    for index in range(_routed_count()):
        record = _Routed()
        if _routed_get(index, _ctypes.byref(record)) != 0:
            break
        records.append(Routed(
            record.job_id, record.device_id, _ROUTE_KINDS.get(record.method, "other"),
            _decode(record.guid), _decode(record.target),
            _decode(record.file) or None, record.error, record.pages,
            _decode(record.tsid), _decode(record.caller_id),
        ))
    return records


def clear_routed() -> None:
    """Forget the routing records routed() returns."""
    _routed_clear()
