/* Server-wide routing: FaxHandle.global_routing_info(),
 * set_global_routing_info(), register_routing_extension():
 * FaxEnumGlobalRoutingInfoW, FaxSetGlobalRoutingInfoW,
 * FaxRegisterRoutingExtensionW. */
#include <string.h>

#include "access_denied.h"
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "fetch.h"
#include "server_methods.h"
#include "utf16.h"
#include "win32_error.h"

static PyObject *global_item(winfax_state *st, const void *item)
{
    return winfax_from_global_routing(st, item);
}

const char winfax_server_global_routing_info_doc[] =
    "global_routing_info()\n--\n\n"
    "Every routing method with its server-wide priority, as a list of\n"
    "GlobalRoutingInfo (FaxEnumGlobalRoutingInfoW).";

static BOOL enum_global(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_GLOBAL_ROUTING_INFOW info = NULL;
    BOOL ok = FaxEnumGlobalRoutingInfoW(h, &info, count);
    (void)arg;
    *buffer = info;
    return ok;
}

PyObject *winfax_server_global_routing_info(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_list(self, "FaxEnumGlobalRoutingInfoW", enum_global, NULL, sizeof(FAX_GLOBAL_ROUTING_INFOW),
                             global_item);
}

const char winfax_server_set_global_routing_info_doc[] =
    "set_global_routing_info(info)\n--\n\n"
    "Change a routing method's priority (FaxSetGlobalRoutingInfoW); info is\n"
    "a GlobalRoutingInfo naming the method by guid.";

static BOOL set_global(HANDLE h, void *info)
{
    return FaxSetGlobalRoutingInfoW(h, info);
}

PyObject *winfax_server_set_global_routing_info(PyObject *self, PyObject *record)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    FAX_GLOBAL_ROUTING_INFOW info;
    PyObject *result = NULL;

    if (st == NULL)
        return NULL;
    if (winfax_to_global_routing(st, record, &arena, &info) == 0)
        result = winfax_call_on_handle_none(self, "FaxSetGlobalRoutingInfoW",
                                            set_global, &info);
    winfax_arena_free(&arena);
    return result;
}

/* ---- routing extension registration ------------------------------------ */

/* The installation callback's page (learn.microsoft.com/en-us/windows/
 * win32/api/winfax/nc-winfax-pfax_routing_installation_callbackw) says
 * each string "must not exceed 100 characters" without saying whether the
 * terminating NUL counts, and gives no buffer size.  100 WCHARs is the only
 * size it supports, so we write at most that, NUL included: a string is at
 * most 99 characters.  Writing 100 and a NUL could overrun the service's
 * buffer. */
#define METHOD_BUFFER_WCHARS 100
#define METHOD_STRING_LIMIT (METHOD_BUFFER_WCHARS - 1)
#define METHOD_STRINGS 4
#define MAX_METHODS 4096

/* The methods, converted before the service is called: the service writes
 * the extension even when its installation callback stops early (FALSE
 * only means "no more methods"), so a bad method found inside the callback
 * would leave a half-registered extension behind.  The callback therefore
 * only hands out what was checked here. */
typedef struct {
    PyObject *methods;
    WCHAR (*strings)[METHOD_STRINGS][METHOD_BUFFER_WCHARS];
    Py_ssize_t count;
    Py_ssize_t next;
} installation;

static const char *const method_fields[METHOD_STRINGS] = {
    "method name", "friendly name", "function name", "guid"};

/* Every method tuple, converted.  0 or -1. */
static int collect_methods(installation *inst)
{
    PyObject *list = PySequence_List(inst->methods);
    Py_ssize_t n;
    int rc = -1;

    if (list == NULL)
        return -1;
    n = PyList_Size(list);
    if (n > MAX_METHODS) {
        PyErr_Format(PyExc_ValueError, "at most %d routing methods, got %zd",
                     MAX_METHODS, n);
        goto done;
    }
    inst->strings = PyMem_Calloc(n ? (size_t)n : 1, sizeof *inst->strings);
    if (inst->strings == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GetItem(list, i);
        if (!PyTuple_Check(item) || PyTuple_Size(item) != METHOD_STRINGS) {
            PyErr_SetString(PyExc_TypeError,
                            "each routing method is a tuple (method_name, "
                            "friendly_name, function_name, guid) of str");
            goto done;
        }
        for (int k = 0; k < METHOD_STRINGS; k++) {
            WCHAR *w = winfax_str_to_utf16(PyTuple_GetItem(item, k), method_fields[k]);
            size_t len = 0;
            if (w == NULL)
                goto done;
            while (w[len])
                len++;
            if (len > METHOD_STRING_LIMIT) {
                PyMem_Free(w);
                PyErr_Format(PyExc_ValueError,
                             "a routing method's %s is at most %d characters "
                             "(the service's buffer holds %d with the "
                             "terminating null), got %zu",
                             method_fields[k], METHOD_STRING_LIMIT,
                             METHOD_BUFFER_WCHARS, len);
                goto done;
            }
            memcpy(inst->strings[i][k], w, (len + 1) * sizeof(WCHAR));
            PyMem_Free(w);
        }
    }
    inst->count = n;
    rc = 0;
done:
    Py_DECREF(list);
    return rc;
}

static BOOL CALLBACK installation_callback(HANDLE handle, LPVOID context,
                                           LPWSTR method_name, LPWSTR friendly_name,
                                           LPWSTR function_name, LPWSTR guid)
{
    installation *inst = context;
    LPWSTR out[METHOD_STRINGS] = {method_name, friendly_name, function_name, guid};
    (void)handle;

    if (inst->next >= inst->count)
        return FALSE;
    /* Copy only the string and its NUL, never more than the
     * METHOD_BUFFER_WCHARS the service's buffers are known to hold. */
    for (int k = 0; k < METHOD_STRINGS; k++) {
        const WCHAR *src = inst->strings[inst->next][k];
        size_t len = 0;
        while (src[len])
            len++;
        memcpy(out[k], src, (len + 1) * sizeof(WCHAR));
    }
    inst->next++;
    return TRUE;
}

const char winfax_server_register_routing_extension_doc[] =
    "register_routing_extension(extension_name, friendly_name, image_name, methods)\n"
    "--\n\n"
    "Register a routing extension DLL and its methods\n"
    "(FaxRegisterRoutingExtensionW).  methods is an iterable of\n"
    "(method_name, friendly_name, function_name, guid) tuples, each string at\n"
    "most 99 characters (the service's buffers hold 100 with the terminating\n"
    "null).  It is read and checked before the service is\n"
    "called (the service would keep a half-registered extension otherwise),\n"
    "so an exception from it propagates with nothing registered; the\n"
    "service's installation callback then hands the methods over.";

PyObject *winfax_server_register_routing_extension(PyObject *self, PyObject *args,
                                                   PyObject *kwargs)
{
    static char *keywords[] = {"extension_name", "friendly_name", "image_name",
                               "methods", NULL};
    PyObject *names[3];
    WCHAR *wide[3] = {NULL, NULL, NULL};
    static const char *const what[3] = {"extension_name", "friendly_name", "image_name"};
    installation inst = {0};
    PyObject *result = NULL;
    DWORD error;
    BOOL ok;
    HANDLE h;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO:register_routing_extension",
                                     keywords, &names[0], &names[1], &names[2],
                                     &inst.methods))
        return NULL;
    if (PyUnicode_Check(inst.methods)) {
        PyErr_SetString(PyExc_TypeError, "methods must be an iterable of tuples, not a str");
        return NULL;
    }
    for (int i = 0; i < 3; i++)
        if ((wide[i] = winfax_str_to_utf16(names[i], what[i])) == NULL)
            goto done;
    if (collect_methods(&inst) < 0 || (h = winfax_handle_acquire(self)) == NULL)
        goto done;
    WINFAX_CALL_WITHOUT_GIL(ok, error,
                            FaxRegisterRoutingExtensionW(h, wide[0], wide[1], wide[2],
                                                         installation_callback, &inst));
    winfax_handle_release(self);
    result = ok ? Py_NewRef(Py_None) : winfax_raise_call_error("FaxRegisterRoutingExtensionW", error);
done:
    for (int i = 0; i < 3; i++)
        PyMem_Free(wide[i]);
    PyMem_Free(inst.strings);
    return result;
}
