"""The wheel matrix: cibuildwheel's own reading of pyproject.toml.
`--print-build-identifiers` works on Linux for every platform without
building anything, so the matrix is checked here, not discovered in CI."""

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {
    "windows": {
        f"{py}-{arch}"
        for py in ("cp311", "cp313t", "cp314t")
        for arch in ("win32", "win_amd64", "win_arm64")
    },
    "linux": {
        f"{py}-manylinux_{arch}"
        for py in ("cp311", "cp313t", "cp314t")
        for arch in ("x86_64", "aarch64")
    },
    "macos": {
        f"{py}-macosx_{arch}"
        for py in ("cp311", "cp313t", "cp314t")
        for arch in ("x86_64", "arm64")
    },
}


def cibuildwheel():
    """argv that runs cibuildwheel: the console script of this interpreter's
    installation (bin/ or Scripts\\, as sysconfig says), else the module
    (test dependencies unpacked rather than installed, as in the Windows
    run under Wine)."""
    folders = os.pathsep.join([sysconfig.get_path("scripts"), str(Path(sys.executable).parent)])
    exe = shutil.which("cibuildwheel", path=folders)
    if exe is not None:
        return [exe]
    if importlib.util.find_spec("cibuildwheel") is not None:
        return [sys.executable, "-m", "cibuildwheel"]
    pytest.skip("cibuildwheel is a test dependency: pip install -e '.[test]'")


@pytest.mark.parametrize("platform", sorted(EXPECTED))
def test_build_identifiers(platform):
    proc = subprocess.run(
        [*cibuildwheel(), "--print-build-identifiers", "--platform", platform],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert set(proc.stdout.split()) == EXPECTED[platform]


def test_one_abi3_wheel_per_architecture_serves_later_pythons():
    # cp311 is the only GIL-enabled build: its abi3 wheel covers 3.12+.
    config = (ROOT / "pyproject.toml").read_text()
    assert 'build = ["cp311-*", "cp313t-*", "cp314t-*"]' in config
    setup = (ROOT / "setup.py").read_text()
    assert 'LIMITED_API_HEX = "0x030B0000"' in setup
    assert '"py_limited_api": "cp311"' in setup
