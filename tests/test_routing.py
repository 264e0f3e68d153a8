"""Inbound routing: per-device methods and data, global priorities, and
routing extension registration with its installation callback."""

import ctypes
import sys
from pathlib import Path

import pytest

import winfax
from conftest import needs_simulator
from winfax import PortOpen

pytestmark = needs_simulator

NEW_GUID = "{11111111-2222-3333-4444-555555555555}"


@pytest.fixture
def port(server):
    with server.open_port(server.ports()[0].device_id, PortOpen.MODIFY) as p:
        yield p


def test_routing_methods_of_a_device(sim, server, port):
    methods = port.routing_methods()
    assert {m.friendly_name for m in methods} >= {"Route through e-mail"}
    device = server.ports()[0]
    assert all(m.device_id == device.device_id for m in methods)
    assert all(m.device_name == device.device_name for m in methods)
    assert all(m.guid.startswith("{") for m in methods)
    assert sim.outstanding_buffers() == 0


def test_enable_routing_method_round_trip(sim, port):
    guid = port.routing_methods()[0].guid
    port.enable_routing_method(guid, True)
    assert port.routing_methods()[0].enabled is True
    port.enable_routing_method(guid=guid, enabled=False)
    assert port.routing_methods()[0].enabled is False


def test_routing_info_round_trip(sim, port):
    guid = port.routing_methods()[1].guid
    assert port.routing_info(guid) == b""
    blob = bytes(range(256)) * 3
    port.set_routing_info(guid, blob)
    assert port.routing_info(guid) == blob
    port.set_routing_info(guid, bytearray(b"abc"))
    assert port.routing_info(guid) == b"abc"
    port.set_routing_info(guid, memoryview(b"xyz"))
    assert port.routing_info(guid) == b"xyz"
    assert sim.outstanding_buffers() == 0


def test_routing_argument_errors(sim, port):
    with pytest.raises(OSError) as info:
        port.routing_info(NEW_GUID)  # no such method
    assert info.value.winerror == 13  # ERROR_INVALID_DATA
    with pytest.raises(TypeError, match="guid must be a str"):
        port.routing_info(b"{x}")
    with pytest.raises(TypeError, match="data must be bytes, not str"):
        port.set_routing_info(port.routing_methods()[0].guid, "text")
    with pytest.raises(ValueError, match="null character"):
        port.enable_routing_method("{a\0}", True)


def test_routing_changes_need_port_set(sim, server):
    # As documented, the right matters here, not the port's open mode.
    with server.open_port(server.ports()[0].device_id, PortOpen.QUERY) as p:
        guid = p.routing_methods()[0].guid
        p.enable_routing_method(guid, True)
        sim.deny_access(winfax.AccessRight.PORT_SET)
        with pytest.raises(PermissionError):
            p.enable_routing_method(guid, True)
        with pytest.raises(PermissionError):
            p.set_routing_info(guid, b"x")


def test_global_routing_priorities(sim, server):
    infos = server.global_routing_info()
    assert [i.priority for i in infos] == list(range(1, len(infos) + 1))
    last = infos[-1]
    server.set_global_routing_info(last.replace(priority=1))
    reordered = server.global_routing_info()
    assert reordered[0].guid == last.guid
    assert sorted(i.priority for i in reordered) == list(range(1, len(infos) + 1))
    with pytest.raises(OSError) as info:
        server.set_global_routing_info(last.replace(priority=len(infos) + 5))
    assert info.value.winerror == 87
    with pytest.raises(TypeError, match="GlobalRoutingInfo"):
        server.set_global_routing_info(server.ports()[0])


def test_register_routing_extension_takes_effect_after_restart(sim, server):
    methods = [("Archive", "Archive faxes", "ArchiveFax", NEW_GUID)]
    server.register_routing_extension("Archiver", "Fax Archiver", r"C:\ext\archive.dll", methods)
    assert NEW_GUID not in {i.guid for i in server.global_routing_info()}
    sim.restart()  # handles die with the service, as on Windows
    server.detach()
    with winfax.connect() as fresh:
        assert NEW_GUID in {i.guid for i in fresh.global_routing_info()}
        with fresh.open_port(fresh.ports()[0].device_id) as p:
            assert NEW_GUID in {m.guid for m in p.routing_methods()}


def test_installation_callback_raising_registers_nothing(sim, server):
    def methods():
        yield ("A", "A", "FnA", NEW_GUID)
        raise RuntimeError("broken extension metadata")

    with pytest.raises(RuntimeError, match="broken extension"):
        server.register_routing_extension("Broken", "Broken", "b.dll", methods())
    with pytest.raises(ValueError, match="at most 99 characters"):
        server.register_routing_extension("Long", "Long", "l.dll",
                                          [("A" * 101, "A", "Fn", NEW_GUID)])
    with pytest.raises(TypeError, match="tuple"):
        server.register_routing_extension("Bad", "Bad", "b.dll", [("A", "B")])
    sim.restart()
    server.detach()
    with winfax.connect() as fresh:
        assert NEW_GUID not in {i.guid for i in fresh.global_routing_info()}


def test_registration_needs_admin(sim, server):
    sim.set_admin(False)
    with pytest.raises(PermissionError):
        server.register_routing_extension("E", "E", "e.dll", [("A", "A", "Fn", NEW_GUID)])
    with pytest.raises(PermissionError):
        winfax.register_service_provider("P", "P", "p.dll", "tsp")


def test_service_providers(sim):
    winfax.register_service_provider("Acme FSP", "Acme Fax", r"C:\acme\fsp.dll", "Acme TSP")
    assert sim.provider_count() == 1
    winfax.unregister_service_provider("Acme FSP")
    assert sim.provider_count() == 0
    with pytest.raises(FileNotFoundError):
        winfax.unregister_service_provider("Acme FSP")
    with pytest.raises(TypeError, match="tsp_name must be a str"):
        winfax.register_service_provider("a", "b", "c", None)


@pytest.mark.parametrize("field", range(4), ids=["method", "friendly", "function", "guid"])
def test_method_strings_fit_the_callbacks_100_wchar_buffers(sim, server, field):
    # 100 WCHARs, the terminating null included: 100 characters would make
    # the callback write 101 into the service's buffer.
    method = ["Archive", "Archive faxes", "ArchiveFax", NEW_GUID]
    method[field] = "x" * 100
    with pytest.raises(ValueError, match="at most 99 characters"):
        server.register_routing_extension("Long", "Long", "l.dll", [tuple(method)])
    assert sim.calls("FaxRegisterRoutingExtensionW") == 0


def test_99_character_method_strings_are_registered_whole(sim, server):
    friendly, function = "F" * 99, "f" * 99
    server.register_routing_extension("Long", "Long", "l.dll",
                                      [("M" * 99, friendly, function, NEW_GUID)])
    sim.restart()
    server.detach()
    with winfax.connect() as fresh:
        (info,) = [i for i in fresh.global_routing_info() if i.guid == NEW_GUID]
        assert (info.friendly_name, info.function_name) == (friendly, function)


def _asan_loaded():
    import os

    return "asan" in os.environ.get("LD_PRELOAD", "")


@pytest.mark.skipif(sys.platform == "win32", reason="calls libfaxsim.so through ctypes (cdecl)")
@pytest.mark.skipif(_asan_loaded(), reason="under ASan the overrun itself is reported (and aborts)")
@pytest.mark.parametrize("overrun", ["101 WCHARs", "a stray write after the buffer"])
def test_simulator_refuses_a_callback_that_writes_past_100_wchars(sim, overrun):
    # The simulator's buffers are the documented size, so a client writing
    # past them is caught (by a guard here, by ASan in the sanitizer run),
    # also when the string it wrote is short enough.
    lib = ctypes.CDLL(str(Path(winfax.__file__).resolve().parent / "libfaxsim.so"))
    callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.c_void_p)
    calls = []

    def write(buffer, text):
        units = text.encode("utf-16-le") + b"\0\0"
        ctypes.memmove(buffer, units, len(units))

    @callback_type
    def install(handle, context, method, friendly, function, guid):
        if calls:
            return 0
        calls.append(1)
        write(method, "M")
        if overrun == "101 WCHARs":
            write(friendly, "x" * 100)  # 100 characters and their null
        else:
            write(friendly, "Fine")
            ctypes.memmove(friendly + 2 * 103, b"!\0", 2)
        write(function, "Route")
        write(guid, NEW_GUID)
        return 1

    lib.FaxConnectFaxServerW.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.FaxRegisterRoutingExtensionW.argtypes = [ctypes.c_void_p] * 4 + [callback_type,
                                                                       ctypes.c_void_p]
    lib.FaxClose.argtypes = [ctypes.c_void_p]
    handle = ctypes.c_void_p()
    assert lib.FaxConnectFaxServerW(None, ctypes.byref(handle))
    names = [ctypes.create_string_buffer(s.encode("utf-16-le") + b"\0\0")
             for s in ("Long", "Long", "l.dll")]
    ok = lib.FaxRegisterRoutingExtensionW(handle, names[0], names[1], names[2], install, None)
    assert not ok
    assert lib.GetLastError() == 87  # ERROR_INVALID_PARAMETER
    assert lib.FaxClose(handle)
