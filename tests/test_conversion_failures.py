"""A conversion that fails halfway (here: a record allocation, through the
test module winfax._testhooks) raises, frees the service's buffer exactly
once and leaks nothing."""

import pytest

import winfax
from leakcheck import blocks_grown
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import _testhooks

pytestmark = needs_simulator


@pytest.fixture
def server(tmp_path):
    with winfax.connect() as s:
        tiff = write_tiff(tmp_path / "f.tif")
        for n in range(5):
            s.send_document(tiff, winfax.JobParam(recipient_number=str(n)))
        yield s
    _testhooks.fail_records_after(0)


CALLS = {
    "jobs": (lambda s: s.jobs(), 5),
    "ports": (lambda s: s.ports(), 1),
    "configuration": (lambda s: s.configuration(), 1),
    "logging_categories": (lambda s: s.logging_categories(), 4),
    "global_routing_info": (lambda s: s.global_routing_info(), 3),
    "get_job": (lambda s: s.get_job(s.jobs()[0].job_id), 1),
}


@pytest.mark.parametrize("name", CALLS)
def test_every_failing_record_frees_the_buffer(sim, server, name):
    call, records = CALLS[name]
    prefix = 5 if name == "get_job" else 0  # jobs() inside the lambda
    for k in range(1, records + 1):
        frees = sim.calls("FaxFreeBuffer")
        _testhooks.fail_records_after(prefix + k)
        with pytest.raises(MemoryError):
            call(server)
        assert sim.outstanding_buffers() == 0
        assert sim.calls("FaxFreeBuffer") - frees == (2 if prefix else 1)
    _testhooks.fail_records_after(0)
    call(server)  # still usable


def test_failing_conversions_leak_nothing(sim, server):
    def loop(n):
        for _ in range(n):
            _testhooks.fail_records_after(3)
            try:
                server.jobs()
            except MemoryError:
                pass

    assert blocks_grown(loop, 5000, 100) < 100
    assert sim.outstanding_buffers() == 0


def test_complete_job_params_frees_both_buffers_on_failure(sim):
    for k in (1, 2):
        _testhooks.fail_records_after(k)
        with pytest.raises(MemoryError):
            winfax.complete_job_params()
        assert sim.outstanding_buffers() == 0
    _testhooks.fail_records_after(0)
