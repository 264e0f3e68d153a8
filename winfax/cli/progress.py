"""Following a job until it is sent or fails (`send --wait`, `job --wait`).

The client API has no "sent" record: the service removes a job from the
queue once it is sent (and once it is cancelled).  What became of it is
told by its outcome (FaxHandle.wait, winfax/_outcomes.py), which the
service's events decide: FEI_COMPLETED sent, FEI_FATAL_ERROR or retries
used up failed, FEI_DELETED first cancelled.  The progress line comes from
polling FaxGetJob (the state, and the device's page), which also says
whether the job failed (JS_FAILED, JS_RETRIES_EXCEEDED: it stays queued).

On a service that runs its queue itself the outcome is read on a
connection of the command's own (job_events.py), opened before the job is
submitted when it can be; the waits between polls are waits for that
outcome, so a job that ends between two polls ends the wait at once.

On the simulator nobody moves the queue unless `winfax simulator run` is
running, so the follower moves it itself: each poll is one session (state
lock held for that poll only) that looks at the job, advances the simulated
service one step, and asks the session's connection for the outcome of
that step.  Another process can therefore submit, cancel or run the queue
between two polls, as with a real service; a job that ended in another
process's session was not seen ending by this one, and its end is read
from the simulator's record of jobs that left the queue
(winfax.simulator.ended(), kept with the state; source "simulator" in the
JSON).  Only a job gone from that record too (it keeps the last 256) is
judged from the queue as before (source "queue"): it left after being seen
on a line - sent; while being cancelled, or before it was ever on a line -
cancelled.

On a terminal progress is one line redrawn in place (a bar, "page 2/3" and
the state), fitted to the terminal's width (fit_progress); otherwise one
plain line per change, which logs well.
"""

import shutil
import sys
import time

import winfax

from . import describe, job_events, schema
from .errors import CliError, Interrupted
from .queue import current_pages, get_job, queue_config, queue_ports

BAR_WIDTH = 24

# JobOutcome.result -> the command's "result": "completed" for a sent
# job is what `--wait --json` has always said.
_RESULTS = {"sent": "completed", "received": "received", "failed": "failed",
            "cancelled": "cancelled", "unknown": "unknown"}
# The results that are a success: the exit status is 0.
DELIVERED = frozenset({"completed", "received"})


class _Outcome:
    def __init__(self, result, entry, page, source="queue", outcome=None):
        self.result = result      # "completed", "failed", "cancelled" or "unknown"
        self.entry = entry        # the last JobEntry seen
        self.page = page
        self.source = source      # "events", "polling" (the outcome's), "simulator" or "queue"
        self.outcome = outcome    # the winfax.JobOutcome, when there is one


def _from_outcome(outcome, last, last_page):
    entry = outcome.entry or last
    result = _RESULTS.get(outcome.result, outcome.result)
    if result in DELIVERED:
        page = entry.page_count if entry is not None else None
    else:
        page = last_page
    return _Outcome(result, entry, page, outcome.source, outcome)


def _session_outcome(server, job_id, timeout=0):
    """The outcome the session's connection saw, or None (not ended, or
    not seen by it).  The first call on a connection starts following."""
    try:
        return server.wait(job_id, timeout)
    except (TimeoutError, winfax.JobNotInQueueError):
        return None


class Follower:
    def __init__(self, backend, job_id, *, interval, timeout=None, reporter=None,
                 events=None):
        self.backend = backend
        # JobOutcomes, best opened before the job was submitted; run() opens
        # one itself if it was not given one.
        self.events = events
        self.job_id = job_id
        self.interval = interval
        self.timeout = timeout
        self.reporter = reporter or NullReporter()
        self.advance = backend.is_simulator
        self.last = None          # last JobEntry seen
        self.last_page = None
        self.seen_on_line = False
        self.ended_elsewhere = None   # simulator.Ended, once the job is gone

    def _observe(self, entry, page=None):
        if entry is None:
            return
        state = schema.job_state(entry)
        if state in ("dialing", "sending", "receiving", "in_progress"):
            self.seen_on_line = True
        self.last = entry
        if page is not None or state != "sending":
            self.last_page = page

    def _poll(self):
        """(entry, page, why-context, outcome or None)."""
        outcome = None
        with self.backend.session() as server:
            if self.advance:
                _session_outcome(server, self.job_id)   # follow this step's events
            entry = get_job(server, self.job_id)
            self._observe(entry)
            if entry is not None and self.advance and schema.job_state(entry) != "failed":
                self.backend.simulator().advance(1)
                outcome = _session_outcome(server, self.job_id)
                entry = get_job(server, self.job_id)
            page = current_pages(server, [entry]).get(self.job_id) if entry else None
            if entry is None and self.advance:
                # Gone: if another process's session ended it, the
                # simulator kept how (read here, in this session).
                self.ended_elsewhere = self.backend.simulator().ended(self.job_id)
            context = {}
            if entry is not None:
                context = {"config": queue_config(server, [entry]),
                           "ports": queue_ports(server, [entry])}
        self._observe(entry, page)
        return entry, page, context, outcome

    def _sleep(self):
        """Waits one interval; the outcome if the job ended meanwhile."""
        if self.events is None:
            time.sleep(self.interval)
            return None
        return self.events.wait(self.job_id, self.interval)

    def run(self):
        """Poll until the job ends; returns the outcome.  Ctrl-C raises
        Interrupted (exit status 130), a timeout CliError."""
        started = time.monotonic()
        opened = None     # closed here only if opened here
        if self.events is None:
            self.events = opened = job_events.listen(self.backend)
        try:
            while True:
                entry, page, context, ended = self._poll()
                if ended is None and self.events is not None:
                    ended = self.events.wait(self.job_id, 0)
                if ended is not None:
                    outcome = _from_outcome(ended, self.last, self.last_page)
                    break
                if entry is None:
                    outcome = self._left_queue()
                    break
                self.reporter.update(entry, page, **context)
                if schema.job_state(entry) == "failed":
                    outcome = _Outcome("failed", entry, page)
                    break
                if self.timeout is not None and time.monotonic() - started >= self.timeout:
                    self.reporter.stop()
                    raise CliError(f"gave up waiting after {self.timeout:g} s: job {self.job_id} "
                                   f"is still {describe.job_state(entry, page, **context)} "
                                   f"(see `winfax job {self.job_id}`)")
                ended = self._sleep()
                if ended is not None:
                    outcome = _from_outcome(ended, self.last, self.last_page)
                    break
        except KeyboardInterrupt:
            self.reporter.stop()
            raise Interrupted(f"interrupted; job {self.job_id} is still in the queue "
                              f"(see `winfax job {self.job_id}`, cancel it with "
                              f"`winfax cancel {self.job_id}`)") from None
        finally:
            if opened is not None:
                opened.close()
        self.reporter.finish(outcome)
        return outcome

    def _left_queue(self):
        """The job left the queue unseen by any outcome this command read:
        only the queue's last word is left to go by."""
        last = self.last
        if self.events is not None:
            # The events that ended it may still be on their way.
            ended = self.events.wait(self.job_id, 0.5)
            if ended is not None:
                return _from_outcome(ended, last, self.last_page)
        ended = self.ended_elsewhere
        if ended is not None:
            result = _RESULTS[ended.result]
            page = ended.pages if result in DELIVERED else self.last_page
            return _Outcome(result, last, page, source="simulator")
        if last is not None and schema.job_state(last) == "cancelling":
            return _Outcome("cancelled", last, self.last_page)
        if self.seen_on_line:
            received = last is not None and last.job_type == winfax.JobType.RECEIVE
            return _Outcome("received" if received else "completed", last,
                            last.page_count if last else None)
        return _Outcome("cancelled", last, None)


def failure_message(job_id, outcome):
    """The one line for a job that did not go out."""
    if outcome.result == "unknown":
        return (f"job {job_id} left the queue and the service did not say whether it was "
                f"sent (this process could not follow its events)")
    if outcome.result == "failed" and (outcome.entry is None
                                       or schema.job_state(outcome.entry) != "failed"):
        # Ended by an event (FEI_FATAL_ERROR) after the last look at the queue.
        event = outcome.outcome.event_id if outcome.outcome is not None else None
        why = f": {describe.words(event)}" if event is not None else ""
        return f"job {job_id} failed{why} (see `winfax job {job_id}`)"
    if outcome.result == "failed":
        why = describe.job_state(outcome.entry)
        return (f"job {job_id} {why} (see `winfax job {job_id}`; "
                f"`winfax restart {job_id}` tries again)")
    return f"job {job_id} was cancelled before it was sent"


def sent_message(job_id, entry):
    if entry is not None and entry.job_type == winfax.JobType.RECEIVE:
        plural = "page" if entry.page_count == 1 else "pages"
        return f"job {job_id} received: {entry.page_count} {plural}, routed"
    if entry is None:
        return f"job {job_id} sent"
    to = entry.recipient_number or "?"
    plural = "page" if entry.page_count == 1 else "pages"
    return f"job {job_id} sent: {entry.page_count} {plural} to {to}"


class NullReporter:
    def update(self, entry, page, config=None, ports=None):
        pass

    def stop(self):
        pass

    def finish(self, outcome):
        pass


class LineReporter(NullReporter):
    """One plain line per change, for pipes and log files."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.previous = None

    def update(self, entry, page, config=None, ports=None):
        text = f"job {entry.job_id}: {describe.job_state(entry, page, config, ports)}"
        if text != self.previous:
            self.stream.write(text + "\n")
            self.stream.flush()
            self.previous = text

    def finish(self, outcome):
        entry = outcome.entry
        if outcome.result in DELIVERED and entry is not None:
            self.stream.write(f"job {entry.job_id}: {outcome.result}\n")
            self.stream.flush()


MIN_BAR_WIDTH = 10    # narrower than this a bar says too little to keep
ELLIPSIS = "..."      # ASCII: a Windows console's code page may lack U+2026


def _room(columns):
    # The last column stays empty: a terminal that wraps on writing it
    # would put the next \r on a new line, and the line would stop being
    # redrawn in place.
    return max(columns - 1, 1)


def _bar(width, done, total):
    filled = int(width * done / total) if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def fit_progress(columns, job_id, done, total, page_text, state_text):
    """The progress line, fitted to a terminal `columns` wide.  What
    matters least goes first: the bar narrows, then goes; then the job id
    (the command printed it when it started), then "page " before the
    count, then the count.  The state never goes: alone and still too wide,
    only its end is cut, so it still starts with what the job is doing."""
    room = _room(columns)
    job = f"job {job_id}"
    count = page_text.removeprefix("page ")
    full = f"{job} {_bar(BAR_WIDTH, done, total)} {page_text}  {state_text}"
    if len(full) <= room:
        return full
    # The bar takes what the rest leaves of the line, down to its minimum.
    rest = len(f"{job}  {page_text}  {state_text}") + 2    # + its brackets
    if room - rest >= MIN_BAR_WIDTH:
        return f"{job} {_bar(room - rest, done, total)} {page_text}  {state_text}"
    for line in (f"{job} {page_text}  {state_text}", f"{page_text}  {state_text}",
                 f"{count}  {state_text}", state_text):
        if len(line) <= room:
            return line
    if room <= len(ELLIPSIS):
        return state_text[:room]
    return state_text[:room - len(ELLIPSIS)].rstrip() + ELLIPSIS


class BarReporter(NullReporter):
    """A progress bar redrawn in place with carriage returns (a terminal)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.width = 0
        self.drawn = False

    def _draw(self, job_id, done, total, page_text, state_text):
        columns = shutil.get_terminal_size((80, 24)).columns
        line = fit_progress(columns, job_id, done, total, page_text, state_text)
        # Spaces over what is left of a longer line drawn before, within
        # the line's room (a terminal that shrank meanwhile has wrapped it).
        pad = " " * max(min(self.width, _room(columns)) - len(line), 0)
        # The bookkeeping comes before the write: Ctrl-C raises
        # KeyboardInterrupt at whichever line runs when the signal arrives,
        # and a user sees the bar (and presses Ctrl-C) as soon as it is
        # flushed.  Recorded afterwards, an interrupt landing between the
        # flush and the record left `drawn` False, so stop() did not end the
        # line and the "interrupted" message was glued to the bar.  Recorded
        # first, the worst an early interrupt does is an empty line.
        self.width = len(line)
        self.drawn = True
        self.stream.write("\r" + line + pad)
        self.stream.flush()

    def update(self, entry, page, config=None, ports=None):
        total = entry.page_count
        state = schema.job_state(entry)
        if state == "sending" and page:
            done, page_text = page - 1, f"page {page}/{total}"
        else:
            done, page_text = 0, f"page 0/{total}"
        if state in ("dialing", "sending"):
            text = f"{state} {entry.recipient_number or ''}".rstrip()
        else:
            text = describe.job_state(entry, page, config, ports)
        self._draw(entry.job_id, done, total, page_text, text)

    def stop(self):
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def finish(self, outcome):
        entry = outcome.entry
        if outcome.result in DELIVERED and entry is not None:
            total = entry.page_count
            self._draw(entry.job_id, total, total, f"page {total}/{total}", outcome.result)
        self.stop()


def reporter_for(stream, enabled=True):
    """A bar on a terminal, plain lines elsewhere; nothing when disabled."""
    if not enabled:
        return NullReporter()
    isatty = getattr(stream, "isatty", None)
    return BarReporter(stream) if isatty is not None and isatty() else LineReporter(stream)
