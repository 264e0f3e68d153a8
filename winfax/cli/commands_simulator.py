"""`winfax simulator ...`: drive the local simulated fax service (off Windows).

Its state lives in a file (see `winfax status`), so it lasts between
commands: reset it, plug in devices, and let time pass, one step at a time
(`advance`) or until the queue has nothing left to do (`run`; `run --forever`
keeps serving, for a second terminal while you work in the first).  Each
step takes the state lock only for that step, so other winfax commands go
on meanwhile.
"""

import argparse
import os
import sys
import time

from .._enums import PortFlags, PortState
from . import describe, output, schema, validate
from .commands_ports import resolve_device
from .errors import CliError, Interrupted, UsageError
from .queue import current_pages, list_jobs
from .session import RESET_REPLACES

ON_LINE = ("dialing", "sending", "receiving", "in_progress")

# The most steps one `simulator advance` takes.  The simulator takes any
# DWORD, but it walks the queue once per step without looking up, so a few
# billion steps of a waiting job would hold the state lock for minutes,
# deaf to Ctrl-C; a million is far more than any queue needs to empty.
MAX_ADVANCE_STEPS = 1_000_000
# Steps per call into the simulator: between two calls Ctrl-C gets through.
ADVANCE_CHUNK = 10_000


def _snapshot(server):
    entries = list_jobs(server)
    pages = current_pages(server, entries)
    return {e.job_id: (e, pages.get(e.job_id)) for e in entries}


def changes(before, after):
    """Lines telling what happened to each job between two snapshots."""
    lines = []
    for job_id, (entry, page) in after.items():
        text = describe.job_state(entry, page)
        if job_id not in before or describe.job_state(*before[job_id]) != text:
            lines.append(f"job {job_id}: {text}")
    for job_id, (entry, _) in before.items():
        if job_id not in after:
            state = schema.job_state(entry)
            if state == "cancelling":
                lines.append(f"job {job_id}: cancelled")
            elif state in ON_LINE:
                lines.append(f"job {job_id}: completed")
            else:
                lines.append(f"job {job_id}: left the queue")
    return lines


def _step(backend, steps):
    """One session: advance the service `steps` steps.  Returns (lines,
    jobs that can still move, jobs left)."""
    simulator = backend.simulator()
    with backend.session() as server:
        before = _snapshot(server)
        for taken in range(0, steps, ADVANCE_CHUNK):
            movable = simulator.advance(min(ADVANCE_CHUNK, steps - taken))
        after = _snapshot(server)
    return changes(before, after), movable, [e for e, _ in after.values()]


def _left(entries):
    if not entries:
        return "the queue is empty"
    counts = schema.queue_counts(entries)["by_state"]
    parts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n)
    noun = "job" if len(entries) == 1 else "jobs"
    return f"{len(entries)} {noun} left that cannot move on their own ({parts})"


def cmd_reset(args, backend):
    simulator = backend.simulator()
    path = backend.state_path()
    try:
        with backend.session(connect=False):
            simulator.reset_state()
    except CliError as error:
        # A damaged state file (or one past the maximum size) cannot be
        # loaded, which is exactly when a reset is wanted: write a fresh
        # state over it.  Nobody else can be using the file meanwhile,
        # since nobody can load it.
        if getattr(error.__cause__, "errno", None) not in RESET_REPLACES:
            raise
        simulator.reset_state()
        try:
            # Not a store at all (or not one SQLite can read): replaced by
            # a fresh one, with the journal that belonged to it.
            for damaged in (path, path + "-journal"):
                if os.path.exists(damaged):
                    os.remove(damaged)
            simulator.save(path)
        except OSError as save_error:
            raise CliError(f"cannot save the simulator state {path}: "
                           f"{save_error.strerror}") from save_error
    output.out(f"the simulated fax service is as freshly installed "
               f"(state: {path})")
    return 0


def cmd_add_port(args, backend):
    simulator = backend.simulator()
    name = validate.text_field("NAME", args.name).strip()
    if not name:
        raise UsageError("bad NAME '': give the new device a name, "
                         "e.g. `winfax simulator add-port \"Modem 2\"`")
    flags = 0
    if args.send:
        flags |= PortFlags.SEND
    if args.receive:
        flags |= PortFlags.RECEIVE
    if args.virtual:
        flags |= PortFlags.VIRTUAL
    with backend.session(connect=False):
        device_id = simulator.add_port(name, flags)
    output.out(f"added fax device {device_id}: {name}")
    return 0


def cmd_remove_port(args, backend):
    simulator = backend.simulator()
    with backend.session() as server:
        device_id = resolve_device(server, args.device)
        try:
            simulator.remove_port(device_id)
        except ValueError:
            raise CliError(f"no fax device {device_id} (see `winfax ports`)") from None
    output.out(f"removed fax device {device_id}")
    return 0


def cmd_set_port_state(args, backend):
    simulator = backend.simulator()
    state = PortState.AVAILABLE if args.port_state == "available" else PortState.OFFLINE
    with backend.session() as server:
        device_id = resolve_device(server, args.device)
        try:
            simulator.set_port_state(device_id, state)
        except ValueError:
            raise CliError(f"fax device {device_id} is unknown or busy with a call "
                           "(see `winfax ports`)") from None
    output.out(f"fax device {device_id} is {args.port_state}")
    return 0


def cmd_fail(args, backend):
    simulator = backend.simulator()
    how = "retry" if args.retry else "fatal"
    with backend.session():
        try:
            simulator.fail_job(args.id, how)
        except ValueError:
            raise CliError(f"job {args.id} is unknown, has already failed or is being "
                           "cancelled (see `winfax jobs`)") from None
    why = "no answer" if args.retry else "fatal error"
    output.out(f"job {args.id}: its attempt failed ({why})")
    return 0


def cmd_advance(args, backend):
    lines, movable, _ = _step(backend, args.steps)
    output.print_lines(lines)
    noun = "job" if movable == 1 else "jobs"
    output.out(f"advanced {args.steps} step{'s' if args.steps != 1 else ''}; "
               f"{movable} {noun} can move on")
    return 0


def cmd_run(args, backend):
    interval = args.interval if args.interval is not None else 0.25
    steps = 0
    try:
        while True:
            lines, movable, left = _step(backend, 1)
            steps += 1
            for line in lines:
                output.out(line)
            if lines:
                sys.stdout.flush()
            if not movable and not args.forever:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        # Each step was saved in its own session; one cut short saved nothing.
        raise Interrupted("interrupted; the steps already taken are saved") from None
    output.out(_left(left))
    return 0


# The most steps `receive --run` lets a call take: its rings, its pages and
# the stages around them fit far below this.
RECEIVE_STEP_LIMIT = 100_000


def _routing_line(record):
    if record.error:
        return (f"job {record.job_id}: routing method {record.guid} failed "
                f"(Windows error {record.error}"
                + (f"; target {record.target!r})" if record.target else "; nothing configured)"))
    if record.method == "folder":
        return f"job {record.job_id}: stored in {record.file}"
    if record.method == "email":
        return f"job {record.job_id}: would be e-mailed to {record.target} (simulated: not sent)"
    if record.method == "print":
        return f"job {record.job_id}: would be printed on {record.target} (simulated: not printed)"
    return f"job {record.job_id}: third-party routing method {record.guid} (not run by the simulator)"


def _receive_error(error, device_id, path):
    code = getattr(error, "winerror", None)
    if code == 20:      # ERROR_BAD_UNIT
        return CliError(f"no fax device {device_id} (see `winfax ports`)")
    if code == 21:      # ERROR_NOT_READY
        return CliError(f"fax device {device_id} is offline "
                        "(`winfax simulator port-state DEVICE available`)")
    if code == 2404:    # ERROR_DEVICE_IN_USE
        return CliError(f"fax device {device_id} is busy with another call")
    if code == 13:      # ERROR_INVALID_DATA
        return CliError(f"{path} is not a TIFF fax the simulator can receive")
    if code == 2:       # ERROR_FILE_NOT_FOUND
        return CliError(f"no such file: {path}")
    reason = error.strerror or str(error)
    return CliError(f"cannot receive {path}: {reason}"
                    + (f" (Windows error {code})" if code is not None else ""))


def cmd_receive(args, backend):
    simulator = backend.simulator()
    tsid = None if args.tsid is None else validate.text_field("--tsid", args.tsid)
    caller = None if args.caller_id is None else validate.text_field("--caller-id", args.caller_id)
    path = validate.fax_document(args.file)   # after the command line's own checks
    with backend.session() as server:
        device_id = resolve_device(server, args.device)
        simulator.clear_routed()
        try:
            job_id = simulator.receive(device_id, path, tsid=tsid or None,
                                       caller_id=caller or None)
        except OSError as error:
            raise _receive_error(error, device_id, args.file) from error
        if job_id is None:
            output.out(f"fax device {device_id} rang and did not answer "
                       "(it is not set to receive: `winfax port DEVICE --receive`)")
            return 0
        output.out(f"job {job_id}: fax device {device_id} is ringing")
        if args.run_now:
            steps = 0
            while steps < RECEIVE_STEP_LIMIT and any(
                    e.job_id == job_id for e in list_jobs(server)):
                simulator.advance(1)
                steps += 1
            for record in simulator.routed():
                if record.job_id == job_id:
                    output.out(_routing_line(record))
            output.out(f"job {job_id}: received and routed")
    return 0


def register(commands, add):
    sim = add(commands, "simulator", "drive the simulated fax service (off Windows)", """\
Off Windows, winfax talks to a simulated fax service whose state is kept in
a file, so it lasts between commands: by default a file in your user state
directory; WINFAX_SIMULATOR_STATE or --state PATH choose another.  Commands
are safe to run at the same time: each holds a lock on the state only while
it works.  A fresh state has one virtual fax device.

Nothing moves the simulated queue on its own: `simulator advance` moves it
a step, `simulator run` until nothing can move, `simulator run --forever`
keeps serving until Ctrl-C.  (`winfax send --wait` moves it itself.)

examples:
  winfax simulator reset
  winfax simulator add-port "Modem 2" --no-receive
  winfax simulator advance 3
  winfax simulator run --forever      # in a second terminal""")
    actions = sim.add_subparsers(dest="action", metavar="ACTION", title="actions")
    actions.required = True

    p = add(actions, "reset", "back to a fresh installation (one device, empty queue)", """\
Throws the simulated service's state away: one virtual fax device, an empty
queue, the default configuration.

example:
  winfax simulator reset""")
    p.set_defaults(run=cmd_reset)

    p = add(actions, "add-port", "plug in a simulated fax device", """\
Adds a fax device that can send and receive (unless told otherwise) and
prints its id.

examples:
  winfax simulator add-port "Modem 2"
  winfax simulator add-port "Outbound only" --no-receive""")
    p.add_argument("name", metavar="NAME", help="the device's name")
    p.add_argument("--send", action=argparse.BooleanOptionalAction, default=True,
                   help="whether it can send (default: yes)")
    p.add_argument("--receive", action=argparse.BooleanOptionalAction, default=True,
                   help="whether it can receive (default: yes)")
    p.add_argument("--virtual", action="store_true", help="make it a virtual device")
    p.set_defaults(run=cmd_add_port)

    p = add(actions, "remove-port", "unplug a simulated fax device", """\
Removes a device; a job on its line goes back to waiting.

example:
  winfax simulator remove-port 65538""")
    p.add_argument("device", type=validate.device, metavar="DEVICE", help="device id or name")
    p.set_defaults(run=cmd_remove_port)

    p = add(actions, "port-state", "take an idle device offline or bring it back", """\
Puts an idle device offline (jobs then wait for a line) or available.

example:
  winfax simulator port-state 65537 offline""")
    p.add_argument("device", type=validate.device, metavar="DEVICE", help="device id or name")
    # dest is not "state": that is the global --state option's
    p.add_argument("port_state", choices=("offline", "available"), metavar="offline|available")
    p.set_defaults(run=cmd_set_port_state)

    p = add(actions, "fail", "make a job's current attempt fail", """\
Makes a job's call fail: fatally (the job stops as failed), or with --retry
as "no answer" (it is retried up to the configured retries).

examples:
  winfax simulator fail 3
  winfax simulator fail 3 --retry""")
    p.add_argument("id", type=validate.job_id, metavar="ID", help="the job id")
    p.add_argument("--retry", action="store_true", help="fail with no answer, to be retried")
    p.set_defaults(run=cmd_fail)

    p = add(actions, "advance", "let the service take STEPS steps", """\
Moves every job STEPS steps on (default 1): a waiting job takes a free
device and dials, then sends page 1, 2, ..., then completes and leaves the
queue.  Prints what changed.

examples:
  winfax simulator advance
  winfax simulator advance 5""")
    p.add_argument("steps", nargs="?", type=validate.count("STEPS", MAX_ADVANCE_STEPS),
                   default=1, metavar="STEPS",
                   help=f"how many steps, 1 to {MAX_ADVANCE_STEPS} (default 1)")
    p.set_defaults(run=cmd_advance)

    p = add(actions, "receive", "deliver an inbound fax to a device", """\
Calls DEVICE and sends it the pages of FILE (a TIFF).  A device set to
receive answers after its rings and the fax becomes a receive job that
`simulator advance`/`run` move on: answered, each page received, then
routed by the device's enabled routing methods ("store in a folder" writes
the TIFF into its folder; e-mail and print are only simulated).  With --run
the call goes through to the end now and the routing is printed.  A device
not set to receive rings and does not answer.

examples:
  winfax simulator receive 65537 fax.tif
  winfax simulator receive 65537 fax.tif --tsid "+1 555 0100" --run""")
    p.add_argument("device", type=validate.device, metavar="DEVICE", help="device id or name")
    p.add_argument("file", metavar="FILE", help="the TIFF the caller sends")
    p.add_argument("--tsid", metavar="TSID", help="the calling station's TSID")
    p.add_argument("--caller-id", metavar="NUMBER", help="the caller id of the call")
    # dest is not "run": that is the command's function
    p.add_argument("--run", dest="run_now", action="store_true",
                   help="receive and route it now, and print what routing did")
    p.set_defaults(run=cmd_receive)

    p = add(actions, "run", "play the queue until nothing can move", """\
Steps the service, printing what changes, until no job can move (the queue
is empty, or what is left is paused, failed or has no device).  With
--forever it keeps serving new jobs until Ctrl-C.  It sleeps --interval
between steps and holds the state lock only during each step.

examples:
  winfax simulator run
  winfax simulator run --forever --interval 1""")
    p.add_argument("--forever", action="store_true", help="keep serving until interrupted")
    p.add_argument("--interval", type=validate.seconds("--interval"), metavar="SECONDS",
                   help="time between steps (default 0.25)")
    p.set_defaults(run=cmd_run)
