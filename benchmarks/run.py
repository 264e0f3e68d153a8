"""The winfax benchmark suite: floor (C), winfax and ctypes, per operation,
all against the simulator library of this checkout (winfax/libfaxsim.so).

    python3 -m venv .venv && .venv/bin/pip install -e '.[test]'
    .venv/bin/python benchmarks/run.py

writes benchmarks/results.json and the results section of
benchmarks/README.md.  Options besides pyperf's own (-p, -n, -w, --fast,
--rigorous, -o raw.json, ...):

    --quick              tiny sizes, one value per benchmark (the smoke test)
    --results-dir DIR    where results.json (and results.md, or the README
                         section when DIR is benchmarks/) go
    --callgrind-contenders floor,winfax,ctypes
                         which contenders to count instructions of ("" for
                         none; needs valgrind)

The editable install builds the extension in place (as would python3
setup.py build_ext --inplace) and brings pyperf (benchmarks/requirements.txt
lists it): this measures the winfax package of this checkout, not an
installed one.
"""

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# This checkout's winfax, ahead of any installed copy.
sys.path.insert(1, ROOT)

import pyperf  # noqa: E402

import contenders  # noqa: E402
from workload import write_document  # noqa: E402

COMMAND = "python3 benchmarks/run.py"
README = os.path.join(HERE, "README.md")
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"

# pyperf settings of a full run: worker processes per benchmark, values per
# process (after one warm-up), each value at least MIN_TIME seconds of
# calibrated loops.  The 100,000-job enumerations take seconds per value
# (ctypes), so they get fewer processes.
PROCESSES, BIG_PROCESSES, VALUES, WARMUPS = 8, 3, 3, 1
LATENCY_US = 1000
CALLGRIND_LOOPS = (200, 1200)


def sizes(quick):
    """(jobs() queue sizes, queue size for the field-reading benchmarks,
    queue size for the memory measurement)."""
    if quick:
        return (10, 100, 300), 100, 300
    return (10, 1_000, 100_000), 1_000, 100_000


def benchmarks(quick):
    """Every benchmark: (key, op, queued jobs, threads, latency_us).  The
    list is the same in the manager and in every worker: pyperf runs the
    N-th one in the N-th worker task."""
    job_sizes, read_size, _ = sizes(quick)
    out = [("connect_close", "connect_close", 0, 1, 0), ("get_job", "get_job", 10, 1, 0)]
    out += [(f"jobs_{n}", "jobs", n, 1, 0) for n in job_sizes]
    out += [
        ("ports", "ports", 0, 1, 0),
        ("configuration", "configuration", 0, 1, 0),
        ("send_document", "send_document", 0, 1, 0),
        (f"jobs_read_one_{read_size}", "jobs_read_one", read_size, 1, 0),
        (f"jobs_read_all_{read_size}", "jobs_read_all", read_size, 1, 0),
        ("get_job_latency_1_thread", "get_job", 10, 1, LATENCY_US),
        ("get_job_latency_2_threads", "get_job", 10, 2, LATENCY_US),
    ]
    return out


def add_cmdline_args(cmd, args):
    cmd.extend(["--workdir", args.workdir])
    if args.quick:
        cmd.append("--quick")


# ---- preparation (manager only) ------------------------------------------------------


def build_floor(workdir):
    """Compile floor.c with gcc -O2 against this checkout's libfaxsim."""
    import winfax

    package = os.path.dirname(winfax.__file__)
    exe = os.path.join(workdir, "floor")
    cmd = [
        "gcc", "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror",
        "-I", os.path.join(ROOT, "src"), os.path.join(HERE, "floor.c"), "-o", exe,
        "-L", package, "-lfaxsim", f"-Wl,-rpath,{package}", "-pthread",
    ]
    subprocess.run(cmd, check=True)
    return exe


def check_checkout():
    import winfax

    where = os.path.dirname(os.path.abspath(winfax.__file__))
    if where != os.path.join(ROOT, "winfax"):
        sys.exit(f"run.py measures this checkout's winfax, but imported {where}")
    if winfax.backend != "simulator":
        sys.exit("the benchmarks need the simulator backend (not Windows)")


# ---- measurements outside pyperf -----------------------------------------------------


def memory(workdir, jobs):
    result = {}
    for contender in ("winfax", "ctypes"):
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "memory.py"), contender, str(jobs),
             os.path.join(workdir, "page.tif")],
            capture_output=True, text=True, check=True,
        )
        result[contender] = json.loads(proc.stdout)
    return result


def faults(workdir, quick):
    """User/system time and page faults per job of winfax's jobs() at the
    two larger queue sizes (rusage; see faults.py)."""
    job_sizes, _, _ = sizes(quick)
    out = []
    for jobs in job_sizes[1:]:
        calls = max(3, 2_000_000 // jobs) if not quick else 1
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "faults.py"), str(jobs), str(calls),
             os.path.join(workdir, "page.tif")],
            capture_output=True, text=True, check=True,
        )
        out.append(json.loads(proc.stdout))
    return out


def callgrind_total(cmd, out_file):
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", *cmd],
        check=True, capture_output=True, env=env,
    )
    with open(out_file) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no instruction total in {out_file}")


def instructions(workdir, chosen):
    """Instructions per call (valgrind callgrind, Ir): each command runs
    with two loop counts; the difference cancels start-up and setup."""
    if not chosen or shutil.which("valgrind") is None:
        return {}
    jobs = []
    for op in ("connect_close", "get_job"):
        for contender in chosen:
            for loops in CALLGRIND_LOOPS:
                if contender == "floor":
                    cmd = [os.path.join(workdir, "floor"), "once",
                           os.path.join(workdir, "page.tif"), op, str(loops), "10"]
                else:
                    cmd = [sys.executable, os.path.join(HERE, "instructions.py"), contender,
                           op, str(loops), workdir]
                out = os.path.join(workdir, f"callgrind.{op}.{contender}.{loops}")
                jobs.append(((op, contender, loops), cmd, out))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        totals = dict(zip([j[0] for j in jobs],
                          pool.map(lambda j: callgrind_total(j[1], j[2]), jobs)))
    low, high = CALLGRIND_LOOPS
    result = {}
    for op in ("connect_close", "get_job"):
        row = {c: (totals[op, c, high] - totals[op, c, low]) / (high - low) for c in chosen}
        if {"floor", "winfax", "ctypes"} <= set(row):
            row["winfax_overhead"] = row["winfax"] - row["floor"]
            row["ctypes_overhead"] = row["ctypes"] - row["floor"]
            row["overhead_ratio"] = row["ctypes_overhead"] / row["winfax_overhead"]
        result[op] = row
    return result


# ---- the report ----------------------------------------------------------------------


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    gcc = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
        "gcc": gcc.splitlines()[0] if gcc else "",
        "pyperf": pyperf.__version__,
        "commit": commit,
        "date": datetime.date.today().isoformat(),
    }


def summarise(benches, quick):
    """Medians and overheads per operation, in nanoseconds."""
    timings = {}
    for key, op, jobs, threads, latency in benchmarks(quick):
        row = {"op": op, "jobs": jobs, "threads": threads, "latency_us": latency}
        for contender in contenders.CONTENDERS:
            bench = benches.get(f"{key}[{contender}]")
            if bench is None:
                continue
            values = bench.get_values()
            row[contender] = {
                "median_ns": bench.median() * 1e9,
                "stdev_ns": (bench.stdev() * 1e9) if len(values) > 1 else 0.0,
                "values": len(values),
                "loops": bench.get_loops(),
            }
        if all(c in row for c in contenders.CONTENDERS):
            floor = row["floor"]["median_ns"]
            row["winfax_overhead_ns"] = row["winfax"]["median_ns"] - floor
            row["ctypes_overhead_ns"] = row["ctypes"]["median_ns"] - floor
            row["overhead_ratio"] = (row["ctypes_overhead_ns"] / row["winfax_overhead_ns"]
                                     if row["winfax_overhead_ns"] > 0 else None)
            row["winfax_speedup"] = row["ctypes"]["median_ns"] / row["winfax"]["median_ns"]
            if op.startswith("jobs"):
                row["per_job_ns"] = {c: row[c]["median_ns"] / jobs for c in contenders.CONTENDERS}
        timings[key] = row
    return timings


def threads_summary(timings):
    one, two = timings["get_job_latency_1_thread"], timings["get_job_latency_2_threads"]
    out = {"latency_ms": LATENCY_US / 1000, "call": "get_job"}
    for contender in contenders.CONTENDERS:
        if contender in one and contender in two:
            # A value is the wall time per call over all threads' calls.
            t1, t2 = one[contender]["median_ns"], two[contender]["median_ns"]
            out[contender] = {
                "one_thread_calls_per_s": 1e9 / t1,
                "two_threads_calls_per_s": 1e9 / t2,
                "speedup": t1 / t2,
            }
    return out


def targets(timings, instr, mem, thr, quick):
    job_sizes, _, _ = sizes(quick)
    mid, big = job_sizes[1], job_sizes[2]
    out = []

    def target(name, bar, value, met, note=""):
        out.append({"target": name, "bar": bar, "value": value, "met": bool(met), "note": note})

    for op in ("connect_close", "get_job"):
        row = timings[op]
        # Reported even when it cannot be computed (winfax's median not above
        # the floor's, which timing noise on a loaded machine can cause), so
        # that a run never silently drops a target.
        ratio = row.get("overhead_ratio")
        target(f"{op}: winfax overhead <= 1/10 of ctypes' (time)", ">= 10",
               ratio, ratio is not None and ratio >= 10,
               "" if ratio is not None else
               "not measurable in this run: winfax's median was not above the floor's")
        if "overhead_ratio" in instr.get(op, {}):
            ratio = instr[op]["overhead_ratio"]
            target(f"{op}: winfax overhead <= 1/10 of ctypes' (instructions)", ">= 10",
                   ratio, ratio >= 10)
    row = timings[f"jobs_{big}"]
    if "winfax_speedup" in row:
        target(f"jobs() at {big:,} jobs: >= 20x faster than ctypes+dataclasses", ">= 20",
               row["winfax_speedup"], row["winfax_speedup"] >= 20)
        growth = row["per_job_ns"]["winfax"] / timings[f"jobs_{mid}"]["per_job_ns"]["winfax"]
        floor_growth = row["per_job_ns"]["floor"] / timings[f"jobs_{mid}"]["per_job_ns"]["floor"]
        target(f"jobs(): winfax ns/job at {big:,} within 1.3x of at {mid:,}", "<= 1.3",
               growth, growth <= 1.3, f"the floor's own growth: {floor_growth:.2f}x")
    if "winfax" in mem:
        m = mem["winfax"]
        ratio = m["tracemalloc_peak"] / m["own_size"]
        target(f"jobs() at {m['jobs']:,} jobs: peak memory <= the objects' own size",
               "<= 1.0", ratio, ratio <= 1.0 + 1e-3,
               "tracemalloc peak / sys.getsizeof total")
    if "winfax" in thr:
        s = thr["winfax"]["speedup"]
        target("2 threads, 1 ms latency: >= 1.8x the throughput of 1 thread", ">= 1.8",
               s, s >= 1.8)
    return out


def fmt_ns(ns):
    if ns is None:
        return "-"
    if abs(ns) >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if abs(ns) >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def fmt_ratio(x):
    return "-" if x is None else f"{x:.1f}x"


LABELS = {
    "connect_close": "connect() + close()",
    "get_job": "get_job()",
    "ports": "ports()",
    "configuration": "configuration()",
    "send_document": "send_document() of a 1-page TIFF",
}


def label(key, row):
    if row["op"] == "jobs":
        return f"jobs(), {row['jobs']:,} jobs (per job)"
    if row["op"] == "jobs_read_one":
        return f"jobs() + read queue_status of each, {row['jobs']:,} jobs (per job)"
    if row["op"] == "jobs_read_all":
        return f"jobs() + read every field of each, {row['jobs']:,} jobs (per job)"
    if row["latency_us"]:
        n = row["threads"]
        return f"get_job(), 1 ms latency, {n} thread{'s' if n > 1 else ''} (per call)"
    return LABELS.get(key, key)


def markdown(results):
    m, t = results["machine"], results["timings"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), {m['os']}, "
        f"{m['implementation']} {m['python']}, {m['gcc']}, pyperf {m['pyperf']}, "
        f"winfax at commit {m['commit'] or '?'} (with the working tree's changes). "
        f"Suite runtime: {results['runtime_seconds'] / 60:.1f} min.",
        "",
        f"Command: `{results['command']}`",
        "",
        "Median of all values (pyperf: calibrated loops, "
        f"{results['settings']['warmups']} warm-up per process, "
        f"{results['settings']['values']} values per process, "
        f"{results['settings']['processes']} processes; "
        f"{results['settings']['big_processes']} for the 100,000-job enumerations). "
        "Overhead = contender - floor.",
        "",
        "| operation | floor (C) | winfax | ctypes | winfax overhead | ctypes overhead "
        "| overhead ratio (ctypes / winfax) | winfax speed-up over ctypes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, row in t.items():
        if not all(c in row for c in contenders.CONTENDERS):
            continue
        div = row["jobs"] if row["op"].startswith("jobs") else 1
        cells = [fmt_ns(row[c]["median_ns"] / div) for c in contenders.CONTENDERS]
        lines.append(
            f"| {label(key, row)} | " + " | ".join(cells)
            + f" | {fmt_ns(row['winfax_overhead_ns'] / div)}"
            + f" | {fmt_ns(row['ctypes_overhead_ns'] / div)}"
            + f" | {fmt_ratio(row['overhead_ratio'])} | {fmt_ratio(row['winfax_speedup'])} |"
        )
    instr = results["instructions"]
    if instr:
        lines += [
            "",
            "Instructions per call (valgrind --tool=callgrind, Ir; "
            f"{CALLGRIND_LOOPS[1]} calls minus {CALLGRIND_LOOPS[0]} calls, so start-up "
            "and setup cancel out):",
            "",
            "| operation | floor | winfax | ctypes | winfax overhead | ctypes overhead | ratio |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for op, row in instr.items():
            cell = [f"{row[c]:,.0f}" if c in row else "-" for c in contenders.CONTENDERS]
            extra = (f"{row['winfax_overhead']:,.0f} | {row['ctypes_overhead']:,.0f} | "
                     f"{row['overhead_ratio']:.1f}x" if "overhead_ratio" in row else "- | - | -")
            lines.append(f"| {LABELS[op]} | " + " | ".join(cell) + f" | {extra} |")
    mem = results["memory"]
    if mem:
        n = mem["winfax"]["jobs"]
        lines += [
            "",
            f"Memory of one jobs() call with {n:,} jobs, bytes per job (fresh process; "
            "tracemalloc peak = the most Python-heap memory in use during the call; "
            "retained = still allocated with the result alive; own size = sys.getsizeof "
            "of the list, records and distinct field values; RSS = resident set growth "
            "across the call, measured separately without tracemalloc):",
            "",
            "| contender | tracemalloc peak | retained | own size | RSS growth |",
            "|---|---:|---:|---:|---:|",
        ]
        for contender in ("winfax", "ctypes"):
            r = mem[contender]
            lines.append(
                f"| {contender} | {r['tracemalloc_peak'] / n:,.0f} | "
                f"{r['tracemalloc_retained'] / n:,.0f} | {r['own_size'] / n:,.0f} | "
                f"{r['rss_delta'] / n:,.0f} |"
            )
    rusage = results["jobs_rusage"]
    if rusage:
        lines += [
            "",
            "Where winfax's jobs() time goes as the queue grows (getrusage around "
            "repeated calls in one process, simulator included, per job):",
            "",
            "| jobs | wall | user CPU | system CPU | page faults |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in rusage:
            lines.append(f"| {r['jobs']:,} | {fmt_ns(r['wall_ns_per_job'])} | "
                         f"{fmt_ns(r['user_ns_per_job'])} | {fmt_ns(r['system_ns_per_job'])} | "
                         f"{r['page_faults_per_job']:.3f} |")
    thr = results["threads"]
    lines += [
        "",
        "Blocking calls with the simulator's latency set to 1 ms (get_job(); "
        "the simulator sleeps with nanosleep, which here takes longer than asked):",
        "",
        "| contender | 1 thread (calls/s) | 2 threads (calls/s) | speed-up |",
        "|---|---:|---:|---:|",
    ]
    for contender in contenders.CONTENDERS:
        if contender in thr:
            r = thr[contender]
            lines.append(f"| {contender} | {r['one_thread_calls_per_s']:,.0f} | "
                         f"{r['two_threads_calls_per_s']:,.0f} | {r['speedup']:.2f}x |")
    lines += ["", "Targets:", "", "| target | bar | measured | met |", "|---|---|---:|---|"]
    for tg in results["targets"]:
        note = f" ({tg['note']})" if tg["note"] else ""
        lines.append(f"| {tg['target']} | {tg['bar']} | {'-' if tg['value'] is None else format(tg['value'], '.2f')}{note} | "
                     f"{'yes' if tg['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def write_results(results, results_dir):
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=False)
        f.write("\n")
    table = markdown(results)
    readme = os.path.join(results_dir, "README.md")
    if os.path.abspath(results_dir) == HERE and os.path.exists(readme):
        with open(readme) as f:
            text = f.read()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            with open(readme, "w") as f:
                f.write(head + BEGIN + "\n" + table + END + tail)
            return
    with open(os.path.join(results_dir, "results.md"), "w") as f:
        f.write(table)


# ---- main ----------------------------------------------------------------------------


def main():
    started = time.monotonic()
    quick = "--quick" in sys.argv
    if quick and "--worker" not in sys.argv and "--debug-single-value" not in sys.argv:
        # One value, one loop, one process per benchmark: seconds, not minutes.
        sys.argv.append("--debug-single-value")
    runner = pyperf.Runner(processes=PROCESSES, values=VALUES, warmups=WARMUPS,
                           add_cmdline_args=add_cmdline_args)
    parser = runner.argparser
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, one value per benchmark (smoke test)")
    parser.add_argument("--workdir", help="(internal) compiled floor and the document")
    parser.add_argument("--results-dir", default=HERE,
                        help="where results.json and the table go (default: benchmarks/)")
    parser.add_argument("--callgrind-contenders", default="floor,winfax,ctypes",
                        help="contenders whose instructions callgrind counts ('' for none)")
    args = runner.parse_args()

    temp = None
    if not args.worker:
        check_checkout()
        temp = tempfile.TemporaryDirectory(prefix="winfax-bench-")
        args.workdir = temp.name
        build_floor(args.workdir)
        write_document(os.path.join(args.workdir, "page.tif"))

    processes = args.processes
    benches = {}
    for key, op, jobs, threads, latency in benchmarks(quick):
        big = jobs >= 100_000
        for contender in contenders.CONTENDERS:
            if not args.worker and not quick:
                args.processes = min(processes, BIG_PROCESSES) if big else processes
            factory = {}

            def time_func(loops, op=op, contender=contender, jobs=jobs, threads=threads,
                          latency=latency, factory=factory):
                # Built on first use, in the worker that measures it.
                if "run" not in factory:
                    factory["run"] = contenders.make(op, contender, jobs, threads, latency,
                                                     args.workdir)
                return factory["run"](loops)

            bench = runner.bench_time_func(f"{key}[{contender}]", time_func,
                                           inner_loops=threads)
            if bench is not None:
                benches[f"{key}[{contender}]"] = bench
    args.processes = processes
    if args.worker:
        return

    timings = summarise(benches, quick)
    chosen = [c for c in args.callgrind_contenders.split(",") if c]
    instr = instructions(args.workdir, chosen)
    mem = memory(args.workdir, sizes(quick)[2])
    rusage = faults(args.workdir, quick)
    thr = threads_summary(timings)
    results = {
        "machine": machine(),
        "command": COMMAND + (" --quick" if quick else ""),
        "quick": quick,
        "settings": {"processes": processes, "big_processes": min(processes, BIG_PROCESSES),
                     "values": args.values, "warmups": args.warmups,
                     "min_time_s": args.min_time},
        "timings": timings,
        "instructions": instr,
        "memory": mem,
        "jobs_rusage": rusage,
        "threads": thr,
    }
    results["targets"] = targets(timings, instr, mem, thr, quick)
    results["runtime_seconds"] = time.monotonic() - started
    write_results(results, args.results_dir)
    temp.cleanup()
    print(f"\nwrote {os.path.join(args.results_dir, 'results.json')} "
          f"in {results['runtime_seconds']:.0f} s")


if __name__ == "__main__":
    main()
