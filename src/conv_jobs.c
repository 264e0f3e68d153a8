/* JobEntry <- FAX_JOB_ENTRYW, JobParam <-> FAX_JOB_PARAMW,
 * CoverPageInfo <-> FAX_COVERPAGE_INFOW. */
#include "conv_fill.h"

PyObject *winfax_from_job_entry(winfax_state *st, const FAX_JOB_ENTRYW *j)
{
    /* Every number but the job id tends to repeat across a queue. */
    PyObject *r = winfax_record_alloc(st, REC_JOB_ENTRY);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, JOB_ENTRY_job_id, winfax_from_dword(j->JobId)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_user_name, winfax_utf16_to_str(j->UserName)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_job_type, winfax_from_dword_shared(j->JobType)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_queue_status,
                           winfax_from_dword_shared(j->QueueStatus)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_status, winfax_from_dword_shared(j->Status)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_size, winfax_from_dword_shared(j->Size)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_page_count,
                           winfax_from_dword_shared(j->PageCount)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_recipient_number,
                           winfax_utf16_to_str(j->RecipientNumber)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_recipient_name,
                           winfax_utf16_to_str(j->RecipientName)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_tsid, winfax_utf16_to_str(j->Tsid)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_sender_name,
                           winfax_utf16_to_str(j->SenderName)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_sender_company,
                           winfax_utf16_to_str(j->SenderCompany)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_sender_dept,
                           winfax_utf16_to_str(j->SenderDept)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_billing_code,
                           winfax_utf16_to_str(j->BillingCode)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_schedule_action,
                           winfax_from_dword_shared(j->ScheduleAction)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_schedule_time,
                           winfax_from_systemtime(st, &j->ScheduleTime, WINFAX_UTC,
                                                  "JobEntry.schedule_time")) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_delivery_report_type,
                           winfax_from_dword_shared(j->DeliveryReportType)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_delivery_report_address,
                           winfax_utf16_to_str(j->DeliveryReportAddress)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_ENTRY_document_name,
                           winfax_utf16_to_str(j->DocumentName)) < 0)
        goto fail;
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
    if (winfax_record_fill(r, JOB_PARAM_recipient_number,
                           winfax_utf16_to_str(j->RecipientNumber)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_recipient_name,
                           winfax_utf16_to_str(j->RecipientName)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_tsid, winfax_utf16_to_str(j->Tsid)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_sender_name,
                           winfax_utf16_to_str(j->SenderName)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_sender_company,
                           winfax_utf16_to_str(j->SenderCompany)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_sender_dept,
                           winfax_utf16_to_str(j->SenderDept)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_billing_code,
                           winfax_utf16_to_str(j->BillingCode)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_schedule_action,
                           winfax_from_dword(j->ScheduleAction)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_schedule_time,
                           winfax_from_systemtime(st, &j->ScheduleTime, WINFAX_UTC,
                                                  "JobParam.schedule_time")) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_delivery_report_type,
                           winfax_from_dword(j->DeliveryReportType)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_delivery_report_address,
                           winfax_utf16_to_str(j->DeliveryReportAddress)) < 0)
        goto fail;
    if (winfax_record_fill(r, JOB_PARAM_document_name,
                           winfax_utf16_to_str(j->DocumentName)) < 0)
        goto fail;
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
    if (winfax_field_to_str(arena, rec, JOB_PARAM_recipient_number,
                            "JobParam.recipient_number", &out->RecipientNumber) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_recipient_name, "JobParam.recipient_name",
                            &out->RecipientName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_tsid, "JobParam.tsid", &out->Tsid) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_sender_name, "JobParam.sender_name",
                            &out->SenderName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_sender_company, "JobParam.sender_company",
                            &out->SenderCompany) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_sender_dept, "JobParam.sender_dept",
                            &out->SenderDept) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_billing_code, "JobParam.billing_code",
                            &out->BillingCode) < 0)
        return -1;
    if (winfax_field_to_dword(rec, JOB_PARAM_schedule_action, &out->ScheduleAction) < 0)
        return -1;
    /* The page: "The time specified must be expressed in UTC." */
    if (winfax_to_systemtime(st, winfax_record_value(rec, JOB_PARAM_schedule_time),
                             WINFAX_UTC, "JobParam.schedule_time",
                             &out->ScheduleTime) < 0)
        return -1;
    if (winfax_field_to_dword(rec, JOB_PARAM_delivery_report_type,
                              &out->DeliveryReportType) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_delivery_report_address,
                            "JobParam.delivery_report_address",
                            &out->DeliveryReportAddress) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, JOB_PARAM_document_name, "JobParam.document_name",
                            &out->DocumentName) < 0)
        return -1;
    return 0;
}

/* The cover page's string fields, in record order, with the struct member
 * each one fills: one table for both directions. */
typedef struct {
    Py_ssize_t index;       /* COVER_PAGE_INFO_* */
    size_t offset;          /* of its LPCWSTR in FAX_COVERPAGE_INFOW */
    const char *what;       /* its name in errors */
} cover_string;

#define COVER_STRING(field, member) \
    {COVER_PAGE_INFO_##field, offsetof(FAX_COVERPAGE_INFOW, member), \
     "CoverPageInfo." #field}

static const cover_string cover_strings[] = {
    COVER_STRING(cover_page_name, CoverPageName),
    COVER_STRING(rec_name, RecName),
    COVER_STRING(rec_fax_number, RecFaxNumber),
    COVER_STRING(rec_company, RecCompany),
    COVER_STRING(rec_street_address, RecStreetAddress),
    COVER_STRING(rec_city, RecCity),
    COVER_STRING(rec_state, RecState),
    COVER_STRING(rec_zip, RecZip),
    COVER_STRING(rec_country, RecCountry),
    COVER_STRING(rec_title, RecTitle),
    COVER_STRING(rec_department, RecDepartment),
    COVER_STRING(rec_office_location, RecOfficeLocation),
    COVER_STRING(rec_home_phone, RecHomePhone),
    COVER_STRING(rec_office_phone, RecOfficePhone),
    COVER_STRING(sdr_name, SdrName),
    COVER_STRING(sdr_fax_number, SdrFaxNumber),
    COVER_STRING(sdr_company, SdrCompany),
    COVER_STRING(sdr_address, SdrAddress),
    COVER_STRING(sdr_title, SdrTitle),
    COVER_STRING(sdr_department, SdrDepartment),
    COVER_STRING(sdr_office_location, SdrOfficeLocation),
    COVER_STRING(sdr_home_phone, SdrHomePhone),
    COVER_STRING(sdr_office_phone, SdrOfficePhone),
    COVER_STRING(note, Note),
    COVER_STRING(subject, Subject),
};

#undef COVER_STRING
#define N_COVER_STRINGS (sizeof cover_strings / sizeof cover_strings[0])

PyObject *winfax_from_cover_page(winfax_state *st, const FAX_COVERPAGE_INFOW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_COVER_PAGE_INFO);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < N_COVER_STRINGS; i++) {
        LPCWSTR text = *(const LPCWSTR *)((const char *)c + cover_strings[i].offset);
        if (winfax_record_fill(r, cover_strings[i].index, winfax_utf16_to_str(text)) < 0)
            goto fail;
    }
    if (winfax_record_fill(r, COVER_PAGE_INFO_use_server_cover_page,
                           winfax_from_bool(c->UseServerCoverPage)) < 0)
        goto fail;
    if (winfax_record_fill(r, COVER_PAGE_INFO_time_sent,
                           winfax_from_systemtime(st, &c->TimeSent, WINFAX_LOCAL,
                                                  "CoverPageInfo.time_sent")) < 0)
        goto fail;
    if (winfax_record_fill(r, COVER_PAGE_INFO_page_count,
                           winfax_from_dword(c->PageCount)) < 0)
        goto fail;
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
    for (size_t i = 0; i < N_COVER_STRINGS; i++) {
        LPCWSTR *member = (LPCWSTR *)((char *)out + cover_strings[i].offset);
        if (winfax_field_to_str(arena, rec, cover_strings[i].index, cover_strings[i].what,
                                member) < 0)
            return -1;
    }
    out->UseServerCoverPage =
        winfax_field_to_bool(rec, COVER_PAGE_INFO_use_server_cover_page);
    /* The page: "The time is expressed in local system time." */
    if (winfax_to_systemtime(st, winfax_record_value(rec, COVER_PAGE_INFO_time_sent),
                             WINFAX_LOCAL, "CoverPageInfo.time_sent", &out->TimeSent) < 0)
        return -1;
    if (winfax_field_to_dword(rec, COVER_PAGE_INFO_page_count, &out->PageCount) < 0)
        return -1;
    return 0;
}
