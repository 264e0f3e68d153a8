/* winfax._winfax: the Fax Service client API (WinFax.dll), called directly.
 *
 * On Windows this links against WinFax.lib; elsewhere against libfaxsim,
 * which exports the same functions.  Nothing in this file knows which. */
#include <Python.h>

#include "access_denied.h"
#include "call.h"
#include "event_hub.h"
#include "fax_handle.h"
#include "isolated_module_slots.h"
#include "job_errors.h"
#include "module_functions.h"
#include "module_state.h"
#include "print_job.h"
#include "records.h"
#include "server_events.h"
#include "test_hooks.h"
#include "utf16.h"
#include "win32_error.h"
#include "winfax_abi.h"
#include "winfax_dll.h"

#ifndef WINFAX_BACKEND
#error "setup.py defines WINFAX_BACKEND as the name of the linked backend"
#endif

winfax_state *winfax_state_of_module(PyObject *module)
{
    return (winfax_state *)PyModule_GetState(module);
}

winfax_state *winfax_state_of_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModule(type);
    return module ? winfax_state_of_module(module) : NULL;
}

/* ---- connect ----------------------------------------------------------- */

/* The machine name as the API wants it: NULL for the local server.  The
 * client API cannot reach another machine, so a name is refused here with
 * a message instead of as ERROR_INVALID_PARAMETER from the service.
 * Returns 0, or -1 with an exception set. */
static int check_machine_name(PyObject *name)
{
    WCHAR *wide;
    int is_empty;

    if (name == Py_None)
        return 0;
    /* Converting first reports a non-str or an embedded NUL as such. */
    wide = winfax_str_to_utf16(name, "machine_name");
    if (wide == NULL)
        return -1;
    is_empty = wide[0] == 0;
    PyMem_Free(wide);
    if (!is_empty) {
        PyErr_Format(PyExc_ValueError,
                     "machine_name=%R: the fax client API connects only to "
                     "the local fax server; pass None or '' (use the fax "
                     "COM API, IFaxServer.Connect, for a remote server)",
                     name);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(connect_doc,
"connect(machine_name=None)\n--\n\n"
"Connect to the local fax server (FaxConnectFaxServerW) and return a\n"
"FaxHandle.\n\n"
"machine_name must be None or '' (the API reaches only the local server).\n"
"Raises PermissionError when the user has no rights on the fax server and\n"
"OSError (with winerror) for other failures.");

static PyObject *winfax_connect(PyObject *module, PyObject *const *args,
                                Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *name = Py_None;
    Py_ssize_t nkw = kwnames ? PyTuple_Size(kwnames) : 0;
    HANDLE handle = NULL;
    DWORD error;
    BOOL ok;

    if (nargs + nkw > 1) {
        PyErr_Format(PyExc_TypeError,
                     "connect() takes at most 1 argument (%zd given)",
                     nargs + nkw);
        return NULL;
    }
    if (nargs == 1) {
        name = args[0];
    }
    else if (nkw == 1) {
        PyObject *key = PyTuple_GetItem(kwnames, 0);
        if (key == NULL)
            return NULL;
        if (PyUnicode_CompareWithASCIIString(key, "machine_name") != 0) {
            PyErr_Format(PyExc_TypeError,
                         "connect() got an unexpected keyword argument %R; "
                         "the only one is machine_name", key);
            return NULL;
        }
        name = args[0];
    }
    if (check_machine_name(name) < 0)
        return NULL;
    if (winfax_dll_ensure(winfax_state_of_module(module)->not_installed_error) < 0)
        return NULL;

    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxConnectFaxServerW(NULL, &handle));
    if (!ok)
        return winfax_raise_call_error("FaxConnectFaxServerW", error);
    /* The service promises a non-NULL handle on success; a NULL one would
     * read as "closed" everywhere, so it is reported rather than wrapped. */
    if (handle == NULL)
        return winfax_raise_winerror(ERROR_INVALID_HANDLE);
    return winfax_handle_wrap(winfax_state_of_module(module)->handle_type, handle);
}

static PyObject *winfax_after_fork_child(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    winfax_handle_after_fork_child();
    event_hub_after_fork_child();
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"connect", (PyCFunction)(void (*)(void))winfax_connect,
     METH_FASTCALL | METH_KEYWORDS, connect_doc},
    WINFAX_MODULE_FUNCTIONS
    {"_after_fork_child", winfax_after_fork_child, METH_NOARGS,
     "Registered with os.register_at_fork by winfax: handles opened before "
     "a fork become unusable (and are not closed) in the child."},
    {NULL, NULL, 0, NULL},
};

/* ---- module ------------------------------------------------------------ */

/* The datetime objects the conversions call (the limited API has no
 * datetime C API). */
static int init_datetime(winfax_state *state)
{
    PyObject *datetime = PyImport_ImportModule("datetime");
    PyObject *timezone = NULL;
    int rc = -1;

    if (datetime == NULL)
        return -1;
    if ((state->datetime_type = PyObject_GetAttrString(datetime, "datetime")) == NULL ||
        (state->time_type = PyObject_GetAttrString(datetime, "time")) == NULL ||
        (state->timedelta_type = PyObject_GetAttrString(datetime, "timedelta")) == NULL ||
        (timezone = PyObject_GetAttrString(datetime, "timezone")) == NULL ||
        (state->utc = PyObject_GetAttrString(timezone, "utc")) == NULL)
        goto done;
    state->filetime_epoch = PyObject_CallFunction(state->datetime_type, "iiiiiiiO",
                                                  1601, 1, 1, 0, 0, 0, 0, state->utc);
    if (state->filetime_epoch == NULL)
        goto done;
    state->invalid_time_warning = PyErr_NewExceptionWithDoc(
        "winfax.InvalidTimeWarning",
        "A time field the fax service filled with a value no datetime can\n"
        "hold (month 13, day 0, a FILETIME past 9999): the field reads as\n"
        "None and the warning's message gives the raw value.",
        PyExc_RuntimeWarning, NULL);
    if (state->invalid_time_warning != NULL)
        rc = 0;
done:
    Py_XDECREF(timezone);
    Py_DECREF(datetime);
    return rc;
}

/* The enum classes of winfax._enums, which records hand out.  Importing a
 * sibling of the package being imported is safe: _enums imports nothing
 * from the package. */
static int init_enums(winfax_state *state)
{
    static const char *const names[N_ENUMS] = {
#define WINFAX_ENUM_NAME(id, name) name,
        WINFAX_ENUMS(WINFAX_ENUM_NAME)
#undef WINFAX_ENUM_NAME
    };
    PyObject *enums = PyImport_ImportModule("winfax._enums");

    if (enums == NULL)
        return -1;
    for (int i = 0; i < N_ENUMS; i++) {
        state->enum_types[i] = PyObject_GetAttrString(enums, names[i]);
        state->enum_cache[i] = PyDict_New();
        if (state->enum_types[i] == NULL || state->enum_cache[i] == NULL) {
            Py_DECREF(enums);
            return -1;
        }
    }
    Py_DECREF(enums);
    return 0;
}

static int add_type(PyObject *module, PyType_Spec *spec, PyTypeObject **slot,
                    const char *name)
{
    *slot = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, NULL);
    if (*slot == NULL)
        return -1;
    return PyModule_AddObjectRef(module, name, (PyObject *)*slot);
}

static int module_exec(PyObject *module)
{
    winfax_state *state = winfax_state_of_module(module);
    PyObject *limited_api;
    int rc;

    if (add_type(module, &winfax_handle_spec, &state->handle_type, "FaxHandle") < 0 ||
        add_type(module, &winfax_port_spec, &state->port_type, "FaxPortHandle") < 0 ||
        add_type(module, &winfax_event_iterator_spec, &state->event_iterator_type,
                 "EventIterator") < 0 ||
        init_datetime(state) < 0 || init_enums(state) < 0 ||
        winfax_records_init(module, state) < 0 ||
        winfax_dll_add_error(module, &state->not_installed_error) < 0 ||
        PyModule_AddObjectRef(module, "InvalidTimeWarning",
                              state->invalid_time_warning) < 0)
        return -1;
    if (add_type(module, &winfax_print_job_spec, &state->print_job_type, "PrintJob") < 0)
        return -1;
    if (winfax_job_errors_add(module, &state->job_not_in_queue_error) < 0)
        return -1;
    /* For winfax._testhooks only: an inert capsule, no callable. */
    if (winfax_test_hooks_add(module) < 0)
        return -1;
    if (PyModule_AddStringConstant(module, "BACKEND", WINFAX_BACKEND) < 0)
        return -1;
    /* How this binary was built, for the tests and for bug reports: the
     * limited API version it targets (an abi3 build), or None (the full
     * API).  That decides what the module can declare about
     * sub-interpreters (module_slots below). */
#ifdef Py_LIMITED_API
    limited_api = PyLong_FromLong(Py_LIMITED_API);
#else
    limited_api = Py_NewRef(Py_None);
#endif
    if (limited_api == NULL)
        return -1;
    rc = PyModule_AddObjectRef(module, "_limited_api", limited_api);
    Py_DECREF(limited_api);
    return rc;
}

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    winfax_state *state = winfax_state_of_module(module);
    Py_VISIT(state->handle_type);
    Py_VISIT(state->port_type);
    Py_VISIT(state->event_iterator_type);
    for (int i = 0; i < N_RECORDS; i++)
        Py_VISIT(state->record_types[i]);
    for (int i = 0; i < N_ENUMS; i++) {
        Py_VISIT(state->enum_types[i]);
        Py_VISIT(state->enum_cache[i]);
    }
    Py_VISIT(state->datetime_type);
    Py_VISIT(state->time_type);
    Py_VISIT(state->timedelta_type);
    Py_VISIT(state->utc);
    Py_VISIT(state->filetime_epoch);
    Py_VISIT(state->not_installed_error);
    Py_VISIT(state->invalid_time_warning);
    Py_VISIT(state->print_job_type);
    Py_VISIT(state->job_not_in_queue_error);
    return 0;
}

static int module_clear(PyObject *module)
{
    winfax_state *state = winfax_state_of_module(module);
    Py_CLEAR(state->handle_type);
    Py_CLEAR(state->port_type);
    Py_CLEAR(state->event_iterator_type);
    for (int i = 0; i < N_RECORDS; i++)
        Py_CLEAR(state->record_types[i]);
    for (int i = 0; i < N_ENUMS; i++) {
        Py_CLEAR(state->enum_types[i]);
        Py_CLEAR(state->enum_cache[i]);
    }
    Py_CLEAR(state->datetime_type);
    Py_CLEAR(state->time_type);
    Py_CLEAR(state->timedelta_type);
    Py_CLEAR(state->utc);
    Py_CLEAR(state->filetime_epoch);
    Py_CLEAR(state->not_installed_error);
    Py_CLEAR(state->invalid_time_warning);
    Py_CLEAR(state->print_job_type);
    Py_CLEAR(state->job_not_in_queue_error);
    return 0;
}

static void module_free(void *module)
{
    (void)module_clear((PyObject *)module);
}

/* Sub-interpreters.  The module is isolated: everything it keeps is in its
 * module state (one per interpreter) and its types are heap types made from
 * that state; the only statics are the thread-local conversion caches (one
 * call's worth, on the calling thread) and fork_generation (written only in
 * a child right after fork, when one thread runs).  The fax service itself
 * is the process's, as it would be for two processes.
 *
 * What the module may declare depends on the API it was built against:
 * - full API (free-threaded wheels, WINFAX_LIMITED_API=0): it declares
 *   Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, so sub-interpreters with their
 *   own GIL (3.12+, the "isolated" configuration) load it too;
 * - the abi3 wheel (limited API 3.11): Py_mod_multiple_interpreters exists
 *   in the limited API only from 3.12, so the slot cannot be declared and
 *   CPython's default for multi-phase modules applies: sub-interpreters
 *   that share the main GIL (3.11's only kind, 3.12+'s "legacy" one) load
 *   it, each with its own module state, while one with its own GIL refuses
 *   the import with ImportError.  Declaring the slot by its number in an
 *   abi3 build would make 3.11 reject the module (an unknown slot), and
 *   the abi3 wheel serves 3.11 too.
 *
 * Free-threaded builds: all shared state is behind the handle locks and
 * the service's own synchronisation; nothing relies on the GIL, so the
 * module says it does not use it (Py_mod_gil).  isolated_module_slots.h
 * holds the two entries, which winfax._testhooks declares too. */
static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    WINFAX_ISOLATED_MODULE_SLOTS
    {0, NULL},
};

PyDoc_STRVAR(module_doc,
"The Windows Fax Service client API (WinFax.dll).\n\n"
"Use the winfax package, which re-exports these names.\n\n"
"Sub-interpreters: each interpreter that imports this module gets its own\n"
"module state and types; the fax service is shared by the process.\n"
"Sub-interpreters that share the main GIL always load it.  Those with their\n"
"own GIL (3.12+, the 'isolated' configuration) load it only when it was\n"
"built against the full API (_limited_api is None: free-threaded wheels,\n"
"WINFAX_LIMITED_API=0); the abi3 build (_limited_api == 0x030B0000) cannot\n"
"declare that support, so there the import raises ImportError.");

static struct PyModuleDef winfax_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "winfax._winfax",
    .m_doc = module_doc,
    .m_size = sizeof(winfax_state),
    .m_methods = module_methods,
    .m_slots = module_slots,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC PyInit__winfax(void)
{
    return PyModuleDef_Init(&winfax_module);
}
