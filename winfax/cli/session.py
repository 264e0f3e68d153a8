"""Where the commands' fax service lives, and one session with it.

On Windows a session is a connection to the local Fax Service.

Off Windows winfax is linked against the simulator, whose service lives in
process memory.  So that `winfax send` and a later `winfax jobs` see the same
service, every session runs inside `simulator.persistent(path)`: it begins an
exclusive transaction on the state (an SQLite file), restores the service
from it, and writes back what changed when the session ends normally (never
after an error or Ctrl-C, so a failed command changes nothing; a command that
changed nothing writes nothing).  Sessions are short (one command, or one
step of a wait), so several winfax processes can share one state file.

What decides is the service, not the platform: the simulator can also be
installed on Windows as System32's WINFAX.dll (CI does so under Wine).  In
manual clock mode (WINFAX_SIM_CLOCK=manual; the default off Windows) it only
moves when driven, and the command drives it as above.  In real-time mode
(the simulator DLL's default) it runs its queue itself, as the Fax Service
does, and the command treats it as that service: a state file reloaded at
each session would undo what the service did between sessions.
"""

import errno
import os
import sys
import warnings

import winfax

from .errors import CliError, UsageError, connect_error


def _driven_simulator():
    """winfax.simulator if the fax service is winfax's simulator with its
    clock in manual mode, else None."""
    try:
        from winfax import simulator
    except ImportError:   # the Windows fax client, or none at all
        return None
    mode, _, _ = simulator.clock()
    return simulator if mode == "manual" else None


class Backend:
    """The fax service the command line talks to (from --state and the
    service found)."""

    def __init__(self, state=None):
        self._simulator = _driven_simulator()
        self.kind = "simulator" if self._simulator is not None else winfax.backend
        self._state = state
        if state is not None and not self.is_simulator:
            raise UsageError("--state only applies to the simulator with its manual clock; "
                             "this winfax talks to a fax service that runs its queue itself")

    @property
    def is_simulator(self):
        """The simulator driven by the command (manual clock).  False for a
        service that runs its queue itself: the Windows Fax Service, or the
        simulator with its real-time clock (kind is still "simulator" there
        off Windows, where libfaxsim is the only backend)."""
        return self._simulator is not None

    @property
    def description(self):
        if self.is_simulator and winfax.backend == "windows":
            return "simulator (the fax service simulator installed as WINFAX.dll, manual clock)"
        if self.is_simulator:
            return "simulator (libfaxsim, the fax service simulator shipped with winfax)"
        if self.kind == "simulator":
            return "simulator (libfaxsim, real-time clock: it runs its queue itself)"
        return "Windows Fax Service (local server)"

    def simulator(self):
        """The winfax.simulator module; CliError against a fax service that
        runs by itself."""
        if not self.is_simulator:
            raise CliError("`winfax simulator` drives the fax service simulator, which this "
                           "winfax does not use: it talks to the Windows Fax Service "
                           "(for the simulator installed as WINFAX.dll, set "
                           "WINFAX_SIM_CLOCK=manual)")
        return self._simulator

    def state_path(self):
        """The simulator's state file: --state, else $WINFAX_SIMULATOR_STATE,
        else the per-user default.  None on Windows."""
        if not self.is_simulator:
            return None
        if self._state is not None:
            return os.path.abspath(os.path.expanduser(self._state))
        try:
            return os.path.abspath(self.simulator().default_state_path())
        except OSError as error:   # its folder could not be made
            raise _state_error(getattr(error, "filename", None) or "(default)", error,
                               "use") from error

    def session(self, connect=True):
        """`with backend.session() as server:` -- a FaxHandle (None when
        connect=False), with the simulator's state loaded and saved around it."""
        return Session(self, connect)


class Session:
    def __init__(self, backend, connect):
        self._backend = backend
        self._connect = connect
        self._state = None
        self.server = None

    def __enter__(self):
        if self._backend.is_simulator:
            path = self._backend.state_path()
            simulator = self._backend.simulator()
            state = simulator.persistent(path)
            try:
                # A damaged state is restored as far as it can be; what was
                # lost is said once, as a warning line, not a traceback.
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", simulator.StateRecoveredWarning)
                    state.__enter__()
            except (OSError, ValueError) as error:
                raise _state_error(path, error, "load") from error
            for warning in caught:
                if issubclass(warning.category, simulator.StateRecoveredWarning):
                    print(f"winfax: warning: {warning.message}", file=sys.stderr)
                else:
                    warnings.warn_explicit(warning.message, warning.category,
                                           warning.filename, warning.lineno)
            self._state = state
        if self._connect:
            try:
                self.server = winfax.connect()
            except OSError as error:
                self._leave(type(error), error, error.__traceback__)
                raise connect_error(error, self._backend.kind) from error
        return self.server

    def __exit__(self, exc_type, exc, tb):
        if self.server is not None:
            self.server.close()
        self._leave(exc_type, exc, tb)
        return False

    def _leave(self, exc_type, exc, tb):
        state, self._state = self._state, None
        if state is None:
            return
        try:
            state.__exit__(exc_type, exc, tb)
        except (OSError, ValueError) as error:
            if exc_type is None:
                raise _state_error(self._backend.state_path(), error, "save") from error
            raise


# A state file refused with one of these (damaged, or past the maximum
# size) can never be loaded, and `winfax simulator reset` replaces it.
RESET_REPLACES = (errno.EINVAL, errno.EFBIG)


def _state_error(path, error, verb):
    reason = getattr(error, "strerror", None) or str(error)
    if getattr(error, "errno", None) in RESET_REPLACES:
        fix = "start afresh with `winfax simulator reset`, or choose another file with --state"
    else:
        fix = "choose another file with --state PATH or WINFAX_SIMULATOR_STATE"
    return CliError(f"cannot {verb} the simulator state {path}: {reason} ({fix})")
