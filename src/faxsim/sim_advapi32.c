/* advapi32's GetUserNameW off Windows: the account the simulated client
 * runs as, which is the user the simulated service checks rights and job
 * ownership against (faxsim_set_user).  On Windows advapi32 itself answers
 * and this file compiles to nothing.
 *
 * As documented: the size is in characters both ways; on success it is
 * the number copied including the terminator; a buffer too small fails
 * with ERROR_INSUFFICIENT_BUFFER and the size says how many are needed.
 * https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getusernamew */
#ifndef _WIN32

#include "sim_state.h"
#include "sim_strings.h"

#include <string.h>

WINFAXAPI BOOL WINAPI GetUserNameW(LPWSTR Buffer, LPDWORD Size)
{
    LPCWSTR name;
    size_t needed;

    if (Size == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    sim_lock();
    name = sim_user_name();
    needed = sim_wlen(name) + 1;
    if (Buffer == NULL || *Size < needed) {
        sim_unlock();
        *Size = (DWORD)needed;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (name != NULL)
        memcpy(Buffer, name, needed * sizeof(WCHAR));
    else
        Buffer[0] = 0;   /* no name after a reset that ran out of memory */
    sim_unlock();
    *Size = (DWORD)needed;
    return TRUE;
}

#endif /* !_WIN32 */
