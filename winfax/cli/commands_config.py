"""Server settings: `winfax config [KEY=VALUE ...]` and
`winfax logging [CATEGORY=LEVEL ...]`."""

import datetime

from .._enums import AccessRight, LogCategory, LogLevel
from . import describe, output, schema, validate
from .errors import UsageError, fax_call

DWORD_MAX = 0xFFFFFFFF

# Each Configuration field and how its value is read from KEY=VALUE.
CONFIG_KEYS = {
    "retries": lambda k, v: validate.integer(k, v, 0, 99),
    "retry_delay": lambda k, v: validate.integer(k, v, 0, DWORD_MAX),
    "dirty_days": lambda k, v: validate.integer(k, v, 0, DWORD_MAX),
    "branding": validate.boolean,
    "use_device_tsid": validate.boolean,
    "server_cp": validate.boolean,
    "pause_server_queue": validate.boolean,
    "start_cheap_time": validate.time_of_day,
    "stop_cheap_time": validate.time_of_day,
    "archive_outgoing_faxes": validate.boolean,
    "archive_directory": lambda k, v: validate.text_field(k, v) or None,
}

CONFIG_HELP = {
    "retries": "times a failed send is retried (0-99)",
    "retry_delay": "minutes between retries",
    "dirty_days": "days a failed job stays in the queue",
    "branding": "print a banner (sender, time, page) on each page",
    "use_device_tsid": "send the device's TSID rather than the user's",
    "server_cp": "users may only send server cover pages",
    "pause_server_queue": "hold every outgoing job",
    "start_cheap_time": "discount period start (HH:MM, UTC)",
    "stop_cheap_time": "discount period end (HH:MM, UTC)",
    "archive_outgoing_faxes": "keep a copy of every sent fax",
    "archive_directory": "where the copies go (empty: none)",
}

LEVELS = {"none": LogLevel.NONE, "min": LogLevel.MIN, "minimum": LogLevel.MIN,
          "med": LogLevel.MED, "medium": LogLevel.MED, "max": LogLevel.MAX,
          "maximum": LogLevel.MAX, "0": LogLevel.NONE, "1": LogLevel.MIN, "2": LogLevel.MED,
          "3": LogLevel.MAX}


def parse_config(assignments):
    """KEY=VALUE texts -> {field: value}, every one checked."""
    changes = {}
    for text in assignments:
        key, value = validate.assignment(text, "retries=5")
        if key not in CONFIG_KEYS:
            raise UsageError(f"unknown setting {key!r}: use one of {', '.join(CONFIG_KEYS)}")
        changes[key] = CONFIG_KEYS[key](key, value)
    return changes


def config_value(value):
    if isinstance(value, datetime.time):
        return schema.hh_mm(value)
    return value


def cmd_config(args, backend):
    changes = parse_config(args.settings)
    with backend.session() as server:
        with fax_call("reading the configuration", AccessRight.CONFIG_QUERY):
            config = server.configuration()
        if changes:
            new = config.replace(**changes)
            if new.archive_outgoing_faxes and not new.archive_directory:
                raise UsageError("archive_outgoing_faxes=yes needs a directory: "
                                 "add archive_directory=DIR")
            with fax_call("changing the configuration", AccessRight.CONFIG_SET):
                server.set_configuration(new)
                config = server.configuration()
    if args.json:
        output.emit_json(schema.configuration(config))
    else:
        output.print_lines(output.key_values(
            (name, config_value(getattr(config, name))) for name in config._fields))
    return 0


def _category(text, categories):
    wanted = text.strip().casefold()
    if wanted == "all":
        return [c.category for c in categories]
    for c in categories:
        name = c.category.name if isinstance(c.category, LogCategory) else str(c.category)
        if wanted in (name.casefold(), (c.name or "").casefold(), str(int(c.category))):
            return [c.category]
    known = ", ".join(c.category.name.lower() for c in categories
                      if isinstance(c.category, LogCategory))
    raise UsageError(f"unknown logging category {text.strip()!r}: use one of {known}, or all")


def parse_levels(assignments):
    """CATEGORY=LEVEL texts -> [(category text, LogLevel)], levels checked."""
    out = []
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"bad setting {text!r}: write CATEGORY=LEVEL, e.g. outbound=max")
        level = LEVELS.get(value.strip().lower())
        if level is None:
            raise UsageError(f"bad logging level {value.strip()!r}: use none, min, med or max")
        out.append((key, level))
    return out


def cmd_logging(args, backend):
    wanted = parse_levels(args.settings)
    with backend.session() as server:
        with fax_call("reading the logging categories", AccessRight.CONFIG_QUERY):
            categories = server.logging_categories()
        if wanted:
            levels = {}
            for key, level in wanted:
                for category in _category(key, categories):
                    levels[int(category)] = level
            new = [c.replace(level=levels.get(int(c.category), c.level)) for c in categories]
            with fax_call("changing the logging levels", AccessRight.CONFIG_SET):
                server.set_logging_categories(new)
                categories = server.logging_categories()
    if args.json:
        output.emit_json([schema.logging_category(c) for c in categories])
    else:
        output.print_lines(output.table(
            ["CATEGORY", "NAME", "LEVEL"],
            [[describe.words(c.category), c.name, describe.words(c.level)] for c in categories]))
    return 0


def register(commands, add):
    keys = "\n".join(f"  {k:<23} {v}" for k, v in CONFIG_HELP.items())
    p = add(commands, "config", "show or change the server configuration", f"""\
Shows the fax server's configuration; with KEY=VALUE arguments, changes
those settings first (needs FAX_CONFIG_SET) and shows the result.  Yes/no
settings take yes, no, on, off, true, false, 1 or 0; times HH:MM in UTC
(the service keeps the discount period in UTC).

settings:
{keys}

examples:
  winfax config
  winfax config retries=5 retry-delay=15 start_cheap_time=21:00
  winfax config --json

JSON (--json): an object with the keys above; times are "HH:MM" (UTC), yes/no
settings booleans, an unset archive_directory null.""")
    p.add_argument("settings", nargs="*", metavar="KEY=VALUE", help="settings to change")
    p.add_argument("--json", action="store_true", help="print the configuration as JSON")
    p.set_defaults(run=cmd_config)

    p = add(commands, "logging", "show or change the logging levels", """\
Shows how much the fax service logs for each category; with CATEGORY=LEVEL
arguments, changes those levels first (needs FAX_CONFIG_SET).  CATEGORY is
init, outbound, inbound, unknown (or the category's name, or all); LEVEL
is none, min, med or max.

examples:
  winfax logging
  winfax logging outbound=max inbound=med
  winfax logging all=none --json

JSON (--json): an array of {"name", "category" (INIT, OUTBOUND, INBOUND or
UNKNOWN), "level" (NONE, MIN, MED or MAX)}.""")
    p.add_argument("settings", nargs="*", metavar="CATEGORY=LEVEL", help="levels to change")
    p.add_argument("--json", action="store_true", help="print the categories as JSON")
    p.set_defaults(run=cmd_logging)
