/* The per-module state of winfax._winfax (PEP 573): types, the enum classes
 * of winfax._enums with their value caches, and the datetime objects the
 * conversions need.  Each interpreter that imports the module has its own. */
#ifndef WINFAX_MODULE_STATE_H
#define WINFAX_MODULE_STATE_H

#include <Python.h>

#include "atomic_counter.h"

/* The enum classes records hand out, by their name in winfax._enums. */
#define WINFAX_ENUMS(X) \
    X(ENUM_JOB_TYPE, "JobType") \
    X(ENUM_QUEUE_STATUS, "QueueStatus") \
    X(ENUM_PORT_STATE, "PortState") \
    X(ENUM_PORT_FLAGS, "PortFlags") \
    X(ENUM_SCHEDULE_ACTION, "ScheduleAction") \
    X(ENUM_DELIVERY_REPORT, "DeliveryReport") \
    X(ENUM_LOG_LEVEL, "LogLevel") \
    X(ENUM_LOG_CATEGORY, "LogCategory") \
    X(ENUM_EVENT_ID, "EventId")

typedef enum {
#define WINFAX_ENUM_INDEX(id, name) id,
    WINFAX_ENUMS(WINFAX_ENUM_INDEX)
#undef WINFAX_ENUM_INDEX
    N_ENUMS
} winfax_enum;

/* The record types, in the order of winfax_record_descs[]. */
typedef enum {
    REC_JOB_ENTRY,
    REC_JOB_PARAM,
    REC_COVER_PAGE_INFO,
    REC_PORT_INFO,
    REC_DEVICE_STATUS,
    REC_CONFIGURATION,
    REC_LOGGING_CATEGORY,
    REC_ROUTING_METHOD,
    REC_GLOBAL_ROUTING_INFO,
    REC_PRINT_INFO,
    REC_CONTEXT_INFO,
    REC_EVENT,
    N_RECORDS
} winfax_record;

typedef struct {
    PyTypeObject *handle_type;
    PyTypeObject *port_type;
    PyTypeObject *event_iterator_type;
    PyTypeObject *record_types[N_RECORDS];
    PyObject *enum_types[N_ENUMS];
    PyObject *enum_cache[N_ENUMS];  /* dict: int -> member, filled on use */
    PyObject *datetime_type;
    PyObject *time_type;
    PyObject *timedelta_type;
    PyObject *utc;
    PyObject *filetime_epoch;       /* 1601-01-01 00:00 UTC */
    /* Test hook (winfax_records_fail_after, set through winfax._testhooks):
     * record allocations left before one fails, 0 when off.  Here rather
     * than in a static so that nothing mutable is shared between
     * interpreters (see _winfax.c); atomic, as records are made on any
     * thread. */
    winfax_atomic_long fail_records_countdown;
    PyObject *not_installed_error;  /* FaxClientNotInstalledError (winfax_dll.h) */
    PyObject *invalid_time_warning; /* InvalidTimeWarning (convert.c) */
    PyTypeObject *print_job_type;   /* PrintJob (print_job.h) */
    PyObject *job_not_in_queue_error; /* JobNotInQueueError (job_errors.h) */
} winfax_state;

winfax_state *winfax_state_of_module(PyObject *module);

/* The state of the module that created `type` (any of our heap types). */
winfax_state *winfax_state_of_type(PyTypeObject *type);

#endif /* WINFAX_MODULE_STATE_H */
