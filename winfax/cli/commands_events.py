"""`winfax events`: the fax service's events as they happen.

What it can show is what FaxInitializeEventQueue delivers: FAX_EVENT
records, whose FEI_* list has no event for a device being added or removed
(https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_eventw:
FEI_MODEM_POWERED_ON is a modem device turned on; the service tells routing
extensions of new devices through FaxRouteDeviceChangeNotification, not
clients of this queue).  The help says so rather than promise one.

On Windows this is one long connection reading FaxInitializeEventQueue's
stream.  The simulated service has no life of its own between commands, so
off Windows `winfax events` also plays the queue forward, one step at a
time like `winfax simulator run --forever`, and prints the events of what
it moved; each step holds the state lock only while it runs.
"""

import json
import sys
import time

from .._enums import EventId
from . import output, schema, validate
from .errors import Interrupted

NO_JOB = 0xFFFFFFFF  # FAX_EVENT.JobId for events about no particular job


def event_json(event):
    return {
        "event_id": schema.enum_value(event.event_id),
        "job_id": None if event.job_id == NO_JOB else event.job_id,
        "device_id": event.device_id,
        "timestamp": schema.iso(event.timestamp),
    }


def show(event, as_json):
    if as_json:
        sys.stdout.write(json.dumps(event_json(event), ensure_ascii=False) + "\n")
    else:
        name = event.event_id.name if isinstance(event.event_id, EventId) else str(event.event_id)
        job = "" if event.job_id == NO_JOB else f"job {event.job_id}"
        output.out(f"{schema.iso(event.timestamp)}  {name:<18} {job:<10} device {event.device_id}")
    sys.stdout.flush()


def _simulated(args, backend):
    # One short session per step: listen, move the queue one step, report.
    idle_since = time.monotonic()
    while True:
        with backend.session() as server:
            events = server.events(timeout=0)
            backend.simulator().advance(1)
            seen = list(events)
        for event in seen:
            show(event, args.json)
        if seen:
            idle_since = time.monotonic()
        elif args.timeout is not None and time.monotonic() - idle_since >= args.timeout:
            return 0
        time.sleep(args.interval)


def _windows(args, backend):
    with backend.session() as server:
        for event in server.events(timeout=args.timeout):
            show(event, args.json)
    return 0


def cmd_events(args, backend):
    try:
        return _simulated(args, backend) if backend.is_simulator else _windows(args, backend)
    except KeyboardInterrupt:
        # Off Windows each step was saved in its own session; one cut short
        # saved nothing.
        raise Interrupted("interrupted") from None


def register(commands, add):
    p = add(commands, "events", "follow the fax service's events as they happen", """\
Prints each fax event with its job, device and time, until Ctrl-C (exit
status 130), or until --timeout seconds pass without an event: a job
queued, dialing, sending a page, completed, failed or deleted; a device
ringing, answering, going idle, turned off or on.  Adding or removing a
device is no event: the fax service's event list (FAX_EVENT) has none for
it; `winfax ports` shows the devices.  Off Windows the simulated queue only
moves when something moves it, so `winfax events` plays it forward itself,
one step every --interval seconds, and shows the events of its own steps
(not a device another command turns off or on between two steps).

examples:
  winfax events
  winfax events --json --timeout 10

JSON (--json): one object per line:
  {"event_id": "JOB_QUEUED", "job_id": 3 | null, "device_id": 65537,
   "timestamp": "2026-11-25T18:30:00+00:00"}""")
    p.add_argument("--json", action="store_true", help="one JSON object per event and line")
    p.add_argument("--timeout", type=validate.seconds("--timeout"), metavar="S", default=None,
                   help="stop after S seconds without an event (default: never)")
    p.add_argument("--interval", type=validate.seconds("--interval"), metavar="S", default=0.25,
                   help="off Windows: seconds between simulated steps (default 0.25)")
    p.set_defaults(run=cmd_events)
