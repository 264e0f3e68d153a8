"""The three contenders of every operation, each as a pyperf time function.

floor   benchmarks/floor.c: the same calls from C, no Python at all
winfax  the public Python API
ctypes  benchmarks/ctypes_fax.py: ctypes + dataclasses, as a user would write

A contender is built lazily in the pyperf worker that measures it (setup is
never timed): `make(op, contender, jobs, threads, latency_us, workdir)`
returns `time_func(loops) -> seconds` for pyperf's Runner.bench_time_func.
Each call of the time function runs the operation `loops` times in each of
`threads` threads and returns the wall-clock time of those loops alone.
"""

import operator
import os
import subprocess
import threading
import time

from workload import fresh_service, job_fields

OPERATIONS = (
    "connect_close",
    "get_job",
    "jobs",
    "jobs_read_one",
    "jobs_read_all",
    "ports",
    "configuration",
    "send_document",
)
CONTENDERS = ("floor", "winfax", "ctypes")

perf_counter = time.perf_counter


def library_path():
    import winfax

    return os.path.join(os.path.dirname(winfax.__file__), "libfaxsim.so")


# ---- floor: talk to the C program ------------------------------------------------


class Floor:
    """floor.c in `serve` mode; it times its own loops."""

    def __init__(self, exe, document, jobs, latency_us):
        self.proc = subprocess.Popen(
            [exe, "serve", document],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.ask(f"setup {jobs}")
        if latency_us:
            self.ask(f"latency {latency_us}")

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"floor program died answering {line!r}")
        return answer.strip()

    def time_func(self, op, threads):
        def run(loops):
            return int(self.ask(f"run {op} {loops} {threads}")) / 1e9

        return run


# ---- Python contenders ------------------------------------------------------------


def _python_body(op, server, job_id, document, params, fields):
    """fn() doing the operation once, for winfax or ctypes alike."""
    if op == "get_job":
        get_job = server.get_job
        return lambda: get_job(job_id)
    if op == "jobs":
        return server.jobs
    if op == "jobs_read_one":
        jobs = server.jobs
        return lambda: [j.queue_status for j in jobs()]
    if op == "jobs_read_all":
        jobs = server.jobs
        every_field = operator.attrgetter(*fields)
        return lambda: [every_field(j) for j in jobs()]
    if op == "ports":
        return server.ports
    if op == "configuration":
        return server.configuration
    if op == "send_document":
        send = server.send_document
        return lambda: send(document, params)
    raise ValueError(f"unknown operation {op}")


def _timed_loops(body, threads):
    """time_func for pyperf: `loops` calls of body() in each of `threads`."""
    if threads == 1:
        def run(loops):
            t0 = perf_counter()
            for _ in range(loops):
                body()
            return perf_counter() - t0

        return run

    def run(loops):
        start = threading.Barrier(threads)

        def work():
            start.wait()
            for _ in range(loops):
                body()

        others = [threading.Thread(target=work) for _ in range(threads - 1)]
        for t in others:
            t.start()
        start.wait()
        t0 = perf_counter()
        for _ in range(loops):
            body()
        for t in others:
            t.join()
        return perf_counter() - t0

    return run


class PythonContender:
    def __init__(self, contender, op, document, jobs, latency_us):
        import winfax
        from winfax import simulator

        import ctypes_fax

        self.contender, self.op, self.document, self.jobs = contender, op, document, jobs
        self.latency_us = latency_us
        self.simulator = simulator
        self.winfax = winfax
        self.fax = ctypes_fax.Fax(library_path()) if contender == "ctypes" else None
        self.ctypes_fax = ctypes_fax
        self._setup()

    def _setup(self):
        # The queue is filled with winfax for both (see workload.py); the
        # ctypes contender then opens its own connection.
        self.filler, self.job_id = fresh_service(self.document, self.jobs)
        if self.contender == "winfax":
            self.server = self.filler
            self.params = self.winfax.JobParam(**job_fields(0))
            self.fields = self.winfax.JobEntry._fields
            self.connect = self.winfax.connect
        else:
            self.server = self.fax.connect()
            self.params = self.ctypes_fax.JobParam(**job_fields(0))
            self.fields = tuple(self.ctypes_fax.JobEntry.__dataclass_fields__)
            self.connect = self.fax.connect
        if self.latency_us:
            self.simulator.set_latency(self.latency_us / 1e6)

    def _teardown(self):
        self.simulator.set_latency(0)
        if self.server is not self.filler:
            self.server.close()
        self.filler.close()

    def _run(self, threads):
        if self.op == "connect_close":
            connect = self.connect

            def body():
                connect().close()
        else:
            body = _python_body(self.op, self.server, self.job_id, self.document,
                                self.params, self.fields)
        return _timed_loops(body, threads)

    def time_func(self, threads):
        run = self._run(threads)
        if self.op != "send_document":
            return run
        current = [run]

        def run_then_restore(loops):
            # Each call queues a job: put the queue back after timing so
            # every batch starts from the same state (floor.c does too).
            elapsed = current[0](loops)
            self._teardown()
            self._setup()
            current[0] = self._run(threads)
            return elapsed

        return run_then_restore


def make(op, contender, jobs, threads, latency_us, workdir):
    document = os.path.join(workdir, "page.tif")
    if contender == "floor":
        floor = Floor(os.path.join(workdir, "floor"), document, jobs, latency_us)
        return floor.time_func(op, threads)
    return PythonContender(contender, op, document, jobs, latency_us).time_func(threads)
