/* Access denied, with the right that was missing and the account that
 * lacked it.
 *
 * A service that sends faxes often runs under an identity (LocalSystem,
 * NetworkService, a dedicated account) that nobody gave fax rights, and
 * "Access is denied" alone does not say which.  The rights per function
 * are the ones each function's page on learn.microsoft.com lists for
 * ERROR_ACCESS_DENIED, the same facts tests/api_table.py holds for the
 * tests (a test keeps the two in step for the functions it covers).
 *
 * The account is asked of the platform with GetUserNameW: on Windows
 * advapi32's, the identity the fax service checks; off Windows the
 * simulator's, the user it checks (src/faxsim/sim_user.c).
 * https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getusernamew */
#include "access_denied.h"

#include <string.h>

#include "utf16.h"
#include "win32_error.h"

static const struct {
    const char *function;
    const char *needs;
} needed_rights[] = {
    {"FaxConnectFaxServerW", "at least one fax access right"},
    {"FaxEnumPortsW", "FAX_PORT_QUERY"},
    {"FaxOpenPort", "FAX_PORT_QUERY"},
    {"FaxGetPortW", "FAX_PORT_QUERY"},
    {"FaxGetDeviceStatusW", "FAX_PORT_QUERY"},
    {"FaxEnumRoutingMethodsW", "FAX_PORT_QUERY"},
    {"FaxGetRoutingInfoW", "FAX_PORT_QUERY"},
    {"FaxClose", "FAX_PORT_QUERY to close a port handle"},
    {"FaxSetPortW", "FAX_PORT_SET and a port opened with PortOpen.MODIFY"},
    {"FaxEnableRoutingMethodW", "FAX_PORT_SET"},
    {"FaxSetRoutingInfoW", "FAX_PORT_SET"},
    {"FaxGetConfigurationW", "FAX_CONFIG_QUERY"},
    {"FaxGetLoggingCategoriesW", "FAX_CONFIG_QUERY"},
    {"FaxEnumGlobalRoutingInfoW", "FAX_CONFIG_QUERY"},
    {"FaxSetConfigurationW", "FAX_CONFIG_SET and FAX_PORT_QUERY"},
    {"FaxSetLoggingCategoriesW", "FAX_CONFIG_SET"},
    {"FaxSetGlobalRoutingInfoW", "FAX_CONFIG_SET"},
    {"FaxEnumJobsW", "FAX_JOB_QUERY"},
    {"FaxGetJobW", "FAX_JOB_QUERY"},
    {"FaxGetPageData", "FAX_JOB_QUERY"},
    {"FaxSetJobW", "FAX_JOB_MANAGE"},
    {"FaxAbort", "FAX_JOB_MANAGE (or to own the job)"},
    {"FaxSendDocumentW", "FAX_JOB_SUBMIT"},
    {"FaxSendDocumentForBroadcastW", "FAX_JOB_SUBMIT"},
    {"FaxRegisterServiceProviderW", "to run as an administrator"},
    {"FaxUnregisterServiceProviderW", "to run as an administrator"},
    {"FaxRegisterRoutingExtensionW", "to run as an administrator"},
};

static const char *needs_of(const char *function)
{
    for (size_t i = 0; i < sizeof needed_rights / sizeof needed_rights[0]; i++)
        if (strcmp(needed_rights[i].function, function) == 0)
            return needed_rights[i].needs;
    return NULL;
}

/* A new reference to the account's name, or to a sentence saying why it
 * is not known: the message is for a person, and an error while
 * explaining an error must not hide the first one. */
static PyObject *account_name(void)
{
    /* UNLEN (256) characters and the terminator. */
    WCHAR name[257];
    DWORD size = (DWORD)(sizeof name / sizeof name[0]);
    DWORD error = ERROR_SUCCESS;
    BOOL ok;

    Py_BEGIN_ALLOW_THREADS
    ok = GetUserNameW(name, &size);
    if (!ok)
        error = GetLastError();
    Py_END_ALLOW_THREADS
    if (!ok || size == 0)
        return PyUnicode_FromFormat("an account whose name cannot be read "
                                    "(Windows error %lu)", (unsigned long)error);
    name[sizeof name / sizeof name[0] - 1] = 0;
    return winfax_utf16_to_str(name);
}

PyObject *winfax_raise_call_error(const char *function, DWORD code)
{
    const char *needs;
    PyObject *account, *text, *exc;

    if (code != ERROR_ACCESS_DENIED || function == NULL)
        return winfax_raise_winerror(code);
    account = account_name();
    if (account == NULL)
        return NULL;
    needs = needs_of(function);
    if (needs != NULL)
        text = PyUnicode_FromFormat("access denied: %s needs %s; this process "
                                    "runs as %U", function, needs, account);
    else
        text = PyUnicode_FromFormat("access denied: the fax service refused "
                                    "%s; this process runs as %U", function,
                                    account);
    Py_DECREF(account);
    if (text == NULL)
        return NULL;
    /* OSError itself picks PermissionError for the code, as for any other
     * access denied. */
    exc = winfax_winerror_exception(PyExc_OSError, code, text);
    Py_DECREF(text);
    return winfax_raise_exception(exc);
}
