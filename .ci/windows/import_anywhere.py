"""Run by .ci/windows/import-anywhere on Windows CPython (under Wine), on a
machine whose System32 has no WinFax.dll, with a WINFAX.dll planted in
python.exe's folder and in the current directory (both searched before
System32 by the default DLL search order).

    python.exe import_anywhere.py FAXSIM_DIR SYSTEM32

Checks that `import winfax` works without the fax client, that connect()
and a module function raise winfax.FaxClientNotInstalledError naming what to
install (so neither planted copy was loaded), then installs the simulator
into System32 as an installer would and checks that connect() now works in
the same process: a failed load is not remembered.
"""

import shutil
import sys
from pathlib import Path

import winfax


def expect_not_installed(call, name):
    try:
        call()
    except winfax.FaxClientNotInstalledError as error:
        assert isinstance(error, OSError), type(error).__mro__
        assert error.winerror == 126, error.winerror      # ERROR_MOD_NOT_FOUND
        text = str(error)
        for needed in ("Windows Fax and Scan", "Fax Server", "System32"):
            assert needed in text, f"the message does not name {needed!r}: {text}"
        print(f"{name}: FaxClientNotInstalledError: {text}")
        return
    raise AssertionError(f"{name} did not raise FaxClientNotInstalledError")


def main(faxsim_dir, system32):
    assert not (Path(system32) / "WINFAX.dll").exists(), "System32 still has WINFAX.dll"
    print(f"import winfax: ok (backend {winfax.backend!r}, {winfax.__file__})")
    expect_not_installed(winfax.connect, "connect()")
    expect_not_installed(winfax.complete_job_params, "complete_job_params()")
    # Bad arguments are still reported as such, fax client or not.
    try:
        winfax.connect("REMOTE-SERVER")
    except ValueError:
        pass

    for name in ("WINFAX.dll", "libwinpthread-1.dll"):
        shutil.copy(Path(faxsim_dir) / name, Path(system32) / name)
    print("installed the simulator as System32\\WINFAX.dll")
    with winfax.connect() as server:
        print(f"connect(): {server!r}, {len(server.ports())} fax device(s)")
    print("import anywhere: ok")


if __name__ == "__main__":
    sys.stdout.reconfigure(errors="backslashreplace")
    main(*sys.argv[1:])
