/* winfax.JobNotInQueueError: a job id the fax queue does not hold. */
#ifndef WINFAX_JOB_ERRORS_H
#define WINFAX_JOB_ERRORS_H

#include <Python.h>

#include "module_state.h"
#include "winfax_abi.h"

/* Creates the exception class (an OSError subclass), adds it to `module`
 * and keeps it in *slot (the module state).  0 or -1. */
int winfax_job_errors_add(PyObject *module, PyObject **slot);

/* Raise for a failed call of `function` about one job and return NULL:
 * `code` ERROR_INVALID_PARAMETER raises JobNotInQueueError (winerror 87,
 * with .job_id), anything else what winfax_raise_call_error raises.  Only for
 * calls whose every other argument was checked before the call (see
 * job_errors.c). */
PyObject *winfax_raise_job_error(winfax_state *st, const char *function,
                                 DWORD job_id, DWORD code);

#endif /* WINFAX_JOB_ERRORS_H */
