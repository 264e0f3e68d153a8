"""Fax devices: `winfax ports` and `winfax port ID [changes]`."""

import argparse

from .._enums import AccessRight, PortFlags, PortOpen
from . import describe, output, schema, validate
from .errors import CliError, UsageError, fax_call, winerror_of

PORT_HEADERS = ["ID", "NAME", "STATE", "FLAGS", "RINGS", "PRIORITY", "TSID", "CSID"]
ERROR_INVALID_HANDLE = 6

PORT_SCHEMA = """\
JSON (--json): a fax device is an object with the keys device_id, state (a
PortState name such as "AVAILABLE"), flags (a list of "RECEIVE", "SEND",
"VIRTUAL"), rings, priority, device_name, tsid, csid."""


def port_rows(ports):
    return [[p.device_id, p.device_name, describe.words(p.state), describe.flags_text(p.flags),
             p.rings, p.priority, p.tsid, p.csid] for p in ports]


def list_ports(server):
    with fax_call("listing fax devices", AccessRight.PORT_QUERY):
        return server.ports()


def resolve_device(server, device):
    """A device id from an id or a (case-insensitive) device name."""
    if isinstance(device, int):
        return device
    matches = [p.device_id for p in list_ports(server)
               if (p.device_name or "").casefold() == device.casefold()]
    if not matches:
        raise CliError(f"no fax device named {device!r} (see `winfax ports`)")
    if len(matches) > 1:
        raise CliError(f"several fax devices are named {device!r}; give its id "
                       "(see `winfax ports`)")
    return matches[0]


def open_device(server, device_id, mode):
    action = "changing" if mode == PortOpen.MODIFY else "opening"
    try:
        with fax_call(f"{action} fax device {device_id}", AccessRight.PORT_QUERY,
                      device_id=device_id):
            return server.open_port(device_id, mode)
    except CliError as error:
        cause = error.__cause__
        if mode == PortOpen.MODIFY and winerror_of(cause) == ERROR_INVALID_HANDLE:
            raise CliError(f"fax device {device_id} is open for changes by another program; "
                           "try again when it is done") from cause
        raise


def cmd_ports(args, backend):
    with backend.session() as server:
        ports = list_ports(server)
    if args.json:
        output.emit_json([schema.port(p) for p in ports])
    elif not ports:
        output.out("no fax devices")
    else:
        output.print_lines(output.table(PORT_HEADERS, port_rows(ports),
                                        right=("ID", "RINGS", "PRIORITY")))
    return 0


def _changes(args):
    changes = {}
    if args.rings is not None:
        changes["rings"] = args.rings
    if args.priority is not None:
        changes["priority"] = args.priority
    # TSID and CSID go to the service as given: it decides what it keeps
    # (Windows removes what is not ASCII and keeps 20 characters, without
    # failing); the details printed afterwards show what it kept.
    for name in ("tsid", "csid"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    return changes



def _details(info, status):
    pairs = [
        ("name", info.device_name),
        ("state", describe.words(info.state)),
        ("flags", describe.flags_text(info.flags)),
        ("rings", info.rings),
        ("priority", info.priority),
        ("tsid", info.tsid),
        ("csid", info.csid),
    ]
    if status is not None and status.phone_number:
        page = f", page {status.current_page}/{status.total_pages}" if status.current_page else ""
        pairs.append(("call", f"{describe.words(status.status)} {status.phone_number}{page}"))
    return [f"fax device {info.device_id}"] + output.key_values(pairs, indent="  ")


def cmd_port(args, backend):
    changes = _changes(args)
    with backend.session() as server:
        device_id = resolve_device(server, args.device)
        mode = PortOpen.MODIFY if (changes or args.send is not None
                                   or args.receive is not None) else PortOpen.QUERY
        with open_device(server, device_id, mode) as port:
            with fax_call(f"reading fax device {device_id}", AccessRight.PORT_QUERY,
                          device_id=device_id):
                info = port.info()
            if mode == PortOpen.MODIFY:
                flags = int(info.flags)
                for wanted, bit in ((args.send, PortFlags.SEND), (args.receive, PortFlags.RECEIVE)):
                    if wanted is True:
                        flags |= bit
                    elif wanted is False:
                        flags &= ~bit
                count = len(list_ports(server))
                if args.priority is not None and args.priority > count:
                    raise UsageError(priority_range_error(args.priority, count))
                with fax_call(f"changing fax device {device_id}", AccessRight.PORT_SET,
                              device_id=device_id):
                    port.set_info(info.replace(flags=flags, **changes))
                    info = port.info()
            try:
                status = port.device_status()
            except OSError:
                status = None
    if args.json:
        doc = schema.port(info)
        doc["device_status"] = schema.device_status(status) if status is not None else None
        output.emit_json(doc)
    else:
        output.print_lines(_details(info, status))
    return 0


def _rings(text):
    return validate.integer("--rings", text, 0, 99)


def _priority(text):
    # Its upper bound is the number of devices, known once connected
    # (priorities are 1..n, FAX_PORT_INFO); cmd_port checks it then.
    value = text.strip()
    if value.isascii() and value.isdigit() and int(value) >= 1:
        return int(value)
    raise UsageError(f"bad --priority {text!r}: give a whole number from 1 to the number "
                     "of fax devices (see `winfax ports`)")


def priority_range_error(priority, count):
    """The message for a --priority beyond the last of `count` devices."""
    if count == 1:
        return f"bad --priority {priority}: give 1 (there is 1 fax device)"
    return f"bad --priority {priority}: give 1 to {count} (there are {count} fax devices)"


def register(commands, add):
    p = add(commands, "ports", "list the fax devices", f"""\
Lists the fax devices (ports) with their state, what they may do, rings
before answering, priority for sending, TSID and CSID.

examples:
  winfax ports
  winfax ports --json

{PORT_SCHEMA}  `winfax ports --json` prints an array of them.""")
    p.add_argument("--json", action="store_true", help="print a JSON array of devices")
    p.set_defaults(run=cmd_ports)

    p = add(commands, "port", "show or change one fax device", f"""\
Shows one fax device, and the call it is on; with options, changes it
first (needs FAX_PORT_SET) and shows the result.  DEVICE is its id (as
`winfax ports` shows it, or 0x hex) or its name.

examples:
  winfax port 65537
  winfax port 65537 --rings 4 --no-receive --tsid "+1 555 0100"
  winfax port "Virtual Fax Device 1" --json

{PORT_SCHEMA}  With "device_status" added: the FAX_DEVICE_STATUS fields
(status, current_page, total_pages, phone_number, ...) or null.""")
    p.add_argument("device", type=validate.device, metavar="DEVICE",
                   help="a device id or name (see `winfax ports`)")
    p.add_argument("--rings", type=_rings, metavar="N", help="rings before answering (0-99)")
    p.add_argument("--send", action=argparse.BooleanOptionalAction,
                   help="whether the device may send faxes")
    p.add_argument("--receive", action=argparse.BooleanOptionalAction,
                   help="whether the device answers calls")
    p.add_argument("--tsid", metavar="TEXT", help="the ID sent to the machines it calls")
    p.add_argument("--csid", metavar="TEXT", help="the ID sent to the machines calling it")
    p.add_argument("--priority", type=_priority, metavar="N",
                   help="its turn among the devices for sending (1 first)")
    p.add_argument("--json", action="store_true", help="print the device as a JSON object")
    p.set_defaults(run=cmd_port)
