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

/* The call itself; on success *buffer is the service's, to be freed. */
static int fetch(PyObject *self, const char *api, winfax_fetch_call call, void *arg,
                 void **buffer, DWORD *count)
{
    fetch_args f = {call, arg, NULL, 0};

    if (winfax_call_on_handle(self, api, call_fetch, &f) < 0)
        return -1;
    *buffer = f.buffer;
    *count = f.count;
    return 0;
}

PyObject *winfax_fetch_one(PyObject *self, const char *api, winfax_fetch_call call,
                           void *arg, winfax_from_item convert)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    void *buffer;
    DWORD count;
    PyObject *result;

    if (st == NULL || fetch(self, api, call, arg, &buffer, &count) < 0)
        return NULL;
    result = convert(st, buffer);
    FaxFreeBuffer(buffer);
    return result;
}

PyObject *winfax_fetch_list(PyObject *self, const char *api, winfax_fetch_call call,
                            void *arg, size_t item_size, winfax_from_item convert)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    void *buffer;
    DWORD count;
    PyObject *result;

    if (st == NULL || fetch(self, api, call, arg, &buffer, &count) < 0)
        return NULL;
    result = winfax_list_from_array(st, buffer, count, item_size, convert);
    FaxFreeBuffer(buffer);
    return result;
}
