"""One operation `loops` times, untimed: what run.py runs under
`valgrind --tool=callgrind` to count instructions per call.

    python benchmarks/instructions.py CONTENDER OP LOOPS WORKDIR

The driver runs it with two values of LOOPS; the difference of the two
instruction counts, divided by the difference of LOOPS, is the cost of one
call with start-up, imports and setup cancelled out.  The floor's
counterpart is `floor once`.
"""

import os
import sys

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from contenders import PythonContender  # noqa: E402

QUEUED_JOBS = 10    # as in the timed get_job benchmark


def main():
    contender, op, loops, workdir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    document = os.path.join(workdir, "page.tif")
    run = PythonContender(contender, op, document, QUEUED_JOBS, 0).time_func(1)
    run(loops)


if __name__ == "__main__":
    main()
