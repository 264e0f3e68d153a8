/*
 * winfax_layout.h - compile-time proof that every struct of the winfax ABI
 * has the layout MSVC gives the Windows SDK's declarations.
 *
 * The fax service, WinFax.dll and (off Windows) our simulator exchange
 * these structs as raw memory, so a single misplaced field would corrupt
 * data silently.  Each row below states a size or field offset for both
 * Windows ABIs: 32-bit x86 first, then x64.  The column is chosen by
 * pointer width rather than by compiler or OS macros, because pointer
 * width is the only thing that changes these layouts: every other field is
 * a fixed-width integer or a struct of them.  Linux/macOS 64-bit therefore
 * match the x64 column and 32-bit hosts the x86 one.
 *
 * The numbers were derived by hand from natural alignment (pointers 4/8,
 * DWORD/BOOL 4, WORD/WCHAR 2, FILETIME aligned to 4, SYSTEMTIME to 2) and
 * cross-checked against the SDK declarations compiled by mingw-w64 for
 * both targets.  No struct in the SDK header uses #pragma pack.
 *
 * Under MSVC this checks the real <winfax.h>, which guards against our
 * declarations and the SDK drifting apart.
 */
#ifndef WINFAX_LAYOUT_H
#define WINFAX_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * C11 spells it _Static_assert, C++ static_assert.  MSVC's C compiler only
 * knows _Static_assert with /std:c11 or later (which sets __STDC_VERSION__);
 * for anything older fall back to an array typedef whose size goes
 * negative when the condition is false.
 */
#if defined(__cplusplus)
#define WINFAX_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define WINFAX_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#else
#define WINFAX_SA_CAT_(a, b) a##b
#define WINFAX_SA_CAT(a, b) WINFAX_SA_CAT_(a, b)
#define WINFAX_STATIC_ASSERT(cond, msg) \
    typedef char WINFAX_SA_CAT(winfax_static_assert_line_, __LINE__)[(cond) ? 1 : -1]
#endif

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
#define WINFAX_PICK(x86, x64) (x64)
#elif UINTPTR_MAX == 0xFFFFFFFFu
#define WINFAX_PICK(x86, x64) (x86)
#else
#error "winfax ABI exists only for 32- and 64-bit pointers"
#endif

/* One assertion per row, so a failure names the exact struct and field. */
#define WINFAX_SIZE(type, x86, x64)                                   \
    WINFAX_STATIC_ASSERT(sizeof(type) == WINFAX_PICK(x86, x64),       \
                         "sizeof(" #type ") differs from the Windows SDK")
#define WINFAX_FIELD(type, field, x86, x64)                               \
    WINFAX_STATIC_ASSERT(offsetof(type, field) == WINFAX_PICK(x86, x64),  \
                         "offsetof(" #type ", " #field                    \
                         ") differs from the Windows SDK")

/* ---- scalar building blocks --------------------------------------------
 * If one of these is wrong every struct check below fails at once; these
 * rows say which type is to blame. */
WINFAX_SIZE(BYTE,      1, 1);
WINFAX_SIZE(WORD,      2, 2);
WINFAX_SIZE(DWORD,     4, 4);
WINFAX_SIZE(LONG,      4, 4);
WINFAX_SIZE(BOOL,      4, 4);
WINFAX_SIZE(UINT,      4, 4);
WINFAX_SIZE(WCHAR,     2, 2);
WINFAX_SIZE(HANDLE,    4, 8);
WINFAX_SIZE(HDC,       4, 8);
WINFAX_SIZE(HWND,      4, 8);
WINFAX_SIZE(LPCWSTR,   4, 8);
WINFAX_SIZE(DWORD_PTR, 4, 8);
WINFAX_SIZE(ULONG_PTR, 4, 8);
#if !defined(_MSC_VER)
/* Ours is a DWORD; the SDK takes HCALL from <tapi.h>, so don't second-guess
 * its spelling there.  Either way FAX_JOB_PARAMW's rows below must hold. */
WINFAX_SIZE(HCALL,     4, 4);
#endif

/* ---- base structs from the Windows headers ----------------------------- */
WINFAX_SIZE(FILETIME, 8, 8);
WINFAX_FIELD(FILETIME, dwLowDateTime,  0, 0);
WINFAX_FIELD(FILETIME, dwHighDateTime, 4, 4);

WINFAX_SIZE(SYSTEMTIME, 16, 16);
WINFAX_FIELD(SYSTEMTIME, wYear,          0,  0);
WINFAX_FIELD(SYSTEMTIME, wMonth,         2,  2);
WINFAX_FIELD(SYSTEMTIME, wDayOfWeek,     4,  4);
WINFAX_FIELD(SYSTEMTIME, wDay,           6,  6);
WINFAX_FIELD(SYSTEMTIME, wHour,          8,  8);
WINFAX_FIELD(SYSTEMTIME, wMinute,       10, 10);
WINFAX_FIELD(SYSTEMTIME, wSecond,       12, 12);
WINFAX_FIELD(SYSTEMTIME, wMilliseconds, 14, 14);

WINFAX_SIZE(GUID, 16, 16);
WINFAX_FIELD(GUID, Data1, 0, 0);
WINFAX_FIELD(GUID, Data2, 4, 4);
WINFAX_FIELD(GUID, Data3, 6, 6);
WINFAX_FIELD(GUID, Data4, 8, 8);

/* ---- winfax structs, in SDK order -------------------------------------- */
/*                                                 x86  x64 */
WINFAX_SIZE(FAX_LOG_CATEGORYW,                     12,  16);
WINFAX_FIELD(FAX_LOG_CATEGORYW, Name,               0,   0);
WINFAX_FIELD(FAX_LOG_CATEGORYW, Category,           4,   8);
WINFAX_FIELD(FAX_LOG_CATEGORYW, Level,              8,  12);

WINFAX_SIZE(FAX_TIME,                               4,   4);
WINFAX_FIELD(FAX_TIME, Hour,                        0,   0);
WINFAX_FIELD(FAX_TIME, Minute,                      2,   2);

WINFAX_SIZE(FAX_CONFIGURATIONW,                    52,  64);
WINFAX_FIELD(FAX_CONFIGURATIONW, SizeOfStruct,      0,   0);
WINFAX_FIELD(FAX_CONFIGURATIONW, Retries,           4,   4);
WINFAX_FIELD(FAX_CONFIGURATIONW, RetryDelay,        8,   8);
WINFAX_FIELD(FAX_CONFIGURATIONW, DirtyDays,        12,  12);
WINFAX_FIELD(FAX_CONFIGURATIONW, Branding,         16,  16);
WINFAX_FIELD(FAX_CONFIGURATIONW, UseDeviceTsid,    20,  20);
WINFAX_FIELD(FAX_CONFIGURATIONW, ServerCp,         24,  24);
WINFAX_FIELD(FAX_CONFIGURATIONW, PauseServerQueue, 28,  28);
WINFAX_FIELD(FAX_CONFIGURATIONW, StartCheapTime,   32,  32);
WINFAX_FIELD(FAX_CONFIGURATIONW, StopCheapTime,    36,  36);
WINFAX_FIELD(FAX_CONFIGURATIONW, ArchiveOutgoingFaxes, 40, 40);
WINFAX_FIELD(FAX_CONFIGURATIONW, ArchiveDirectory, 44,  48);
WINFAX_FIELD(FAX_CONFIGURATIONW, Reserved,         48,  56);

/* x64 gains padding before PhoneNumber and Tsid, and FILETIME (4-aligned)
 * lets StartTime sit at an offset that is not a multiple of 8. */
WINFAX_SIZE(FAX_DEVICE_STATUSW,                    88, 144);
WINFAX_FIELD(FAX_DEVICE_STATUSW, SizeOfStruct,      0,   0);
WINFAX_FIELD(FAX_DEVICE_STATUSW, CallerId,          4,   8);
WINFAX_FIELD(FAX_DEVICE_STATUSW, Csid,              8,  16);
WINFAX_FIELD(FAX_DEVICE_STATUSW, CurrentPage,      12,  24);
WINFAX_FIELD(FAX_DEVICE_STATUSW, DeviceId,         16,  28);
WINFAX_FIELD(FAX_DEVICE_STATUSW, DeviceName,       20,  32);
WINFAX_FIELD(FAX_DEVICE_STATUSW, DocumentName,     24,  40);
WINFAX_FIELD(FAX_DEVICE_STATUSW, JobType,          28,  48);
WINFAX_FIELD(FAX_DEVICE_STATUSW, PhoneNumber,      32,  56);
WINFAX_FIELD(FAX_DEVICE_STATUSW, RoutingString,    36,  64);
WINFAX_FIELD(FAX_DEVICE_STATUSW, SenderName,       40,  72);
WINFAX_FIELD(FAX_DEVICE_STATUSW, RecipientName,    44,  80);
WINFAX_FIELD(FAX_DEVICE_STATUSW, Size,             48,  88);
WINFAX_FIELD(FAX_DEVICE_STATUSW, StartTime,        52,  92);
WINFAX_FIELD(FAX_DEVICE_STATUSW, Status,           60, 100);
WINFAX_FIELD(FAX_DEVICE_STATUSW, StatusString,     64, 104);
WINFAX_FIELD(FAX_DEVICE_STATUSW, SubmittedTime,    68, 112);
WINFAX_FIELD(FAX_DEVICE_STATUSW, TotalPages,       76, 120);
WINFAX_FIELD(FAX_DEVICE_STATUSW, Tsid,             80, 128);
WINFAX_FIELD(FAX_DEVICE_STATUSW, UserName,         84, 136);

/* SYSTEMTIME is only 2-aligned, so ScheduleTime follows ScheduleAction
 * directly and leaves DeliveryReportType at a 4-but-not-8 offset on x64. */
WINFAX_SIZE(FAX_JOB_ENTRYW,                        92, 136);
WINFAX_FIELD(FAX_JOB_ENTRYW, SizeOfStruct,          0,   0);
WINFAX_FIELD(FAX_JOB_ENTRYW, JobId,                 4,   4);
WINFAX_FIELD(FAX_JOB_ENTRYW, UserName,              8,   8);
WINFAX_FIELD(FAX_JOB_ENTRYW, JobType,              12,  16);
WINFAX_FIELD(FAX_JOB_ENTRYW, QueueStatus,          16,  20);
WINFAX_FIELD(FAX_JOB_ENTRYW, Status,               20,  24);
WINFAX_FIELD(FAX_JOB_ENTRYW, Size,                 24,  28);
WINFAX_FIELD(FAX_JOB_ENTRYW, PageCount,            28,  32);
WINFAX_FIELD(FAX_JOB_ENTRYW, RecipientNumber,      32,  40);
WINFAX_FIELD(FAX_JOB_ENTRYW, RecipientName,        36,  48);
WINFAX_FIELD(FAX_JOB_ENTRYW, Tsid,                 40,  56);
WINFAX_FIELD(FAX_JOB_ENTRYW, SenderName,           44,  64);
WINFAX_FIELD(FAX_JOB_ENTRYW, SenderCompany,        48,  72);
WINFAX_FIELD(FAX_JOB_ENTRYW, SenderDept,           52,  80);
WINFAX_FIELD(FAX_JOB_ENTRYW, BillingCode,          56,  88);
WINFAX_FIELD(FAX_JOB_ENTRYW, ScheduleAction,       60,  96);
WINFAX_FIELD(FAX_JOB_ENTRYW, ScheduleTime,         64, 100);
WINFAX_FIELD(FAX_JOB_ENTRYW, DeliveryReportType,   80, 116);
WINFAX_FIELD(FAX_JOB_ENTRYW, DeliveryReportAddress, 84, 120);
WINFAX_FIELD(FAX_JOB_ENTRYW, DocumentName,         88, 128);

WINFAX_SIZE(FAX_PORT_INFOW,                        36,  48);
WINFAX_FIELD(FAX_PORT_INFOW, SizeOfStruct,          0,   0);
WINFAX_FIELD(FAX_PORT_INFOW, DeviceId,              4,   4);
WINFAX_FIELD(FAX_PORT_INFOW, State,                 8,   8);
WINFAX_FIELD(FAX_PORT_INFOW, Flags,                12,  12);
WINFAX_FIELD(FAX_PORT_INFOW, Rings,                16,  16);
WINFAX_FIELD(FAX_PORT_INFOW, Priority,             20,  20);
WINFAX_FIELD(FAX_PORT_INFOW, DeviceName,           24,  24);
WINFAX_FIELD(FAX_PORT_INFOW, Tsid,                 28,  32);
WINFAX_FIELD(FAX_PORT_INFOW, Csid,                 32,  40);

WINFAX_SIZE(FAX_ROUTING_METHODW,                   36,  64);
WINFAX_FIELD(FAX_ROUTING_METHODW, SizeOfStruct,     0,   0);
WINFAX_FIELD(FAX_ROUTING_METHODW, DeviceId,         4,   4);
WINFAX_FIELD(FAX_ROUTING_METHODW, Enabled,          8,   8);
WINFAX_FIELD(FAX_ROUTING_METHODW, DeviceName,      12,  16);
WINFAX_FIELD(FAX_ROUTING_METHODW, Guid,            16,  24);
WINFAX_FIELD(FAX_ROUTING_METHODW, FriendlyName,    20,  32);
WINFAX_FIELD(FAX_ROUTING_METHODW, FunctionName,    24,  40);
WINFAX_FIELD(FAX_ROUTING_METHODW, ExtensionImageName, 28, 48);
WINFAX_FIELD(FAX_ROUTING_METHODW, ExtensionFriendlyName, 32, 56);

WINFAX_SIZE(FAX_GLOBAL_ROUTING_INFOW,              28,  48);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, SizeOfStruct, 0,  0);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, Priority,    4,   4);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, Guid,        8,   8);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, FriendlyName, 12, 16);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, FunctionName, 16, 24);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, ExtensionImageName, 20, 32);
WINFAX_FIELD(FAX_GLOBAL_ROUTING_INFOW, ExtensionFriendlyName, 24, 40);

/* The trailing DWORD after TimeSent forces 4 bytes of tail padding on x64. */
WINFAX_SIZE(FAX_COVERPAGE_INFOW,                  128, 240);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SizeOfStruct,     0,   0);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, CoverPageName,    4,   8);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, UseServerCoverPage, 8, 16);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecName,         12,  24);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecFaxNumber,    16,  32);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecCompany,      20,  40);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecStreetAddress, 24, 48);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecCity,         28,  56);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecState,        32,  64);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecZip,          36,  72);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecCountry,      40,  80);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecTitle,        44,  88);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecDepartment,   48,  96);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecOfficeLocation, 52, 104);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecHomePhone,    56, 112);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, RecOfficePhone,  60, 120);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrName,         64, 128);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrFaxNumber,    68, 136);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrCompany,      72, 144);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrAddress,      76, 152);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrTitle,        80, 160);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrDepartment,   84, 168);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrOfficeLocation, 88, 176);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrHomePhone,    92, 184);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, SdrOfficePhone,  96, 192);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, Note,           100, 200);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, Subject,        104, 208);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, TimeSent,       108, 216);
WINFAX_FIELD(FAX_COVERPAGE_INFOW, PageCount,      124, 232);

/* On x64 CallHandle (4 bytes at 104) is followed by 4 bytes of padding
 * before the 8-aligned Reserved array.  That also means the layout is the
 * same whether a given SDK spells HCALL as a DWORD or as a pointer. */
WINFAX_SIZE(FAX_JOB_PARAMW,                        80, 136);
WINFAX_FIELD(FAX_JOB_PARAMW, SizeOfStruct,          0,   0);
WINFAX_FIELD(FAX_JOB_PARAMW, RecipientNumber,       4,   8);
WINFAX_FIELD(FAX_JOB_PARAMW, RecipientName,         8,  16);
WINFAX_FIELD(FAX_JOB_PARAMW, Tsid,                 12,  24);
WINFAX_FIELD(FAX_JOB_PARAMW, SenderName,           16,  32);
WINFAX_FIELD(FAX_JOB_PARAMW, SenderCompany,        20,  40);
WINFAX_FIELD(FAX_JOB_PARAMW, SenderDept,           24,  48);
WINFAX_FIELD(FAX_JOB_PARAMW, BillingCode,          28,  56);
WINFAX_FIELD(FAX_JOB_PARAMW, ScheduleAction,       32,  64);
WINFAX_FIELD(FAX_JOB_PARAMW, ScheduleTime,         36,  68);
WINFAX_FIELD(FAX_JOB_PARAMW, DeliveryReportType,   52,  84);
WINFAX_FIELD(FAX_JOB_PARAMW, DeliveryReportAddress, 56, 88);
WINFAX_FIELD(FAX_JOB_PARAMW, DocumentName,         60,  96);
WINFAX_FIELD(FAX_JOB_PARAMW, CallHandle,           64, 104);
WINFAX_FIELD(FAX_JOB_PARAMW, Reserved,             68, 112);

/* No pointers: identical on both ABIs. */
WINFAX_SIZE(FAX_EVENTW,                            24,  24);
WINFAX_FIELD(FAX_EVENTW, SizeOfStruct,              0,   0);
WINFAX_FIELD(FAX_EVENTW, TimeStamp,                 4,   4);
WINFAX_FIELD(FAX_EVENTW, DeviceId,                 12,  12);
WINFAX_FIELD(FAX_EVENTW, EventId,                  16,  16);
WINFAX_FIELD(FAX_EVENTW, JobId,                    20,  20);

WINFAX_SIZE(FAX_PRINT_INFOW,                       44,  88);
WINFAX_FIELD(FAX_PRINT_INFOW, SizeOfStruct,         0,   0);
WINFAX_FIELD(FAX_PRINT_INFOW, DocName,              4,   8);
WINFAX_FIELD(FAX_PRINT_INFOW, RecipientName,        8,  16);
WINFAX_FIELD(FAX_PRINT_INFOW, RecipientNumber,     12,  24);
WINFAX_FIELD(FAX_PRINT_INFOW, SenderName,          16,  32);
WINFAX_FIELD(FAX_PRINT_INFOW, SenderCompany,       20,  40);
WINFAX_FIELD(FAX_PRINT_INFOW, SenderDept,          24,  48);
WINFAX_FIELD(FAX_PRINT_INFOW, SenderBillingCode,   28,  56);
WINFAX_FIELD(FAX_PRINT_INFOW, Reserved,            32,  64);
WINFAX_FIELD(FAX_PRINT_INFOW, DrEmailAddress,      36,  72);
WINFAX_FIELD(FAX_PRINT_INFOW, OutputFileName,      40,  80);

/* ServerName is 16 WCHARs (MAX_COMPUTERNAME_LENGTH + 1) = 32 bytes. */
WINFAX_SIZE(FAX_CONTEXT_INFOW,                     40,  48);
WINFAX_FIELD(FAX_CONTEXT_INFOW, SizeOfStruct,       0,   0);
WINFAX_FIELD(FAX_CONTEXT_INFOW, hDC,                4,   8);
WINFAX_FIELD(FAX_CONTEXT_INFOW, ServerName,         8,  16);

/* ---- constants assembled from other headers' macros --------------------
 * These depend on STANDARD_RIGHTS_* and MAKE_HRESULT, which we supply
 * ourselves off Windows; pin the results to the values Windows computes. */
WINFAX_STATIC_ASSERT(MAX_COMPUTERNAME_LENGTH == 15, "MAX_COMPUTERNAME_LENGTH");
WINFAX_STATIC_ASSERT(FAX_READ == 0x00020016, "FAX_READ");
WINFAX_STATIC_ASSERT(FAX_WRITE == 0x00020001, "FAX_WRITE");
WINFAX_STATIC_ASSERT(FAX_ALL_ACCESS == 0x001F007F, "FAX_ALL_ACCESS");
WINFAX_STATIC_ASSERT((DWORD)FAX_E_SRV_OUTOFMEMORY == 0x80041B59u,
                     "FAX_E_SRV_OUTOFMEMORY");
WINFAX_STATIC_ASSERT((DWORD)FAX_E_RECIPIENTS_LIMIT == 0x80041B65u,
                     "FAX_E_RECIPIENTS_LIMIT");

#undef WINFAX_SIZE
#undef WINFAX_FIELD
#undef WINFAX_PICK

#endif /* WINFAX_LAYOUT_H */
