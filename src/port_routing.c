/* Inbound routing on one device: FaxPortHandle.routing_methods(),
 * enable_routing_method(), routing_info(), set_routing_info():
 * FaxEnumRoutingMethodsW, FaxEnableRoutingMethodW, FaxGet/SetRoutingInfoW. */
#include "access_denied.h"
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "fetch.h"
#include "port_methods.h"
#include "utf16.h"
#include "win32_error.h"

static PyObject *method_item(winfax_state *st, const void *item)
{
    return winfax_from_routing_method(st, item);
}

const char winfax_port_routing_methods_doc[] =
    "routing_methods()\n--\n\n"
    "The device's inbound routing methods, as a list of RoutingMethod\n"
    "(FaxEnumRoutingMethodsW).";

static BOOL enum_methods(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_ROUTING_METHODW methods = NULL;
    BOOL ok = FaxEnumRoutingMethodsW(h, &methods, count);
    (void)arg;
    *buffer = methods;
    return ok;
}

PyObject *winfax_port_routing_methods(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_list(self, "FaxEnumRoutingMethodsW", enum_methods, NULL, sizeof(FAX_ROUTING_METHODW),
                             method_item);
}

const char winfax_port_enable_routing_method_doc[] =
    "enable_routing_method(guid, enabled)\n--\n\n"
    "Turn a routing method on or off for this device\n"
    "(FaxEnableRoutingMethodW); guid is the method's GUID string.";

/* The arguments of the routing calls that take a GUID string. */
struct routing_args {
    WCHAR *guid;
    const BYTE *data;
    DWORD size;
    BOOL enabled;
};

static BOOL enable_method(HANDLE h, void *arg)
{
    struct routing_args *a = arg;
    return FaxEnableRoutingMethodW(h, a->guid, a->enabled);
}

static BOOL set_routing(HANDLE h, void *arg)
{
    struct routing_args *a = arg;
    return FaxSetRoutingInfoW(h, a->guid, a->data, a->size);
}

PyObject *winfax_port_enable_routing_method(PyObject *self, PyObject *args,
                                            PyObject *kwargs)
{
    static char *keywords[] = {"guid", "enabled", NULL};
    PyObject *guid_obj, *result;
    int enabled;
    struct routing_args call_args = {NULL, NULL, 0, FALSE};

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "Op:enable_routing_method",
                                     keywords, &guid_obj, &enabled) ||
        (call_args.guid = winfax_str_to_utf16(guid_obj, "guid")) == NULL)
        return NULL;
    call_args.enabled = enabled ? TRUE : FALSE;
    result = winfax_call_on_handle_none(self, "FaxEnableRoutingMethodW",
                                        enable_method, &call_args);
    PyMem_Free(call_args.guid);
    return result;
}

const char winfax_port_routing_info_doc[] =
    "routing_info(guid)\n--\n\n"
    "The routing method's configuration data for this device, as bytes\n"
    "(FaxGetRoutingInfoW).";

PyObject *winfax_port_routing_info(PyObject *self, PyObject *guid_obj)
{
    LPBYTE data = NULL;
    DWORD size = 0, error;
    WCHAR *guid;
    BOOL ok;
    HANDLE h;
    PyObject *result;

    if ((guid = winfax_str_to_utf16(guid_obj, "guid")) == NULL)
        return NULL;
    if ((h = winfax_handle_acquire(self)) == NULL) {
        PyMem_Free(guid);
        return NULL;
    }
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxGetRoutingInfoW(h, guid, &data, &size));
    winfax_handle_release(self);
    PyMem_Free(guid);
    if (!ok)
        return winfax_raise_call_error("FaxGetRoutingInfoW", error);
    result = PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)size);
    FaxFreeBuffer(data);
    return result;
}

const char winfax_port_set_routing_info_doc[] =
    "set_routing_info(guid, data)\n--\n\n"
    "Replace the routing method's configuration data for this device\n"
    "(FaxSetRoutingInfoW); data is bytes (or any buffer).";

PyObject *winfax_port_set_routing_info(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"guid", "data", NULL};
    PyObject *guid_obj, *data_obj, *bytes = NULL, *result = NULL;
    WCHAR *guid = NULL;
    char *data;
    Py_ssize_t size;
    struct routing_args call_args = {NULL, NULL, 0, FALSE};

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:set_routing_info", keywords,
                                     &guid_obj, &data_obj))
        return NULL;
    if ((guid = winfax_str_to_utf16(guid_obj, "guid")) == NULL)
        return NULL;
    /* A private copy: the caller's buffer could change while the GIL is
     * released. */
    if (PyUnicode_Check(data_obj)) {
        PyErr_SetString(PyExc_TypeError, "data must be bytes, not str; encode it first");
        goto done;
    }
    if ((bytes = PyBytes_FromObject(data_obj)) == NULL ||
        PyBytes_AsStringAndSize(bytes, &data, &size) < 0)
        goto done;
    if ((size_t)size > 0xFFFFFFFFu) {
        PyErr_SetString(PyExc_ValueError, "data must be smaller than 4 GiB");
        goto done;
    }
    call_args.guid = guid;
    call_args.data = (const BYTE *)data;
    call_args.size = (DWORD)size;
    result = winfax_call_on_handle_none(self, "FaxSetRoutingInfoW",
                                        set_routing, &call_args);
done:
    Py_XDECREF(bytes);
    PyMem_Free(guid);
    return result;
}
