"""Every ```python block in README.md and docs/*.md runs as written.

Each block is saved as a script and run in a fresh interpreter, from an
empty temporary directory, against the simulated fax service (the state
file of the winfax command is a temporary one too, so nothing touches the
user's).  A block that truly cannot run here is marked in the document
itself, visibly: the line just before its fence says

    (Not run by the docs test: <why>.)

or, for a block that runs everywhere but on Windows with the simulator as
WINFAX.dll (where gdi32 and kernel32 are Windows' own, not the simulator's),

    (Not run by the docs test on Windows: <why>.)

and that reason must be given.  The blocks need the simulator, so against
Microsoft's fax service they are skipped.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import pyproc
from conftest import needs_simulator

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NOT_RUN = re.compile(r"^\(Not run by the docs test(?P<windows> on Windows)?: (?P<why>[^)]+)\.\)$")
FENCE = re.compile(r"^```python\s*$")


def python_blocks(path):
    """(first line number, code, reason not to run or None) for each block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            start = i + 1
            end = start
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            before = next((line.strip() for line in reversed(lines[:i]) if line.strip()), "")
            marked = NOT_RUN.match(before)
            code = "\n".join(lines[start:end]) + "\n"
            why = None
            if marked and (not marked.group("windows") or sys.platform == "win32"):
                why = marked.group("why")
            blocks.append((start + 1, code, why))
            i = end
        i += 1
    return blocks


EXAMPLES = [
    pytest.param(path, line, code, why, id=f"{path.relative_to(ROOT)}:{line}")
    for path in DOCUMENTS if path.exists()
    for line, code, why in python_blocks(path)
]


def test_the_documents_have_examples():
    if not (ROOT / "README.md").exists():
        pytest.skip("the documents are not beside these tests")
    assert len(EXAMPLES) >= 10


def test_a_block_is_skipped_only_with_a_visible_reason(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```python\nprint(1)\n```\n\n"
        "(Not run by the docs test: it needs a modem.)\n\n```python\ndial()\n```\n\n"
        "(Not run by the docs test: .)\n```python\nprint(3)\n```\n"
        "```sh\nwinfax jobs\n```\n"
        "(Not run by the docs test on Windows: gdi32 is real there.)\n"
        "```python\nprint(4)\n```\n", encoding="utf-8")
    assert python_blocks(page) == [
        (4, "print(1)\n", None),
        (10, "dial()\n", "it needs a modem"),
        (15, "print(3)\n", None),   # no reason given: it runs
        (22, "print(4)\n", "gdi32 is real there" if sys.platform == "win32" else None),
    ]


@needs_simulator
@pytest.mark.parametrize("path,line,code,why", EXAMPLES)
def test_example_runs_as_written(path, line, code, why, tmp_path):
    if why is not None:
        pytest.skip(f"marked in the document: {why}")
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run(
        pyproc.python(script), cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env=pyproc.env(WINFAX_SIMULATOR_STATE=str(tmp_path / "state" / "simulator-state.bin")),
    )
    assert proc.returncode == 0, (
        f"{path.name} line {line} failed:\n{code}\n--- stdout\n{proc.stdout}"
        f"--- stderr\n{proc.stderr}")
