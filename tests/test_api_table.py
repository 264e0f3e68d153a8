"""Tests generated from tests/api_table.py, one family per question:

* success: the call works, its result checks out, every FaxFreeBuffer-owned
  buffer it received was given back exactly once;
* injected errors: each documented error (and ERROR_NOT_ENOUGH_MEMORY)
  surfaces as OSError with that winerror, and the handle stays usable;
* access: taking the right away is PermissionError after exactly one call,
  and the right named in the table is enough on its own;
* closed handles: ValueError before the service is asked anything;
* bad arguments: the right exception and message, the service not asked;
* provoked errors: documented errors the service produces for real;
* leaks: many successful and many failed calls leave no Python blocks,
  handles or buffers behind;
* completeness: the table covers every public callable and every simulated
  function, and docs/api.md lists exactly the table's rows.
"""

import inspect
import re
import types
from pathlib import Path

import pytest


import winfax
import winfax._winfax
import api_table
from leakcheck import blocks_grown
from api_table import (
    API,
    CASES,
    ERROR_ACCESS_DENIED,
    ERROR_NOT_ENOUGH_MEMORY,
    EXTENSION,
    EXTENSION_GUID,
    MODULE,
    NOT_IN_TABLE,
    SERVER,
    Contexts,
)

# No module-wide skip: every generated test takes the `sim` fixture, which
# skips off the simulator, while the completeness and docs tests hold for
# either backend.

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
NAMES = [case.name for case in API]


@pytest.fixture
def build(sim, tmp_path):
    """Builds the context a case needs; closes its handles at the end, before
    the autouse fixture checks for violations and resets the service (a
    handle left to the garbage collector would be closed after the reset,
    naming a handle the service no longer knows)."""
    contexts = Contexts(sim, tmp_path)
    yield contexts
    contexts.close()
    assert sim.outstanding_buffers() == 0
    # Closing for Python must reach FaxClose: a "use" of the server that a
    # failed call forgot to give back would leave it pending forever.
    assert sim.open_handles() == sum(ctx.leaked_handles for ctx in contexts.built)


def succeed(case, ctx):
    case.setup(ctx)
    result = case.call(ctx)
    case.check(ctx, result)


def injected_codes(case):
    codes = set(case.errors) | {ERROR_NOT_ENOUGH_MEMORY}
    if case.deniable:
        codes.add(ERROR_ACCESS_DENIED)
    return sorted(codes)


# ---- success ---------------------------------------------------------------------


@pytest.mark.parametrize("case", API, ids=NAMES)
def test_success(case, sim, build):
    ctx = build(case)
    case.setup(ctx)
    calls, freed = sim.calls(case.api), sim.calls("FaxFreeBuffer")
    result = case.call(ctx)
    assert sim.calls(case.api) == calls + 1
    assert sim.calls("FaxFreeBuffer") - freed == case.buffers
    assert sim.outstanding_buffers() == 0
    case.check(ctx, result)
    assert sim.outstanding_buffers() == 0


# ---- the binding's own allocations fail, each in turn ------------------------------

@pytest.mark.parametrize("case", [c for c in API if c.buffers], ids=[c.name for c in API if c.buffers])
def test_each_record_allocation_failing(case, sim, build):
    """Every record the call builds fails in turn (the test hook winfax._testhooks):
    MemoryError, the service's buffers freed, the handle still usable.  (Calls
    that return bytes build no record and succeed at once.)"""
    from winfax import _testhooks

    ctx = build(case)
    case.setup(ctx)
    try:
        for k in range(1, 200):
            _testhooks.fail_records_after(k)
            try:
                result = case.call(ctx)
            except MemoryError:
                assert sim.outstanding_buffers() == 0
                continue
            _testhooks.fail_records_after(0)
            case.check(ctx, result)  # fewer than k records: it simply worked
            break
        else:
            pytest.fail("the call never finished")
    finally:
        _testhooks.fail_records_after(0)
    assert sim.outstanding_buffers() == 0


# ---- injected errors ---------------------------------------------------------------

ERROR_CASES = [(case, code) for case in API for code in injected_codes(case)]


@pytest.mark.parametrize(
    "case,code", ERROR_CASES, ids=[f"{case.name}-{code}" for case, code in ERROR_CASES]
)
def test_injected_error(case, code, sim, build):
    ctx = build(case)
    case.setup(ctx)
    calls = sim.calls(case.api)
    sim.fail_next(case.api, code)
    with pytest.raises(OSError) as info:
        case.call(ctx)
    assert info.value.winerror == code
    assert isinstance(info.value.strerror, str) and info.value.strerror
    if code == ERROR_ACCESS_DENIED:
        assert type(info.value) is PermissionError
    assert sim.calls(case.api) == calls + 1
    assert sim.outstanding_buffers() == 0
    if case.lifetime:
        ctx.leaked_handles += 1
    # The failure armed one call only, and left the handle usable.
    case.setup(ctx)
    result = case.call(ctx)
    assert sim.calls(case.api) == calls + 2
    case.check(ctx, result)


# ---- access ---------------------------------------------------------------------------

DENIABLE = [case for case in API if case.deniable]
WITH_RIGHT = [case for case in API if case.access is not None]


@pytest.mark.parametrize("case", DENIABLE, ids=[case.name for case in DENIABLE])
def test_access_denied(case, sim, build):
    ctx = build(case)
    case.setup(ctx)
    calls = sim.calls(case.api)
    case.deny(sim)
    with pytest.raises(PermissionError) as info:
        case.call(ctx)
    assert info.value.winerror == ERROR_ACCESS_DENIED
    assert sim.calls(case.api) == calls + 1
    assert sim.outstanding_buffers() == 0
    if case.lifetime:
        ctx.leaked_handles += 1  # a refused FaxClose leaves the service's handle open
    sim.grant_access()
    sim.set_admin(True)
    succeed(case, ctx)


@pytest.mark.parametrize("case", WITH_RIGHT, ids=[case.name for case in WITH_RIGHT])
def test_the_right_in_the_table_is_enough(case, sim, build):
    ctx = build(case)
    case.setup(ctx)
    sim.set_access(int(case.access))
    case.call(ctx)
    sim.grant_access()


# ---- closed handles ---------------------------------------------------------------------

WITH_HANDLE = [case for case in API if case.needs != MODULE]


@pytest.mark.parametrize("case", WITH_HANDLE, ids=[case.name for case in WITH_HANDLE])
def test_closed_handle(case, sim, build):
    ctx = build(case)
    case.setup(ctx)
    (ctx.server if case.needs == SERVER else ctx.port).close()
    calls = sim.calls(case.api)
    if case.lifetime:
        assert case.call(ctx) is None  # closing a closed handle does nothing
    else:
        with pytest.raises(ValueError, match="closed fax handle"):
            case.call(ctx)
    assert sim.calls(case.api) == calls


# ---- bad arguments ----------------------------------------------------------------------

BAD_CASES = [(case, bad) for case in API for bad in case.bad]


@pytest.mark.parametrize(
    "case,bad", BAD_CASES, ids=[f"{case.name}:{bad.label}" for case, bad in BAD_CASES]
)
def test_bad_arguments(case, bad, sim, build):
    ctx = build(case)
    case.setup(ctx)
    calls, jobs, providers = sim.calls(case.api), sim.job_count(), sim.provider_count()
    with pytest.raises(bad.exc, match=bad.match):
        bad.call(ctx)
    assert sim.calls(case.api) == calls + bad.api_calls
    assert (sim.job_count(), sim.provider_count()) == (jobs, providers)
    assert sim.outstanding_buffers() == 0
    succeed(case, ctx)


def test_every_row_has_bad_arguments():
    assert [case.name for case in API if not case.bad] == []


# ---- provoked errors --------------------------------------------------------------------

PROVOKED = [(case, p) for case in API for p in case.provoked]


@pytest.mark.parametrize(
    "case,provoked", PROVOKED, ids=[f"{case.name}:{p.label}" for case, p in PROVOKED]
)
def test_provoked_error(case, provoked, sim, build):
    # The table's error lists are what the service really answers.
    assert provoked.winerror in injected_codes(case)
    ctx = build(case)
    case.setup(ctx)
    with pytest.raises(OSError) as info:
        provoked.call(ctx)
    assert info.value.winerror == provoked.winerror
    assert sim.outstanding_buffers() == 0


# ---- leaks ------------------------------------------------------------------------------

MAX_GROWTH = 200  # allocated blocks, for the whole loop


@pytest.mark.slow
@pytest.mark.parametrize("case", API, ids=NAMES)
def test_no_leaks(case, sim, build):
    ctx = build(case)

    def successes(n):
        for _ in range(n):
            case.setup(ctx)
            case.call(ctx)

    succeed(case, ctx)
    handles = sim.open_handles()
    assert blocks_grown(successes, case.leak_calls, MAX_GROWTH) < MAX_GROWTH
    assert sim.open_handles() == handles
    assert sim.outstanding_buffers() == 0

    made = 0

    def failures(n):
        nonlocal made
        made += n
        sim.fail_next(case.api, ERROR_NOT_ENOUGH_MEMORY, count=n)
        for _ in range(n):
            case.setup(ctx)
            try:
                case.call(ctx)
            except OSError as e:
                assert e.winerror == ERROR_NOT_ENOUGH_MEMORY
            else:
                raise AssertionError("the injected failure did not surface")

    calls = sim.calls(case.api)
    assert blocks_grown(failures, 1_000, MAX_GROWTH) < MAX_GROWTH
    # Each failing call reached the service once (the leak check may have
    # run the loop more than once).
    assert sim.calls(case.api) == calls + made
    assert sim.outstanding_buffers() == 0
    if case.lifetime:
        # A failed FaxClose leaves the service's handle open by design (the
        # object is closed whatever FaxClose says, as winreg does).
        ctx.leaked_handles += made
    assert sim.open_handles() == handles + ctx.leaked_handles


# ---- completeness ---------------------------------------------------------------------


def public_callables():
    """Every public function and method the package offers, by table name."""
    found = set()
    for name in winfax.__all__:
        obj = getattr(winfax, name)
        native = getattr(winfax._winfax, name, None)
        if isinstance(obj, types.BuiltinFunctionType) and native is obj:
            found.add(f"winfax.{name}")
    # A native function that the package forgot to export would escape the
    # table, so look at the native module too.
    for name, obj in vars(winfax._winfax).items():
        if not name.startswith("_") and isinstance(obj, types.BuiltinFunctionType):
            found.add(f"winfax.{name}")
    for cls in (winfax.FaxHandle, winfax.FaxPortHandle):
        for name in dir(cls):
            if name.startswith("_"):
                continue
            if isinstance(inspect.getattr_static(cls, name), types.MethodDescriptorType):
                found.add(f"{cls.__name__}.{name}")
    return found


def test_the_table_covers_every_public_callable():
    public = public_callables()
    assert set(NOT_IN_TABLE) <= public, "an exclusion names something that is gone"
    assert set(CASES) == public - set(NOT_IN_TABLE)
    assert len(CASES) == len(API), "two rows share a name"


def test_the_table_covers_every_simulated_function(sim):
    functions = set(sim.functions())
    used = {fn for case in API for fn in case.c_functions}
    assert used <= functions, "a row names a function the simulator does not have"
    assert functions - {"FaxFreeBuffer", "FaxConnectFaxServerW", "FaxClose"} <= used


def test_every_module_function_is_exported():
    for name, obj in vars(winfax._winfax).items():
        if not name.startswith("_") and isinstance(obj, types.BuiltinFunctionType):
            assert name in winfax.__all__, name


# ---- docs/api.md ------------------------------------------------------------------------

ERROR_NAMES = {
    name: value
    for name, value in vars(api_table).items()
    if name.startswith(("ERROR_", "FAX_ERR_")) and isinstance(value, int)
}
ROW = re.compile(
    r"^\|\s*(?P<c>\w+)\s*\|\s*`(?P<py>[\w.]+)\(\)`\s*\|\s*(?P<right>[^|]+?)\s*"
    r"\|\s*(?P<errors>[^|]+?)\s*\|\s*(?P<note>[^|]+?)\s*\|$"
)


def doc_rows():
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            assert m["py"] not in rows, f"{m['py']} has two rows in docs/api.md"
            rows[m["py"]] = m
    return rows


def test_every_row_is_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    for case in API:
        assert f"`{case.name}()`" in text, f"{case.name} is missing from docs/api.md"


def test_the_docs_table_matches_the_table():
    rows = doc_rows()
    assert set(rows) == set(CASES), "docs/api.md lists other calls than tests/api_table.py"
    for name, row in rows.items():
        case = CASES[name]
        assert row["c"] == case.api and len(case.c_functions) == 1, name
        names = [n.strip() for n in row["errors"].split(",")]
        assert len(set(names)) == len(names), name
        assert {ERROR_NAMES[n] for n in names} == set(case.errors), name
        right = row["right"]
        # Exactly the table's rights: naming one more (say FAX_JOB_SUBMIT
        # beside FAX_JOB_MANAGE for set_job) states a right the page does
        # not ask for.
        named = set(re.findall(r"FAX_[A-Z_]+", right))
        if case.access is not None:
            assert named == {
                f"FAX_{flag.name}"
                for flag in type(case.access)
                if flag in case.access and flag.value.bit_count() == 1
            }, name
        elif case.denial is not None:
            assert right in ("any right", "administrator"), name
        else:
            assert right == "none", name
        assert row["note"], name


# ---- findings --------------------------------------------------------------------------


# Found by this table: methods were once read inside the installation
# callback, where refusing them still left a method-less registration.
def test_a_refused_methods_list_registers_nothing(sim, build):
    ctx = build(CASES["FaxHandle.register_routing_extension"])
    CASES["FaxHandle.register_routing_extension"].call(ctx)  # a good registration
    with pytest.raises(TypeError):
        ctx.server.register_routing_extension(
            EXTENSION, "API table extension", "C:\\ext\\apitable.dll", [("m", "f", "fn")]
        )
    ctx.restart()
    guids = {info.guid for info in ctx.server.global_routing_info()}
    assert EXTENSION_GUID in guids
