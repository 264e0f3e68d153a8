/* WinFax.dll, loaded when first needed.
 *
 * On Windows _winfax delay-loads WinFax.dll, so the module imports on a
 * machine without the fax client; the first call that needs the library
 * loads it from System32 (and only from there).  Elsewhere the simulator is
 * linked in and everything here succeeds at once. */
#ifndef WINFAX_DLL_H
#define WINFAX_DLL_H

#include <Python.h>

/* Creates winfax.FaxClientNotInstalledError (an OSError subclass), adds it
 * to `module` and stores a new reference in *slot.  0, or -1 with an
 * exception set. */
int winfax_dll_add_error(PyObject *module, PyObject **slot);

/* Called before any fax API call that does not go through a handle (a
 * handle exists only once the library has loaded): makes sure WinFax.dll
 * is loaded and every function _winfax imports from it is bound.  Returns
 * 0, or -1 with FaxClientNotInstalledError set, whose message says what to
 * install.  `error_type` is that exception class (from the module state).
 * A failure is not remembered: installing the fax client fixes the next
 * call without restarting Python. */
int winfax_dll_ensure(PyObject *error_type);

#endif /* WINFAX_DLL_H */
