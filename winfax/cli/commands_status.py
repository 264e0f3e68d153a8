"""`winfax status`: the backend, the server's configuration, its devices and
the queue, at a glance."""

import winfax
from .._enums import AccessRight
from . import describe, output, schema
from .errors import CliError, fax_call
from .commands_ports import port_rows, PORT_HEADERS


def _read(action, right, function):
    """A part of the status, or (None, error text) if the service refuses."""
    try:
        with fax_call(action, right):
            return function(), None
    except CliError as error:
        return None, str(error)


def config_summary(c):
    return [
        ("retries", f"{c.retries}, {c.retry_delay} min apart"),
        ("discount period",
         f"{schema.hh_mm(c.start_cheap_time)}-{schema.hh_mm(c.stop_cheap_time)} UTC"),
        ("queue", "paused" if c.pause_server_queue else "running"),
        ("branding", describe.on_off(c.branding)),
        ("archive", c.archive_directory if c.archive_outgoing_faxes else "off"),
    ]


def cmd_status(args, backend):
    with backend.session() as server:
        config, config_error = _read("reading the configuration", AccessRight.CONFIG_QUERY,
                                     server.configuration)
        ports, ports_error = _read("listing fax devices", AccessRight.PORT_QUERY, server.ports)
        jobs, jobs_error = _read("listing jobs", AccessRight.JOB_QUERY, server.jobs)
    errors = [e for e in (config_error, ports_error, jobs_error) if e]
    state_file = backend.state_path()
    if args.json:
        output.emit_json({
            "version": winfax.__version__,
            "backend": backend.kind,
            "state_file": state_file,
            "configuration": schema.configuration(config) if config else None,
            "ports": [schema.port(p) for p in ports] if ports is not None else None,
            "queue": schema.queue_counts(jobs) if jobs is not None else None,
            "errors": errors,
        })
        return 0
    lines = [f"winfax {winfax.__version__}"]
    lines += output.key_values([("backend", backend.description)]
                               + ([("state file", state_file)] if state_file else []))
    lines.append("configuration")
    lines += output.key_values(config_summary(config), indent="  ") if config else [
        f"  ({config_error})"]
    if ports is None:
        lines += ["fax devices", f"  ({ports_error})"]
    else:
        lines.append(f"fax devices: {len(ports)}")
        if ports:
            lines += ["  " + line for line in output.table(PORT_HEADERS, port_rows(ports),
                                                          right=("ID", "RINGS", "PRIORITY"))]
    if jobs is None:
        lines += ["queue", f"  ({jobs_error})"]
    else:
        counts = schema.queue_counts(jobs)
        parts = [f"{n} {state.replace('_', ' ')}" for state, n in counts["by_state"].items() if n]
        total = counts["total"]
        noun = "job" if total == 1 else "jobs"
        lines.append(f"queue: {total} {noun}" + (f" ({', '.join(parts)})" if parts else ""))
    output.print_lines(lines)
    return 0


def register(commands, add):
    p = add(commands, "status", "show the backend, configuration, devices and queue",
            """\
Shows which fax service winfax talks to (the Windows Fax Service, or the
simulator and its state file), a summary of the server configuration, each
fax device with its state, and how many jobs the queue holds in each state.
Parts the service does not let you read are shown as access denied.

examples:
  winfax status
  winfax status --json

JSON (--json): {"version", "backend": "windows"|"simulator", "state_file"
(null on Windows), "configuration" (as `winfax config --json`), "ports" (as
`winfax ports --json`), "queue": {"total": N, "by_state": {STATE: N}},
"errors": [text]}; a part that could not be read is null and its error is
in "errors".  STATE is each job state (see `winfax jobs --help`).""")
    p.add_argument("--json", action="store_true", help="print the status as a JSON object")
    p.set_defaults(run=cmd_status)
