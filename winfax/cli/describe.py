"""Human wording for records: a job's state, a device's state, flags."""

import enum

from .._enums import DeliveryReport, PortFlags, PortState, QueueStatus, ScheduleAction
from . import schema


def words(value):
    """An enum member in words: PortState.NO_ANSWER -> "no answer"."""
    if isinstance(value, enum.Enum) and value.name:
        return value.name.lower().replace("_", " ")
    if value in (0, None):
        return "-"
    return f"0x{int(value):08x}"


def flags_text(flags):
    names = [n.lower() if isinstance(n, str) else hex(n)
             for n in schema.flag_names(flags, PortFlags)]
    return ",".join(names) if names else "-"


def when(value):
    """A datetime as this machine's local time (what the user typed with
    --at), whatever zone the record holds it in; "-" for None."""
    if value is None:
        return "-"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def pages(entry, current_page=None):
    """PAGES column: "2/3" while sending page 2 of 3, else the page count."""
    if current_page:
        return f"{current_page}/{entry.page_count}"
    return str(entry.page_count)


def _clock(value):
    return value.strftime("%H:%M")


# FPS_OFFLINE and FPS_UNAVAILABLE (FAX_PORT_INFO's State): the device can
# take no call, so a job that needs it does not move.
_DOWN = (PortState.OFFLINE, PortState.UNAVAILABLE)


def device_reason(ports):
    """Why no device can take a job, from the service's devices (FAX_PORT_INFO
    list), or None when one could, or the list could not be read (None).
    FPF_SEND in a device's Flags is what lets the service send on it
    (https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_port_infow)."""
    if ports is None:
        return None
    senders = [p for p in ports if int(p.flags) & PortFlags.SEND]
    if not senders:
        return "no fax device is set to send"
    if all(p.state in _DOWN for p in senders):
        if len(senders) == 1:
            return f"fax device {senders[0].device_id} is offline"
        return "every fax device that sends is offline"
    return None


def wait_reason(entry, config=None, ports=None):
    """Why a job that has not started waits, in a few words; None if
    nothing but its turn holds it.  `config` (the service's Configuration,
    or None when it could not be read) gives the discount period and
    whether the server's queue is paused; `ports` (the devices, or None)
    whether any device can send."""
    if config is not None and config.pause_server_queue:
        return "waits: the server's queue is paused"
    if entry.schedule_action == ScheduleAction.SPECIFIC_TIME:
        return f"waits for {when(entry.schedule_time)} (scheduled)"
    if entry.schedule_action == ScheduleAction.DISCOUNT_PERIOD:
        if config is None:
            return "waits for the discount period"
        # FAX_TIME is UTC (FAX_CONFIGURATION's discount period).
        return (f"waits for the discount period {_clock(config.start_cheap_time)}-"
                f"{_clock(config.stop_cheap_time)} UTC")
    why = device_reason(ports)
    return f"waits: {why}" if why is not None else None


def job_state(entry, current_page=None, config=None, ports=None):
    """What a job is doing, in a few words.  `config`, `ports`: see
    wait_reason."""
    state = schema.job_state(entry)
    if state in ("pending", "scheduled"):
        why = wait_reason(entry, config, ports)
        if why is not None:
            return why
    if state == "no_line":
        why = device_reason(ports)
        if why is not None:
            return f"waiting for a free line: {why}"
    if state == "sending":
        return f"sending page {current_page}/{entry.page_count}" if current_page else "sending"
    if state == "failed":
        why = words(entry.status)
        if int(entry.queue_status) & QueueStatus.RETRIES_EXCEEDED:
            return f"failed: {why}, retries used up" if why != "-" else "failed: retries used up"
        return f"failed: {why}" if why != "-" else "failed"
    if state == "retrying":
        why = words(entry.status)
        return f"retrying ({why})" if why != "-" else "retrying"
    if state == "no_line":
        return "waiting for a free line"
    if state == "cancelling":
        return "being cancelled"
    if state == "in_progress":
        return words(entry.status)
    return state


def receipt(entry):
    kind = entry.delivery_report_type
    if kind == DeliveryReport.EMAIL:
        return f"e-mail to {entry.delivery_report_address}"
    if kind == DeliveryReport.INBOX:
        return "inbox"
    return words(kind) if kind else "none"


def schedule(entry):
    action = entry.schedule_action
    if action == ScheduleAction.SPECIFIC_TIME:
        return f"at {when(entry.schedule_time)}"
    if action == ScheduleAction.DISCOUNT_PERIOD:
        return "in the discount period"
    return "now" if action == ScheduleAction.NOW else words(action)


def on_off(value):
    return "on" if value else "off"
