"""stdout whose reader has gone (`winfax jobs | head -1`) is BrokenPipeError
on every platform.

On POSIX a write to a pipe nobody reads fails with EPIPE, which Python
raises as BrokenPipeError and main() takes for "stop quietly".  On Windows
the same write fails with ERROR_NO_DATA, which the C runtime reports as
errno EINVAL: a plain OSError that main() would report as an internal
error.  The command's stdout is therefore wrapped so that exactly the
EINVAL failures of writes to it become BrokenPipeError; an EINVAL from
anything else stays what it is.
"""

import errno
import sys


def _as_broken_pipe(error):
    return BrokenPipeError(errno.EPIPE, "the reader of standard output has gone "
                           f"(Windows reported: {error.strerror or error})")


class StdoutPipe:
    """Wraps a text stream; write() and flush() raise BrokenPipeError where
    Windows raises OSError(EINVAL).  Everything else is the stream's."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except OSError as error:
            if isinstance(error, BrokenPipeError) or error.errno != errno.EINVAL:
                raise
            raise _as_broken_pipe(error) from error

    def flush(self):
        try:
            return self._stream.flush()
        except OSError as error:
            if isinstance(error, BrokenPipeError) or error.errno != errno.EINVAL:
                raise
            raise _as_broken_pipe(error) from error

    def __getattr__(self, name):
        return getattr(self._stream, name)


def wrap_stdout():
    """Puts the wrapper in place on Windows; returns what to restore (None
    when nothing was changed)."""
    if sys.platform != "win32" or sys.stdout is None or isinstance(sys.stdout, StdoutPipe):
        return None
    original = sys.stdout
    sys.stdout = StdoutPipe(original)
    return original
