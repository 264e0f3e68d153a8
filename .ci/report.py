"""The one table CI prints at the end: each target's test counts, and each
stage's time.

Stages append to a results file (``$WINFAX_CI_RESULTS``, a line of JSON
each), then ``.ci/run`` prints the table:

    python3 .ci/report.py tests TARGET JUNIT_XML    # counts from pytest's junit xml
    python3 .ci/report.py stage NAME SECONDS [STATUS]
    python3 .ci/report.py note TEXT                 # a line printed under the table
    python3 .ci/report.py table                     # exit 1 if any target failed

Only the standard library, so any interpreter on the machine can run it.
"""

import json
import os
import sys
import xml.etree.ElementTree as ET


def _results_path():
    path = os.environ.get("WINFAX_CI_RESULTS")
    if not path:
        sys.exit("WINFAX_CI_RESULTS is not set")
    return path


def _append(record):
    with open(_results_path(), "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def _junit_counts(path):
    """passed, failed, skipped from a pytest junit file; a missing or broken
    file counts as one failure, so a crashed run can never look green."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        return 0, 1, 0, [f"no test report ({error})"]
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    tests = failed = skipped = 0
    reasons = {}
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
        for case in suite.iter("testcase"):
            skip = case.find("skipped")
            if skip is not None:
                reason = skip.get("message", "").strip() or "(no reason given)"
                reasons[reason] = reasons.get(reason, 0) + 1
    if tests == 0:
        return 0, 1, 0, ["the run collected no test"]
    return tests - failed - skipped, failed, skipped, [
        f"{count} x {reason}" for reason, count in sorted(reasons.items())
    ]


def cmd_tests(target, junit):
    passed, failed, skipped, skips = _junit_counts(junit)
    _append({"kind": "tests", "target": target, "passed": passed,
             "failed": failed, "skipped": skipped, "skips": skips})
    print(f"[{target}] {passed} passed, {failed} failed, {skipped} skipped")
    return 0


def cmd_stage(name, seconds, status="ok"):
    # A script run as one of .ci/run's stages may time its own steps; those
    # are shown under the stage, indented, and left out of the total.
    outer = os.environ.get("WINFAX_CI_OUTER_STAGE")
    _append({"kind": "stage", "name": f"  {name}" if outer else name,
             "seconds": int(float(seconds)), "status": status, "nested": bool(outer)})
    return 0


def cmd_note(text):
    _append({"kind": "note", "text": text})
    return 0


def cmd_table():
    records = []
    if os.path.exists(_results_path()):
        with open(_results_path(), encoding="utf-8") as results:
            records = [json.loads(line) for line in results if line.strip()]
    tests = [r for r in records if r["kind"] == "tests"]
    stages = [r for r in records if r["kind"] == "stage"]
    notes = [r for r in records if r["kind"] == "note"]

    width = max([len(r["target"]) for r in tests] + [len("target")])
    print()
    print(f"{'target':<{width}}  {'passed':>6}  {'failed':>6}  {'skipped':>7}")
    print(f"{'-' * width}  ------  ------  -------")
    for r in tests:
        print(f"{r['target']:<{width}}  {r['passed']:>6}  {r['failed']:>6}  {r['skipped']:>7}")
    print()
    total = 0
    width = max([len(r["name"]) for r in stages] + [len("stage")])
    print(f"{'stage':<{width}}  {'time':>8}  status")
    print(f"{'-' * width}  --------  ------")
    for r in stages:
        if not r.get("nested"):
            total += r["seconds"]
        minutes, seconds = divmod(r["seconds"], 60)
        print(f"{r['name']:<{width}}  {minutes:>4}m{seconds:02d}s  {r['status']}")
    minutes, seconds = divmod(total, 60)
    print(f"{'total':<{width}}  {minutes:>4}m{seconds:02d}s")
    if any(r["skips"] for r in tests):
        print("\nskips, with their reasons:")
        for r in tests:
            for line in r["skips"]:
                print(f"  [{r['target']}] {line}")
    for r in notes:
        print(f"note: {r['text']}")
    bad = [r["target"] for r in tests if r["failed"]] + [
        r["name"] for r in stages if r["status"] != "ok"]
    # The plain closing line that any reader of CI's output understands.
    passed = sum(r["passed"] for r in tests)
    failed = sum(r["failed"] for r in tests)
    skipped = sum(r["skipped"] for r in tests)
    print(f"\nmatrix: {passed} passed, {failed} failed, {skipped} skipped")
    if bad:
        print("failed: " + ", ".join(bad))
        return 1
    return 0


def main(argv):
    commands = {"tests": cmd_tests, "stage": cmd_stage, "note": cmd_note, "table": cmd_table}
    if not argv or argv[0] not in commands:
        sys.exit(__doc__)
    return commands[argv[0]](*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
