"""Usage errors of the winfax command, audited over every command: each is
exit status 2 with one line that names the option (or argument) and says
what to give; numeric options state their real bounds, huge numbers
included; an unknown option points to the help of the command it was given
to.  Driven in-process (main() with a state file), as test_cli_errors does."""

import argparse

import pytest

import winfax
from conftest import needs_simulator
from test_cli import state_file
from winfax.cli import main as cli_main
from winfax.cli import validate
from winfax.cli.errors import UsageError
from winfax.cli.commands_simulator import MAX_ADVANCE_STEPS

pytestmark = needs_simulator

DEVICE = 65537
HUGE = "99999999999"


@pytest.fixture
def call(tmp_path, capsys):
    """main() in this process; returns (status, stdout, stderr)."""
    state = state_file(tmp_path)

    def call(*args):
        status = cli_main.main(["--state", str(state), *map(str, args)])
        captured = capsys.readouterr()
        return status, captured.out, captured.err
    return call


def usage_error(call, *args):
    """Runs a command that must be refused as a usage error; returns its
    one line without the `winfax: ` prefix."""
    status, out, err = call(*args)
    assert (status, out) == (2, ""), (args, status, out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("winfax: "), (args, err)
    return lines[0][len("winfax: "):]


def commands(parser=None, prefix=()):
    """(name words, parser) of every command and subcommand."""
    parser = parser or cli_main.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from commands(sub, (*prefix, name))


def test_an_unknown_option_points_to_its_own_commands_help(call):
    found = list(commands())
    assert len(found) > 20
    for words, _ in found:
        line = usage_error(call, *words, "--bogus")
        assert line.endswith(f"(see `winfax {' '.join(words)} --help`)"), (words, line)
    # Where no argument is missing, argparse's line names the stranger.
    assert usage_error(call, "status", "--bogus") == (
        "unrecognized arguments: --bogus (see `winfax status --help`)")
    line = usage_error(call, "simulator", "advance", "2", "--bogus", "x")
    assert "--bogus x" in line and line.endswith("(see `winfax simulator advance --help`)")
    # Before the command, or with no command, it is the main help's.
    assert usage_error(call, "--bogus").endswith("(see `winfax --help`)")


@pytest.mark.parametrize("args, words", [
    (["simulator", "advance", HUGE], f"bad STEPS '{HUGE}': give a whole number from 1 to "
                                     f"{MAX_ADVANCE_STEPS}"),
    (["simulator", "advance", "0"], "bad STEPS '0': give a whole number from 1 to"),
    (["simulator", "advance", "-1"], "bad STEPS '-1'"),
    (["jobs", "--watch", "--count", HUGE], f"bad --count '{HUGE}': give a whole number "
                                           "from 1 to 4294967295"),
    (["port", DEVICE, "--priority", HUGE], f"bad --priority {HUGE}: give 1 "
                                           "(there is 1 fax device)"),
    (["port", DEVICE, "--priority", "0"], "bad --priority '0': give a whole number from 1 "
                                          "to the number of fax devices"),
    (["port", DEVICE, "--rings", HUGE], ("--rings", "between 0 and 99")),
    (["port", HUGE], f"bad fax device '{HUGE}': give a device id from `winfax ports` "
                     "(1 to 4294967295) or a device name"),
    (["job", HUGE], (f"bad job id '{HUGE}'", "(1 to 4294967295)")),
    (["cancel", "4294967296"], "bad job id '4294967296'"),
    (["config", f"retries={HUGE}"], ("retries", "between 0 and 99")),
    (["config", f"retry_delay={HUGE}"], ("retry_delay", "between 0 and 4294967295")),
    (["config", f"dirty_days={HUGE}"], ("dirty_days", "between 0 and 4294967295")),
    (["routing", "--priority", f"email={HUGE}"], (f"--priority email={HUGE}",
                                                  "between 1 and 3")),
    (["routing", "--priority", "email=x"], ("--priority email=x", "whole number")),
    # The unknown name is the news, not the priority out of range.
    (["routing", "--priority", "nosuch=9"], "no routing method 'nosuch'"),
    (["events", "--timeout", HUGE], f"bad --timeout '{HUGE}': give a number of seconds "
                                    f"from 0 to {validate.MAX_SECONDS}"),
    (["events", "--timeout", "nan"], "bad --timeout 'nan'"),
    (["events", "--interval", "-1"], "bad --interval '-1'"),
    (["events", "--interval", "inf"], "bad --interval 'inf'"),
    (["jobs", "--watch", "--interval", HUGE], f"bad --interval '{HUGE}'"),
    (["job", "1", "--wait", "--timeout", "soon"], "bad --timeout 'soon'"),
    (["send", "--sample", "555", "--wait", "--interval", HUGE], f"bad --interval '{HUGE}'"),
    (["simulator", "run", "--interval", "-0.5"], "bad --interval '-0.5'"),
    (["simulator", "add-port", ""], "bad NAME '': give the new device a name"),
    (["simulator", "add-port", "   "], "bad NAME ''"),
    (["routing", "--priority", "nosuch=1"], "no routing method 'nosuch': use one of "
                                            "email, store, print"),
    (["routing", "--device", DEVICE, "--enable", "nosuch"], "no routing method 'nosuch'"),
    (["jobs", "--count", "3"], "--count goes with --watch: add --watch, or leave --count out"),
    (["jobs", "--interval", "1"], "--interval goes with --watch"),
    (["job", "1", "--timeout", "5"], "--timeout goes with --wait"),
    (["send", "--sample", "555", "--interval", "1"], "--interval goes with --wait"),
    (["send", "--sample", "555", "-q", "--json"], ("-q", "--json")),
    (["send", "--sample", "555", "--at", "0001-01-01T00:00"],
     "bad --at '0001-01-01T00:00': it is in the past"),
    (["send", "--sample", "555", "--at", "9999-12-31T23:59-05:00"],
     "give a time no later than 9999-12-31T23:59 UTC"),
    (["send", "--sample", "555", "--name", "a\tb"],
     "bad --name 'a\\tb': it contains control characters"),
    (["send", "--sample", "555", "--billing-code", "1\n2"], "bad --billing-code '1\\n2'"),
    (["send", "--sample", "555", "--cover-page", "server:"], "bad --cover-page 'server:'"),
    (["send", "--sample", "555", "--receipt", "pigeon"], "bad --receipt 'pigeon'"),
    # The command line is checked before any file: 2, not "no such file" (1).
    (["send", "nil.tif", "555", "--at", "25:61"], "bad --at '25:61'"),
    (["simulator", "receive", DEVICE, "nil.tif", "--tsid", "a\nb"], "bad --tsid"),
], ids=lambda v: " ".join(map(str, v)) if isinstance(v, list) else None)
def test_usage_errors_exit_2_naming_the_option_and_the_range(call, args, words):
    line = usage_error(call, *args)
    for text in words if isinstance(words, tuple) else (words,):
        assert text in line, (args, line)


def test_the_stated_bounds_are_the_real_ones(call):
    """The largest value each refused-above message names is taken."""
    assert call("simulator", "advance", MAX_ADVANCE_STEPS)[0] == 0
    assert call("config", "retry_delay=4294967295", "dirty_days=4294967295",
                "retries=99")[0] == 0
    assert call("port", DEVICE, "--rings", "99", "--priority", "1")[0] == 0
    status, _, err = call("job", "4294967295")
    assert status == 1 and "job 4294967295 is not in the fax queue" in err
    status, _, err = call("port", "4294967295")
    assert status == 1 and "no fax device 4294967295" in err
    assert call("events", "--timeout", "0", "--interval", "0")[0] == 0
    # The longest wait the fax API's event wait takes (in whole milliseconds).
    seconds = validate.seconds("--timeout")
    assert seconds(str(validate.MAX_SECONDS)) == validate.MAX_SECONDS
    with pytest.raises(UsageError):
        seconds(str(validate.MAX_SECONDS + 0.001))
    with winfax.connect() as server:
        server.events(timeout=validate.MAX_SECONDS).close()
        with pytest.raises(ValueError):
            server.events(timeout=validate.MAX_SECONDS + 1).close()


def test_a_missing_file_is_status_1_even_for_recipients(call, tmp_path):
    """Files that are missing are the command failing (1), not its line (2):
    FILE, --cover-page and --recipients-csv alike."""
    status, out, err = call("send", "--sample", "--recipients-csv", tmp_path / "none.csv")
    assert (status, out) == (1, "")
    assert err.startswith(f"winfax: cannot read the recipients file {tmp_path / 'none.csv'}")
    bad = tmp_path / "bad.csv"
    bad.write_text("phone\n555\n")
    assert "needs a header row with a `number` column" in usage_error(
        call, "send", "--sample", "--recipients-csv", bad)
