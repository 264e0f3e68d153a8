/* FaxHandle.ports() and FaxHandle.open_port(): FaxEnumPortsW, FaxOpenPort. */
#include "access_denied.h"
#include "args.h"
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "fetch.h"
#include "server_methods.h"
#include "win32_error.h"

static PyObject *port_item(winfax_state *st, const void *item)
{
    return winfax_from_port_info(st, item);
}

const char winfax_server_ports_doc[] =
    "ports()\n--\n\n"
    "The fax devices of the server, as a list of PortInfo (FaxEnumPortsW).\n"
    "Needs the FAX_PORT_QUERY right.";

static BOOL enum_ports(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_PORT_INFOW ports = NULL;
    BOOL ok = FaxEnumPortsW(h, &ports, count);
    (void)arg;
    *buffer = ports;
    return ok;
}

PyObject *winfax_server_ports(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_list(self, "FaxEnumPortsW", enum_ports, NULL, sizeof(FAX_PORT_INFOW), port_item);
}

const char winfax_server_open_port_doc[] =
    "open_port(device_id, mode=PortOpen.QUERY)\n--\n\n"
    "Open a fax device and return a FaxPortHandle (FaxOpenPort).\n\n"
    "mode is PortOpen.QUERY to read the device, PortOpen.MODIFY to change it\n"
    "too.  Needs the FAX_PORT_QUERY right.  A success that comes without a\n"
    "port handle raises OSError with winerror ERROR_INVALID_HANDLE.";

PyObject *winfax_server_open_port(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"device_id", "mode", NULL};
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    PyObject *device_obj, *mode_obj = NULL;
    DWORD device_id, mode = PORT_OPEN_QUERY, error;
    HANDLE h, port = NULL;
    BOOL ok;

    if (st == NULL ||
        !PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:open_port", keywords,
                                     &device_obj, &mode_obj) ||
        winfax_arg_dword(device_obj, "device_id", &device_id) < 0 ||
        (mode_obj != NULL && winfax_arg_dword(mode_obj, "mode", &mode) < 0))
        return NULL;
    if (mode != PORT_OPEN_QUERY && mode != PORT_OPEN_MODIFY &&
        mode != (PORT_OPEN_QUERY | PORT_OPEN_MODIFY)) {
        PyErr_Format(PyExc_ValueError,
                     "mode must be PortOpen.QUERY or PortOpen.MODIFY, got %R",
                     mode_obj);
        return NULL;
    }
    if ((h = winfax_handle_acquire(self)) == NULL)
        return NULL;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxOpenPort(h, device_id, mode, &port));
    /* A success without a handle is not documented: FaxOpenPort's page has
     * it hand the client the port handle that later port calls need
     * (https://learn.microsoft.com/en-us/windows/win32/api/winfax/nc-winfax-pfaxopenport),
     * and MS-FAX's server shows success by returning a new one.  There is
     * nothing to wrap or close, and a port object holding NULL would keep
     * its use of the server forever (a deferred close of the server would
     * never run), so it is reported as the invalid handle it is. */
    if (ok && port == NULL) {
        ok = FALSE;
        error = ERROR_INVALID_HANDLE;
    }
    if (!ok) {
        winfax_handle_release(self);
        return winfax_raise_call_error("FaxOpenPort", error);
    }
    /* The port keeps this use of the server until it is closed. */
    return winfax_port_wrap(st->port_type, self, port);
}
