/* The capsule winfax._testhooks reaches _winfax's internals through
 * (test_hooks.h). */
#include "test_hooks.h"

#include "module_state.h"
#include "records.h"

static int fail_records_after(PyObject *winfax_module, long n)
{
    winfax_state *state = (winfax_state *)PyModule_GetState(winfax_module);

    if (state == NULL)
        return -1;
    if (n < 0) {
        PyErr_Format(PyExc_ValueError,
                     "n must be 0 (off) or the number of the record allocation "
                     "to fail (1: the next one), not %ld", n);
        return -1;
    }
    winfax_records_fail_after(state, n);
    return 0;
}

static const winfax_test_hooks hooks = {
    .size = sizeof(winfax_test_hooks),
    .fail_records_after = fail_records_after,
};

int winfax_test_hooks_add(PyObject *module)
{
    /* The table is constant and shared; the capsule that carries it is the
     * module's own, so it goes away with the module. */
    PyObject *capsule = PyCapsule_New((void *)&hooks, WINFAX_TEST_HOOKS_CAPSULE, NULL);
    int rc;

    if (capsule == NULL)
        return -1;
    rc = PyModule_AddObjectRef(module, WINFAX_TEST_HOOKS_ATTRIBUTE, capsule);
    Py_DECREF(capsule);
    return rc;
}
