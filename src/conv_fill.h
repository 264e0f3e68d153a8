/* Shorthands for the struct converters (conv_*.c), which are long lists of
 * one field each.  "from" converters jump to a local `fail:` label; "to"
 * converters return -1 and leave their strings in the caller's arena. */
#ifndef WINFAX_CONV_FILL_H
#define WINFAX_CONV_FILL_H

#include <string.h>

#include "conversions.h"
#include "record_types.h"
#include "utf16.h"

/* record field <- converted struct member (a new reference or NULL) */
#define FILL(rec, index, value) \
    if (winfax_record_fill(rec, index, value) < 0) goto fail

/* struct member <- record field */
#define STR(rec, index, what, out) \
    if (winfax_arena_str(arena, winfax_record_value(rec, index), what, out) < 0) \
        return -1
#define DWORD_OF(rec, index, out) \
    if (winfax_to_dword(winfax_record_value(rec, index), out) < 0) return -1
#define BOOL_OF(rec, index, out) \
    (*(out) = winfax_record_value(rec, index) == Py_True)

#endif /* WINFAX_CONV_FILL_H */
