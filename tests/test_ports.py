"""Fax devices: ports(), open_port() and FaxPortHandle."""

import pytest

import winfax
from conftest import needs_simulator
from winfax import PortFlags, PortOpen, PortState

pytestmark = needs_simulator


@pytest.fixture
def device(server):
    return server.ports()[0].device_id


def test_ports_lists_the_devices(sim, server):
    sim.add_port("Modem 2", PortFlags.SEND)
    ports = server.ports()
    assert [p.device_name for p in ports] == ["Virtual Fax Device 1", "Modem 2"]
    assert ports[0].state is PortState.AVAILABLE
    assert ports[0].flags == PortFlags.SEND | PortFlags.RECEIVE | PortFlags.VIRTUAL
    assert ports[1].flags == PortFlags.SEND
    assert sim.outstanding_buffers() == 0


def test_open_port_query_and_info(sim, server, device):
    with server.open_port(device) as port:
        assert type(port) is winfax.FaxPortHandle
        assert repr(port).startswith("<winfax.FaxPortHandle 0x")
        info = port.info()
        assert info == server.ports()[0]
    assert port.closed
    assert sim.open_handles() == 1  # the server only


def test_set_info_round_trip(sim, server, device):
    with server.open_port(device, PortOpen.MODIFY) as port:
        new = port.info().replace(rings=5, tsid="My TSID", csid="My CSID",
                                  flags=PortFlags.SEND | PortFlags.VIRTUAL)
        port.set_info(new)
        assert port.info() == new
        assert server.ports()[0] == new


def test_set_info_needs_modify_and_port_set(sim, server, device):
    with server.open_port(device, PortOpen.QUERY) as port:
        with pytest.raises(PermissionError):
            port.set_info(port.info().replace(rings=4))
    with server.open_port(device, PortOpen.MODIFY) as port:
        sim.deny_access(winfax.AccessRight.PORT_SET)
        with pytest.raises(PermissionError):
            port.set_info(port.info().replace(rings=4))
        assert port.info().rings == 2


def test_set_info_validation(sim, server, device):
    with server.open_port(device, PortOpen.MODIFY) as port:
        with pytest.raises(OSError) as info:
            port.set_info(port.info().replace(rings=1000))
        assert info.value.winerror == 87
        with pytest.raises(TypeError, match="info must be a winfax.PortInfo"):
            port.set_info(server.configuration())
        with pytest.raises(ValueError, match="PortInfo.tsid must not contain a null"):
            port.set_info(port.info().replace(tsid="a\0b"))


def test_open_port_errors(sim, server, device):
    with pytest.raises(OSError) as info:
        server.open_port(device + 100)
    assert info.value.winerror == 20  # ERROR_BAD_UNIT: no such device
    with pytest.raises(ValueError, match="mode must be PortOpen.QUERY or PortOpen.MODIFY"):
        server.open_port(device, 4)
    with pytest.raises(ValueError, match="device_id must be between"):
        server.open_port(-1)
    with pytest.raises(TypeError, match="device_id must be an int"):
        server.open_port("1")
    sim.deny_access(winfax.AccessRight.PORT_QUERY)
    with pytest.raises(PermissionError):
        server.open_port(device)
    assert sim.open_handles() == 1


def test_second_modify_open_is_refused(sim, server, device):
    with server.open_port(device, PortOpen.MODIFY):
        with pytest.raises(OSError) as info:
            server.open_port(device, PortOpen.MODIFY)
        assert info.value.winerror == 6
        with server.open_port(device, PortOpen.QUERY):
            pass


def first_device():
    with winfax.connect() as s:
        return s.ports()[0].device_id


def test_port_keeps_its_server_in_use(sim):
    device = first_device()
    server = winfax.connect()
    port = server.open_port(device)
    server.close()
    # closed for Python at once; FaxClose of the server waits for the port
    assert server.closed
    with pytest.raises(ValueError, match="closed fax handle"):
        server.ports()
    assert sim.open_handles() == 2
    assert port.info().device_id == device
    port.close()
    assert sim.open_handles() == 0
    assert sim.calls("FaxClose") == 3


def test_dropping_the_server_object_keeps_the_port_working(sim):
    device = first_device()
    port = winfax.connect().open_port(device)
    assert port.info().device_id == device
    del port
    assert sim.open_handles() == 0
    assert sim.calls("FaxClose") == 3


def test_detached_port_releases_the_server(sim, server, device):
    port = server.open_port(device)
    raw = port.detach()
    assert port.closed and raw
    assert sim.close_handle(raw) == 0
    server.close()
    assert sim.open_handles() == 0


def test_removed_device_fails_its_port_handle(sim, server):
    extra = sim.add_port("Modem X")
    with server.open_port(extra) as port:
        sim.remove_port(extra)
        with pytest.raises(OSError) as info:
            port.info()
        assert info.value.winerror == 20
    assert sim.open_handles() == 1


def test_port_state_changes_show(sim, server, device):
    sim.set_port_state(device, PortState.OFFLINE)
    assert server.ports()[0].state is PortState.OFFLINE
    with server.open_port(device) as port:
        assert port.device_status().status is PortState.OFFLINE


def test_open_port_success_without_a_handle_is_an_error(sim):
    # A TRUE from FaxOpenPort with a NULL handle gives nothing to wrap; the
    # server must not stay "in use" by a port that can never be closed.
    device = first_device()
    server = winfax.connect()
    sim.arm_oddity("null_port_handle")
    with pytest.raises(OSError) as info:
        server.open_port(device)
    assert info.value.winerror == 6  # ERROR_INVALID_HANDLE
    assert sim.calls("FaxOpenPort") == 1
    server.close()
    assert sim.open_handles() == 0  # the server's FaxClose ran at once
    assert sim.calls("FaxClose") == 2  # first_device()'s server, then this one
    # The next open is an ordinary one.
    with winfax.connect() as again, again.open_port(device) as port:
        assert port.info().device_id == device
