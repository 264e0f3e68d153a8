"""The winfax command on a terminal (a pseudo-terminal from Python's pty
module) against the same command writing into a pipe: a progress bar
redrawn with carriage returns versus plain lines, `jobs --watch` redrawing
the screen in place, and Ctrl-C."""

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from conftest import needs_simulator
from test_cli import NUMBER, cli_env, run, run_json, state_file, winfax_cmd

pytestmark = [
    needs_simulator,
    pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX only"),
]


@pytest.fixture
def state(tmp_path):
    return state_file(tmp_path)


def run_in_pty(state, *args, interrupt_when=None, timeout=30, columns=None):
    """Run `winfax ARGS` with a pseudo-terminal as stdin, stdout and stderr;
    send SIGINT once the output contains `interrupt_when` (a str, or a
    function of the output so far).  With `columns`, the terminal is that
    wide (its window size, as a resized terminal window sets it; $COLUMNS
    is unset, since it would win).  Returns (exit status, everything it
    wrote)."""
    if isinstance(interrupt_when, str):
        text = interrupt_when.encode()
        interrupt_when = lambda output: text in output  # noqa: E731
    master, slave = os.openpty()
    env = cli_env(state)
    if columns is not None:
        import fcntl
        import struct
        import termios
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
    proc = subprocess.Popen(winfax_cmd(*args), stdin=slave, stdout=slave, stderr=slave,
                            env=env, close_fds=True)
    os.close(slave)
    output = b""
    interrupted = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:          # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            if interrupt_when is not None and not interrupted and interrupt_when(output):
                proc.send_signal(signal.SIGINT)
                interrupted = True
        else:
            pytest.fail(f"winfax {args} did not finish: {output!r}")
        return proc.wait(timeout=timeout), output.decode()
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_send_wait_draws_a_progress_bar_on_a_terminal(state):
    status, out = run_in_pty(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.02")
    assert status == 0, out
    assert "\r" in out.replace("\r\n", "")       # redrawn in place, not new lines
    assert "job 1 [------------------------] page 0/3  dialing +1 555 0100" in out
    assert "job 1 [########----------------] page 2/3  sending +1 555 0100" in out
    assert "job 1 [########################] page 3/3  completed" in out
    assert "job 1: sending" not in out            # no plain lines on a terminal
    assert out.endswith(f"job 1 sent: 3 pages to {NUMBER}\r\n")


def test_send_wait_writes_plain_lines_into_a_pipe(state):
    out, _ = run(state, "send", "--sample", NUMBER, "--wait", "--interval", "0")
    assert "\r" not in out and "[#" not in out
    assert "job 1: sending page 2/3\n" in out


def test_ctrl_c_stops_waiting_and_leaves_the_job_queued(state):
    run(state, "simulator", "port-state", "65537", "offline")
    status, out = run_in_pty(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.05",
                             interrupt_when="waiting for a free line")
    assert status == 130, out
    assert out.splitlines()[-1] == ("winfax: interrupted; job 1 is still in the queue "
                                    "(see `winfax job 1`, cancel it with `winfax cancel 1`)")
    assert "Traceback" not in out
    assert [j["state"] for j in run_json(state, "jobs")] == ["no_line"]


def test_jobs_watch_redraws_in_place_until_interrupted(state):
    run(state, "send", "--sample", NUMBER, "-q")
    status, out = run_in_pty(state, "jobs", "--watch", "--interval", "0.05",
                             interrupt_when=lambda out: out.count(b"\x1b[Hwinfax jobs") >= 3)
    # The first screen clears the terminal; later ones go back to the top
    # left corner and overwrite it.  Ctrl-C ends it with 130, as it ends
    # every command, so a script can tell it from --count running out.
    assert status == 130, out
    assert out.startswith("\x1b[2J\x1b[Hwinfax jobs, every 0.05 s (Ctrl-C to stop)")
    assert out.count("\x1b[2J") == 1 and out.count("\x1b[Hwinfax jobs") >= 3
    assert "1  pending" in out and "hello.tif" in out
    assert out.endswith("\x1b[Jwinfax: interrupted\r\n")   # below the last screen
    assert "Traceback" not in out


def drawn_lines(out):
    """Each redraw of the progress line, as written: the text between one
    carriage return and the next (pad spaces included), up to the end of
    the bar's line."""
    [bar_line] = [line for line in out.split("\r\n") if line.startswith("\r")]
    return [part for part in bar_line.split("\r") if part]


# What the line of `send --sample --wait` shows while page 2 goes out, and
# when the job is sent, at each width: the bar narrows, then goes; then the
# job id, then "page "; the state stays.
SENDING_PAGE_2 = {
    80: ("job 1 [########----------------] page 2/3  sending +1 555 0100",
         "job 1 [########################] page 3/3  completed"),
    60: ("job 1 [#######--------------] page 2/3  sending +1 555 0100",
         "job 1 [########################] page 3/3  completed"),
    40: ("job 1 page 2/3  sending +1 555 0100",
         "job 1 [###########] page 3/3  completed"),
    20: ("sending +1 555 0100",
         "page 3/3  completed"),
}


@pytest.mark.parametrize("columns", sorted(SENDING_PAGE_2))
def test_the_progress_line_fits_the_terminal(state, columns):
    status, out = run_in_pty(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.02",
                             columns=columns)
    assert status == 0, out
    drawn = drawn_lines(out)
    sending, completed = SENDING_PAGE_2[columns]
    assert sending in [line.rstrip(" ") for line in drawn]
    assert drawn[-1].rstrip(" ") == completed
    # Never the last column (a terminal may wrap there), pad spaces included:
    # a line that wrapped would stop being redrawn in place.
    assert all(len(line) <= columns - 1 for line in drawn), drawn
    assert out.endswith(f"job 1 sent: 3 pages to {NUMBER}\r\n")


@pytest.mark.parametrize("columns, line", [
    (120, "job 1 [------------------------] page 0/3  "
          "waiting for a free line: fax device 65537 is offline"),
    (80, "job 1 page 0/3  waiting for a free line: fax device 65537 is offline"),
    (40, "waiting for a free line: fax device..."),
    (20, "waiting for a fr..."),
])
def test_a_state_too_wide_for_the_terminal_keeps_its_beginning(state, columns, line):
    run(state, "simulator", "port-state", "65537", "offline")
    status, out = run_in_pty(state, "send", "--sample", NUMBER, "--wait", "--interval", "0.05",
                             interrupt_when="waiting for a", columns=columns)
    assert status == 130, out
    assert [part.rstrip(" ") for part in drawn_lines(out)][-1] == line
    assert "Traceback" not in out


# Every command that runs until stopped, stopped with Ctrl-C once it shows
# it is under way: exit status 130 and one line on stderr, never a
# traceback.  (send --wait and jobs --watch have their own tests above.)
# Each starts from one queued job; the commands that move it wait a second
# between steps, so the signal lands long before the job could be sent, and
# `job --wait` finds its only device offline.
LONG_RUNNING = [
    (["events", "--interval", "1"], b"DIALING", "winfax: interrupted"),
    (["simulator", "run", "--forever", "--interval", "1"], b"job 1:",
     "winfax: interrupted; the steps already taken are saved"),
    (["simulator", "run", "--interval", "1"], b"job 1:",
     "winfax: interrupted; the steps already taken are saved"),
    (["job", "1", "--wait", "--interval", "0.05"], b"waiting for a free line",
     "winfax: interrupted; job 1 is still in the queue"),
    (["jobs", "--watch", "--json", "--interval", "0.05"], b"[{", "winfax: interrupted"),
]


@pytest.mark.parametrize("args, under_way, last_line", LONG_RUNNING,
                         ids=[" ".join(a[:3]) for a, _, _ in LONG_RUNNING])
def test_ctrl_c_is_exit_status_130_in_every_long_running_command(state, args, under_way,
                                                                  last_line):
    if args[0] == "job":
        run(state, "simulator", "port-state", "65537", "offline")
    run(state, "send", "--sample", NUMBER, "-q")
    status, out = run_in_pty(state, *args, interrupt_when=lambda out: under_way in out)
    assert status == 130, out
    assert out.splitlines()[-1].startswith(last_line), out
    assert "Traceback" not in out
