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


@pytest.mark.parametrize("code,cls,err", CASES)
def test_error_mapping(sim, code, cls, err):
    sim.fail_next("FaxConnectFaxServerW", code)
    with pytest.raises(OSError) as info:
        winfax.connect()
    e = info.value
    assert type(e) is cls
    assert e.winerror == code
    assert e.errno == err
    assert isinstance(e.strerror, str) and e.strerror
    assert e.filename is None


@pytest.mark.skipif(sys.platform != "win32", reason="compares with CPython's own Windows mapping")
@pytest.mark.parametrize("code,cls,err", CASES)
def test_mapping_agrees_with_cpython_on_windows(code, cls, err):
    e = OSError(0, "x", None, code)
    assert (type(e), e.errno) == (cls, err)


def test_unknown_code_text_names_the_code(sim):
    sim.fail_next("FaxConnectFaxServerW", 12345)
    with pytest.raises(OSError, match="12345"):
        winfax.connect()
