/* str <-> UTF-16 (WCHAR) strings, one code path on every platform.
 *
 * Windows strings are sequences of 16-bit code units that need not be
 * well-formed UTF-16; like CPython on Windows we let lone surrogates through
 * in both directions ("surrogatepass"), so any name the service hands out
 * can be handed back unchanged. */
#ifndef WINFAX_UTF16_H
#define WINFAX_UTF16_H

#include <Python.h>

#include "winfax_abi.h"

/* A NUL-terminated UTF-16 copy of `obj`, which must be a str, allocated
 * with PyMem_Malloc (free it with PyMem_Free).  `what` names the argument
 * in the TypeError/ValueError raised for a non-str or an embedded NUL. */
WCHAR *winfax_str_to_utf16(PyObject *obj, const char *what);

/* A new str from a NUL-terminated UTF-16 string; None for NULL. */
PyObject *winfax_utf16_to_str(LPCWSTR text);

#endif /* WINFAX_UTF16_H */
