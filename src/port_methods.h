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

#define WINFAX_PORT_METHODS \
    {"info", winfax_port_info, METH_NOARGS, winfax_port_info_doc}, \
    {"set_info", winfax_port_set_info, METH_O, winfax_port_set_info_doc}, \
    {"device_status", winfax_port_device_status, METH_NOARGS, \
     winfax_port_device_status_doc},

#endif /* WINFAX_PORT_METHODS_H */
