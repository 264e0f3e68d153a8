"""FaxHandle: the lifetime of a server handle, modelled on winreg's HKEY."""

import copy
import gc
import pickle
import re
import weakref

import pytest

import winfax


def test_close_calls_faxclose_once_and_is_idempotent(sim):
    h = winfax.connect()
    h.close()
    h.close()
    assert h.closed
    assert sim.calls("FaxClose") == 1
    assert sim.open_handles() == 0


def test_with_block_closes_and_returns_the_handle(sim):
    with winfax.connect() as h:
        assert isinstance(h, winfax.FaxHandle)
        assert sim.open_handles() == 1
    assert h.closed
    assert sim.calls("FaxClose") == 1
    assert sim.open_handles() == 0


def test_with_block_closes_on_exception_and_does_not_swallow_it(sim):
    with pytest.raises(KeyError):
        with winfax.connect() as h:
            raise KeyError("boom")
    assert h.closed
    assert sim.open_handles() == 0


def test_dropping_the_last_reference_closes(sim):
    h = winfax.connect()
    del h
    assert sim.calls("FaxClose") == 1
    assert sim.open_handles() == 0


def test_gc_cycle_holding_the_handle_closes_it_once(sim):
    gc.disable()
    try:
        cycle = [winfax.connect()]
        cycle.append(cycle)
        del cycle
        assert sim.open_handles() == 1
        gc.collect()
    finally:
        gc.enable()
    assert sim.open_handles() == 0
    assert sim.calls("FaxClose") == 1


def test_weakref_is_cleared_and_the_handle_closed_on_dealloc(sim):
    seen = []
    h = winfax.connect()
    ref = weakref.ref(h, lambda r: seen.append((r(), sim.open_handles(),
                                                sim.calls("FaxClose"))))
    assert ref() is h
    del h
    assert ref() is None
    assert sim.open_handles() == 0
    assert sim.calls("FaxClose") == 1
    # The callback ran once, with the reference already cleared, before
    # FaxClose: as for any object, weak references go first in dealloc.
    assert seen == [(None, 1, 0)]


def test_detach_gives_up_ownership(sim):
    h = winfax.connect()
    value = int(h)
    assert h.detach() == value
    assert h.closed and int(h) == 0 and not h
    del h
    # Nobody closed it: the caller owns the raw value now.
    assert sim.calls("FaxClose") == 0
    assert sim.open_handles() == 1
    assert sim.close_handle(value) == 0
    assert sim.open_handles() == 0


def test_detach_of_a_closed_handle_returns_zero(sim):
    h = winfax.connect()
    h.close()
    assert h.detach() == 0
    assert sim.calls("FaxClose") == 1


def test_int_bool_and_handle_follow_the_state(sim):
    h = winfax.connect()
    assert bool(h) is True
    assert int(h) == h.handle > 0
    assert int(h) % 4 == 0  # handle values look like kernel handles
    h.close()
    assert bool(h) is False
    assert int(h) == h.handle == 0


def test_repr_says_open_or_closed(sim):
    h = winfax.connect()
    assert re.fullmatch(r"<winfax\.FaxHandle 0x[0-9a-f]+ open>", repr(h))
    assert int(repr(h).split()[1], 16) == int(h)
    h.close()
    assert repr(h) == "<winfax.FaxHandle closed>"


def test_closed_handle_raises_valueerror_without_calling_the_api(sim):
    h = winfax.connect()
    h.close()
    with pytest.raises(ValueError, match="closed fax handle"):
        h.access_check(1)
    assert sim.calls("FaxAccessCheck") == 0


@pytest.mark.violations
def test_close_reports_the_service_error_but_stays_closed(sim):
    h = winfax.connect()
    sim.reset()  # a restarted service no longer knows the handle
    with pytest.raises(OSError) as info:
        h.close()
    assert info.value.winerror == 6  # ERROR_INVALID_HANDLE
    assert h.closed
    h.close()  # idempotent even after a failure
    assert sim.calls("FaxClose") == 1


def test_injected_close_failure_is_raised(sim):
    h = winfax.connect()
    sim.fail_next("FaxClose", 6)
    with pytest.raises(OSError) as info:
        h.close()
    assert info.value.winerror == 6
    assert h.closed


def test_type_cannot_be_instantiated_or_subclassed():
    with pytest.raises(TypeError):
        winfax.FaxHandle()
    with pytest.raises(TypeError):
        type("Sub", (winfax.FaxHandle,), {})


def test_type_is_immutable():
    with pytest.raises(TypeError):
        winfax.FaxHandle.close = None


def test_not_picklable_or_copyable(sim):
    with winfax.connect() as h:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            with pytest.raises(TypeError, match="cannot pickle 'winfax.FaxHandle'"):
                pickle.dumps(h, protocol)
        with pytest.raises(TypeError, match="cannot pickle"):
            copy.copy(h)
        with pytest.raises(TypeError, match="cannot pickle"):
            copy.deepcopy(h)
    assert sim.open_handles() == 0


def test_exit_returns_false_and_closes(sim):
    h = winfax.connect()
    assert h.__exit__(None, None, None) is False
    assert h.closed


def test_module_and_backend():
    assert winfax.FaxHandle.__module__ == "winfax"
    assert winfax.backend in ("windows", "simulator")
    assert winfax.__version__


# ---- access_check: the first call that uses the handle ------------------


def test_access_check_true_and_false(sim):
    with winfax.connect() as h:
        assert h.access_check(0x1) is True
        sim.deny_access(0x1)
        assert h.access_check(0x1) is False
        assert h.access_check(0x2) is True
        assert h.access_check(0x3) is False


def test_access_check_errors(sim):
    with winfax.connect() as h:
        sim.fail_next("FaxAccessCheck", 6)
        with pytest.raises(OSError) as info:
            h.access_check(1)
        assert info.value.winerror == 6
        sim.fail_next("FaxAccessCheck", 8)
        with pytest.raises(OSError) as info:
            h.access_check(1)
        assert info.value.winerror == 8
        assert h.access_check(1) is True  # still usable


@pytest.mark.parametrize("bad,exc", [(-1, ValueError), (2**32, ValueError), (2**80, ValueError),
                                     ("1", TypeError), (1.0, TypeError), (True, TypeError), (None, TypeError)])
def test_access_check_bad_rights(sim, bad, exc):
    with winfax.connect() as h:
        with pytest.raises(exc, match="rights"):
            h.access_check(bad)
    assert sim.calls("FaxAccessCheck") == 0
