"""Runs tests/faxsim/sim_smoke.c, a C client of the fax service simulator.

The C program calls every simulated WinFax.dll function directly (no
binding in between), checks the documented results and errors, and exits
non-zero if any check fails; its output names each check.  It runs in its
own process, so it has the simulator to itself.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import winfax

ROOT = Path(__file__).resolve().parents[1]
# The simulator library of the winfax under test (a wheel's, when testing
# an installed wheel); the headers come from the source tree.
PACKAGE = Path(winfax.__file__).resolve().parent
SOURCE = ROOT / "tests" / "faxsim" / "sim_smoke.c"
LIBRARY = PACKAGE / ("libfaxsim.dylib" if sys.platform == "darwin" else "libfaxsim.so")

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="builds the simulator's C client with the host gcc against libfaxsim.so; on "
    "Windows the simulator is WINFAX.dll, whose C client (tests/faxsim/win_smoke.c) is "
    "cross-built and run under Wine by .ci/windows",
)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    if not LIBRARY.exists():
        pytest.skip(f"{LIBRARY.name} is not built (python3 setup.py build_ext --inplace)")
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed")
    exe = tmp_path_factory.mktemp("faxsim") / "sim_smoke"
    cmd = [
        gcc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-g",
        "-I", str(ROOT / "src"), "-I", str(ROOT / "src" / "faxsim"),
        str(SOURCE), "-o", str(exe),
        "-L", str(PACKAGE), "-lfaxsim", f"-Wl,-rpath,{PACKAGE}", "-pthread",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, f"sim_smoke.c does not compile:\n{proc.stderr}"
    return exe


def test_every_simulated_function_behaves_as_documented(smoke):
    proc = subprocess.run([str(smoke)], capture_output=True, text=True, timeout=120)
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert proc.returncode == 0 and not failed, (
        f"exit status {proc.returncode}\n" + "\n".join(failed) + proc.stderr
    )
    assert proc.stdout.rstrip().endswith("0 failure(s)")
