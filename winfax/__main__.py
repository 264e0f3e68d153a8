"""`winfax` (the console script) and `python -m winfax`: the winfax command.
See `winfax --help`; the implementation is the winfax.cli package."""

import sys

from winfax.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
