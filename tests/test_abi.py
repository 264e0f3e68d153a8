"""Checks that src/winfax_abi.h matches the real WinFax.dll client ABI.

Compiling is the test: winfax_layout.h holds static assertions for every
struct size and field offset, and tests/abi/call_every_function.c calls each
declared function with arguments of the declared types.  Cross compiling
for Windows (mingw-w64) checks the x86 and x64 columns against the real
Windows base types, and linking against mingw-w64's libwinfax.a proves that
every declared name is exported by WinFax.dll.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
ABI_HEADER = SRC / "winfax_abi.h"
CALLER = ROOT / "tests" / "abi" / "call_every_function.c"

MINGW64 = "x86_64-w64-mingw32"
MINGW32 = "i686-w64-mingw32"

# -iquote rather than -I: src/ also holds the extension's own winerror.h,
# which would shadow the Windows <winerror.h> that <windows.h> includes.
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-iquote", str(SRC)]

# "WINAPI FaxName(" followed by the parameter list up to the closing ");".
PROTOTYPE = re.compile(r"\bWINAPI\s+(Fax\w+)\s*\(([^)]*)\)\s*;")


def declared_functions():
    """Map each function declared in winfax_abi.h to its parameter count."""
    text = ABI_HEADER.read_text()
    found = {}
    for name, params in PROTOTYPE.findall(text):
        params = params.strip()
        found[name] = 0 if params in ("", "void") else params.count(",") + 1
    assert len(found) >= 30, "prototype regex no longer matches winfax_abi.h"
    return found


def tool(triplet, name, package):
    path = shutil.which(f"{triplet}-{name}")
    if path is None:
        pytest.skip(f"{triplet}-{name} not installed (Debian package {package})")
    return path


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, (
        f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
        f"{proc.stdout}{proc.stderr}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def windows_exe(tmp_path_factory):
    """call_every_function.c built for x64 Windows and linked to WinFax.dll."""
    gcc = tool(MINGW64, "gcc", "gcc-mingw-w64-x86-64")
    exe = tmp_path_factory.mktemp("mingw64") / "call_every_function.exe"
    run([gcc, *CFLAGS, str(CALLER), "-o", str(exe), "-lwinfax"])
    return exe


def test_x64_links_against_winfax_import_library(windows_exe):
    assert windows_exe.is_file()


def test_x64_import_table_names_every_function(windows_exe):
    objdump = tool(MINGW64, "objdump", "binutils-mingw-w64-x86-64")
    dump = run([objdump, "-p", str(windows_exe)])
    # objdump lists each DLL's imports under "DLL Name: X" until a blank line.
    match = re.search(r"DLL Name: winfax\.dll\n(.*?)\n\s*\n", dump,
                      re.IGNORECASE | re.DOTALL)
    assert match, f"no WinFax.dll import section in:\n{dump}"
    imported = set(re.findall(r"^\s*[0-9a-f]+\s+\d+\s+(\w+)\s*$",
                              match.group(1), re.MULTILINE))
    declared = set(declared_functions())
    assert declared - imported == set(), "declared but not imported"
    assert imported - declared == set(), "imported but not declared"


def test_x86_compiles_with_stdcall_decorations(tmp_path):
    # No i686 libwinfax.a in Debian, so compile only: that still runs the
    # x86 layout asserts and checks each call against its prototype.
    gcc = tool(MINGW32, "gcc", "gcc-mingw-w64-i686")
    nm = tool(MINGW32, "nm", "binutils-mingw-w64-i686")
    obj = tmp_path / "call_every_function.o"
    run([gcc, *CFLAGS, "-c", str(CALLER), "-o", str(obj)])
    # WINAPI must really be __stdcall on x86: the import symbols then carry
    # "@<bytes of arguments>", 4 per parameter since every parameter of
    # this API is a 32-bit value or a pointer on x86.
    symbols = run([nm, "-u", str(obj)])
    decorated = dict(
        (name, int(size))
        for name, size in re.findall(r"__imp__(Fax\w+)@(\d+)", symbols)
    )
    expected = {name: 4 * n for name, n in declared_functions().items()}
    assert decorated == expected


def host_m32_flags(gcc, tmp_path):
    # Without 32-bit libc headers (libc6-dev-i386) plain -m32 cannot find
    # <stdint.h>; our headers need only gcc's own freestanding stdint.h and
    # stddef.h, so fall back to -ffreestanding before giving up.
    probe = tmp_path / "probe.c"
    probe.write_text("#include <stdint.h>\nint probe;\n")
    for flags in (["-m32"], ["-m32", "-ffreestanding"]):
        proc = subprocess.run([gcc, *flags, "-c", str(probe), "-o",
                               str(tmp_path / "probe.o")],
                              capture_output=True)
        if proc.returncode == 0:
            return flags
    pytest.skip("host gcc cannot target 32-bit x86 (Debian package gcc-multilib)")


@pytest.mark.parametrize("bits", ["native", "32"])
def test_host_layout_and_prototypes(bits, tmp_path):
    # Runs the layout asserts against our own base types (win32_base.h):
    # the native 64-bit host must match the x64 column, -m32 the x86 one.
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("host gcc not installed (Debian package gcc)")
    flags = host_m32_flags(gcc, tmp_path) if bits == "32" else []
    run([gcc, *flags, *CFLAGS, "-pedantic", "-fsyntax-only", "-x", "c",
         str(ABI_HEADER)])
    run([gcc, *flags, *CFLAGS, "-pedantic", "-c", str(CALLER), "-o",
         str(tmp_path / "call_every_function.o")])


def test_host_cplusplus_sees_same_layout():
    # winfax_layout.h switches to static_assert under C++; make sure that
    # branch compiles and agrees too.
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("host g++ not installed (Debian package g++)")
    run([gxx, "-std=c++11", "-Wall", "-Wextra", "-Werror", "-iquote",
         str(SRC), "-fsyntax-only", "-x", "c++", str(ABI_HEADER)])
