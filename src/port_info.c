/* FaxPortHandle.info(), set_info(), device_status():
 * FaxGetPortW, FaxSetPortW, FaxGetDeviceStatusW. */
#include "call.h"
#include "conversions.h"
#include "fax_handle.h"
#include "port_methods.h"
#include "win32_error.h"

const char winfax_port_info_doc[] =
    "info()\n--\n\n"
    "The device's configuration as a PortInfo (FaxGetPortW).";

PyObject *winfax_port_info(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    PFAX_PORT_INFOW info = NULL;
    DWORD error;
    BOOL ok;
    HANDLE h;
    PyObject *result;

    if (st == NULL || (h = winfax_handle_acquire(self)) == NULL)
        return NULL;
    WINFAX_CALL(ok, error, FaxGetPortW(h, &info));
    winfax_handle_release(self);
    if (!ok)
        return winfax_raise_winerror(error);
    result = winfax_from_port_info(st, info);
    FaxFreeBuffer(info);
    return result;
}

const char winfax_port_set_info_doc[] =
    "set_info(info)\n--\n\n"
    "Change the device's configuration (FaxSetPortW): info is a PortInfo,\n"
    "typically port.info().replace(rings=3).  The port must be opened with\n"
    "PortOpen.MODIFY and the user needs the FAX_PORT_SET right.";

PyObject *winfax_port_set_info(PyObject *self, PyObject *record)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    FAX_PORT_INFOW info;
    DWORD error;
    BOOL ok;
    HANDLE h;

    if (st == NULL)
        return NULL;
    if (winfax_to_port_info(st, record, &arena, &info) < 0)
        goto fail;
    if ((h = winfax_handle_acquire(self)) == NULL)
        goto fail;
    WINFAX_CALL(ok, error, FaxSetPortW(h, &info));
    winfax_handle_release(self);
    winfax_arena_free(&arena);
    if (!ok)
        return winfax_raise_winerror(error);
    Py_RETURN_NONE;
fail:
    winfax_arena_free(&arena);
    return NULL;
}

const char winfax_port_device_status_doc[] =
    "device_status()\n--\n\n"
    "What the device is doing now, as a DeviceStatus (FaxGetDeviceStatusW).\n"
    "Needs the FAX_PORT_QUERY right.";

PyObject *winfax_port_device_status(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    PFAX_DEVICE_STATUSW status = NULL;
    DWORD error;
    BOOL ok;
    HANDLE h;
    PyObject *result;

    if (st == NULL || (h = winfax_handle_acquire(self)) == NULL)
        return NULL;
    WINFAX_CALL(ok, error, FaxGetDeviceStatusW(h, &status));
    winfax_handle_release(self);
    if (!ok)
        return winfax_raise_winerror(error);
    result = winfax_from_device_status(st, status);
    FaxFreeBuffer(status);
    return result;
}
