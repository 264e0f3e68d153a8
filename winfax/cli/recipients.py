"""The recipients of `winfax send`: the NUMBERs on the command line and the
rows of --recipients-csv.  Several recipients make a broadcast: one job
per recipient, each queued with FaxSendDocumentW (see commands_jobs'
_queue_each for why not FaxSendDocumentForBroadcastW)."""

import csv

from . import validate
from .errors import CliError, UsageError

# The CSV's columns: `number` is required, the others optional; each sets
# the JobParam field named after it.
CSV_COLUMNS = {"number": "recipient_number", "name": "recipient_name"}


def from_csv(path):
    """[(number, name or None)] from a CSV file with a header row that has
    a `number` column (and optionally `name`)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
            rows = list(reader)
    except OSError as error:
        # A file that is missing or unreadable is exit status 1, as FILE's
        # and --cover-page's are; what it holds is part of the command line.
        raise CliError(f"cannot read the recipients file {path}: "
                       f"{error.strerror or error}") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"the recipients file {path} is not a UTF-8 CSV file: {error}") from error
    if "number" not in header:
        raise UsageError(f"the recipients file {path} needs a header row with a `number` "
                         "column (and optionally `name`), e.g. `number,name`")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise UsageError(f"the recipients file {path} has unknown columns "
                         f"{', '.join(unknown)}: use number and name")
    recipients = []
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        number = row.get("number", "")
        if not number:
            raise UsageError(f"{path}, line {line}: no number")
        name = row.get("name") or None
        if name is not None:
            validate.text_field(f"name on line {line} of {path}", name)
        recipients.append((validate.fax_number(number), name))
    if not recipients:
        raise UsageError(f"the recipients file {path} lists no recipients")
    return recipients
