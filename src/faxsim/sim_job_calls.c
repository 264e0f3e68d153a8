/* The client calls on queued jobs: FaxEnumJobsW, FaxGetJobW, FaxSetJobW,
 * FaxAbort and FaxGetPageData.  An unknown job id is ERROR_INVALID_PARAMETER
 * ("The JobId parameter is invalid", as FaxGetJob and FaxAbort document). */
#include "sim_state.h"
#include "sim_strings.h"
#include "sim_tiff.h"

static size_t job_strings(const sim_job *j)
{
    return sim_wbytes(j->user) + sim_wbytes(j->recipient_number) +
           sim_wbytes(j->recipient_name) + sim_wbytes(j->tsid) +
           sim_wbytes(j->sender_name) + sim_wbytes(j->sender_company) +
           sim_wbytes(j->sender_dept) + sim_wbytes(j->billing_code) +
           sim_wbytes(j->dr_address) + sim_wbytes(j->document_name);
}

static void job_fill(FAX_JOB_ENTRYW *e, const sim_job *j, sim_pack *pk)
{
    e->SizeOfStruct = sizeof *e;
    e->JobId = j->id;
    e->UserName = sim_pack_str(pk, j->user);
    e->JobType = j->type;
    e->QueueStatus = j->queue_status;
    e->Status = j->status;
    e->Size = j->doc ? (DWORD)j->doc->size : 0;
    e->PageCount = j->page_count;
    e->RecipientNumber = sim_pack_str(pk, j->recipient_number);
    e->RecipientName = sim_pack_str(pk, j->recipient_name);
    e->Tsid = sim_pack_str(pk, j->tsid);
    e->SenderName = sim_pack_str(pk, j->sender_name);
    e->SenderCompany = sim_pack_str(pk, j->sender_company);
    e->SenderDept = sim_pack_str(pk, j->sender_dept);
    e->BillingCode = sim_pack_str(pk, j->billing_code);
    e->ScheduleAction = j->schedule_action;
    e->ScheduleTime = j->schedule_time;
    e->DeliveryReportType = j->dr_type;
    e->DeliveryReportAddress = sim_pack_str(pk, j->dr_address);
    e->DocumentName = sim_pack_str(pk, j->document_name);
}

/* Common prologue: a valid server handle and `right`, lock held on
 * success; on failure the lock is released and *error says why. */
static int server_ready(HANDLE h, DWORD right, DWORD *error)
{
    sim_lock();
    if (!sim_handle_valid(h, SIM_HANDLE_SERVER))
        *error = ERROR_INVALID_HANDLE;
    else if (right != 0 && !sim_has_rights(right))
        *error = ERROR_ACCESS_DENIED;
    else
        return 1;
    sim_unlock();
    return 0;
}

WINFAXAPI BOOL WINAPI FaxEnumJobsW(HANDLE FaxHandle, PFAX_JOB_ENTRYW *JobEntry,
                                   LPDWORD JobsReturned)
{
    const sim_function fn = SIM_FN_FaxEnumJobsW;
    DWORD error = sim_enter(fn);
    FAX_JOB_ENTRYW *out;
    uint32_t n, i = 0;
    size_t size;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || JobEntry == NULL || JobsReturned == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (!server_ready(FaxHandle, FAX_JOB_QUERY, &error))
        return sim_fail(fn, error);
    n = sim_job_total();
    size = n * sizeof *out;
    for (const sim_job *j = sim_job_first(); j != NULL; j = j->next)
        size += job_strings(j);
    out = sim_buffer_alloc(size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + n);
    for (const sim_job *j = sim_job_first(); j != NULL; j = j->next)
        job_fill(&out[i++], j, &pk);
    sim_unlock();
    *JobEntry = out;
    *JobsReturned = n;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxGetJobW(HANDLE FaxHandle, DWORD JobId,
                                 PFAX_JOB_ENTRYW *JobEntry)
{
    const sim_function fn = SIM_FN_FaxGetJobW;
    DWORD error = sim_enter(fn);
    FAX_JOB_ENTRYW *out;
    const sim_job *j;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || JobEntry == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (!server_ready(FaxHandle, FAX_JOB_QUERY, &error))
        return sim_fail(fn, error);
    j = sim_job_find(JobId);
    if (j == NULL)
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    out = sim_buffer_alloc(sizeof *out + job_strings(j));
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + 1);
    job_fill(out, j, &pk);
    sim_unlock();
    *JobEntry = out;
    sim_leave(fn);
    return TRUE;
}

static void pause_job(sim_job *j)
{
    /* "If the fax job is active, the fax service pauses the job when it
     * returns to the queued state." */
    if (j->device_id != 0)
        j->pause_requested = 1;
    else
        j->queue_status |= JS_PAUSED;
}

static void resume_job(sim_job *j)
{
    j->pause_requested = 0;
    j->queue_status &= ~(DWORD)JS_PAUSED;
    /* JC_RESTART is JC_RESUME in the header: resuming a job that failed
     * restarts it from the beginning with a fresh retry count. */
    if (j->queue_status & (JS_FAILED | JS_RETRIES_EXCEEDED)) {
        j->queue_status &= ~(DWORD)(JS_FAILED | JS_RETRIES_EXCEEDED);
        j->retries = 0;
        j->status = 0;
    }
}

WINFAXAPI BOOL WINAPI FaxSetJobW(HANDLE FaxHandle, DWORD JobId, DWORD Command,
                                 const FAX_JOB_ENTRYW *JobEntry)
{
    const sim_function fn = SIM_FN_FaxSetJobW;
    DWORD error = sim_enter(fn);
    sim_job *j;

    if (error)
        return sim_fail(fn, error);
    /* Documented: a NULL handle, or an invalid Command, JobEntry ("not
     * used, must be NULL") or JobId. */
    if (FaxHandle == NULL || JobEntry != NULL ||
        (Command != JC_DELETE && Command != JC_PAUSE && Command != JC_RESUME))
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* Documented: "Access is denied. FAX_JOB_MANAGE access is required."
     * Owning the job is not enough (that is FaxAbort's rule, not this
     * one's).
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxsetjobw */
    if (!server_ready(FaxHandle, FAX_JOB_MANAGE, &error))
        return sim_fail(fn, error);
    j = sim_job_find(JobId);
    if (j == NULL)
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    if (Command == JC_DELETE) {
        sim_job_cancel(j);
    }
    else if (!(j->queue_status & JS_DELETING)) {
        /* A job on its way out is not paused or resumed any more. */
        if (Command == JC_PAUSE)
            pause_job(j);
        else
            resume_job(j);
        sim_job_changed(j);
    }
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxAbort(HANDLE FaxHandle, DWORD JobId)
{
    const sim_function fn = SIM_FN_FaxAbort;
    DWORD error = sim_enter(fn);
    sim_job *j;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (!server_ready(FaxHandle, 0, &error))
        return sim_fail(fn, error);
    j = sim_job_find(JobId);
    if (j == NULL)
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    /* Documented: "You must own the job, or have FAX_JOB_MANAGE access."
     * The owner needs no right beyond the one that let them connect.
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nc-winfax-pfaxabort */
    if (!sim_has_rights(FAX_JOB_MANAGE) && !sim_wequal(j->user, sim_user_name()))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    sim_job_cancel(j);
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

/* The first page of a queued send job, as a TIFF that holds that page
 * only.  The real service hands out MMR-compressed TIFF Class F; we hand
 * out the page as the client submitted it (a simulator does not recode). */
WINFAXAPI BOOL WINAPI FaxGetPageData(HANDLE FaxHandle, DWORD JobId,
                                     LPBYTE *Buffer, LPDWORD BufferSize,
                                     LPDWORD ImageWidth, LPDWORD ImageHeight)
{
    const sim_function fn = SIM_FN_FaxGetPageData;
    DWORD error = sim_enter(fn);
    const sim_job *j;
    sim_tiff_info tiff;
    unsigned char *out;
    const unsigned char *data;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || Buffer == NULL || BufferSize == NULL ||
        ImageWidth == NULL || ImageHeight == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (!server_ready(FaxHandle, FAX_JOB_QUERY, &error))
        return sim_fail(fn, error);
    j = sim_job_find(JobId);
    if (j == NULL)
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    /* Documented: only JT_SEND jobs have page data.  A print job has no
     * image in the simulator (nothing is rendered), which we report the
     * same way. */
    if (j->type != JT_SEND || j->doc == NULL)
        return sim_fail_locked(fn, ERROR_INVALID_DATA);
    /* A job restored from a saved state reads its document now, the
     * first time anything needs the pages; a document file gone or
     * changed since is data the service cannot use. */
    data = sim_document_bytes(j->doc);
    if (data == NULL || sim_tiff_scan(data, j->doc->size, &tiff) != 0)
        return sim_fail_locked(fn, ERROR_INVALID_DATA);  /* checked at submit */
    out = sim_buffer_alloc(j->doc->size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_tiff_first_page(data, j->doc->size, &tiff, out);
    *BufferSize = (DWORD)j->doc->size;
    *ImageWidth = tiff.width;
    *ImageHeight = tiff.height;
    sim_unlock();
    if (sim_oddity_take(FAXSIM_ODDITY_NULL_PAGE_DATA)) {
        sim_buffer_free(out);
        out = NULL;
    }
    *Buffer = out;
    sim_leave(fn);
    return TRUE;
}
