/* FaxHandle, modelled on winreg's HKEY object: close(), detach(), closed,
 * int(), bool(), a context manager and a repr that says whether it is open.
 * Unlike HKEY it is a heap type, keeps the full pointer-sized value, and
 * cannot be closed under a thread that is inside a call with it (see
 * fax_handle.h for the protocol). */
#include "fax_handle.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <structmember.h>

#include "access_denied.h"
#include "lifetime_methods.h"
#include "port_methods.h"
#include "server_methods.h"
#include "win32_error.h"

/* The types cannot be subclassed, so their names are fixed; the limited API
 * offers no tp_name to read them from. */
#define TYPE_NAME "winfax.FaxHandle"
#define PORT_TYPE_NAME "winfax.FaxPortHandle"

typedef enum {
    HANDLE_OPEN,
    HANDLE_CLOSE_PENDING,   /* close() ran while calls were in flight */
    HANDLE_CLOSED,          /* closed or detached: the value is gone */
} handle_state;

typedef struct {
    PyObject_HEAD
    /* Guards the three fields below.  A plain lock rather than the GIL,
     * so the protocol holds on free-threaded builds too.  It is only ever
     * held for a few instructions, never across a call into the API. */
    PyThread_type_lock lock;
    HANDLE handle;
    Py_ssize_t users;
    handle_state state;
    PyObject *weakreflist;
    /* Port handles only: the server handle they were opened with.  The
     * port holds one "use" of it from open_port() until the port is closed
     * or detached, so the server's FaxClose waits for its ports. */
    PyObject *server;
    /* fork_generation when the handle was opened; see is_stale(). */
    unsigned long generation;
    /* Server handles only: told when the handle closes (fax_handle.h).
     * Guarded by `lock`; taken out by whoever closes the handle. */
    winfax_handle_hook *hook;
} FaxHandleObject;

#define AS_HANDLE(op) ((FaxHandleObject *)(op))

/* Bumped in a child process after fork() (winfax registers the hook with
 * os.register_at_fork).  A handle opened before the fork belongs to the
 * parent's session with the service: the child must neither use it nor
 * FaxClose it (closing it would end the parent's session on Windows).  Such
 * a "stale" object reads as closed and is never locked, since its lock may
 * have been held by a thread that does not exist in the child. */
static unsigned long fork_generation;

void winfax_handle_after_fork_child(void)
{
    fork_generation++;
}

static int is_stale(FaxHandleObject *self)
{
    return self->generation != fork_generation;
}

static void lock(FaxHandleObject *self)
{
    PyThread_acquire_lock(self->lock, WAIT_LOCK);
}

static void unlock(FaxHandleObject *self)
{
    PyThread_release_lock(self->lock);
}

void winfax_handle_set_closed_error(PyObject *op)
{
    FaxHandleObject *self = AS_HANDLE(op);
    const char *remedy;

    if (is_stale(self))
        remedy = ": it was opened before fork() and belongs to the parent "
                 "process; call winfax.connect() in the child";
    else if (self->server != NULL)
        remedy = "; open the port again with open_port() on a connected FaxHandle";
    else
        remedy = "; connect again with winfax.connect()";
    PyErr_Format(PyExc_ValueError, "operation on a closed fax handle%s", remedy);
}

/* FaxClose with the GIL released; returns 0 or the Win32 error. */
static DWORD close_raw(HANDLE handle)
{
    BOOL ok;
    DWORD error = ERROR_SUCCESS;

    Py_BEGIN_ALLOW_THREADS
    ok = FaxClose(handle);
    if (!ok)
        error = GetLastError();
    Py_END_ALLOW_THREADS
    return ok ? ERROR_SUCCESS : (error ? error : ERROR_INVALID_FUNCTION);
}

PyObject *winfax_handle_wrap(PyTypeObject *type, HANDLE handle)
{
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    FaxHandleObject *self = (FaxHandleObject *)alloc(type, 0);

    if (self == NULL)
        goto fail;
    self->lock = PyThread_allocate_lock();
    if (self->lock == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    self->handle = handle;
    self->users = 0;
    self->state = HANDLE_OPEN;
    self->weakreflist = NULL;
    self->server = NULL;
    self->generation = fork_generation;
    self->hook = NULL;
    return (PyObject *)self;

fail:
    /* Nobody else holds the handle, so nobody else could close it. */
    (void)close_raw(handle);
    Py_XDECREF((PyObject *)self);
    return NULL;
}

PyObject *winfax_port_wrap(PyTypeObject *type, PyObject *server, HANDLE port)
{
    PyObject *self = winfax_handle_wrap(type, port);
    if (self == NULL) {
        winfax_handle_release(server);
        return NULL;
    }
    AS_HANDLE(self)->server = Py_NewRef(server);
    return self;
}

/* A port that no longer owns its value gives back its use of the server. */
static void release_server(FaxHandleObject *self)
{
    if (self->server != NULL)
        winfax_handle_release(self->server);
}

/* With the lock held: the hook, taken out, as the handle leaves the open
 * state; NULL if it has none. */
static winfax_handle_hook *take_hook(FaxHandleObject *self)
{
    winfax_handle_hook *hook = self->hook;
    self->hook = NULL;
    return hook;
}

/* Without the lock: tell a taken hook the handle is gone, and let it go. */
static void fire_hook(winfax_handle_hook *hook)
{
    if (hook != NULL) {
        hook->closing(hook);
        hook->release(hook);
    }
}

int winfax_handle_hook_get(PyObject *op, winfax_handle_hook *fresh,
                           winfax_handle_hook **out)
{
    FaxHandleObject *self = AS_HANDLE(op);
    int open;

    *out = NULL;
    /* acquire() raises the messages a closed or stale handle deserves. */
    if (winfax_handle_acquire(op) == NULL)
        return -1;
    lock(self);
    /* A close() since the acquire leaves the state CLOSE_PENDING. */
    open = self->state == HANDLE_OPEN;
    if (open) {
        if (self->hook != NULL) {
            self->hook->retain(self->hook);
            *out = self->hook;
        }
        else if (fresh != NULL) {
            self->hook = fresh;
            *out = fresh;
        }
    }
    unlock(self);
    winfax_handle_release(op);
    if (!open) {
        winfax_handle_set_closed_error(op);
        return -1;
    }
    return 0;
}

void winfax_handle_hook_drop(PyObject *op, winfax_handle_hook *hook)
{
    FaxHandleObject *self = AS_HANDLE(op);
    int mine = 0;

    if (is_stale(self))
        return;
    lock(self);
    if (self->hook == hook) {
        self->hook = NULL;
        mine = 1;
    }
    unlock(self);
    if (mine)
        hook->release(hook);
}

HANDLE winfax_handle_acquire(PyObject *op)
{
    FaxHandleObject *self = AS_HANDLE(op);
    HANDLE handle = NULL;

    if (is_stale(self)) {
        winfax_handle_set_closed_error(op);
        return NULL;
    }
    lock(self);
    if (self->state == HANDLE_OPEN) {
        self->users++;
        handle = self->handle;
    }
    unlock(self);
    if (handle == NULL)
        winfax_handle_set_closed_error(op);
    return handle;
}

void winfax_handle_release(PyObject *op)
{
    FaxHandleObject *self = AS_HANDLE(op);
    HANDLE to_close = NULL;

    lock(self);
    self->users--;
    if (self->users == 0 && self->state == HANDLE_CLOSE_PENDING) {
        to_close = self->handle;
        self->handle = NULL;
        self->state = HANDLE_CLOSED;
    }
    unlock(self);
    /* The close() that asked for this has already returned; there is no
     * caller left to report a failure to. */
    if (to_close != NULL) {
        (void)close_raw(to_close);
        release_server(self);
    }
}

/* ---- methods ----------------------------------------------------------- */

static PyObject *FaxHandle_close(PyObject *op, PyObject *Py_UNUSED(ignored))
{
    FaxHandleObject *self = AS_HANDLE(op);
    winfax_handle_hook *hook = NULL;
    HANDLE to_close = NULL;
    DWORD error;

    if (is_stale(self))
        Py_RETURN_NONE;   /* the parent's to close, not ours */
    lock(self);
    if (self->state == HANDLE_OPEN) {
        hook = take_hook(self);
        if (self->users > 0) {
            self->state = HANDLE_CLOSE_PENDING;
        }
        else {
            to_close = self->handle;
            self->handle = NULL;
            self->state = HANDLE_CLOSED;
        }
    }
    unlock(self);
    if (to_close == NULL) {
        /* Closing is deferred to the last call in flight; if that call is
         * a wait for events, only the hook can end it. */
        fire_hook(hook);
        Py_RETURN_NONE;
    }
    /* Like winreg's Close(): the object is closed whatever FaxClose says,
     * because a handle the service refused to close cannot be used again. */
    error = close_raw(to_close);
    release_server(self);
    /* After FaxClose, so the service has stopped posting to the port the
     * hook closes. */
    fire_hook(hook);
    if (error)
        return winfax_raise_call_error("FaxClose", error);
    Py_RETURN_NONE;
}

static PyObject *FaxHandle_detach(PyObject *op, PyObject *Py_UNUSED(ignored))
{
    FaxHandleObject *self = AS_HANDLE(op);
    winfax_handle_hook *hook = NULL;
    HANDLE handle = NULL;
    int busy = 0;

    if (is_stale(self))
        return PyLong_FromLong(0);
    lock(self);
    if (self->state == HANDLE_OPEN) {
        if (self->users > 0) {
            busy = 1;
        }
        else {
            handle = self->handle;
            self->handle = NULL;
            self->state = HANDLE_CLOSED;
            hook = take_hook(self);
        }
    }
    unlock(self);
    if (handle != NULL)
        release_server(self);
    /* Nothing of ours may use the handle any more: the event queue ends. */
    fire_hook(hook);
    /* Handing out a value that a call is still using would let the new
     * owner FaxClose it under that call. */
    if (busy) {
        PyErr_SetString(PyExc_RuntimeError,
                        "cannot detach a fax handle while another call is "
                        "using it; detach it once those calls return");
        return NULL;
    }
    return PyLong_FromVoidPtr(handle);
}

/* The raw value while open, else NULL; read under the lock so a concurrent
 * close() is seen whole. */
static HANDLE current_value(FaxHandleObject *self)
{
    HANDLE handle;
    if (is_stale(self))
        return NULL;
    lock(self);
    handle = self->state == HANDLE_OPEN ? self->handle : NULL;
    unlock(self);
    return handle;
}

static PyObject *FaxHandle_int(PyObject *op)
{
    return PyLong_FromVoidPtr(current_value(AS_HANDLE(op)));
}

static int FaxHandle_bool(PyObject *op)
{
    return current_value(AS_HANDLE(op)) != NULL;
}

static PyObject *FaxHandle_get_handle(PyObject *op, void *Py_UNUSED(closure))
{
    return FaxHandle_int(op);
}

static PyObject *FaxHandle_get_closed(PyObject *op, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(current_value(AS_HANDLE(op)) == NULL);
}

static PyObject *FaxHandle_repr(PyObject *op)
{
    HANDLE handle = current_value(AS_HANDLE(op));
    const char *name = AS_HANDLE(op)->server ? PORT_TYPE_NAME : TYPE_NAME;
    char hex[2 * sizeof(uintptr_t) + 1];

    if (handle == NULL)
        return PyUnicode_FromFormat("<%s closed>", name);
    /* Not %p: that is the C library's, zero-padded and upper-case on
     * Windows.  The documented form is lower-case and unpadded (0x4). */
    snprintf(hex, sizeof hex, "%llx", (unsigned long long)(uintptr_t)handle);
    return PyUnicode_FromFormat("<%s 0x%s open>", name, hex);
}

static void FaxHandle_dealloc(PyObject *op)
{
    FaxHandleObject *self = AS_HANDLE(op);
    PyTypeObject *type = Py_TYPE(op);
    freefunc free_object = (freefunc)PyType_GetSlot(type, Py_tp_free);

    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs(op);
    /* Every call holds a reference, so no call can be in flight here and
     * a pending close has already happened; only an open value is left to
     * close.  Dealloc must not raise, so a failure is dropped. */
    if (self->state == HANDLE_OPEN && self->handle != NULL && !is_stale(self)) {
        (void)close_raw(self->handle);
        release_server(self);
    }
    /* A stale (pre-fork) hook is left alone, like the handle: its locks may
     * have been held by a thread the child does not have. */
    if (!is_stale(self))
        fire_hook(self->hook);
    self->hook = NULL;
    Py_CLEAR(self->server);
    self->handle = NULL;
    self->state = HANDLE_CLOSED;
    if (self->lock != NULL)
        PyThread_free_lock(self->lock);
    free_object(op);
    Py_DECREF(type);
}

PyDoc_STRVAR(close_doc,
"close()\n--\n\n"
"Close the fax server handle (FaxClose).\n\n"
"Closing a closed handle does nothing.  If another thread is inside a call\n"
"with this handle, the handle is closed when that call returns; new calls\n"
"raise ValueError at once.");

PyDoc_STRVAR(detach_doc,
"detach()\n--\n\n"
"Give up ownership and return the raw handle as an int (0 if closed).\n\n"
"The object is closed afterwards without calling FaxClose; the caller must\n"
"close the raw handle.  Raises RuntimeError while another call is using it.");

/* What server and port handles share: their lifetime. */
#define COMMON_METHODS \
    {"close", FaxHandle_close, METH_NOARGS, close_doc}, \
    {"detach", FaxHandle_detach, METH_NOARGS, detach_doc}, \
    WINFAX_LIFETIME_METHODS

static PyMethodDef FaxHandle_methods[] = {
    COMMON_METHODS
    WINFAX_SERVER_METHODS
    {NULL, NULL, 0, NULL},
};

static PyMethodDef FaxPortHandle_methods[] = {
    COMMON_METHODS
    WINFAX_PORT_METHODS
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef FaxHandle_getset[] = {
    {"closed", FaxHandle_get_closed, NULL,
     "True once the handle is closed or detached.", NULL},
    {"handle", FaxHandle_get_handle, NULL,
     "The raw handle value (0 once closed), as winreg's HKEY.handle.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef FaxHandle_members[] = {
    {"__weaklistoffset__", T_PYSSIZET,
     offsetof(FaxHandleObject, weakreflist), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyDoc_STRVAR(FaxHandle_doc,
"A connection to the fax server (the HANDLE from FaxConnectFaxServer).\n\n"
"Made by winfax.connect().  Use it as a context manager, or call close();\n"
"dropping the last reference closes it too.  int(h) is the raw value,\n"
"bool(h) is False once it is closed.");

static PyType_Slot FaxHandle_slots[] = {
    {Py_tp_doc, (void *)FaxHandle_doc},
    {Py_tp_dealloc, FaxHandle_dealloc},
    {Py_tp_repr, FaxHandle_repr},
    {Py_tp_methods, FaxHandle_methods},
    {Py_tp_getset, FaxHandle_getset},
    {Py_tp_members, FaxHandle_members},
    {Py_nb_int, FaxHandle_int},
    {Py_nb_bool, FaxHandle_bool},
    {0, NULL},
};

PyDoc_STRVAR(FaxPortHandle_doc,
"A fax device opened with FaxHandle.open_port() (FaxOpenPort).\n\n"
"It has the lifetime rules of FaxHandle and keeps its server handle in use:\n"
"server.close() makes the server unusable from Python at once, while this\n"
"port keeps working; the server's FaxClose runs after its ports close.");

static PyType_Slot FaxPortHandle_slots[] = {
    {Py_tp_doc, (void *)FaxPortHandle_doc},
    {Py_tp_dealloc, FaxHandle_dealloc},
    {Py_tp_repr, FaxHandle_repr},
    {Py_tp_methods, FaxPortHandle_methods},
    {Py_tp_getset, FaxHandle_getset},
    {Py_tp_members, FaxHandle_members},
    {Py_nb_int, FaxHandle_int},
    {Py_nb_bool, FaxHandle_bool},
    {0, NULL},
};

PyType_Spec winfax_port_spec = {
    .name = PORT_TYPE_NAME,
    .basicsize = sizeof(FaxHandleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = FaxPortHandle_slots,
};

/* Not base types: a subclass could add a __del__ or state that outlives
 * the handle, and nothing needs one. */
PyType_Spec winfax_handle_spec = {
    .name = TYPE_NAME,
    .basicsize = sizeof(FaxHandleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = FaxHandle_slots,
};
