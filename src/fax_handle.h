/* FaxHandle: a fax server handle owned by a Python object.
 *
 * Lifetime rules, which every function that uses the handle relies on:
 * - A call into the fax API brackets its use of the handle with
 *   winfax_handle_acquire() / winfax_handle_release().  While any thread is
 *   between the two, FaxClose is not called: close() from another thread
 *   (or from a callback inside the call) marks the object closed at once and
 *   the last user to release it performs the FaxClose.
 * - FaxClose is called at most once per handle: whoever moves the object to
 *   the closed state takes the raw value out under the object's lock.
 * - A closed object never hands its raw value to the API again. */
#ifndef WINFAX_FAX_HANDLE_H
#define WINFAX_FAX_HANDLE_H

#include <Python.h>

#include "winfax_abi.h"

extern PyType_Spec winfax_handle_spec;
extern PyType_Spec winfax_port_spec;

/* A new FaxHandle of `type` owning `handle`.  It takes ownership even when
 * it fails: the handle is closed before NULL is returned. */
PyObject *winfax_handle_wrap(PyTypeObject *type, HANDLE handle);

/* A new FaxPortHandle owning `port`, opened with `server`, whose use (one
 * winfax_handle_acquire) it takes over; on failure both are given back. */
PyObject *winfax_port_wrap(PyTypeObject *type, PyObject *server, HANDLE port);

/* The raw handle for one API call, or NULL with ValueError set if the
 * object is closed.  Every successful acquire needs one release. */
HANDLE winfax_handle_acquire(PyObject *self);
void winfax_handle_release(PyObject *self);

/* Sets the ValueError of every use of a closed handle (`self`, a FaxHandle
 * or FaxPortHandle), whose advice fits what it is: a server handle, a port,
 * or one opened before fork(). */
void winfax_handle_set_closed_error(PyObject *self);

/* Called in the child after fork(): every handle opened before it becomes
 * unusable there, and is never closed by the child. */
void winfax_handle_after_fork_child(void);

/* Something that belongs to an open server handle and must hear when the
 * handle closes: the event queue of FaxHandle.events(), whose waiting
 * thread blocks in the platform's completion port wait, where no close()
 * can reach it otherwise.  The handle holds one reference from attaching
 * until it closes (or is deallocated), then calls closing() once and
 * release() once.  Its functions run without the handle's lock, except
 * retain(), which runs under it and so must only count; none may call back
 * into the handle or need the GIL. */
typedef struct winfax_handle_hook winfax_handle_hook;
struct winfax_handle_hook {
    void (*retain)(winfax_handle_hook *hook);
    void (*release)(winfax_handle_hook *hook);
    /* The handle stopped being usable (close(), detach(), dealloc), maybe
     * while another thread is inside a call with it: wake that thread. */
    void (*closing)(winfax_handle_hook *hook);
};

/* The hook of an open server handle, with one more reference for the
 * caller, in *out; if it has none, `fresh` (when not NULL) becomes its
 * hook, taking over one reference the caller holds, and *out is `fresh`;
 * otherwise *out is NULL.  Returns 0, or -1 with ValueError if the handle
 * is closed.  One hook per handle: that is what makes the event queue one
 * per handle. */
int winfax_handle_hook_get(PyObject *self, winfax_handle_hook *fresh,
                           winfax_handle_hook **out);

/* Undo a hook that turned out useless (its setup failed): if it is still
 * the handle's, the handle forgets it and releases its reference. */
void winfax_handle_hook_drop(PyObject *self, winfax_handle_hook *hook);

#endif /* WINFAX_FAX_HANDLE_H */
