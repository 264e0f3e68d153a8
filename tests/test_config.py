"""Server configuration and logging categories: get, set, round trip."""

import datetime

import pytest

import winfax
from conftest import needs_simulator
from winfax import Configuration, LogCategory, LoggingCategory, LogLevel

pytestmark = needs_simulator


def test_configuration_defaults(sim, server):
    c = server.configuration()
    assert isinstance(c, Configuration)
    assert isinstance(c.start_cheap_time, datetime.time)
    assert c.archive_outgoing_faxes is False
    assert sim.outstanding_buffers() == 0


def test_set_configuration_round_trip(sim, server, tmp_path):
    new = server.configuration().replace(
        retries=5,
        retry_delay=15,
        dirty_days=7,
        branding=False,
        use_device_tsid=False,
        server_cp=True,
        pause_server_queue=True,
        start_cheap_time=datetime.time(22, 30, tzinfo=datetime.timezone.utc),
        stop_cheap_time=datetime.time(6, 15, tzinfo=datetime.timezone.utc),
        archive_outgoing_faxes=True,
        archive_directory=str(tmp_path),
    )
    server.set_configuration(new)
    assert server.configuration() == new


def test_set_configuration_errors(sim, server):
    c = server.configuration()
    with pytest.raises(OSError) as info:
        server.set_configuration(c.replace(archive_outgoing_faxes=True, archive_directory=None))
    assert info.value.winerror == 87
    with pytest.raises(ValueError, match="to the minute"):
        server.set_configuration(c.replace(start_cheap_time=datetime.time(1, 2, 3)))
    with pytest.raises(TypeError, match="configuration must be a winfax.Configuration"):
        server.set_configuration(c._asdict())
    sim.deny_access(winfax.AccessRight.CONFIG_SET)
    with pytest.raises(PermissionError):
        server.set_configuration(c.replace(retries=1))
    assert server.configuration() == c


def test_configuration_needs_config_query(sim, server):
    sim.deny_access(winfax.AccessRight.CONFIG_QUERY)
    with pytest.raises(PermissionError):
        server.configuration()
    with pytest.raises(PermissionError):
        server.logging_categories()


def test_logging_categories(sim, server):
    cats = server.logging_categories()
    assert [c.category for c in cats] == list(LogCategory)
    assert all(isinstance(c.level, LogLevel) for c in cats)
    assert sim.outstanding_buffers() == 0


def test_set_logging_categories_round_trip(sim, server):
    cats = server.logging_categories()
    new = [c.replace(level=LogLevel.MAX) for c in cats]
    server.set_logging_categories(new)
    assert server.logging_categories() == new
    server.set_logging_categories(tuple(c.replace(level=LogLevel.NONE) for c in new[:1]))
    assert server.logging_categories()[0].level is LogLevel.NONE
    assert server.logging_categories()[1].level is LogLevel.MAX


def test_set_logging_categories_errors(sim, server):
    cats = server.logging_categories()
    with pytest.raises(OSError) as info:
        server.set_logging_categories([cats[0].replace(level=9)])
    assert info.value.winerror == 87
    with pytest.raises(TypeError, match="LoggingCategory"):
        server.set_logging_categories([("Outbound", 2, 3)])
    with pytest.raises(TypeError):
        server.set_logging_categories(5)
    with pytest.raises(TypeError, match="sequence of LoggingCategory"):
        server.set_logging_categories("INIT")
    with pytest.raises(ValueError, match="at most 64"):
        server.set_logging_categories([cats[0]] * 65)
    assert sim.calls("FaxSetLoggingCategoriesW") == 1
    sim.deny_access(winfax.AccessRight.CONFIG_SET)
    with pytest.raises(PermissionError):
        server.set_logging_categories(cats)
    assert LoggingCategory(name="x", category=1, level=2).level is LogLevel.MED
