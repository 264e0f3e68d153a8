/* FaxSendDocumentW: queue one job that sends a TIFF file. */
#include "sim_state.h"

/* Rights are checked before the file is read, as the call would be
 * refused at the server's door; the handle is checked again once the
 * file is in, since another thread may have closed it meanwhile. */
WINFAXAPI BOOL WINAPI FaxSendDocumentW(HANDLE FaxHandle, LPCWSTR FileName,
                                       PFAX_JOB_PARAMW JobParams,
                                       const FAX_COVERPAGE_INFOW *CoverpageInfo,
                                       LPDWORD FaxJobId)
{
    const sim_function fn = SIM_FN_FaxSendDocumentW;
    DWORD error = sim_enter(fn), id;
    sim_document *doc;
    sim_job *job;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || FileName == NULL || JobParams == NULL ||
        FaxJobId == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_JOB_SUBMIT))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    sim_unlock();

    error = sim_job_build(JobParams, CoverpageInfo, &job);
    if (error)
        return sim_fail(fn, error);
    error = sim_document_load(FileName, &doc);
    if (error) {
        sim_job_free(job);
        return sim_fail(fn, error);
    }
    sim_job_attach(job, doc);
    sim_document_release(doc);      /* the job holds its own reference */

    sim_lock();
    if (!sim_handle_is_open(FaxHandle, SIM_HANDLE_SERVER))
        error = ERROR_INVALID_HANDLE;
    else if (sim_job_enqueue(job) != 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    id = job->id;
    sim_unlock();
    if (error) {
        sim_job_free(job);
        return sim_fail(fn, error);
    }
    *FaxJobId = id;
    sim_leave(fn);
    return TRUE;
}
