/* The shape shared by the calls made with a handle: take a use of the
 * handle, call with the GIL released, give the use back, raise on failure;
 * and for calls that hand back a FaxFreeBuffer-owned result, convert it and
 * free the buffer exactly once whatever the conversion did.  Each method
 * supplies a tiny adapter that makes its API call. */
#ifndef WINFAX_FETCH_H
#define WINFAX_FETCH_H

#include "conversions.h"

/* Calls the API on `handle` with `arg`.  Runs without the GIL. */
typedef BOOL (*winfax_handle_call)(HANDLE handle, void *arg);

/* 0, or -1 with the exception set (ValueError for a closed handle, OSError
 * for the API's failure).  `api` is the C name of the fax function `call`
 * makes, which an access-denied message names (access_denied.h). */
int winfax_call_on_handle(PyObject *self, const char *api, winfax_handle_call call,
                          void *arg);

/* winfax_call_on_handle for callers that choose the exception themselves:
 * 0 on success, 1 when the call failed (nothing raised, *error is the
 * code), -1 with the exception set when the handle could not be used. */
int winfax_call_on_handle_status(PyObject *self, winfax_handle_call call, void *arg,
                                 DWORD *error);

/* winfax_call_on_handle, as a method's result: None or NULL. */
PyObject *winfax_call_on_handle_none(PyObject *self, const char *api,
                                     winfax_handle_call call, void *arg);

/* Calls the API on `handle`; stores the returned buffer in *buffer and, for
 * enumerations, the item count in *count.  Runs without the GIL. */
typedef BOOL (*winfax_fetch_call)(HANDLE handle, void *arg, void **buffer,
                                  DWORD *count);

/* One struct -> one record. */
PyObject *winfax_fetch_one(PyObject *self, const char *api, winfax_fetch_call call,
                           void *arg, winfax_from_item convert);

/* An array of `item_size`-byte structs -> a list of records. */
PyObject *winfax_fetch_list(PyObject *self, const char *api, winfax_fetch_call call,
                            void *arg, size_t item_size, winfax_from_item convert);

#endif /* WINFAX_FETCH_H */
