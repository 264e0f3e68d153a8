/* str <-> UTF-16 conversion.  WCHAR is 16 bits on every platform we build
 * for (see win32_base.h), so the same codec call serves Windows and the
 * simulator; only the byte order of the host is chosen at compile time. */
#include "utf16.h"

#include <string.h>

#include "args.h"
#include "thread_local.h"

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
        (void)winfax_type_error(what, "a str", obj);
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

/* ---- UTF-16 -> str ---------------------------------------------------- */

/* Strings whose code units are all below 0x100 (ASCII and Latin-1: nearly
 * every fax number, name and file name) are narrowed to bytes in a stack
 * buffer and made with PyUnicode_DecodeLatin1, whose code points are then
 * exactly the UTF-16 units.  That skips the UTF-16 codec's incremental
 * writer: callgrind counted 465 instructions per string of a job entry
 * through the codec, 343 this way (benchmarks/README.md).  Longer strings
 * and any other unit (surrogates, U+FEFF, CJK, ...) take the codec, so the
 * result is always identical. */
#define NARROW_MAX 256

/* The string cache of the enumeration running on this thread (see
 * winfax_str_cache_begin); NULL outside one.  Thread-local, not module
 * state, because on free-threaded builds two threads may convert lists at
 * the same time. */
static WINFAX_THREAD_LOCAL winfax_str_cache *active_cache;

winfax_str_cache *winfax_str_cache_begin(winfax_str_cache *cache)
{
    winfax_str_cache *outer = active_cache;
    memset(cache, 0, sizeof *cache);
    active_cache = cache;
    return outer;
}

void winfax_str_cache_end(winfax_str_cache *cache, winfax_str_cache *outer)
{
    for (size_t i = 0; i < WINFAX_STR_CACHE_SLOTS; i++)
        Py_XDECREF(cache->slots[i].str);
    active_cache = outer;
}

static PyObject *from_codec(LPCWSTR text, size_t n)
{
    int order = NATIVE_ORDER;
    if (n > (size_t)PY_SSIZE_T_MAX / sizeof(WCHAR))
        return PyErr_NoMemory();
    /* An explicit byte order keeps a leading U+FEFF as text rather than
     * taking it for a byte order mark. */
    return PyUnicode_DecodeUTF16((const char *)text,
                                 (Py_ssize_t)(n * sizeof(WCHAR)),
                                 "surrogatepass", &order);
}

/* `text` (n units, the widest `max_unit`) as a new str.  The narrowing
 * is a loop of its own, after the scan: with its length known the compiler
 * vectorises it, which measured fewer instructions than narrowing inside
 * the scan. */
static PyObject *convert(LPCWSTR text, size_t n, unsigned max_unit)
{
    char narrow[NARROW_MAX];

    if (max_unit >= 0x100 || n > NARROW_MAX)
        return from_codec(text, n);
    for (size_t i = 0; i < n; i++)
        narrow[i] = (char)text[i];
    return PyUnicode_DecodeLatin1(narrow, (Py_ssize_t)n, NULL);
}

PyObject *winfax_utf16_to_str(LPCWSTR text)
{
    winfax_str_cache *cache = active_cache;
    winfax_str_slot *slot;
    unsigned max_unit = 0;
    size_t n = 0, hash = 0x811C9DC5u;
    PyObject *str;

    if (text == NULL)
        Py_RETURN_NONE;
    if (cache == NULL) {
        for (; text[n]; n++)
            max_unit |= text[n];
        return convert(text, n, max_unit);
    }
    /* In an enumeration the same sender, company, document name ... come
     * back in record after record: one str serves them all, which saves
     * both its allocation and its memory (FNV-1a over the units finds it;
     * a slot holds the latest string that hashed there). */
    for (; text[n]; n++) {
        max_unit |= text[n];
        hash = (hash ^ text[n]) * 0x01000193u;
    }
    slot = &cache->slots[(hash ^ (hash >> 13)) % WINFAX_STR_CACHE_SLOTS];
    if (slot->str != NULL && slot->length == n &&
        memcmp(slot->text, text, n * sizeof(WCHAR)) == 0) {
        /* Compare with this occurrence next time: it is a record or two
         * back in the buffer and still in the CPU cache, where the first
         * one may be megabytes back in a 100,000-job listing. */
        slot->text = text;
        return Py_NewRef(slot->str);
    }
    str = convert(text, n, max_unit);
    if (str != NULL) {
        PyObject *evicted = slot->str;
        slot->str = Py_NewRef(str);
        Py_XDECREF(evicted);
        slot->text = text;
        slot->length = n;
    }
    return str;
}
