"""winfax.simulator: the control API users drive the simulated service with."""

import pytest

import winfax
from conftest import needs_simulator

pytestmark = needs_simulator


def test_functions_lists_the_client_api(sim):
    names = sim.functions()
    for name in ("FaxConnectFaxServerW", "FaxClose", "FaxFreeBuffer", "FaxAccessCheck"):
        assert name in names


def test_calls_counts_per_function_and_reset_clears(sim):
    winfax.connect().close()
    winfax.connect().close()
    assert sim.calls("FaxConnectFaxServerW") == 2
    assert sim.calls("FaxClose") == 2
    sim.reset()
    assert sim.calls("FaxConnectFaxServerW") == 0


def test_reset_invalidates_open_handles(sim):
    h = winfax.connect()
    sim.reset()
    assert sim.open_handles() == 0
    with pytest.raises(OSError) as info:
        h.access_check(1)
    assert info.value.winerror == 6
    assert sim.violations() == 1
    h.detach()
    sim.reset()


def test_access_rights_round_trip(sim):
    assert sim.access() == sim.ALL_ACCESS
    sim.deny_access(0x1)
    assert sim.access() == sim.ALL_ACCESS & ~0x1
    sim.grant_access(0x1)
    assert sim.access() == sim.ALL_ACCESS
    sim.set_access(0x2)
    assert sim.access() == 0x2
    sim.deny_access()
    assert sim.access() == 0
    sim.grant_access()
    assert sim.access() == sim.ALL_ACCESS


def test_fail_next_validates_its_arguments(sim):
    with pytest.raises(ValueError, match="not a simulated function"):
        sim.fail_next("FaxConnectFaxServerA", 5)
    with pytest.raises(TypeError):
        sim.fail_next(b"FaxClose", 5)
    with pytest.raises(ValueError, match="not 0"):
        sim.fail_next("FaxClose", 0)
    with pytest.raises(ValueError, match="32 bits"):
        sim.fail_next("FaxClose", 2**32)
    with pytest.raises(ValueError, match="32 bits"):
        sim.fail_next("FaxClose", 5, count=-1)


def test_set_latency_validates(sim):
    sim.set_latency(0)
    sim.set_latency(0.001)
    sim.set_latency(0)
    with pytest.raises(ValueError):
        sim.set_latency(-1)
    with pytest.raises(TypeError):
        sim.set_latency("1")


def test_unknown_handle_is_invalid_and_a_violation(sim):
    assert sim.close_handle(0x1234) == 6  # ERROR_INVALID_HANDLE
    assert sim.violations() == 1
    sim.reset()


def test_handle_value_is_not_reused_after_close(sim):
    # A stale value must not name a newer handle that reuses its slot.
    a = winfax.connect()
    stale = int(a)
    a.close()
    b = winfax.connect()
    assert int(b) != stale
    assert sim.close_handle(stale) == 6
    b.close()
    sim.reset()


def test_max_concurrent_and_waiting_for_unknown_names(sim):
    with pytest.raises(ValueError):
        sim.max_concurrent("nope")
    with pytest.raises(ValueError):
        sim.waiting("nope")
    with pytest.raises(ValueError):
        sim.pause("nope")
