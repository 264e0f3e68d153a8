/* Scalar conversions (see convert.h).  The limited API has no datetime C
 * API, so datetimes are made by calling the types kept in module state. */
#include "convert.h"

#include "conversions.h"

#include <stdint.h>
#include <string.h>

#include "thread_local.h"
#include "utf16.h"

/* The ints of the enumeration running on this thread (see
 * winfax_list_from_array); NULL outside one.  Thread-local for the same
 * reason as utf16.c's string cache: free-threaded builds convert lists on
 * several threads at once. */
#define INT_SLOTS 16
typedef struct {
    DWORD value;
    PyObject *obj;
} int_slot;
static WINFAX_THREAD_LOCAL int_slot *active_ints;

PyObject *winfax_from_dword_shared(DWORD v)
{
    int_slot *slot;
    PyObject *obj;

    /* CPython shares 0..256 itself. */
    if (v <= 256 || active_ints == NULL)
        return winfax_from_dword(v);
    /* Fibonacci hashing: device states differ only in high bits
     * (0x20100000, 0x20200000), which a plain modulo would not see. */
    slot = &active_ints[(uint32_t)(v * 2654435761u) >> 28];
    if (slot->obj != NULL && slot->value == v)
        return Py_NewRef(slot->obj);
    obj = winfax_from_dword(v);
    if (obj != NULL) {
        PyObject *evicted = slot->obj;
        slot->obj = Py_NewRef(obj);
        slot->value = v;
        Py_XDECREF(evicted);
    }
    return obj;
}

/* ---- times ---------------------------------------------------------------
 *
 * Which fields are UTC and which local is each structure's page's word
 * (docs/api.md, "Times", has the table with the quotes):
 *   FAX_JOB_PARAMW / FAX_JOB_ENTRYW ScheduleTime: SYSTEMTIME in UTC
 *   FAX_COVERPAGE_INFOW TimeSent: SYSTEMTIME in local system time
 *   FILETIME (events, device status): UTC, as every FILETIME
 *   FAX_TIME (the discount period): UTC hour and minute, no date
 *
 * A value the service fills with something no datetime can hold (month 13,
 * day 0, year 0, a FILETIME past 9999) reads as None and raises an
 * InvalidTimeWarning naming the field and the raw value.  None, because
 * such a value names no instant (Windows' own SystemTimeToFileTime refuses
 * it) and None already means "no time" to every reader; a warning rather
 * than an exception, because one bad field of one job must not make a
 * whole jobs() listing or event stream fail; and the warning carries the
 * raw value for whoever wants it (warnings.catch_warnings, or -W error to
 * make it fail after all).  A datetime-like stand-in type would keep the
 * value in the record, but every reader of the field would then have to
 * test for a third kind of value. */

#define TICKS_PER_DAY 864000000000ull
/* Days from 1601-01-01 to 10000-01-01: FILETIMEs from there on are past
 * datetime.max. */
#define FILETIME_DAYS_TO_YEAR_10000 3067671ull

static int is_leap(unsigned year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned days_in_month(unsigned year, unsigned month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30,
                                           31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* A SYSTEMTIME Windows accepts (years from 1601) that datetime can hold
 * (years to 9999).  wDayOfWeek is not checked: Windows ignores it on
 * input too. */
static int systemtime_is_valid(const SYSTEMTIME *t)
{
    return t->wYear >= 1601 && t->wYear <= 9999 && t->wMonth >= 1 &&
           t->wMonth <= 12 && t->wDay >= 1 &&
           t->wDay <= days_in_month(t->wYear, t->wMonth) && t->wHour < 24 &&
           t->wMinute < 60 && t->wSecond < 60 && t->wMilliseconds < 1000;
}

PyObject *winfax_from_systemtime(winfax_state *state, const SYSTEMTIME *t,
                                 winfax_zone zone, const char *what)
{
    PyObject *naive, *aware;

    if (t->wYear == 0 && t->wMonth == 0 && t->wDay == 0 && t->wHour == 0 &&
        t->wMinute == 0 && t->wSecond == 0 && t->wMilliseconds == 0)
        Py_RETURN_NONE;
    if (!systemtime_is_valid(t)) {
        /* A warning the filter made an exception fails the call after all. */
        if (PyErr_WarnFormat(
                state->invalid_time_warning, 1,
                "%s: the fax service returned the SYSTEMTIME year=%u month=%u "
                "day=%u hour=%u minute=%u second=%u milliseconds=%u "
                "(day of week %u), which is no valid time; it reads as None",
                what, (unsigned)t->wYear, (unsigned)t->wMonth, (unsigned)t->wDay,
                (unsigned)t->wHour, (unsigned)t->wMinute, (unsigned)t->wSecond,
                (unsigned)t->wMilliseconds, (unsigned)t->wDayOfWeek) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (zone == WINFAX_UTC)
        return PyObject_CallFunction(state->datetime_type, "iiiiiiiO",
                                     (int)t->wYear, (int)t->wMonth, (int)t->wDay,
                                     (int)t->wHour, (int)t->wMinute,
                                     (int)t->wSecond,
                                     (int)t->wMilliseconds * 1000, state->utc);
    naive = PyObject_CallFunction(state->datetime_type, "iiiiiii",
                                  (int)t->wYear, (int)t->wMonth, (int)t->wDay,
                                  (int)t->wHour, (int)t->wMinute,
                                  (int)t->wSecond, (int)t->wMilliseconds * 1000);
    if (naive == NULL)
        return NULL;
    /* Local wall time made aware with the local offset it had then.  Where
     * Python cannot say (on Windows it finds no offset before 1970), the
     * naive value is kept: naive means local in Python. */
    aware = PyObject_CallMethod(naive, "astimezone", NULL);
    if (aware == NULL && (PyErr_ExceptionMatches(PyExc_OverflowError) ||
                          PyErr_ExceptionMatches(PyExc_OSError) ||
                          PyErr_ExceptionMatches(PyExc_ValueError))) {
        PyErr_Clear();
        return naive;
    }
    Py_DECREF(naive);
    return aware;
}

PyObject *winfax_from_filetime(winfax_state *state, const FILETIME *t,
                               const char *what)
{
    unsigned long long ticks = ((unsigned long long)t->dwHighDateTime << 32) |
                               t->dwLowDateTime;
    PyObject *delta, *result;

    if (ticks == 0)
        Py_RETURN_NONE;
    if (ticks / TICKS_PER_DAY >= FILETIME_DAYS_TO_YEAR_10000) {
        if (PyErr_WarnFormat(
                state->invalid_time_warning, 1,
                "%s: the fax service returned the FILETIME %llu (100 ns ticks "
                "since 1601), which is past the last time a datetime holds; "
                "it reads as None", what, ticks) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    /* 100 ns ticks since 1601; datetime resolves microseconds.  Days and
     * microseconds keep timedelta's arguments within a C long. */
    delta = PyObject_CallFunction(state->timedelta_type, "KiK",
                                  ticks / TICKS_PER_DAY, 0,
                                  (ticks % TICKS_PER_DAY) / 10u);
    if (delta == NULL)
        return NULL;
    result = PyNumber_Add(state->filetime_epoch, delta);
    Py_DECREF(delta);
    return result;
}

PyObject *winfax_from_faxtime(winfax_state *state, const FAX_TIME *t)
{
    return PyObject_CallFunction(state->time_type, "iiiiO", (int)t->Hour,
                                 (int)t->Minute, 0, 0, state->utc);
}

int winfax_to_dword(PyObject *v, DWORD *out)
{
    unsigned long value = PyLong_AsUnsignedLong(v);
    if (value == (unsigned long)-1 && PyErr_Occurred())
        return -1;
    *out = (DWORD)value;
    return 0;
}

/* An int attribute of a datetime/time object. */
static int int_attr(PyObject *obj, const char *name, long *out)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v == NULL)
        return -1;
    *out = PyLong_AsLong(v);
    Py_DECREF(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* Sunday is 0, as in SYSTEMTIME.  Worked out from the date rather than
 * asked of the object: a datetime subclass may answer weekday() with
 * anything. */
static WORD day_of_week(long year, long month, long day)
{
    static const int offsets[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (month < 3)
        year -= 1;
    return (WORD)((year + year / 4 - year / 100 + year / 400 +
                    offsets[month - 1] + day) % 7);
}

/* `v` as the wall time the field wants: UTC fields take an aware datetime
 * converted to UTC and a naive one as local time (Python's meaning of
 * naive) converted to UTC; the local field takes a naive datetime as it is
 * and an aware one converted to local time. */
static PyObject *in_zone(winfax_state *state, PyObject *v, winfax_zone zone,
                         const char *what)
{
    PyObject *tzinfo, *result;

    if (zone == WINFAX_UTC) {
        result = PyObject_CallMethod(v, "astimezone", "O", state->utc);
    }
    else {
        tzinfo = PyObject_GetAttrString(v, "tzinfo");
        if (tzinfo == NULL)
            return NULL;
        if (tzinfo == Py_None)
            result = Py_NewRef(v);
        else
            result = PyObject_CallMethod(v, "astimezone", NULL);
        Py_DECREF(tzinfo);
    }
    if (result == NULL && (PyErr_ExceptionMatches(PyExc_OverflowError) ||
                           PyErr_ExceptionMatches(PyExc_OSError))) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError,
                     "%s: %R cannot be converted to %s on this platform; "
                     "pass an aware datetime between 1601 and 9999 "
                     "(e.g. with tzinfo=datetime.timezone.utc)",
                     what, v, zone == WINFAX_UTC ? "UTC" : "local time");
    }
    return result;
}

int winfax_to_systemtime(winfax_state *state, PyObject *v, winfax_zone zone,
                         const char *what, SYSTEMTIME *out)
{
    long year, month, day, hour, minute, second, micro;
    PyObject *wall;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (v == Py_None)
        return 0;
    wall = in_zone(state, v, zone, what);
    if (wall == NULL)
        return -1;
    if (int_attr(wall, "year", &year) < 0 || int_attr(wall, "month", &month) < 0 ||
        int_attr(wall, "day", &day) < 0 || int_attr(wall, "hour", &hour) < 0 ||
        int_attr(wall, "minute", &minute) < 0 ||
        int_attr(wall, "second", &second) < 0 ||
        int_attr(wall, "microsecond", &micro) < 0)
        goto done;
    if (year < 1601 || year > 30827) {
        PyErr_Format(PyExc_ValueError,
                     "%s: a SYSTEMTIME holds years 1601 to 30827, got %ld%s",
                     what, year, zone == WINFAX_UTC ? " (in UTC)" : "");
        goto done;
    }
    if (month < 1 || month > 12 || day < 1 ||
        day > (long)days_in_month((unsigned)year, (unsigned)month)) {
        PyErr_Format(PyExc_ValueError, "%s: %R is not a date", what, v);
        goto done;
    }
    out->wYear = (WORD)year;
    out->wMonth = (WORD)month;
    out->wDayOfWeek = day_of_week(year, month, day);
    out->wDay = (WORD)day;
    out->wHour = (WORD)hour;
    out->wMinute = (WORD)minute;
    out->wSecond = (WORD)second;
    out->wMilliseconds = (WORD)(micro / 1000);
    rc = 0;
done:
    Py_DECREF(wall);
    return rc;
}

int winfax_to_faxtime(PyObject *v, const char *what, FAX_TIME *out)
{
    long hour, minute, second, micro;
    PyObject *offset;
    int nonzero;

    /* FAX_TIME is a UTC time of day without a date.  A time in another
     * zone would need a date to be converted (the offset changes with
     * daylight saving time), so only naive times (taken as UTC) and times
     * whose zone is UTC are taken: nothing shifts by an hour twice a
     * year without anyone noticing. */
    offset = PyObject_CallMethod(v, "utcoffset", NULL);
    if (offset == NULL)
        return -1;
    if (offset != Py_None) {
        nonzero = PyObject_IsTrue(offset);
        Py_DECREF(offset);
        if (nonzero < 0)
            return -1;
    }
    else {
        PyObject *tzinfo = PyObject_GetAttrString(v, "tzinfo");
        Py_DECREF(offset);
        if (tzinfo == NULL)
            return -1;
        nonzero = tzinfo != Py_None;   /* a zone that cannot say its offset */
        Py_DECREF(tzinfo);
    }
    if (nonzero) {
        PyErr_Format(PyExc_ValueError,
                     "%s: the discount period is kept in UTC (FAX_TIME); pass "
                     "a naive time (taken as UTC) or one with "
                     "tzinfo=datetime.timezone.utc, e.g. convert with "
                     "datetime.datetime.combine(day, t).astimezone("
                     "datetime.timezone.utc).timetz(), got %R", what, v);
        return -1;
    }
    if (int_attr(v, "hour", &hour) < 0 || int_attr(v, "minute", &minute) < 0 ||
        int_attr(v, "second", &second) < 0 || int_attr(v, "microsecond", &micro) < 0)
        return -1;
    if (second != 0 || micro != 0) {
        PyErr_Format(PyExc_ValueError,
                     "%s: the fax service keeps times to the minute; pass "
                     "datetime.time(%ld, %ld)", what, hour, minute);
        return -1;
    }
    out->Hour = (WORD)hour;
    out->Minute = (WORD)minute;
    return 0;
}

int winfax_arena_str(winfax_arena *arena, PyObject *v, const char *what,
                     LPCWSTR *out)
{
    WCHAR *w;
    if (v == Py_None) {
        *out = NULL;
        return 0;
    }
    if (arena->count == arena->capacity) {
        Py_ssize_t capacity = arena->capacity ? arena->capacity * 2 : 16;
        WCHAR **items = PyMem_Realloc(arena->items,
                                      (size_t)capacity * sizeof *items);
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        arena->items = items;
        arena->capacity = capacity;
    }
    w = winfax_str_to_utf16(v, what);
    if (w == NULL)
        return -1;
    arena->items[arena->count++] = w;
    *out = w;
    return 0;
}

void winfax_arena_free(winfax_arena *arena)
{
    for (Py_ssize_t i = 0; i < arena->count; i++)
        PyMem_Free(arena->items[i]);
    PyMem_Free(arena->items);
    arena->items = NULL;
    arena->count = arena->capacity = 0;
}

PyObject *winfax_list_from_array(winfax_state *st, const void *items,
                                 DWORD count, size_t size, winfax_from_item convert)
{
    /* Records of one enumeration repeat their strings (every job of a
     * sender has the same sender, company, TSID, ...) and some numbers
     * (size, device state): the caches make them one object each, so the
     * list costs less time and memory (benchmarks/README.md has the
     * figures).  They live on the stack for this call only, and the API's
     * buffer (the string cache's keys) outlives them. */
    winfax_str_cache cache, *outer;
    int_slot ints[INT_SLOTS] = {{0, NULL}}, *outer_ints;
    PyObject *list = PyList_New((Py_ssize_t)count);

    if (list == NULL)
        return NULL;
    outer = winfax_str_cache_begin(&cache);
    outer_ints = active_ints;
    active_ints = ints;
    for (DWORD i = 0; i < count; i++) {
        PyObject *item = convert(st, (const char *)items + (size_t)i * size);
        if (item == NULL || PyList_SetItem(list, (Py_ssize_t)i, item) < 0) {
            Py_CLEAR(list);
            break;
        }
    }
    winfax_str_cache_end(&cache, outer);
    active_ints = outer_ints;
    for (size_t i = 0; i < INT_SLOTS; i++)
        Py_XDECREF(ints[i].obj);
    return list;
}
