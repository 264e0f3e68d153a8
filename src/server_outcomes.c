/* Job outcomes: FaxHandle.wait(), await_job(), outcomes() and aoutcomes().
 *
 * The handle type is immutable, and the bookkeeping is Python (one dict
 * lookup per event, on top of events(); see winfax/_outcomes.py for why),
 * so these methods only forward to winfax._outcomes, which checks the
 * arguments itself. */
#include "server_methods.h"

static PyObject *forward(const char *name, PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *module = NULL, *function = NULL, *head = NULL, *call_args = NULL;
    PyObject *result = NULL;

    module = PyImport_ImportModule("winfax._outcomes");
    if (module == NULL)
        goto done;
    function = PyObject_GetAttrString(module, name);
    if (function == NULL)
        goto done;
    head = PyTuple_Pack(1, self);
    if (head == NULL)
        goto done;
    call_args = PySequence_Concat(head, args);
    if (call_args == NULL)
        goto done;
    result = PyObject_Call(function, call_args, kwargs);
done:
    Py_XDECREF(call_args);
    Py_XDECREF(head);
    Py_XDECREF(function);
    Py_XDECREF(module);
    return result;
}

const char winfax_server_wait_doc[] =
    "wait(job_id, timeout=None)\n--\n\n"
    "Block until the job ends and return its winfax.JobOutcome (result\n"
    "'sent', 'failed' or 'cancelled', its last JobEntry, device, end time\n"
    "and the event that ended it).  The GIL is released while waiting.\n"
    "Works for a job that already ended, if this handle was following\n"
    "events then (since its first wait() or outcomes()); a job neither\n"
    "seen nor in the queue raises winfax.JobNotInQueueError (an OSError,\n"
    "winerror 87).  TimeoutError if it has not ended after timeout seconds.";

PyObject *winfax_server_wait(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return forward("wait", self, args, kwargs);
}

const char winfax_server_await_job_doc[] =
    "await_job(job_id, timeout=None)\n--\n\n"
    "The asyncio form of wait(): a coroutine giving the job's JobOutcome;\n"
    "the event loop never blocks.";

PyObject *winfax_server_await_job(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return forward("await_job", self, args, kwargs);
}

const char winfax_server_outcomes_doc[] =
    "outcomes(timeout=None)\n--\n\n"
    "An iterator of the JobOutcome of every job that ends from now on, from\n"
    "the handle's one event stream; it stops when none ended for timeout\n"
    "seconds (None: never), or when the handle closes.";

PyObject *winfax_server_outcomes(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return forward("outcomes", self, args, kwargs);
}

const char winfax_server_aoutcomes_doc[] =
    "aoutcomes(timeout=None)\n--\n\n"
    "The asyncio form of outcomes(): an async iterator of JobOutcome.";

PyObject *winfax_server_aoutcomes(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return forward("aoutcomes", self, args, kwargs);
}
