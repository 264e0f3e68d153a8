/* FaxHandle.access_check(): FaxAccessCheck. */
#include "access_denied.h"
#include "args.h"
#include "fax_handle.h"
#include "server_methods.h"
#include "win32_error.h"

const char winfax_server_access_check_doc[] =
    "access_check(rights)\n--\n\n"
    "True if the user holds every right in `rights` (FaxAccessCheck).\n\n"
    "`rights` is a mask of access rights such as FAX_JOB_SUBMIT or FAX_READ.\n"
    "A missing right is False, not an error; OSError means the check itself\n"
    "failed.";

PyObject *winfax_server_access_check(PyObject *self, PyObject *rights)
{
    HANDLE handle;
    DWORD mask, error = ERROR_SUCCESS;
    BOOL granted;

    if (winfax_arg_dword(rights, "rights", &mask) < 0)
        return NULL;
    handle = winfax_handle_acquire(self);
    if (handle == NULL)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    /* The answer "not granted" and a failure share the return value; only
     * the last error tells them apart, so it must start out clean. */
    SetLastError(ERROR_SUCCESS);
    granted = FaxAccessCheck(handle, mask);
    if (!granted)
        error = GetLastError();
    Py_END_ALLOW_THREADS
    winfax_handle_release(self);
    if (!granted && error != ERROR_SUCCESS)
        return winfax_raise_call_error("FaxAccessCheck", error);
    return PyBool_FromLong(granted);
}
