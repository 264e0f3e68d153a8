/* The user the simulated clients run as, and FaxCompleteJobParamsW, which
 * fills job and cover-page parameters from that user's details.  The
 * real function reads the user's fax settings; a fresh simulated user has
 * only a name, so the sender fields carry the name and nothing else. */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_USER "user"

static WCHAR *user_name;        /* guarded by the service lock */
static int user_admin;

LPCWSTR sim_user_name(void) { return user_name; }
int sim_user_is_admin(void) { return user_admin; }

void sim_user_reset(void)
{
    WCHAR *fresh = sim_wfrom_utf8(DEFAULT_USER);
    /* Out of memory at reset keeps the previous name rather than none. */
    if (fresh != NULL) {
        free(user_name);
        user_name = fresh;
    }
    user_admin = 1;
}

FAXSIM_API int faxsim_set_user(const char *name)
{
    WCHAR *fresh;

    if (name == NULL || name[0] == 0)
        return -1;
    fresh = sim_wfrom_utf8(name);
    if (fresh == NULL)
        return -1;
    sim_lock();
    free(user_name);
    user_name = fresh;
    sim_unlock();
    return 0;
}

FAXSIM_API void faxsim_set_admin(int is_admin)
{
    sim_lock();
    user_admin = is_admin != 0;
    sim_unlock();
}

WINFAXAPI BOOL WINAPI FaxCompleteJobParamsW(PFAX_JOB_PARAMW *JobParams,
                                            PFAX_COVERPAGE_INFOW *CoverpageInfo)
{
    const sim_function fn = SIM_FN_FaxCompleteJobParamsW;
    DWORD error = sim_enter(fn);
    FAX_JOB_PARAMW *params;
    FAX_COVERPAGE_INFOW *cover;
    size_t name_bytes;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    /* The page documents no error codes; a NULL out-pointer is reported as
     * every other function of this API reports one. */
    if (JobParams == NULL || CoverpageInfo == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);

    sim_lock();
    name_bytes = sim_wbytes(sim_user_name());
    /* Two buffers, as documented: the caller frees each one. */
    params = sim_buffer_alloc(sizeof *params + name_bytes);
    cover = sim_buffer_alloc(sizeof *cover + name_bytes);
    if (params == NULL || cover == NULL) {
        sim_buffer_free(params);
        sim_buffer_free(cover);
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    }
    sim_pack_init(&pk, params + 1);
    params->SizeOfStruct = sizeof *params;
    params->SenderName = sim_pack_str(&pk, sim_user_name());
    params->ScheduleAction = JSA_NOW;
    params->DeliveryReportType = DRT_NONE;
    sim_pack_init(&pk, cover + 1);
    cover->SizeOfStruct = sizeof *cover;
    cover->SdrName = sim_pack_str(&pk, sim_user_name());
    sim_unlock();
    *JobParams = params;
    *CoverpageInfo = cover;
    sim_leave(fn);
    return TRUE;
}
