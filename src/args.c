#include "args.h"

int winfax_type_error(const char *what, const char *expected, PyObject *got)
{
    PyObject *type_name = PyType_GetName(Py_TYPE(got));
    if (type_name != NULL) {
        PyErr_Format(PyExc_TypeError, "%s must be %s, not %U", what, expected,
                     type_name);
        Py_DECREF(type_name);
    }
    return -1;
}

int winfax_arg_dword(PyObject *obj, const char *what, DWORD *out)
{
    unsigned long long value;

    /* bool is an int subclass, but True as a rights mask is a mistake. */
    if (!PyLong_Check(obj) || PyBool_Check(obj)) {
        (void)winfax_type_error(what, "an int", obj);
        return -1;
    }
    value = PyLong_AsUnsignedLongLong(obj);
    if (value == (unsigned long long)-1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError))
            return -1;
        PyErr_Clear();
        value = 0xFFFFFFFFFFFFFFFFull;  /* negative or huge: report below */
    }
    if (value > 0xFFFFFFFFull) {
        PyErr_Format(PyExc_ValueError,
                     "%s must be between 0 and 0xFFFFFFFF (a 32-bit DWORD), "
                     "got %R", what, obj);
        return -1;
    }
    *out = (DWORD)value;
    return 0;
}
