/* str <-> UTF-16 conversion.  WCHAR is 16 bits on every platform we build
 * for (see win32_base.h), so the same codec call serves Windows and the
 * simulator; only the byte order of the host is chosen at compile time. */
#include "utf16.h"

#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define NATIVE_CODEC "utf-16-be"
#define NATIVE_ORDER 1
#else
#define NATIVE_CODEC "utf-16-le"
#define NATIVE_ORDER (-1)
#endif

WCHAR *winfax_str_to_utf16(PyObject *obj, const char *what)
{
    PyObject *bytes;
    char *data;
    Py_ssize_t size, units;
    WCHAR *out;

    if (!PyUnicode_Check(obj)) {
        PyObject *type_name = PyType_GetName(Py_TYPE(obj));
        if (type_name != NULL) {
            PyErr_Format(PyExc_TypeError, "%s must be a str, not %U", what,
                         type_name);
            Py_DECREF(type_name);
        }
        return NULL;
    }
    bytes = PyUnicode_AsEncodedString(obj, NATIVE_CODEC, "surrogatepass");
    if (bytes == NULL)
        return NULL;
    if (PyBytes_AsStringAndSize(bytes, &data, &size) < 0) {
        Py_DECREF(bytes);
        return NULL;
    }
    units = size / (Py_ssize_t)sizeof(WCHAR);
    out = PyMem_Malloc((size_t)(units + 1) * sizeof(WCHAR));
    if (out == NULL) {
        Py_DECREF(bytes);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, data, (size_t)size);
    Py_DECREF(bytes);
    out[units] = 0;
    /* The API sees a NUL-terminated string: an embedded NUL would silently
     * cut it short, so it is an error here as it is for os.open(). */
    for (Py_ssize_t i = 0; i < units; i++) {
        if (out[i] == 0) {
            PyMem_Free(out);
            PyErr_Format(PyExc_ValueError,
                         "%s must not contain a null character", what);
            return NULL;
        }
    }
    return out;
}

PyObject *winfax_utf16_to_str(LPCWSTR text)
{
    size_t n = 0;
    int order = NATIVE_ORDER;

    if (text == NULL)
        Py_RETURN_NONE;
    while (text[n])
        n++;
    if (n > (size_t)PY_SSIZE_T_MAX / sizeof(WCHAR))
        return PyErr_NoMemory();
    /* An explicit byte order keeps a leading U+FEFF as text rather than
     * taking it for a byte order mark. */
    return PyUnicode_DecodeUTF16((const char *)text,
                                 (Py_ssize_t)(n * sizeof(WCHAR)),
                                 "surrogatepass", &order);
}
