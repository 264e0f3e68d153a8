"""The module loads in two sub-interpreters at once, each with its own
module state (types, enum caches), sharing the one fax service."""

import pytest

interpreters = pytest.importorskip("_xxsubinterpreters", reason="needs CPython's sub-interpreter module")

import sys

import winfax

# A new interpreter starts with the default sys.path; give it ours so it
# imports the same winfax (the source tree under test, or the wheel).
PREAMBLE = f"import sys\nsys.path[:] = {sys.path!r}\n"

CODE = PREAMBLE + """
import winfax
from winfax import _winfax
assert winfax.FaxHandle is _winfax.FaxHandle
with winfax.connect() as s:
    jobs = s.jobs()
    cfg = s.configuration()
    assert cfg.replace(retries=cfg.retries) == cfg
    p = winfax.PortInfo(flags=3)
    assert p.flags == winfax.PortFlags.SEND | winfax.PortFlags.RECEIVE
"""


def test_two_interpreters_each_with_their_own_module(sim):
    first = interpreters.create()
    second = interpreters.create()
    try:
        interpreters.run_string(first, CODE)
        interpreters.run_string(second, CODE)
        interpreters.run_string(first, CODE)  # state survives between runs
        # Destroying an interpreter that still holds a handle closes it.
        interpreters.run_string(first, PREAMBLE + "import winfax\nKEEP = winfax.connect()\n")
    finally:
        interpreters.destroy(first)  # its open handle is closed as it goes
        interpreters.destroy(second)
    assert sim.open_handles() == 0
    assert sim.calls("FaxConnectFaxServerW") == 4
    assert sim.calls("FaxClose") == 4
    assert winfax.PortInfo(flags=3).flags == winfax.PortFlags.SEND | winfax.PortFlags.RECEIVE
