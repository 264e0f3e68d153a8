/* complete_job_params(): FaxCompleteJobParamsW. */
#include "access_denied.h"
#include "call.h"
#include "conversions.h"
#include "module_functions.h"
#include "win32_error.h"
#include "winfax_dll.h"

const char winfax_complete_job_params_doc[] =
    "complete_job_params()\n--\n\n"
    "A JobParam and a CoverPageInfo pre-filled with the sender details the\n"
    "fax server knows for this user (FaxCompleteJobParamsW), as a pair; fill\n"
    "in the recipient with replace() and pass them to send_document().";

PyObject *winfax_complete_job_params(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    winfax_state *st = winfax_state_of_module(module);
    PFAX_JOB_PARAMW params = NULL;
    PFAX_COVERPAGE_INFOW cover = NULL;
    PyObject *p = NULL, *c = NULL;
    DWORD error;
    BOOL ok;

    if (winfax_dll_ensure(st->not_installed_error) < 0)
        return NULL;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxCompleteJobParamsW(&params, &cover));
    if (!ok)
        return winfax_raise_call_error("FaxCompleteJobParamsW", error);
    /* Two buffers, each released whatever happens to the other. */
    p = winfax_from_job_param(st, params);
    if (p != NULL)
        c = winfax_from_cover_page(st, cover);
    FaxFreeBuffer(params);
    FaxFreeBuffer(cover);
    if (c == NULL) {
        Py_XDECREF(p);
        return NULL;
    }
    return Py_BuildValue("(NN)", p, c);
}
