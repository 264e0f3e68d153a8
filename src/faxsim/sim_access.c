/* FaxAccessCheck: what the service would let the calling user do. */
#include "sim_internal.h"

WINFAXAPI BOOL WINAPI FaxAccessCheck(HANDLE FaxHandle, DWORD AccessMask)
{
    const sim_function fn = SIM_FN_FaxAccessCheck;
    DWORD error = sim_enter(fn);
    DWORD granted;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER)) {
        sim_unlock();
        return sim_fail(fn, ERROR_INVALID_HANDLE);
    }
    granted = sim_access_rights();
    sim_unlock();
    /* Documented: a missing right is not a failure; the answer is FALSE
     * with ERROR_SUCCESS as the last error. */
    sim_leave(fn);
    SetLastError(ERROR_SUCCESS);
    return (granted & AccessMask) == AccessMask;
}
