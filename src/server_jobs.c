/* The job queue: FaxHandle.jobs(), get_job(), set_job(), abort(),
 * page_data(): FaxEnumJobsW, FaxGetJobW, FaxSetJobW, FaxAbort,
 * FaxGetPageData. */
#include "access_denied.h"
#include "args.h"
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "fetch.h"
#include "job_errors.h"
#include "server_methods.h"
#include "win32_error.h"

static PyObject *job_item(winfax_state *st, const void *item)
{
    return winfax_from_job_entry(st, item);
}

const char winfax_server_jobs_doc[] =
    "jobs()\n--\n\n"
    "Every job in the queue, as a list of JobEntry (FaxEnumJobsW).\n"
    "Needs the FAX_JOB_QUERY right.";

static BOOL enum_jobs(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_JOB_ENTRYW jobs = NULL;
    BOOL ok = FaxEnumJobsW(h, &jobs, count);
    (void)arg;
    *buffer = jobs;
    return ok;
}

PyObject *winfax_server_jobs(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_list(self, "FaxEnumJobsW", enum_jobs, NULL, sizeof(FAX_JOB_ENTRYW), job_item);
}

const char winfax_server_get_job_doc[] =
    "get_job(job_id)\n--\n\n"
    "One job as a JobEntry (FaxGetJobW).  Needs the FAX_JOB_QUERY right.";

struct get_job_args {
    DWORD job_id;
    PFAX_JOB_ENTRYW entry;
};

static BOOL get_job(HANDLE h, void *arg)
{
    struct get_job_args *a = arg;
    return FaxGetJobW(h, a->job_id, &a->entry);
}

PyObject *winfax_server_get_job(PyObject *self, PyObject *job_obj)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    struct get_job_args call_args = {0, NULL};
    DWORD error = ERROR_SUCCESS;
    PyObject *result;
    int status;

    if (st == NULL || winfax_arg_dword(job_obj, "job_id", &call_args.job_id) < 0)
        return NULL;
    status = winfax_call_on_handle_status(self, get_job, &call_args, &error);
    if (status < 0)
        return NULL;
    if (status > 0)
        return winfax_raise_job_error(st, "FaxGetJobW", call_args.job_id, error);
    result = job_item(st, call_args.entry);
    FaxFreeBuffer(call_args.entry);
    return result;
}

const char winfax_server_set_job_doc[] =
    "set_job(job_id, command)\n--\n\n"
    "Pause, resume, restart or delete a job (FaxSetJobW); command is a\n"
    "JobCommand.  Needs FAX_JOB_MANAGE, even for the user's own jobs.";

/* FaxSetJobW's arguments (FaxAbort uses job_id only). */
struct job_args {
    DWORD job_id;
    DWORD command;
};

static BOOL set_job(HANDLE h, void *arg)
{
    struct job_args *a = arg;
    /* The entry argument is documented as unused and must be NULL. */
    return FaxSetJobW(h, a->job_id, a->command, NULL);
}

PyObject *winfax_server_set_job(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"job_id", "command", NULL};
    PyObject *job_obj, *command_obj;
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    struct job_args call_args;
    DWORD error = ERROR_SUCCESS;
    int status;

    if (st == NULL ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "OO:set_job", keywords,
                                     &job_obj, &command_obj) ||
        winfax_arg_dword(job_obj, "job_id", &call_args.job_id) < 0 ||
        winfax_arg_dword(command_obj, "command", &call_args.command) < 0)
        return NULL;
    status = winfax_call_on_handle_status(self, set_job, &call_args, &error);
    if (status < 0)
        return NULL;
    if (status == 0)
        Py_RETURN_NONE;
    /* FaxSetJobW answers ERROR_INVALID_PARAMETER for an unknown Command as
     * well as for an unknown JobId.  The command is passed through as
     * given, so only with one of the documented JC_ values is the job id
     * what the code is about. */
    if (call_args.command != JC_DELETE && call_args.command != JC_PAUSE &&
        call_args.command != JC_RESUME)
        return winfax_raise_call_error("FaxSetJobW", error);
    return winfax_raise_job_error(st, "FaxSetJobW", call_args.job_id, error);
}

const char winfax_server_abort_doc[] =
    "abort(job_id)\n--\n\n"
    "Cancel a job (FaxAbort).  The job's owner needs no right for it; anyone\n"
    "else needs FAX_JOB_MANAGE.";

static BOOL abort_job(HANDLE h, void *arg)
{
    return FaxAbort(h, ((struct job_args *)arg)->job_id);
}

PyObject *winfax_server_abort(PyObject *self, PyObject *job_obj)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    struct job_args call_args = {0, 0};
    DWORD error = ERROR_SUCCESS;
    int status;

    if (st == NULL || winfax_arg_dword(job_obj, "job_id", &call_args.job_id) < 0)
        return NULL;
    status = winfax_call_on_handle_status(self, abort_job, &call_args, &error);
    if (status < 0)
        return NULL;
    if (status > 0)
        return winfax_raise_job_error(st, "FaxAbort", call_args.job_id, error);
    Py_RETURN_NONE;
}

const char winfax_server_page_data_doc[] =
    "page_data(job_id)\n--\n\n"
    "The first page of a job as (tiff_bytes, width, height)\n"
    "(FaxGetPageData): a single-page TIFF image and its size in pixels.\n"
    "Needs the FAX_JOB_QUERY right.  A success without image data raises\n"
    "OSError with winerror ERROR_INVALID_DATA.";

PyObject *winfax_server_page_data(PyObject *self, PyObject *job_obj)
{
    LPBYTE data = NULL;
    DWORD job_id, size = 0, width = 0, height = 0, error;
    BOOL ok;
    HANDLE h;
    PyObject *result;
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));

    if (st == NULL || winfax_arg_dword(job_obj, "job_id", &job_id) < 0 ||
        (h = winfax_handle_acquire(self)) == NULL)
        return NULL;
    WINFAX_CALL_WITHOUT_GIL(ok, error,
                            FaxGetPageData(h, job_id, &data, &size, &width, &height));
    winfax_handle_release(self);
    if (!ok)
        return winfax_raise_job_error(st, "FaxGetPageData", job_id, error);
    /* The size describes the buffer; without one there is no image, and
     * reading `size` bytes from nowhere (or handing out that many
     * uninitialised ones) is not an answer. */
    if (data == NULL)
        return winfax_raise_winerror(ERROR_INVALID_DATA);
    result = Py_BuildValue("(Nkk)",
                           PyBytes_FromStringAndSize((const char *)data,
                                                     (Py_ssize_t)size),
                           (unsigned long)width, (unsigned long)height);
    FaxFreeBuffer(data);
    return result;
}
