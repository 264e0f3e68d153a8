"""What a fax service that runs its queue itself says about jobs, through
its fax events.

Such a service (the Windows Fax Service, or the simulator in real-time
mode) can send a short fax between two polls of FaxGetJob, and the job then
simply leaves the queue - as a cancelled job does.  Its events tell the two
apart: FEI_COMPLETED comes only for a sent job.  So while following a job
there, the command keeps a connection of its own with an event queue
(FaxInitializeEventQueue), opened before the job is submitted when it can
be, and reads what has arrived at each poll.
"""

import winfax
from winfax import EventId

_ON_LINE = (EventId.DIALING, EventId.SENDING)


class JobEvents:
    """The ids of the jobs the service reported sent, and of those it
    reported on a line, since this object was made."""

    def __init__(self):
        self.completed = set()
        self.on_line = set()
        self._server = winfax.connect()
        try:
            self.read()           # registers the event queue
        except BaseException:
            self._server.close()
            raise

    def read(self, timeout=0):
        """Takes in the events that arrived (waiting up to `timeout`
        seconds for the first one)."""
        with self._server.events(timeout=timeout) as stream:
            for event in stream:
                if event.event_id == EventId.COMPLETED:
                    self.completed.add(event.job_id)
                elif event.event_id in _ON_LINE:
                    self.on_line.add(event.job_id)

    def close(self):
        self._server.close()


def listen(backend):
    """JobEvents for a service that runs its queue itself; None on the
    simulator driven by the command (it moves only when stepped, so polling
    sees every state), or when the service refuses an event queue (then
    polling alone decides, as before)."""
    if backend.is_simulator:
        return None
    try:
        return JobEvents()
    except OSError:
        return None
