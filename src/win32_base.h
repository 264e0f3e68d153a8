/*
 * win32_base.h - the handful of Win32 base types and constants that the
 * WinFax client ABI is expressed in.
 *
 * On Windows the real definitions from <windows.h> are used so that our
 * declarations are interchangeable with the SDK's.  Everywhere else we
 * provide look-alikes built only from fixed-width integer types: `long`
 * and `wchar_t` change size between platforms (LP64, 4-byte wchar_t on
 * Unix), and the fax simulator must see exactly the byte layout a Windows
 * client would.
 */
#ifndef WINFAX_WIN32_BASE_H
#define WINFAX_WIN32_BASE_H

#if defined(_WIN32)

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

/*
 * HCALL is a TAPI type that <windows.h> does not provide.  With MSVC the
 * SDK's <winfax.h> includes <tapi.h> anyway, so take it from there rather
 * than risk a conflicting definition.  mingw-w64 has no <winfax.h>; there a
 * single 32-bit typedef is enough, and because mingw's <tapi.h> spells it
 * the same way (DWORD) a later include of it is a harmless identical
 * redefinition in C11 and C++.
 */
#if defined(_MSC_VER)
#include <tapi.h>
#elif !defined(TAPI_H)
typedef DWORD HCALL;
#endif

#else /* !_WIN32 */

#include <stddef.h>
#include <stdint.h>

/*
 * Calling convention: Win32 APIs are __stdcall on 32-bit x86 only.  gcc and
 * clang honour the attribute there, so a 32-bit build of the simulator
 * keeps the callee-pops convention that real WinFax.dll clients expect.
 * On 64-bit targets there is only one convention, so the macros vanish.
 */
#if defined(__i386__)
#define WINAPI __attribute__((stdcall))
#else
#define WINAPI
#endif
#define CALLBACK WINAPI

#ifndef VOID
#define VOID void
#endif

typedef uint8_t  BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t  LONG;
typedef uint32_t ULONG;
typedef int32_t  BOOL;
typedef uint32_t UINT;
typedef char     CHAR;
/* UTF-16 code unit, as on Windows; wchar_t is 32 bits on most Unixes. */
typedef uint16_t WCHAR;

typedef CHAR        *LPSTR;
typedef const CHAR  *LPCSTR;
typedef WCHAR       *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef BYTE        *LPBYTE;
typedef DWORD       *LPDWORD;
typedef void        *LPVOID;
typedef void        *PVOID;

typedef uintptr_t DWORD_PTR;
typedef uintptr_t ULONG_PTR;

typedef void   *HANDLE;
typedef HANDLE *LPHANDLE;
typedef HANDLE *PHANDLE;

/*
 * Windows builds with STRICT declare GDI/USER handles as pointers to
 * distinct incomplete structs so they cannot be mixed up; do the same.
 */
typedef struct HDC__  *HDC;
typedef struct HWND__ *HWND;

/* TAPI call handle: 32 bits wide even in 64-bit processes. */
typedef DWORD HCALL;

/* COM-style status code; the fax API reports FAX_E_* values in this form. */
typedef LONG HRESULT;
#define SEVERITY_ERROR 1
#define FACILITY_ITF 4
#define MAKE_HRESULT(sev, fac, code) \
    ((HRESULT)(((uint32_t)(sev) << 31) | ((uint32_t)(fac) << 16) | \
               (uint32_t)(code)))

/* Sizes FAX_CONTEXT_INFOW's fixed server-name buffer (NetBIOS name limit). */
#define MAX_COMPUTERNAME_LENGTH 15

/*
 * Generic access-right bits from winnt.h.  FAX_READ / FAX_WRITE /
 * FAX_ALL_ACCESS are built from them, so FaxAccessCheck masks computed
 * here match the ones a Windows client passes.
 */
#define READ_CONTROL             0x00020000u
#define STANDARD_RIGHTS_REQUIRED 0x000F0000u
#define STANDARD_RIGHTS_READ     READ_CONTROL
#define STANDARD_RIGHTS_WRITE    READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE  READ_CONTROL
#define STANDARD_RIGHTS_ALL      0x001F0000u

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)

/* 100-ns ticks since 1601-01-01, split so the struct only needs 4-byte
 * alignment (it is not a 64-bit integer in the ABI). */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    DWORD Data1;
    WORD  Data2;
    WORD  Data3;
    BYTE  Data4[8];
} GUID, *LPGUID;
typedef const GUID *LPCGUID;
/* C has no references; the SDK also spells REFGUID as a pointer in C. */
typedef const GUID *REFGUID;

/*
 * Win32 error codes the fax API reports through GetLastError().  Plain
 * unsigned literals (DWORD is unsigned int on every supported target) keep
 * them usable in #if as well as in C expressions.  Guarded
 * individually so a platform header that happens to share a name wins.
 */
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0u
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION 1u
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2u
#endif
#ifndef ERROR_PATH_NOT_FOUND
#define ERROR_PATH_NOT_FOUND 3u
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED 5u
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6u
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY 8u
#endif
#ifndef ERROR_BAD_FORMAT
#define ERROR_BAD_FORMAT 11u
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13u
#endif
#ifndef ERROR_OUTOFMEMORY
#define ERROR_OUTOFMEMORY 14u
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED 50u
#endif
#ifndef ERROR_FILE_EXISTS
#define ERROR_FILE_EXISTS 80u
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER 87u
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER 122u
#endif
#ifndef ERROR_INVALID_NAME
#define ERROR_INVALID_NAME 123u
#endif
#ifndef ERROR_BUSY
#define ERROR_BUSY 170u
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS 183u
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS 259u
#endif
#ifndef ERROR_INVALID_FLAGS
#define ERROR_INVALID_FLAGS 1004u
#endif
#ifndef ERROR_SERVICE_NOT_ACTIVE
#define ERROR_SERVICE_NOT_ACTIVE 1062u
#endif
#ifndef ERROR_CANCELLED
#define ERROR_CANCELLED 1223u
#endif
#ifndef ERROR_TIMEOUT
#define ERROR_TIMEOUT 1460u
#endif
#ifndef ERROR_INVALID_DATATYPE
#define ERROR_INVALID_DATATYPE 1804u
#endif

/* Per-thread error slot; off Windows the fax simulator library owns it. */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);

/*
 * I/O completion ports: FaxInitializeEventQueue delivers each FAX_EVENTW
 * as a completion packet whose OVERLAPPED pointer is really the event, a
 * LocalAlloc'ed block the client gives back with LocalFree.  Off Windows
 * the simulator library implements these five calls with the Windows
 * semantics (timeouts in milliseconds, INFINITE, WAIT_TIMEOUT).  Nothing
 * on this side looks inside an OVERLAPPED, so it stays incomplete.
 */
typedef ULONG_PTR *PULONG_PTR;
typedef struct _OVERLAPPED OVERLAPPED, *LPOVERLAPPED;
typedef HANDLE HLOCAL;

#ifndef INFINITE
#define INFINITE 0xFFFFFFFFu
#endif
/* The last error of a wait that ran out of time. */
#ifndef WAIT_TIMEOUT
#define WAIT_TIMEOUT 258u
#endif
/* The port was closed while a thread waited on it. */
#ifndef ERROR_ABANDONED_WAIT_0
#define ERROR_ABANDONED_WAIT_0 735u
#endif

HANDLE WINAPI CreateIoCompletionPort(HANDLE file, HANDLE existing_port,
                                     ULONG_PTR key, DWORD concurrency);
BOOL WINAPI GetQueuedCompletionStatus(HANDLE port, LPDWORD bytes,
                                      PULONG_PTR key, LPOVERLAPPED *overlapped,
                                      DWORD milliseconds);
BOOL WINAPI PostQueuedCompletionStatus(HANDLE port, DWORD bytes,
                                       ULONG_PTR key, LPOVERLAPPED overlapped);
BOOL WINAPI CloseHandle(HANDLE object);
HLOCAL WINAPI LocalFree(HLOCAL memory);

/* The binding's event hub hands each reader its own copy of a FAX_EVENTW,
 * allocated the way the service allocates the original, so every event a
 * reader holds goes back with LocalFree alike.  Only fixed memory. */
#ifndef LMEM_FIXED
#define LMEM_FIXED 0x0000u
#endif
HLOCAL WINAPI LocalAlloc(UINT flags, size_t bytes);

/* advapi32's: the account the calling thread runs as, which an access
 * denied message names (src/access_denied.c).  Off Windows the simulator
 * answers with the user its service checks. */
BOOL WINAPI GetUserNameW(LPWSTR buffer, LPDWORD size);

#endif /* _WIN32 */

#endif /* WINFAX_WIN32_BASE_H */
