"""mypy --strict accepts a typical user script against winfax's stubs."""

import subprocess
from pathlib import Path

import pytest

import pyproc
import winfax

SCRIPT = Path(__file__).resolve().parent / "typing" / "user_script.py"


def mypy_strict(script, tmp_path):
    """mypy --strict on `script` against the winfax under test: mypy also
    searches its current directory, so it runs in tmp_path, not in the
    source tree (whose winfax/ would be checked instead of a wheel's)."""
    return subprocess.run(
        pyproc.python("-m", "mypy", "--strict", "--no-incremental", "--python-version",
                      "3.11", "--cache-dir", tmp_path / ".mypy_cache", script),
        cwd=tmp_path, env=pyproc.env(), capture_output=True, text=True, timeout=300,
    )


def test_user_script_passes_mypy_strict(tmp_path):
    pytest.importorskip("mypy", reason="mypy is a test dependency: pip install -e '.[test]'")
    proc = mypy_strict(SCRIPT, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_package_ships_its_type_information():
    package = Path(winfax.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_winfax.pyi").exists()
