"""The extension's C source, and its test module's (winfax._testhooks),
compile with the limited API (the default abi3 build) and without it
(free-threaded builds cannot use the limited API)."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The extension's sources, and those of its test module winfax._testhooks,
# which setup.py builds in the same mode.
SOURCES = sorted((ROOT / "src").glob("*.c")) + sorted((ROOT / "src" / "testhooks").glob("*.c"))
# This interpreter's headers refuse the limited API on a free-threaded build
# (Python.h stops with #error), so there only the full-API build exists.
FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


@pytest.mark.skipif(sys.platform != "linux" or shutil.which("gcc") is None,
                    reason="a Linux gcc check of the sources (Windows builds with MSVC)")
@pytest.mark.parametrize(
    "macros",
    [
        pytest.param(["-DPy_LIMITED_API=0x030B0000"], marks=pytest.mark.skipif(
            FREE_THREADED, reason="free-threaded CPython has no limited API; setup.py "
                                  "builds the full API there (the full-api case)")),
        [],
    ],
    ids=["limited-api-3.11", "full-api"],
)
def test_extension_sources_compile(macros):
    include = sysconfig.get_path("include")
    cmd = [
        "gcc", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror",
        "-fsyntax-only", f"-I{include}", f"-I{ROOT / 'src'}",
        '-DWINFAX_BACKEND="simulator"', *macros,
    ]
    for source in SOURCES:
        proc = subprocess.run([*cmd, str(source)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{source.name}:\n{proc.stderr}"
