"""mypy --strict accepts a typical user script (tests/typing/user_script.py,
which also drives winfax.simulator) against winfax's types, as a user runs
it: from a directory outside the checkout; and winfax.simulator's own code,
as checked for each platform."""

import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

import pyproc
import winfax

SCRIPT = Path(__file__).resolve().parent / "typing" / "user_script.py"


def mypy_strict(script, tmp_path, env=None):
    """mypy --strict on `script` from tmp_path (see mypy_strict_on)."""
    return mypy_strict_on([script], tmp_path, env)


def mypy_strict_on(targets, tmp_path, env=None):
    """mypy --strict on `targets` (its command line's files and options)
    from tmp_path: mypy also searches its current directory, so running it
    in the source tree would check that tree's winfax/ instead of the one
    installed.  `env` defaults to pyproc.env() (the winfax under test,
    wherever it is)."""
    if env is None:
        env = pyproc.env()
    return subprocess.run(
        pyproc.python("-m", "mypy", "--strict", "--no-incremental", "--python-version",
                      "3.11", "--cache-dir", tmp_path / ".mypy_cache", *targets),
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )


def install_kind():
    """How winfax is installed in this interpreter: "editable", "normal"
    (a wheel or sdist), or None (the tests import a source tree through
    PYTHONPATH, which no user's mypy would see)."""
    try:
        dist = metadata.distribution("winfax")
    except metadata.PackageNotFoundError:
        return None
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    return "editable" if direct_url.get("dir_info", {}).get("editable") else "normal"


@pytest.fixture
def needs_mypy():
    pytest.importorskip("mypy", reason="mypy is a test dependency: pip install -e '.[test]'")


def test_user_script_passes_mypy_strict(tmp_path, needs_mypy):
    # Against the winfax under test, wherever it is (pyproc's PYTHONPATH
    # names a source tree the tests run from).
    proc = mypy_strict(SCRIPT, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_the_installed_winfax_as_a_user_has_it(tmp_path, needs_mypy):
    # No PYTHONPATH: only what the installation put in site-packages.  The
    # README's editable install (`pip install -e '.[test]'`) must give mypy
    # a path it can follow (setup.py makes it a strict, .pth-based one: the
    # default's import hook is invisible to mypy), and so must a wheel.  CI
    # runs this test in both: the README's editable target and the matrix's
    # wheel targets.
    kind = install_kind()
    if kind is None:
        pytest.skip("winfax is not installed in this interpreter (the tests import a "
                    "source tree through PYTHONPATH)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    proc = mypy_strict(SCRIPT, tmp_path, env)
    assert proc.returncode == 0, f"{kind} install:\n{proc.stdout}{proc.stderr}"


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_the_simulator_module_passes_mypy_strict(platform, tmp_path, needs_mypy):
    # The user script only sees signatures: mypy checks no code of an
    # imported package.  Named with -m, the modules' own code is checked
    # (the state store's too), wherever winfax is installed, with each
    # platform's branches (a platform-only line's `type: ignore` must also
    # say unused-ignore).
    proc = mypy_strict_on(["--platform", platform, "-m", "winfax.simulator",
                        "-m", "winfax._state_store"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_simulator_module_exports_only_its_api():
    simulator = pytest.importorskip("winfax.simulator")
    public = {name for name in vars(simulator) if not name.startswith("_")}
    # The standard library modules it uses are imported under private names.
    assert public.isdisjoint({"os", "sys", "ctypes", "fcntl", "msvcrt", "threading", "errno",
                              "contextlib", "collections", "datetime", "typing"})
    assert public == set(simulator.__all__)


def test_package_ships_its_type_information():
    package = Path(winfax.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_winfax.pyi").exists()
