"""Writing results: JSON for scripts, aligned tables and key/value lists
for people.  Everything goes to stdout; errors go through main()."""

import json
import sys


def emit_json(value):
    """One JSON document on stdout (UTF-8 text, stable key order)."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def out(line=""):
    sys.stdout.write(line + "\n")


def cell(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def table(headers, rows, right=()):
    """Lines of an aligned table; `right` names the columns to align right."""
    rows = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], len(text))

    def line(values):
        parts = []
        for i, text in enumerate(values):
            if headers[i] in right:
                parts.append(text.rjust(widths[i]))
            elif i == len(values) - 1:
                parts.append(text)
            else:
                parts.append(text.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    return [line(headers)] + [line(row) for row in rows]


def key_values(pairs, indent=""):
    """Lines of `key  value`, the keys padded to one width."""
    pairs = list(pairs)
    width = max((len(k) for k, _ in pairs), default=0)
    return [f"{indent}{k.ljust(width)}  {cell(v)}".rstrip() for k, v in pairs]


def print_lines(lines):
    for line in lines:
        out(line)
