/* Argument validation shared by the methods: reject bad input with a
 * message that says what to pass, before anything crosses into the API. */
#ifndef WINFAX_ARGS_H
#define WINFAX_ARGS_H

#include <Python.h>

#include "winfax_abi.h"

/* Raise TypeError("<what> must be <expected>, not <type of got>") and
 * return -1: the one wording every argument check uses. */
int winfax_type_error(const char *what, const char *expected, PyObject *got);

/* A DWORD from an int (IntEnum/IntFlag members included, bool refused).
 * Returns 0, or -1 with TypeError/ValueError naming `what`. */
int winfax_arg_dword(PyObject *obj, const char *what, DWORD *out);

#endif /* WINFAX_ARGS_H */
