"""winfax.connect(): FaxConnectFaxServerW."""

import errno
import sys

import pytest

import winfax


def test_connect_returns_an_open_handle(sim):
    h = winfax.connect()
    try:
        assert type(h) is winfax.FaxHandle
        assert not h.closed
        assert int(h) != 0
        assert int(h) == h.handle
        assert sim.open_handles() == 1
        assert sim.calls("FaxConnectFaxServerW") == 1
    finally:
        h.close()
    assert sim.open_handles() == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: winfax.connect(),
        lambda: winfax.connect(None),
        lambda: winfax.connect(""),
        lambda: winfax.connect(machine_name=None),
        lambda: winfax.connect(machine_name=""),
    ],
    ids=["default", "None", "empty", "kw-None", "kw-empty"],
)
def test_local_server_spellings(sim, call):
    with call() as h:
        assert not h.closed
    assert sim.open_handles() == 0


def test_each_connect_gives_a_distinct_handle(sim):
    with winfax.connect() as a, winfax.connect() as b:
        assert int(a) != int(b)
        assert sim.open_handles() == 2


def test_remote_machine_is_refused_without_calling_the_api(sim):
    with pytest.raises(ValueError, match="only to the local fax server"):
        winfax.connect("FAXSRV01")
    assert sim.calls("FaxConnectFaxServerW") == 0


@pytest.mark.parametrize("bad", [b"", 0, 1.5, ["x"], object()])
def test_machine_name_must_be_str_or_none(sim, bad):
    with pytest.raises(TypeError, match="machine_name must be a str"):
        winfax.connect(bad)
    assert sim.calls("FaxConnectFaxServerW") == 0


@pytest.mark.parametrize("bad", ["\0", "a\0b", "\0local"])
def test_embedded_null_is_refused(sim, bad):
    with pytest.raises(ValueError, match="null character"):
        winfax.connect(bad)
    assert sim.calls("FaxConnectFaxServerW") == 0


def test_lone_surrogate_name_is_still_a_remote_name(sim):
    # Windows strings may hold lone surrogates; it converts, then is refused
    # as a remote name rather than crashing the UTF-16 conversion.
    with pytest.raises(ValueError, match="local fax server"):
        winfax.connect("\ud800")


def test_argument_count_and_keywords(sim):
    with pytest.raises(TypeError, match="at most 1 argument"):
        winfax.connect(None, None)
    with pytest.raises(TypeError, match="at most 1 argument"):
        winfax.connect(None, machine_name=None)
    with pytest.raises(TypeError, match="unexpected keyword argument 'server'"):
        winfax.connect(server=None)


# ---- documented errors, injected in the simulator ----------------------


def test_access_denied_is_permission_error(sim):
    sim.fail_next("FaxConnectFaxServerW", 5)
    with pytest.raises(PermissionError) as info:
        winfax.connect()
    e = info.value
    assert e.winerror == 5
    assert e.errno == errno.EACCES
    assert isinstance(e.strerror, str) and e.strerror
    assert sim.open_handles() == 0


def test_no_rights_at_all_is_permission_error(sim):
    sim.deny_access()
    with pytest.raises(PermissionError) as info:
        winfax.connect()
    assert info.value.winerror == 5
    sim.grant_access()
    with winfax.connect():
        pass


def test_out_of_memory_is_oserror_not_memoryerror(sim):
    # Documented choice: the *service* ran out of memory, so this is an
    # OSError carrying winerror 8, not Python's MemoryError.
    sim.fail_next("FaxConnectFaxServerW", 8)
    with pytest.raises(OSError) as info:
        winfax.connect()
    e = info.value
    assert not isinstance(e, MemoryError)
    assert type(e) is OSError
    assert (e.winerror, e.errno) == (8, errno.ENOMEM)
    assert "memory" in e.strerror.lower()


def test_invalid_parameter_is_plain_oserror(sim):
    sim.fail_next("FaxConnectFaxServerW", 87)
    with pytest.raises(OSError) as info:
        winfax.connect()
    e = info.value
    assert type(e) is OSError
    assert (e.winerror, e.errno) == (87, errno.EINVAL)
    # CPython words an OSError by its Windows code on Windows, by errno
    # elsewhere.
    assert str(e).startswith("[WinError 87] " if sys.platform == "win32" else "[Errno 22] ")


def test_failure_injection_counts_down(sim):
    sim.fail_next("FaxConnectFaxServerW", 5, count=2)
    for _ in range(2):
        with pytest.raises(PermissionError):
            winfax.connect()
    with winfax.connect():
        pass
    assert sim.calls("FaxConnectFaxServerW") == 3
