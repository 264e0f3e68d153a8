"""The JSON the winfax command prints with --json: one function per record.

The schema is stable (docs/cli.md describes it): keys are the records'
snake_case field names, never renamed or removed; new keys may be added.
Values:

* enums are their names ("SEND", "AVAILABLE"); a value this winfax does not
  know stays an integer;
* flag sets (a job's queue_status, a port's flags) are lists of names; a job
  with no queue flag is ["PENDING"];
* a job's or device's status of 0 (no attempt yet) is null;
* dates and times are ISO 8601 with their UTC offset: UTC fields (a job's
  schedule_time, FILETIME fields) with +00:00, a cover page's local
  time_sent with the local offset; times of day are "HH:MM" in UTC (the
  discount period, FAX_TIME, is kept in UTC);
* strings the service leaves NULL are null.
"""

import datetime
import enum

from .._enums import PortFlags, PortState, QueueStatus, ScheduleAction

# A job's state in one word, derived from queue_status and status: what
# `winfax jobs` shows and what `winfax status` counts.  In display order.
STATES = (
    "pending",      # waiting for its turn
    "scheduled",    # waiting for a time or the discount period
    "no_line",      # waiting: no device can send now
    "dialing",
    "sending",
    "receiving",
    "in_progress",  # on a line, in a state other than the above
    "retrying",     # an attempt failed; it will be tried again
    "paused",
    "failed",       # stopped for good until `winfax restart`
    "cancelling",   # cancelled while on a line; leaves when it hangs up
)

_FLAG_FIELDS = {"queue_status": (QueueStatus, "PENDING"), "flags": (PortFlags, None)}
_NULL_WHEN_ZERO = ("status",)


def enum_value(value):
    """An enum member's name; an integer the enum does not know stays as is."""
    if isinstance(value, enum.Enum) and value.name and "|" not in value.name:
        return value.name
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else value


def flag_names(value, flag_type, zero_name=None):
    """A flag set as the list of its members' names (unknown bits: one int)."""
    value = int(value)
    if value == 0:
        return [zero_name] if zero_name else []
    names, left = [], value
    for member in flag_type:
        bits = int(member)
        if bits and bits & (bits - 1) == 0 and value & bits:
            names.append(member.name)
            left &= ~bits
    if left:
        names.append(left)
    return names


def iso(value):
    """datetime -> ISO 8601 with its UTC offset (naive means local time)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.isoformat()


def hh_mm(value):
    return None if value is None else f"{value.hour:02d}:{value.minute:02d}"


def convert(name, value):
    if name in _FLAG_FIELDS and isinstance(value, int):
        flag_type, zero = _FLAG_FIELDS[name]
        return flag_names(value, flag_type, zero)
    if name in _NULL_WHEN_ZERO and not isinstance(value, enum.Enum) and value == 0:
        return None
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, enum.Enum):
        return enum_value(value)
    if isinstance(value, datetime.datetime):
        return iso(value)
    if isinstance(value, datetime.time):
        return hh_mm(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def record(rec, skip=()):
    """Every field of a winfax record, converted."""
    return {name: convert(name, getattr(rec, name)) for name in rec._fields if name not in skip}


def job_state(job):
    """The one-word state of a JobEntry (see STATES)."""
    queue = int(job.queue_status)
    status = job.status
    if queue & QueueStatus.DELETING:
        return "cancelling"
    if queue & (QueueStatus.FAILED | QueueStatus.RETRIES_EXCEEDED):
        return "failed"
    if queue & QueueStatus.PAUSED:
        return "paused"
    if queue & QueueStatus.INPROGRESS:
        if status == PortState.DIALING:
            return "dialing"
        if status == PortState.SENDING:
            return "sending"
        if status == PortState.RECEIVING:
            return "receiving"
        return "in_progress"
    if queue & QueueStatus.RETRYING:
        return "retrying"
    if queue & QueueStatus.NOLINE:
        return "no_line"
    if job.schedule_action in (ScheduleAction.SPECIFIC_TIME, ScheduleAction.DISCOUNT_PERIOD):
        return "scheduled"
    return "pending"


def job(entry, current_page=None):
    """A JobEntry: "state", every field, and "current_page" (the page being
    sent, when the job is on a line and its device says; else null)."""
    out = {"job_id": entry.job_id, "state": job_state(entry)}
    out.update(record(entry, skip=("job_id",)))
    out["current_page"] = current_page
    return out


def port(info):
    return record(info)


def device_status(status):
    return record(status)


def configuration(config):
    return record(config)


def logging_category(category):
    return record(category)


def global_method(info):
    return record(info)


def device_method(method):
    return record(method)


def queue_counts(entries):
    """{"total": n, "by_state": {state: count for every state}}."""
    by_state = dict.fromkeys(STATES, 0)
    for entry in entries:
        by_state[job_state(entry)] += 1
    return {"total": len(entries), "by_state": by_state}
