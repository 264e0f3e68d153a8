"""On a free-threaded CPython, importing winfax keeps the GIL off.

CPython turns the GIL back on, for the whole process and for good, when it
imports an extension module that does not declare Py_mod_gil =
Py_MOD_GIL_NOT_USED.  Each module of the package is imported alone in a
fresh interpreter, so the one that would switch it on is named, and the
check does not depend on what an earlier import already did."""

import pkgutil
import subprocess
import sys
import sysconfig

import pytest

import pyproc
import winfax

FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))

pytestmark = pytest.mark.skipif(
    not FREE_THREADED, reason="a GIL build of CPython (the check is for free-threaded builds)"
)


def winfax_modules():
    """Every module of the installed package, found on disk, so a module
    added later is checked without editing this list."""
    names = {"winfax"}
    for info in pkgutil.walk_packages(winfax.__path__, "winfax."):
        names.add(info.name)
    # libfaxsim is the simulator's C library, which sits beside _winfax and
    # looks like an extension module to pkgutil; it is not a Python module.
    names = {name for name in names if name.rsplit(".", 1)[-1] != "libfaxsim"}
    if sys.platform == "win32":
        names.discard("winfax.simulator")   # raises ImportError there by design
    return sorted(names)


MODULES = winfax_modules()


def test_the_module_list_is_complete():
    # A broken walk must not make the parametrised test below vacuous.
    expected = {"winfax", "winfax._winfax", "winfax._enums", "winfax._events",
                "winfax.__main__", "winfax.cli", "winfax.cli.main", "winfax.cli.progress"}
    if sys.platform != "win32":
        expected.add("winfax.simulator")
    assert expected <= set(MODULES)


def gil_enabled_after_importing(module):
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(sys._is_gil_enabled())\n"
    )
    # PYTHON_GIL=1 in the environment would force the GIL on by itself.
    proc = subprocess.run(pyproc.python("-c", code), env=pyproc.env(PYTHON_GIL=None),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"importing {module} failed:\n{proc.stderr}"
    return proc.stdout.strip() != "False", proc.stderr


def test_importing_any_winfax_module_keeps_the_gil_disabled():
    # One fresh interpreter per module: the GIL, once on, stays on, so only
    # a module imported alone can be blamed for it.
    culprits = {}
    for module in MODULES:
        enabled, stderr = gil_enabled_after_importing(module)
        if enabled:
            culprits[module] = stderr
    assert culprits == {}, "these imports enabled the GIL"
