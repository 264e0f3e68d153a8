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

PyObject *winfax_from_systemtime(winfax_state *state, const SYSTEMTIME *t)
{
    if (t->wYear == 0 && t->wMonth == 0 && t->wDay == 0 && t->wHour == 0 &&
        t->wMinute == 0 && t->wSecond == 0 && t->wMilliseconds == 0)
        Py_RETURN_NONE;
    return PyObject_CallFunction(state->datetime_type, "iiiiiii",
                                 (int)t->wYear, (int)t->wMonth, (int)t->wDay,
                                 (int)t->wHour, (int)t->wMinute,
                                 (int)t->wSecond,
                                 (int)t->wMilliseconds * 1000);
}

PyObject *winfax_from_filetime(winfax_state *state, const FILETIME *t)
{
    unsigned long long ticks = ((unsigned long long)t->dwHighDateTime << 32) |
                               t->dwLowDateTime;
    PyObject *delta, *result;

    if (ticks == 0)
        Py_RETURN_NONE;
    /* 100 ns ticks since 1601; datetime resolves microseconds.  Days and
     * microseconds keep timedelta's arguments within a C long. */
    delta = PyObject_CallFunction(state->timedelta_type, "KiK",
                                  ticks / 864000000000ull, 0,
                                  (ticks % 864000000000ull) / 10u);
    if (delta == NULL)
        return NULL;
    result = PyNumber_Add(state->filetime_epoch, delta);
    Py_DECREF(delta);
    return result;
}

PyObject *winfax_from_faxtime(winfax_state *state, const FAX_TIME *t)
{
    return PyObject_CallFunction(state->time_type, "ii", (int)t->Hour,
                                 (int)t->Minute);
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

int winfax_to_systemtime(winfax_state *state, PyObject *v, SYSTEMTIME *out)
{
    long year, month, day, hour, minute, second, micro, weekday;
    PyObject *local = NULL, *r;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (v == Py_None)
        return 0;
    /* SYSTEMTIME here is local time: an aware datetime is converted to the
     * local zone; a naive one is taken as local already. */
    r = PyObject_GetAttrString(v, "tzinfo");
    if (r == NULL)
        return -1;
    if (r != Py_None)
        local = PyObject_CallMethod(v, "astimezone", NULL);
    else
        local = Py_NewRef(v);
    Py_DECREF(r);
    if (local == NULL)
        return -1;
    r = PyObject_CallMethod(local, "weekday", NULL);
    if (r == NULL)
        goto done;
    weekday = PyLong_AsLong(r);
    Py_DECREF(r);
    if (int_attr(local, "year", &year) < 0 || int_attr(local, "month", &month) < 0 ||
        int_attr(local, "day", &day) < 0 || int_attr(local, "hour", &hour) < 0 ||
        int_attr(local, "minute", &minute) < 0 ||
        int_attr(local, "second", &second) < 0 ||
        int_attr(local, "microsecond", &micro) < 0)
        goto done;
    if (year < 1601 || year > 30827) {
        PyErr_Format(PyExc_ValueError,
                     "a SYSTEMTIME holds years 1601 to 30827, got %ld", year);
        goto done;
    }
    out->wYear = (WORD)year;
    out->wMonth = (WORD)month;
    out->wDayOfWeek = (WORD)((weekday + 1) % 7);  /* Sunday is 0 */
    out->wDay = (WORD)day;
    out->wHour = (WORD)hour;
    out->wMinute = (WORD)minute;
    out->wSecond = (WORD)second;
    out->wMilliseconds = (WORD)(micro / 1000);
    rc = 0;
done:
    (void)state;
    Py_DECREF(local);
    return rc;
}

int winfax_to_faxtime(PyObject *v, FAX_TIME *out)
{
    long hour, minute, second, micro;
    if (int_attr(v, "hour", &hour) < 0 || int_attr(v, "minute", &minute) < 0 ||
        int_attr(v, "second", &second) < 0 || int_attr(v, "microsecond", &micro) < 0)
        return -1;
    if (second != 0 || micro != 0) {
        PyErr_Format(PyExc_ValueError,
                     "the fax service keeps times to the minute; pass "
                     "datetime.time(%ld, %ld)", hour, minute);
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
