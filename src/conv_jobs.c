/* JobEntry <- FAX_JOB_ENTRYW, JobParam <-> FAX_JOB_PARAMW,
 * CoverPageInfo <-> FAX_COVERPAGE_INFOW. */
#include "conv_fill.h"

PyObject *winfax_from_job_entry(winfax_state *st, const FAX_JOB_ENTRYW *j)
{
    /* Every number but the job id tends to repeat across a queue. */
    PyObject *r = winfax_record_alloc(st, REC_JOB_ENTRY);
    if (r == NULL)
        return NULL;
    FILL(r, JOB_ENTRY_job_id, winfax_from_dword(j->JobId));
    FILL(r, JOB_ENTRY_user_name, winfax_utf16_to_str(j->UserName));
    FILL(r, JOB_ENTRY_job_type, winfax_from_dword_shared(j->JobType));
    FILL(r, JOB_ENTRY_queue_status, winfax_from_dword_shared(j->QueueStatus));
    FILL(r, JOB_ENTRY_status, winfax_from_dword_shared(j->Status));
    FILL(r, JOB_ENTRY_size, winfax_from_dword_shared(j->Size));
    FILL(r, JOB_ENTRY_page_count, winfax_from_dword_shared(j->PageCount));
    FILL(r, JOB_ENTRY_recipient_number, winfax_utf16_to_str(j->RecipientNumber));
    FILL(r, JOB_ENTRY_recipient_name, winfax_utf16_to_str(j->RecipientName));
    FILL(r, JOB_ENTRY_tsid, winfax_utf16_to_str(j->Tsid));
    FILL(r, JOB_ENTRY_sender_name, winfax_utf16_to_str(j->SenderName));
    FILL(r, JOB_ENTRY_sender_company, winfax_utf16_to_str(j->SenderCompany));
    FILL(r, JOB_ENTRY_sender_dept, winfax_utf16_to_str(j->SenderDept));
    FILL(r, JOB_ENTRY_billing_code, winfax_utf16_to_str(j->BillingCode));
    FILL(r, JOB_ENTRY_schedule_action, winfax_from_dword_shared(j->ScheduleAction));
    FILL(r, JOB_ENTRY_schedule_time, winfax_from_systemtime(st, &j->ScheduleTime, WINFAX_UTC,
                                                           "JobEntry.schedule_time"));
    FILL(r, JOB_ENTRY_delivery_report_type, winfax_from_dword_shared(j->DeliveryReportType));
    FILL(r, JOB_ENTRY_delivery_report_address,
         winfax_utf16_to_str(j->DeliveryReportAddress));
    FILL(r, JOB_ENTRY_document_name, winfax_utf16_to_str(j->DocumentName));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

PyObject *winfax_from_job_param(winfax_state *st, const FAX_JOB_PARAMW *j)
{
    PyObject *r = winfax_record_alloc(st, REC_JOB_PARAM);
    if (r == NULL)
        return NULL;
    FILL(r, JOB_PARAM_recipient_number, winfax_utf16_to_str(j->RecipientNumber));
    FILL(r, JOB_PARAM_recipient_name, winfax_utf16_to_str(j->RecipientName));
    FILL(r, JOB_PARAM_tsid, winfax_utf16_to_str(j->Tsid));
    FILL(r, JOB_PARAM_sender_name, winfax_utf16_to_str(j->SenderName));
    FILL(r, JOB_PARAM_sender_company, winfax_utf16_to_str(j->SenderCompany));
    FILL(r, JOB_PARAM_sender_dept, winfax_utf16_to_str(j->SenderDept));
    FILL(r, JOB_PARAM_billing_code, winfax_utf16_to_str(j->BillingCode));
    FILL(r, JOB_PARAM_schedule_action, winfax_from_dword(j->ScheduleAction));
    FILL(r, JOB_PARAM_schedule_time, winfax_from_systemtime(st, &j->ScheduleTime, WINFAX_UTC,
                                                           "JobParam.schedule_time"));
    FILL(r, JOB_PARAM_delivery_report_type, winfax_from_dword(j->DeliveryReportType));
    FILL(r, JOB_PARAM_delivery_report_address,
         winfax_utf16_to_str(j->DeliveryReportAddress));
    FILL(r, JOB_PARAM_document_name, winfax_utf16_to_str(j->DocumentName));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_job_param(winfax_state *st, PyObject *rec, winfax_arena *arena,
                        FAX_JOB_PARAMW *out)
{
    if (!winfax_record_check(st, rec, REC_JOB_PARAM, "params"))
        return -1;
    memset(out, 0, sizeof *out);   /* CallHandle and Reserved must be zero */
    out->SizeOfStruct = sizeof *out;
    STR(rec, JOB_PARAM_recipient_number, "JobParam.recipient_number",
        &out->RecipientNumber);
    STR(rec, JOB_PARAM_recipient_name, "JobParam.recipient_name", &out->RecipientName);
    STR(rec, JOB_PARAM_tsid, "JobParam.tsid", &out->Tsid);
    STR(rec, JOB_PARAM_sender_name, "JobParam.sender_name", &out->SenderName);
    STR(rec, JOB_PARAM_sender_company, "JobParam.sender_company", &out->SenderCompany);
    STR(rec, JOB_PARAM_sender_dept, "JobParam.sender_dept", &out->SenderDept);
    STR(rec, JOB_PARAM_billing_code, "JobParam.billing_code", &out->BillingCode);
    DWORD_OF(rec, JOB_PARAM_schedule_action, &out->ScheduleAction);
    /* The page: "The time specified must be expressed in UTC." */
    if (winfax_to_systemtime(st, winfax_record_value(rec, JOB_PARAM_schedule_time),
                             WINFAX_UTC, "JobParam.schedule_time",
                             &out->ScheduleTime) < 0)
        return -1;
    DWORD_OF(rec, JOB_PARAM_delivery_report_type, &out->DeliveryReportType);
    STR(rec, JOB_PARAM_delivery_report_address, "JobParam.delivery_report_address",
        &out->DeliveryReportAddress);
    STR(rec, JOB_PARAM_document_name, "JobParam.document_name", &out->DocumentName);
    return 0;
}

/* The cover page's string fields, in record order, with the struct member
 * each one fills: the only difference between the two directions. */
#define COVER_STRINGS(X) \
    X(cover_page_name, CoverPageName) \
    X(rec_name, RecName) \
    X(rec_fax_number, RecFaxNumber) \
    X(rec_company, RecCompany) \
    X(rec_street_address, RecStreetAddress) \
    X(rec_city, RecCity) \
    X(rec_state, RecState) \
    X(rec_zip, RecZip) \
    X(rec_country, RecCountry) \
    X(rec_title, RecTitle) \
    X(rec_department, RecDepartment) \
    X(rec_office_location, RecOfficeLocation) \
    X(rec_home_phone, RecHomePhone) \
    X(rec_office_phone, RecOfficePhone) \
    X(sdr_name, SdrName) \
    X(sdr_fax_number, SdrFaxNumber) \
    X(sdr_company, SdrCompany) \
    X(sdr_address, SdrAddress) \
    X(sdr_title, SdrTitle) \
    X(sdr_department, SdrDepartment) \
    X(sdr_office_location, SdrOfficeLocation) \
    X(sdr_home_phone, SdrHomePhone) \
    X(sdr_office_phone, SdrOfficePhone) \
    X(note, Note) \
    X(subject, Subject)

PyObject *winfax_from_cover_page(winfax_state *st, const FAX_COVERPAGE_INFOW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_COVER_PAGE_INFO);
    if (r == NULL)
        return NULL;
#define FROM_STRING(field, member) \
    FILL(r, COVER_PAGE_INFO_##field, winfax_utf16_to_str(c->member));
    COVER_STRINGS(FROM_STRING)
#undef FROM_STRING
    FILL(r, COVER_PAGE_INFO_use_server_cover_page, winfax_from_bool(c->UseServerCoverPage));
    FILL(r, COVER_PAGE_INFO_time_sent, winfax_from_systemtime(st, &c->TimeSent, WINFAX_LOCAL,
                                                             "CoverPageInfo.time_sent"));
    FILL(r, COVER_PAGE_INFO_page_count, winfax_from_dword(c->PageCount));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_cover_page(winfax_state *st, PyObject *rec, winfax_arena *arena,
                         FAX_COVERPAGE_INFOW *out)
{
    if (!winfax_record_check(st, rec, REC_COVER_PAGE_INFO, "cover_page"))
        return -1;
    memset(out, 0, sizeof *out);
    out->SizeOfStruct = sizeof *out;
#define TO_STRING(field, member) \
    STR(rec, COVER_PAGE_INFO_##field, "CoverPageInfo." #field, &out->member);
    COVER_STRINGS(TO_STRING)
#undef TO_STRING
    BOOL_OF(rec, COVER_PAGE_INFO_use_server_cover_page, &out->UseServerCoverPage);
    /* The page: "The time is expressed in local system time." */
    if (winfax_to_systemtime(st, winfax_record_value(rec, COVER_PAGE_INFO_time_sent),
                             WINFAX_LOCAL, "CoverPageInfo.time_sent", &out->TimeSent) < 0)
        return -1;
    DWORD_OF(rec, COVER_PAGE_INFO_page_count, &out->PageCount);
    return 0;
}
