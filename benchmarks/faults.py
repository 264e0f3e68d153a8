"""Where the time of a big jobs() goes: user CPU, system CPU, page faults.

    python benchmarks/faults.py JOBS CALLS DOCUMENT

prints one JSON object, per job, for winfax's jobs() called CALLS times on a
queue of JOBS jobs (the result dropped each time, as in the timed
benchmark).  Figures include the simulator's own work (FaxEnumJobsW runs in
this process): the point is to show which part grows with the queue.
"""

import json
import os
import resource
import sys
import time

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from workload import fresh_service  # noqa: E402


def main():
    jobs, calls, document = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    server, _ = fresh_service(document, jobs)
    server.jobs()   # warm-up
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for _ in range(calls):
        server.jobs()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_SELF)
    per = calls * jobs
    print(json.dumps({
        "jobs": jobs,
        "calls": calls,
        "wall_ns_per_job": wall / per * 1e9,
        "user_ns_per_job": (after.ru_utime - before.ru_utime) / per * 1e9,
        "system_ns_per_job": (after.ru_stime - before.ru_stime) / per * 1e9,
        "page_faults_per_job": (after.ru_minflt - before.ru_minflt) / per,
    }))


if __name__ == "__main__":
    main()
