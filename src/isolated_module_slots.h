/* What winfax's extension modules (_winfax and its test module _testhooks)
 * declare about sub-interpreters and the GIL: the same for both, so the
 * test module loads wherever _winfax does.  The reasoning is _winfax.c's,
 * beside its module_slots. */
#ifndef WINFAX_ISOLATED_MODULE_SLOTS_H
#define WINFAX_ISOLATED_MODULE_SLOTS_H

#include <Python.h>

/* Entries of a PyModuleDef_Slot table (each with its comma), or none where
 * the API built against lacks the slot. */
#ifdef Py_mod_multiple_interpreters
#define WINFAX_SLOT_MULTIPLE_INTERPRETERS \
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#else
#define WINFAX_SLOT_MULTIPLE_INTERPRETERS
#endif

#ifdef Py_mod_gil
#define WINFAX_SLOT_GIL {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#else
#define WINFAX_SLOT_GIL
#endif

#define WINFAX_ISOLATED_MODULE_SLOTS \
    WINFAX_SLOT_MULTIPLE_INTERPRETERS \
    WINFAX_SLOT_GIL

#endif /* WINFAX_ISOLATED_MODULE_SLOTS_H */
