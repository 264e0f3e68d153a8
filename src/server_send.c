/* Sending: FaxHandle.send_document() and send_broadcast():
 * FaxSendDocumentW and FaxSendDocumentForBroadcastW. */
#include "access_denied.h"
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "record_types.h"
#include "records.h"
#include "server_methods.h"
#include "utf16.h"
#include "win32_error.h"

/* A path argument as a UTF-16 string: str or os.PathLike of str. */
static WCHAR *path_argument(PyObject *obj)
{
    PyObject *path = PyOS_FSPath(obj);
    WCHAR *w;

    if (path == NULL)
        return NULL;
    if (!PyUnicode_Check(path)) {
        PyErr_SetString(PyExc_TypeError,
                        "path must be a str or an os.PathLike of str (the fax "
                        "API takes UTF-16 file names), not bytes");
        Py_DECREF(path);
        return NULL;
    }
    w = winfax_str_to_utf16(path, "path");
    Py_DECREF(path);
    return w;
}

/* FAX_JOB_PARAMW's page (learn.microsoft.com/en-us/windows/win32/api/winfax/
 * ns-winfax-fax_job_paramw) makes RecipientNumber, the fax number to dial,
 * one of the three required members.  Without one the service answers only
 * ERROR_INVALID_PARAMETER, which names no field, so the binding checks it
 * before the call.  Only a missing (None) or empty number is refused: the
 * pages give the number no format (the service dials what it is given), so
 * anything else Windows would take is passed on.  `recipient` is 0 for
 * send_document, else the broadcast recipient's position (from 1).
 * 0, or -1 with ValueError set. */
static int check_recipient_number(PyObject *params, Py_ssize_t recipient)
{
    PyObject *number = winfax_record_value(params, JOB_PARAM_recipient_number);
    const char *what;

    if (number == Py_None)
        what = "is None";
    else if (PyUnicode_Check(number) && PyUnicode_GetLength(number) == 0)
        what = "is empty";
    else
        return 0;
    if (recipient > 0)
        PyErr_Format(PyExc_ValueError,
                     "broadcast recipient %zd: JobParam.recipient_number %s; the fax "
                     "service needs the number to dial, e.g. "
                     "JobParam(recipient_number=\"+1 555 0100\")", recipient, what);
    else
        PyErr_Format(PyExc_ValueError,
                     "JobParam.recipient_number %s; the fax service needs the "
                     "number to dial, e.g. JobParam(recipient_number=\"+1 555 0100\")",
                     what);
    return -1;
}

/* 1 if `path` (a str) names nothing that exists, 0 if it does, -1 on error. */
static int path_is_missing(PyObject *path)
{
    PyObject *os_path = PyImport_ImportModule("os.path"), *exists;
    int missing;

    if (os_path == NULL)
        return -1;
    exists = PyObject_CallMethod(os_path, "exists", "O", path);
    Py_DECREF(os_path);
    if (exists == NULL)
        return -1;
    missing = !PyObject_IsTrue(exists);
    Py_DECREF(exists);
    return missing;
}

/* The file a "file not found" from a send is about: the document if it is
 * missing, else the cover page file if that is (FaxSendDocumentW answers
 * ERROR_FILE_NOT_FOUND for either), else None.  A new reference, NULL on
 * error. */
static PyObject *missing_file(PyObject *document, PyObject *cover)
{
    PyObject *name;
    int missing = path_is_missing(document);

    if (missing != 0)
        return missing < 0 ? NULL : Py_NewRef(document);
    if (cover != NULL && cover != Py_None) {
        name = winfax_record_value(cover, COVER_PAGE_INFO_cover_page_name);
        if (name != Py_None) {
            missing = path_is_missing(name);
            if (missing != 0)
                return missing < 0 ? NULL : Py_NewRef(name);
        }
    }
    return Py_NewRef(Py_None);
}

/* Raise what a failed send answered; a file that cannot be found is named
 * in the exception (its `filename`), as open() names it, so the message
 * says which file to look for. */
static PyObject *raise_send_error(const char *function, DWORD error,
                                  PyObject *path_obj, PyObject *cover)
{
    PyObject *document, *file = NULL, *exc;

    if (error != ERROR_FILE_NOT_FOUND && error != ERROR_PATH_NOT_FOUND)
        return winfax_raise_call_error(function, error);
    document = PyOS_FSPath(path_obj);   /* a str: path_argument checked it */
    if (document != NULL)
        file = missing_file(document, cover);
    Py_XDECREF(document);
    if (file == NULL) {
        /* Cannot tell which file: the service's error still says what
         * happened. */
        PyErr_Clear();
        file = Py_NewRef(Py_None);
    }
    exc = winfax_winerror_exception(PyExc_OSError, error, NULL);
    if (exc != NULL && file != Py_None &&
        PyObject_SetAttrString(exc, "filename", file) < 0)
        Py_CLEAR(exc);
    Py_DECREF(file);
    return winfax_raise_exception(exc);
}

const char winfax_server_send_document_doc[] =
    "send_document(path, params, cover_page=None)\n--\n\n"
    "Queue a fax (FaxSendDocumentW) and return its job id.\n\n"
    "path is the document (a TIFF file), params a JobParam naming at least\n"
    "recipient_number (None or \"\" is a ValueError, before the call),\n"
    "cover_page an optional CoverPageInfo.  A document or cover page file\n"
    "that cannot be found is named in the FileNotFoundError.  Needs the\n"
    "FAX_JOB_SUBMIT right.";

PyObject *winfax_server_send_document(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", "params", "cover_page", NULL};
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    PyObject *path_obj, *params_obj, *cover_obj = Py_None, *result = NULL;
    FAX_JOB_PARAMW params;
    FAX_COVERPAGE_INFOW cover;
    WCHAR *path = NULL;
    DWORD job_id = 0, error;
    BOOL ok;
    HANDLE h;

    if (st == NULL ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "OO|O:send_document", keywords,
                                     &path_obj, &params_obj, &cover_obj))
        return NULL;
    if ((path = path_argument(path_obj)) == NULL ||
        winfax_to_job_param(st, params_obj, &arena, &params) < 0 ||
        check_recipient_number(params_obj, 0) < 0 ||
        (cover_obj != Py_None &&
         winfax_to_cover_page(st, cover_obj, &arena, &cover) < 0))
        goto done;
    if ((h = winfax_handle_acquire(self)) == NULL)
        goto done;
    WINFAX_CALL_WITHOUT_GIL(ok, error,
                            FaxSendDocumentW(h, path, &params,
                                             cover_obj != Py_None ? &cover : NULL,
                                             &job_id));
    winfax_handle_release(self);
    result = ok ? winfax_from_dword(job_id)
                : raise_send_error("FaxSendDocumentW", error, path_obj, cover_obj);
done:
    PyMem_Free(path);
    winfax_arena_free(&arena);
    return result;
}

/* ---- broadcast ---------------------------------------------------------- */

/* The state the recipient callback works on.  On its first call it runs
 * the Python side - it takes every recipient out of `recipients` and
 * converts them - so that an exception there stops the broadcast before
 * any job is queued; later calls only hand out what was converted. */
typedef struct {
    winfax_state *st;
    PyObject *recipients;
    PyThreadState *tstate;      /* this thread's state while the GIL is off */
    winfax_arena arena;
    Py_ssize_t count;
    FAX_JOB_PARAMW *params;
    FAX_COVERPAGE_INFOW *covers;
    unsigned char *has_cover;
    int failed;                 /* a Python exception is pending */
} broadcast;

/* More than the service accepts in one broadcast (FAX_ERR_RECIPIENTS_LIMIT
 * would follow); refusing it here avoids converting a runaway iterable. */
#define MAX_RECIPIENTS 65536

/* One recipient: a JobParam, or a (JobParam, CoverPageInfo or None) pair. */
static int convert_recipient(broadcast *b, Py_ssize_t i, PyObject *item)
{
    PyObject *params = item, *cover = Py_None;

    if (PyTuple_Check(item)) {
        if (PyTuple_Size(item) != 2) {
            PyErr_SetString(PyExc_ValueError,
                            "each recipient is a JobParam or a "
                            "(JobParam, CoverPageInfo) pair");
            return -1;
        }
        params = PyTuple_GetItem(item, 0);
        cover = PyTuple_GetItem(item, 1);
    }
    if (winfax_to_job_param(b->st, params, &b->arena, &b->params[i]) < 0 ||
        check_recipient_number(params, i + 1) < 0)
        return -1;
    b->has_cover[i] = cover != Py_None;
    if (cover != Py_None &&
        winfax_to_cover_page(b->st, cover, &b->arena, &b->covers[i]) < 0)
        return -1;
    return 0;
}

/* With the GIL held: every recipient, converted.  0 or -1. */
static int collect_recipients(broadcast *b)
{
    PyObject *list = PySequence_List(b->recipients);
    Py_ssize_t n;
    int rc = -1;

    if (list == NULL)
        return -1;
    n = PyList_Size(list);
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "a broadcast needs at least one recipient");
        goto done;
    }
    if (n > MAX_RECIPIENTS) {
        PyErr_Format(PyExc_ValueError, "a broadcast takes at most %d recipients, got %zd",
                     MAX_RECIPIENTS, n);
        goto done;
    }
    b->params = PyMem_Calloc((size_t)n, sizeof *b->params);
    b->covers = PyMem_Calloc((size_t)n, sizeof *b->covers);
    b->has_cover = PyMem_Calloc((size_t)n, 1);
    if (b->params == NULL || b->covers == NULL || b->has_cover == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (convert_recipient(b, i, PyList_GetItem(list, i)) < 0)
            goto done;
    b->count = n;
    rc = 0;
done:
    Py_DECREF(list);
    return rc;
}

static BOOL CALLBACK recipient_callback(HANDLE handle, DWORD number, LPVOID context,
                                        PFAX_JOB_PARAMW params,
                                        PFAX_COVERPAGE_INFOW cover)
{
    broadcast *b = context;
    (void)handle;

    if (number == 1) {
        /* The service calls back on the thread that called it, which
         * released the GIL; take it back to run Python code. */
        PyEval_RestoreThread(b->tstate);
        if (collect_recipients(b) < 0)
            b->failed = 1;
        b->tstate = PyEval_SaveThread();
    }
    if (b->failed || number == 0 || (Py_ssize_t)number > b->count)
        return FALSE;
    /* CoverpageInfo is [in, out, optional] on the callback's page
     * (learn.microsoft.com/en-us/windows/win32/api/winfax/
     * nc-winfax-pfax_recipient_callbackw): without it the service takes no
     * cover page, and dropping one the caller asked for silently would
     * send a different fax, so the broadcast stops here instead. */
    if (b->has_cover[number - 1] && cover == NULL) {
        PyEval_RestoreThread(b->tstate);
        PyErr_Format(PyExc_RuntimeError,
                     "the fax service takes no cover page for broadcast "
                     "recipient %lu (it passed no FAX_COVERPAGE_INFOW); "
                     "the broadcast stopped there (the %lu before it were queued)",
                     (unsigned long)number, (unsigned long)(number - 1));
        b->tstate = PyEval_SaveThread();
        b->failed = 1;
        return FALSE;
    }
    /* Keep the size the service put in the structs it handed us. */
    b->params[number - 1].SizeOfStruct = params->SizeOfStruct;
    *params = b->params[number - 1];
    if (b->has_cover[number - 1]) {
        b->covers[number - 1].SizeOfStruct = cover->SizeOfStruct;
        *cover = b->covers[number - 1];
    }
    return TRUE;
}

const char winfax_server_send_broadcast_doc[] =
    "send_broadcast(path, recipients)\n--\n\n"
    "Send one document to many recipients (FaxSendDocumentForBroadcastW);\n"
    "returns the job id the service reports for the broadcast.  Microsoft's\n"
    "page does not say which recipient's job that is, nor what ids the\n"
    "other jobs get (the simulator gives consecutive ids and returns the\n"
    "first); to know each job's id, call send_document() once per recipient,\n"
    "as Microsoft advises for several recipients.\n\n"
    "recipients is an iterable of JobParam, or of (JobParam, CoverPageInfo)\n"
    "pairs.  It is read from inside the service's recipient callback; if\n"
    "that raises, or a recipient has no recipient_number (ValueError naming\n"
    "it), the broadcast is abandoned before any job is queued and the\n"
    "exception propagates.  If the service offers no cover page for a\n"
    "recipient that has one (the callback's cover page is optional), the\n"
    "broadcast stops there with RuntimeError; recipients before it stay\n"
    "queued.  Needs the FAX_JOB_SUBMIT right.";

PyObject *winfax_server_send_broadcast(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", "recipients", NULL};
    broadcast b = {0};
    PyObject *path_obj, *result = NULL;
    WCHAR *path = NULL;
    DWORD job_id = 0, error = ERROR_SUCCESS;
    BOOL ok;
    HANDLE h;

    b.st = winfax_state_of_type(Py_TYPE(self));
    if (b.st == NULL ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "OO:send_broadcast", keywords,
                                     &path_obj, &b.recipients))
        return NULL;
    if (PyUnicode_Check(b.recipients) || PyBytes_Check(b.recipients)) {
        PyErr_SetString(PyExc_TypeError,
                        "recipients must be an iterable of JobParam, not a string");
        return NULL;
    }
    if ((path = path_argument(path_obj)) == NULL)
        return NULL;
    if ((h = winfax_handle_acquire(self)) == NULL)
        goto done;
    b.tstate = PyEval_SaveThread();
    ok = FaxSendDocumentForBroadcastW(h, path, &job_id, recipient_callback, &b);
    if (!ok)
        error = GetLastError();
    PyEval_RestoreThread(b.tstate);
    winfax_handle_release(self);
    if (b.failed)
        goto done;  /* the Python exception explains it */
    result = ok ? winfax_from_dword(job_id)
                : raise_send_error("FaxSendDocumentForBroadcastW",
                                   error ? error : ERROR_INVALID_FUNCTION, path_obj, NULL);
done:
    PyMem_Free(path);
    PyMem_Free(b.params);
    PyMem_Free(b.covers);
    PyMem_Free(b.has_cover);
    winfax_arena_free(&b.arena);
    return result;
}
