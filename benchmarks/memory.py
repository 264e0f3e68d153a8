"""Peak memory of one big enumeration, in a fresh process of its own.

    python benchmarks/memory.py CONTENDER JOBS DOCUMENT

prints one JSON object (bytes, for the whole call):

  tracemalloc_peak      the most Python-heap memory in use during the call,
                        above what was in use before it (tracemalloc: every
                        allocation made through Python's allocators, i.e.
                        the objects and any temporary buffers; not the fax
                        service's own buffer, which libfaxsim mallocs)
  tracemalloc_retained  what is still allocated once the call has returned,
                        with the result alive
  own_size              sys.getsizeof of the result's objects: the list,
                        each record (and its __dict__ for a dataclass) and
                        each distinct field value, each object counted once;
                        None, bools, small ints and enum members exist
                        anyway and are not counted
  rss_delta             growth of the resident set size across an earlier
                        call made without tracemalloc, its result alive:
                        the result with allocator slack, less any memory
                        the setup freed and the call reused (the service's
                        buffer is freed before the call returns)
"""

import enum
import gc
import json
import os
import resource
import sys
import tracemalloc

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from contenders import library_path  # noqa: E402
from workload import fresh_service  # noqa: E402


def own_size(result):
    seen = set()
    total = sys.getsizeof(result)

    def count(obj):
        nonlocal total
        if obj is None or isinstance(obj, (bool, enum.Enum)):
            return
        if type(obj) is int and -5 <= obj <= 256:
            return
        if id(obj) in seen:
            return
        seen.add(id(obj))
        total += sys.getsizeof(obj)

    for record in result:
        total += sys.getsizeof(record)
        if hasattr(record, "__dict__"):
            total += sys.getsizeof(record.__dict__)
            values = record.__dict__.values()
        else:
            # winfax records keep enum fields as raw ints; what the
            # record holds is what it costs, so count the raw values.
            values = record.__reduce__()[1]
        for value in values:
            count(value)
    return total


def resident():
    """The resident set size now, in bytes (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def main():
    contender, jobs, document = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    filler, _ = fresh_service(document, jobs)
    if contender == "winfax":
        server = filler
    else:
        import ctypes_fax

        server = ctypes_fax.Fax(library_path()).connect()
    # One small call first, so that imports and caches the call fills once
    # (enum caches, interned names) are not charged to the big one.
    server.configuration()
    gc.collect()
    # RSS first, without tracemalloc, whose own bookkeeping would count.
    rss_before = resident()
    result = server.jobs()
    rss_after = resident()
    del result
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    result = server.jobs()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(result) == jobs, (len(result), jobs)
    print(json.dumps({
        "jobs": jobs,
        "tracemalloc_peak": peak - base,
        "tracemalloc_retained": current - base,
        "own_size": own_size(result),
        "rss_delta": rss_after - rss_before,
    }))


if __name__ == "__main__":
    main()
