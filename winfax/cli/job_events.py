"""What a fax service that runs its queue itself says became of a job:
its outcome (FaxHandle.wait, winfax/_outcomes.py), read on a connection
of the command's own.

Such a service (the Windows Fax Service, or the simulator in real-time
mode) can send a short fax between two polls of FaxGetJob, and the job then
simply leaves the queue - as a cancelled job does.  The outcome machinery
tells the two apart from the service's events (FEI_COMPLETED, FEI_DELETED,
...).  It follows a handle's events from its first wait()/outcomes(), so
the connection is opened, and following started, before the job is
submitted when it can be.
"""

import winfax


class JobOutcomes:
    """A connection that follows every job's outcome from when it was made."""

    def __init__(self):
        self._server = winfax.connect()
        try:
            # The first outcomes() on a handle attaches its event queue;
            # from then on no job's end is missed, read or not.
            self._server.outcomes(timeout=0).close()
        except BaseException:
            self._server.close()
            raise

    def wait(self, job_id, timeout):
        """The job's JobOutcome, waiting up to `timeout` seconds; None if it
        has not ended by then, or if this connection cannot know (the job
        left the queue before it was followed)."""
        try:
            return self._server.wait(job_id, timeout)
        except (TimeoutError, winfax.JobNotInQueueError):
            return None

    def close(self):
        self._server.close()


def listen(backend):
    """JobOutcomes for a service that runs its queue itself; None on the
    simulator driven by the command (the follower reads outcomes in each of
    its own sessions there: the simulator moves only inside them), or when
    the service refuses a connection for events (then the queue alone
    decides, as before)."""
    if backend.is_simulator:
        return None
    try:
        return JobOutcomes()
    except OSError:
        return None
