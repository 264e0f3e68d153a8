/* FaxPortHandle.info(), set_info(), device_status():
 * FaxGetPortW, FaxSetPortW, FaxGetDeviceStatusW. */
#include "conversions.h"
#include "fetch.h"
#include "port_methods.h"

const char winfax_port_info_doc[] =
    "info()\n--\n\n"
    "The device's configuration as a PortInfo (FaxGetPortW).";

static BOOL get_port(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_PORT_INFOW info = NULL;
    BOOL ok = FaxGetPortW(h, &info);
    (void)arg;
    (void)count;
    *buffer = info;
    return ok;
}

static PyObject *port_record(winfax_state *st, const void *item)
{
    return winfax_from_port_info(st, item);
}

PyObject *winfax_port_info(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_one(self, "FaxGetPortW", get_port, NULL, port_record);
}

const char winfax_port_set_info_doc[] =
    "set_info(info)\n--\n\n"
    "Change the device's configuration (FaxSetPortW): info is a PortInfo,\n"
    "typically port.info().replace(rings=3).  The port must be opened with\n"
    "PortOpen.MODIFY and the user needs the FAX_PORT_SET right.";

static BOOL set_port(HANDLE h, void *info)
{
    return FaxSetPortW(h, info);
}

PyObject *winfax_port_set_info(PyObject *self, PyObject *record)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    FAX_PORT_INFOW info;
    PyObject *result = NULL;

    if (st == NULL)
        return NULL;
    if (winfax_to_port_info(st, record, &arena, &info) == 0)
        result = winfax_call_on_handle_none(self, "FaxSetPortW", set_port, &info);
    winfax_arena_free(&arena);
    return result;
}

const char winfax_port_device_status_doc[] =
    "device_status()\n--\n\n"
    "What the device is doing now, as a DeviceStatus (FaxGetDeviceStatusW).\n"
    "Needs the FAX_PORT_QUERY right.";

static BOOL get_status(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_DEVICE_STATUSW status = NULL;
    BOOL ok = FaxGetDeviceStatusW(h, &status);
    (void)arg;
    (void)count;
    *buffer = status;
    return ok;
}

static PyObject *status_record(winfax_state *st, const void *item)
{
    return winfax_from_device_status(st, item);
}

PyObject *winfax_port_device_status(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_one(self, "FaxGetDeviceStatusW", get_status, NULL, status_record);
}
