"""docs/fidelity.md holds every client function and structure of the winfax
ABI against Microsoft's pages; these tests keep it complete and its test
references real, so the page cannot quietly fall behind the code."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

import pyproc

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "fidelity.md"
ABI = ROOT / "src" / "winfax_abi.h"

# `tests/<file>.py::<name>` in backticks; <name> is a function, a
# Class::method, either with a parametrize id in brackets.
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::([^`\s\[]+)(\[[^`]*\])?`")
HEADING = re.compile(r"^(#{1,2}) (.+?)\s*$", re.MULTILINE)


def exported_functions():
    return set(re.findall(r"WINFAXAPI\s+\w+\s+WINAPI\s+(\w+)\s*\(", ABI.read_text()))


def defined_types():
    text = ABI.read_text()
    structs = set(re.findall(r"^\}\s+(FAX_\w+),\s*\*P", text, re.MULTILINE))
    callbacks = set(re.findall(r"typedef\s+BOOL\s+\(CALLBACK\s+\*(PFAX_\w+)\)", text))
    return structs | callbacks


def sections():
    """Second-level sections by title, each with its text up to the next
    heading of level one or two."""
    text = DOC.read_text(encoding="utf-8")
    found = {}
    matches = list(HEADING.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        if m.group(1) == "##":
            assert m.group(2) not in found, f"two sections are called {m.group(2)}"
            found[m.group(2)] = text[m.end():end]
    return found


def references():
    return REFERENCE.findall(DOC.read_text(encoding="utf-8"))


def test_the_abi_has_what_the_issue_lists():
    # Guards the parsing below: a regex that found nothing would pass
    # every other test vacuously.
    assert len(exported_functions()) == 33
    assert {"FaxAbort", "FaxFreeBuffer", "FaxInitializeEventQueue"} <= exported_functions()
    assert {"FAX_TIME", "FAX_EVENTW", "PFAX_RECIPIENT_CALLBACKW",
            "PFAX_ROUTING_INSTALLATION_CALLBACKW"} <= defined_types()
    assert len(defined_types()) == 15


def test_every_exported_function_has_a_section():
    missing = exported_functions() - set(sections())
    assert not missing, f"docs/fidelity.md has no section for {sorted(missing)}"


def test_every_structure_and_callback_type_has_a_section():
    missing = defined_types() - set(sections())
    assert not missing, f"docs/fidelity.md has no section for {sorted(missing)}"


def test_every_api_section_links_to_microsoft():
    api = exported_functions() | defined_types()
    without = [name for name, body in sections().items()
               if name in api and "https://learn.microsoft.com/" not in body]
    assert not without, f"sections without a learn.microsoft.com link: {without}"


def test_functions_named_by_the_references_exist():
    refs = references()
    assert len(refs) > 100  # the page names its tests; the pattern still matches them
    defined = {}
    missing = []
    for path, name, _ in refs:
        if path not in defined:
            file = ROOT / path
            assert file.is_file(), f"{path} does not exist"
            defined[path] = _test_names(ast.parse(file.read_text(encoding="utf-8")))
        if name not in defined[path]:
            missing.append(f"{path}::{name}")
    assert not missing, f"docs/fidelity.md names tests that do not exist: {sorted(set(missing))}"


def test_parametrized_references_name_collected_tests():
    """A reference with an id in brackets must be a test pytest collects,
    id and all: ids come from the table rows and labels, which change."""
    wanted = {f"{path}::{name}{params}" for path, name, params in references() if params}
    files = sorted({node.split("::", 1)[0] for node in wanted})
    proc = subprocess.run(
        pyproc.python("-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                      *files),
        cwd=ROOT, env=pyproc.env(), capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = set(proc.stdout.splitlines())
    missing = sorted(wanted - collected)
    assert not missing, f"docs/fidelity.md names test ids pytest does not collect: {missing}"


def test_nothing_is_left_pending():
    pending = re.findall(r"PENDING\(\w*\)", DOC.read_text(encoding="utf-8"))
    assert not pending, f"{len(pending)} PENDING entries left in docs/fidelity.md"


def _test_names(tree):
    """Top-level test functions, and Class::method for test classes."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(f"{node.name}::{item.name}")
    return names


def test_the_readme_summarises_every_deliberate_difference():
    # README's "How closely the simulator follows Windows" gives, after each
    # summary, the numbers of fidelity.md's deliberate differences it
    # stands for: every one of them, and no number the list lacks.
    listed = sections()["Deliberate differences"]
    numbers = {int(n) for n in re.findall(r"^(\d+)\. \*\*", listed, re.MULTILINE)}
    assert numbers == set(range(1, len(numbers) + 1)), "the list is numbered 1..n"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## How closely the simulator follows Windows\n")
    end = readme.index("\n## ", start + 1)
    summarised = set()
    for group in re.findall(r"\((\d+(?:, \d+)*)\)", readme[start:end]):
        summarised |= {int(n) for n in group.split(", ")}
    assert summarised == numbers, (
        f"missing from README: {sorted(numbers - summarised)}; "
        f"not in docs/fidelity.md: {sorted(summarised - numbers)}")
