"""Shared fixtures.  Every test starts against a freshly reset simulator and,
unless marked `violations`, ends by checking that winfax never handed the
service a closed or unknown handle."""

import pytest

import winfax

ON_SIMULATOR = winfax.backend == "simulator"

needs_simulator = pytest.mark.skipif(
    not ON_SIMULATOR, reason="drives the fax service simulator (not built on Windows)"
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "violations: the test deliberately names closed or unknown handles"
    )


@pytest.fixture(autouse=True)
def fresh_service(request):
    if not ON_SIMULATOR:
        yield None
        return
    from winfax import simulator

    simulator.reset()
    yield simulator
    if request.node.get_closest_marker("violations") is None:
        assert simulator.violations() == 0, "a call reached the service with a closed handle"
    simulator.reset()


@pytest.fixture
def sim(fresh_service):
    if fresh_service is None:
        pytest.skip("drives the fax service simulator (not built on Windows)")
    return fresh_service
