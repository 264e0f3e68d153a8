/* winfax._testhooks: failure injection for winfax's own tests, kept out of
 * winfax._winfax (the module users import), as CPython keeps its test
 * hooks in _testcapi.  It reaches _winfax's internals only through the
 * capsule _winfax exposes for it (src/test_hooks.h), and acts on the
 * _winfax of the interpreter it runs in.  Nothing in winfax imports it. */
#include <Python.h>

#include <limits.h>

#include "isolated_module_slots.h"
#include "test_hooks.h"

/* The hooks of this interpreter's winfax._winfax, and that module (a new
 * reference in *module), or NULL with an exception set. */
static const winfax_test_hooks *winfax_hooks(PyObject **module)
{
    PyObject *capsule;
    const winfax_test_hooks *hooks;

    *module = PyImport_ImportModule("winfax._winfax");
    if (*module == NULL)
        return NULL;
    capsule = PyObject_GetAttrString(*module, WINFAX_TEST_HOOKS_ATTRIBUTE);
    if (capsule == NULL) {
        Py_CLEAR(*module);
        return NULL;
    }
    hooks = (const winfax_test_hooks *)PyCapsule_GetPointer(capsule,
                                                           WINFAX_TEST_HOOKS_CAPSULE);
    Py_DECREF(capsule);
    if (hooks != NULL && hooks->size != sizeof(winfax_test_hooks)) {
        PyErr_SetString(PyExc_ImportError,
                        "winfax._testhooks and winfax._winfax come from different "
                        "builds; reinstall winfax");
        hooks = NULL;
    }
    if (hooks == NULL)
        Py_CLEAR(*module);
    return hooks;
}

PyDoc_STRVAR(fail_records_after_doc,
"fail_records_after(n, /)\n--\n\n"
"Make the n-th record allocation from now (1: the next) of winfax._winfax\n"
"in this interpreter raise MemoryError, from whichever thread makes it;\n"
"0 turns the hook off.  For testing that every conversion frees what it\n"
"took when it fails halfway.");

static PyObject *fail_records_after(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    PyObject *module;
    const winfax_test_hooks *hooks;
    int rc;

    (void)self;
    if (n == -1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "n must be at most %ld", LONG_MAX);
        }
        return NULL;
    }
    hooks = winfax_hooks(&module);
    if (hooks == NULL)
        return NULL;
    rc = hooks->fail_records_after(module, n);
    Py_DECREF(module);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef testhooks_methods[] = {
    {"fail_records_after", fail_records_after, METH_O, fail_records_after_doc},
    {NULL, NULL, 0, NULL},
};

/* No state and no statics: every call looks _winfax up again, so each
 * interpreter reaches its own, and free-threaded builds need no lock. */
static PyModuleDef_Slot testhooks_slots[] = {
    WINFAX_ISOLATED_MODULE_SLOTS
    {0, NULL},
};

PyDoc_STRVAR(testhooks_doc,
"Failure injection for winfax's tests; not part of winfax's API.");

static struct PyModuleDef testhooks_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "winfax._testhooks",
    .m_doc = testhooks_doc,
    .m_size = 0,
    .m_methods = testhooks_methods,
    .m_slots = testhooks_slots,
};

PyMODINIT_FUNC PyInit__testhooks(void)
{
    return PyModuleDef_Init(&testhooks_module);
}
