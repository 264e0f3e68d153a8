/* The fields of every record, in struct order, as X-macro lists:
 * X(RECORD, python_name, kind, enum).  record_types.c turns each list into
 * the field table and getters; converters use the generated indices, e.g.
 * JOB_ENTRY_job_id.  The reserved struct members (SizeOfStruct, Reserved,
 * CallHandle) are not fields: the binding fills them in. */
#ifndef WINFAX_RECORD_TYPES_H
#define WINFAX_RECORD_TYPES_H

#include "records.h"

#define JOB_ENTRY_FIELDS(X) \
    X(JOB_ENTRY, job_id, F_DWORD, -1) \
    X(JOB_ENTRY, user_name, F_STR, -1) \
    X(JOB_ENTRY, job_type, F_ENUM, ENUM_JOB_TYPE) \
    X(JOB_ENTRY, queue_status, F_ENUM, ENUM_QUEUE_STATUS) \
    X(JOB_ENTRY, status, F_ENUM, ENUM_PORT_STATE) \
    X(JOB_ENTRY, size, F_DWORD, -1) \
    X(JOB_ENTRY, page_count, F_DWORD, -1) \
    X(JOB_ENTRY, recipient_number, F_STR, -1) \
    X(JOB_ENTRY, recipient_name, F_STR, -1) \
    X(JOB_ENTRY, tsid, F_STR, -1) \
    X(JOB_ENTRY, sender_name, F_STR, -1) \
    X(JOB_ENTRY, sender_company, F_STR, -1) \
    X(JOB_ENTRY, sender_dept, F_STR, -1) \
    X(JOB_ENTRY, billing_code, F_STR, -1) \
    X(JOB_ENTRY, schedule_action, F_ENUM, ENUM_SCHEDULE_ACTION) \
    X(JOB_ENTRY, schedule_time, F_SYSTEMTIME, -1) \
    X(JOB_ENTRY, delivery_report_type, F_ENUM, ENUM_DELIVERY_REPORT) \
    X(JOB_ENTRY, delivery_report_address, F_STR, -1) \
    X(JOB_ENTRY, document_name, F_STR, -1)

#define JOB_PARAM_FIELDS(X) \
    X(JOB_PARAM, recipient_number, F_STR, -1) \
    X(JOB_PARAM, recipient_name, F_STR, -1) \
    X(JOB_PARAM, tsid, F_STR, -1) \
    X(JOB_PARAM, sender_name, F_STR, -1) \
    X(JOB_PARAM, sender_company, F_STR, -1) \
    X(JOB_PARAM, sender_dept, F_STR, -1) \
    X(JOB_PARAM, billing_code, F_STR, -1) \
    X(JOB_PARAM, schedule_action, F_ENUM, ENUM_SCHEDULE_ACTION) \
    X(JOB_PARAM, schedule_time, F_SYSTEMTIME, -1) \
    X(JOB_PARAM, delivery_report_type, F_ENUM, ENUM_DELIVERY_REPORT) \
    X(JOB_PARAM, delivery_report_address, F_STR, -1) \
    X(JOB_PARAM, document_name, F_STR, -1)

#define COVER_PAGE_INFO_FIELDS(X) \
    X(COVER_PAGE_INFO, cover_page_name, F_STR, -1) \
    X(COVER_PAGE_INFO, use_server_cover_page, F_BOOL, -1) \
    X(COVER_PAGE_INFO, rec_name, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_fax_number, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_company, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_street_address, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_city, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_state, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_zip, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_country, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_title, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_department, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_office_location, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_home_phone, F_STR, -1) \
    X(COVER_PAGE_INFO, rec_office_phone, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_name, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_fax_number, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_company, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_address, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_title, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_department, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_office_location, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_home_phone, F_STR, -1) \
    X(COVER_PAGE_INFO, sdr_office_phone, F_STR, -1) \
    X(COVER_PAGE_INFO, note, F_STR, -1) \
    X(COVER_PAGE_INFO, subject, F_STR, -1) \
    X(COVER_PAGE_INFO, time_sent, F_SYSTEMTIME, -1) \
    X(COVER_PAGE_INFO, page_count, F_DWORD, -1)

#define PORT_INFO_FIELDS(X) \
    X(PORT_INFO, device_id, F_DWORD, -1) \
    X(PORT_INFO, state, F_ENUM, ENUM_PORT_STATE) \
    X(PORT_INFO, flags, F_ENUM, ENUM_PORT_FLAGS) \
    X(PORT_INFO, rings, F_DWORD, -1) \
    X(PORT_INFO, priority, F_DWORD, -1) \
    X(PORT_INFO, device_name, F_STR, -1) \
    X(PORT_INFO, tsid, F_STR, -1) \
    X(PORT_INFO, csid, F_STR, -1)

#define DEVICE_STATUS_FIELDS(X) \
    X(DEVICE_STATUS, caller_id, F_STR, -1) \
    X(DEVICE_STATUS, csid, F_STR, -1) \
    X(DEVICE_STATUS, current_page, F_DWORD, -1) \
    X(DEVICE_STATUS, device_id, F_DWORD, -1) \
    X(DEVICE_STATUS, device_name, F_STR, -1) \
    X(DEVICE_STATUS, document_name, F_STR, -1) \
    X(DEVICE_STATUS, job_type, F_ENUM, ENUM_JOB_TYPE) \
    X(DEVICE_STATUS, phone_number, F_STR, -1) \
    X(DEVICE_STATUS, routing_string, F_STR, -1) \
    X(DEVICE_STATUS, sender_name, F_STR, -1) \
    X(DEVICE_STATUS, recipient_name, F_STR, -1) \
    X(DEVICE_STATUS, size, F_DWORD, -1) \
    X(DEVICE_STATUS, start_time, F_FILETIME, -1) \
    X(DEVICE_STATUS, status, F_ENUM, ENUM_PORT_STATE) \
    X(DEVICE_STATUS, status_string, F_STR, -1) \
    X(DEVICE_STATUS, submitted_time, F_FILETIME, -1) \
    X(DEVICE_STATUS, total_pages, F_DWORD, -1) \
    X(DEVICE_STATUS, tsid, F_STR, -1) \
    X(DEVICE_STATUS, user_name, F_STR, -1)

#define CONFIGURATION_FIELDS(X) \
    X(CONFIGURATION, retries, F_DWORD, -1) \
    X(CONFIGURATION, retry_delay, F_DWORD, -1) \
    X(CONFIGURATION, dirty_days, F_DWORD, -1) \
    X(CONFIGURATION, branding, F_BOOL, -1) \
    X(CONFIGURATION, use_device_tsid, F_BOOL, -1) \
    X(CONFIGURATION, server_cp, F_BOOL, -1) \
    X(CONFIGURATION, pause_server_queue, F_BOOL, -1) \
    X(CONFIGURATION, start_cheap_time, F_FAXTIME, -1) \
    X(CONFIGURATION, stop_cheap_time, F_FAXTIME, -1) \
    X(CONFIGURATION, archive_outgoing_faxes, F_BOOL, -1) \
    X(CONFIGURATION, archive_directory, F_STR, -1)

#define LOGGING_CATEGORY_FIELDS(X) \
    X(LOGGING_CATEGORY, name, F_STR, -1) \
    X(LOGGING_CATEGORY, category, F_ENUM, ENUM_LOG_CATEGORY) \
    X(LOGGING_CATEGORY, level, F_ENUM, ENUM_LOG_LEVEL)

#define ROUTING_METHOD_FIELDS(X) \
    X(ROUTING_METHOD, device_id, F_DWORD, -1) \
    X(ROUTING_METHOD, enabled, F_BOOL, -1) \
    X(ROUTING_METHOD, device_name, F_STR, -1) \
    X(ROUTING_METHOD, guid, F_STR, -1) \
    X(ROUTING_METHOD, friendly_name, F_STR, -1) \
    X(ROUTING_METHOD, function_name, F_STR, -1) \
    X(ROUTING_METHOD, extension_image_name, F_STR, -1) \
    X(ROUTING_METHOD, extension_friendly_name, F_STR, -1)

#define GLOBAL_ROUTING_INFO_FIELDS(X) \
    X(GLOBAL_ROUTING_INFO, priority, F_DWORD, -1) \
    X(GLOBAL_ROUTING_INFO, guid, F_STR, -1) \
    X(GLOBAL_ROUTING_INFO, friendly_name, F_STR, -1) \
    X(GLOBAL_ROUTING_INFO, function_name, F_STR, -1) \
    X(GLOBAL_ROUTING_INFO, extension_image_name, F_STR, -1) \
    X(GLOBAL_ROUTING_INFO, extension_friendly_name, F_STR, -1)

#define PRINT_INFO_FIELDS(X) \
    X(PRINT_INFO, doc_name, F_STR, -1) \
    X(PRINT_INFO, recipient_name, F_STR, -1) \
    X(PRINT_INFO, recipient_number, F_STR, -1) \
    X(PRINT_INFO, sender_name, F_STR, -1) \
    X(PRINT_INFO, sender_company, F_STR, -1) \
    X(PRINT_INFO, sender_dept, F_STR, -1) \
    X(PRINT_INFO, sender_billing_code, F_STR, -1) \
    X(PRINT_INFO, dr_email_address, F_STR, -1) \
    X(PRINT_INFO, output_file_name, F_STR, -1)

#define CONTEXT_INFO_FIELDS(X) \
    X(CONTEXT_INFO, hdc, F_UINTPTR, -1) \
    X(CONTEXT_INFO, server_name, F_STR, -1)

/* FAX_EVENTW, from FaxInitializeEventQueue; SizeOfStruct is not a field.
 * job_id keeps the raw 0xFFFFFFFF of events about no particular job. */
#define EVENT_FIELDS(X) \
    X(EVENT, event_id, F_ENUM, ENUM_EVENT_ID) \
    X(EVENT, job_id, F_DWORD, -1) \
    X(EVENT, device_id, F_DWORD, -1) \
    X(EVENT, timestamp, F_FILETIME, -1)

#define WINFAX_FIELD_INDEX(record, name, kind, enum_index) record##_##name,
enum { JOB_ENTRY_FIELDS(WINFAX_FIELD_INDEX) JOB_ENTRY_NFIELDS };
enum { JOB_PARAM_FIELDS(WINFAX_FIELD_INDEX) JOB_PARAM_NFIELDS };
enum { COVER_PAGE_INFO_FIELDS(WINFAX_FIELD_INDEX) COVER_PAGE_INFO_NFIELDS };
enum { PORT_INFO_FIELDS(WINFAX_FIELD_INDEX) PORT_INFO_NFIELDS };
enum { DEVICE_STATUS_FIELDS(WINFAX_FIELD_INDEX) DEVICE_STATUS_NFIELDS };
enum { CONFIGURATION_FIELDS(WINFAX_FIELD_INDEX) CONFIGURATION_NFIELDS };
enum { LOGGING_CATEGORY_FIELDS(WINFAX_FIELD_INDEX) LOGGING_CATEGORY_NFIELDS };
enum { ROUTING_METHOD_FIELDS(WINFAX_FIELD_INDEX) ROUTING_METHOD_NFIELDS };
enum { GLOBAL_ROUTING_INFO_FIELDS(WINFAX_FIELD_INDEX) GLOBAL_ROUTING_INFO_NFIELDS };
enum { PRINT_INFO_FIELDS(WINFAX_FIELD_INDEX) PRINT_INFO_NFIELDS };
enum { CONTEXT_INFO_FIELDS(WINFAX_FIELD_INDEX) CONTEXT_INFO_NFIELDS };
enum { EVENT_FIELDS(WINFAX_FIELD_INDEX) EVENT_NFIELDS };
#undef WINFAX_FIELD_INDEX

#endif /* WINFAX_RECORD_TYPES_H */
