/* register_service_provider(), unregister_service_provider():
 * FaxRegisterServiceProviderW, FaxUnregisterServiceProviderW.  These run on
 * the fax server's machine at installation time and take no handle. */
#include "access_denied.h"
#include "call.h"
#include "module_functions.h"
#include "module_state.h"
#include "utf16.h"
#include "win32_error.h"
#include "winfax_dll.h"

const char winfax_register_service_provider_doc[] =
    "register_service_provider(device_provider, friendly_name, image_name, tsp_name)\n"
    "--\n\n"
    "Register a fax service provider DLL with the fax service\n"
    "(FaxRegisterServiceProviderW).  Typically needs administrator rights.";

PyObject *winfax_register_service_provider(PyObject *module, PyObject *args,
                                           PyObject *kwargs)
{
    static char *keywords[] = {"device_provider", "friendly_name", "image_name",
                               "tsp_name", NULL};
    PyObject *objs[4];
    WCHAR *w[4] = {NULL, NULL, NULL, NULL};
    PyObject *result = NULL;
    DWORD error;
    BOOL ok;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO:register_service_provider",
                                     keywords, &objs[0], &objs[1], &objs[2], &objs[3]))
        return NULL;
    if (winfax_dll_ensure(winfax_state_of_module(module)->not_installed_error) < 0)
        return NULL;
    for (int i = 0; i < 4; i++)
        if ((w[i] = winfax_str_to_utf16(objs[i], keywords[i])) == NULL)
            goto done;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxRegisterServiceProviderW(w[0], w[1], w[2], w[3]));
    result = ok ? Py_NewRef(Py_None) : winfax_raise_call_error("FaxRegisterServiceProviderW", error);
done:
    for (int i = 0; i < 4; i++)
        PyMem_Free(w[i]);
    return result;
}

const char winfax_unregister_service_provider_doc[] =
    "unregister_service_provider(device_provider)\n--\n\n"
    "Remove a fax service provider (FaxUnregisterServiceProviderW).";

PyObject *winfax_unregister_service_provider(PyObject *module, PyObject *name)
{
    WCHAR *w;
    DWORD error;
    BOOL ok;

    if (winfax_dll_ensure(winfax_state_of_module(module)->not_installed_error) < 0)
        return NULL;
    w = winfax_str_to_utf16(name, "device_provider");
    if (w == NULL)
        return NULL;
    WINFAX_CALL_WITHOUT_GIL(ok, error, FaxUnregisterServiceProviderW(w));
    PyMem_Free(w);
    if (!ok)
        return winfax_raise_call_error("FaxUnregisterServiceProviderW", error);
    Py_RETURN_NONE;
}
