"""No leak of Python objects or service handles over many cycles."""

import pytest

import winfax
from leakcheck import blocks_grown

CYCLES = 100_000


def blocks_after(loop):
    return blocks_grown(loop, CYCLES, 100)


def test_connect_close_cycles_leak_nothing(sim):
    def loop(n):
        for _ in range(n):
            winfax.connect().close()

    assert blocks_after(loop) < 100
    assert sim.open_handles() == 0
    assert sim.calls("FaxClose") == sim.calls("FaxConnectFaxServerW")


def test_with_and_dealloc_cycles_leak_nothing(sim):
    def loop(n):
        for _ in range(n):
            with winfax.connect():
                pass
            winfax.connect()  # dropped at once: dealloc closes it

    assert blocks_after(loop) < 100
    assert sim.open_handles() == 0


def test_failed_connects_leak_nothing(sim):
    def loop(n):
        sim.fail_next("FaxConnectFaxServerW", 5, count=n)
        for _ in range(n):
            try:
                winfax.connect()
            except PermissionError:
                pass

    assert blocks_after(loop) < 100
    assert sim.open_handles() == 0


def test_bad_arguments_leak_nothing(sim):
    def loop(n):
        for _ in range(n):
            for bad in ("remote", "a\0b", b"x"):
                try:
                    winfax.connect(bad)
                except (ValueError, TypeError):
                    pass

    assert blocks_after(loop) < 100


def test_access_check_cycles_leak_nothing(sim):
    with winfax.connect() as h:

        def loop(n):
            for _ in range(n):
                h.access_check(1)

        assert blocks_after(loop) < 100
