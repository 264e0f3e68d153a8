/* The one way this module calls the fax API: WINFAX_CALL_WITHOUT_GIL.
 * (Calls that need an open FaxHandle go through winfax_call_on_handle in
 * fetch.h, which takes a use of the handle around this macro.) */
#ifndef WINFAX_CALL_H
#define WINFAX_CALL_H

#include <Python.h>

#include "winfax_abi.h"

/* Evaluate `call` (a BOOL-returning fax API call) with the GIL released,
 * storing its result in `ok` and, on failure, the thread's last error in
 * `error` - read before the GIL is taken back, so nothing can overwrite it.
 * A failure that sets no error is reported as ERROR_INVALID_FUNCTION rather
 * than as a success. */
#define WINFAX_CALL_WITHOUT_GIL(ok, error, call) \
    do { \
        Py_BEGIN_ALLOW_THREADS \
        (ok) = (call); \
        (error) = (ok) ? ERROR_SUCCESS : GetLastError(); \
        if (!(ok) && (error) == ERROR_SUCCESS) \
            (error) = ERROR_INVALID_FUNCTION; \
        Py_END_ALLOW_THREADS \
    } while (0)

#endif /* WINFAX_CALL_H */
