"""The progress line of `--wait` fitted to the terminal's width, at every
width (test_cli_terminal.py draws it on pseudo-terminals of a few)."""

import pytest

from winfax.cli.progress import fit_progress

STATES = ["sending +1 555 0100", "completed",
          "waiting for a free line: fax device 65537 is offline"]


@pytest.mark.parametrize("state", STATES)
def test_every_width_keeps_the_state_and_stays_off_the_last_column(state):
    previous = None
    for columns in range(1, 140):
        line = fit_progress(columns, 12, 1, 3, "page 2/3", state)
        assert len(line) <= max(columns - 1, 1), (columns, line)
        if state in line:
            assert line.endswith(state), (columns, line)   # whole, and last
        else:
            # Too narrow for the state alone: its beginning, then "...".
            head = line[:-3].rstrip() if line.endswith("...") else line
            assert head and state.startswith(head), (columns, line)
        if previous is not None:
            assert len(line) >= len(previous), "a wider terminal never shows less"
        previous = line


def test_what_goes_first():
    state = "sending +1 555 0100"
    full = "job 12 [########----------------] page 2/3  " + state
    assert fit_progress(200, 12, 1, 3, "page 2/3", state) == full
    assert fit_progress(len(full) + 1, 12, 1, 3, "page 2/3", state) == full
    # One column less: the bar gives up a character.
    assert fit_progress(len(full), 12, 1, 3, "page 2/3", state) == (
        "job 12 [#######----------------] page 2/3  " + state)
    lines = [fit_progress(c, 12, 1, 3, "page 2/3", state) for c in range(len(full), 0, -1)]
    shapes = []
    for line in lines:
        shape = ("bar" if "[" in line else "job" if line.startswith("job") else
                 "page" if line.startswith("page") else "count" if line.startswith("2/3") else
                 "state" if line == state else "cut")
        if not shapes or shapes[-1] != shape:
            shapes.append(shape)
    assert shapes == ["bar", "job", "page", "count", "state", "cut"]
