"""Read a valgrind memcheck log and fail if any error or definite leak has
a frame in our code (the extension or the simulator).  CPython itself is not
built for valgrind here, so its own reports are noise we do not own."""

import re
import sys

OURS = re.compile(r"_winfax|libfaxsim|/src/[a-z_0-9]+\.c|/src/faxsim/")
HEADER = re.compile(r"^==\d+== (\S.*)$")


def blocks(lines):
    block = []
    for line in lines:
        m = HEADER.match(line)
        text = m.group(1) if m else ""
        if m and not text.startswith(("at ", "by ", "Address ", "Block ", "in ")):
            if block:
                yield block
            block = [text]
        elif m and block:
            block.append(text)
    if block:
        yield block


def main(path):
    lines = open(path, errors="replace").read().splitlines()
    ours = [b for b in blocks(lines)
            if any(OURS.search(f) for f in b[1:])
            and not b[0].startswith(("possibly lost", "still reachable", "indirectly lost"))]
    for b in ours:
        print("\n".join(b), end="\n\n")
    summary = [l for l in lines if "ERROR SUMMARY" in l or "definitely lost:" in l]
    print("\n".join(summary[-2:]))
    print(f"valgrind: {len(ours)} report(s) in our code")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
