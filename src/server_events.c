/* Fax events: FaxHandle.events() and FaxHandle.aevents()
 * (FaxInitializeEventQueue and the I/O completion ports events travel in).
 *
 * The registration is the process's.  A client registers once per service
 * session and goes on receiving events after FaxClose (Microsoft's pages
 * on receiving fax events and on FaxClose), so this file never registers
 * anything itself: the event hub (event_hub.h) holds the one registration
 * and hands every subscriber a copy of each event.
 *
 * The queue.  The first events() on a server handle creates an I/O
 * completion port of the handle's own and subscribes it to the hub (which
 * registers, with this handle, if the process is not registered in the
 * current service session).  The port, with its subscription, belongs to
 * the server handle from then on (it is the handle's winfax_handle_hook,
 * see fax_handle.h) and ends when the handle closes.  Events collect in the
 * port while nobody reads them; a service restart does not end it: the
 * readers see FEI_FAXSVC_ENDED, the hub registers again once the service
 * is back, and the events of the new session follow.
 *
 * The readers.  An EventIterator reads the queue, one at a time: events()
 * while another iterator of the handle is still open raises RuntimeError;
 * once that one finished (timeout, close()), events() hands out a new
 * iterator that continues where the old one stopped.
 *
 * The wait.  GetQueuedCompletionStatus runs with the GIL released, in
 * slices of at most SLICE_MS so that Ctrl-C is noticed, and while the
 * thread holds a use of the server handle (winfax_handle_acquire): a
 * close() from another thread marks the handle closed at once and defers
 * its FaxClose until the waiting thread gives the handle back.  To make
 * that prompt, close() runs the queue's hook, which posts a private
 * wake-up packet (WAKE_KEY, no OVERLAPPED) to the port; the waiter wakes,
 * gives the handle back - the FaxClose happens right there - and the
 * iteration ends.  Closing the iterator wakes its waiter the same way.  One
 * thread waits on the port at a time (wait_lock), so a wake-up or an event
 * never goes to a thread that did not ask for it.  Before a wait reports
 * that nothing came in time, it asks the hub to flush (event_hub_flush):
 * an event the service posted before the time was up is never reported
 * missing just because the hub had not handed it over yet.
 *
 * Who frees what.  Each packet carries a LocalAlloc'd FAX_EVENTW that the
 * client gives back with LocalFree (FaxInitializeEventQueue's
 * documentation); the hub frees the service's originals, readers free
 * their copies.  An event handed out is converted to a winfax.Event and
 * freed at once, whether or not the conversion worked.  The port is closed
 * with CloseHandle exactly once, by whoever finds the handle closed while
 * no thread uses the port - close() itself when nobody waits, else the
 * waiter on its way out - after it was unsubscribed from the hub (from
 * then on nothing is posted to it, so no packet ever reaches a port value
 * the system gave to someone else) and every packet still queued was taken
 * out and its event freed.  Off Windows the simulator's platform layer
 * provides the completion port calls, LocalAlloc and LocalFree, with the
 * same rules. */
#include <math.h>
#include <stdlib.h>

#include "args.h"
#include "call.h"
#include "event_hub.h"
#include "fax_handle.h"
#include "lifetime_methods.h"
#include "records.h"
#include "server_events.h"
#include "server_methods.h"
#include "win32_error.h"

/* Completion keys: the service's packets carry EVENT_KEY (what we hand to
 * FaxInitializeEventQueue), our wake-ups WAKE_KEY.  Any two values do. */
#define EVENT_KEY ((ULONG_PTR)0x46455654u)
#define WAKE_KEY ((ULONG_PTR)0x57414B45u)

/* The longest a wait runs before the thread looks at signals again. */
#define SLICE_MS 100u

/* How long a wait that found nothing gives the hub to flush what the
 * service posted before it; only a hub stuck in a call takes that long. */
#define FLUSH_GRACE_MS 5000u

/* The most events one _wait() hands the asyncio form at once. */
#define BATCH_MAX 256

#define ITERATOR_NAME "winfax.EventIterator"

/* ---- the queue ------------------------------------------------------------ */

typedef struct {
    winfax_handle_hook hook;        /* first: the handle sees only this */
    PyThread_type_lock lock;        /* guards the fields below; held briefly */
    PyThread_type_lock wait_lock;   /* held by the one thread using the port */
    Py_ssize_t refs;                /* the handle's, and each iterator's */
    HANDLE port;                    /* NULL once closed */
    int users;                      /* threads that took `port` to use it */
    const void *waiter;             /* the iterator whose thread waits */
    const void *consumer;           /* the iterator reading, NULL if none */
    int server_closed;              /* the handle closed (its hook ran) */
    DWORD flush_serial;             /* the last event_hub_flush asked */
    event_hub_subscriber sub;       /* the port's subscription to the hub */
} event_queue;

static void q_lock(event_queue *q)
{
    PyThread_acquire_lock(q->lock, WAIT_LOCK);
}

static void q_unlock(event_queue *q)
{
    PyThread_release_lock(q->lock);
}

/* Ends the port's subscription, so nothing is posted to it any more, then
 * takes out whatever it still holds - fax events go back with LocalFree,
 * since nobody will read them; wake-ups are just dropped - and closes it.
 * Never blocks for long (every wait is a poll). */
static void drain_and_close(event_queue *q, HANDLE port)
{
    event_hub_unsubscribe(&q->sub);
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, 0);

        if (overlapped == NULL) {
            if (ok)
                continue;   /* a wake-up */
            break;          /* empty (or unusable: nothing more to take) */
        }
        if (key == EVENT_KEY)
            (void)LocalFree((HLOCAL)overlapped);
    }
    /* The service never had this port (the hub's is the registered one),
     * and the hub posts nothing to it now: closing it cannot make a packet
     * land in a port the system hands out next. */
    (void)CloseHandle(port);
}

/* With q->lock held: the port, taken out for closing, once the handle has
 * closed and no thread uses it; otherwise NULL. */
static HANDLE port_to_close(event_queue *q)
{
    HANDLE port = NULL;

    if (q->server_closed && q->users == 0 && q->port != NULL) {
        port = q->port;
        q->port = NULL;
    }
    return port;
}

/* With q->lock held: wake the thread waiting on the port, if any.  If the
 * post fails the waiter still notices within a slice. */
static void wake_locked(event_queue *q)
{
    if (q->users > 0 && q->port != NULL)
        (void)PostQueuedCompletionStatus(q->port, 0, WAKE_KEY, NULL);
}

/* The queue is plain C memory: it holds no Python object, and the limited
 * API of 3.11 has no raw allocator to put it in. */
static void queue_destroy(event_queue *q)
{
    if (q->port != NULL)
        drain_and_close(q, q->port);
    if (q->wait_lock != NULL)
        PyThread_free_lock(q->wait_lock);
    if (q->lock != NULL)
        PyThread_free_lock(q->lock);
    free(q);
}

static void queue_retain(winfax_handle_hook *hook)
{
    event_queue *q = (event_queue *)hook;
    q_lock(q);
    q->refs++;
    q_unlock(q);
}

static void queue_release(winfax_handle_hook *hook)
{
    event_queue *q = (event_queue *)hook;
    int last;

    q_lock(q);
    last = --q->refs == 0;
    q_unlock(q);
    if (last)
        queue_destroy(q);
}

/* The server handle closed: end every read, and close the port now if no
 * thread uses it (else its user does, once woken). */
static void queue_closing(winfax_handle_hook *hook)
{
    event_queue *q = (event_queue *)hook;
    HANDLE port;

    q_lock(q);
    q->server_closed = 1;
    port = port_to_close(q);
    wake_locked(q);
    q_unlock(q);
    if (port != NULL)
        drain_and_close(q, port);
}

/* A queue with its port, not yet registered; one reference for the handle
 * and one for the caller.  NULL with an exception set. */
static event_queue *queue_new(void)
{
    event_queue *q = calloc(1, sizeof *q);
    DWORD error;

    if (q == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    q->hook.retain = queue_retain;
    q->hook.release = queue_release;
    q->hook.closing = queue_closing;
    q->lock = PyThread_allocate_lock();
    q->wait_lock = PyThread_allocate_lock();
    if (q->lock == NULL || q->wait_lock == NULL) {
        queue_destroy(q);
        PyErr_NoMemory();
        return NULL;
    }
    /* A port of our own, tied to no file, for one thread at a time. */
    q->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (q->port == NULL) {
        error = GetLastError();
        queue_destroy(q);
        winfax_raise_winerror(error ? error : ERROR_INVALID_FUNCTION);
        return NULL;
    }
    q->refs = 2;
    return q;
}

/* ---- timeouts ------------------------------------------------------------- */

/* Seconds (int or float; None or infinity: no limit) -> milliseconds, or
 * INFINITE.  Rounded up, so a tiny positive timeout still waits.  0 or -1
 * with TypeError/ValueError naming `what`. */
static int parse_timeout(PyObject *obj, const char *what, int none_ok, DWORD *out)
{
    double seconds, ms;

    if (obj == Py_None && none_ok) {
        *out = INFINITE;
        return 0;
    }
    if (PyBool_Check(obj) || !(PyLong_Check(obj) || PyFloat_Check(obj))) {
        (void)winfax_type_error(what, none_ok ? "a number of seconds or None"
                                              : "a number of seconds", obj);
        return -1;
    }
    seconds = PyFloat_AsDouble(obj);
    if (seconds == -1.0 && PyErr_Occurred())
        return -1;
    if (isnan(seconds) || seconds < 0) {
        PyErr_Format(PyExc_ValueError, "%s must be 0 or more seconds, got %R", what, obj);
        return -1;
    }
    if (isinf(seconds) && none_ok) {
        *out = INFINITE;
        return 0;
    }
    ms = ceil(seconds * 1000.0);
    if (!(ms < (double)INFINITE)) {
        PyErr_Format(PyExc_ValueError,
                     "%s must be at most %lu seconds%s, got %R", what,
                     (unsigned long)((INFINITE - 1u) / 1000u),
                     none_ok ? " (None waits for ever)" : "", obj);
        return -1;
    }
    *out = (DWORD)ms;
    return 0;
}

static PyObject *timeout_to_object(DWORD ms)
{
    if (ms == INFINITE)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(ms / 1000.0);
}

/* ---- the iterator --------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *server;       /* the FaxHandle */
    event_queue *queue;     /* one reference; NULL only while being built */
    DWORD timeout_ms;       /* per next(): INFINITE waits for ever */
    int finished;           /* guarded by queue->lock */
} EventIterator;

#define AS_ITERATOR(op) ((EventIterator *)(op))

/* With q->lock held: this iterator stops reading; the queue is free for
 * the next one. */
static void finish_locked(EventIterator *it)
{
    event_queue *q = it->queue;

    it->finished = 1;
    if (q->consumer == it)
        q->consumer = NULL;
}

static void finish(EventIterator *it)
{
    q_lock(it->queue);
    finish_locked(it);
    q_unlock(it->queue);
}

static int is_finished(EventIterator *it)
{
    int finished;
    q_lock(it->queue);
    finished = it->finished;
    q_unlock(it->queue);
    return finished;
}

typedef enum {
    STEP_GOT,           /* events in hand */
    STEP_IDLE,          /* the time passed without any */
    STEP_AGAIN,         /* woken without an event: look at the flags again */
    STEP_STOP,          /* the iteration is over */
    STEP_FAILED,        /* the wait itself failed; *error says why */
    STEP_INTERRUPTED,   /* a signal handler raised (Ctrl-C) */
    STEP_FLUSHED,       /* the hub handed over everything: nothing came */
} step_result;

/* With the GIL released and the port in use: the first packet within `ms`,
 * then whatever is already queued, up to `max` events. */
static step_result dequeue(HANDLE port, DWORD ms, DWORD flush_serial,
                           FAX_EVENTW **events, int max, int *count, DWORD *error)
{
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &overlapped,
                                            *count == 0 ? ms : 0);

        if (!ok && overlapped == NULL) {
            DWORD e = GetLastError();
            if (*count > 0)
                return STEP_GOT;    /* a failure, if lasting, shows next time */
            if (e == WAIT_TIMEOUT)
                return STEP_IDLE;
            *error = e ? e : ERROR_INVALID_FUNCTION;
            return STEP_FAILED;
        }
        if (key == EVENT_KEY && overlapped != NULL) {
            events[(*count)++] = (FAX_EVENTW *)overlapped;
            if (*count == max)
                return STEP_GOT;
            continue;
        }
        /* The answer to the flush this wait asked for (an older one's is
         * stale: another wake-up). */
        if (key == EVENT_HUB_FLUSHED_KEY && overlapped == NULL && *count == 0 &&
            flush_serial != 0 && bytes == flush_serial)
            return STEP_FLUSHED;
        /* A wake-up (or a packet we did not post, which is not ours to
         * free).  Whatever woke us is in the flags the caller checks. */
        return *count > 0 ? STEP_GOT : STEP_AGAIN;
    }
}

static void free_events(FAX_EVENTW **events, int count)
{
    for (int i = 0; i < count; i++)
        (void)LocalFree((HLOCAL)events[i]);
}

/* One wait of at most `ms`, with the GIL released by the caller.  If the
 * handle closed meanwhile and nobody else uses the port, the port is
 * taken out into *to_close (the caller closes it after giving the handle
 * back) and the result is STEP_STOP. */
static step_result wait_step(EventIterator *it, DWORD ms, DWORD flush_serial,
                             FAX_EVENTW **events, int max, int *count, DWORD *error,
                             HANDLE *to_close)
{
    event_queue *q = it->queue;
    PY_TIMEOUT_T lock_us;
    step_result result = STEP_IDLE;
    HANDLE port = NULL;

    /* PyThread_acquire_lock_timed wants less than PY_TIMEOUT_MAX, but that
     * is not something to compare against: 3.13 took the macro out of the
     * limited API (it is now a variable of the full API only).  A bound of
     * our own does instead.  Every wait is one slice (wait_events cuts the
     * time into SLICE_MS pieces), so clamping to SLICE_MS caps the lock
     * timeout at 100 ms, orders of magnitude below PY_TIMEOUT_MAX on every
     * platform (the smallest, Windows', is 0xFFFFFFFE ms: about 49 days),
     * and keeps `ms * 1000` from overflowing whatever the caller passes. */
    if (ms > SLICE_MS)
        ms = SLICE_MS;
    lock_us = (PY_TIMEOUT_T)ms * 1000;
    /* Another reader's wait (one just closed, on its way out) ends within a
     * slice; until then this one waits its turn, as part of its time. */
    if (PyThread_acquire_lock_timed(q->wait_lock, lock_us, 0) != PY_LOCK_ACQUIRED)
        return STEP_IDLE;
    q_lock(q);
    if (it->finished || q->server_closed || q->port == NULL) {
        result = STEP_STOP;
    }
    else {
        q->users++;
        q->waiter = it;
        port = q->port;
    }
    q_unlock(q);
    if (port != NULL) {
        result = dequeue(port, ms, flush_serial, events, max, count, error);
        q_lock(q);
        q->users--;
        q->waiter = NULL;
        *to_close = port_to_close(q);
        q_unlock(q);
        if (*to_close != NULL)
            result = STEP_STOP;
    }
    PyThread_release_lock(q->wait_lock);
    return result;
}

/* Asks the hub to flush to the queue's port; the serial its answer will
 * carry in *serial.  0, or -1 if the queue has no subscription. */
static int request_flush(event_queue *q, DWORD *serial)
{
    q_lock(q);
    if (++q->flush_serial == 0)
        ++q->flush_serial;
    *serial = q->flush_serial;
    q_unlock(q);
    return event_hub_flush(&q->sub, *serial) == ERROR_SUCCESS ? 0 : -1;
}

/* Waits up to `timeout_ms` (INFINITE: for ever) for events on behalf of
 * `it`, GIL held on entry and exit.  The whole wait holds one use of the
 * server handle, so a close() from another thread defers its FaxClose to
 * this thread, which it wakes; the FaxClose then runs here, before the port
 * is closed.  The wait goes in slices, with signals checked between them.
 * When the time is up with nothing, the hub is asked to flush first, and
 * whatever it still had for us is handed out instead of nothing. */
static step_result wait_events(EventIterator *it, DWORD timeout_ms, FAX_EVENTW **events,
                               int max, int *count, DWORD *error)
{
    DWORD remaining = timeout_ms, flush_serial = 0;
    HANDLE to_close = NULL;
    step_result result;

    *count = 0;
    if (is_finished(it))
        return STEP_STOP;
    /* A closed handle ends the iteration, it is not an error here. */
    if (winfax_handle_acquire(it->server) == NULL) {
        PyErr_Clear();
        return STEP_STOP;
    }
    for (;;) {
        DWORD slice = remaining < SLICE_MS ? remaining : SLICE_MS;

        Py_BEGIN_ALLOW_THREADS
        result = wait_step(it, slice, flush_serial, events, max, count, error, &to_close);
        Py_END_ALLOW_THREADS
        if (result == STEP_AGAIN)
            continue;       /* the flags decide, at the next step */
        if (result == STEP_FLUSHED) {
            result = STEP_IDLE;     /* truly nothing in time */
            break;
        }
        if (result != STEP_IDLE)
            break;
        if (remaining != INFINITE) {
            remaining -= slice;
            if (remaining == 0) {
                /* STEP_IDLE: the time is up, once the hub has flushed (if
                 * it cannot be asked, or does not answer, nothing came). */
                if (flush_serial != 0 || request_flush(it->queue, &flush_serial) < 0)
                    break;
                remaining = FLUSH_GRACE_MS;
            }
        }
        if (PyErr_CheckSignals() < 0) {
            result = STEP_INTERRUPTED;
            break;
        }
    }
    /* A close() meanwhile runs its FaxClose in here. */
    winfax_handle_release(it->server);
    if (to_close != NULL) {
        /* The handle closed while we waited: what we took out goes back
         * with the rest. */
        free_events(events, *count);
        *count = 0;
        drain_and_close(it->queue, to_close);
    }
    return result;
}

/* Converts and frees events[0..count); a list of Event, or NULL with every
 * event freed anyway. */
static PyObject *convert_events(EventIterator *it, FAX_EVENTW **events, int count)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(it->server));
    PyObject *list = st != NULL ? PyList_New(0) : NULL;

    for (int i = 0; i < count; i++) {
        PyObject *record = NULL;
        if (list != NULL) {
            record = winfax_from_event(st, events[i]);
            if (record == NULL || PyList_Append(list, record) < 0)
                Py_CLEAR(list);
            Py_XDECREF(record);
        }
        (void)LocalFree((HLOCAL)events[i]);
    }
    return list;
}

static PyObject *EventIterator_next(PyObject *op)
{
    EventIterator *it = AS_ITERATOR(op);
    DWORD error = ERROR_SUCCESS;
    FAX_EVENTW *event;
    PyObject *list, *record;
    int count;

    switch (wait_events(it, it->timeout_ms, &event, 1, &count, &error)) {
    case STEP_GOT:
        list = convert_events(it, &event, count);
        if (list == NULL)
            return NULL;
        record = PyList_GetItem(list, 0);
        Py_XINCREF(record);
        Py_DECREF(list);
        return record;
    case STEP_FAILED:
        return winfax_raise_winerror(error);
    case STEP_INTERRUPTED:
        return NULL;        /* the iterator stays usable */
    default:
        /* Stopped, or the timeout passed with nothing. */
        finish(it);
        return NULL;
    }
}

static PyObject *EventIterator_iter(PyObject *op)
{
    return Py_NewRef(op);
}

PyDoc_STRVAR(wait_doc,
"_wait(seconds)\n--\n\n"
"Wait at most seconds for events and return those that came, as a list\n"
"(empty if none came, or once the iterator is closed: see `closed`).\n"
"Used by winfax.aevents() from a worker thread.");

static PyObject *EventIterator_wait(PyObject *op, PyObject *seconds)
{
    EventIterator *it = AS_ITERATOR(op);
    FAX_EVENTW *events[BATCH_MAX];
    DWORD ms, error = ERROR_SUCCESS;
    int count;

    if (parse_timeout(seconds, "seconds", 0, &ms) < 0)
        return NULL;
    switch (wait_events(it, ms, events, BATCH_MAX, &count, &error)) {
    case STEP_GOT:
        return convert_events(it, events, count);
    case STEP_FAILED:
        return winfax_raise_winerror(error);
    case STEP_INTERRUPTED:
        return NULL;
    case STEP_STOP:
        finish(it);
        return PyList_New(0);
    default:
        return PyList_New(0);   /* nothing yet; the iterator stays open */
    }
}

PyDoc_STRVAR(iterator_close_doc,
"close()\n--\n\n"
"Stop iterating: a thread waiting in next() returns (StopIteration) at\n"
"once.  The handle's event queue stays; events() gives a new iterator on\n"
"it.  Closing twice does nothing.");

static PyObject *EventIterator_close(PyObject *op, PyObject *Py_UNUSED(ignored))
{
    EventIterator *it = AS_ITERATOR(op);
    event_queue *q = it->queue;

    q_lock(q);
    if (!it->finished) {
        /* Only this iterator's own waiter is woken: another reader's wait
         * is none of its business. */
        if (q->waiter == it)
            wake_locked(q);
        finish_locked(it);
    }
    q_unlock(q);
    Py_RETURN_NONE;
}

static PyObject *EventIterator_get_closed(PyObject *op, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(is_finished(AS_ITERATOR(op)));
}

static PyObject *EventIterator_get_timeout(PyObject *op, void *Py_UNUSED(closure))
{
    return timeout_to_object(AS_ITERATOR(op)->timeout_ms);
}

static PyObject *EventIterator_get_server(PyObject *op, void *Py_UNUSED(closure))
{
    return Py_NewRef(AS_ITERATOR(op)->server);
}

static PyObject *EventIterator_repr(PyObject *op)
{
    return PyUnicode_FromFormat("<" ITERATOR_NAME " %s>",
                                is_finished(AS_ITERATOR(op)) ? "closed" : "open");
}

static void EventIterator_dealloc(PyObject *op)
{
    EventIterator *it = AS_ITERATOR(op);
    PyTypeObject *type = Py_TYPE(op);
    freefunc free_object = (freefunc)PyType_GetSlot(type, Py_tp_free);

    /* No thread can be waiting for it: a waiter holds a reference. */
    if (it->queue != NULL) {
        finish(it);
        queue_release(&it->queue->hook);
    }
    Py_CLEAR(it->server);
    free_object(op);
    Py_DECREF(type);
}

static PyMethodDef EventIterator_methods[] = {
    {"close", EventIterator_close, METH_NOARGS, iterator_close_doc},
    {"_wait", EventIterator_wait, METH_O, wait_doc},
    WINFAX_LIFETIME_METHODS
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef EventIterator_getset[] = {
    {"closed", EventIterator_get_closed, NULL,
     "True once the iteration is over (timeout, close(), or the handle "
     "closed).", NULL},
    {"timeout", EventIterator_get_timeout, NULL,
     "Seconds next() waits for an event before it stops; None: for ever.", NULL},
    {"server", EventIterator_get_server, NULL,
     "The FaxHandle whose events this reads.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(EventIterator_doc,
"The fax events of a FaxHandle, as Event records (FaxHandle.events()).\n\n"
"next() waits for the next event, with the GIL released, and stops the\n"
"iteration when none came within the timeout, when close() is called\n"
"(from any thread), or when the server handle is closed.  A service\n"
"restart does not stop it: FAXSVC_ENDED, then the new session's events.\n"
"Use it as a context manager to close it on leaving the block.");

static PyType_Slot EventIterator_slots[] = {
    {Py_tp_doc, (void *)EventIterator_doc},
    {Py_tp_dealloc, EventIterator_dealloc},
    {Py_tp_repr, EventIterator_repr},
    {Py_tp_iter, EventIterator_iter},
    {Py_tp_iternext, EventIterator_next},
    {Py_tp_methods, EventIterator_methods},
    {Py_tp_getset, EventIterator_getset},
    {0, NULL},
};

/* Holds only a FaxHandle, which holds nothing back: no cycles, no GC. */
PyType_Spec winfax_event_iterator_spec = {
    .name = ITERATOR_NAME,
    .basicsize = sizeof(EventIterator),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = EventIterator_slots,
};

/* The module's EventIterator type (new reference), made at import with
 * the module's other types. */
static PyObject *iterator_type(PyObject *server)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(server));
    return st ? Py_NewRef((PyObject *)st->event_iterator_type) : NULL;
}

/* ---- FaxHandle.events() ---------------------------------------------------- */

/* Subscribes a new queue's port to the event hub on behalf of `it`, which
 * is attached as its reader; the hub registers with this handle if the
 * process is not registered in the current service session.  0, or -1
 * with the queue detached again. */
static int register_queue(EventIterator *it)
{
    event_queue *q = it->queue;
    HANDLE h, to_close;
    DWORD error = ERROR_SUCCESS;
    BOOL ok = FALSE;

    /* users > 0 keeps a concurrent close() from closing the port under
     * the subscription, which reads it; a wake-up it posts meanwhile is
     * dropped there, and the closing is left to us. */
    h = winfax_handle_acquire(it->server);
    if (h != NULL) {
        Py_BEGIN_ALLOW_THREADS
        error = event_hub_subscribe(&q->sub, q->port, EVENT_KEY, h);
        Py_END_ALLOW_THREADS
        ok = error == ERROR_SUCCESS;
        winfax_handle_release(it->server);
    }
    q_lock(q);
    q->users--;
    if (!ok)
        finish_locked(it);
    to_close = port_to_close(q);
    q_unlock(q);
    if (to_close != NULL)
        drain_and_close(q, to_close);
    if (ok)
        return 0;
    /* Nothing was registered: the handle forgets this queue, so a later
     * events() starts afresh. */
    winfax_handle_hook_drop(it->server, &q->hook);
    if (h != NULL)
        winfax_raise_winerror(error);
    return -1;
}

/* Attaches `it` to the handle's queue, creating and registering it on the
 * first call.  0, or -1 with an exception set. */
static int attach(EventIterator *it)
{
    winfax_handle_hook *hook;
    event_queue *fresh, *q;

    if (winfax_handle_hook_get(it->server, NULL, &hook) < 0)
        return -1;
    if (hook == NULL) {
        fresh = queue_new();
        if (fresh == NULL)
            return -1;
        /* Reader and user from the start, so a concurrent events() finds
         * the queue taken and a concurrent close() leaves the port to us. */
        fresh->consumer = it;
        fresh->users = 1;
        if (winfax_handle_hook_get(it->server, &fresh->hook, &hook) < 0) {
            queue_destroy(fresh);
            return -1;
        }
        if (hook == &fresh->hook) {
            it->queue = fresh;
            return register_queue(it);
        }
        /* Another thread attached a queue in between: use that one. */
        queue_destroy(fresh);
    }
    q = it->queue = (event_queue *)hook;
    q_lock(q);
    if (q->server_closed) {
        q_unlock(q);
        it->finished = 1;
        winfax_handle_set_closed_error(it->server);
        return -1;
    }
    if (q->consumer != NULL) {
        q_unlock(q);
        it->finished = 1;
        PyErr_SetString(PyExc_RuntimeError,
                        "this fax handle's events are already being read by "
                        "another iterator (a handle has one event queue): keep "
                        "iterating the first one, or close() it before calling "
                        "events() again");
        return -1;
    }
    q->consumer = it;
    q_unlock(q);
    return 0;
}

const char winfax_server_events_doc[] =
    "events(timeout=None)\n--\n\n"
    "Iterate over the fax server's events as Event records\n"
    "(FaxInitializeEventQueue, with I/O completion ports).\n\n"
    "Each step waits up to timeout seconds (None: for ever) with the GIL\n"
    "released; the iteration stops when nothing came in time, or when the\n"
    "iterator or this handle is closed (from any thread).  The process\n"
    "registers with the service once per service session, whatever the\n"
    "number of handles, and shares every event with each of them.  A handle\n"
    "has one event queue, made by the first call and kept until the handle\n"
    "closes: events that arrive between iterators wait for the next one, and\n"
    "a second iterator while the first is open raises RuntimeError.  A\n"
    "service restart is EventId.FAXSVC_ENDED, then (once registered again)\n"
    "FAXSVC_STARTED and the new session's events.  job_id is 0xFFFFFFFF for\n"
    "events about no particular job.";

PyObject *winfax_server_events(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"timeout", NULL};
    PyObject *timeout_obj = Py_None, *type;
    EventIterator *it;
    allocfunc alloc;
    DWORD timeout_ms;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:events", keywords, &timeout_obj) ||
        parse_timeout(timeout_obj, "timeout", 1, &timeout_ms) < 0)
        return NULL;
    if ((type = iterator_type(self)) == NULL)
        return NULL;
    alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)type, Py_tp_alloc);
    it = (EventIterator *)alloc((PyTypeObject *)type, 0);
    Py_DECREF(type);
    if (it == NULL)
        return NULL;
    it->server = Py_NewRef(self);
    it->queue = NULL;
    it->timeout_ms = timeout_ms;
    it->finished = 0;
    if (attach(it) < 0) {
        Py_DECREF(it);
        return NULL;
    }
    return (PyObject *)it;
}

/* ---- FaxHandle.aevents() --------------------------------------------------- */

const char winfax_server_aevents_doc[] =
    "aevents(timeout=None)\n--\n\n"
    "The asyncio form of events(): an async iterator of Event records that\n"
    "never blocks the event loop (the waits run in the loop's default\n"
    "executor, a short slice at a time, so cancellation and loop shutdown\n"
    "are prompt).  Like events(), it attaches to the handle's event queue\n"
    "at once.  The same as winfax.aevents(self, timeout).";

PyObject *winfax_server_aevents(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"timeout", NULL};
    PyObject *timeout_obj = Py_None, *module, *result;

    /* The timeout itself is checked by winfax._events.aevents, the one
     * place that uses it. */
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:aevents", keywords, &timeout_obj))
        return NULL;
    /* The handle type is immutable, so the asyncio machinery, which is
     * Python, lives in winfax._events; this only forwards to it. */
    module = PyImport_ImportModule("winfax._events");
    if (module == NULL)
        return NULL;
    result = PyObject_CallMethod(module, "aevents", "OO", self, timeout_obj);
    Py_DECREF(module);
    return result;
}
