/* Calls that return a buffer the caller frees with FaxFreeBuffer. */
#include "fetch.h"

#include "access_denied.h"
#include "call.h"
#include "fax_handle.h"
#include "win32_error.h"

int winfax_call_on_handle_status(PyObject *self, winfax_handle_call call, void *arg,
                                 DWORD *error)
{
    BOOL ok;
    HANDLE h = winfax_handle_acquire(self);

    if (h == NULL)
        return -1;
    WINFAX_CALL_WITHOUT_GIL(ok, *error, call(h, arg));
    winfax_handle_release(self);
    return ok ? 0 : 1;
}

int winfax_call_on_handle(PyObject *self, const char *api, winfax_handle_call call,
                          void *arg)
{
    DWORD error = ERROR_SUCCESS;
    int status = winfax_call_on_handle_status(self, call, arg, &error);

    if (status == 1) {
        winfax_raise_call_error(api, error);
        return -1;
    }
    return status;
}

PyObject *winfax_call_on_handle_none(PyObject *self, const char *api,
                                     winfax_handle_call call, void *arg)
{
    if (winfax_call_on_handle(self, api, call, arg) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* A fetch adapter and its outputs, as one winfax_call_on_handle argument. */
typedef struct {
    winfax_fetch_call call;
    void *arg;
    void *buffer;
    DWORD count;
} fetch_args;

static BOOL call_fetch(HANDLE h, void *arg)
{
    fetch_args *f = arg;
    return f->call(h, f->arg, &f->buffer, &f->count);
}

/* The call, then its buffer converted and freed exactly once, whatever the
 * conversion did.  item_size 0: the buffer is one struct, converted to one
 * record; otherwise an array of item_size-byte structs, to a list. */
static PyObject *fetch_and_convert(PyObject *self, const char *api, winfax_fetch_call call,
                                   void *arg, size_t item_size, winfax_from_item convert)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    fetch_args f = {call, arg, NULL, 0};
    PyObject *result;

    if (st == NULL || winfax_call_on_handle(self, api, call_fetch, &f) < 0)
        return NULL;
    if (item_size == 0)
        result = convert(st, f.buffer);
    else
        result = winfax_list_from_array(st, f.buffer, f.count, item_size, convert);
    FaxFreeBuffer(f.buffer);
    return result;
}

PyObject *winfax_fetch_one(PyObject *self, const char *api, winfax_fetch_call call,
                           void *arg, winfax_from_item convert)
{
    return fetch_and_convert(self, api, call, arg, 0, convert);
}

PyObject *winfax_fetch_list(PyObject *self, const char *api, winfax_fetch_call call,
                            void *arg, size_t item_size, winfax_from_item convert)
{
    return fetch_and_convert(self, api, call, arg, item_size, convert);
}
