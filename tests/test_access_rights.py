"""The access rights of every client function, as its Microsoft page states
them, against the simulator: one right at a time.

tests/api_table.py holds the rights (its `access` column, the single source
of truth; docs/api.md's rights column is checked against it).  For every
row that needs rights: with every right except one of them, the call is
PermissionError (ERROR_ACCESS_DENIED, winerror 5); with only the rights in
the row, it succeeds.  Rows that need none succeed with no fax right at
all.  FaxAbort's owner rule and what the service does with a printed
document from a user who may not send faxes have tests of their own."""

import pytest

import winfax
from api_table import (
    API,
    CASES,
    ERROR_ACCESS_DENIED,
    PRINT_INFO,
    Contexts,
    finish_print_job,
)
from conftest import needs_simulator
from faxdocs import write_tiff
from winfax import AccessRight, JobCommand

pytestmark = needs_simulator

ALL_ACCESS = 0x001F007F  # FAX_ALL_ACCESS: every specific right plus the standard ones

WITH_RIGHTS = [case for case in API if case.access is not None]
SINGLE_RIGHTS = [
    (case, right)
    for case in WITH_RIGHTS
    for right in AccessRight
    if right.value.bit_count() == 1 and right in case.access
]
# Rows nothing refuses: no right, no administrator, no connection right.
NEED_NOTHING = [case for case in API if case.access is None and case.denial is None]


@pytest.fixture
def context(sim, tmp_path):
    contexts = Contexts(sim, tmp_path)
    yield contexts
    sim.grant_access()
    contexts.close()


@pytest.mark.parametrize(
    "case,right", SINGLE_RIGHTS, ids=[f"{case.name}-{right.name}" for case, right in SINGLE_RIGHTS]
)
def test_every_right_but_a_needed_one_is_refused(case, right, sim, context):
    ctx = context(case)
    case.setup(ctx)
    calls = sim.calls(case.api)
    sim.set_access(ALL_ACCESS & ~int(right))
    if case.name == "FaxHandle.abort":
        sim.set_user("Somebody Else")  # the owner may abort without the right
    with pytest.raises(PermissionError) as info:
        case.call(ctx)
    assert info.value.winerror == ERROR_ACCESS_DENIED
    assert sim.calls(case.api) == calls + 1
    if case.lifetime:
        ctx.leaked_handles += 1


@pytest.mark.parametrize("case", WITH_RIGHTS, ids=[case.name for case in WITH_RIGHTS])
def test_the_stated_rights_alone_are_enough(case, sim, context):
    ctx = context(case)
    case.setup(ctx)
    sim.set_access(int(case.access))
    result = case.call(ctx)
    sim.grant_access()
    case.check(ctx, result)


@pytest.mark.parametrize("case", NEED_NOTHING, ids=[case.name for case in NEED_NOTHING])
def test_no_right_at_all_is_needed(case, sim, context):
    ctx = context(case)
    case.setup(ctx)
    # A connection needs some right (FaxConnectFaxServer); what the call
    # itself needs is nothing.  0 is no fax right at all.
    sim.set_access(0)
    if case.name == "winfax.start_print_job":
        # Printing needs no right; whether the document is then sent is
        # test_a_printed_fax_is_queued_only_for_a_user_who_may_send's.
        job = winfax.start_print_job(None, PRINT_INFO)
        sim.grant_access()
        finish_print_job(job, end=False)
        return
    result = case.call(ctx)
    sim.grant_access()
    if case.name == "FaxHandle.access_check":
        assert result is False  # the answer, not a refusal
    else:
        case.check(ctx, result)


def test_the_table_states_a_right_for_every_documented_denial():
    # The functions whose pages list ERROR_ACCESS_DENIED with a named right.
    stated = {
        "FaxAbort": AccessRight.JOB_MANAGE,
        "FaxClose": AccessRight.PORT_QUERY,
        "FaxEnableRoutingMethodW": AccessRight.PORT_SET,
        "FaxEnumGlobalRoutingInfoW": AccessRight.CONFIG_QUERY,
        "FaxEnumJobsW": AccessRight.JOB_QUERY,
        "FaxEnumPortsW": AccessRight.PORT_QUERY,  # the page says JOB_QUERY: see docs/api.md
        "FaxEnumRoutingMethodsW": AccessRight.PORT_QUERY,
        "FaxGetConfigurationW": AccessRight.CONFIG_QUERY,
        "FaxGetDeviceStatusW": AccessRight.PORT_QUERY,
        "FaxGetJobW": AccessRight.JOB_QUERY,
        "FaxGetLoggingCategoriesW": AccessRight.CONFIG_QUERY,
        "FaxGetPageData": AccessRight.JOB_QUERY,
        "FaxGetPortW": AccessRight.PORT_QUERY,
        "FaxGetRoutingInfoW": AccessRight.PORT_QUERY,
        "FaxOpenPort": AccessRight.PORT_QUERY,
        "FaxSendDocumentForBroadcastW": AccessRight.JOB_SUBMIT,
        "FaxSendDocumentW": AccessRight.JOB_SUBMIT,
        "FaxSetConfigurationW": AccessRight.CONFIG_SET | AccessRight.PORT_QUERY,
        "FaxSetGlobalRoutingInfoW": AccessRight.CONFIG_SET,
        "FaxSetJobW": AccessRight.JOB_MANAGE,
        "FaxSetLoggingCategoriesW": AccessRight.CONFIG_SET,
        "FaxSetPortW": AccessRight.PORT_SET,
        "FaxSetRoutingInfoW": AccessRight.PORT_SET,
    }
    table = {case.api: case.access for case in API if case.access is not None}
    assert table == stated
    # FaxClose's right is the port handle's (the server handle needs none).
    assert CASES["FaxHandle.close"].access is None


# ---- FaxAbort: the owner, or FAX_JOB_MANAGE -----------------------------------------


def _queue_as(sim, user, tiff):
    sim.set_user(user)
    with winfax.connect() as server:
        return server.send_document(tiff, winfax.JobParam(recipient_number="1"))


def test_the_owner_aborts_their_own_job_without_job_manage(sim, tmp_path):
    tiff = write_tiff(tmp_path / "f.tif")
    mine = _queue_as(sim, "Ada", tiff)
    # Not even FAX_JOB_SUBMIT: owning the job is what counts.
    sim.set_access(int(AccessRight.JOB_QUERY))
    with winfax.connect() as server:
        server.abort(mine)
        assert mine not in {j.job_id for j in server.jobs()}


def test_nobody_else_aborts_a_job_without_job_manage(sim, tmp_path):
    tiff = write_tiff(tmp_path / "f.tif")
    theirs = _queue_as(sim, "Grace", tiff)
    sim.set_user("Ada")
    sim.set_access(ALL_ACCESS & ~int(AccessRight.JOB_MANAGE))
    with winfax.connect() as server:
        with pytest.raises(PermissionError) as info:
            server.abort(theirs)
        assert info.value.winerror == ERROR_ACCESS_DENIED
        assert theirs in {j.job_id for j in server.jobs()}
        sim.set_access(int(AccessRight.JOB_MANAGE))
        server.abort(theirs)  # FAX_JOB_MANAGE aborts anyone's
        sim.grant_access()
        assert theirs not in {j.job_id for j in server.jobs()}


def test_set_job_needs_job_manage_even_for_the_owner(sim, tmp_path):
    tiff = write_tiff(tmp_path / "f.tif")
    mine = _queue_as(sim, "Ada", tiff)
    sim.set_access(ALL_ACCESS & ~int(AccessRight.JOB_MANAGE))
    with winfax.connect() as server:
        for command in (JobCommand.PAUSE, JobCommand.RESUME, JobCommand.DELETE):
            with pytest.raises(PermissionError) as info:
                server.set_job(mine, command)
            assert info.value.winerror == ERROR_ACCESS_DENIED
        sim.grant_access()
        assert mine in {j.job_id for j in server.jobs()}


# ---- printing: no right to start, FAX_JOB_SUBMIT to be sent ---------------------------

needs_simulated_gdi = pytest.mark.skipif(
    winfax.backend == "windows",
    reason="EndDoc is gdi32's on Windows, which cannot end the simulator's print jobs",
)


@needs_simulated_gdi
def test_a_printed_fax_is_queued_only_for_a_user_who_may_send(sim):
    info = winfax.PrintInfo(recipient_number="555", doc_name="Printed")
    sim.set_access(ALL_ACCESS & ~int(AccessRight.JOB_SUBMIT))
    with winfax.start_print_job(None, info) as job:  # no right needed to print
        pass
    assert job.state == "ended"
    assert sim.job_count() == 0  # the service refused the document
    sim.set_access(int(AccessRight.JOB_SUBMIT))
    with winfax.start_print_job(None, info):
        pass
    assert sim.job_count() == 1
    assert sim.open_print_jobs() == 0

