/* Win32 error codes -> Python exceptions. */
#ifndef WINFAX_WINERROR_H
#define WINFAX_WINERROR_H

#include <Python.h>

#include "winfax_abi.h"

/* Raise OSError for a Win32 error code and return NULL.
 *
 * The exception has `winerror` set to `code` on every platform, `errno` set
 * to the POSIX equivalent (so ERROR_ACCESS_DENIED raises PermissionError and
 * ERROR_FILE_NOT_FOUND FileNotFoundError) and `strerror` set to the system's
 * message for the code.  ERROR_NOT_ENOUGH_MEMORY deliberately stays an
 * OSError (errno ENOMEM): it is the fax service that ran out of memory, not
 * this process, so MemoryError would mislead a handler. */
PyObject *winfax_raise_winerror(DWORD code);

/* The POSIX errno closest to a Win32 error code (EINVAL if none is). */
int winfax_winerror_to_errno(DWORD code);

#endif /* WINFAX_WINERROR_H */
