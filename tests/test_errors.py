"""Win32 error codes become OSError with winerror, errno and strerror set,
and the exception class matches what CPython picks on Windows."""

import errno
import sys

import pytest

import winfax

# (winerror, exception class, errno) as CPython derives them on Windows.
CASES = [
    (2, FileNotFoundError, errno.ENOENT),
    (20, PermissionError, errno.EACCES),  # ERROR_BAD_UNIT (unknown device)
    (32, PermissionError, errno.EACCES),  # ERROR_SHARING_VIOLATION
    (11, OSError, errno.ENOEXEC),
    (5, PermissionError, errno.EACCES),
    (6, OSError, errno.EBADF),
    (8, OSError, errno.ENOMEM),
    (80, FileExistsError, errno.EEXIST),
    (87, OSError, errno.EINVAL),
    (258, TimeoutError, errno.ETIMEDOUT),
    (7001, OSError, errno.EINVAL),  # FAX_ERR_SRV_OUTOFMEMORY
    (7009, OSError, errno.EINVAL),  # FAX_ERR_MESSAGE_NOT_FOUND
    (12345, OSError, errno.EINVAL),  # unknown to us: still an OSError
]


def cpython_on_windows(code):
    """(class, errno) of the OSError CPython builds on Windows from a
    Windows error code (elsewhere OSError ignores winerror)."""
    e = OSError(None, "x", None, code)
    return type(e), e.errno


@pytest.mark.parametrize("code,cls,err", CASES)
def test_error_mapping(sim, code, cls, err):
    sim.fail_next("FaxConnectFaxServerW", code)
    with pytest.raises(OSError) as info:
        winfax.connect()
    e = info.value
    # winfax hands the code to OSError as winerror: on Windows CPython picks
    # the class and errno (numbers of the C runtime, which vary with the
    # CPython version, see below); elsewhere winfax follows the table.
    if sys.platform == "win32":
        assert (type(e), e.errno) == cpython_on_windows(code)
    else:
        assert (type(e), e.errno) == (cls, err)
    assert e.winerror == code
    assert isinstance(e.strerror, str) and e.strerror
    assert e.filename is None


@pytest.mark.skipif(sys.platform != "win32", reason="compares with CPython's own Windows mapping")
@pytest.mark.parametrize("code,cls,err", CASES)
def test_mapping_agrees_with_cpython_on_windows(code, cls, err):
    got_cls, got_errno = cpython_on_windows(code)
    if code == 258 and sys.version_info < (3, 13):
        # CPython maps WAIT_TIMEOUT to ETIMEDOUT only from 3.13 on; before,
        # it is unmapped (EINVAL).  The table follows 3.13+.
        assert (got_cls, got_errno) == (OSError, errno.EINVAL)
        return
    assert got_cls is cls
    if cls is TimeoutError:
        # OSError carries the C runtime's ETIMEDOUT (138), while Python's
        # errno module on Windows gives that name to the Winsock code 10060.
        assert got_errno == 138
    else:
        assert got_errno == err


def test_unknown_code_text_names_the_code(sim):
    sim.fail_next("FaxConnectFaxServerW", 12345)
    with pytest.raises(OSError, match="12345"):
        winfax.connect()
