"""What became of each fax job: FaxHandle.wait(), outcomes() and their
asyncio forms, built on the handle's fax events.

A sent job leaves the queue (FaxGetJob then fails with
ERROR_INVALID_PARAMETER), so the queue cannot say what happened to it; the
service's events can.  The FEI_* codes of FAX_EVENTW
(https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_eventw)
that end a job here:

* FEI_COMPLETED: the job was sent ("sent").
* FEI_FATAL_ERROR: it failed and is not retried ("failed").
* FEI_NO_ANSWER, FEI_BUSY, FEI_NO_DIAL_TONE, FEI_BAD_ADDRESS, ... (an
  attempt failed): the service retries it, so this ends the job only when
  its queue status says JS_RETRIES_EXCEEDED or JS_FAILED ("failed"); the
  job stays in the queue then, so FaxGetJob can tell.
* FEI_DELETED with none of the above before it: the job left the queue
  unsent, cancelled by this process or deleted by anyone ("cancelled").

A received fax (a JT_RECEIVE job) is followed the same way, through the
events FAX_EVENTW's page gives for a call coming in: FEI_RINGING,
FEI_ANSWERED, FEI_RECEIVING, then FEI_COMPLETED when the call is over and
FEI_ROUTING while the service routes "a received fax document".  Its
outcome is decided when the job leaves the queue (FEI_DELETED), so that the
routing methods have run by then: "received" if the call completed, else
"failed" after a failed call (FEI_FATAL_ERROR, FEI_DISCONNECTED, ...: an
inbound call is not retried; the Retries of FAX_CONFIGURATIONW are for
outgoing faxes) or "cancelled" if it was aborted.  The job is known to be a
receive by those events, or by its JobEntry's job_type.

Why Python, on top of FaxHandle.events(): the bookkeeping is one dict
lookup per event (plus one FaxGetJob per failed attempt, which is rare),
so it is O(1) per event, and the native event path (the hub and the
handle's queue) is not touched: events() keeps its cost for those who do
not ask for outcomes.

Following starts at the first wait()/outcomes() on a handle: the handle's
event queue is attached then and keeps every later event until read, so
a job that ends while nobody waits is still reported to the next wait().
Finished jobs are remembered, the newest MEMORY of them per handle (a
bounded memory: the oldest are forgotten first); a job that is neither
remembered nor in the queue raises JobNotInQueueError.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import math
import threading
import time

from . import _winfax
from ._enums import EventId, JobType, PortState, QueueStatus

__all__ = ["JobOutcome", "JobNotInQueueError", "MEMORY", "OutcomeIterator"]

# How many finished jobs each handle remembers for a later wait().
MEMORY = 10_000
# The longest one read of the handle's queue blocks: lets another waiting
# thread take over reading, and Ctrl-C through.  Not a poll of the service.
_SLICE = 0.5
# How often the polling fallback asks the service about a job.
POLL_INTERVAL = 1.0

_ERROR_ACCESS_DENIED = 5
_ERROR_NOT_SUPPORTED = 50
_ERROR_INVALID_PARAMETER = 87

# An attempt failed; the service may retry the job (FAX_EVENTW's page).
_ATTEMPT_FAILED = frozenset({
    EventId.NO_ANSWER, EventId.BUSY, EventId.NO_DIAL_TONE, EventId.BAD_ADDRESS,
    EventId.LINE_UNAVAILABLE, EventId.DISCONNECTED, EventId.CALL_DELAYED,
    EventId.CALL_BLACKLISTED, EventId.NOT_FAX_CALL,
})
# Events only a call coming in has (FAX_EVENTW's page).
_INBOUND = frozenset({EventId.RINGING, EventId.ANSWERED, EventId.RECEIVING,
                      EventId.ROUTING})
_CALL_OVER = frozenset({PortState.COMPLETED, PortState.ROUTING})
_GAVE_UP = QueueStatus.RETRIES_EXCEEDED | QueueStatus.FAILED
_NO_JOB = 0xFFFFFFFF

# What get_job/set_job/abort raise for a job the queue does not hold: wait()
# raises the same class for a job it neither remembers nor finds queued.
JobNotInQueueError = _winfax.JobNotInQueueError


def _not_in_queue(job_id: int, why: str) -> OSError:
    err = JobNotInQueueError(22, f"job {job_id} is not in the fax queue ({why})")
    err.winerror = _ERROR_INVALID_PARAMETER  # type: ignore[attr-defined,unused-ignore]
    err.job_id = job_id
    return err


@dataclasses.dataclass(frozen=True)
class JobOutcome:
    """What became of a fax job.

    result: "sent", "received" (a fax that came in, once routed),
      "failed", "cancelled" (left the queue unsent, or a call aborted),
      or "unknown" (polling saw it leave the queue and cannot say why).
    entry: the last JobEntry seen of it (None if it was never seen in the
      queue by this handle).
    device_id: the device of the event that ended it (0 if none).
    ended: when it ended, aware UTC (the event's time; when polling, when
      the poll noticed).
    event_id: the EventId that ended it (None when polling).
    source: "events", or "polling" where events could not be had.
    """

    job_id: int
    result: str
    entry: _winfax.JobEntry | None
    device_id: int
    ended: datetime.datetime
    event_id: EventId | int | None
    source: str = "events"

    @property
    def sent(self) -> bool:
        return self.result == "sent"

    @property
    def received(self) -> bool:
        return self.result == "received"


class _Job:
    __slots__ = ("entry", "inbound", "completed")

    def __init__(self, entry: _winfax.JobEntry | None, inbound: bool = False) -> None:
        self.entry = entry
        # A call coming in (JT_RECEIVE), and whether that call completed.
        self.inbound = inbound or (entry is not None and entry.job_type == JobType.RECEIVE)
        # Followed from the middle (another connection saw its call end):
        # a call being routed, or just completed, is over.
        self.completed = entry is not None and entry.status in _CALL_OVER


class Tracker:
    """The bookkeeping of one handle, fed its events one at a time.

    feed() is O(1): a dict lookup and, for a failed attempt only, one
    FaxGetJob to learn whether the service gave up."""

    def __init__(self, server: _winfax.FaxHandle, memory: int = MEMORY) -> None:
        self.server = server
        self.memory = memory
        self.live: dict[int, _Job] = {}
        self.live_peak = 0
        self.done: collections.OrderedDict[int, JobOutcome] = collections.OrderedDict()
        self.subscribers: list[collections.deque[JobOutcome]] = []
        # The handle died with the service session it was opened in
        # (FEI_FAXSVC_ENDED): its events go on, FaxGetJob with it cannot.
        self.dead = False

    def lookup(self, job_id: int) -> _winfax.JobEntry | None:
        if self.dead:
            return None
        try:
            return self.server.get_job(job_id)
        except (OSError, ValueError):
            return None  # gone, or the handle died with a restarted service

    def feed_all(self, batch: list[_winfax.Event]) -> None:
        # A batch that holds the end of the session: the handle is dead
        # already for the events before it too (no FaxGetJob with it).
        for event in batch:
            if event.event_id == EventId.FAXSVC_ENDED:
                self.dead = True
        for event in batch:
            self.feed(event)

    def feed(self, event: _winfax.Event) -> None:
        job_id = event.job_id
        kind = event.event_id
        if kind == EventId.FAXSVC_ENDED:
            self.dead = True
        if job_id == _NO_JOB:
            return
        if job_id in self.done:
            if kind == EventId.DELETED or kind == EventId.COMPLETED:
                return  # a finished job leaving the queue: nothing new
            # A failed job restarted (JobCommand.RESTART): it lives again.
            outcome = self.done.pop(job_id)
            self.live[job_id] = _Job(outcome.entry)
            self.live_peak = max(self.live_peak, len(self.live))
        job = self.live.get(job_id)
        if job is None:
            inbound = kind in _INBOUND
            job = self.live[job_id] = _Job(
                self.lookup(job_id) if kind == EventId.JOB_QUEUED or inbound else None,
                inbound)
            if len(self.live) > self.live_peak:
                self.live_peak = len(self.live)
        elif kind in _INBOUND:
            job.inbound = True
        if job.inbound:
            self.feed_inbound(job_id, job, event)
        elif kind == EventId.COMPLETED:
            self.finish(job_id, job, "sent", event)
        elif kind == EventId.FATAL_ERROR:
            self.finish(job_id, job, "failed", event)
        elif kind in _ATTEMPT_FAILED:
            entry = self.lookup(job_id)
            if entry is not None:
                job.entry = entry
                if entry.queue_status & _GAVE_UP:
                    self.finish(job_id, job, "failed", event)
        elif kind == EventId.DELETED:
            self.finish(job_id, job, "cancelled", event)

    def feed_inbound(self, job_id: int, job: _Job, event: _winfax.Event) -> None:
        """A received fax: the call completes, is routed, then leaves the
        queue; only then is its outcome known."""
        kind = event.event_id
        if kind == EventId.COMPLETED:
            job.completed = True
            # Now the pages are all in: one FaxGetJob for the final entry.
            job.entry = self.lookup(job_id) or job.entry
        elif kind == EventId.FATAL_ERROR or kind in _ATTEMPT_FAILED:
            self.finish(job_id, job, "failed", event)
        elif kind == EventId.DELETED:
            self.finish(job_id, job, "received" if job.completed else "cancelled", event)

    def finish(self, job_id: int, job: _Job, result: str, event: _winfax.Event | None,
               source: str = "events") -> None:
        del self.live[job_id]
        # A dict never gives back the room of deleted keys: once most of
        # the jobs of a burst have ended, copy the rest into a dict of
        # their size, so memory returns to what the jobs in flight need.
        # The copy costs at most a quarter of the deletions since the last
        # one: amortized O(1).
        if len(self.live) * 4 < self.live_peak:
            self.live = dict(self.live)
            self.live_peak = len(self.live)
        # An event's time that names no real moment reads as None (with
        # InvalidTimeWarning): then the job ended when this process saw it.
        stamp = event.timestamp if event is not None else None
        outcome = JobOutcome(
            job_id=job_id, result=result, entry=job.entry,
            device_id=event.device_id if event is not None else 0,
            ended=stamp if stamp is not None
            else datetime.datetime.now(datetime.timezone.utc),
            event_id=event.event_id if event is not None else None,
            source=source)
        self.done[job_id] = outcome
        if len(self.done) > self.memory:
            self.done.popitem(last=False)
        for queue in self.subscribers:
            queue.append(outcome)


def _check_timeout(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"timeout must be a number of seconds or None, not {type(timeout).__name__}")
    if math.isnan(timeout) or timeout < 0:
        raise ValueError(f"timeout must be 0 or more seconds, got {timeout!r}")
    return None if math.isinf(timeout) else float(timeout)


def _check_job_id(job_id: int) -> int:
    if isinstance(job_id, bool) or not isinstance(job_id, int):
        raise TypeError(f"job_id must be an int, not {type(job_id).__name__}")
    if not 0 <= job_id <= 0xFFFFFFFF:
        raise ValueError(f"job_id must be between 0 and 0xFFFFFFFF, got {job_id}")
    return job_id


class Follower:
    """Follows one handle's events for every thread that waits on it.

    One thread at a time reads the handle's queue (with the GIL released);
    the others wait on a condition, and whoever reads feeds the tracker and
    wakes them all."""

    def __init__(self, server: _winfax.FaxHandle) -> None:
        self.tracker = Tracker(server)
        self.cond = threading.Condition()
        self.reading = False
        self.source = "events"
        try:
            self.stream: _winfax.EventIterator | None = server.events()
        except OSError as err:
            if getattr(err, "winerror", None) not in (_ERROR_NOT_SUPPORTED, _ERROR_ACCESS_DENIED):
                raise
            # No events for this process: jobs are followed by asking.
            self.stream = None
            self.source = "polling"

    @property
    def closed(self) -> bool:
        if self.stream is None:
            return bool(self.tracker.server.closed)
        return bool(self.stream.closed)

    def step(self, seconds: float) -> bool:
        """Called with cond held: read (or wait for the reader) up to
        `seconds`; returns False once no event can ever come."""
        if self.stream is None:
            self.cond.release()
            try:
                time.sleep(seconds)
            finally:
                self.cond.acquire()
            return not self.closed
        if self.reading:
            self.cond.wait(seconds)
            return not self.closed
        self.reading = True
        self.cond.release()
        try:
            batch = self.stream._wait(seconds)
        finally:
            self.cond.acquire()
            self.reading = False
            self.cond.notify_all()
        self.tracker.feed_all(batch)
        return not self.stream.closed

    def drain(self) -> None:
        """With cond held: every event the service had posted so far is fed."""
        while self.stream is not None and not self.stream.closed:
            if self.reading:
                # Another thread holds a batch that may be the one wanted:
                # it is back within a slice, and feeds it before waking us.
                self.cond.wait()
                continue
            self.reading = True
            self.cond.release()
            try:
                batch = self.stream._wait(0)
            finally:
                self.cond.acquire()
                self.reading = False
                self.cond.notify_all()
            self.tracker.feed_all(batch)
            if not batch:
                return

    def poll(self, job_id: int) -> JobOutcome | None:
        """The polling fallback: FaxGetJob, once."""
        tracker = self.tracker
        job = tracker.live[job_id]
        entry = tracker.lookup(job_id)
        if entry is None:
            tracker.finish(job_id, job, "unknown", None, "polling")
        else:
            job.entry = entry
            if entry.queue_status & _GAVE_UP:
                tracker.finish(job_id, job, "failed", None, "polling")
        return tracker.done.get(job_id)

    def wait(self, job_id: int, timeout: float | None) -> JobOutcome | None:
        """The outcome, or None if the timeout passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        tracker = self.tracker
        with self.cond:
            self.drain()
            if job_id not in tracker.done and job_id not in tracker.live:
                entry = tracker.lookup(job_id)
                # It may have ended between the drain and the lookup.
                self.drain()
                if job_id in tracker.done:
                    return tracker.done[job_id]
                if job_id in tracker.live:
                    pass
                elif entry is None and tracker.dead:
                    raise _not_in_queue(
                        job_id, "this handle did not see it, and the service restarted since "
                        "the handle was opened: connect again to look it up")
                elif entry is None:
                    raise _not_in_queue(
                        job_id, "finished jobs leave it, and this handle did not see it end: "
                        "call wait() or outcomes() before the job ends to follow it")
                else:
                    tracker.live[job_id] = _Job(entry)
                    tracker.live_peak = max(tracker.live_peak, len(tracker.live))
            while True:
                outcome = tracker.done.get(job_id)
                if outcome is not None:
                    return outcome
                if self.stream is None and self.poll(job_id) is not None:
                    return tracker.done[job_id]
                wait = POLL_INTERVAL if self.stream is None else _SLICE
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    wait = min(wait, left)
                if not self.step(wait) and job_id not in tracker.done:
                    raise ValueError("the fax handle was closed while waiting for job "
                                     f"{job_id}")


_followers: dict[int, Follower] = {}
_followers_lock = threading.Lock()


def follower(server: _winfax.FaxHandle) -> Follower:
    """The handle's follower, made (and its event queue attached) on first use."""
    if not isinstance(server, _winfax.FaxHandle):
        raise TypeError(f"server must be a winfax.FaxHandle, not {type(server).__name__}")
    with _followers_lock:
        found = _followers.get(id(server))
        if found is not None and found.tracker.server is server and not found.closed:
            return found
        made = Follower(server)
        # Holding the handle keeps its id from being reused; a closed
        # handle's follower is replaced on next use (and fails there).
        _followers[id(server)] = made
        for key in [k for k, f in _followers.items() if f.closed]:
            del _followers[key]
        return made


def wait(server: _winfax.FaxHandle, job_id: int, timeout: float | None = None) -> JobOutcome:
    job_id = _check_job_id(job_id)
    timeout = _check_timeout(timeout)
    outcome = follower(server).wait(job_id, timeout)
    if outcome is None:
        raise TimeoutError(f"job {job_id} had not ended after {timeout} seconds")
    return outcome


class OutcomeIterator:
    """The outcome of every job that ends from the moment it was made, as
    each ends; see FaxHandle.outcomes().  Iterate it in one thread (or
    with ``async for`` in one task); ``with`` closes it on leaving."""

    def __init__(self, server: _winfax.FaxHandle, timeout: float | None) -> None:
        self._timeout = _check_timeout(timeout)
        self._follower = f = follower(server)
        self._ready: collections.deque[JobOutcome] = collections.deque()
        self._closed = False
        with f.cond:
            f.drain()  # what ended before this call is not news to it
            f.tracker.subscribers.append(self._ready)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def timeout(self) -> float | None:
        return self._timeout

    def close(self) -> None:
        """Stop; outcomes not yet handed out are dropped.  Twice does nothing."""
        if self._closed:
            return
        self._closed = True
        f = self._follower
        with f.cond:
            if self._ready in f.tracker.subscribers:
                f.tracker.subscribers.remove(self._ready)
        self._ready.clear()

    def __del__(self) -> None:
        # Without it an iterator dropped unclosed would keep collecting.
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self) -> OutcomeIterator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> OutcomeIterator:
        return self

    def _step(self, seconds: float) -> bool:
        """Wait up to `seconds` for an outcome (GIL released); False once
        none can ever come (the handle closed)."""
        f = self._follower
        with f.cond:
            if self._ready or self._closed:
                return True
            if f.stream is None:
                # Polling follows only the jobs someone waits for.
                for job_id in list(f.tracker.live):
                    f.poll(job_id)
                if self._ready:
                    return True
            alive = f.step(seconds)
            if not self._ready and seconds == 0:
                f.drain()
            return alive

    def __next__(self) -> JobOutcome:
        deadline = None if self._timeout is None else time.monotonic() + self._timeout
        while not self._ready:
            if self._closed:
                raise StopIteration
            wait = _SLICE if self._follower.stream is not None else POLL_INTERVAL
            if deadline is not None:
                wait = min(wait, max(deadline - time.monotonic(), 0.0))
            if not self._step(wait) and not self._ready:
                self.close()
                raise StopIteration
            if not self._ready and deadline is not None and time.monotonic() >= deadline:
                self._step(0)
                if not self._ready:
                    self.close()
                    raise StopIteration
        return self._ready.popleft()

    def __aiter__(self) -> OutcomeIterator:
        return self

    async def __anext__(self) -> JobOutcome:
        import asyncio

        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        while not self._ready:
            if self._closed:
                raise StopAsyncIteration
            wait = _SLICE
            if deadline is not None:
                wait = min(wait, max(deadline - loop.time(), 0.0))
            if not await loop.run_in_executor(None, self._step, wait) and not self._ready:
                self.close()
                raise StopAsyncIteration
            if not self._ready and deadline is not None and loop.time() >= deadline:
                await loop.run_in_executor(None, self._step, 0)
                if not self._ready:
                    self.close()
                    raise StopAsyncIteration
        return self._ready.popleft()

    async def aclose(self) -> None:
        self.close()

    async def __aenter__(self) -> OutcomeIterator:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()


def outcomes(server: _winfax.FaxHandle, timeout: float | None = None) -> OutcomeIterator:
    """Every job's outcome from now on, as it ends; stops when nothing
    ended for `timeout` seconds (None: never) or the handle closes."""
    return OutcomeIterator(server, timeout)


def aoutcomes(server: _winfax.FaxHandle, timeout: float | None = None) -> OutcomeIterator:
    """The asyncio form of outcomes(): the same iterator, read with
    ``async for``; each wait runs in the loop's default executor, a short
    slice at a time, so the loop never blocks and cancelling is prompt."""
    return OutcomeIterator(server, timeout)


async def await_job(server: _winfax.FaxHandle, job_id: int,
                    timeout: float | None = None) -> JobOutcome:
    """The asyncio form of wait(): waits in the loop's default executor, a
    short slice at a time, so cancelling it is prompt and loses nothing."""
    import asyncio

    job_id = _check_job_id(job_id)
    timeout = _check_timeout(timeout)
    f = follower(server)
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    while True:
        wait = _SLICE
        if deadline is not None:
            wait = min(wait, max(deadline - loop.time(), 0.0))
        outcome = await loop.run_in_executor(None, f.wait, job_id, wait)
        if outcome is not None:
            return outcome
        if deadline is not None and loop.time() >= deadline:
            raise TimeoutError(f"job {job_id} had not ended after {timeout} seconds")
