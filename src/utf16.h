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

/* A new str from a NUL-terminated UTF-16 string; None for NULL.  Inside
 * winfax_str_cache_begin/end on the same thread, equal strings share one
 * str object. */
PyObject *winfax_utf16_to_str(LPCWSTR text);

/* A per-call cache of converted strings, for converting a whole array of
 * structs: the source strings must stay valid (the API's buffer not yet
 * freed) until winfax_str_cache_end. */
#define WINFAX_STR_CACHE_SLOTS 128
typedef struct {
    LPCWSTR text;
    size_t length;
    PyObject *str;
} winfax_str_slot;
typedef struct {
    winfax_str_slot slots[WINFAX_STR_CACHE_SLOTS];
} winfax_str_cache;

/* Make `cache` the one winfax_utf16_to_str uses on this thread; returns
 * the one it replaces, which winfax_str_cache_end puts back (so nested
 * conversions are safe). */
winfax_str_cache *winfax_str_cache_begin(winfax_str_cache *cache);
void winfax_str_cache_end(winfax_str_cache *cache, winfax_str_cache *outer);

#endif /* WINFAX_UTF16_H */
