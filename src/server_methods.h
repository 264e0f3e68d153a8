/* Methods of FaxHandle that call the fax API with the server handle.  Each
 * lives in a file of its own concern; fax_handle.c lists them. */
#ifndef WINFAX_SERVER_METHODS_H
#define WINFAX_SERVER_METHODS_H

#include <Python.h>

PyObject *winfax_server_access_check(PyObject *self, PyObject *rights);
extern const char winfax_server_access_check_doc[];

#endif /* WINFAX_SERVER_METHODS_H */
