/* The C API that winfax._winfax offers its test module, winfax._testhooks
 * (src/testhooks/), and nothing else: failure injection has no place among
 * the names users import, so _winfax keeps only a capsule, under a private
 * name, and the functions that use it live in the test module (as CPython
 * keeps its own test hooks in _testcapi).
 *
 * The capsule is an attribute of each _winfax module object, one per
 * interpreter; its functions act on the module state of the module they
 * are given, so a hook set in one interpreter never reaches another. */
#ifndef WINFAX_TEST_HOOKS_H
#define WINFAX_TEST_HOOKS_H

#include <Python.h>

#define WINFAX_TEST_HOOKS_ATTRIBUTE "_test_hooks"
#define WINFAX_TEST_HOOKS_CAPSULE "winfax._winfax._test_hooks"

typedef struct {
    /* sizeof(winfax_test_hooks) as _winfax was built: both modules come
     * from one build, and a mismatch means they did not. */
    size_t size;
    /* Make the n-th record allocation from now in `winfax_module` (the
     * _winfax module the capsule came from) fail with MemoryError; 0 turns
     * the hook off.  0, or -1 with an exception set. */
    int (*fail_records_after)(PyObject *winfax_module, long n);
} winfax_test_hooks;

/* _winfax: add the capsule to `module`.  0, or -1 with an exception set. */
int winfax_test_hooks_add(PyObject *module);

#endif /* WINFAX_TEST_HOOKS_H */
