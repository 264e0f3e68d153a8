"""Whether a loop leaks, by the interpreter's count of allocated blocks.

A leak grows the count by at least one block per iteration, on every try.
Other threads can allocate while a loop is measured (a reader thread an
earlier test left behind, or, on free-threaded builds, memory whose release
waits for every thread to pass a quiescent point), which moves the count
by a few hundred blocks once, not every time.  So a growth past the limit
is measured again, and only one seen on every try is a leak."""

import gc
import sys

TRIES = 3


def blocks_grown(loop, n, limit):
    """The smallest growth of the allocated blocks over `loop(n)` in up to
    TRIES tries (stopping at the first under `limit`), after a warm-up run
    (interned strings, free lists, enum members)."""
    loop(max(n // 20, 1))
    smallest = None
    for _ in range(TRIES):
        gc.collect()
        before = sys.getallocatedblocks()
        loop(n)
        gc.collect()
        grown = sys.getallocatedblocks() - before
        smallest = grown if smallest is None else min(smallest, grown)
        if smallest < limit:
            break
    return smallest
