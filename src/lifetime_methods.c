/* The context manager and pickling methods shared by the types that hold
 * something open (lifetime_methods.h). */
#include "lifetime_methods.h"

PyObject *winfax_enter_returns_self(PyObject *self, PyObject *Py_UNUSED(unused))
{
    return Py_NewRef(self);
}

int winfax_exit_check_args(Py_ssize_t nargs)
{
    if (nargs == 3)
        return 0;
    PyErr_Format(PyExc_TypeError,
                 "__exit__ takes 3 arguments (exc_type, exc, traceback), got %zd; "
                 "use the object in a with block, or call close()",
                 nargs);
    return -1;
}

PyObject *winfax_exit_closes(PyObject *self, PyObject *const *Py_UNUSED(args),
                             Py_ssize_t nargs)
{
    PyObject *result;

    if (winfax_exit_check_args(nargs) < 0)
        return NULL;
    /* Through the method table, so every type's own close() runs (none of
     * these types can be subclassed, so it is always ours). */
    result = PyObject_CallMethod(self, "close", NULL);
    if (result == NULL)
        return NULL;
    Py_DECREF(result);
    Py_RETURN_FALSE;
}

PyObject *winfax_reduce_refused(PyObject *self, PyObject *Py_UNUSED(unused))
{
    /* The limited API has no tp_name; every type here lives in winfax. */
    PyObject *name = PyType_GetName(Py_TYPE(self));

    if (name == NULL)
        return NULL;
    PyErr_Format(PyExc_TypeError,
                 "cannot pickle 'winfax.%U' object: it holds a handle that is "
                 "only valid in the process that opened it; pickle what you "
                 "need to open it again (winfax.connect() and so on) and open "
                 "it in the other process",
                 name);
    Py_DECREF(name);
    return NULL;
}
