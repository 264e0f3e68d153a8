/* Checking FAX_JOB_PARAMW / FAX_COVERPAGE_INFOW as FaxSendDocumentW
 * documents, and turning them into a queue job. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_station_id.h"
#include "sim_strings.h"

#include <stdlib.h>

static int valid_schedule(const FAX_JOB_PARAMW *p)
{
    uint64_t ticks;

    if (p->ScheduleAction == JSA_NOW || p->ScheduleAction == JSA_DISCOUNT_PERIOD)
        return 1;
    /* Our check: a specific time must be a date and time that exists (the
     * service could never reach any other).  A time already past is
     * accepted: the job is sent at once. */
    return p->ScheduleAction == JSA_SPECIFIC_TIME &&
           sim_systemtime_ticks(&p->ScheduleTime, &ticks) == 0;
}

static DWORD check_params(const FAX_JOB_PARAMW *p)
{
    /* Documented: RecipientNumber is required (we also refuse an empty
     * one: there is nothing to dial).  SizeOfStruct must be the struct's
     * size, as for every sized struct of this API. */
    if (p->SizeOfStruct != sizeof *p || p->RecipientNumber == NULL ||
        p->RecipientNumber[0] == 0 || !valid_schedule(p))
        return ERROR_INVALID_PARAMETER;
    /* A call handle asks the service to take over a voice call, which the
     * documentation says is not supported. */
    if (p->CallHandle != 0)
        return ERROR_NOT_SUPPORTED;
    /* Unknown report types are bad parameters; an e-mail report needs the
     * address it goes to (our check). */
    if (p->DeliveryReportType != DRT_NONE &&
        p->DeliveryReportType != DRT_EMAIL &&
        p->DeliveryReportType != DRT_INBOX)
        return ERROR_INVALID_PARAMETER;
    if (p->DeliveryReportType == DRT_EMAIL &&
        (p->DeliveryReportAddress == NULL || p->DeliveryReportAddress[0] == 0))
        return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

static DWORD check_cover(const FAX_COVERPAGE_INFOW *c)
{
    int found;

    if (c->SizeOfStruct != sizeof *c)
        return ERROR_INVALID_PARAMETER;
    /* A personal cover page is a file the server must find (documented
     * ERROR_FILE_NOT_FOUND).  Server cover pages are not modelled, so any
     * name is accepted for them.  The .cov format is not parsed. */
    if (c->UseServerCoverPage || c->CoverPageName == NULL)
        return ERROR_SUCCESS;
    found = sim_file_is_regular_w(c->CoverPageName);
    if (found < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    return found ? ERROR_SUCCESS : ERROR_FILE_NOT_FOUND;
}

DWORD sim_job_build(const FAX_JOB_PARAMW *params,
                    const FAX_COVERPAGE_INFOW *cover, sim_job **out)
{
    DWORD error = check_params(params);
    sim_job *job;
    int failed = 0;

    *out = NULL;
    if (error == ERROR_SUCCESS && cover != NULL)
        error = check_cover(cover);
    if (error)
        return error;
    job = calloc(1, sizeof *job);
    if (job == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->has_cover = cover != NULL;
    job->schedule_action = params->ScheduleAction;
    if (params->ScheduleAction == JSA_SPECIFIC_TIME)
        job->schedule_time = params->ScheduleTime;
    job->dr_type = params->DeliveryReportType;
    failed |= sim_wdup(params->RecipientNumber, &job->recipient_number);
    failed |= sim_wdup(params->RecipientName, &job->recipient_name);
    /* Kept as the service keeps a TSID (sim_station_id.c). */
    failed |= sim_station_id(params->Tsid, &job->tsid);
    failed |= sim_wdup(params->SenderName, &job->sender_name);
    failed |= sim_wdup(params->SenderCompany, &job->sender_company);
    failed |= sim_wdup(params->SenderDept, &job->sender_dept);
    failed |= sim_wdup(params->BillingCode, &job->billing_code);
    failed |= sim_wdup(params->DocumentName, &job->document_name);
    /* "If DeliveryReportType is DRT_NONE, this member must be NULL": the
     * address only means something with a report to send. */
    if (params->DeliveryReportType != DRT_NONE)
        failed |= sim_wdup(params->DeliveryReportAddress, &job->dr_address);
    if (failed) {
        sim_job_free(job);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *out = job;
    return ERROR_SUCCESS;
}
