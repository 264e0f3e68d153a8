"""What the simulator's saved state costs each winfax command.

    python benchmarks/state.py [--runs N] [--big-mb MB] [--many N]

Builds states in a temporary folder (through the public API, in a child
process) and times whole commands as a user runs them, interpreter start
included: `winfax jobs` and `winfax ports` (read-only) and
`winfax send --sample` (one write), each run --runs times against a copy of
the same state; and, in a child process, one empty
`simulator.persistent(state)` block ("unit of work": what the state costs
every command, without the interpreter's start and the command's output).
Prints the median and the slowest run per case.  The cases:
an empty queue, 100 and --many (10,000) small jobs, and two queued
documents of 5 KB and of --big-mb (50) MB each; the last column compares
the large documents with the small ones (the goal: within 2x).
"""

import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

NUMBER = "+1 555 0100"
ROW = 1728 // 8   # bytes per row of a standard fax page


def tiff(path, size, seed=0):
    """An uncompressed bilevel TIFF of about `size` bytes, in pages of at
    most 1 MB (the strips are a repeating byte pattern; documents with
    another `seed` differ, so the store keeps each)."""
    rows_per_page = max(1, min(size, 1 << 20) // ROW)
    pages = max(1, size // (rows_per_page * ROW))
    pattern = bytes((i + seed) % 256 for i in range(256))
    strip = (pattern * (rows_per_page * ROW // 256 + 1))[:rows_per_page * ROW]
    out = bytearray(b"II" + struct.pack("<HI", 42, 8))
    for page in range(pages):
        ifd_at = len(out)
        res_at = ifd_at + 2 + 10 * 12 + 4
        strip_at = res_at + 16
        next_ifd = strip_at + len(strip) if page + 1 < pages else 0
        tags = [(256, 4, 1728), (257, 4, rows_per_page), (258, 3, 1), (259, 3, 1),
                (262, 3, 0), (273, 4, strip_at), (278, 4, rows_per_page),
                (279, 4, len(strip)), (282, 5, res_at), (283, 5, res_at + 8)]
        out += struct.pack("<H", len(tags))
        for code, kind, value in tags:
            if kind == 3:
                out += struct.pack("<HHIHH", code, kind, 1, value, 0)
            else:
                out += struct.pack("<HHII", code, kind, 1, value)
        out += struct.pack("<I", next_ifd) + struct.pack("<IIII", 204, 1, 196, 1) + strip
    with open(path, "wb") as f:
        f.write(out)


# Run in a child: queues `count` jobs sending each of the documents into the
# state at `state`, through the same persistence the command uses.
BUILD = """
import sys, winfax
from winfax import simulator
state, count, documents = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with simulator.persistent(state):
    simulator.reset_state()
    with winfax.connect() as server:
        for _ in range(count):
            for document in documents:
                server.send_document(document, winfax.JobParam(recipient_number="+1 555 0100"))
"""


def build(folder, name, documents, count):
    state = os.path.join(folder, name, "state")
    os.makedirs(os.path.dirname(state))
    if count:
        subprocess.run([sys.executable, "-c", BUILD, state, str(count), *documents], check=True)
    return state


def copy_state(state, into):
    """A fresh copy of a built state's folder (each send run starts from
    the same queue)."""
    target = os.path.join(into, "copy")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.dirname(state), target)
    return os.path.join(target, os.path.basename(state))


def timed(args, state):
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "winfax", "--state", state, *args],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


# Run in a child: one empty unit of work on the state (what every command
# pays for the state itself, without the interpreter's start or the
# command's own work), in seconds.
UNIT = """
import sys, time
from winfax import simulator
started = time.perf_counter()
with simulator.persistent(sys.argv[1]):
    pass
print(time.perf_counter() - started)
"""


def measure_unit(state, runs):
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", UNIT, state], check=True,
                             capture_output=True, text=True).stdout
        times.append(float(out))
    return statistics.median(times), max(times)


def measure(state, args, runs, scratch, writes):
    times = []
    for _ in range(runs):
        target = copy_state(state, scratch) if writes else state
        times.append(timed(args, target))
    return statistics.median(times), max(times)


def folder_size(state):
    total = 0
    for root, _, files in os.walk(os.path.dirname(state)):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--many", type=int, default=10_000)
    options = parser.parse_args()

    commands = [("unit of work", None, False), ("jobs", ["jobs"], False),
                ("ports", ["ports"], False),
                ("send", ["send", "--sample", NUMBER, "-q"], True)]
    with tempfile.TemporaryDirectory(prefix="winfax-state-bench-") as folder:
        small = [os.path.join(folder, f"small{i}.tif") for i in (1, 2)]
        big = [os.path.join(folder, f"big{i}.tif") for i in (1, 2)]
        for seed, path in enumerate(small):
            tiff(path, 5 * 1024, seed)
        for seed, path in enumerate(big):
            tiff(path, options.big_mb * 1024 * 1024, seed)
        cases = [
            ("empty queue", build(folder, "empty", small[:1], 0)),
            ("100 jobs", build(folder, "hundred", small[:1], 100)),
            (f"{options.many:,} jobs", build(folder, "many", small[:1], options.many)),
            # Two different documents of each size, one job each.
            ("2 x 5 KB documents", build(folder, "small-docs", small, 1)),
            (f"2 x {options.big_mb} MB documents", build(folder, "big-docs", big, 1)),
        ]
        scratch = os.path.join(folder, "scratch")
        os.makedirs(scratch)
        results = {}
        print(f"median (slowest) of {options.runs} runs, seconds per command")
        header = f"{'state':<24} {'on disk':>10}" + "".join(
            f" {name:>16}" for name, _, _ in commands)
        print(header)
        print("-" * len(header))
        for label, state in cases:
            row = f"{label:<24} {folder_size(state) / 1e6:>8.2f}MB"
            for name, args, writes in commands:
                if args is None:
                    median, slowest = measure_unit(state, options.runs)
                else:
                    median, slowest = measure(state, args, options.runs, scratch, writes)
                results[label, name] = median
                row += f" {median:>7.3f} ({slowest:.3f})"
            print(row, flush=True)
        print()
        small_label, big_label = cases[3][0], cases[4][0]
        for name, _, _ in commands:
            ratio = results[big_label, name] / results[small_label, name]
            print(f"{name}: {big_label} / {small_label} = {ratio:.2f}x")


if __name__ == "__main__":
    main()
