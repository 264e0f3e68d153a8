"""The errors the winfax command reports, and the translation of fax service
failures (OSError with a Windows error code) into one line that says what
went wrong and what to do about it.

Every failure the user can cause or fix is a CliError: main() prints it as
`winfax: <message>` on stderr and exits with its code, without a traceback
(unless --debug).  Anything else that escapes a command is a bug in winfax
and is reported as such.
"""

import contextlib

import winfax

# Exit statuses.
EXIT_OK = 0
EXIT_ERROR = 1           # the command ran and failed (or a job failed)
EXIT_USAGE = 2           # the command line is wrong (argparse's convention)
EXIT_INTERRUPTED = 130   # Ctrl-C (128 + SIGINT), as shells report it

# Windows error codes the fax client API documents for these cases.
ERROR_FILE_NOT_FOUND = 2
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_DATA = 13
ERROR_BAD_UNIT = 20
ERROR_INVALID_PARAMETER = 87
ERROR_DEVICE_IN_USE = 2404
RPC_S_SERVER_UNAVAILABLE = 1722
EPT_S_NOT_REGISTERED = 1753


class CliError(Exception):
    """A failure to report as one line on stderr; exit status 1."""

    exit_code = EXIT_ERROR


class UsageError(CliError):
    """A malformed command line (bad value, unknown key); exit status 2."""

    exit_code = EXIT_USAGE


class Interrupted(CliError):
    """Ctrl-C, with what it left behind; exit status 130.  (A bare
    KeyboardInterrupt reaching main() is exit status 130 too.)"""

    exit_code = EXIT_INTERRUPTED


def right_name(right):
    """`AccessRight.JOB_SUBMIT` -> "FAX_JOB_SUBMIT", the name in the docs."""
    return f"FAX_{right.name}"


def winerror_of(error):
    code = getattr(error, "winerror", None)
    return code if isinstance(code, int) else None


def describe_oserror(error):
    """The service's own words for an OSError, with its Windows code."""
    reason = error.strerror or str(error)
    code = winerror_of(error)
    return f"{reason} (Windows error {code})" if code is not None else reason


@contextlib.contextmanager
def fax_call(action, right=None, *, job_id=None, device_id=None, also=None):
    """Turn an OSError raised by the fax API inside the block into a
    CliError.

    action:    what was being done, as a gerund phrase ("sending a fax");
    right:     the AccessRight it needs, named when access is denied;
    job_id:    the job involved: an invalid-parameter error means it is gone;
    device_id: the fax device involved: ERROR_BAD_UNIT means it is unknown;
    also:      extra advice for access denied ("or own the job").
    """
    try:
        yield
    except OSError as error:
        raise translate(error, action, right, job_id=job_id,
                        device_id=device_id, also=also) from error


# simulator.Ended.result -> how the job left, for not_in_queue.
_ENDED_WORDS = {"sent": "it was sent", "received": "it was received and routed",
                "failed": "its call failed", "cancelled": "it was cancelled"}


def not_in_queue(job_id, ended=None):
    """A job the queue does not hold: most often one that has finished.
    `ended`, the simulator's record of it (simulator.ended), says how."""
    if ended is not None:
        pages = f" ({ended.pages} page{'s' if ended.pages != 1 else ''})" \
            if ended.result in ("sent", "received") else ""
        return CliError(f"job {job_id} is not in the fax queue any more: "
                        f"{_ENDED_WORDS[ended.result]}{pages}")
    return CliError(f"job {job_id} is not in the fax queue: jobs leave it when they are "
                    "sent, cancelled or deleted (see `winfax jobs`)")


def is_access_denied(error):
    """ERROR_ACCESS_DENIED.  Not every PermissionError: CPython maps other
    Windows codes to EACCES too (ERROR_BAD_UNIT is one), so the Windows code
    decides when there is one."""
    code = winerror_of(error)
    if code is not None:
        return code == ERROR_ACCESS_DENIED
    return isinstance(error, PermissionError)


def translate(error, action, right=None, *, job_id=None, device_id=None, also=None):
    code = winerror_of(error)
    if is_access_denied(error):
        if right is not None:
            extra = f" {also}" if also else ""
            return CliError(f"access denied: {action} needs the {right_name(right)} right{extra}")
        return CliError(f"access denied: the fax service refused {action}")
    if isinstance(error, winfax.JobNotInQueueError):
        return not_in_queue(error.job_id)
    if job_id is not None and code == ERROR_INVALID_PARAMETER:
        return not_in_queue(job_id)
    if device_id is not None and code == ERROR_BAD_UNIT:
        return CliError(f"no fax device {device_id} (see `winfax ports`)")
    if device_id is not None and code == ERROR_DEVICE_IN_USE:
        return CliError(f"fax device {device_id} is busy with a call; "
                        "try again when it is idle (see `winfax ports`)")
    return CliError(f"{action} failed: {describe_oserror(error)}")


def connect_error(error, backend):
    """The one line for a failed connection to the fax service."""
    code = winerror_of(error)
    if isinstance(error, winfax.FaxClientNotInstalledError):
        # Its message already says what to install.
        return CliError(error.strerror or str(error))
    if is_access_denied(error):
        return CliError("access denied: connecting needs a fax right "
                        "(ask an administrator to give you fax access)")
    if backend == "windows" and code in (RPC_S_SERVER_UNAVAILABLE, EPT_S_NOT_REGISTERED):
        return CliError("the Fax service is not running; start it with "
                        "`sc start fax` (or Services > Fax) and try again")
    return CliError(f"cannot connect to the fax service: {describe_oserror(error)}")
