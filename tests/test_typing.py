"""mypy --strict accepts a typical user script against winfax's stubs."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_user_script_passes_mypy_strict():
    pytest.importorskip("mypy", reason="mypy is a test dependency: pip install -e '.[test]'")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--python-version", "3.11", "tests/typing/user_script.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_package_ships_its_type_information():
    assert (ROOT / "winfax" / "py.typed").exists()
    assert (ROOT / "winfax" / "_winfax.pyi").exists()
