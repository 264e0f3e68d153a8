/* PrintJob: what start_print_job() returns, the owner of a print job that
 * FaxStartPrintJobW started and of its printer device context. */
#ifndef WINFAX_PRINT_JOB_H
#define WINFAX_PRINT_JOB_H

#include <Python.h>

#include "winfax_abi.h"

extern PyType_Spec winfax_print_job_spec;

/* A new PrintJob of `type` owning the print job behind `hdc`, whose
 * FAX_CONTEXT_INFOW is the record `context` (a reference the call takes
 * over).  It takes ownership even when it fails: the document is then
 * aborted and the device context deleted before NULL is returned. */
PyObject *winfax_print_job_wrap(PyTypeObject *type, DWORD job_id, HDC hdc,
                                PyObject *context);

/* AbortDoc and DeleteDC with the GIL released, for a print job nothing
 * owns (a failure between FaxStartPrintJobW and the object that would have
 * owned it).  Keeps whatever exception is set; reports nothing itself. */
void winfax_print_job_discard(HDC hdc);

#endif /* WINFAX_PRINT_JOB_H */
