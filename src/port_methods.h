/* Methods of FaxPortHandle; WINFAX_PORT_METHODS is the list fax_handle.c
 * puts in the type's method table. */
#ifndef WINFAX_PORT_METHODS_H
#define WINFAX_PORT_METHODS_H

#include <Python.h>

/* port_info.c */
PyObject *winfax_port_info(PyObject *self, PyObject *unused);
PyObject *winfax_port_set_info(PyObject *self, PyObject *record);
PyObject *winfax_port_device_status(PyObject *self, PyObject *unused);
extern const char winfax_port_info_doc[];
extern const char winfax_port_set_info_doc[];
extern const char winfax_port_device_status_doc[];

/* port_routing.c */
PyObject *winfax_port_routing_methods(PyObject *self, PyObject *unused);
PyObject *winfax_port_enable_routing_method(PyObject *self, PyObject *args,
                                            PyObject *kwargs);
PyObject *winfax_port_routing_info(PyObject *self, PyObject *guid);
PyObject *winfax_port_set_routing_info(PyObject *self, PyObject *args,
                                       PyObject *kwargs);
extern const char winfax_port_routing_methods_doc[];
extern const char winfax_port_enable_routing_method_doc[];
extern const char winfax_port_routing_info_doc[];
extern const char winfax_port_set_routing_info_doc[];

#define WINFAX_PORT_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

#define WINFAX_PORT_METHODS \
    {"info", winfax_port_info, METH_NOARGS, winfax_port_info_doc}, \
    {"set_info", winfax_port_set_info, METH_O, winfax_port_set_info_doc}, \
    {"device_status", winfax_port_device_status, METH_NOARGS, \
     winfax_port_device_status_doc}, \
    {"routing_methods", winfax_port_routing_methods, METH_NOARGS, \
     winfax_port_routing_methods_doc}, \
    {"enable_routing_method", WINFAX_PORT_KW(winfax_port_enable_routing_method), \
     winfax_port_enable_routing_method_doc}, \
    {"routing_info", winfax_port_routing_info, METH_O, winfax_port_routing_info_doc}, \
    {"set_routing_info", WINFAX_PORT_KW(winfax_port_set_routing_info), \
     winfax_port_set_routing_info_doc},

#endif /* WINFAX_PORT_METHODS_H */
