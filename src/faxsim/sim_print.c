/* Printing a fax: FaxStartPrintJobW and FaxPrintCoverPageW, and the end
 * of every print job, which the client reaches through GDI: EndDoc or
 * AbortDoc, then DeleteDC (sim_gdi32.c routes those here off Windows).
 *
 * There is no GDI off Windows, so nothing is ever drawn: the device
 * context handed out is an opaque token that only FaxPrintCoverPageW and
 * the GDI stand-ins understand, and a printed cover page is recorded as
 * one more page of the job.  The id FaxStartPrintJobW returns is the print
 * spooler's, deliberately from a different range than fax job ids, since
 * the documentation warns the two are not interchangeable.
 *
 * The fax job appears in the queue when the document ends (EndDoc), as on
 * Windows, where the fax printer driver keeps the rendered image as a
 * temporary TIFF file and hands it to the fax service to queue and send
 * ("About Sending a Fax", printing from an application to the fax printer:
 * https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-about-sending-a-fax),
 * so the service sees the document only once it is complete.  AbortDoc
 * queues nothing, and so does DeleteDC of a document never ended (the
 * simulator's choice: GDI's pages do not say, and an unfinished document
 * is never sent).  A device context never
 * given back stays open, with its document unsent, until the simulator is
 * reset; faxsim_open_print_jobs() counts them.
 *
 * FaxStartPrintJobW documents no access right and needs no connection to
 * the service ("Printing a Fax to a Device Context"), so it checks none.
 * The service sees the document at EndDoc and queues it only for a user
 * with FAX_JOB_SUBMIT, as FaxSendDocument requires; EndDoc cannot report
 * the service's refusal (the spooler took the document), so a user without
 * the right simply gets no fax job.
 * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxstartprintjobw
 * https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-printing-a-fax-to-a-device-context */
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
/* The TimeSent of the last cover page FaxPrintCoverPageW printed, as the
 * client sent it, for faxsim_last_cover_time_sent; guarded by the service
 * lock.  Nothing else reads it: no page is drawn off Windows. */
static SYSTEMTIME last_time_sent;
static int have_time_sent;

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
        sim_job_free(image->jobs->pending);
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

    /* A saved record keeps no document: one whose fax job was queued had
     * ended; any other comes back open, and ending it queues nothing. */
    for (print_job *p = image->jobs; p != NULL; p = p->next) {
        p->dc = dc_token(p->spool_id);
        p->pending = NULL;
        p->doc_open = p->job_id == 0;
    }
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
    have_time_sent = 0;
}

void sim_print_job_gone(DWORD job_id)
{
    for (print_job *p = print_jobs; p != NULL; p = p->next)
        if (p->job_id == job_id)
            p->job_id = 0;
}

/* The record behind a device context, or NULL; `prev` (if asked) gets the
 * link that points at it.  Called with the lock held. */
static print_job *find_dc(HDC dc, print_job ***prev)
{
    for (print_job **link = &print_jobs; *link != NULL; link = &(*link)->next) {
        if ((*link)->dc == dc) {
            if (prev != NULL)
                *prev = link;
            return *link;
        }
    }
    return NULL;
}

WINFAXAPI BOOL WINAPI FaxStartPrintJobW(LPCWSTR PrinterName,
                                        const FAX_PRINT_INFOW *PrintInfo,
                                        LPDWORD FaxJobId,
                                        PFAX_CONTEXT_INFOW FaxContextInfo)
{
    const sim_function fn = SIM_FN_FaxStartPrintJobW;
    DWORD error = sim_enter(fn), spool_id;
    FAX_JOB_PARAMW params;
    sim_job *job = NULL;
    print_job *record;
    HDC dc;

    if (error)
        return sim_fail(fn, error);
    /* Documented: PrintInfo and FaxContextInfo; FaxJobId "is required".
     * SizeOfStruct is checked as for every sized struct of this API.
     *
     * The two pages disagree about OutputFileName.  FAX_PRINT_INFO's page
     * makes RecipientNumber required and says Reserved must be NULL and
     * OutputFileName is reserved for future use and must be NULL.  The
     * function page's ERROR_INVALID_PARAMETER row names a NULL
     * RecipientNumber, then also a NULL OutputFileName with no
     * RecipientNumber, as if a file name could stand in for a recipient;
     * but its first clause already refuses every NULL RecipientNumber, and
     * neither page says what a file name would do.  So the simulator
     * follows the structure page: no recipient, or anything in a member
     * that must be NULL, is ERROR_INVALID_PARAMETER, the code the function
     * page gives for PrintInfo it cannot use.  (Windows might ignore a
     * reserved member rather than refuse it; refusing tells the caller.)
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_print_infow
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxstartprintjobw */
    if (PrintInfo == NULL || FaxContextInfo == NULL || FaxJobId == NULL ||
        PrintInfo->SizeOfStruct != sizeof *PrintInfo ||
        PrintInfo->RecipientNumber == NULL ||
        PrintInfo->Reserved != NULL || PrintInfo->OutputFileName != NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* NULL is the local fax printer, which is named "Fax" as on Windows;
     * any other name is not a fax printer.  A network name
     * (\\machine\printer, which the page allows) is refused too: the
     * simulator is the local fax server only, as FaxConnectFaxServer's page
     * says the legacy API is, so no other machine has a fax printer. */
    if (PrinterName != NULL && !sim_wequal_ascii_nocase(PrinterName, "Fax"))
        return sim_fail(fn, ERROR_INVALID_PRINTER_NAME);
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
    record = calloc(1, sizeof *record);
    if (record == NULL) {
        sim_job_free(job);
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    }

    sim_lock();
    spool_id = next_spool_id++;
    dc = dc_token(spool_id);
    record->spool_id = spool_id;
    record->dc = dc;
    record->pending = job;
    record->doc_open = 1;
    record->next = print_jobs;
    print_jobs = record;
    sim_unlock();

    FaxContextInfo->SizeOfStruct = sizeof *FaxContextInfo;
    FaxContextInfo->hDC = dc;
    /* FAX_CONTEXT_INFO's page: ServerName is empty when the fax server is
     * on the local computer, and the only server here is local.
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_context_infoa */
    memset(FaxContextInfo->ServerName, 0, sizeof FaxContextInfo->ServerName);
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
    p = find_dc(FaxContextInfo->hDC, NULL);
    /* A device context FaxStartPrintJob never handed out, or whose
     * document already ended.  This function's page lists no code for
     * either; FaxStartPrintJob's page gives ERROR_SPL_NO_STARTDOC for a
     * missing FaxStartPrintJob call and so no StartDoc, a device context
     * with no document open, which that function cannot meet itself; so
     * the simulator answers with it here (its choice). */
    if (p == NULL || !p->doc_open)
        return sim_fail_locked(fn, ERROR_SPL_NO_STARTDOC);
    /* The page belongs to the document being printed; the fax job it
     * becomes is queued at EndDoc. */
    if (p->pending != NULL) {
        p->pending->has_cover = 1;
        p->pending->page_count++;
    }
    last_time_sent = CoverPageInfo->TimeSent;
    have_time_sent = 1;
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

DWORD sim_print_end_doc(HDC dc, int abort)
{
    sim_job *unsent = NULL;
    DWORD error = ERROR_SUCCESS;
    print_job *p;

    sim_lock();
    p = find_dc(dc, NULL);
    if (p == NULL) {
        error = ERROR_INVALID_HANDLE;
    }
    else if (!p->doc_open) {
        /* EndDoc or AbortDoc a second time: no document is open. */
        error = ERROR_SPL_NO_STARTDOC;
    }
    else {
        p->doc_open = 0;
        unsent = p->pending;
        p->pending = NULL;
        /* The service takes the finished document as it takes
         * FaxSendDocument's, from a user allowed to submit faxes. */
        if (!abort && unsent != NULL && sim_has_rights(FAX_JOB_SUBMIT)) {
            if (sim_job_enqueue(unsent) == 0) {
                p->job_id = unsent->id;
                unsent = NULL;
            }
            else {
                error = ERROR_NOT_ENOUGH_MEMORY;
            }
        }
    }
    sim_unlock();
    sim_job_free(unsent);
    return error;
}

DWORD sim_print_delete_dc(HDC dc)
{
    print_job **link = NULL, *p;

    sim_lock();
    p = find_dc(dc, &link);
    if (p != NULL)
        *link = p->next;
    sim_unlock();
    if (p == NULL)
        return ERROR_INVALID_HANDLE;
    /* A document never ended goes with its device context, unsent. */
    sim_job_free(p->pending);
    free(p);
    return ERROR_SUCCESS;
}

FAXSIM_API int faxsim_last_cover_time_sent(uint16_t fields[8])
{
    int have;

    sim_lock();
    have = have_time_sent;
    sim_systemtime_fields(&last_time_sent, fields);
    sim_unlock();
    return have ? 0 : -1;
}

FAXSIM_API uint32_t faxsim_open_print_jobs(void)
{
#ifdef _WIN32
    /* The client's DeleteDC goes to gdi32, out of the simulator's sight. */
    return FAXSIM_UNTRACKED;
#else
    uint32_t n = 0;

    sim_lock();
    for (const print_job *p = print_jobs; p != NULL; p = p->next)
        n++;
    sim_unlock();
    return n;
#endif
}
