/* The shape shared by every call that hands back a FaxFreeBuffer-owned
 * result: take a use of the handle, call with the GIL released, give the
 * use back, convert, free the buffer exactly once whatever the conversion
 * did.  Each method supplies a tiny adapter that makes its API call. */
#ifndef WINFAX_FETCH_H
#define WINFAX_FETCH_H

#include "conversions.h"

/* Calls the API on `handle`; stores the returned buffer in *buffer and, for
 * enumerations, the item count in *count.  Runs without the GIL. */
typedef BOOL (*winfax_fetch_call)(HANDLE handle, void *arg, void **buffer,
                                  DWORD *count);

/* One struct -> one record. */
PyObject *winfax_fetch_one(PyObject *self, winfax_fetch_call call, void *arg,
                           winfax_from_item convert);

/* An array of `item_size`-byte structs -> a list of records. */
PyObject *winfax_fetch_list(PyObject *self, winfax_fetch_call call, void *arg,
                            size_t item_size, winfax_from_item convert);

#endif /* WINFAX_FETCH_H */
