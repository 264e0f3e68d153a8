/* FaxSendDocumentForBroadcastW: one job per recipient the client's
 * callback supplies, all sharing one copy of the document.
 *
 * Following the documented order of operations, each recipient's job is
 * queued before the callback is asked for the next one.  So when a later
 * recipient is refused (bad parameters, the handle closed by the callback,
 * out of memory), the call fails and the jobs already queued stay queued,
 * as they would on a server that had started sending them.  *FaxJobId
 * receives the id of the first recipient's job, the one the documentation
 * calls "the queued job".  A callback that supplies no recipient at all
 * leaves nothing to send: we fail that with ERROR_INVALID_PARAMETER (the
 * documentation does not say).
 *
 * The callback runs without the service lock, so it may call any function
 * of the API, FaxClose on this very handle included. */
#include "sim_state.h"

#include <string.h>

/* A runaway callback (one that never returns FALSE) is stopped here with
 * the error the extended fax API reports for too many recipients. */
#define MAX_RECIPIENTS 65536u

WINFAXAPI BOOL WINAPI FaxSendDocumentForBroadcastW(
    HANDLE FaxHandle, LPCWSTR FileName, LPDWORD FaxJobId,
    PFAX_RECIPIENT_CALLBACKW FaxRecipientCallback, LPVOID Context)
{
    const sim_function fn = SIM_FN_FaxSendDocumentForBroadcastW;
    DWORD error = sim_enter(fn), first_id = 0, n;
    sim_document *doc;
    int no_cover;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || FileName == NULL || FaxJobId == NULL ||
        FaxRecipientCallback == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_JOB_SUBMIT))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    sim_unlock();
    /* "queues the master document" first: a bad file fails before any
     * callback is made. */
    error = sim_document_load(FileName, &doc);
    if (error)
        return sim_fail(fn, error);
    no_cover = sim_oddity_take(FAXSIM_ODDITY_NULL_COVER_PAGE);

    for (n = 1; error == ERROR_SUCCESS; n++) {
        FAX_JOB_PARAMW params;
        FAX_COVERPAGE_INFOW cover;
        sim_job *job;

        if (n > MAX_RECIPIENTS) {
            error = FAX_ERR_RECIPIENTS_LIMIT;
            break;
        }
        /* Fresh structs each time, so one recipient's data never leaks
         * into the next's. */
        memset(&params, 0, sizeof params);
        memset(&cover, 0, sizeof cover);
        params.SizeOfStruct = sizeof params;
        cover.SizeOfStruct = sizeof cover;
        /* The callback's CoverpageInfo is optional, NULL when no cover
         * page is wanted (learn.microsoft.com/en-us/windows/win32/api/
         * winfax/nc-winfax-pfax_recipient_callbacka); this service always
         * passes one, but faxsim_arm_oddity's NULL_COVER_PAGE passes NULL
         * so that tests see a client cope with it. */
        if (!FaxRecipientCallback(FaxHandle, n, Context, &params,
                                  no_cover ? NULL : &cover))
            break;
        /* The service always hands over a cover page struct; the client
         * asks for a cover page by naming one in it. */
        error = sim_job_build(&params,
                              cover.CoverPageName || cover.UseServerCoverPage
                                  ? &cover : NULL,
                              &job);
        if (error)
            break;
        sim_job_attach(job, doc);
        sim_lock();
        if (!sim_handle_is_open(FaxHandle, SIM_HANDLE_SERVER))
            error = ERROR_INVALID_HANDLE;
        else if (sim_job_enqueue(job) != 0)
            error = ERROR_NOT_ENOUGH_MEMORY;
        else if (first_id == 0)
            first_id = job->id;
        sim_unlock();
        if (error)
            sim_job_free(job);
    }
    sim_document_release(doc);
    if (error == ERROR_SUCCESS && first_id == 0)
        error = ERROR_INVALID_PARAMETER;
    if (error)
        return sim_fail(fn, error);
    *FaxJobId = first_id;
    sim_leave(fn);
    return TRUE;
}
