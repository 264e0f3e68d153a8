/* Win32 error codes -> Python exceptions. */
#ifndef WINFAX_WIN32_ERROR_H
#define WINFAX_WIN32_ERROR_H

#include <Python.h>

#include "winfax_abi.h"

/* Raise OSError for a Win32 error code and return NULL.
 *
 * The exception has `winerror` set to `code` on every platform, `errno` set
 * as CPython sets it on Windows (so ERROR_ACCESS_DENIED raises
 * PermissionError and ERROR_FILE_NOT_FOUND FileNotFoundError with either
 * backend) and `strerror` set to the system's message for the code.  ERROR_NOT_ENOUGH_MEMORY deliberately stays an
 * OSError (errno ENOMEM): it is the fax service that ran out of memory, not
 * this process, so MemoryError would mislead a handler. */
PyObject *winfax_raise_winerror(DWORD code);

/* A new reference to the exception winfax_raise_winerror would raise, as an
 * instance of `type` (OSError or a subclass of it) and with `text` as its
 * strerror (NULL: the system's message for the code); not raised. */
PyObject *winfax_winerror_exception(PyObject *type, DWORD code, PyObject *text);

/* Raise `exc`, an exception instance the caller owns a reference to (it is
 * stolen), as its own type; NULL is passed through with the error already
 * set.  Always returns NULL. */
PyObject *winfax_raise_exception(PyObject *exc);

/* The errno CPython's OSError derives from a Win32 code on Windows. */
int winfax_winerror_to_errno(DWORD code);

#endif /* WINFAX_WIN32_ERROR_H */
