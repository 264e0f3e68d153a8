/* Win32 error codes -> OSError with winerror, errno and strerror.
 *
 * This is the one place where the two backends differ in how an error is
 * described: Windows has a system message table (FormatMessageW), elsewhere
 * the codes the fax API reports are described from our own table. */
#include "winerror.h"

#include <errno.h>

#include "utf16.h"

#ifndef ECANCELED
#define ECANCELED EINVAL
#endif

static const struct {
    DWORD code;
    int errno_value;
    const char *text;   /* used off Windows only */
} known_errors[] = {
    {ERROR_INVALID_FUNCTION, EINVAL, "The function is not supported"},
    {ERROR_FILE_NOT_FOUND, ENOENT, "The file was not found"},
    {ERROR_PATH_NOT_FOUND, ENOENT, "The path was not found"},
    {ERROR_ACCESS_DENIED, EACCES, "Access denied"},
    {ERROR_INVALID_HANDLE, EBADF, "The handle is not valid"},
    {ERROR_NOT_ENOUGH_MEMORY, ENOMEM, "Not enough memory to complete the request"},
    {ERROR_INVALID_DATA, EINVAL, "The data is not valid"},
    {ERROR_OUTOFMEMORY, ENOMEM, "Not enough memory to complete the request"},
    {ERROR_BAD_FORMAT, ENOEXEC, "The file format is not valid"},
    {ERROR_NOT_SUPPORTED, EOPNOTSUPP, "The request is not supported"},
    {ERROR_FILE_EXISTS, EEXIST, "The file already exists"},
    {ERROR_INVALID_PARAMETER, EINVAL, "A parameter is not valid"},
    {ERROR_INSUFFICIENT_BUFFER, ERANGE, "The buffer is too small"},
    {ERROR_INVALID_NAME, ENOENT, "The name is not valid"},
    {ERROR_BUSY, EBUSY, "The resource is busy"},
    {ERROR_ALREADY_EXISTS, EEXIST, "The object already exists"},
    {ERROR_NO_MORE_ITEMS, EINVAL, "There are no more items"},
    {ERROR_INVALID_FLAGS, EINVAL, "The flags are not valid"},
    {ERROR_SERVICE_NOT_ACTIVE, EINVAL, "The fax service is not running"},
    {ERROR_INVALID_DATATYPE, EINVAL, "The data type is not valid"},
    {ERROR_CANCELLED, ECANCELED, "The operation was cancelled"},
    {ERROR_TIMEOUT, ETIMEDOUT, "The operation timed out"},
    {FAX_ERR_SRV_OUTOFMEMORY, ENOMEM, "The fax server ran out of memory"},
    {FAX_ERR_GROUP_NOT_FOUND, EINVAL, "The outbound routing group was not found"},
    {FAX_ERR_BAD_GROUP_CONFIGURATION, EINVAL, "The outbound routing group is misconfigured"},
    {FAX_ERR_GROUP_IN_USE, EBUSY, "The outbound routing group is in use"},
    {FAX_ERR_RULE_NOT_FOUND, EINVAL, "The outbound routing rule was not found"},
    {FAX_ERR_NOT_NTFS, EINVAL, "The archive folder must be on an NTFS volume"},
    {FAX_ERR_DIRECTORY_IN_USE, EBUSY, "The folder is already used by the other archive"},
    {FAX_ERR_FILE_ACCESS_DENIED, EACCES, "The fax server cannot access the file or folder"},
    {FAX_ERR_MESSAGE_NOT_FOUND, ENOENT, "The fax job or message was not found"},
    {FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED, EINVAL, "Too many fax devices for this edition of Windows"},
    {FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU, EOPNOTSUPP, "Not supported on this edition of Windows"},
    {FAX_ERR_VERSION_MISMATCH, EINVAL, "The fax server does not support this request"},
    {FAX_ERR_RECIPIENTS_LIMIT, EINVAL, "Too many recipients for one broadcast"},
};

#define N_KNOWN ((int)(sizeof known_errors / sizeof known_errors[0]))

int winfax_winerror_to_errno(DWORD code)
{
    for (int i = 0; i < N_KNOWN; i++)
        if (known_errors[i].code == code)
            return known_errors[i].errno_value;
    return EINVAL;
}

/* A new reference to the text describing `code`. */
static PyObject *describe(DWORD code)
{
#ifdef _WIN32
    WCHAR *text = NULL;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER |
                             FORMAT_MESSAGE_FROM_SYSTEM |
                             FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, code, 0, (LPWSTR)&text, 0, NULL);
    if (n != 0 && text != NULL) {
        PyObject *s;
        /* System messages end in ".\r\n"; an exception reads better
         * without the line break. */
        while (n > 0 && (text[n - 1] == L'\n' || text[n - 1] == L'\r' ||
                         text[n - 1] == L' '))
            text[--n] = 0;
        s = winfax_utf16_to_str(text);
        LocalFree(text);
        return s;
    }
#endif
    for (int i = 0; i < N_KNOWN; i++)
        if (known_errors[i].code == code)
            return PyUnicode_FromString(known_errors[i].text);
    return PyUnicode_FromFormat("Windows error %lu", (unsigned long)code);
}

PyObject *winfax_raise_winerror(DWORD code)
{
    PyObject *text, *args, *exc, *winerror;

    text = describe(code);
    if (text == NULL)
        return NULL;
    /* On Windows OSError derives errno and the subclass from the fourth
     * argument itself; elsewhere it ignores it, which is why errno is
     * passed explicitly and winerror is set as an attribute below. */
    args = Py_BuildValue("(iOOk)", winfax_winerror_to_errno(code), text,
                         Py_None, (unsigned long)code);
    Py_DECREF(text);
    if (args == NULL)
        return NULL;
    exc = PyObject_Call(PyExc_OSError, args, NULL);
    Py_DECREF(args);
    if (exc == NULL)
        return NULL;
    winerror = PyLong_FromUnsignedLong((unsigned long)code);
    if (winerror == NULL || PyObject_SetAttrString(exc, "winerror", winerror) < 0) {
        Py_XDECREF(winerror);
        Py_DECREF(exc);
        return NULL;
    }
    Py_DECREF(winerror);
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}
