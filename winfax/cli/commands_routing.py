"""Inbound routing: `winfax routing`.

    winfax routing                                  global methods, by priority
    winfax routing --priority store=1               move a method to priority 1
    winfax routing --device 65537                   a device's methods, enabled or not
    winfax routing --device 65537 --enable email --disable print
    winfax routing --device 65537 --folder /srv/fax/in --enable store

A METHOD is named by its GUID (braces optional), its function name
(FaxRouteEmail), its friendly name ("Route through e-mail") or its short
name: the function name without "FaxRoute", lower-case ("email").
"""

import os

from .._enums import AccessRight, PortOpen
from .._routing import (EmailRouting, FolderRouting, PrintRouting, decode_routing_info)
from . import output, schema, validate
from .commands_ports import open_device, resolve_device
from .errors import UsageError, fax_call

PREFIX = "faxroute"


def short_name(method):
    name = method.function_name or method.friendly_name or method.guid or "?"
    return name[len(PREFIX):].lower() if name.lower().startswith(PREFIX) and \
        len(name) > len(PREFIX) else name.lower()


def find_method(methods, text):
    """The method among `methods` that `text` names; UsageError (exit
    status 2) if none or several: the installed methods are a fixed list, so
    a name outside it is a wrong command line, as an unknown logging
    category is."""
    wanted = text.strip().casefold()
    bare = wanted.strip("{}")
    found = []
    for m in methods:
        names = {short_name(m).casefold(), (m.function_name or "").casefold(),
                 (m.friendly_name or "").casefold(), (m.guid or "").casefold().strip("{}")}
        if wanted in names or bare in names:
            found.append(m)
    if len(found) == 1:
        return found[0]
    known = ", ".join(short_name(m) for m in methods)
    if not found:
        raise UsageError(f"no routing method {text!r}: use one of {known} (or a GUID; see "
                         "`winfax routing`)")
    raise UsageError(f"{text!r} names several routing methods; give a GUID "
                     "(see `winfax routing`)")


def _priority(text):
    method, sep, value = text.partition("=")
    if not sep or not method.strip():
        raise UsageError(f"bad priority {text!r}: write METHOD=N, e.g. store=1")
    return method, validate.integer(f"--priority {text}", value, 1)


def _global_rows(methods):
    return [[m.priority, short_name(m), m.friendly_name, m.guid, m.extension_friendly_name]
            for m in methods]


def _device_rows(methods, data):
    return [[short_name(m), m.enabled, _data_text(data[m.guid]), m.friendly_name, m.guid]
            for m in methods]


# The routing data the command can set: Microsoft's three methods, whose
# data is one string (MS-FAX 2.2.87).  Any other method's data is bytes only
# its routing extension understands, so it is shown but not set here (use
# FaxPortHandle.set_routing_info from Python).
def _configs(args):
    configs = []
    if args.folder is not None:
        if not args.folder.strip():
            raise UsageError("--folder needs a folder path, e.g. --folder /srv/fax/in")
        # The service does not run in this command's current directory.
        configs.append(FolderRouting(os.path.abspath(args.folder)))
    if args.email is not None:
        if "@" not in args.email.strip("@"):
            raise UsageError(f"bad --email {args.email!r}: give an e-mail address, "
                             "e.g. --email fax@example.com")
        configs.append(EmailRouting(args.email))
    if args.printer is not None:
        if not args.printer.strip():
            raise UsageError("--printer needs a printer name, e.g. --printer \"Office\"")
        configs.append(PrintRouting(args.printer))
    return configs


def _read_data(port, device_id, methods):
    """{guid: routing data} for each method of the device: typed for
    Microsoft's methods, bytes for any other (None where the data cannot
    be read as the method's type)."""
    data = {}
    for m in methods:
        with fax_call(f"reading the routing data of fax device {device_id}",
                      AccessRight.PORT_QUERY, device_id=device_id):
            raw = port.routing_info(m.guid)
        try:
            data[m.guid] = decode_routing_info(m.guid, raw)
        except ValueError:      # not the string Microsoft's method keeps
            data[m.guid] = raw
    return data


def _data_text(value):
    if isinstance(value, (bytes, bytearray)):
        return f"{len(value)} bytes" if value else ""
    (text,) = _data_json(value).values()
    return text


def _data_json(value):
    """Microsoft's methods: {"folder"}, {"email"} or {"printer"}; any other
    method: {"bytes": hex}."""
    if isinstance(value, FolderRouting):
        return {"folder": value.path}
    if isinstance(value, EmailRouting):
        return {"email": value.address}
    if isinstance(value, PrintRouting):
        return {"printer": value.printer}
    return {"bytes": bytes(value).hex()}


def _global(server):
    with fax_call("reading the routing methods", AccessRight.CONFIG_QUERY):
        return server.global_routing_info()


def cmd_routing(args, backend):
    configs = _configs(args)
    if (args.enable or args.disable or configs) and args.device is None:
        raise UsageError("--enable, --disable, --folder, --email and --printer act on one "
                         "device: add --device DEVICE (see `winfax ports`)")
    priorities = [_priority(text) for text in args.priority]
    with backend.session() as server:
        if priorities:
            methods = _global(server)
            for text, priority in priorities:
                # The method first: a name that is wrong is the news, not
                # its priority.
                method = find_method(methods, text)
                if priority > len(methods):
                    raise UsageError(f"bad value for --priority {text}={priority}: give a "
                                     f"whole number between 1 and {len(methods)} (there are "
                                     f"{len(methods)} routing methods)")
                with fax_call("changing routing priorities", AccessRight.CONFIG_SET):
                    server.set_global_routing_info(method.replace(priority=priority))
                methods = _global(server)
        if args.device is None:
            methods = _global(server)
        else:
            device_id = resolve_device(server, args.device)
            changing = bool(args.enable or args.disable)
            # FaxSetRoutingInfoW wants a port opened with PORT_OPEN_MODIFY.
            mode = PortOpen.MODIFY if configs else PortOpen.QUERY
            with open_device(server, device_id, mode) as port:
                for config in configs:
                    with fax_call(f"changing the routing data of fax device {device_id}",
                                  AccessRight.PORT_SET, device_id=device_id):
                        port.set_routing_info(config.guid, config.to_bytes())
                with fax_call(f"reading the routing methods of fax device {device_id}",
                              AccessRight.PORT_QUERY, device_id=device_id):
                    methods = port.routing_methods()
                if changing:
                    plan = [(find_method(methods, t), True) for t in args.enable]
                    plan += [(find_method(methods, t), False) for t in args.disable]
                    for method, enabled in plan:
                        with fax_call(f"changing the routing of fax device {device_id}",
                                      AccessRight.PORT_SET, device_id=device_id):
                            port.enable_routing_method(method.guid, enabled)
                    with fax_call(f"reading the routing methods of fax device {device_id}",
                                  AccessRight.PORT_QUERY, device_id=device_id):
                        methods = port.routing_methods()
                data = _read_data(port, device_id, methods)
    if args.device is None:
        if args.json:
            output.emit_json([dict(schema.global_method(m), name=short_name(m)) for m in methods])
        else:
            output.print_lines(output.table(["PRIORITY", "NAME", "METHOD", "GUID", "EXTENSION"],
                                            _global_rows(methods), right=("PRIORITY",)))
    else:
        if args.json:
            output.emit_json([dict(schema.device_method(m), name=short_name(m),
                                   data=_data_json(data[m.guid])) for m in methods])
        else:
            output.print_lines(output.table(["NAME", "ENABLED", "DATA", "METHOD", "GUID"],
                                            _device_rows(methods, data)))
    return 0


def register(commands, add):
    p = add(commands, "routing", "show or change inbound routing", """\
Without --device: the routing methods installed on the server, in priority
order (the order the service tries them in).  --priority METHOD=N moves a
method to priority N (needs FAX_CONFIG_SET).

With --device: that device's routing methods and whether each is enabled;
--enable METHOD and --disable METHOD change them (needs FAX_PORT_SET).  The
data of Microsoft's methods is set with --folder PATH ("store in a folder"),
--email ADDRESS and --printer NAME (needs FAX_PORT_SET); other methods' data
is shown as its size.

A METHOD is its short name (email, store, print...), function name, friendly
name or GUID.  Options may be repeated; changes are made in the order given,
then the result is shown.

examples:
  winfax routing
  winfax routing --priority store=1
  winfax routing --device 65537
  winfax routing --device 65537 --enable email --disable print --json
  winfax routing --device 65537 --folder /srv/fax/in --enable store

JSON (--json): without --device an array of {"priority", "guid",
"friendly_name", "function_name", "extension_image_name",
"extension_friendly_name", "name"}; with --device an array of {"device_id",
"enabled", "device_name", "guid", "friendly_name", "function_name",
"extension_image_name", "extension_friendly_name", "name", "data"}.  "name"
is the short name; "data" is {"folder"}, {"email"} or {"printer"} for
Microsoft's methods and {"bytes": HEX} for any other.""")
    p.add_argument("--device", type=validate.device, metavar="DEVICE",
                   help="show (or change) this device's methods: an id or a name")
    p.add_argument("--enable", action="append", default=[], metavar="METHOD",
                   help="enable METHOD on --device")
    p.add_argument("--disable", action="append", default=[], metavar="METHOD",
                   help="disable METHOD on --device")
    p.add_argument("--folder", metavar="PATH",
                   help="the folder \"store in a folder\" writes received faxes to (--device)")
    p.add_argument("--email", metavar="ADDRESS",
                   help="the address \"route through e-mail\" mails received faxes to (--device)")
    p.add_argument("--printer", metavar="NAME",
                   help="the printer \"print\" prints received faxes on (--device)")
    p.add_argument("--priority", action="append", default=[], metavar="METHOD=N",
                   help="move METHOD to priority N (1 is tried first)")
    p.add_argument("--json", action="store_true", help="print the methods as JSON")
    p.set_defaults(run=cmd_routing)
