"""What became of each fax: FaxHandle.wait(), outcomes(), await_job() and
aoutcomes(), driven through the simulator's events with its manual clock
(simulator.advance() moves every job one stage on).

The outcome comes from the events the service posts (FAX_EVENTW's FEI_*
codes), not from guessing at the queue: a sent job leaves the queue, so
FaxGetJob cannot tell "sent" from "deleted" once it is over."""

import asyncio
import datetime
import threading
import time

import pytest

import winfax
from conftest import needs_simulator
from faxdocs import write_tiff
from test_events import DEVICE, HANG, PAGES, PARAMS
from winfax import EventId, JobCommand, QueueStatus, _outcomes

pytestmark = needs_simulator

UTC = datetime.timezone.utc


@pytest.fixture
def tiff(tmp_path):
    return str(write_tiff(tmp_path / "fax.tif", pages=PAGES))


@pytest.fixture
def server(sim):
    with winfax.connect() as s:
        yield s


def follow(server):
    """Start following (the first outcomes() or wait() does it)."""
    server.outcomes(timeout=0).close()


def test_a_sent_fax_waited_for_from_another_thread(sim, server, tiff):
    follow(server)
    before = datetime.datetime.now(UTC)
    job = server.send_document(tiff, PARAMS)
    with pytest.raises(TimeoutError):
        server.wait(job, timeout=0)  # seen in the queue: its entry is kept
    got = []
    waiter = threading.Thread(target=lambda: got.append(server.wait(job, timeout=HANG)))
    waiter.start()
    sim.run_queue()
    waiter.join(HANG)
    (outcome,) = got
    assert outcome.result == "sent" and outcome.sent
    assert outcome.job_id == job
    assert outcome.event_id is EventId.COMPLETED
    assert outcome.device_id == DEVICE
    assert outcome.source == "events"
    assert outcome.ended.tzinfo is UTC
    assert before - datetime.timedelta(minutes=5) < outcome.ended < before + datetime.timedelta(minutes=5)
    # The last entry seen is the job as it was queued (it left the queue since).
    assert outcome.entry.job_id == job
    assert outcome.entry.recipient_number == PARAMS.recipient_number


def test_a_job_that_ended_before_wait_was_called(sim, server, tiff):
    # Between two looks at the queue the job was sent and left it: the
    # queue cannot tell, the events kept since following began can.
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.run_queue()
    with pytest.raises(OSError) as gone:
        server.get_job(job)
    assert gone.value.winerror == 87
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "sent" and outcome.event_id is EventId.COMPLETED
    # Asked again, the same answer, from memory.
    assert server.wait(job) == outcome


def test_a_job_deleted_before_wait_was_called_is_cancelled_not_sent(sim, server, tiff):
    follow(server)
    job = server.send_document(tiff, PARAMS)
    server.abort(job)
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "cancelled"
    assert outcome.event_id is EventId.DELETED


def test_waiting_follows_a_job_queued_before_following_began(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    sim.advance()  # dialing, before anybody follows
    got = []
    waiter = threading.Thread(target=lambda: got.append(server.wait(job, timeout=HANG)))
    waiter.start()
    deadline = time.monotonic() + HANG
    while job not in _outcomes.follower(server).tracker.live and time.monotonic() < deadline:
        time.sleep(0.01)
    sim.run_queue()
    waiter.join(HANG)
    assert got[0].result == "sent"
    assert got[0].entry is not None and got[0].entry.job_id == job


def test_failed_after_retries(sim, server, tiff):
    server.set_configuration(server.configuration().replace(retries=2))
    follow(server)
    job = server.send_document(tiff, PARAMS)
    for attempt in range(3):  # the first try and two retries
        sim.advance()
        with pytest.raises(TimeoutError):
            server.wait(job, timeout=0)  # retrying is not an end
        sim.fail_job(job, "retry")
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "failed"
    assert outcome.event_id is EventId.NO_ANSWER
    assert outcome.entry.queue_status & QueueStatus.RETRIES_EXCEEDED
    assert outcome.device_id == DEVICE
    # The failed job stays in the queue (it can be restarted or deleted).
    assert server.get_job(job).job_id == job


def test_a_fatal_error_then_a_restart_of_the_job(sim, server, tiff):
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.advance()
    sim.fail_job(job, "fatal")
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "failed" and outcome.event_id is EventId.FATAL_ERROR
    # Restarted, the job lives again and its next end is the one reported.
    server.set_job(job, JobCommand.RESTART)
    sim.run_queue()
    assert server.wait(job, timeout=0).result == "sent"


def test_cancelled_before_sending(sim, server, tiff):
    follow(server)
    job = server.send_document(tiff, PARAMS)
    server.set_job(job, JobCommand.DELETE)
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "cancelled"
    assert outcome.device_id == 0


def test_cancelled_while_sending(sim, server, tiff):
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.advance(2)  # dialed, first page on the line
    server.abort(job)
    with pytest.raises(TimeoutError):
        server.wait(job, timeout=0)  # aborting: the job has not left yet
    sim.advance()
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "cancelled"
    assert outcome.event_id is EventId.DELETED
    assert outcome.device_id == DEVICE


def test_deleted_by_another_user(sim, server, tiff):
    sim.set_user("alice")
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.set_user("bob")  # who has FAX_JOB_MANAGE, as the simulator's default grants
    with winfax.connect() as other:
        other.abort(job)
    assert server.wait(job, timeout=0).result == "cancelled"


def test_the_service_restarted_mid_job(sim, tiff):
    server = winfax.connect()
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.advance(2)
    with pytest.raises(TimeoutError):
        server.wait(job, timeout=0)  # seen on its line before the restart
    got = []
    waiter = threading.Thread(target=lambda: got.append(server.wait(job, timeout=HANG)))
    waiter.start()
    sim.restart()
    # The process registers again in the new session; the job goes on.
    deadline = time.monotonic() + HANG
    while sim.event_queues() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    sim.run_queue()
    waiter.join(HANG)
    assert got and got[0].result == "sent"
    assert got[0].event_id is EventId.COMPLETED
    # After the restart the handle is dead (FaxGetJob with it would fail),
    # but its outcomes are still remembered.
    assert server.wait(job, timeout=0) == got[0]
    server.detach()  # the restarted service does not know the old handle


def test_a_job_never_seen_and_not_in_the_queue(sim, server):
    follow(server)
    with pytest.raises(winfax.JobNotInQueueError) as err:
        server.wait(4242, timeout=0)
    assert isinstance(err.value, OSError) and err.value.winerror == 87
    assert err.value.job_id == 4242
    assert "not in the fax queue" in str(err.value)


def test_wait_times_out_with_timeout_error(sim, server, tiff):
    job = server.send_document(tiff, PARAMS)
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        server.wait(job, timeout=0.2)
    assert time.monotonic() - start >= 0.2


def test_bad_arguments(server):
    with pytest.raises(TypeError):
        server.wait("1")
    with pytest.raises(ValueError):
        server.wait(-1)
    with pytest.raises(ValueError):
        server.wait(1, timeout=-1)


def test_outcomes_follows_every_job_from_one_stream(sim, server, tiff):
    stream = server.outcomes(timeout=0)
    jobs = [server.send_document(tiff, PARAMS) for _ in range(6)]
    server.abort(jobs[1])
    sim.advance()
    sim.fail_job(jobs[2], "fatal")
    sim.run_queue()
    got = {o.job_id: o.result for o in stream}
    assert got == {jobs[0]: "sent", jobs[1]: "cancelled", jobs[2]: "failed",
                   jobs[3]: "sent", jobs[4]: "sent", jobs[5]: "sent"}


# ---- received faxes ----------------------------------------------------------


def _receiving_device(server, folder=None):
    """The device, set to receive and answer at the first ring, storing
    received faxes in `folder` if given."""
    with server.open_port(DEVICE, winfax.PortOpen.MODIFY) as port:
        info = port.info()
        port.set_info(info.replace(flags=info.flags | winfax.PortFlags.RECEIVE, rings=1))
        if folder is not None:
            winfax.set_routing_config(port, winfax.FolderRouting(str(folder)), enabled=True)
    return DEVICE


def test_a_received_fax_is_followed_like_a_sent_one(sim, server, tiff, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    device = _receiving_device(server, inbox)
    stream = server.outcomes(timeout=HANG)
    sent = server.send_document(tiff, PARAMS)
    sim.run_queue()
    received = sim.receive(device, tiff, tsid="+1 555 0100")
    while True:
        assert sim.job_count() > 0, "the receive job left the queue without an outcome"
        sim.advance()
        try:
            server.wait(received, timeout=0)
        except TimeoutError:
            assert list(inbox.iterdir()) == [] or server.get_job(received) is not None
            continue
        # An outcome for the received fax means its routing methods have run.
        assert [p.name for p in inbox.iterdir()] == [f"Fax-{received}.tif"]
        break
    seen = [next(stream), next(stream)]
    by_job = {o.job_id: o for o in seen}
    assert by_job[sent].result == "sent" and not by_job[sent].received
    outcome = by_job[received]
    assert (outcome.result, outcome.received, outcome.sent) == ("received", True, False)
    assert outcome.event_id is EventId.DELETED and outcome.device_id == device
    assert outcome.entry.job_type == winfax.JobType.RECEIVE
    assert outcome.entry.page_count == PAGES
    assert outcome.ended.tzinfo is not None


def test_waiting_for_a_fax_received_before_wait_was_called(sim, server, tiff):
    device = _receiving_device(server)
    follow(server)
    job = sim.receive(device, tiff)
    sim.run_queue()
    assert server.jobs() == []
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "received"
    # Its events were read after it had left the queue: no entry was seen.
    assert outcome.entry is None


def test_a_receive_not_over_has_no_outcome_yet(sim, server, tiff):
    """The call completed but the fax is not routed yet: not an outcome."""
    device = _receiving_device(server)
    follow(server)
    job = sim.receive(device, tiff)
    while server.get_job(job).status != winfax.PortState.ROUTING:
        sim.advance()
    with pytest.raises(TimeoutError):
        server.wait(job, timeout=0)
    sim.run_queue()
    assert server.wait(job, timeout=0).result == "received"


def test_a_receive_followed_from_its_routing_on(sim, server, tiff):
    """A connection that starts following after the call completed (another
    one saw it) still reports it received: the call was over when it first
    looked the job up."""
    device = _receiving_device(server)
    job = sim.receive(device, tiff)
    while server.get_job(job).status != winfax.PortState.ROUTING:
        sim.advance()
    with winfax.connect() as late:
        with pytest.raises(TimeoutError):
            late.wait(job, timeout=0)
        sim.run_queue()
        assert late.wait(job, timeout=0).result == "received"


def test_a_receive_call_aborted_is_cancelled(sim, server, tiff):
    device = _receiving_device(server)
    follow(server)
    job = sim.receive(device, tiff)
    sim.advance(2)      # answered, receiving
    server.abort(job)
    sim.run_queue()
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "cancelled" and not outcome.received


@pytest.mark.parametrize("how", ["hangup", "fatal"])
def test_a_receive_call_that_fails_is_failed(sim, server, tiff, how):
    device = _receiving_device(server)
    follow(server)
    job = sim.receive(device, tiff)
    sim.advance(2)
    sim.fail_job(job, how)
    sim.run_queue()
    outcome = server.wait(job, timeout=0)
    assert outcome.result == "failed"
    assert outcome.event_id is (EventId.DISCONNECTED if how == "hangup" else EventId.FATAL_ERROR)


def test_a_device_that_does_not_answer_makes_no_job(sim, server, tiff):
    with server.open_port(DEVICE, winfax.PortOpen.MODIFY) as port:
        info = port.info()
        port.set_info(info.replace(flags=info.flags & ~winfax.PortFlags.RECEIVE))
    stream = server.outcomes(timeout=0)
    assert sim.receive(DEVICE, tiff) is None
    sim.run_queue()
    assert list(stream) == []


def test_memory_is_bounded(sim, server, tiff, monkeypatch):
    follow(server)
    tracker = _outcomes.follower(server).tracker
    monkeypatch.setattr(tracker, "memory", 3)
    jobs = [server.send_document(tiff, PARAMS) for _ in range(5)]
    for job in jobs:
        server.abort(job)
    server.wait(jobs[-1], timeout=0)
    assert list(tracker.done) == jobs[-3:]
    assert not tracker.live
    with pytest.raises(winfax.JobNotInQueueError):
        server.wait(jobs[0], timeout=0)  # forgotten: said so, not guessed


def test_polling_where_events_cannot_be_had(sim, tiff):
    # FaxInitializeEventQueue refused (access denied): winfax asks the
    # queue instead, and says so in the outcome.
    with winfax.connect() as server:
        sim.fail_next("FaxInitializeEventQueue", 5)
        job = server.send_document(tiff, PARAMS)
        sim.advance()
        sim.fail_job(job, "fatal")
        outcome = server.wait(job, timeout=HANG)
        assert outcome.source == "polling"
        assert outcome.result == "failed" and outcome.event_id is None
        server.abort(job)


def test_await_job_and_aoutcomes(sim, server, tiff):
    async def main():
        follow(server)
        job = server.send_document(tiff, PARAMS)
        other = server.send_document(tiff, PARAMS)
        waiting = asyncio.ensure_future(server.await_job(job, timeout=HANG))
        await asyncio.sleep(0)
        sim.run_queue()
        first = await waiting
        seen = [o.job_id async for o in winfax._outcomes.aoutcomes(server, timeout=0)]
        return job, other, first, seen

    job, other, first, seen = asyncio.run(main())
    assert first.result == "sent" and first.job_id == job
    # aoutcomes() subscribed after both ended: it reports what ends from then on.
    assert seen == []


def test_aoutcomes_reports_jobs_as_they_end(sim, server, tiff):
    async def main():
        jobs = [server.send_document(tiff, PARAMS) for _ in range(3)]
        got = []
        async def read():
            async for outcome in server.aoutcomes(timeout=HANG):
                got.append((outcome.job_id, outcome.result))
                if len(got) == 3:
                    return
        reader = asyncio.ensure_future(read())
        await asyncio.sleep(0.05)
        server.abort(jobs[0])
        sim.run_queue()
        await asyncio.wait_for(reader, HANG)
        return jobs, got

    jobs, got = asyncio.run(main())
    assert got == [(jobs[0], "cancelled"), (jobs[1], "sent"), (jobs[2], "sent")]


def test_cancelling_await_job_is_prompt(sim, server, tiff):
    async def main():
        job = server.send_document(tiff, PARAMS)
        task = asyncio.ensure_future(server.await_job(job))
        await asyncio.sleep(0.05)
        start = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - start

    assert asyncio.run(main()) < 2.0


def test_an_outcome_iterator_closed_or_dropped_stops_collecting(sim, server, tiff):
    follow(server)
    tracker = _outcomes.follower(server).tracker
    assert tracker.subscribers == []  # follow() closed its iterator unread
    dropped = server.outcomes()
    assert len(tracker.subscribers) == 1
    del dropped
    import gc
    gc.collect()
    assert tracker.subscribers == []
    with server.outcomes(timeout=0) as stream:
        server.abort(server.send_document(tiff, PARAMS))
        assert [o.result for o in stream] == ["cancelled"]
        assert stream.closed
    assert tracker.subscribers == []


def test_the_readme_example_runs_as_written(tmp_path):
    # The README promises its outcomes example runs as written; it sets the
    # simulator's clock, so it runs in a process of its own.
    import pathlib
    import subprocess
    import sys

    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("### What became of each fax: outcomes"):]
    code = section[section.index("```python\n") + 10:]
    code = code[:code.index("```")]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[1:3] == ["sent", "COMPLETED"]
    assert lines[-1] == "sent"
    assert len(lines) == 5


def test_an_event_time_that_names_no_moment_still_ends_the_job(sim, server, tiff):
    """A FILETIME past year 9999 reads as None (InvalidTimeWarning); the
    outcome's `ended` is then when this process saw the job end."""
    follow(server)
    job = server.send_document(tiff, PARAMS)
    sim.set_event_stamp(2**64 - 1)
    try:
        sim.run_queue()
    finally:
        sim.set_event_stamp(None)
    before = datetime.datetime.now(UTC)
    with pytest.warns(winfax.InvalidTimeWarning):
        outcome = server.wait(job, timeout=0)
    assert outcome.result == "sent"
    assert outcome.ended.tzinfo is not None and outcome.ended >= before
