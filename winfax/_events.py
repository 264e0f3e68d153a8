"""The asyncio form of fax events: ``async for event in server.aevents()``.

FaxHandle.events() waits for the fax service with the GIL released, but it
still blocks the thread that iterates.  aevents() makes the same waits in
the event loop's default executor instead, a short slice (_SLICE seconds)
at a time, so that

* the loop never blocks on a wait.  (aevents() itself attaches to the
  handle's event queue at once, registering the process with
  FaxInitializeEventQueue if it is not yet registered in this service
  session: a short call to the local service like any other method,
  and it means no event from then on is missed, and its errors are raised
  where aevents() is called);
* cancelling a task waiting for the next event takes effect at once and
  loses nothing: the worker call in flight is kept, and its events are
  handed out by the next ``__anext__``;
* ``aclose()``, and the loop's shutdown, wait at most one slice for the
  worker to come back (closing wakes it at once anyway).

A worker call brings back every event already queued (up to a batch), so a
burst costs one executor round trip rather than one per event.
"""

from __future__ import annotations

import collections
import math
import types
from typing import TYPE_CHECKING

from . import _winfax

if TYPE_CHECKING:
    import asyncio

# asyncio itself is imported where it is used: `import winfax` should not
# pay for it (it triples the import time) when nothing here runs.

__all__ = ["AsyncEventIterator", "aevents"]

# The longest one worker call waits: what cancellation, aclose() and loop
# shutdown may have to wait for the worker.
_SLICE = 0.1


def _check_timeout(timeout: float | None) -> float | None:
    # The same rules, and words, as FaxHandle.events().
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"timeout must be a number of seconds or None, not {type(timeout).__name__}"
        )
    if math.isnan(timeout) or timeout < 0:
        raise ValueError(f"timeout must be 0 or more seconds, got {timeout!r}")
    if math.isinf(timeout):
        return None
    return float(timeout)


def _retrieve(future: asyncio.Future[list[_winfax.Event]]) -> None:
    # A worker call left behind by a cancelled __anext__ may never be
    # awaited again (the iterator is dropped); marking its exception as
    # seen keeps asyncio from logging it.  Awaiting it still raises.
    if not future.cancelled():
        future.exception()


class AsyncEventIterator:
    """The fax events of a FaxHandle for asyncio; see winfax.aevents().

    Each ``__anext__`` waits up to `timeout` seconds (None: for ever) for
    the next Event, and the iteration stops when none came in time, or when
    the iterator or the handle is closed.  A service restart is
    EventId.FAXSVC_ENDED, then FAXSVC_STARTED and the new session's events.
    The handle's event queue is the one FaxHandle.events() reads: one
    reader at a time.  ``async with`` closes the iterator on leaving.
    """

    def __init__(self, stream: _winfax.EventIterator, timeout: float | None) -> None:
        self._stream = stream
        self._timeout = timeout
        self._pending: asyncio.Future[list[_winfax.Event]] | None = None
        self._ready: collections.deque[_winfax.Event] = collections.deque()
        self._closed = False

    @property
    def timeout(self) -> float | None:
        """Seconds each step waits for an event; None: for ever."""
        return self._timeout

    @property
    def closed(self) -> bool:
        """True once the iteration is over."""
        return self._closed

    def __repr__(self) -> str:
        return f"<winfax.AsyncEventIterator {'closed' if self._closed else 'open'}>"

    def __aiter__(self) -> AsyncEventIterator:
        return self

    async def __anext__(self) -> _winfax.Event:
        import asyncio

        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        while True:
            if self._ready:
                return self._ready.popleft()
            if self._closed:
                raise StopAsyncIteration
            if self._pending is not None and self._pending.cancelled():
                # The executor dropped it (loop shutdown): nothing came back.
                self._pending = None
            if self._pending is None:
                wait = _SLICE
                if deadline is not None:
                    wait = min(wait, max(deadline - loop.time(), 0.0))
                self._pending = loop.run_in_executor(None, self._wait, wait)
                self._pending.add_done_callback(_retrieve)
            pending = self._pending
            try:
                # Shielded: cancelling this step must not throw away what the
                # worker is about to bring back.
                events = await asyncio.shield(pending)
            except asyncio.CancelledError:
                raise
            except BaseException:
                if self._pending is not pending:
                    continue  # another task awaiting it reported this already
                self._pending = None
                raise
            if self._pending is not pending:
                continue  # another task awaiting the same call took its events
            self._pending = None
            if events:
                self._ready.extend(events)
                continue
            if self._closed or self._stream.closed:
                self._finish()
                raise StopAsyncIteration
            if deadline is not None and loop.time() >= deadline:
                self._finish()
                raise StopAsyncIteration

    def _wait(self, seconds: float) -> list[_winfax.Event]:
        # In a worker thread; a closed stream answers [] at once.
        return self._stream._wait(seconds)

    def _finish(self) -> None:
        self._closed = True
        self._stream.close()  # wakes a worker waiting on it

    async def aclose(self) -> None:
        """Stop iterating; a worker waiting for events comes back at once,
        and the handle's event queue is free for another reader.  Events
        not yet handed out are dropped.  Closing twice does nothing."""
        self._finish()
        self._ready.clear()
        pending, self._pending = self._pending, None
        if pending is not None and not pending.done():
            import asyncio

            # Woken by the close, it is back at once; waiting for it means
            # the handle's queue is free when aclose() returns.
            await asyncio.wait([pending])

    async def __aenter__(self) -> AsyncEventIterator:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.aclose()


def aevents(server: _winfax.FaxHandle, timeout: float | None = None) -> AsyncEventIterator:
    """The fax events of `server` as an async iterator of Event records.

        async with winfax.aevents(server, timeout=30) as events:
            async for event in events:
                print(event.event_id, event.job_id)

    The asyncio form of server.events() (also reachable as
    server.aevents()): the waits run in the loop's default executor, so
    the loop never blocks.  Each step waits up to `timeout` seconds (None:
    for ever); the iteration stops when nothing came in time, or when the
    iterator or the handle is closed (a service restart does not stop it).

    It reads the handle's event queue, as events() does, from the moment it
    returns: making the queue (and, if the process is not registered in
    this service session, FaxInitializeEventQueue) is done here, so its
    errors - OSError, ValueError for a closed handle,
    RuntimeError while another iterator reads the handle's events - are
    raised here too.
    """
    if not isinstance(server, _winfax.FaxHandle):
        raise TypeError(f"server must be a winfax.FaxHandle, not {type(server).__name__}")
    timeout = _check_timeout(timeout)
    return AsyncEventIterator(server.events(), timeout)
