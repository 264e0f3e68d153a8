"""Printing to the fax printer (FaxStartPrintJobW, FaxPrintCoverPageW).
The simulator models the job and its cover page without drawing."""

import pytest

import winfax
from conftest import needs_simulator
from winfax import ContextInfo, CoverPageInfo, PrintInfo

pytestmark = needs_simulator


def test_start_print_job_queues_a_fax(sim):
    print_id, ctx = winfax.start_print_job(None, PrintInfo(recipient_number="555", doc_name="Memo"))
    assert isinstance(print_id, int)
    assert isinstance(ctx, ContextInfo) and ctx.hdc != 0
    assert ctx.server_name and len(ctx.server_name) <= 15
    with winfax.connect() as s:
        jobs = s.jobs()
    assert [j.recipient_number for j in jobs] == ["555"]
    assert jobs[0].page_count == 0


def test_print_cover_page_adds_a_page(sim):
    _, ctx = winfax.start_print_job("Fax", PrintInfo(recipient_number="1"))
    winfax.print_cover_page(ctx, CoverPageInfo(use_server_cover_page=True, subject="Hi"))
    with winfax.connect() as s:
        assert s.jobs()[0].page_count == 1


def test_print_errors(sim, tmp_path):
    with pytest.raises(OSError) as info:
        winfax.start_print_job("Laser 9000", PrintInfo(recipient_number="1"))
    assert info.value.winerror == 1801  # ERROR_INVALID_PRINTER_NAME
    _, ctx = winfax.start_print_job(None, PrintInfo(recipient_number="1"))
    with pytest.raises(FileNotFoundError):
        winfax.print_cover_page(ctx, CoverPageInfo(cover_page_name=str(tmp_path / "none.cov")))
    with pytest.raises(OSError) as info:
        winfax.print_cover_page(ctx.replace(hdc=12345), CoverPageInfo(use_server_cover_page=True))
    assert info.value.winerror == 3003  # ERROR_SPL_NO_STARTDOC
    with pytest.raises(ValueError, match="at most 15"):
        winfax.print_cover_page(ctx.replace(server_name="X" * 16), CoverPageInfo())
    with pytest.raises(TypeError, match="print_info must be a winfax.PrintInfo"):
        winfax.start_print_job(None, winfax.JobParam())
    sim.deny_access(winfax.AccessRight.JOB_SUBMIT)
    with pytest.raises(PermissionError):
        winfax.start_print_job(None, PrintInfo(recipient_number="1"))
