/* Records: the immutable Python objects that stand for the API's structs
 * (JobEntry for FAX_JOB_ENTRYW, Configuration for FAX_CONFIGURATIONW, ...).
 *
 * A record is one allocation holding a fixed array of Python values, so
 * converting a struct costs one allocation plus its fields.  Fields that
 * hold an enum keep the raw int and become an enum member only when read
 * (through a per-module cache), so listing 100,000 jobs builds no enum
 * member that nobody looks at.  Records have keyword (or positional)
 * constructors, replace(**changes), _asdict(), _fields, equality, hashing,
 * pickling and a repr showing enum members. */
#ifndef WINFAX_RECORDS_H
#define WINFAX_RECORDS_H

#include <Python.h>

#include "module_state.h"

typedef enum {
    F_STR,          /* str or None (a NULL LPCWSTR) */
    F_DWORD,        /* int, 0 .. 2**32-1 */
    F_BOOL,         /* bool */
    F_ENUM,         /* int stored, enum member read */
    F_SYSTEMTIME,   /* datetime or None (all-zero SYSTEMTIME); zone: convert.c */
    F_FILETIME,     /* aware UTC datetime or None (zero FILETIME) */
    F_FAXTIME,      /* datetime.time with minute resolution */
    F_UINTPTR,      /* int, pointer-sized (an HDC) */
} field_kind;

typedef struct {
    const char *name;
    field_kind kind;
    int enum_index;     /* winfax_enum for F_ENUM, else -1 */
} record_field;

typedef struct {
    const char *name;           /* "winfax.JobEntry" */
    const char *doc;
    Py_ssize_t nfields;
    const record_field *fields;
    PyGetSetDef *getset;
} record_desc;

extern const record_desc winfax_record_descs[N_RECORDS];

/* The getter of every field; its closure is the field's record_field. */
PyObject *winfax_record_get(PyObject *self, void *closure);

/* Create the record types and add them to the module. */
int winfax_records_init(PyObject *module, winfax_state *state);

/* A new record whose values are all unset; fill every one with
 * winfax_record_fill before handing it out. */
PyObject *winfax_record_alloc(winfax_state *state, winfax_record which);

/* Store `value` (a new reference, stolen) as field `index`.  A NULL value
 * means its conversion failed: returns -1 with the exception kept. */
int winfax_record_fill(PyObject *record, Py_ssize_t index, PyObject *value);

/* Field `index` of a record as stored (raw int for enum fields); borrowed. */
PyObject *winfax_record_value(PyObject *record, Py_ssize_t index);

/* 1 if `obj` is a `which` record, else 0 with TypeError naming `what`. */
int winfax_record_check(winfax_state *state, PyObject *obj,
                        winfax_record which, const char *what);

/* Test hook: make the n-th record allocation from now (of this module,
 * that is this interpreter) fail with MemoryError (0 turns it off).
 * Reached only through winfax._testhooks (test_hooks.h). */
void winfax_records_fail_after(winfax_state *state, long n);

#endif /* WINFAX_RECORDS_H */
