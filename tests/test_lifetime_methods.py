"""What FaxHandle, FaxPortHandle, EventIterator and PrintJob share (one C
implementation, src/lifetime_methods.c): a with block returns the object
and, on leaving, closes it (a print job ends or aborts); __exit__ wants the
three arguments of the protocol; none of them pickles, and the refusal names
the type; a closed handle's ValueError says what to do for that kind."""

import copy
import pickle

import pytest

import winfax
from api_table import finish_print_job
from winfax import PortOpen, PrintInfo


def first_device():
    with winfax.connect() as s:
        return s.ports()[0].device_id


@pytest.fixture
def open_objects(sim):
    """One of each, open; whatever a test leaves open is closed after it."""
    server = winfax.connect()
    port = server.open_port(first_device(), PortOpen.QUERY)
    events = server.events(timeout=0)
    job = winfax.start_print_job(None, PrintInfo(recipient_number="555"))
    objects = {"FaxHandle": server, "FaxPortHandle": port, "EventIterator": events,
               "PrintJob": job}
    yield objects
    finish_print_job(job, end=False)
    events.close()
    port.close()
    server.close()
    assert sim.open_handles() == 0


@pytest.mark.parametrize("name", ["FaxHandle", "FaxPortHandle", "EventIterator", "PrintJob"])
def test_none_pickles_and_the_refusal_names_the_type(open_objects, name):
    obj = open_objects[name]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match=f"cannot pickle 'winfax.{name}' object"):
            pickle.dumps(obj, protocol)
    with pytest.raises(TypeError, match=f"'winfax.{name}'"):
        copy.deepcopy(obj)
    assert not obj.closed  # refusing touched nothing


@pytest.mark.parametrize("name", ["FaxHandle", "FaxPortHandle", "EventIterator", "PrintJob"])
def test_enter_returns_the_object_and_exit_wants_three_arguments(open_objects, name):
    obj = open_objects[name]
    assert obj.__enter__() is obj
    for args in [(), (None,), (None, None, None, None)]:
        with pytest.raises(TypeError, match="__exit__ takes 3 arguments"):
            obj.__exit__(*args)
    assert not obj.closed  # a refused __exit__ closes nothing


@pytest.mark.parametrize("name", ["FaxHandle", "FaxPortHandle", "EventIterator"])
def test_exit_closes_and_lets_the_exception_go_on(open_objects, name):
    obj = open_objects[name]
    with pytest.raises(KeyError):
        with obj as entered:
            assert entered is obj
            raise KeyError(name)
    assert obj.closed


def test_a_closed_port_says_to_open_the_port_again(sim):
    with winfax.connect() as server:
        port = server.open_port(first_device(), PortOpen.QUERY)
        port.close()
        with pytest.raises(ValueError, match="closed fax handle; open the port again"):
            port.info()
    assert sim.calls("FaxGetPortW") == 0


def test_a_closed_server_says_to_connect_again(sim):
    server = winfax.connect()
    server.close()
    with pytest.raises(ValueError, match=r"closed fax handle; connect again with winfax\.connect"):
        server.ports()
    with pytest.raises(ValueError, match=r"closed fax handle; connect again with winfax\.connect"):
        server.events()
    assert sim.calls("FaxEnumPortsW") == 0
