"""docs/cli.md's exit statuses, kept true: the status table names exactly the
statuses the command uses, and every example of "Exit status examples" is
run (as docs/cli.md says: against a fresh simulated service holding one
job, in an empty directory) and must end with the status it is listed with."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import needs_simulator
from test_cli import cli_env, run, state_file, winfax_cmd
from winfax.cli import errors

pytestmark = needs_simulator

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
STATUS_ROW = re.compile(r"^\| (\d+) \| (.+) \|$")
EXAMPLE_ROW = re.compile(r"^\| `winfax([^`]*)`(, then Ctrl-C)? \| (\d+) \|$")


def section(title):
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n{title}\n")
    end = text.find("\n#", start + len(title) + 2)
    return text[start:end if end != -1 else None]


def documented_statuses():
    return {int(m[1]) for line in section("## Errors and exit status").splitlines()
            if (m := STATUS_ROW.match(line))}


def examples():
    rows = [EXAMPLE_ROW.match(line)
            for line in section("### Exit status examples").splitlines()]
    return [(shlex.split(m[1]), bool(m[2]), int(m[3])) for m in rows if m]


EXAMPLES = examples()


def test_the_documented_statuses_are_the_commands_own():
    assert documented_statuses() == {errors.EXIT_OK, errors.EXIT_ERROR, errors.EXIT_USAGE,
                                     errors.EXIT_INTERRUPTED}
    # Every status has an example, and every way to end is among them.
    assert {status for _, _, status in EXAMPLES} == documented_statuses()
    assert len(EXAMPLES) >= 20


@pytest.fixture
def service(tmp_path):
    """A fresh state with job 1 queued, and an empty working directory."""
    state = state_file(tmp_path)
    run(state, "send", "--sample", "+1 555 0100", "-q")
    work = tmp_path / "work"
    work.mkdir()
    return state, work


@pytest.mark.parametrize("args, interrupted, status", [e for e in EXAMPLES if not e[1]],
                         ids=[" ".join(a) or "(nothing)" for a, i, _ in EXAMPLES if not i])
def test_each_example_ends_with_its_documented_status(service, args, interrupted, status):
    state, work = service
    proc = subprocess.run(winfax_cmd(*args), capture_output=True, text=True, cwd=work,
                          env=cli_env(state), timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == status, (args, proc.stdout, proc.stderr)
    if status:
        assert proc.stderr.startswith(("winfax: ", "usage: winfax")), proc.stderr
        assert "Traceback" not in proc.stderr
    else:
        assert proc.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX only")
@pytest.mark.parametrize("args, interrupted, status", [e for e in EXAMPLES if e[1]],
                         ids=[" ".join(a) for a, i, _ in EXAMPLES if i])
def test_each_interrupted_example_ends_with_its_documented_status(service, args, interrupted,
                                                                  status):
    from test_cli_terminal import run_in_pty

    state, _ = service
    code, out = run_in_pty(state, *args, interrupt_when=lambda out: bool(out.strip()))
    assert code == status, out
    # (after `jobs --watch`, behind the escape that clears below its screen)
    assert re.match(r"(\x1b\[J)?winfax: interrupted", out.splitlines()[-1]), out
    assert "Traceback" not in out


def test_a_second_ctrl_c_while_the_first_is_reported_is_still_130(tmp_path, capsys,
                                                                  monkeypatch):
    from winfax.cli import commands_status, main as cli_main

    def pressed(args, backend):
        raise KeyboardInterrupt

    def report(message):
        raise KeyboardInterrupt   # pressed again while the line is written

    monkeypatch.setattr(commands_status, "cmd_status", pressed)
    monkeypatch.setattr(cli_main, "_report", report)
    assert cli_main.main(["--state", str(state_file(tmp_path)), "status"]) == 130
    assert "Traceback" not in capsys.readouterr().err
