"""The winfax command: argument parsing, dispatch and error reporting.

main() never lets an exception through: a CliError is one line on stderr
(`winfax: <cause>: <fix>`) and its exit status (1, or 2 for a usage error),
Ctrl-C is exit status 130, and anything else is reported as an internal
error.  --debug adds the traceback.
"""

import argparse
import os
import sys
import traceback

import winfax
from . import (commands_config, commands_events, commands_jobs, commands_ports,
               commands_routing, commands_simulator, commands_status, pipes)
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, CliError, UsageError
from .errors import describe_oserror, winerror_of
from .session import Backend

DESCRIPTION = """\
Drive the fax service from the command line: send TIFF faxes and follow
them, manage the queue, fax devices, configuration, logging and routing.
On Windows winfax talks to the local Windows Fax Service; elsewhere to a
simulated fax service whose state is kept in a file between commands."""

EPILOG = """\
examples:
  winfax status
  winfax send --sample "+1 555 0100" --wait
  winfax send fax.tif "+1 555 0100" --name Bob --at 20:30
  winfax jobs --json

Every command has --help with examples; listings take --json (schema in
each command's --help and in docs/cli.md).  Exit status: 0 done, 1 failed
(or the job did not go out), 2 bad command line, 130 interrupted.

environment:
  WINFAX_SIMULATOR_STATE  the simulator's state file (off Windows; --state wins)"""


class Parser(argparse.ArgumentParser):
    """argparse, with errors as one line: `winfax: <message> (see --help)`."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _common_options():
    # Accepted before or after the command name; SUPPRESS keeps a
    # subcommand's parser from overwriting what the main parser read.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state", metavar="PATH", default=argparse.SUPPRESS,
                        help="the simulator's state file (off Windows; default: "
                             "$WINFAX_SIMULATOR_STATE, else a file in your user state directory)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    return common


def build_parser():
    common = _common_options()
    parser = Parser(prog="winfax", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    parser.add_argument("--version", action="version",
                        version=f"winfax {winfax.__version__} (backend: {winfax.backend})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     parser_class=Parser)

    def add(group, name, summary, text, usage=None):
        # The first paragraph describes the command; the rest (examples,
        # JSON schema) goes after the options.
        description, _, epilog = text.partition("\n\n")
        sub = group.add_parser(name, help=summary, description=description,
                               epilog=epilog or None, usage=usage, parents=[common],
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        # The innermost command's parser wins (a subcommand's defaults are
        # set after its parent's): parse() blames it for unknown arguments.
        sub.set_defaults(_parser=sub)
        return sub

    for module in (commands_status, commands_jobs, commands_ports, commands_config,
                   commands_routing, commands_events, commands_simulator):
        module.register(commands, add)
    commands_jobs.register_sample(commands, add)
    return parser


def _streams():
    # A name the console cannot show must not kill the command.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _report(message):
    sys.stderr.write(f"winfax: {message}\n")
    sys.stderr.flush()


def parse(parser, argv):
    """parse_args, except that an unknown argument is reported by the
    command it was given to, pointing to that command's --help (argparse
    leaves it to the top-level parser, which points to `winfax --help`)."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        blamed = getattr(args, "_parser", None) or parser
        blamed.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def run(argv):
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parse(parser, argv)
        debug = getattr(args, "debug", False)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        backend = Backend(getattr(args, "state", None))
        return args.run(args, backend)
    except CliError as error:
        if debug:
            traceback.print_exc()
        _report(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        _report("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError as error:
        if winerror_of(error) is not None:
            # A fax call that failed with a pipe error (ERROR_BROKEN_PIPE,
            # ERROR_NO_DATA map to EPIPE, hence this class), not our
            # stdout's reader going away: that must not pass silently.
            if debug:
                traceback.print_exc()
            _report(f"the fax service failed: {describe_oserror(error)}")
            return EXIT_ERROR
        # The reader went away (`winfax jobs | head -1`): stop quietly, and
        # keep Python from complaining when it flushes stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_ERROR
    except SystemExit as exit_:   # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0
    except Exception as error:   # a bug in winfax: say so, in one line
        if debug:
            traceback.print_exc()
        _report(f"internal error: {type(error).__name__}: {error} "
                "(run again with --debug for the traceback, and please report it)")
        return EXIT_ERROR


def main(argv=None):
    """The `winfax` console script and `python -m winfax`: returns the exit
    status (the console script wrapper passes it to sys.exit)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _streams()
    original_stdout = pipes.wrap_stdout()
    # Every file the command creates (the simulator's state, its lock) is
    # for this user only: 0600, directories 0700.
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        return run(argv)
    except KeyboardInterrupt:
        # A second Ctrl-C while run() was reporting the first (or cleaning
        # up after it): still 130, still no traceback.
        return EXIT_INTERRUPTED
    finally:
        if old_umask is not None:
            os.umask(old_umask)
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            pass
        if original_stdout is not None:
            sys.stdout = original_stdout
