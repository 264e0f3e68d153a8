/* Functions of winfax._winfax that need no server handle. */
#ifndef WINFAX_MODULE_FUNCTIONS_H
#define WINFAX_MODULE_FUNCTIONS_H

#include <Python.h>

PyObject *winfax_complete_job_params(PyObject *module, PyObject *unused);
PyObject *winfax_register_service_provider(PyObject *module, PyObject *args,
                                           PyObject *kwargs);
PyObject *winfax_unregister_service_provider(PyObject *module, PyObject *name);
PyObject *winfax_start_print_job(PyObject *module, PyObject *args, PyObject *kwargs);
PyObject *winfax_print_cover_page(PyObject *module, PyObject *args, PyObject *kwargs);
extern const char winfax_complete_job_params_doc[];
extern const char winfax_register_service_provider_doc[];
extern const char winfax_unregister_service_provider_doc[];
extern const char winfax_start_print_job_doc[];
extern const char winfax_print_cover_page_doc[];

#define WINFAX_MODULE_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

#define WINFAX_MODULE_FUNCTIONS \
    {"complete_job_params", winfax_complete_job_params, METH_NOARGS, \
     winfax_complete_job_params_doc}, \
    {"register_service_provider", WINFAX_MODULE_KW(winfax_register_service_provider), \
     winfax_register_service_provider_doc}, \
    {"unregister_service_provider", winfax_unregister_service_provider, METH_O, \
     winfax_unregister_service_provider_doc}, \
    {"start_print_job", WINFAX_MODULE_KW(winfax_start_print_job), \
     winfax_start_print_job_doc}, \
    {"print_cover_page", WINFAX_MODULE_KW(winfax_print_cover_page), \
     winfax_print_cover_page_doc},

#endif /* WINFAX_MODULE_FUNCTIONS_H */
