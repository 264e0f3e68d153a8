"""Access denied says what was missing and who lacked it: for every call the
service can refuse (tests/api_table.py), the PermissionError names the fax
function, the right its row says it needs, and the account this process
runs as.  CPython's own wording around it is not pinned."""

import pytest

import winfax
from api_table import API, ERROR_ACCESS_DENIED, Contexts
from winfax import AccessRight

ACCOUNT = "CORP\\svc-fax"
DENIABLE = [case for case in API if case.deniable]


def expected_account():
    """Off Windows the account is the simulator's user; on Windows it is the
    real one, which set_user does not change."""
    if winfax.backend != "windows":
        return ACCOUNT
    import ctypes
    from ctypes import wintypes

    buffer = ctypes.create_unicode_buffer(257)
    size = wintypes.DWORD(len(buffer))
    assert ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size))
    return buffer.value


def needed_words(case):
    if case.access is not None:
        return [f"FAX_{right.name}" for right in AccessRight if right in case.access]
    if case.api == "FaxConnectFaxServerW":
        return ["fax access right"]
    return ["administrator"]


@pytest.fixture
def build(sim, tmp_path):
    contexts = Contexts(sim, tmp_path)
    yield contexts
    contexts.close()


@pytest.mark.parametrize("case", DENIABLE, ids=[case.name for case in DENIABLE])
def test_access_denied_names_the_right_and_the_account(case, sim, build):
    ctx = build(case)
    case.setup(ctx)
    case.deny(sim)
    # The job the case works on is not this account's, so FaxAbort's
    # owner exception does not apply either.
    sim.set_user(ACCOUNT)
    with pytest.raises(PermissionError) as info:
        case.call(ctx)
    if case.lifetime:
        ctx.leaked_handles += 1
    error = info.value
    assert error.winerror == ERROR_ACCESS_DENIED
    message = str(error)
    assert case.api in message
    for word in needed_words(case):
        assert word in message
    assert expected_account() in message
    sim.grant_access()
    sim.set_admin(True)


def test_other_errors_keep_the_system_message(sim):
    with winfax.connect() as server:
        with pytest.raises(OSError) as info:
            server.open_port(0x7FFF)
    assert "access denied" not in str(info.value)


@pytest.mark.skipif(winfax.backend == "windows", reason="advapi32 answers on Windows")
def test_the_simulators_get_user_name_follows_the_documented_sizes(sim):
    # GetUserNameW: sizes in characters including the terminator; too small
    # a buffer fails with ERROR_INSUFFICIENT_BUFFER and says what it needs.
    import ctypes

    from winfax import simulator

    get_user_name = simulator._api.GetUserNameW
    get_last_error = simulator._api.GetLastError
    get_last_error.restype = ctypes.c_uint32
    sim.set_user(ACCOUNT)
    size = ctypes.c_uint32(3)
    buffer = (ctypes.c_uint16 * 64)()
    assert not get_user_name(buffer, ctypes.byref(size))
    assert get_last_error() == 122   # ERROR_INSUFFICIENT_BUFFER
    assert size.value == len(ACCOUNT) + 1
    assert get_user_name(buffer, ctypes.byref(size))
    assert size.value == len(ACCOUNT) + 1
    assert "".join(map(chr, buffer[:len(ACCOUNT)])) == ACCOUNT
    assert buffer[len(ACCOUNT)] == 0
