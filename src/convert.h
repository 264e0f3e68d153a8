/* Conversions of the API's scalar types, both ways, shared by every
 * struct converter: times, DWORDs, BOOLs, and the strings of input structs. */
#ifndef WINFAX_CONVERT_H
#define WINFAX_CONVERT_H

#include <Python.h>

#include "module_state.h"
#include "winfax_abi.h"

/* Struct -> Python.  Each returns a new reference or NULL. */
#define winfax_from_dword(v) PyLong_FromUnsignedLong((unsigned long)(v))
#define winfax_from_bool(v) PyBool_FromLong((v) != 0)
/* As winfax_from_dword, for values that repeat from struct to struct (a
 * job's size, a device state): inside winfax_list_from_array equal values
 * share one int object rather than each record allocating its own. */
PyObject *winfax_from_dword_shared(DWORD v);
/* Which zone a SYSTEMTIME field is in, as its structure's page says
 * (convert.c lists them). */
typedef enum { WINFAX_UTC, WINFAX_LOCAL } winfax_zone;
/* SYSTEMTIME -> aware datetime (tzinfo UTC, or the local offset); all
 * zero -> None; a value no datetime holds -> None with an
 * InvalidTimeWarning naming `what` ("JobEntry.schedule_time"). */
PyObject *winfax_from_systemtime(winfax_state *state, const SYSTEMTIME *t,
                                 winfax_zone zone, const char *what);
/* FILETIME (UTC) -> aware datetime; zero -> None; past 9999 -> None with
 * an InvalidTimeWarning. */
PyObject *winfax_from_filetime(winfax_state *state, const FILETIME *t,
                               const char *what);
/* FAX_TIME (UTC) -> datetime.time with tzinfo UTC. */
PyObject *winfax_from_faxtime(winfax_state *state, const FAX_TIME *t);

/* Python -> struct, from validated record values.  Each returns 0 or -1. */
int winfax_to_dword(PyObject *v, DWORD *out);
/* datetime or None -> SYSTEMTIME in `zone`: for a UTC field an aware
 * datetime is converted to UTC and a naive one is taken as local time and
 * converted to UTC; for the local field a naive one is taken as it is and
 * an aware one converted to local time.  ValueError names `what`. */
int winfax_to_systemtime(winfax_state *state, PyObject *v, winfax_zone zone,
                         const char *what, SYSTEMTIME *out);
/* time -> FAX_TIME (UTC): a naive time is taken as UTC, an aware one must
 * be in UTC (ValueError otherwise: without a date it cannot be converted). */
int winfax_to_faxtime(PyObject *v, const char *what, FAX_TIME *out);

/* The UTF-16 strings of the input structs of one call, freed together
 * after the call.  It grows as needed (a broadcast converts every
 * recipient before the first job is queued). */
typedef struct {
    WCHAR **items;
    Py_ssize_t count;
    Py_ssize_t capacity;
} winfax_arena;

#define WINFAX_ARENA_INIT {NULL, 0, 0}

/* str -> an arena-owned UTF-16 string; None -> NULL.  `what` names the
 * field in errors.  Returns 0 or -1. */
int winfax_arena_str(winfax_arena *arena, PyObject *v, const char *what,
                     LPCWSTR *out);
void winfax_arena_free(winfax_arena *arena);

#endif /* WINFAX_CONVERT_H */
