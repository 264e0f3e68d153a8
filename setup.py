"""Build winfax._winfax, its test module winfax._testhooks and, off
Windows, the fax service simulator.

Everything declarative lives in pyproject.toml; this file only describes the
native parts, which need a decision per platform:

* Windows: _winfax links against the system's WinFax.lib with WinFax.dll
  delay-loaded (/DELAYLOAD), so the module imports on a machine without the
  Windows fax client and the first call says what to install
  (src/winfax_dll.c).
* Elsewhere: libfaxsim (src/faxsim/), a shared library exporting the same
  WinFax.dll client functions, is built first and installed inside the
  package; _winfax links against it with an rpath pointing at its own folder,
  exactly as it would link against WinFax.dll.

The default build uses the limited API (one abi3 wheel for CPython 3.11+).
Free-threaded interpreters cannot use it, so there, or with
WINFAX_LIMITED_API=0, the extension is built against the full API.

winfax._testhooks (src/testhooks/) is failure injection for the tests,
which must also run against an installed wheel, so it ships; nothing in
winfax imports it, and it reaches _winfax only through a private capsule
(src/test_hooks.h).  It is built in the same mode as _winfax.

WINFAX_PREBUILT_PYD=path/to/_winfax.pyd packs Windows extensions built
elsewhere instead of compiling anything (_testhooks.pyd is taken from the
same folder): CI cross-compiles the abi3 modules with mingw-w64 and tests
them under Wine (.ci/windows/), then builds the wheel from them on Linux.  Everything else in that wheel (files, metadata, entry
points) comes from this project exactly as for any other wheel; its platform
tag is read from the module's PE header.
"""

import os
import sys
import sysconfig
from glob import glob

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ON_WINDOWS = sys.platform == "win32"
ON_MACOS = sys.platform == "darwin"
FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
LIMITED_API = not FREE_THREADED and os.environ.get("WINFAX_LIMITED_API", "1") != "0"
LIMITED_API_HEX = "0x030B0000"  # CPython 3.11
PREBUILT_PYD = os.environ.get("WINFAX_PREBUILT_PYD") or None
# The simulator ships in every wheel except Windows ones.
BUILDS_SIMULATOR = not ON_WINDOWS and PREBUILT_PYD is None
# PE machine types -> wheel platform tags.
PE_PLATFORMS = {0x8664: "win_amd64", 0x014C: "win32", 0xAA64: "win_arm64"}

# Every C file in src/ (not src/faxsim/ or src/testhooks/) belongs to the
# extension.
EXTENSION_NAME = "winfax._winfax"
EXTENSION_SOURCES = sorted(glob("src/*.c"))
TESTHOOKS_NAME = "winfax._testhooks"
TESTHOOKS_SOURCES = sorted(glob("src/testhooks/*.c"))
SIMULATOR_SOURCES = sorted(glob("src/faxsim/*.c"))
SIMULATOR_NAME = "faxsim"

# gcc/clang: C11 and warnings; WINFAX_WERROR=1 (set by CI) makes them errors.
GCC_FLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"]
if os.environ.get("WINFAX_WERROR") == "1":
    GCC_FLAGS.append("-Werror")
# Sanitizer or coverage builds pass their flags here (e.g. -fsanitize=address).
EXTRA_FLAGS = os.environ.get("WINFAX_CFLAGS", "").split()


def prebuilt_platform(path):
    """The wheel platform of a Windows module, from its PE header."""
    with open(path, "rb") as module:
        head = module.read(4096)
    pe = int.from_bytes(head[0x3C:0x40], "little") if head[:2] == b"MZ" else -1
    if pe < 0 or head[pe:pe + 4] != b"PE\0\0":
        sys.exit(f"WINFAX_PREBUILT_PYD={path} is not a Windows DLL")
    machine = int.from_bytes(head[pe + 4:pe + 6], "little")
    if machine not in PE_PLATFORMS:
        sys.exit(f"WINFAX_PREBUILT_PYD={path}: unknown machine type 0x{machine:04x}")
    return PE_PLATFORMS[machine]


def simulator_filename():
    return f"lib{SIMULATOR_NAME}.dylib" if ON_MACOS else f"lib{SIMULATOR_NAME}.so"


class BuildExt(build_ext):
    """build_ext that builds the simulator library before the extension."""

    def build_extensions(self):
        if PREBUILT_PYD is not None:
            self._copy_prebuilt()
            return
        if BUILDS_SIMULATOR:
            self._build_simulator()
        super().build_extensions()

    def get_ext_filename(self, fullname):
        # A prebuilt module keeps its Windows name whatever platform packs it
        # (sysconfig would give this interpreter's suffix, e.g. .abi3.so).
        if PREBUILT_PYD is not None:
            return os.path.join(*fullname.split(".")) + ".pyd"
        return super().get_ext_filename(fullname)

    def _copy_prebuilt(self):
        # _winfax.pyd is the file named; every other module sits beside it.
        for ext in self.extensions:
            source = PREBUILT_PYD
            if ext.name != EXTENSION_NAME:
                source = os.path.join(os.path.dirname(PREBUILT_PYD),
                                      ext.name.split(".")[-1] + ".pyd")
            if not os.path.isfile(source):
                sys.exit(f"WINFAX_PREBUILT_PYD: no {source} for {ext.name}")
            target = self.get_ext_fullpath(ext.name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            self.copy_file(source, target)

    # setuptools builds into build_lib and then copies outputs into the source
    # tree for --inplace and editable installs; the library must travel with
    # the extension on both paths.
    def _simulator_paths(self):
        build_py = self.get_finalized_command("build_py")
        inplace_ext, regular_ext = self._get_inplace_equivalent(build_py, self.extensions[0])
        name = simulator_filename()
        return (
            os.path.join(os.path.dirname(inplace_ext), name),
            os.path.join(os.path.dirname(regular_ext), name),
        )

    def copy_extensions_to_source(self):
        super().copy_extensions_to_source()
        if BUILDS_SIMULATOR:
            inplace_lib, regular_lib = self._simulator_paths()
            self.copy_file(regular_lib, inplace_lib, level=self.verbose)

    def _get_output_mapping(self):
        yield from super()._get_output_mapping()
        if self.inplace and BUILDS_SIMULATOR:
            inplace_lib, regular_lib = self._simulator_paths()
            yield (regular_lib, inplace_lib)

    def get_outputs(self):
        outputs = super().get_outputs()
        if not self.inplace and BUILDS_SIMULATOR:
            outputs.append(self._simulator_paths()[1])
        return outputs

    def _build_simulator(self):
        # The library goes where _winfax goes (build/lib/winfax, or the source
        # tree for --inplace and editable installs), so the rpath finds it.
        ext = self.extensions[0]
        package_dir = os.path.dirname(self.get_ext_fullpath(ext.name))
        os.makedirs(package_dir, exist_ok=True)
        target = os.path.join(package_dir, simulator_filename())
        objects = self.compiler.compile(
            SIMULATOR_SOURCES,
            output_dir=os.path.join(self.build_temp, "faxsim"),
            extra_postargs=GCC_FLAGS + EXTRA_FLAGS + ["-fPIC", "-fvisibility=hidden"],
            depends=glob("src/*.h") + glob("src/faxsim/*.h"),
        )
        if ON_MACOS:
            link_args = ["-dynamiclib", f"-Wl,-install_name,@rpath/{simulator_filename()}"]
            rpath = "-Wl,-rpath,@loader_path"
        else:
            link_args = [f"-Wl,-soname,{simulator_filename()}", "-pthread"]
            rpath = "-Wl,-rpath,$ORIGIN"
        self.compiler.link_shared_object(
            objects, target, extra_postargs=link_args + EXTRA_FLAGS
        )
        # Only _winfax calls the fax API; the test module calls _winfax.
        ext.library_dirs.append(package_dir)
        ext.libraries.append(SIMULATOR_NAME)
        ext.extra_link_args.append(rpath)


def api_macros():
    return [("Py_LIMITED_API", LIMITED_API_HEX)] if LIMITED_API else []


def extension():
    macros = [("WINFAX_BACKEND", '"windows"' if ON_WINDOWS else '"simulator"'), *api_macros()]
    return Extension(
        EXTENSION_NAME,
        sources=EXTENSION_SOURCES,
        include_dirs=["src"],
        define_macros=macros,
        # WinFax.dll is delay-loaded: delayimp.lib provides the helper that
        # loads it at the first call (src/winfax_dll.c decides from where).
        libraries=["WinFax", "delayimp", "gdi32", "advapi32"] if ON_WINDOWS else [],
        # MSVC: C11 for _Static_assert and designated initializers.
        extra_compile_args=["/std:c11", "/W3"] if ON_WINDOWS else GCC_FLAGS + EXTRA_FLAGS,
        extra_link_args=["/DELAYLOAD:WINFAX.dll"] if ON_WINDOWS else list(EXTRA_FLAGS),
        py_limited_api=LIMITED_API,
        depends=glob("src/*.h") + glob("src/faxsim/*.h"),
    )


def testhooks_extension():
    return Extension(
        TESTHOOKS_NAME,
        sources=TESTHOOKS_SOURCES,
        include_dirs=["src"],
        define_macros=api_macros(),
        extra_compile_args=["/std:c11", "/W3"] if ON_WINDOWS else GCC_FLAGS + EXTRA_FLAGS,
        extra_link_args=[] if ON_WINDOWS else list(EXTRA_FLAGS),
        py_limited_api=LIMITED_API,
        depends=["src/test_hooks.h", "src/isolated_module_slots.h"],
    )


def wheel_options():
    options = {"py_limited_api": "cp311"} if LIMITED_API else {}
    if PREBUILT_PYD is not None:
        # The cross-built module is the abi3 one.
        options = {"py_limited_api": "cp311", "plat_name": prebuilt_platform(PREBUILT_PYD)}
    return {"bdist_wheel": options} if options else {}


# `pip install -e .` makes a "strict" editable install: a .pth file naming a
# folder of links to the package's files (build/__editable__.*).  The
# default "lenient" mode would install an import hook instead, because the
# package sits at the project's top level beside tests/ and benchmarks/;
# type checkers do not run import hooks, so `mypy --strict` on a user's
# script outside the checkout would not find winfax at all.  Strict mode's
# one cost: a file added to the package needs `pip install -e .` again (as a
# change to the C sources already does).  `--config-settings
# editable_mode=lenient` still chooses the other mode.
EDITABLE_OPTIONS = {"editable_wheel": {"mode": "strict"}}


setup(
    # _winfax first: the simulator is built beside it (BuildExt).
    ext_modules=[extension(), testhooks_extension()],
    cmdclass={"build_ext": BuildExt},
    options={**wheel_options(), **EDITABLE_OPTIONS},
)
