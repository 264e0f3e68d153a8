# Failure injection for winfax's own tests (src/testhooks/); not part of
# winfax's API, and nothing in winfax imports it.

def fail_records_after(n: int, /) -> None: ...
