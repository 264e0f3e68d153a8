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

/* server_config.c */
PyObject *winfax_server_configuration(PyObject *self, PyObject *unused);
PyObject *winfax_server_set_configuration(PyObject *self, PyObject *record);
PyObject *winfax_server_logging_categories(PyObject *self, PyObject *unused);
PyObject *winfax_server_set_logging_categories(PyObject *self, PyObject *sequence);
WINFAX_DECLARE_METHOD(configuration)
WINFAX_DECLARE_METHOD(set_configuration)
WINFAX_DECLARE_METHOD(logging_categories)
WINFAX_DECLARE_METHOD(set_logging_categories)

/* server_jobs.c */
PyObject *winfax_server_jobs(PyObject *self, PyObject *unused);
PyObject *winfax_server_get_job(PyObject *self, PyObject *job_id);
PyObject *winfax_server_set_job(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_abort(PyObject *self, PyObject *job_id);
PyObject *winfax_server_page_data(PyObject *self, PyObject *job_id);
WINFAX_DECLARE_METHOD(jobs)
WINFAX_DECLARE_METHOD(get_job)
WINFAX_DECLARE_METHOD(set_job)
WINFAX_DECLARE_METHOD(abort)
WINFAX_DECLARE_METHOD(page_data)
/* server_send.c */
PyObject *winfax_server_send_document(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_send_broadcast(PyObject *self, PyObject *args, PyObject *kwargs);
WINFAX_DECLARE_METHOD(send_document)
WINFAX_DECLARE_METHOD(send_broadcast)

/* server_routing.c */
PyObject *winfax_server_global_routing_info(PyObject *self, PyObject *unused);
PyObject *winfax_server_set_global_routing_info(PyObject *self, PyObject *record);
PyObject *winfax_server_register_routing_extension(PyObject *self, PyObject *args,
                                                   PyObject *kwargs);
WINFAX_DECLARE_METHOD(global_routing_info)
WINFAX_DECLARE_METHOD(set_global_routing_info)
WINFAX_DECLARE_METHOD(register_routing_extension)

/* server_events.c */
PyObject *winfax_server_events(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_aevents(PyObject *self, PyObject *args, PyObject *kwargs);
WINFAX_DECLARE_METHOD(events)
WINFAX_DECLARE_METHOD(aevents)

/* server_outcomes.c */
PyObject *winfax_server_wait(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_await_job(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_outcomes(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *winfax_server_aoutcomes(PyObject *self, PyObject *args, PyObject *kwargs);
WINFAX_DECLARE_METHOD(wait)
WINFAX_DECLARE_METHOD(await_job)
WINFAX_DECLARE_METHOD(outcomes)
WINFAX_DECLARE_METHOD(aoutcomes)

#define WINFAX_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

#define WINFAX_SERVER_METHODS \
    {"access_check", winfax_server_access_check, METH_O, \
     winfax_server_access_check_doc}, \
    {"ports", winfax_server_ports, METH_NOARGS, winfax_server_ports_doc}, \
    {"open_port", WINFAX_KW(winfax_server_open_port), winfax_server_open_port_doc}, \
    {"configuration", winfax_server_configuration, METH_NOARGS, \
     winfax_server_configuration_doc}, \
    {"set_configuration", winfax_server_set_configuration, METH_O, \
     winfax_server_set_configuration_doc}, \
    {"logging_categories", winfax_server_logging_categories, METH_NOARGS, \
     winfax_server_logging_categories_doc}, \
    {"set_logging_categories", winfax_server_set_logging_categories, METH_O, \
     winfax_server_set_logging_categories_doc}, \
    {"jobs", winfax_server_jobs, METH_NOARGS, winfax_server_jobs_doc}, \
    {"get_job", winfax_server_get_job, METH_O, winfax_server_get_job_doc}, \
    {"set_job", WINFAX_KW(winfax_server_set_job), winfax_server_set_job_doc}, \
    {"abort", winfax_server_abort, METH_O, winfax_server_abort_doc}, \
    {"page_data", winfax_server_page_data, METH_O, winfax_server_page_data_doc}, \
    {"send_document", WINFAX_KW(winfax_server_send_document), \
     winfax_server_send_document_doc}, \
    {"send_broadcast", WINFAX_KW(winfax_server_send_broadcast), \
     winfax_server_send_broadcast_doc}, \
    {"global_routing_info", winfax_server_global_routing_info, METH_NOARGS, \
     winfax_server_global_routing_info_doc}, \
    {"set_global_routing_info", winfax_server_set_global_routing_info, METH_O, \
     winfax_server_set_global_routing_info_doc}, \
    {"register_routing_extension", WINFAX_KW(winfax_server_register_routing_extension), \
     winfax_server_register_routing_extension_doc}, \
    {"events", WINFAX_KW(winfax_server_events), winfax_server_events_doc}, \
    {"aevents", WINFAX_KW(winfax_server_aevents), winfax_server_aevents_doc}, \
    {"wait", WINFAX_KW(winfax_server_wait), winfax_server_wait_doc}, \
    {"await_job", WINFAX_KW(winfax_server_await_job), winfax_server_await_job_doc}, \
    {"outcomes", WINFAX_KW(winfax_server_outcomes), winfax_server_outcomes_doc}, \
    {"aoutcomes", WINFAX_KW(winfax_server_aoutcomes), winfax_server_aoutcomes_doc},

#endif /* WINFAX_SERVER_METHODS_H */
