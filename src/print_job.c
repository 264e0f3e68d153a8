/* PrintJob: the print job FaxStartPrintJobW started, and its device
 * context, owned by a Python object until it is finished.
 *
 * FaxStartPrintJobW's page: the application "must also call the AbortDoc
 * function or the EndDoc function to complete the print job, and call the
 * DeleteDC function to deallocate the handle to the printer device
 * context".  end() is EndDoc then DeleteDC, abort() is AbortDoc then
 * DeleteDC; the object is a context manager that ends the job when the
 * block completes and aborts it when the block raises.  Whichever runs
 * first finishes the job, exactly once, whatever the threads: the state
 * moves from open under the object's lock, and only the thread that moved
 * it makes the GDI calls (with the GIL released).  Later calls do nothing.
 * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxstartprintjobw
 *
 * Before this type, start_print_job() returned (job_id, ContextInfo); a
 * PrintJob still unpacks that way (a sequence of those two items), so code
 * written for the tuple keeps working.  Such code may be drawing into the
 * raw hdc it took from the context, which the object cannot see, so
 * dropping an unfinished PrintJob does not pull the device context from
 * under it: it emits a ResourceWarning and leaves the job to the caller,
 * as subprocess.Popen does with a child still running. */
#include "print_job.h"

#include <stdint.h>
#include <stdio.h>

#include "convert.h"
#include "lifetime_methods.h"
#include "win32_error.h"
#include "win32_gdi.h"

#define TYPE_NAME "winfax.PrintJob"

typedef enum {
    JOB_OPEN,
    JOB_FINISHING,      /* one thread is inside EndDoc/AbortDoc/DeleteDC */
    JOB_ENDED,
    JOB_ABORTED,
    JOB_FAILED,         /* EndDoc or AbortDoc failed; the DC was deleted */
} job_state;

static const char *const state_names[] = {
    "open", "finishing", "ended", "aborted", "failed",
};

typedef struct {
    PyObject_HEAD
    /* Guards `state` only; held for a few instructions, never across a
     * call into GDI.  A lock of its own so the rule holds without a GIL. */
    PyThread_type_lock lock;
    job_state state;
    DWORD job_id;
    HDC hdc;
    PyObject *context;
} PrintJobObject;

#define AS_JOB(op) ((PrintJobObject *)(op))

static job_state current_state(PrintJobObject *self)
{
    job_state state;

    PyThread_acquire_lock(self->lock, WAIT_LOCK);
    state = self->state;
    PyThread_release_lock(self->lock);
    return state;
}

/* The thread's last error after a failed GDI call, never ERROR_SUCCESS. */
static DWORD last_error(void)
{
    DWORD error = GetLastError();
    return error != ERROR_SUCCESS ? error : ERROR_INVALID_FUNCTION;
}

void winfax_print_job_discard(HDC hdc)
{
    Py_BEGIN_ALLOW_THREADS
    (void)AbortDoc(hdc);
    (void)DeleteDC(hdc);
    Py_END_ALLOW_THREADS
}

PyObject *winfax_print_job_wrap(PyTypeObject *type, DWORD job_id, HDC hdc,
                                PyObject *context)
{
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    PrintJobObject *self = (PrintJobObject *)alloc(type, 0);

    if (self == NULL)
        goto fail;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    self->state = JOB_OPEN;
    self->job_id = job_id;
    self->hdc = hdc;
    self->context = context;
    return (PyObject *)self;

fail:
    /* Nothing else knows the job, so nothing else could finish it. */
    winfax_print_job_discard(hdc);
    Py_DECREF(context);
    if (self != NULL) {
        self->state = JOB_FAILED;   /* dealloc must not warn about it */
        Py_DECREF((PyObject *)self);
    }
    return NULL;
}

/* end() and abort(): finish the job once.  The DC is deleted even when
 * the document call fails, so a failure never leaks it. */
static PyObject *finish(PyObject *op, int abort)
{
    PrintJobObject *self = AS_JOB(op);
    DWORD doc_error = ERROR_SUCCESS, dc_error = ERROR_SUCCESS;
    int mine;

    PyThread_acquire_lock(self->lock, WAIT_LOCK);
    mine = self->state == JOB_OPEN;
    if (mine)
        self->state = JOB_FINISHING;
    PyThread_release_lock(self->lock);
    if (!mine)
        Py_RETURN_NONE;

    Py_BEGIN_ALLOW_THREADS
    if ((abort ? AbortDoc(self->hdc) : EndDoc(self->hdc)) <= 0)
        doc_error = last_error();
    if (!DeleteDC(self->hdc))
        dc_error = last_error();
    Py_END_ALLOW_THREADS

    PyThread_acquire_lock(self->lock, WAIT_LOCK);
    self->state = doc_error != ERROR_SUCCESS ? JOB_FAILED
                  : abort                    ? JOB_ABORTED
                                             : JOB_ENDED;
    PyThread_release_lock(self->lock);
    if (doc_error != ERROR_SUCCESS)
        return winfax_raise_winerror(doc_error);
    if (dc_error != ERROR_SUCCESS)
        return winfax_raise_winerror(dc_error);
    Py_RETURN_NONE;
}

static PyObject *PrintJob_end(PyObject *op, PyObject *Py_UNUSED(unused))
{
    return finish(op, 0);
}

static PyObject *PrintJob_abort(PyObject *op, PyObject *Py_UNUSED(unused))
{
    return finish(op, 1);
}

/* Not winfax_exit_closes: leaving the block ends or aborts the job. */
static PyObject *PrintJob_exit(PyObject *op, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *done;

    if (winfax_exit_check_args(nargs) < 0)
        return NULL;
    /* A block that raised must not send a half-drawn fax. */
    done = finish(op, args[0] != Py_None);
    if (done == NULL)
        return NULL;
    Py_DECREF(done);
    Py_RETURN_FALSE;
}

static PyObject *PrintJob_get_job_id(PyObject *op, void *Py_UNUSED(closure))
{
    return winfax_from_dword(AS_JOB(op)->job_id);
}

static PyObject *PrintJob_get_context(PyObject *op, void *Py_UNUSED(closure))
{
    return Py_NewRef(AS_JOB(op)->context);
}

static PyObject *PrintJob_get_hdc(PyObject *op, void *Py_UNUSED(closure))
{
    return PyLong_FromVoidPtr((void *)AS_JOB(op)->hdc);
}

static PyObject *PrintJob_get_state(PyObject *op, void *Py_UNUSED(closure))
{
    return PyUnicode_FromString(state_names[current_state(AS_JOB(op))]);
}

static PyObject *PrintJob_get_closed(PyObject *op, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(current_state(AS_JOB(op)) != JOB_OPEN);
}

/* The old (job_id, context) tuple, item by item. */
static Py_ssize_t PrintJob_length(PyObject *op)
{
    (void)op;
    return 2;
}

static PyObject *PrintJob_item(PyObject *op, Py_ssize_t i)
{
    if (i == 0)
        return PrintJob_get_job_id(op, NULL);
    if (i == 1)
        return PrintJob_get_context(op, NULL);
    PyErr_SetString(PyExc_IndexError, "PrintJob index out of range (it holds job_id, context)");
    return NULL;
}

static PyObject *PrintJob_repr(PyObject *op)
{
    PrintJobObject *self = AS_JOB(op);
    char hdc[2 * sizeof(uintptr_t) + 1];

    /* Lower-case, unpadded hex, as FaxHandle's repr. */
    snprintf(hdc, sizeof hdc, "%llx", (unsigned long long)(uintptr_t)self->hdc);
    return PyUnicode_FromFormat("<%s job_id=%lu hdc=0x%s %s>", TYPE_NAME,
                                (unsigned long)self->job_id, hdc,
                                state_names[current_state(self)]);
}

/* Dealloc must neither raise nor lose an exception in flight: a warning
 * turned into an error is reported as unraisable. */
static void warn_unfinished(PrintJobObject *self)
{
#if !defined(Py_LIMITED_API) && PY_VERSION_HEX >= 0x030C0000
    PyObject *saved = PyErr_GetRaisedException();
#else
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
#endif
    if (PyErr_WarnFormat(PyExc_ResourceWarning, 1,
                         "print job %lu was neither ended nor aborted; call "
                         "end() or abort(), or use it in a with block",
                         (unsigned long)self->job_id) < 0)
        PyErr_WriteUnraisable(NULL);   /* not self: its count is 0 */
#if !defined(Py_LIMITED_API) && PY_VERSION_HEX >= 0x030C0000
    PyErr_SetRaisedException(saved);
#else
    PyErr_Restore(type, value, traceback);
#endif
}

static void PrintJob_dealloc(PyObject *op)
{
    PrintJobObject *self = AS_JOB(op);
    PyTypeObject *type = Py_TYPE(op);
    freefunc free_object = (freefunc)PyType_GetSlot(type, Py_tp_free);

    /* No call can be in flight (each holds a reference), so the state is
     * final or still open. */
    if (self->state == JOB_OPEN)
        warn_unfinished(self);
    Py_CLEAR(self->context);
    if (self->lock != NULL)
        PyThread_free_lock(self->lock);
    free_object(op);
    Py_DECREF(type);
}

PyDoc_STRVAR(end_doc,
"end()\n--\n\n"
"Finish the document (EndDoc) and give back the device context (DeleteDC).\n\n"
"The fax service queues the fax job once the document ends.  Does nothing\n"
"if the job is already finished.  Raises OSError (winerror set) if EndDoc\n"
"fails; the device context is given back either way.");

PyDoc_STRVAR(abort_doc,
"abort()\n--\n\n"
"Discard the document (AbortDoc) and give back the device context\n"
"(DeleteDC); no fax is sent.  Does nothing if the job is already finished.");

static PyMethodDef PrintJob_methods[] = {
    {"end", PrintJob_end, METH_NOARGS, end_doc},
    {"abort", PrintJob_abort, METH_NOARGS, abort_doc},
    {"__enter__", winfax_enter_returns_self, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)(void (*)(void))PrintJob_exit, METH_FASTCALL, NULL},
    {"__reduce__", winfax_reduce_refused, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef PrintJob_getset[] = {
    {"job_id", PrintJob_get_job_id, NULL,
     "The print spooler's id for the job (FaxStartPrintJob's FaxJobId): not a\n"
     "fax queue job id, and no fax call accepts it.", NULL},
    {"context", PrintJob_get_context, NULL,
     "The ContextInfo (FAX_CONTEXT_INFO) for print_cover_page().", NULL},
    {"hdc", PrintJob_get_hdc, NULL,
     "The printer device context to draw into with GDI (context.hdc).", NULL},
    {"state", PrintJob_get_state, NULL,
     "'open', 'finishing', 'ended', 'aborted' or 'failed' (EndDoc or\n"
     "AbortDoc failed; the device context was still given back).", NULL},
    {"closed", PrintJob_get_closed, NULL,
     "True once end() or abort() has run (or is running).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(PrintJob_doc,
"A fax print job started by winfax.start_print_job() (FaxStartPrintJob).\n\n"
"Draw the document into .hdc with GDI (Windows), optionally add a cover page\n"
"with print_cover_page(job.context, ...), then finish the job: use it as a\n"
"context manager (EndDoc and DeleteDC when the block completes, AbortDoc\n"
"and DeleteDC when it raises) or call end() or abort().  The fax service\n"
"queues the fax job when the document ends.\n\n"
".job_id is the print spooler's id for the job, not the fax queue's: no fax\n"
"call accepts it.  For code written when start_print_job() returned a\n"
"tuple, the object still unpacks as (job_id, context); a job dropped without\n"
"being finished is left open, with a ResourceWarning.");

static PyType_Slot PrintJob_slots[] = {
    {Py_tp_doc, (void *)PrintJob_doc},
    {Py_tp_dealloc, PrintJob_dealloc},
    {Py_tp_repr, PrintJob_repr},
    {Py_tp_methods, PrintJob_methods},
    {Py_tp_getset, PrintJob_getset},
    {Py_sq_length, PrintJob_length},
    {Py_sq_item, PrintJob_item},
    {0, NULL},
};

/* Not a base type, and not made from Python: only start_print_job() has a
 * print job to give it. */
PyType_Spec winfax_print_job_spec = {
    .name = TYPE_NAME,
    .basicsize = sizeof(PrintJobObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = PrintJob_slots,
};
