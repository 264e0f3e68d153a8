"""Following 10,000 fax jobs at once: the cost per event of winfax's outcome
bookkeeping, and its memory, against the fax service simulator.

    python benchmarks/outcomes.py [JOBS]

Queues JOBS jobs (default 10,000) while one handle follows them, then lets
the simulated service send them on 1,000 devices (every tenth job is
cancelled first), reading the events as they come.  It prints, as JSON:

  per_event_ns    the CPU time (this thread's, so other load on the
                  machine does not count) the bookkeeping takes per event,
                  feeding each event to the tracker, for each tenth of the
                  events, with the jobs still followed after it: flat if
                  the cost is O(1) whatever the number of jobs in flight
  read_ns         the wall time per event of reading them (events()'
                  own path, which the bookkeeping does not change)
  events          how many events were fed
  live_peak       jobs followed at once
  memory          tracemalloc's count of Python memory held by the
                  bookkeeping: before any job, with every job in flight,
                  once they all ended with no memory of finished jobs
                  (memory=0), and the bound kept when the default memory
                  of MEMORY finished jobs is on
"""

import json
import os
import pathlib
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

import winfax  # noqa: E402
from winfax import _outcomes, simulator  # noqa: E402
from faxdocs import write_tiff  # noqa: E402

DEVICES = 1_000


def held():
    """Python memory allocated from winfax/_outcomes.py and still held
    (the tracker's dicts, its records, the JobEntry each job keeps)."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(True, _outcomes.__file__)])
    return sum(stat.size for stat in snapshot.statistics("filename"))


def run(jobs, directory, remember, trace):
    simulator.reset()
    for n in range(DEVICES - 1):
        simulator.add_port(f"Modem {n + 2}")
    tiff = str(write_tiff(pathlib.Path(directory) / "fax.tif", pages=1))
    params = winfax.JobParam(recipient_number="+1 555 0100")
    with winfax.connect() as server:
        server.outcomes(timeout=0).close()  # follow from here on
        f = _outcomes.follower(server)
        f.tracker.memory = remember
        if trace:
            tracemalloc.start()
        base = held() if trace else 0
        ids = [server.send_document(tiff, params) for _ in range(jobs)]
        fed = 0
        with f.cond:
            start = time.perf_counter()
            before = len(f.tracker.live)
            f.drain()
            queued_ns = round((time.perf_counter() - start) * 1e9 / jobs)
            fed += jobs  # one JOB_QUEUED each
        in_flight = held() - base if trace else None
        live_peak = len(f.tracker.live)
        for job in ids[::10]:
            server.abort(job)
        # (events in the drain, seconds it took, jobs still followed after it)
        drains = []
        reading = 0.0
        while True:
            moving = simulator.advance()
            with f.cond:
                stream = f.stream
                while True:
                    start = time.perf_counter()
                    batch = stream._wait(0)
                    read = time.perf_counter()
                    cpu = time.thread_time()
                    f.tracker.feed_all(batch)
                    took = time.thread_time() - cpu
                    reading += read - start
                    if not batch:
                        break
                    drains.append((len(batch), took, len(f.tracker.live)))
                    fed += len(batch)
            if not moving and not f.tracker.live:
                break
        tenths = []
        total = sum(n for n, _, _ in drains)
        n_sum, t_sum = 0, 0.0
        for index, (n, took, live) in enumerate(drains):
            n_sum += n
            t_sum += took
            if n_sum >= total / 10 or index == len(drains) - 1:
                tenths.append({"ns_per_event": round(t_sum * 1e9 / n_sum), "live_after": live})
                n_sum, t_sum = 0, 0.0
        after = held() - base if trace else None
        del ids
        if trace:
            tracemalloc.stop()
        assert not f.tracker.live and before == 0
        return {"read_ns": round(reading * 1e9 / max(fed - jobs, 1)), "per_event_ns": tenths, "job_queued_ns": queued_ns, "events": fed, "live_peak": live_peak,
                "in_flight_bytes": in_flight, "after_bytes": after,
                "remembered": len(f.tracker.done)}


def main():
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as directory:
        # Timed without tracemalloc (it slows every allocation down);
        # memory counted in runs of their own.
        timed = run(jobs, directory, _outcomes.MEMORY, False)
        forgetting = run(jobs, directory, 0, True)
        remembering = run(jobs, directory, _outcomes.MEMORY, True)
    print(json.dumps({
        "jobs": jobs, "devices": DEVICES,
        "job_queued_ns (one FaxGetJob each)": timed["job_queued_ns"],
        "read_ns (events()' own cost per event)": timed["read_ns"],
        "per_event_ns": timed["per_event_ns"],
        "events": timed["events"],
        "live_peak": timed["live_peak"],
        "memory": {
            "in_flight_bytes": forgetting["in_flight_bytes"],
            "after_all_ended_bytes (memory=0)": forgetting["after_bytes"],
            f"after_all_ended_bytes (memory={_outcomes.MEMORY})": remembering["after_bytes"],
            "outcomes_remembered": remembering["remembered"],
        },
    }, indent=2))


if __name__ == "__main__":
    main()
