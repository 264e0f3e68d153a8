/* Win32 error codes -> OSError with winerror, errno and strerror.
 *
 * This is the one place where the two backends differ in how an error is
 * described: Windows has a system message table (FormatMessageW), elsewhere
 * the codes the fax API reports are described from our own table. */
#include "win32_error.h"

#include <errno.h>

#include "utf16.h"

/* The errno for a Win32 code is the one CPython's OSError derives on
 * Windows (its winerror_to_errno), so the exception class a handler sees -
 * PermissionError, FileNotFoundError, plain OSError - is the same with the
 * real service and with the simulator.  Codes not listed map to EINVAL, as
 * there. */
int winfax_winerror_to_errno(DWORD code)
{
    if (code >= 188 && code <= 202)      /* the executable-format codes */
        return ENOEXEC;
    if (code >= 19 && code <= 36)        /* device and sharing failures */
        return EACCES;
    switch (code) {
    case 2: case 3: case 15: case 18: case 53: case 67: case 161: case 206:
        return ENOENT;
    case 4:
        return EMFILE;
    case 5: case 16: case 65: case 82: case 83: case 108: case 132: case 158:
    case 167:
        return EACCES;
    case 6: case 114: case 130:
        return EBADF;
    case 7: case 8: case 9: case 1816:
        return ENOMEM;
    case 10:
        return E2BIG;
    case 11:
        return ENOEXEC;
    case 17:
        return EXDEV;
    case 80: case 183:
        return EEXIST;
    case 89: case 164: case 215:
        return EAGAIN;
    case 109: case 232:
        return EPIPE;
    case 112:
        return ENOSPC;
    case 128: case 129:
        return ECHILD;
    case 145:
        return ENOTEMPTY;
    case 258:
        return ETIMEDOUT;
    case 267:
        return ENOTDIR;
    case 1113:
        return EILSEQ;
    default:
        return EINVAL;
    }
}

/* Descriptions off Windows, where there is no system message table.  They
 * cover the codes the fax client API documents. */
static const struct {
    DWORD code;
    const char *text;
} descriptions[] = {
    {ERROR_INVALID_FUNCTION, "The function is not supported"},
    {ERROR_FILE_NOT_FOUND, "The file was not found"},
    {ERROR_PATH_NOT_FOUND, "The path was not found"},
    {ERROR_ACCESS_DENIED, "Access denied"},
    {ERROR_INVALID_HANDLE, "The handle is not valid"},
    {ERROR_NOT_ENOUGH_MEMORY, "Not enough memory to complete the request"},
    {ERROR_INVALID_DATA, "The data is not valid"},
    {20, "The device is not known"},
    {1801, "The printer name is not valid"},
    {2404, "The device is in use"},
    {3003, "No print job was started on this device context"},
    {ERROR_OUTOFMEMORY, "Not enough memory to complete the request"},
    {ERROR_BAD_FORMAT, "The file format is not valid"},
    {ERROR_NOT_SUPPORTED, "The request is not supported"},
    {ERROR_FILE_EXISTS, "The file already exists"},
    {ERROR_INVALID_PARAMETER, "A parameter is not valid"},
    {ERROR_INSUFFICIENT_BUFFER, "The buffer is too small"},
    {ERROR_INVALID_NAME, "The name is not valid"},
    {ERROR_BUSY, "The resource is busy"},
    {ERROR_ALREADY_EXISTS, "The object already exists"},
    {ERROR_NO_MORE_ITEMS, "There are no more items"},
    {ERROR_INVALID_FLAGS, "The flags are not valid"},
    {ERROR_SERVICE_NOT_ACTIVE, "The fax service is not running"},
    {ERROR_INVALID_DATATYPE, "The data type is not valid"},
    {ERROR_CANCELLED, "The operation was cancelled"},
    {ERROR_TIMEOUT, "The operation timed out"},
    {FAX_ERR_SRV_OUTOFMEMORY, "The fax server ran out of memory"},
    {FAX_ERR_GROUP_NOT_FOUND, "The outbound routing group was not found"},
    {FAX_ERR_BAD_GROUP_CONFIGURATION, "The outbound routing group is misconfigured"},
    {FAX_ERR_GROUP_IN_USE, "The outbound routing group is in use"},
    {FAX_ERR_RULE_NOT_FOUND, "The outbound routing rule was not found"},
    {FAX_ERR_NOT_NTFS, "The archive folder must be on an NTFS volume"},
    {FAX_ERR_DIRECTORY_IN_USE, "The folder is already used by the other archive"},
    {FAX_ERR_FILE_ACCESS_DENIED, "The fax server cannot access the file or folder"},
    {FAX_ERR_MESSAGE_NOT_FOUND, "The fax job or message was not found"},
    {FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED, "Too many fax devices for this edition of Windows"},
    {FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU, "Not supported on this edition of Windows"},
    {FAX_ERR_VERSION_MISMATCH, "The fax server does not support this request"},
    {FAX_ERR_RECIPIENTS_LIMIT, "Too many recipients for one broadcast"},
};

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
    for (size_t i = 0; i < sizeof descriptions / sizeof descriptions[0]; i++)
        if (descriptions[i].code == code)
            return PyUnicode_FromString(descriptions[i].text);
    return PyUnicode_FromFormat("Windows error %lu", (unsigned long)code);
}

PyObject *winfax_winerror_exception(PyObject *type, DWORD code, PyObject *text)
{
    PyObject *args, *exc, *winerror;

    if (text == NULL)
        text = describe(code);
    else
        Py_INCREF(text);
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
    exc = PyObject_Call(type, args, NULL);
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
    return exc;
}

PyObject *winfax_raise_exception(PyObject *exc)
{
    if (exc == NULL)
        return NULL;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}

PyObject *winfax_raise_winerror(DWORD code)
{
    return winfax_raise_exception(
        winfax_winerror_exception(PyExc_OSError, code, NULL));
}
