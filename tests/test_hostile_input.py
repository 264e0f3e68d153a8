"""Property-based tests: arbitrary strings (surrogates, NUL, 1 MB), integers
outside 32 bits, negative ids, wrong types and huge sequences, thrown at every
record constructor and at the public calls.  Only documented exceptions may
come out (TypeError, ValueError, OSError, MemoryError never for these sizes),
and nothing may crash or leak a buffer or a handle."""

import datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import winfax
from conftest import needs_simulator

pytestmark = needs_simulator

RECORDS = [
    winfax.Configuration, winfax.ContextInfo, winfax.CoverPageInfo, winfax.DeviceStatus,
    winfax.GlobalRoutingInfo, winfax.JobEntry, winfax.JobParam, winfax.LoggingCategory,
    winfax.PortInfo, winfax.PrintInfo, winfax.RoutingMethod,
]

DOCUMENTED = (TypeError, ValueError, OSError)

texts = st.one_of(
    st.text(),  # includes lone surrogates and NUL
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.just("\0"),
    st.just("\ud800"),
    st.just("x" * (1 << 20)),  # 1 MB
)
integers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([-1, 0, 2**31, 2**32 - 1, 2**32, 2**63, 2**64]),
)
values = st.one_of(
    texts, integers, st.none(), st.booleans(), st.floats(allow_nan=True),
    st.binary(max_size=64), st.lists(st.integers(), max_size=3),
    st.datetimes(), st.times(), st.just(object()),
)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(cls=st.sampled_from(RECORDS), data=st.data())
def test_record_constructors_accept_or_refuse_cleanly(sim, cls, data):
    kwargs = {name: data.draw(values, label=name)
              for name in data.draw(st.lists(st.sampled_from(cls._fields), unique=True))}
    try:
        record = cls(**kwargs)
    except DOCUMENTED:
        return
    # A record that was accepted behaves: repr, equality, hash, replace.
    repr(record)
    assert record == record.replace()
    try:
        hash(record)
    except TypeError:
        pass  # unhashable datetimes never occur; other values are hashable


@SETTINGS
@given(data=st.data())
def test_send_document_with_hostile_params(sim, tmp_path_factory, data):
    from faxdocs import write_tiff

    tiff = write_tiff(tmp_path_factory.mktemp("h") / "f.tif")
    fields = data.draw(st.dictionaries(st.sampled_from(winfax.JobParam._fields), values, max_size=5))
    path = data.draw(st.one_of(st.just(str(tiff)), texts, values))
    with winfax.connect() as server:
        try:
            params = winfax.JobParam(**fields)
            server.send_document(path, params)
        except DOCUMENTED:
            pass
        for job in server.jobs():
            server.abort(job.job_id)
    assert sim.outstanding_buffers() == 0
    assert sim.open_handles() == 0


@SETTINGS
@given(job_id=values, command=values, rights=values, device=values, guid=values, blob=values)
def test_server_and_port_calls_with_hostile_arguments(sim, job_id, command, rights, device, guid, blob):
    with winfax.connect() as server:
        for call in (
            lambda: server.get_job(job_id),
            lambda: server.set_job(job_id, command),
            lambda: server.abort(job_id),
            lambda: server.page_data(job_id),
            lambda: server.access_check(rights),
            lambda: server.open_port(device, command),
            lambda: server.set_logging_categories(blob),
            lambda: server.send_broadcast(guid, blob),
            lambda: server.register_routing_extension(guid, guid, guid, blob),
            lambda: winfax.unregister_service_provider(guid),
        ):
            try:
                result = call()
            except DOCUMENTED:
                continue
            if isinstance(result, winfax.FaxPortHandle):
                result.close()
        with server.open_port(server.ports()[0].device_id, winfax.PortOpen.MODIFY) as port:
            for call in (
                lambda: port.routing_info(guid),
                lambda: port.set_routing_info(guid, blob),
                lambda: port.enable_routing_method(guid, command),
                lambda: port.set_info(blob),
            ):
                try:
                    call()
                except DOCUMENTED:
                    pass
    assert sim.outstanding_buffers() == 0
    assert sim.open_handles() == 0


good_recipients = st.lists(
    st.builds(winfax.JobParam, recipient_number=st.from_regex(r"[0-9]{1,15}", fullmatch=True)),
    min_size=1, max_size=5)


@SETTINGS
@given(recipients=st.one_of(
    st.lists(st.one_of(
        st.builds(winfax.JobParam, recipient_number=st.text(max_size=20)),
        values, st.tuples(values, values)), max_size=20),
    good_recipients,
    # Good recipients, then one that is not: still nothing may be queued.
    st.tuples(good_recipients, values).map(lambda t: t[0] + [t[1]]),
))
def test_broadcast_with_hostile_recipients(sim, tmp_path_factory, recipients):
    from faxdocs import write_tiff

    tiff = write_tiff(tmp_path_factory.mktemp("b") / "f.tif")
    # The queue carries over from earlier examples (the fixture resets the
    # simulator once per test), so each example compares with its own start.
    wanted = [r[0] if isinstance(r, tuple) else r for r in recipients]
    with winfax.connect() as server:
        before = server.jobs()
        try:
            server.send_broadcast(tiff, recipients)
        except (TypeError, ValueError):
            # Raised while the callback read the recipients: it stops the
            # broadcast before the service queues anything.
            event("refused while reading the recipients")
            assert server.jobs() == before
        except OSError:
            # The service refused a recipient; those before it stay queued.
            event("refused by the service")
            queued = [j.recipient_number for j in server.jobs()[len(before):]]
            assert queued == [p.recipient_number for p in wanted[:len(queued)]]
            assert len(queued) < len(wanted)
        else:
            event("queued")
            queued = [j.recipient_number for j in server.jobs()[len(before):]]
            assert queued == [p.recipient_number for p in wanted]
    assert sim.outstanding_buffers() == 0


def test_huge_sequences_are_refused_before_the_api(sim, tmp_path):
    from faxdocs import write_tiff

    with winfax.connect() as server:
        cat = server.logging_categories()[0]
        with pytest.raises(ValueError):
            server.set_logging_categories([cat] * 100_000)
        with pytest.raises(ValueError, match="at most 65536"):
            server.send_broadcast(write_tiff(tmp_path / "f.tif"),
                                  [winfax.JobParam(recipient_number="1")] * 65_537)
        assert server.jobs() == []
    assert sim.calls("FaxSetLoggingCategoriesW") == 0


def test_datetimes_at_the_edges(sim, tmp_path):
    from faxdocs import write_tiff

    tiff = write_tiff(tmp_path / "f.tif")
    with winfax.connect() as server:
        utc = datetime.timezone.utc
        for when, ok in ((datetime.datetime(1601, 1, 1, tzinfo=utc), True),
                         (datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=utc), True),
                         (datetime.datetime(1600, 12, 31), False),
                         (datetime.datetime(2030, 1, 1, tzinfo=utc), True)):
            params = winfax.JobParam(recipient_number="1", schedule_time=when,
                                     schedule_action=winfax.ScheduleAction.SPECIFIC_TIME)
            if ok:
                job = server.get_job(server.send_document(tiff, params))
                # ScheduleTime is UTC: the same instant comes back, UTC-aware
                # (to the millisecond a SYSTEMTIME keeps).
                assert job.schedule_time.tzinfo is utc
                assert job.schedule_time == when.replace(microsecond=when.microsecond // 1000 * 1000)
            else:
                with pytest.raises(ValueError, match="1601"):
                    server.send_document(tiff, params)
