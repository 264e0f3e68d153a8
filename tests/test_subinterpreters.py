"""Sub-interpreters (README.md, "Sub-interpreters").

Every interpreter that imports winfax._winfax gets its own module state
(types, enum caches); the fax service is the process's.  Sub-interpreters
sharing the main GIL load every build.  A sub-interpreter with its own GIL
(3.12+, CPython's "isolated" configuration) loads only a full-API build
(free-threaded wheels, WINFAX_LIMITED_API=0), which declares
Py_MOD_PER_INTERPRETER_GIL_SUPPORTED; the abi3 build cannot declare it (the
limited API has the slot from 3.12 only), so there the import must fail
cleanly with ImportError and leave the main interpreter's module alone.

CPython's low-level module is `_xxsubinterpreters` up to 3.12 and
`_interpreters` from 3.13.  Each version imports its own by name, so a
missing or renamed module fails the tests instead of skipping them."""

import sys
import threading

import pytest

import winfax
from winfax import _winfax

if sys.implementation.name != "cpython":
    pytest.skip("sub-interpreters are a CPython feature", allow_module_level=True)


class SubinterpreterFailed(Exception):
    """Code run in a sub-interpreter raised; the message is its exception."""


if sys.version_info >= (3, 13):
    import _interpreters

    def create(own_gil):
        return _interpreters.create("isolated" if own_gil else "legacy")

    def run(interp, code):
        # 3.13 returns a snapshot of an uncaught exception instead of raising.
        failure = _interpreters.run_string(interp, code)
        if failure is not None:
            raise SubinterpreterFailed(failure.errdisplay or failure.formatted)

else:
    import _xxsubinterpreters as _interpreters

    def create(own_gil):
        # 3.12: isolated=True is the own-GIL configuration; 3.11 has no
        # per-interpreter GIL, and its callers never ask for one.
        return _interpreters.create(isolated=own_gil)

    def run(interp, code):
        try:
            _interpreters.run_string(interp, code)
        except _interpreters.RunFailedError as error:
            raise SubinterpreterFailed(str(error)) from None


destroy = _interpreters.destroy

# What this build declares: a full-API build (_limited_api None) declares
# per-interpreter GIL support; an abi3 build for 3.11 cannot.
DECLARES_OWN_GIL = _winfax._limited_api is None or _winfax._limited_api >= 0x030C0000
own_gil_exists = pytest.mark.skipif(
    sys.version_info < (3, 12), reason="sub-interpreters with their own GIL came in 3.12 (PEP 684)"
)

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


def check_main_interpreter_still_works(sim):
    assert sim.open_handles() == 0
    assert winfax.PortInfo(flags=3).flags == winfax.PortFlags.SEND | winfax.PortFlags.RECEIVE
    with winfax.connect() as server:
        server.jobs()


def test_the_module_says_what_it_supports():
    assert "sub-interpreter" in _winfax.__doc__.lower()
    assert _winfax._limited_api in (None, 0x030B0000)
    if getattr(sys, "_is_gil_enabled", None) is not None and not sys._is_gil_enabled():
        assert _winfax._limited_api is None  # free-threaded builds have no limited API


def test_shared_gil_interpreters_each_with_their_own_module(sim):
    first = create(own_gil=False)
    second = create(own_gil=False)
    try:
        run(first, CODE)
        run(second, CODE)
        run(first, CODE)  # state survives between runs
        # Destroying an interpreter that still holds a handle closes it.
        run(first, PREAMBLE + "import winfax\nKEEP = winfax.connect()\n")
    finally:
        destroy(first)  # its open handle is closed as it goes
        destroy(second)
    assert sim.calls("FaxConnectFaxServerW") == 4
    assert sim.calls("FaxClose") == 4
    check_main_interpreter_still_works(sim)


def test_a_failure_inside_a_subinterpreter_is_reported():
    # The helpers above must not turn a failing check into a pass.
    interp = create(own_gil=False)
    try:
        with pytest.raises(SubinterpreterFailed, match="ZeroDivisionError"):
            run(interp, "1 / 0")
    finally:
        destroy(interp)


@pytest.mark.skipif(not DECLARES_OWN_GIL,
                    reason="the abi3 build refuses own-GIL interpreters (tested below)")
@own_gil_exists
def test_own_gil_interpreters_run_in_parallel(sim):
    interps = [create(own_gil=True) for _ in range(2)]
    errors = []

    def work(interp):
        try:
            for _ in range(3):
                run(interp, CODE)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in interps]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        run(interps[0], PREAMBLE + "import winfax\nKEEP = winfax.connect()\n")
    finally:
        for interp in interps:
            destroy(interp)
    assert sim.calls("FaxConnectFaxServerW") == 7
    assert sim.calls("FaxClose") == 7
    check_main_interpreter_still_works(sim)


@pytest.mark.skipif(DECLARES_OWN_GIL, reason="a full-API build loads in own-GIL interpreters "
                                             "(tested above)")
@own_gil_exists
def test_abi3_build_refuses_own_gil_interpreters(sim):
    interp = create(own_gil=True)
    try:
        run(interp, PREAMBLE + """
try:
    import winfax
except ImportError as error:
    assert "winfax._winfax" in str(error), error
else:
    raise AssertionError("the abi3 build loaded in an interpreter with its own GIL")
""")
        # Shared-GIL interpreters still load it afterwards.
        legacy = create(own_gil=False)
        try:
            run(legacy, CODE)
        finally:
            destroy(legacy)
    finally:
        destroy(interp)
    assert sim.calls("FaxConnectFaxServerW") == 1
    check_main_interpreter_still_works(sim)


def test_the_test_hook_acts_on_its_own_interpreter_only():
    # winfax._testhooks reaches the _winfax of the interpreter it runs in:
    # armed in a sub-interpreter, it fails that interpreter's next record
    # and leaves the main interpreter's alone, and the other way round.
    from winfax import _testhooks

    interp = create(own_gil=False)
    try:
        run(interp, PREAMBLE + "from winfax import _testhooks\n_testhooks.fail_records_after(1)\n")
        winfax.JobParam()  # the main interpreter's countdown is off
        _testhooks.fail_records_after(1)
        try:
            run(interp, PREAMBLE + """
import winfax
try:
    winfax.JobParam()
except MemoryError:
    pass
else:
    raise AssertionError("the sub-interpreter's hook did not fire")
winfax.JobParam()  # it fired once
""")
            with pytest.raises(MemoryError):  # the main one's still armed
                winfax.JobParam()
        finally:
            _testhooks.fail_records_after(0)
    finally:
        destroy(interp)
