"""`python -m winfax` / `winfax`: connect to the local fax server, show the
handle and the backend, close.  (The full command line arrives with the
`winfax` command issue; this is the smallest real session.)"""

import sys

import winfax


def main(argv=None):
    try:
        with winfax.connect() as server:
            print(f"winfax {winfax.__version__}, backend: {winfax.backend}")
            print(f"connected: {server!r}")
    except PermissionError as e:
        print(f"winfax: access denied by the fax service: {e.strerror}; "
              "ask an administrator for fax rights", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"winfax: cannot connect to the fax service: {e.strerror} "
              f"(Windows error {getattr(e, 'winerror', None)})", file=sys.stderr)
        return 1
    print(f"closed: {server!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
