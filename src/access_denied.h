/* ERROR_ACCESS_DENIED, explained: which right the call needed and which
 * account the process runs as. */
#ifndef WINFAX_ACCESS_DENIED_H
#define WINFAX_ACCESS_DENIED_H

#include <Python.h>

#include "winfax_abi.h"

/* Raise for the failure `code` of the fax API function `function` (its
 * C name, e.g. "FaxSetJobW") and return NULL.  ERROR_ACCESS_DENIED raises
 * PermissionError (winerror 5) whose message names the right `function`
 * needs and the account this process runs as; any other code raises what
 * winfax_raise_winerror raises. */
PyObject *winfax_raise_call_error(const char *function, DWORD code);

#endif /* WINFAX_ACCESS_DENIED_H */
