/* start_print_job(), print_cover_page(): FaxStartPrintJobW and
 * FaxPrintCoverPageW.  On Windows the caller draws the document into the
 * print job's device context with GDI; the PrintJob start_print_job()
 * returns ends (or aborts) the print job and deletes the device context,
 * as FaxStartPrintJobW's page requires (print_job.c).  The simulator
 * models the job without drawing anything. */
#include <string.h>

#include "access_denied.h"
#include "call.h"
#include "conversions.h"
#include "module_functions.h"
#include "module_state.h"
#include "print_job.h"
#include "record_types.h"
#include "records.h"
#include "utf16.h"
#include "win32_error.h"
#include "winfax_dll.h"

/* FAX_PRINT_INFOW's page (learn.microsoft.com/en-us/windows/win32/api/
 * winfax/ns-winfax-fax_print_infow) makes RecipientNumber, the fax number
 * of the recipient, required, and FaxStartPrintJobW's page answers
 * ERROR_INVALID_PARAMETER without one: checked here first, so the error
 * names the field.  As for send_document, only a missing (None) or empty
 * number is refused; the pages give it no format.  0, or -1 with
 * ValueError set. */
static int check_recipient_number(PyObject *info)
{
    PyObject *number = winfax_record_value(info, PRINT_INFO_recipient_number);

    if (number != Py_None && !(PyUnicode_Check(number) && PyUnicode_GetLength(number) == 0))
        return 0;
    PyErr_Format(PyExc_ValueError,
                 "PrintInfo.recipient_number is %s; the fax service needs the number "
                 "to dial, e.g. PrintInfo(recipient_number=\"+1 555 0100\")",
                 number == Py_None ? "None" : "empty");
    return -1;
}

const char winfax_start_print_job_doc[] =
    "start_print_job(printer_name, print_info)\n--\n\n"
    "Start a fax print job (FaxStartPrintJobW) and return its PrintJob.\n\n"
    "printer_name None means the local fax printer; print_info is a\n"
    "PrintInfo naming at least recipient_number (None or \"\" is a\n"
    "ValueError, before the call).  Draw into job.hdc with GDI (Windows), then finish the job:\n"
    "`with winfax.start_print_job(None, info) as job: ...` ends it (EndDoc,\n"
    "DeleteDC) when the block completes and aborts it (AbortDoc, DeleteDC)\n"
    "when the block raises; job.end() and job.abort() do the same by hand.\n"
    "The fax job is queued when the document ends.\n\n"
    "job.job_id is the print spooler's id for the job, not the fax queue's\n"
    "job id, and no fax call accepts it.  The PrintJob still unpacks as the\n"
    "(job_id, ContextInfo) pair this function used to return.";

PyObject *winfax_start_print_job(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"printer_name", "print_info", NULL};
    winfax_state *st = winfax_state_of_module(module);
    winfax_arena arena = WINFAX_ARENA_INIT;
    PyObject *printer_obj, *info_obj, *result = NULL, *context;
    WCHAR *printer = NULL;
    FAX_PRINT_INFOW info;
    FAX_CONTEXT_INFOW ctx;
    DWORD job_id = 0, error;
    BOOL ok;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:start_print_job", keywords,
                                     &printer_obj, &info_obj))
        return NULL;
    if (winfax_dll_ensure(st->not_installed_error) < 0)
        return NULL;
    if (printer_obj != Py_None &&
        (printer = winfax_str_to_utf16(printer_obj, "printer_name")) == NULL)
        return NULL;
    if (winfax_to_print_info(st, info_obj, &arena, &info) < 0 ||
        check_recipient_number(info_obj) < 0)
        goto done;
    memset(&ctx, 0, sizeof ctx);
    ctx.SizeOfStruct = sizeof ctx;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxStartPrintJobW(printer, &info, &job_id, &ctx));
    if (!ok) {
        winfax_raise_call_error("FaxStartPrintJobW", error);
        goto done;
    }
    /* From here on a print job exists: every failure must end it. */
    context = winfax_from_context_info(st, &ctx);
    if (context == NULL) {
        winfax_print_job_discard(ctx.hDC);
        goto done;
    }
    result = winfax_print_job_wrap(st->print_job_type, job_id, ctx.hDC, context);
done:
    PyMem_Free(printer);
    winfax_arena_free(&arena);
    return result;
}

const char winfax_print_cover_page_doc[] =
    "print_cover_page(context, cover_page)\n--\n\n"
    "Print a cover page into a fax print job (FaxPrintCoverPageW); context\n"
    "is the PrintJob's .context from start_print_job(), cover_page a\n"
    "CoverPageInfo.  Call it before the job ends.";

PyObject *winfax_print_cover_page(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"context", "cover_page", NULL};
    winfax_state *st = winfax_state_of_module(module);
    winfax_arena arena = WINFAX_ARENA_INIT;
    PyObject *context_obj, *cover_obj, *result = NULL;
    FAX_CONTEXT_INFOW ctx;
    FAX_COVERPAGE_INFOW cover;
    DWORD error;
    BOOL ok;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:print_cover_page", keywords,
                                     &context_obj, &cover_obj))
        return NULL;
    if (winfax_dll_ensure(st->not_installed_error) < 0)
        return NULL;
    if (winfax_to_context_info(st, context_obj, &ctx) < 0 ||
        winfax_to_cover_page(st, cover_obj, &arena, &cover) < 0)
        goto done;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxPrintCoverPageW(&ctx, &cover));
    result = ok ? Py_NewRef(Py_None) : winfax_raise_call_error("FaxPrintCoverPageW", error);
done:
    winfax_arena_free(&arena);
    return result;
}
