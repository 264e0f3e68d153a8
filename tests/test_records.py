"""Records: immutable, comparable, hashable, picklable, with replace() and
enum fields that are plain ints inside and enum members outside."""

import datetime
import pickle

import pytest

import winfax
from winfax import (
    Configuration,
    ContextInfo,
    CoverPageInfo,
    DeviceStatus,
    GlobalRoutingInfo,
    JobEntry,
    JobParam,
    LoggingCategory,
    PortInfo,
    PrintInfo,
    RoutingMethod,
)

ALL_RECORDS = [
    Configuration, ContextInfo, CoverPageInfo, DeviceStatus, GlobalRoutingInfo,
    JobEntry, JobParam, LoggingCategory, PortInfo, PrintInfo, RoutingMethod,
]


@pytest.mark.parametrize("cls", ALL_RECORDS, ids=lambda c: c.__name__)
def test_defaults_repr_pickle_and_equality(cls):
    r = cls()
    assert r == cls()
    assert hash(r) == hash(cls())
    assert repr(r).startswith(cls.__name__ + "(")
    for name in cls._fields:
        assert f"{name}=" in repr(r)
    assert pickle.loads(pickle.dumps(r)) == r
    assert type(pickle.loads(pickle.dumps(r))) is cls
    assert cls.__module__ == "winfax"
    assert cls.__match_args__ == cls._fields
    assert set(r._asdict()) == set(cls._fields)


@pytest.mark.parametrize("cls", ALL_RECORDS, ids=lambda c: c.__name__)
def test_records_are_immutable(cls):
    r = cls()
    with pytest.raises(AttributeError):
        setattr(r, cls._fields[0], None)
    with pytest.raises(AttributeError):
        r.not_a_field = 1


def test_keyword_and_positional_construction():
    a = PortInfo(1, winfax.PortState.AVAILABLE, rings=3, tsid="T")
    assert (a.device_id, a.state, a.rings, a.tsid) == (1, winfax.PortState.AVAILABLE, 3, "T")
    with pytest.raises(TypeError, match="both by position and by keyword"):
        PortInfo(1, device_id=2)
    with pytest.raises(TypeError, match="at most 8 arguments"):
        PortInfo(*range(9))
    with pytest.raises(TypeError, match="has no field 'ring'"):
        PortInfo(ring=3)


@pytest.mark.parametrize(
    "kwargs,exc,pattern",
    [
        ({"rings": "3"}, TypeError, r"PortInfo.rings must be an int, not str"),
        ({"rings": True}, TypeError, r"must be an int, not bool"),
        ({"rings": -1}, ValueError, r"between 0 and 0xFFFFFFFF"),
        ({"rings": 2**32}, ValueError, r"between 0 and 0xFFFFFFFF"),
        ({"tsid": b"x"}, TypeError, r"PortInfo.tsid must be a str or None, not bytes"),
        ({"state": 1.0}, TypeError, r"must be an int"),
    ],
)
def test_field_validation(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        PortInfo(**kwargs)
    with pytest.raises(exc, match=pattern):
        PortInfo().replace(**kwargs)


def test_bool_time_and_datetime_fields_are_checked():
    with pytest.raises(TypeError, match="branding must be a bool"):
        Configuration(branding=1)
    with pytest.raises(TypeError, match="start_cheap_time must be a datetime.time"):
        Configuration(start_cheap_time="20:00")
    with pytest.raises(TypeError, match="schedule_time must be a datetime.datetime or None"):
        JobParam(schedule_time=datetime.date(2026, 1, 1))
    JobParam(schedule_time=datetime.datetime(2026, 1, 1, 12, 0))


def test_replace_makes_a_changed_copy():
    c = Configuration(retries=3)
    d = c.replace(retries=5, branding=True)
    assert (c.retries, d.retries, d.branding) == (3, 5, True)
    assert c.replace() == c and c.replace() is not c
    with pytest.raises(TypeError, match="keyword arguments only"):
        c.replace(5)


def test_enum_fields_are_members_outside_and_ints_inside():
    e = JobEntry(job_type=1, queue_status=0x8 | 0x20, status=0x20000002,
                 schedule_action=2, delivery_report_type=1)
    assert e.job_type is winfax.JobType.SEND
    assert e.queue_status == winfax.QueueStatus.PAUSED | winfax.QueueStatus.RETRYING
    assert isinstance(e.queue_status, winfax.QueueStatus)
    assert e.status is winfax.PortState.SENDING
    assert e.schedule_action is winfax.ScheduleAction.DISCOUNT_PERIOD
    assert e.delivery_report_type is winfax.DeliveryReport.EMAIL
    assert "<JobType.SEND: 1>" in repr(e)
    # pickled as plain ints: loads without the enums in the picture
    assert b"JobType" not in pickle.dumps(e)
    # enum members and ints compare equal, so records built either way match
    assert JobEntry(job_type=winfax.JobType.SEND) == JobEntry(job_type=1)


def test_values_missing_from_the_enums_stay_ints():
    e = JobEntry(job_type=99, status=0x12345)
    assert e.job_type == 99 and type(e.job_type) is int
    assert e.status == 0x12345 and type(e.status) is int


def test_equality_is_by_type_and_value():
    assert PortInfo(rings=1) != PortInfo(rings=2)
    assert PortInfo() != JobParam()
    assert PortInfo() != (0,) * 8
    with pytest.raises(TypeError):
        PortInfo() < PortInfo()
    assert len({PortInfo(rings=1), PortInfo(rings=1), PortInfo(rings=2)}) == 2


def test_pattern_matching():
    match LoggingCategory("Outbound", 2, 3):
        case LoggingCategory(name, winfax.LogCategory.OUTBOUND, level):
            assert (name, level) == ("Outbound", winfax.LogLevel.MAX)
        case _:
            pytest.fail("no match")


def test_context_info_takes_pointer_sized_values():
    big = 2**63 + 5
    assert ContextInfo(hdc=big).hdc == big
    with pytest.raises(ValueError):
        ContextInfo(hdc=2**64)


# ---- reference cycles through user values ---------------------------------

def _collected(make_cycle):
    """Whether the garbage collector frees a cycle made by make_cycle(on_free),
    which must call on_free() from the finaliser of an object in the cycle."""
    import gc

    freed = []
    gc.collect()
    make_cycle(lambda: freed.append(True))
    gc.collect()
    return freed == [True]


def test_a_str_subclass_referring_back_to_its_record_is_collected():
    def make_cycle(on_free):
        class Name(str):
            def __del__(self):
                on_free()

        name = Name("Ada")
        name.record = JobParam(recipient_name=name)

    assert _collected(make_cycle)


def test_a_datetime_subclass_in_a_replaced_record_is_collected():
    def make_cycle(on_free):
        class When(datetime.datetime):
            def __del__(self):
                on_free()

        when = When(2030, 1, 2, 3, 4)
        when.record = JobParam().replace(schedule_time=when)

    assert _collected(make_cycle)


def test_records_of_plain_values_are_not_tracked():
    # Only a record that can be part of a cycle costs the collector anything.
    import gc

    class Name(str):
        pass

    assert not gc.is_tracked(JobParam(recipient_number="1"))
    assert not gc.is_tracked(Configuration().replace(retries=5, archive_directory="x"))
    assert not gc.is_tracked(JobParam(schedule_time=datetime.datetime(2030, 1, 1)))
    assert gc.is_tracked(JobParam(recipient_number=Name("1")))
    assert gc.is_tracked(JobParam().replace(recipient_name=Name("A")))


def test_enum_fields_read_from_many_threads():
    # The enum cache is shared by every thread; on a free-threaded build a
    # borrowed reference from it could be freed by another thread's store.
    # Values missing from the enums cache the raw int of whichever record
    # stored it first, so the records are dropped as soon as they are read.
    import threading

    values = [0x7000_0000 + i for i in range(64)]
    errors = []
    start = threading.Barrier(8)

    def reader():
        try:
            start.wait()
            for _ in range(200):
                for v in values:
                    r = JobParam(schedule_action=int(str(v)))
                    assert r.schedule_action == v
                    del r
        except BaseException as e:  # reported below, with the thread's traceback
            errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
