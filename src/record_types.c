/* The record types' field tables, getters and docs, generated from the
 * X-macro lists in record_types.h so a field is written down once. */
#include "record_types.h"

#define FIELD_ENTRY(record, name, kind, enum_index) {#name, kind, enum_index},
#define GETSET_ENTRY(record, name, kind, enum_index) \
    {#name, winfax_record_get, NULL, NULL, \
     (void *)&record##_fields[record##_##name]},

#define DEFINE_RECORD(record, LIST) \
    static const record_field record##_fields[] = {LIST(FIELD_ENTRY)}; \
    static PyGetSetDef record##_getset[] = { \
        LIST(GETSET_ENTRY) {NULL, NULL, NULL, NULL, NULL}};

DEFINE_RECORD(JOB_ENTRY, JOB_ENTRY_FIELDS)
DEFINE_RECORD(JOB_PARAM, JOB_PARAM_FIELDS)
DEFINE_RECORD(COVER_PAGE_INFO, COVER_PAGE_INFO_FIELDS)
DEFINE_RECORD(PORT_INFO, PORT_INFO_FIELDS)
DEFINE_RECORD(DEVICE_STATUS, DEVICE_STATUS_FIELDS)
DEFINE_RECORD(CONFIGURATION, CONFIGURATION_FIELDS)
DEFINE_RECORD(LOGGING_CATEGORY, LOGGING_CATEGORY_FIELDS)
DEFINE_RECORD(ROUTING_METHOD, ROUTING_METHOD_FIELDS)
DEFINE_RECORD(GLOBAL_ROUTING_INFO, GLOBAL_ROUTING_INFO_FIELDS)
DEFINE_RECORD(PRINT_INFO, PRINT_INFO_FIELDS)
DEFINE_RECORD(CONTEXT_INFO, CONTEXT_INFO_FIELDS)
DEFINE_RECORD(EVENT, EVENT_FIELDS)

#define DESC(record, type_name, doc) \
    {type_name, doc, record##_NFIELDS, record##_fields, record##_getset}

const record_desc winfax_record_descs[N_RECORDS] = {
    [REC_JOB_ENTRY] = DESC(JOB_ENTRY, "winfax.JobEntry",
        "A job in the fax queue (FAX_JOB_ENTRY).\n\n"
        "schedule_time is an aware UTC datetime (the service keeps it in UTC)."),
    [REC_JOB_PARAM] = DESC(JOB_PARAM, "winfax.JobParam",
        "How and to whom a fax is sent (FAX_JOB_PARAM).\n\n"
        "schedule_time is used when schedule_action is\n"
        "ScheduleAction.SPECIFIC_TIME.  The service keeps it in UTC: an aware\n"
        "datetime is converted to UTC, a naive one is taken as local time and\n"
        "converted; it reads back as an aware UTC datetime."),
    [REC_COVER_PAGE_INFO] = DESC(COVER_PAGE_INFO, "winfax.CoverPageInfo",
        "The fields printed on a cover page (FAX_COVERPAGE_INFO).\n\n"
        "time_sent is local time: it reads as a datetime aware of the local\n"
        "offset; a naive one is taken as local, an aware one is converted."),
    [REC_PORT_INFO] = DESC(PORT_INFO, "winfax.PortInfo",
        "A fax device's configuration (FAX_PORT_INFO)."),
    [REC_DEVICE_STATUS] = DESC(DEVICE_STATUS, "winfax.DeviceStatus",
        "What a fax device is doing now (FAX_DEVICE_STATUS); times are\n"
        "aware UTC datetimes."),
    [REC_CONFIGURATION] = DESC(CONFIGURATION, "winfax.Configuration",
        "The fax server's configuration (FAX_CONFIGURATION).\n\n"
        "s.set_configuration(s.configuration().replace(retries=5))\n\n"
        "start_cheap_time and stop_cheap_time are UTC times of day (tzinfo\n"
        "UTC); a naive time is taken as UTC, another zone is refused."),
    [REC_LOGGING_CATEGORY] = DESC(LOGGING_CATEGORY, "winfax.LoggingCategory",
        "One logging category and its level (FAX_LOG_CATEGORY)."),
    [REC_ROUTING_METHOD] = DESC(ROUTING_METHOD, "winfax.RoutingMethod",
        "An inbound routing method of a device (FAX_ROUTING_METHOD)."),
    [REC_GLOBAL_ROUTING_INFO] = DESC(GLOBAL_ROUTING_INFO, "winfax.GlobalRoutingInfo",
        "A routing method's server-wide priority (FAX_GLOBAL_ROUTING_INFO)."),
    [REC_PRINT_INFO] = DESC(PRINT_INFO, "winfax.PrintInfo",
        "A print job for the fax printer (FAX_PRINT_INFO)."),
    [REC_CONTEXT_INFO] = DESC(CONTEXT_INFO, "winfax.ContextInfo",
        "The printer device context of a fax print job (FAX_CONTEXT_INFO)."),
    [REC_EVENT] = DESC(EVENT, "winfax.Event",
        "A fax server event (FAX_EVENTW), from FaxHandle.events().\n\n"
        "event_id is an EventId; job_id is 0xFFFFFFFF (kept as is) when the\n"
        "event concerns no particular job; device_id is the device's\n"
        "permanent line id; timestamp is an aware UTC datetime."),
};
