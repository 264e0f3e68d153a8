"""`import winfax` from a folder whose winfax/ has no built native module
(a clone of the repository after a normal `pip install .`) says what
happened and what to do, instead of a "partially initialized module" error."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import winfax

PACKAGE = Path(winfax.__file__).resolve().parent


def unbuilt_copy(root, checkout):
    """winfax's Python sources copied into root/winfax, without the native
    modules (_winfax, and _testhooks for the tests) or the simulator
    library; with `checkout`, the files that make
    `root` look like a clone of the repository."""
    # copyfile, not copytree's default copy2: on Windows, CPython 3.12+'s
    # copy2 calls CopyFile2, which Wine 8 does not implement (the process
    # aborts).
    shutil.copytree(PACKAGE, root / "winfax", copy_function=shutil.copyfile,
                    ignore=shutil.ignore_patterns(
        "_winfax.*.so", "_winfax.*.pyd", "_winfax.pyd", "_winfax.so",
        "_testhooks.*.so", "_testhooks.*.pyd", "_testhooks.pyd", "_testhooks.so",
        "libfaxsim.*", "__pycache__"))
    assert not [p for p in (root / "winfax").iterdir() if p.suffix in (".so", ".pyd", ".dylib")]
    if checkout:
        (root / "setup.py").write_text("# stands for winfax's setup.py\n")
        (root / "src").mkdir()
        (root / "src" / "_winfax.c").write_text("/* stands for winfax's C source */\n")


def run_in(root, *args):
    """Python started in `root` as a user would: no -P, so `root` is first
    on sys.path, as for `python -c` and `python -m` in a clone.  -S leaves
    site-packages out: an installed winfax (or an editable install's import
    hook) must not supply the missing module behind the copy's back."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-S", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def import_from(root, code="import winfax"):
    """`code` run with `root` first on sys.path, however this interpreter
    treats its current directory (an embeddable CPython's ._pth file keeps
    it off sys.path)."""
    return run_in(root, "-c", f"import sys; sys.path.insert(0, {str(root)!r})\n{code}")


# Where the interpreter never puts the current directory on sys.path (-P,
# or the ._pth file of Windows' embeddable CPython), a clone cannot hide
# the installed winfax that way.
CWD_ON_PATH = not (sys.flags.safe_path or sys.flags.isolated)


@pytest.mark.skipif(not CWD_ON_PATH, reason="this interpreter keeps the current directory "
                    "off sys.path (-P or a ._pth file)")
@pytest.mark.parametrize("args", [("-c", "import winfax"), ("-m", "winfax", "--version")],
                         ids=["import", "python-m"])
def test_unbuilt_checkout_says_where_and_what_to_do(tmp_path, args):
    unbuilt_copy(tmp_path, checkout=True)
    proc = run_in(tmp_path, *args)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: winfax was imported from its source checkout")
    assert str(tmp_path) in last
    assert "Run Python from another directory" in last
    assert "pip install -e ." in last
    assert "circular import" not in proc.stderr


def test_unbuilt_checkout_first_on_sys_path_says_so(tmp_path):
    unbuilt_copy(tmp_path, checkout=True)
    proc = import_from(tmp_path)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: winfax was imported from its source checkout")
    assert "pip install -e ." in last


def test_copied_package_without_native_module_says_reinstall(tmp_path):
    unbuilt_copy(tmp_path, checkout=False)
    proc = import_from(tmp_path)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: the winfax package at")
    assert "Reinstall winfax with pip" in last


def test_error_carries_the_module_name(tmp_path):
    unbuilt_copy(tmp_path, checkout=True)
    proc = import_from(tmp_path, """
try:
    import winfax
except ImportError as error:
    print(error.name)
""")
    assert proc.stdout.split() == ["winfax._winfax"], proc.stderr


def test_a_native_module_that_fails_to_load_keeps_its_own_error(tmp_path):
    # A native module is there but is not one Python can load: that error,
    # not the "no native module" explanation, is what the user needs.
    unbuilt_copy(tmp_path, checkout=True)
    import importlib.machinery
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    (tmp_path / "winfax" / f"_winfax{suffix}").write_bytes(b"not a shared library")
    proc = import_from(tmp_path)
    assert proc.returncode != 0
    assert "source checkout" not in proc.stderr
    assert "ImportError" in proc.stderr
