/* Methods of FaxHandle that call the fax API with the server handle.  Each
 * concern lives in a file of its own; WINFAX_SERVER_METHODS is the list
 * fax_handle.c puts in the type's method table. */
#ifndef WINFAX_SERVER_METHODS_H
#define WINFAX_SERVER_METHODS_H

#include <Python.h>

#define WINFAX_DECLARE_METHOD(name) \
    extern const char winfax_server_##name##_doc[];

/* server_access.c */
PyObject *winfax_server_access_check(PyObject *self, PyObject *rights);
WINFAX_DECLARE_METHOD(access_check)
/* server_ports.c */
PyObject *winfax_server_ports(PyObject *self, PyObject *unused);
PyObject *winfax_server_open_port(PyObject *self, PyObject *args, PyObject *kwargs);
WINFAX_DECLARE_METHOD(ports)
WINFAX_DECLARE_METHOD(open_port)

#define WINFAX_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

#define WINFAX_SERVER_METHODS \
    {"access_check", winfax_server_access_check, METH_O, \
     winfax_server_access_check_doc}, \
    {"ports", winfax_server_ports, METH_NOARGS, winfax_server_ports_doc}, \
    {"open_port", WINFAX_KW(winfax_server_open_port), winfax_server_open_port_doc},

#endif /* WINFAX_SERVER_METHODS_H */
