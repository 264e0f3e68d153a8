"""The benchmark suite (benchmarks/run.py) runs end to end.

Each benchmark runs once with tiny sizes (`--quick`: one value, one loop,
one process each), which takes seconds.  Only the structure of the output
is checked: timings on a shared machine say nothing, so nothing here
asserts a speed.  pyperf is a benchmark-only requirement
(benchmarks/requirements.txt); without it, or without gcc, this is skipped.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"
CONTENDERS = ("floor", "winfax", "ctypes")

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the benchmarks measure the simulator"
)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    pytest.importorskip("pyperf")
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    # run.py measures this checkout's in-place build (it refuses any other
    # winfax), so it can only run when that is the winfax under test.
    import winfax

    if Path(winfax.__file__).resolve().parent != ROOT / "winfax":
        pytest.skip("the benchmarks measure the source tree's in-place build; "
                    "the winfax under test is installed elsewhere")
    if not (ROOT / "winfax" / "libfaxsim.so").exists():
        pytest.skip("the simulator is not built (python3 setup.py build_ext --inplace)")
    out = tmp_path_factory.mktemp("bench")
    # valgrind on the C floor alone is quick; on Python it takes minutes.
    callgrind = "floor" if shutil.which("valgrind") else ""
    proc = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--quiet", "--results-dir", str(out),
         "--callgrind-contenders", callgrind],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads((out / "results.json").read_text())
    data["_table"] = (out / "results.md").read_text()
    data["_callgrind"] = callgrind
    return data


def test_every_operation_has_every_contender(results):
    timings = results["timings"]
    expected = {
        "connect_close", "get_job", "jobs_10", "jobs_100", "jobs_300", "ports",
        "configuration", "send_document", "jobs_read_one_100", "jobs_read_all_100",
        "get_job_latency_1_thread", "get_job_latency_2_threads",
    }
    assert set(timings) == expected
    for key, row in timings.items():
        for contender in CONTENDERS:
            assert row[contender]["median_ns"] > 0, (key, contender)
            assert row[contender]["values"] >= 1
        assert row["winfax_overhead_ns"] == pytest.approx(
            row["winfax"]["median_ns"] - row["floor"]["median_ns"])
        assert row["ctypes_overhead_ns"] == pytest.approx(
            row["ctypes"]["median_ns"] - row["floor"]["median_ns"])
        if row["op"].startswith("jobs"):
            assert set(row["per_job_ns"]) == set(CONTENDERS)


def test_memory_is_reported_per_contender(results):
    for contender in ("winfax", "ctypes"):
        m = results["memory"][contender]
        assert m["jobs"] == 300
        assert m["tracemalloc_peak"] >= m["tracemalloc_retained"] > 0
        assert m["own_size"] > 0


def test_threads_and_targets(results):
    for contender in CONTENDERS:
        row = results["threads"][contender]
        assert row["one_thread_calls_per_s"] > 0 and row["two_threads_calls_per_s"] > 0
    names = " ".join(t["target"] for t in results["targets"])
    for word in ("connect_close", "get_job", "faster than ctypes", "within 1.3x",
                 "peak memory", "2 threads"):
        assert word in names
    assert all(isinstance(t["met"], bool) for t in results["targets"])


def test_instructions_and_machine(results):
    if results["_callgrind"]:
        for op in ("connect_close", "get_job"):
            assert results["instructions"][op]["floor"] > 0
    machine = results["machine"]
    for key in ("cpu", "cores", "python", "date"):
        assert machine[key]
    assert results["command"].startswith("python3 benchmarks/run.py")


def test_table_is_written(results):
    table = results["_table"]
    assert "| operation | floor (C) | winfax | ctypes |" in table
    assert "Targets:" in table
