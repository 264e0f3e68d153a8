/* The three GDI calls that finish a fax print job: EndDoc or AbortDoc, then
 * DeleteDC (FaxStartPrintJobW's page requires both).  On Windows they come
 * from gdi32 through <windows.h>; elsewhere the fax service simulator's
 * library provides look-alikes with the same return conventions
 * (src/faxsim/sim_gdi32.c), as it provides kernel32's calls. */
#ifndef WINFAX_WIN32_GDI_H
#define WINFAX_WIN32_GDI_H

#include "win32_base.h"

#ifndef _WIN32

/* > 0 on success, <= 0 (SP_ERROR) on failure, the reason in GetLastError. */
int WINAPI EndDoc(HDC hdc);
int WINAPI AbortDoc(HDC hdc);
/* Nonzero on success. */
BOOL WINAPI DeleteDC(HDC hdc);

#endif /* !_WIN32 */

#endif /* WINFAX_WIN32_GDI_H */
