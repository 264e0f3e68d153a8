/* Struct <-> record conversions, one function per direction and struct.
 * "from" functions return a new record or NULL; "to" functions fill a
 * struct from a record (strings go into `arena`, freed by the caller after
 * the API call) and return 0 or -1. */
#ifndef WINFAX_CONVERSIONS_H
#define WINFAX_CONVERSIONS_H

#include "convert.h"
#include "module_state.h"
#include "records.h"

PyObject *winfax_from_port_info(winfax_state *st, const FAX_PORT_INFOW *p);
int winfax_to_port_info(winfax_state *st, PyObject *rec, winfax_arena *arena,
                        FAX_PORT_INFOW *out);
PyObject *winfax_from_device_status(winfax_state *st, const FAX_DEVICE_STATUSW *d);

PyObject *winfax_from_configuration(winfax_state *st, const FAX_CONFIGURATIONW *c);
int winfax_to_configuration(winfax_state *st, PyObject *rec, winfax_arena *arena,
                            FAX_CONFIGURATIONW *out);
PyObject *winfax_from_log_category(winfax_state *st, const FAX_LOG_CATEGORYW *c);
int winfax_to_log_category(winfax_state *st, PyObject *rec, winfax_arena *arena,
                           FAX_LOG_CATEGORYW *out);

PyObject *winfax_from_job_entry(winfax_state *st, const FAX_JOB_ENTRYW *j);
PyObject *winfax_from_job_param(winfax_state *st, const FAX_JOB_PARAMW *j);
int winfax_to_job_param(winfax_state *st, PyObject *rec, winfax_arena *arena,
                        FAX_JOB_PARAMW *out);
PyObject *winfax_from_cover_page(winfax_state *st, const FAX_COVERPAGE_INFOW *c);
int winfax_to_cover_page(winfax_state *st, PyObject *rec, winfax_arena *arena,
                         FAX_COVERPAGE_INFOW *out);

PyObject *winfax_from_routing_method(winfax_state *st, const FAX_ROUTING_METHODW *m);
PyObject *winfax_from_global_routing(winfax_state *st, const FAX_GLOBAL_ROUTING_INFOW *g);
int winfax_to_global_routing(winfax_state *st, PyObject *rec, winfax_arena *arena,
                             FAX_GLOBAL_ROUTING_INFOW *out);

int winfax_to_print_info(winfax_state *st, PyObject *rec, winfax_arena *arena,
                         FAX_PRINT_INFOW *out);
PyObject *winfax_from_context_info(winfax_state *st, const FAX_CONTEXT_INFOW *c);
int winfax_to_context_info(winfax_state *st, PyObject *rec, FAX_CONTEXT_INFOW *out);

/* An array of `count` structs of `size` bytes -> a list of records. */
typedef PyObject *(*winfax_from_item)(winfax_state *st, const void *item);
PyObject *winfax_list_from_array(winfax_state *st, const void *items,
                                 DWORD count, size_t size, winfax_from_item convert);

#endif /* WINFAX_CONVERSIONS_H */
