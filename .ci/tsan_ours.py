"""Read ThreadSanitizer's report files and fail if any report has a frame in
our code (the extension or the simulator).

A report is the block between two lines of '=' that TSan prints; it is ours
when any stack in it (either access, the mutexes held, where a thread was
created) passes through _winfax or libfaxsim.  Reports that stay inside
CPython are listed by kind, so a new one is seen, but do not fail the run:
they are CPython's to fix, and .ci/tsan.supp names the known ones.
"""

import re
import sys

OURS = re.compile(r"_winfax|libfaxsim|/src/[a-z_0-9]+\.[ch]:|/src/faxsim/")
SUMMARY = re.compile(r"^SUMMARY: ThreadSanitizer: (.*)$")


def reports(text):
    block = []
    inside = False
    for line in text.splitlines():
        if line.startswith("=================="):
            if inside and block:
                yield block
            inside = not inside
            block = []
        elif inside:
            block.append(line)


def main(paths):
    ours, theirs = [], {}
    for path in paths:
        try:
            text = open(path, errors="replace").read()
        except FileNotFoundError:   # the glob matched nothing
            continue
        for block in reports(text):
            if any(OURS.search(line) for line in block):
                ours.append(block)
            else:
                summary = next((m.group(1) for m in map(SUMMARY.match, block) if m), block[0])
                theirs[summary] = theirs.get(summary, 0) + 1
    for block in ours:
        print("\n".join(block), end="\n\n")
    for summary, count in sorted(theirs.items()):
        print(f"CPython's own (not ours): {count} x {summary}")
    print(f"ThreadSanitizer: {len(ours)} report(s) in our code")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
