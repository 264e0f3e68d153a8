"""Subprocesses started by the tests import the winfax under test (see
pyproc), also when they start in the source tree and the tests run
against an installed wheel."""

import subprocess
from pathlib import Path

import pyproc
import winfax

ROOT = Path(__file__).resolve().parent.parent


def imported_by_subprocess(cwd, *args):
    proc = subprocess.run(pyproc.python(*args), cwd=cwd, env=pyproc.env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip()).resolve()


def test_python_c_imports_the_winfax_under_test():
    # The source tree's root is the worst place to start: its winfax/ would
    # shadow an installed one if the cwd came first on sys.path.
    for cwd in (ROOT, ROOT / "tests"):
        found = imported_by_subprocess(cwd, "-c", "import winfax; print(winfax.__file__)")
        assert found == Path(winfax.__file__).resolve(), cwd


def test_python_m_winfax_runs_the_winfax_under_test(tmp_path):
    script = tmp_path / "where.py"
    script.write_text("import winfax.__main__, sys\nprint(sys.modules['winfax'].__file__)\n")
    found = imported_by_subprocess(ROOT, script)
    assert found == Path(winfax.__file__).resolve()
