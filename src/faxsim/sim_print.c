/* Printing a fax: FaxStartPrintJobW and FaxPrintCoverPageW.
 *
 * There is no GDI off Windows, so nothing is ever drawn: the device
 * context handed out is an opaque token that only FaxPrintCoverPageW
 * understands, and a printed cover page is recorded as one more page of
 * the job.  FaxStartPrintJobW queues the fax job at once (on Windows it
 * appears when the spooler finishes the document, which we cannot see
 * happen); the id it returns is the print spooler's, deliberately from a
 * different range than fax job ids, since the documentation warns the two
 * are not interchangeable.  A print to OutputFileName queues no fax job
 * and writes no file. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_SPOOL_ID 1000u
/* Device-context tokens: never NULL, never a pointer we own. */
#define DC_TOKEN_BASE ((uintptr_t)0xDC000000u)

/* Defined in sim_state.h, where persistence can build it too. */
typedef sim_print_job print_job;

static print_job *print_jobs;   /* guarded by the service lock */
static DWORD next_spool_id = FIRST_SPOOL_ID;

/* The device context handed out for a spool id: derived from the id, so
 * a print job read back from a saved state keeps its context. */
static HDC dc_token(DWORD spool_id)
{
    return (HDC)(DC_TOKEN_BASE + (uintptr_t)spool_id * 4u);
}

void sim_print_image_clear(sim_print_image *image)
{
    while (image->jobs != NULL) {
        print_job *next = image->jobs->next;
        free(image->jobs);
        image->jobs = next;
    }
}

void sim_print_view(sim_print_image *view)
{
    view->jobs = print_jobs;
    view->next_spool_id = next_spool_id;
}

void sim_print_exchange(sim_print_image *image)
{
    sim_print_image old = { print_jobs, next_spool_id };

    for (print_job *p = image->jobs; p != NULL; p = p->next)
        p->dc = dc_token(p->spool_id);
    print_jobs = image->jobs;
    next_spool_id = image->next_spool_id;
    *image = old;
}

void sim_print_reset(void)
{
    sim_print_image old = { print_jobs, next_spool_id };

    print_jobs = NULL;
    sim_print_image_clear(&old);
    next_spool_id = FIRST_SPOOL_ID;
}

void sim_print_job_gone(DWORD job_id)
{
    for (print_job *p = print_jobs; p != NULL; p = p->next)
        if (p->job_id == job_id)
            p->job_id = 0;
}

WINFAXAPI BOOL WINAPI FaxStartPrintJobW(LPCWSTR PrinterName,
                                        const FAX_PRINT_INFOW *PrintInfo,
                                        LPDWORD FaxJobId,
                                        PFAX_CONTEXT_INFOW FaxContextInfo)
{
    const sim_function fn = SIM_FN_FaxStartPrintJobW;
    DWORD error = sim_enter(fn), spool_id;
    sim_job *job = NULL;
    print_job *record;
    HDC dc;

    if (error)
        return sim_fail(fn, error);
    /* Documented: PrintInfo and FaxContextInfo; FaxJobId "is required";
     * a recipient unless the fax goes to OutputFileName.  SizeOfStruct is
     * checked as for every sized struct of this API. */
    if (PrintInfo == NULL || FaxContextInfo == NULL || FaxJobId == NULL ||
        PrintInfo->SizeOfStruct != sizeof *PrintInfo ||
        (PrintInfo->RecipientNumber == NULL && PrintInfo->OutputFileName == NULL))
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* NULL is the local fax printer, which is named "Fax" as on Windows;
     * any other name is not a fax printer. */
    if (PrinterName != NULL && !sim_wequal_ascii_nocase(PrinterName, "Fax"))
        return sim_fail(fn, ERROR_INVALID_PRINTER_NAME);
    if (PrintInfo->OutputFileName == NULL) {
        FAX_JOB_PARAMW params;
        memset(&params, 0, sizeof params);
        params.SizeOfStruct = sizeof params;
        params.RecipientNumber = PrintInfo->RecipientNumber;
        params.RecipientName = PrintInfo->RecipientName;
        params.SenderName = PrintInfo->SenderName;
        params.SenderCompany = PrintInfo->SenderCompany;
        params.SenderDept = PrintInfo->SenderDept;
        params.BillingCode = PrintInfo->SenderBillingCode;
        params.DocumentName = PrintInfo->DocName;
        params.ScheduleAction = JSA_NOW;
        params.DeliveryReportType = PrintInfo->DrEmailAddress ? DRT_EMAIL : DRT_NONE;
        params.DeliveryReportAddress = PrintInfo->DrEmailAddress;
        error = sim_job_build(&params, NULL, &job);
        if (error)
            return sim_fail(fn, error);
    }
    record = calloc(1, sizeof *record);
    if (record == NULL) {
        sim_job_free(job);
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    }

    sim_lock();
    /* Undocumented: the user needs the right to submit faxes, as the fax
     * printer submits the job on their behalf. */
    if (!sim_has_rights(FAX_JOB_SUBMIT))
        error = ERROR_ACCESS_DENIED;
    else if (job != NULL && sim_job_enqueue(job) != 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (error) {
        sim_unlock();
        sim_job_free(job);
        free(record);
        return sim_fail(fn, error);
    }
    spool_id = next_spool_id++;
    dc = dc_token(spool_id);
    record->spool_id = spool_id;
    record->job_id = job != NULL ? job->id : 0;
    record->dc = dc;
    record->next = print_jobs;
    print_jobs = record;
    sim_unlock();

    FaxContextInfo->SizeOfStruct = sizeof *FaxContextInfo;
    FaxContextInfo->hDC = dc;
    sim_computer_name(FaxContextInfo->ServerName);
    *FaxJobId = spool_id;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxPrintCoverPageW(const FAX_CONTEXT_INFOW *FaxContextInfo,
                                         const FAX_COVERPAGE_INFOW *CoverPageInfo)
{
    const sim_function fn = SIM_FN_FaxPrintCoverPageW;
    DWORD error = sim_enter(fn);
    print_job *p;
    int found;

    if (error)
        return sim_fail(fn, error);
    if (FaxContextInfo == NULL || CoverPageInfo == NULL ||
        FaxContextInfo->SizeOfStruct != sizeof *FaxContextInfo ||
        CoverPageInfo->SizeOfStruct != sizeof *CoverPageInfo)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* A personal cover page must be a file the server finds (documented
     * ERROR_FILE_NOT_FOUND; printing one needs a name, so no name is not
     * found either).  Server cover pages are not modelled. */
    if (!CoverPageInfo->UseServerCoverPage) {
        found = CoverPageInfo->CoverPageName == NULL
                    ? 0 : sim_file_is_regular_w(CoverPageInfo->CoverPageName);
        if (found < 0)
            return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
        if (!found)
            return sim_fail(fn, ERROR_FILE_NOT_FOUND);
    }
    sim_lock();
    for (p = print_jobs; p != NULL; p = p->next)
        if (p->dc == FaxContextInfo->hDC)
            break;
    /* A device context FaxStartPrintJob never handed out: the documented
     * "FaxStartPrintJob was not called first". */
    if (p == NULL)
        return sim_fail_locked(fn, ERROR_SPL_NO_STARTDOC);
    if (p->job_id != 0) {
        sim_job *job = sim_job_find(p->job_id);
        if (job != NULL) {
            job->has_cover = 1;
            job->page_count++;
            sim_job_changed(job);
        }
    }
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}
