"""Following a job until it is sent or fails (`send --wait`, `job --wait`).

The client API has no "sent" record: the service removes a job from the
queue once it is sent (and once it is cancelled).  So a job is followed by
polling FaxGetJob, and its end is read as:

* it stops with JS_FAILED or JS_RETRIES_EXCEEDED: failed;
* it leaves the queue after it was seen on a line, not being cancelled: sent;
* it leaves the queue while being cancelled, or before it was ever seen on a
  line: cancelled (someone removed it).

A service that runs its queue itself can also send a job between two polls;
there the follower reads the service's fax events as well (job_events.py):
FEI_COMPLETED says the job was sent.

On the simulator nobody moves the queue unless `winfax simulator run` is
running, so the follower moves it itself: each poll is one session (state
lock held for that poll only) that looks at the job, advances the simulated
service one step, and looks again.  Another process can therefore submit,
cancel or run the queue between two polls, as with a real service.

On a terminal progress is one line redrawn in place (a bar, "page 2/3" and
the state); otherwise one plain line per change, which logs well.
"""

import shutil
import sys
import time

from . import describe, job_events, schema
from .errors import CliError, EXIT_INTERRUPTED
from .queue import current_pages, get_job

BAR_WIDTH = 24


class Interrupted(CliError):
    exit_code = EXIT_INTERRUPTED


class _Outcome:
    def __init__(self, result, entry, page):
        self.result = result      # "completed", "failed" or "cancelled"
        self.entry = entry        # the last JobEntry seen
        self.page = page


class Follower:
    def __init__(self, backend, job_id, *, interval, timeout=None, reporter=None,
                 events=None):
        self.backend = backend
        # JobEvents, best opened before the job was submitted; run() opens
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
        with self.backend.session() as server:
            entry = get_job(server, self.job_id)
            self._observe(entry)
            if entry is not None and self.advance and schema.job_state(entry) != "failed":
                self.backend.simulator().advance(1)
                entry = get_job(server, self.job_id)
            page = current_pages(server, [entry]).get(self.job_id) if entry else None
        self._observe(entry, page)
        self._read_events()
        return entry, page

    def _read_events(self, timeout=0):
        if self.events is None:
            return
        self.events.read(timeout)
        if self.job_id in self.events.on_line:
            self.seen_on_line = True

    def run(self):
        """Poll until the job ends; returns the outcome.  Ctrl-C raises
        Interrupted (exit status 130), a timeout CliError."""
        started = time.monotonic()
        opened = None     # closed here only if opened here
        if self.events is None:
            self.events = opened = job_events.listen(self.backend)
        try:
            while True:
                entry, page = self._poll()
                if entry is None:
                    outcome = self._left_queue()
                    break
                self.reporter.update(entry, page)
                if schema.job_state(entry) == "failed":
                    outcome = _Outcome("failed", entry, page)
                    break
                if self.timeout is not None and time.monotonic() - started >= self.timeout:
                    self.reporter.stop()
                    raise CliError(f"gave up waiting after {self.timeout:g} s: job {self.job_id} "
                                   f"is still {describe.job_state(entry, page)} "
                                   f"(see `winfax job {self.job_id}`)")
                time.sleep(self.interval)
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
        last = self.last
        if self.events is not None:
            # The service posts FEI_COMPLETED before it removes the job;
            # give the packet a moment to arrive.
            if self.job_id not in self.events.completed:
                self._read_events(timeout=0.5)
            if self.job_id in self.events.completed:
                return _Outcome("completed", last, last.page_count if last else None)
        if last is not None and schema.job_state(last) == "cancelling":
            return _Outcome("cancelled", last, self.last_page)
        if self.seen_on_line:
            return _Outcome("completed", last, last.page_count if last else None)
        return _Outcome("cancelled", last, None)


def failure_message(job_id, outcome):
    """The one line for a job that did not go out."""
    if outcome.result == "failed":
        why = describe.job_state(outcome.entry)
        return (f"job {job_id} {why} (see `winfax job {job_id}`; "
                f"`winfax restart {job_id}` tries again)")
    return f"job {job_id} was cancelled before it was sent"


def sent_message(job_id, entry):
    if entry is None:
        return f"job {job_id} sent"
    to = entry.recipient_number or "?"
    plural = "page" if entry.page_count == 1 else "pages"
    return f"job {job_id} sent: {entry.page_count} {plural} to {to}"


class NullReporter:
    def update(self, entry, page):
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

    def update(self, entry, page):
        text = f"job {entry.job_id}: {describe.job_state(entry, page)}"
        if text != self.previous:
            self.stream.write(text + "\n")
            self.stream.flush()
            self.previous = text

    def finish(self, outcome):
        entry = outcome.entry
        if outcome.result == "completed" and entry is not None:
            self.stream.write(f"job {entry.job_id}: completed\n")
            self.stream.flush()


class BarReporter(NullReporter):
    """A progress bar redrawn in place with carriage returns (a terminal)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.width = 0
        self.drawn = False

    def _draw(self, job_id, done, total, page_text, state_text):
        filled = int(BAR_WIDTH * done / total) if total else 0
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        line = f"job {job_id} [{bar}] {page_text}  {state_text}"
        columns = shutil.get_terminal_size((80, 24)).columns
        line = line[: max(columns - 1, 20)]
        pad = " " * max(self.width - len(line), 0)
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

    def update(self, entry, page):
        total = entry.page_count
        state = schema.job_state(entry)
        if state == "sending" and page:
            done, page_text = page - 1, f"page {page}/{total}"
        else:
            done, page_text = 0, f"page 0/{total}"
        if state in ("dialing", "sending"):
            text = f"{state} {entry.recipient_number or ''}".rstrip()
        else:
            text = describe.job_state(entry, page)
        self._draw(entry.job_id, done, total, page_text, text)

    def stop(self):
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def finish(self, outcome):
        entry = outcome.entry
        if outcome.result == "completed" and entry is not None:
            total = entry.page_count
            self._draw(entry.job_id, total, total, f"page {total}/{total}", "completed")
        self.stop()


def reporter_for(stream, enabled=True):
    """A bar on a terminal, plain lines elsewhere; nothing when disabled."""
    if not enabled:
        return NullReporter()
    isatty = getattr(stream, "isatty", None)
    return BarReporter(stream) if isatty is not None and isatty() else LineReporter(stream)
