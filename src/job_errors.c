/* JobNotInQueueError.
 *
 * The legacy client API names jobs by id only, and a job leaves the queue
 * as soon as it is sent, cancelled or deleted; after that FaxGetJobW,
 * FaxSetJobW, FaxAbort and FaxGetPageData fail with
 * ERROR_INVALID_PARAMETER, the code each of their pages gives for an
 * invalid JobId:
 *   https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxgetjobw
 *   https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxsetjobw
 *   https://learn.microsoft.com/en-us/windows/win32/api/winfax/nc-winfax-pfaxabort
 *   https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxgetpagedata
 * The same code also covers their other parameters (a NULL handle or
 * output pointer, FaxSetJobW's Command and JobEntry).  The binding never
 * passes a NULL handle or output pointer, always passes JobEntry NULL, and
 * set_job only treats the code as "unknown job" for a documented command
 * (server_jobs.c), so by the time the service answers 87 the job id is
 * the one argument left that it can mean.
 *
 * The class derives from OSError directly: 87 maps to EINVAL, for which
 * CPython raises plain OSError on Windows, so `except OSError` and checks
 * of winerror written before this class existed still match. */
#include "job_errors.h"

#include "access_denied.h"
#include "win32_error.h"

PyDoc_STRVAR(job_not_in_queue_doc,
"The job is not in the fax queue (ERROR_INVALID_PARAMETER from the fax\n"
"service for a job id it does not hold).\n\n"
"Jobs leave the queue when they are sent, cancelled or deleted, so a job\n"
"that finished raises this too.  An OSError with winerror 87; job_id is\n"
"the id that was asked for.");

int winfax_job_errors_add(PyObject *module, PyObject **slot)
{
    *slot = PyErr_NewExceptionWithDoc("winfax.JobNotInQueueError",
                                      job_not_in_queue_doc, PyExc_OSError, NULL);
    if (*slot == NULL)
        return -1;
    return PyModule_AddObjectRef(module, "JobNotInQueueError", *slot);
}

PyObject *winfax_raise_job_error(winfax_state *st, const char *function,
                                 DWORD job_id, DWORD code)
{
    PyObject *text, *exc, *id;

    if (code != ERROR_INVALID_PARAMETER)
        return winfax_raise_call_error(function, code);
    text = PyUnicode_FromFormat("job %lu is not in the fax queue: jobs leave "
                                "the queue when they are sent, cancelled or "
                                "deleted", (unsigned long)job_id);
    if (text == NULL)
        return NULL;
    exc = winfax_winerror_exception(st->job_not_in_queue_error, code, text);
    Py_DECREF(text);
    if (exc == NULL)
        return NULL;
    id = PyLong_FromUnsignedLong((unsigned long)job_id);
    if (id == NULL || PyObject_SetAttrString(exc, "job_id", id) < 0) {
        Py_XDECREF(id);
        Py_DECREF(exc);
        return NULL;
    }
    Py_DECREF(id);
    return winfax_raise_exception(exc);
}
