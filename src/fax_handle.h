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

/* Called in the child after fork(): every handle opened before it becomes
 * unusable there, and is never closed by the child. */
void winfax_handle_after_fork_child(void);

#endif /* WINFAX_FAX_HANDLE_H */
