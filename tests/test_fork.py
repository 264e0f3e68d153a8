"""After os.fork() the child may not use (or close) handles the parent
opened: they read as closed there, the parent's stay open, and the child
connects on its own."""

import os
import sys

import pytest

import winfax

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def run_in_child(body):
    """Fork, run body() in the child, and return its exit status."""
    pid = os.fork()
    if pid == 0:  # child: report through the exit status only
        code = 1
        try:
            code = 0 if body() else 3
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_handles_from_before_fork_are_closed_in_the_child(sim):
    server = winfax.connect()
    port = server.open_port(server.ports()[0].device_id)

    def child():
        from winfax import simulator

        ok = server.closed and port.closed and int(server) == 0 and not server
        try:
            server.jobs()
            ok = False
        except ValueError as e:
            ok = ok and "before fork()" in str(e)
        calls = simulator.calls("FaxClose")
        server.close()
        port.close()
        ok = ok and server.detach() == 0
        ok = ok and simulator.calls("FaxClose") == calls  # never closed by the child
        with winfax.connect() as own:  # the child's own session works
            ok = ok and own.ports() != []
        return ok

    assert run_in_child(child) == 0
    # the parent's handles are untouched
    assert not server.closed and not port.closed
    assert port.info().device_id == server.ports()[0].device_id
    port.close()
    server.close()
    assert sim.open_handles() == 0


def test_dropping_inherited_handles_in_the_child_closes_nothing(sim):
    holder = [winfax.connect(), winfax.connect()]

    def child():
        import gc

        from winfax import simulator

        before = simulator.calls("FaxClose")
        holder.clear()  # the last references: dealloc runs here
        gc.collect()
        return simulator.calls("FaxClose") == before

    assert run_in_child(child) == 0
    assert sim.open_handles() == 2
    holder.clear()
    assert sim.open_handles() == 0
