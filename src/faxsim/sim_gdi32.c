/* gdi32's part of the fax client off Windows: the three calls that finish
 * what FaxStartPrintJobW started.  FaxStartPrintJobW's page tells the
 * application to end the print job with EndDoc (or AbortDoc) and to give
 * the device context back with DeleteDC; the binding does exactly that on
 * both platforms, so this library exports look-alikes with the documented
 * return conventions, and on Windows (where gdi32 itself is called, and
 * this file compiles to nothing) the same binding code runs unchanged.
 * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxstartprintjobw
 *
 * - EndDoc / AbortDoc: greater than zero on success; on failure SP_ERROR
 *   (the documented "less than or equal to zero") with the reason as the
 *   thread's last error: ERROR_INVALID_HANDLE for a device context the
 *   simulator never handed out (or already deleted), ERROR_SPL_NO_STARTDOC
 *   for one whose document already ended.
 *   https://learn.microsoft.com/en-us/windows/win32/api/wingdi/nf-wingdi-enddoc
 *   https://learn.microsoft.com/en-us/windows/win32/api/wingdi/nf-wingdi-abortdoc
 * - DeleteDC: nonzero on success, zero for a device context that is not
 *   ours (or already deleted).
 *   https://learn.microsoft.com/en-us/windows/win32/api/wingdi/nf-wingdi-deletedc
 *
 * Only the simulator's print device contexts exist here; the service
 * state behind them is in sim_print.c. */
#ifndef _WIN32

#include "sim_platform.h"
#include "sim_state.h"

/* wingdi.h's failure value for the printing calls. */
#define SP_ERROR (-1)

static int finish_doc(HDC dc, int abort)
{
    DWORD error = sim_print_end_doc(dc, abort);

    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return SP_ERROR;
    }
    return 1;
}

WINFAXAPI int WINAPI EndDoc(HDC hdc) { return finish_doc(hdc, 0); }
WINFAXAPI int WINAPI AbortDoc(HDC hdc) { return finish_doc(hdc, 1); }

WINFAXAPI BOOL WINAPI DeleteDC(HDC hdc)
{
    DWORD error = sim_print_delete_dc(hdc);

    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return FALSE;
    }
    return TRUE;
}

#endif /* !_WIN32 */
