/* What the struct converters (conv_*.c) share.  They are long lists of one
 * field each; every step is a function that returns an error code, and the
 * call site says what a failure does: "from" converters `goto fail`, which
 * drops the half-filled record, and "to" converters `return -1`, leaving
 * the strings they made in the caller's arena, which frees them. */
#ifndef WINFAX_CONV_FILL_H
#define WINFAX_CONV_FILL_H

#include <stddef.h>
#include <string.h>

#include "conversions.h"
#include "record_types.h"
#include "utf16.h"

/* Record -> struct: each reads field `index` of `rec`, a record that
 * winfax_record_check accepted (so its values have the field's type). */

/* str or None -> an arena-owned UTF-16 string or NULL.  0 or -1. */
static inline int winfax_field_to_str(winfax_arena *arena, PyObject *rec,
                                      Py_ssize_t index, const char *what,
                                      LPCWSTR *out)
{
    return winfax_arena_str(arena, winfax_record_value(rec, index), what, out);
}

/* int -> DWORD.  0 or -1. */
static inline int winfax_field_to_dword(PyObject *rec, Py_ssize_t index, DWORD *out)
{
    return winfax_to_dword(winfax_record_value(rec, index), out);
}

/* bool -> BOOL; cannot fail. */
static inline BOOL winfax_field_to_bool(PyObject *rec, Py_ssize_t index)
{
    return winfax_record_value(rec, index) == Py_True;
}

#endif /* WINFAX_CONV_FILL_H */
