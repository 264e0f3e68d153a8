"""Checks of command-line input, done before anything reaches the fax service.

Each function takes the text the user typed and returns the value to use,
or raises UsageError (exit status 2) for text that can never be right, or
CliError (exit status 1) for a file that is missing or not a fax document.
They are also argparse `type=` functions: argparse lets these errors through,
so the message the user sees is exactly the one written here.
"""

import datetime
import os
import re

from .errors import CliError, UsageError

MAX_JOB_ID = 0xFFFFFFFF
DWORD_MAX = 0xFFFFFFFF

# The longest wait the fax API's millisecond timeouts take (a DWORD of
# milliseconds, INFINITE excluded): the bound of every option in seconds,
# since --interval and --timeout may reach the service's event waits.
MAX_SECONDS = (DWORD_MAX - 1) // 1000

# What a fax number may contain: it is dialled, so digits and the usual
# separators only; a letter or a shell metacharacter is a typing mistake.
_NUMBER = re.compile(r"[0-9 +\-()]+")
_HH_MM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_INTEGER = re.compile(r"[0-9]+")
_HEX = re.compile(r"0[xX][0-9a-fA-F]+")

_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")


def job_id(text):
    """A job id as `winfax jobs` shows it: a positive decimal number."""
    value = text.strip()
    if _INTEGER.fullmatch(value) and 0 < int(value) <= MAX_JOB_ID:
        return int(value)
    raise UsageError(f"bad job id {text!r}: give the job number that `winfax jobs` shows "
                     f"(1 to {MAX_JOB_ID})")


def device(text):
    """A fax device: its id (decimal, or hex with 0x) or its name.  Names
    are returned as str and matched against the service's devices later."""
    value = text.strip()
    if _INTEGER.fullmatch(value):
        number = int(value)
    elif _HEX.fullmatch(value):
        number = int(value, 16)
    elif value:
        return value
    else:
        raise UsageError("bad fax device '': give a device id or name from `winfax ports`")
    if not 0 < number <= DWORD_MAX:
        raise UsageError(f"bad fax device {text!r}: give a device id from `winfax ports` "
                         f"(1 to {DWORD_MAX}) or a device name")
    return number


def fax_number(text):
    """A number to dial: digits, spaces, +, -, ( and ), at least one digit."""
    value = text.strip()
    if not _NUMBER.fullmatch(value) or not any(c.isdigit() for c in value):
        raise UsageError(f"bad fax number {text!r}: use digits, spaces, +, -, ( and ) only, "
                         "e.g. '+1 555 0100'")
    return value


def schedule_time(text, now=None):
    """--at: HH:MM local time (the next time the clock shows it: today, or
    tomorrow if that has passed) or an ISO 8601 date and time (local unless
    it has an offset).  `now` is a naive local datetime (tests pass one).
    Returns an aware UTC datetime: the service keeps ScheduleTime in UTC."""
    value = text.strip()
    now = now or datetime.datetime.now()
    match = _HH_MM.fullmatch(value)
    if match:
        at = now.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
        if at <= now:
            at += datetime.timedelta(days=1)
        return at.astimezone(datetime.timezone.utc)
    try:
        at = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"bad --at {text!r}: give HH:MM (today, or tomorrow if past) "
                         "or an ISO date and time such as 2030-05-06T07:30") from None
    # Naive means local, as everywhere in Python; astimezone() converts both.
    # At the ends of datetime's range (years 1 and 9999) the conversion can
    # leave it: year 1 is long past, and a time past 9999-12-31 UTC is
    # beyond any date the service's FAX_TIME/SYSTEMTIME can hold.  Windows'
    # C runtime converts local times from 1970 to 3000 only (OSError).
    try:
        at = at.astimezone(datetime.timezone.utc)
    except (OverflowError, ValueError, OSError) as error:
        if at.year == datetime.MINYEAR or (at.tzinfo is None and at <= now):
            at = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
        elif isinstance(error, OSError):
            raise UsageError(f"bad --at {text!r}: this system cannot convert that local "
                             "time to UTC; give it with its offset, e.g. "
                             f"{at.replace(tzinfo=None).isoformat(timespec='minutes')}+00:00"
                             ) from None
        else:
            raise UsageError(f"bad --at {text!r}: give a time no later than "
                             "9999-12-31T23:59 UTC") from None
    if at <= now.astimezone(datetime.timezone.utc):
        raise UsageError(f"bad --at {text!r}: it is in the past; give a time to come")
    return at


def receipt(text):
    """--receipt: `inbox` or `email:ADDRESS`.  Returns (kind, address)."""
    value = text.strip()
    if value.lower() == "inbox":
        return ("inbox", None)
    kind, sep, address = value.partition(":")
    if sep and kind.lower() == "email":
        address = address.strip()
        if "@" in address and not any(c.isspace() for c in address):
            return ("email", address)
    raise UsageError(f"bad --receipt {text!r}: give inbox or email:ADDRESS "
                     "(e.g. email:alice@example.com)")


def cover_page(text):
    """--cover-page: a personal cover page file (must exist) or
    server:NAME for one of the server's cover pages.  Returns
    (is_server, name_or_absolute_path)."""
    kind, sep, name = text.partition(":")
    if sep and kind.lower() == "server" and len(kind) > 1:
        if not name.strip():
            raise UsageError(f"bad --cover-page {text!r}: give server:NAME, or a .cov file")
        return (True, name.strip())
    if not os.path.isfile(text):
        raise CliError(f"no such cover page file: {text} "
                       "(give a .cov file, or server:NAME for a server cover page)")
    return (False, os.path.abspath(text))


def fax_document(path):
    """The file to send: it must exist and be a readable file.  Returns its
    absolute path (the service opens it, not this process).

    Whether its type can be faxed is the service's to say, not ours:
    Windows renders any file type that has a print handler on its machine
    (a .docx, a .pdf...), and the simulator renders .tif and .txt.  A type
    it cannot render fails the send (see commands_jobs._send_error)."""
    try:
        with open(path, "rb"):
            pass
    except FileNotFoundError:
        raise CliError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise CliError(f"not a file: {path} (give a document to fax)") from None
    except PermissionError:
        # Windows refuses to open a directory as access denied.
        if os.path.isdir(path):
            raise CliError(f"not a file: {path} (give a document to fax)") from None
        raise CliError(f"cannot read {path}: permission denied") from None
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror or error}") from None
    return os.path.abspath(path)


def assignment(text, example):
    """KEY=VALUE -> (key, value), the key lower-case with - as _."""
    key, sep, value = text.partition("=")
    key = key.strip().lower().replace("-", "_")
    if not sep or not key:
        raise UsageError(f"bad setting {text!r}: write KEY=VALUE, e.g. {example}")
    return key, value.strip()


def boolean(key, text):
    value = text.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(f"bad value for {key}: {text!r}: give yes or no (or on/off, true/false, 1/0)")


def integer(key, text, low, high=None):
    value = text.strip()
    if _INTEGER.fullmatch(value):
        number = int(value)
        if number >= low and (high is None or number <= high):
            return number
    bound = f"between {low} and {high}" if high is not None else f"{low} or more"
    raise UsageError(f"bad value for {key}: {text!r}: give a whole number {bound}")


def time_of_day(key, text):
    match = _HH_MM.fullmatch(text.strip())
    if not match:
        raise UsageError(f"bad value for {key}: {text!r}: give a time as HH:MM, e.g. 20:00")
    return datetime.time(int(match[1]), int(match[2]))


def seconds(option):
    """The argparse type of an option in seconds (--interval, --timeout):
    a number from 0 to MAX_SECONDS; the error names `option`."""
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= MAX_SECONDS:   # also rejects nan and inf
            raise UsageError(f"bad {option} {text!r}: give a number of seconds from 0 to "
                             f"{MAX_SECONDS}, e.g. 0.5")
        return value
    return parse


def count(option, high=DWORD_MAX):
    """The argparse type of a positive whole number (--count N, STEPS):
    1 to `high`; the error names `option`."""
    def parse(text):
        value = text.strip()
        if _INTEGER.fullmatch(value) and 0 < int(value) <= high:
            return int(value)
        raise UsageError(f"bad {option} {text!r}: give a whole number from 1 to {high}")
    return parse


def text_field(what, text):
    """A free-text field (name, TSID...): no control characters.  `what`
    names it as the user gave it (an option, an argument, a column)."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise UsageError(f"bad {what} {text!r}: it contains control characters (a tab, a "
                         "newline...); give text on one line")
    return text
