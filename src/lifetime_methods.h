/* __enter__, __exit__ and __reduce__ of the objects that stand for
 * something only this process holds open (FaxHandle, FaxPortHandle,
 * EventIterator, PrintJob): written once, shared through method tables. */
#ifndef WINFAX_LIFETIME_METHODS_H
#define WINFAX_LIFETIME_METHODS_H

#include <Python.h>

/* __enter__(): the object itself. */
PyObject *winfax_enter_returns_self(PyObject *self, PyObject *unused);

/* __exit__(exc_type, exc, traceback): self.close(), then False, so that an
 * exception raised in the with block carries on. */
PyObject *winfax_exit_closes(PyObject *self, PyObject *const *args, Py_ssize_t nargs);

/* 0 if __exit__ got its three arguments, else -1 with TypeError. */
int winfax_exit_check_args(Py_ssize_t nargs);

/* __reduce__(): TypeError naming the type.  What the object holds (a
 * handle of the fax service, a device context) means nothing in another
 * process, so it is never pickled. */
PyObject *winfax_reduce_refused(PyObject *self, PyObject *unused);

/* The method table entries of a type whose with block ends in close(). */
#define WINFAX_LIFETIME_METHODS \
    {"__enter__", winfax_enter_returns_self, METH_NOARGS, NULL}, \
    {"__exit__", (PyCFunction)(void (*)(void))winfax_exit_closes, METH_FASTCALL, NULL}, \
    {"__reduce__", winfax_reduce_refused, METH_NOARGS, NULL},

#endif /* WINFAX_LIFETIME_METHODS_H */
