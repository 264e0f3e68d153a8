/*
 * winfax_abi.h - the client side of the Windows Fax Service (WinFax.dll)
 * ABI, Unicode entry points only.
 *
 * MSVC builds use the SDK's own <winfax.h> so there is a single source of
 * truth there.  Everywhere else (mingw-w64 ships an import library but no
 * header; the Unix fax simulator has neither) the declarations below stand
 * in for it.  They restate the SDK header's types, constants and
 * prototypes in the SDK's order; winfax_layout.h then pins every struct's
 * layout to the numbers MSVC produces, so a slip here fails to compile.
 *
 * Only the W (UTF-16) structs and functions plus the functions that have
 * no string arguments are declared: the extension never needs the ANSI
 * code-page variants, and leaving out the UNICODE-dependent aliases keeps
 * every name unambiguous regardless of build flags.
 */
#ifndef WINFAX_ABI_H
#define WINFAX_ABI_H

#include "win32_base.h"

#if defined(_MSC_VER)

#include <winfax.h>

#else /* !_MSC_VER */

/*
 * The simulator defines WINFAXAPI to export its implementations; real
 * clients on mingw import from WinFax.dll, and marking the declarations
 * dllimport lets the compiler call through the import table directly
 * instead of via a linker-generated thunk.
 */
#ifndef WINFAXAPI
#if defined(_WIN32)
#define WINFAXAPI __declspec(dllimport)
#else
#define WINFAXAPI
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Error codes.  The fax service reports these through GetLastError() in
 * the same space as ordinary Win32 errors, so they must not overlap them;
 * the SDK reserves 7001..7013.  The SDK writes them as long literals; plain
 * int literals keep the same values without dragging in `long`, whose
 * width differs on LP64 hosts.
 * --------------------------------------------------------------------- */

#define FAX_ERR_START                     7001
#define FAX_ERR_SRV_OUTOFMEMORY           7001
#define FAX_ERR_GROUP_NOT_FOUND           7002
#define FAX_ERR_BAD_GROUP_CONFIGURATION   7003
#define FAX_ERR_GROUP_IN_USE              7004
#define FAX_ERR_RULE_NOT_FOUND            7005
#define FAX_ERR_NOT_NTFS                  7006
#define FAX_ERR_DIRECTORY_IN_USE          7007
#define FAX_ERR_FILE_ACCESS_DENIED        7008
#define FAX_ERR_MESSAGE_NOT_FOUND         7009
#define FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED 7010
#define FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU 7011
#define FAX_ERR_VERSION_MISMATCH          7012
#define FAX_ERR_RECIPIENTS_LIMIT          7013
#define FAX_ERR_END                       7013

/* The same conditions as HRESULTs, for callers that surface COM-style
 * status codes (the extended fax API reports errors this way). */
#define FAX_E_SRV_OUTOFMEMORY \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_SRV_OUTOFMEMORY)
#define FAX_E_GROUP_NOT_FOUND \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_GROUP_NOT_FOUND)
#define FAX_E_BAD_GROUP_CONFIGURATION \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_BAD_GROUP_CONFIGURATION)
#define FAX_E_GROUP_IN_USE \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_GROUP_IN_USE)
#define FAX_E_RULE_NOT_FOUND \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_RULE_NOT_FOUND)
#define FAX_E_NOT_NTFS \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_NOT_NTFS)
#define FAX_E_DIRECTORY_IN_USE \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_DIRECTORY_IN_USE)
#define FAX_E_FILE_ACCESS_DENIED \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_FILE_ACCESS_DENIED)
#define FAX_E_MESSAGE_NOT_FOUND \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_MESSAGE_NOT_FOUND)
#define FAX_E_DEVICE_NUM_LIMIT_EXCEEDED \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_DEVICE_NUM_LIMIT_EXCEEDED)
#define FAX_E_NOT_SUPPORTED_ON_THIS_SKU \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_NOT_SUPPORTED_ON_THIS_SKU)
#define FAX_E_VERSION_MISMATCH \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_VERSION_MISMATCH)
#define FAX_E_RECIPIENTS_LIMIT \
    MAKE_HRESULT(SEVERITY_ERROR, FACILITY_ITF, FAX_ERR_RECIPIENTS_LIMIT)

/* ------------------------------------------------------------------------
 * Event-log configuration (FaxGetLoggingCategoriesW / ...Set...).
 * --------------------------------------------------------------------- */

typedef enum {
    FAXLOG_LEVEL_NONE = 0,
    FAXLOG_LEVEL_MIN,
    FAXLOG_LEVEL_MED,
    FAXLOG_LEVEL_MAX
} FAX_ENUM_LOG_LEVELS;

typedef enum {
    FAXLOG_CATEGORY_INIT = 1,
    FAXLOG_CATEGORY_OUTBOUND,
    FAXLOG_CATEGORY_INBOUND,
    FAXLOG_CATEGORY_UNKNOWN
} FAX_ENUM_LOG_CATEGORIES;

/* Category and Level hold FAX_ENUM_* values but are DWORDs in the ABI so
 * the struct does not depend on the compiler's choice of enum width. */
typedef struct _FAX_LOG_CATEGORYW {
    LPCWSTR Name;
    DWORD   Category;
    DWORD   Level;
} FAX_LOG_CATEGORYW, *PFAX_LOG_CATEGORYW;

/* ------------------------------------------------------------------------
 * Server-wide configuration.
 * --------------------------------------------------------------------- */

/* Wall-clock hour/minute pair (the discount-rate window), no date. */
typedef struct _FAX_TIME {
    WORD Hour;
    WORD Minute;
} FAX_TIME, *PFAX_TIME;

typedef struct _FAX_CONFIGURATIONW {
    DWORD    SizeOfStruct;
    DWORD    Retries;
    DWORD    RetryDelay;
    DWORD    DirtyDays;
    BOOL     Branding;
    BOOL     UseDeviceTsid;
    BOOL     ServerCp;
    BOOL     PauseServerQueue;
    FAX_TIME StartCheapTime;
    FAX_TIME StopCheapTime;
    BOOL     ArchiveOutgoingFaxes;
    LPCWSTR  ArchiveDirectory;
    LPCWSTR  Reserved;
} FAX_CONFIGURATIONW, *PFAX_CONFIGURATIONW;

/* ------------------------------------------------------------------------
 * Jobs: FaxSetJobW commands, job types and queue-status bits.
 * --------------------------------------------------------------------- */

typedef enum {
    JC_UNKNOWN = 0,
    JC_DELETE,
    JC_PAUSE,
    JC_RESUME
} FAX_ENUM_JOB_COMMANDS;

/* Kept as a second name for JC_RESUME: the service has no separate restart
 * command, resuming a job that failed simply queues it again. */
#define JC_RESTART JC_RESUME

#define JT_UNKNOWN      0
#define JT_SEND         1
#define JT_RECEIVE      2
#define JT_ROUTING      3
#define JT_FAIL_RECEIVE 4

/* Queue status is a bit set (a job can be paused and retrying at once),
 * with JS_PENDING meaning "no bits". */
#define JS_PENDING          0x00000000
#define JS_INPROGRESS       0x00000001
#define JS_DELETING         0x00000002
#define JS_FAILED           0x00000004
#define JS_PAUSED           0x00000008
#define JS_NOLINE           0x00000010
#define JS_RETRYING         0x00000020
#define JS_RETRIES_EXCEEDED 0x00000040

typedef struct _FAX_DEVICE_STATUSW {
    DWORD    SizeOfStruct;
    LPCWSTR  CallerId;
    LPCWSTR  Csid;
    DWORD    CurrentPage;
    DWORD    DeviceId;
    LPCWSTR  DeviceName;
    LPCWSTR  DocumentName;
    DWORD    JobType;
    LPCWSTR  PhoneNumber;
    LPCWSTR  RoutingString;
    LPCWSTR  SenderName;
    LPCWSTR  RecipientName;
    DWORD    Size;
    FILETIME StartTime;
    DWORD    Status;
    LPCWSTR  StatusString;
    FILETIME SubmittedTime;
    DWORD    TotalPages;
    LPCWSTR  Tsid;
    LPCWSTR  UserName;
} FAX_DEVICE_STATUSW, *PFAX_DEVICE_STATUSW;

/* ScheduleTime is a SYSTEMTIME in UTC (the page: "must be expressed in
 * UTC"), meaningful only when ScheduleAction is JSA_SPECIFIC_TIME. */
typedef struct _FAX_JOB_ENTRYW {
    DWORD      SizeOfStruct;
    DWORD      JobId;
    LPCWSTR    UserName;
    DWORD      JobType;
    DWORD      QueueStatus;
    DWORD      Status;
    DWORD      Size;
    DWORD      PageCount;
    LPCWSTR    RecipientNumber;
    LPCWSTR    RecipientName;
    LPCWSTR    Tsid;
    LPCWSTR    SenderName;
    LPCWSTR    SenderCompany;
    LPCWSTR    SenderDept;
    LPCWSTR    BillingCode;
    DWORD      ScheduleAction;
    SYSTEMTIME ScheduleTime;
    DWORD      DeliveryReportType;
    LPCWSTR    DeliveryReportAddress;
    LPCWSTR    DocumentName;
} FAX_JOB_ENTRYW, *PFAX_JOB_ENTRYW;

/* ------------------------------------------------------------------------
 * Ports (fax devices).
 * --------------------------------------------------------------------- */

/* Device states.  Every value carries bit 29 (the "application-defined"
 * flag of Win32 status codes) so none can collide with a system error
 * code; below that bit each state is a single flag. */
#define FPS_DIALING          0x20000001
#define FPS_SENDING          0x20000002
#define FPS_RECEIVING        0x20000004
#define FPS_COMPLETED        0x20000008
#define FPS_HANDLED          0x20000010
#define FPS_UNAVAILABLE      0x20000020
#define FPS_BUSY             0x20000040
#define FPS_NO_ANSWER        0x20000080
#define FPS_BAD_ADDRESS      0x20000100
#define FPS_NO_DIAL_TONE     0x20000200
#define FPS_DISCONNECTED     0x20000400
#define FPS_FATAL_ERROR      0x20000800
#define FPS_NOT_FAX_CALL     0x20001000
#define FPS_CALL_DELAYED     0x20002000
#define FPS_CALL_BLACKLISTED 0x20004000
#define FPS_INITIALIZING     0x20008000
#define FPS_OFFLINE          0x20010000
#define FPS_RINGING          0x20020000
#define FPS_AVAILABLE        0x20100000
#define FPS_ABORTING         0x20200000
#define FPS_ROUTING          0x20400000
#define FPS_ANSWERED         0x20800000

/* Port capability flags (FAX_PORT_INFOW.Flags). */
#define FPF_RECEIVE 0x00000001
#define FPF_SEND    0x00000002
#define FPF_VIRTUAL 0x00000004

typedef struct _FAX_PORT_INFOW {
    DWORD   SizeOfStruct;
    DWORD   DeviceId;
    DWORD   State;
    DWORD   Flags;
    DWORD   Rings;
    DWORD   Priority;
    LPCWSTR DeviceName;
    LPCWSTR Tsid;
    LPCWSTR Csid;
} FAX_PORT_INFOW, *PFAX_PORT_INFOW;

/* ------------------------------------------------------------------------
 * Inbound routing.  Guid is the method's GUID as a string ("{...}"), not a
 * GUID struct, so it can be handed unchanged to FaxEnableRoutingMethodW and
 * Fax{Get,Set}RoutingInfoW, which take the LPCWSTR form.
 * --------------------------------------------------------------------- */

typedef struct _FAX_ROUTING_METHODW {
    DWORD   SizeOfStruct;
    DWORD   DeviceId;
    BOOL    Enabled;
    LPCWSTR DeviceName;
    LPCWSTR Guid;
    LPCWSTR FriendlyName;
    LPCWSTR FunctionName;
    LPCWSTR ExtensionImageName;
    LPCWSTR ExtensionFriendlyName;
} FAX_ROUTING_METHODW, *PFAX_ROUTING_METHODW;

typedef struct _FAX_GLOBAL_ROUTING_INFOW {
    DWORD   SizeOfStruct;
    DWORD   Priority;
    LPCWSTR Guid;
    LPCWSTR FriendlyName;
    LPCWSTR FunctionName;
    LPCWSTR ExtensionImageName;
    LPCWSTR ExtensionFriendlyName;
} FAX_GLOBAL_ROUTING_INFOW, *PFAX_GLOBAL_ROUTING_INFOW;

/* ------------------------------------------------------------------------
 * Sending: cover page fields and per-recipient job parameters.
 * --------------------------------------------------------------------- */

typedef struct _FAX_COVERPAGE_INFOW {
    DWORD      SizeOfStruct;
    LPCWSTR    CoverPageName;
    BOOL       UseServerCoverPage;
    /* recipient block */
    LPCWSTR    RecName;
    LPCWSTR    RecFaxNumber;
    LPCWSTR    RecCompany;
    LPCWSTR    RecStreetAddress;
    LPCWSTR    RecCity;
    LPCWSTR    RecState;
    LPCWSTR    RecZip;
    LPCWSTR    RecCountry;
    LPCWSTR    RecTitle;
    LPCWSTR    RecDepartment;
    LPCWSTR    RecOfficeLocation;
    LPCWSTR    RecHomePhone;
    LPCWSTR    RecOfficePhone;
    /* sender block (no street/city split, unlike the recipient's) */
    LPCWSTR    SdrName;
    LPCWSTR    SdrFaxNumber;
    LPCWSTR    SdrCompany;
    LPCWSTR    SdrAddress;
    LPCWSTR    SdrTitle;
    LPCWSTR    SdrDepartment;
    LPCWSTR    SdrOfficeLocation;
    LPCWSTR    SdrHomePhone;
    LPCWSTR    SdrOfficePhone;
    LPCWSTR    Note;
    LPCWSTR    Subject;
    SYSTEMTIME TimeSent;
    DWORD      PageCount;
} FAX_COVERPAGE_INFOW, *PFAX_COVERPAGE_INFOW;

typedef enum {
    JSA_NOW = 0,
    JSA_SPECIFIC_TIME,
    JSA_DISCOUNT_PERIOD
} FAX_ENUM_JOB_SEND_ATTRIBUTES;

/* The SDK's private fax header declares this enum too; share its guard so
 * both can be included together. */
#ifndef _FAXAPIP_
typedef enum {
    DRT_NONE  = 0x0000,
    DRT_EMAIL = 0x0001,
    DRT_INBOX = 0x0002
} FAX_ENUM_DELIVERY_REPORT_TYPES;
#endif

/* CallHandle is documented as reserved (pass 0).  Reserved is an array of
 * pointer-sized integers, so the struct's tail differs between x86 and
 * x64; see winfax_layout.h. */
typedef struct _FAX_JOB_PARAMW {
    DWORD      SizeOfStruct;
    LPCWSTR    RecipientNumber;
    LPCWSTR    RecipientName;
    LPCWSTR    Tsid;
    LPCWSTR    SenderName;
    LPCWSTR    SenderCompany;
    LPCWSTR    SenderDept;
    LPCWSTR    BillingCode;
    DWORD      ScheduleAction;
    SYSTEMTIME ScheduleTime;
    DWORD      DeliveryReportType;
    LPCWSTR    DeliveryReportAddress;
    LPCWSTR    DocumentName;
    HCALL      CallHandle;
    DWORD_PTR  Reserved[3];
} FAX_JOB_PARAMW, *PFAX_JOB_PARAMW;

/* ------------------------------------------------------------------------
 * Events delivered through FaxInitializeEventQueue.
 * --------------------------------------------------------------------- */

#define FEI_DIALING           0x00000001
#define FEI_SENDING           0x00000002
#define FEI_RECEIVING         0x00000003
#define FEI_COMPLETED         0x00000004
#define FEI_BUSY              0x00000005
#define FEI_NO_ANSWER         0x00000006
#define FEI_BAD_ADDRESS       0x00000007
#define FEI_NO_DIAL_TONE      0x00000008
#define FEI_DISCONNECTED      0x00000009
#define FEI_FATAL_ERROR       0x0000000a
#define FEI_NOT_FAX_CALL      0x0000000b
#define FEI_CALL_DELAYED      0x0000000c
#define FEI_CALL_BLACKLISTED  0x0000000d
#define FEI_RINGING           0x0000000e
#define FEI_ABORTING          0x0000000f
#define FEI_ROUTING           0x00000010
#define FEI_MODEM_POWERED_ON  0x00000011
#define FEI_MODEM_POWERED_OFF 0x00000012
#define FEI_IDLE              0x00000013
#define FEI_FAXSVC_ENDED      0x00000014
#define FEI_ANSWERED          0x00000015
#define FEI_JOB_QUEUED        0x00000016
#define FEI_DELETED           0x00000017
#define FEI_INITIALIZING      0x00000018
#define FEI_LINE_UNAVAILABLE  0x00000019
#define FEI_HANDLED           0x0000001a
#define FEI_FAXSVC_STARTED    0x0000001b
/* Ids are dense from 1, so the last one doubles as the count. */
#define FEI_NEVENTS           FEI_FAXSVC_STARTED

/* JobId is 0xFFFFFFFF when the event concerns no particular job. */
typedef struct _FAX_EVENTW {
    DWORD    SizeOfStruct;
    FILETIME TimeStamp;
    DWORD    DeviceId;
    DWORD    EventId;
    DWORD    JobId;
} FAX_EVENTW, *PFAX_EVENTW;

/* ------------------------------------------------------------------------
 * Printing to the fax printer (FaxStartPrintJobW / FaxPrintCoverPageW).
 * --------------------------------------------------------------------- */

typedef struct _FAX_PRINT_INFOW {
    DWORD   SizeOfStruct;
    LPCWSTR DocName;
    LPCWSTR RecipientName;
    LPCWSTR RecipientNumber;
    LPCWSTR SenderName;
    LPCWSTR SenderCompany;
    LPCWSTR SenderDept;
    LPCWSTR SenderBillingCode;
    LPCWSTR Reserved;
    LPCWSTR DrEmailAddress;
    LPCWSTR OutputFileName;
} FAX_PRINT_INFOW, *PFAX_PRINT_INFOW;

/* The only struct with an inline string: the server name is copied into
 * the caller's buffer, sized for a NetBIOS computer name plus NUL. */
typedef struct _FAX_CONTEXT_INFOW {
    DWORD SizeOfStruct;
    HDC   hDC;
    WCHAR ServerName[MAX_COMPUTERNAME_LENGTH + 1];
} FAX_CONTEXT_INFOW, *PFAX_CONTEXT_INFOW;

/* ------------------------------------------------------------------------
 * Functions.  Each prototype is followed by the SDK's matching
 * pointer-to-function typedef, for callers that resolve WinFax.dll at run
 * time with GetProcAddress instead of linking its import library.
 * Every string-returning call hands back one WinFax.dll allocation that
 * the caller releases with FaxFreeBuffer.
 * --------------------------------------------------------------------- */

/* Connection management.  MachineName NULL means the local server. */
WINFAXAPI BOOL WINAPI FaxConnectFaxServerW(LPCWSTR MachineName,
                                           LPHANDLE FaxHandle);
typedef BOOL (WINAPI *PFAXCONNECTFAXSERVERW)(LPCWSTR MachineName,
                                             LPHANDLE FaxHandle);

/* Closes both server handles and port handles. */
WINFAXAPI BOOL WINAPI FaxClose(HANDLE FaxHandle);
typedef BOOL (WINAPI *PFAXCLOSE)(HANDLE FaxHandle);

/* FaxOpenPort's Flags argument. */
typedef enum {
    PORT_OPEN_QUERY = 1,
    PORT_OPEN_MODIFY
} FAX_ENUM_PORT_OPEN_TYPE;

WINFAXAPI BOOL WINAPI FaxOpenPort(HANDLE FaxHandle, DWORD DeviceId,
                                  DWORD Flags, LPHANDLE FaxPortHandle);
typedef BOOL (WINAPI *PFAXOPENPORT)(HANDLE FaxHandle, DWORD DeviceId,
                                    DWORD Flags, LPHANDLE FaxPortHandle);

/* Sending.  FaxCompleteJobParamsW allocates both structs (free each with
 * FaxFreeBuffer) and pre-fills the sender details the server knows. */
WINFAXAPI BOOL WINAPI FaxCompleteJobParamsW(PFAX_JOB_PARAMW *JobParams,
                                            PFAX_COVERPAGE_INFOW *CoverpageInfo);
typedef BOOL (WINAPI *PFAXCOMPLETEJOBPARAMSW)(PFAX_JOB_PARAMW *JobParams,
                                              PFAX_COVERPAGE_INFOW *CoverpageInfo);

WINFAXAPI BOOL WINAPI FaxSendDocumentW(HANDLE FaxHandle, LPCWSTR FileName,
                                       PFAX_JOB_PARAMW JobParams,
                                       const FAX_COVERPAGE_INFOW *CoverpageInfo,
                                       LPDWORD FaxJobId);
typedef BOOL (WINAPI *PFAXSENDDOCUMENTW)(HANDLE FaxHandle, LPCWSTR FileName,
                                         PFAX_JOB_PARAMW JobParams,
                                         const FAX_COVERPAGE_INFOW *CoverpageInfo,
                                         LPDWORD FaxJobId);

/* Called once per recipient (RecipientNumber counts from 1) until it
 * returns FALSE; it fills in JobParams/CoverpageInfo for that recipient. */
typedef BOOL (CALLBACK *PFAX_RECIPIENT_CALLBACKW)(HANDLE FaxHandle,
                                                  DWORD RecipientNumber,
                                                  LPVOID Context,
                                                  PFAX_JOB_PARAMW JobParams,
                                                  PFAX_COVERPAGE_INFOW CoverpageInfo);

WINFAXAPI BOOL WINAPI FaxSendDocumentForBroadcastW(
    HANDLE FaxHandle, LPCWSTR FileName, LPDWORD FaxJobId,
    PFAX_RECIPIENT_CALLBACKW FaxRecipientCallback, LPVOID Context);
typedef BOOL (WINAPI *PFAXSENDDOCUMENTFORBROADCASTW)(
    HANDLE FaxHandle, LPCWSTR FileName, LPDWORD FaxJobId,
    PFAX_RECIPIENT_CALLBACKW FaxRecipientCallback, LPVOID Context);

/* Job queue. */
WINFAXAPI BOOL WINAPI FaxEnumJobsW(HANDLE FaxHandle, PFAX_JOB_ENTRYW *JobEntry,
                                   LPDWORD JobsReturned);
typedef BOOL (WINAPI *PFAXENUMJOBSW)(HANDLE FaxHandle, PFAX_JOB_ENTRYW *JobEntry,
                                     LPDWORD JobsReturned);

WINFAXAPI BOOL WINAPI FaxGetJobW(HANDLE FaxHandle, DWORD JobId,
                                 PFAX_JOB_ENTRYW *JobEntry);
typedef BOOL (WINAPI *PFAXGETJOBW)(HANDLE FaxHandle, DWORD JobId,
                                   PFAX_JOB_ENTRYW *JobEntry);

WINFAXAPI BOOL WINAPI FaxSetJobW(HANDLE FaxHandle, DWORD JobId, DWORD Command,
                                 const FAX_JOB_ENTRYW *JobEntry);
typedef BOOL (WINAPI *PFAXSETJOBW)(HANDLE FaxHandle, DWORD JobId, DWORD Command,
                                   const FAX_JOB_ENTRYW *JobEntry);

/* Returns the first page as a TIFF image in a FaxFreeBuffer allocation. */
WINFAXAPI BOOL WINAPI FaxGetPageData(HANDLE FaxHandle, DWORD JobId,
                                     LPBYTE *Buffer, LPDWORD BufferSize,
                                     LPDWORD ImageWidth, LPDWORD ImageHeight);
typedef BOOL (WINAPI *PFAXGETPAGEDATA)(HANDLE FaxHandle, DWORD JobId,
                                       LPBYTE *Buffer, LPDWORD BufferSize,
                                       LPDWORD ImageWidth, LPDWORD ImageHeight);

/* Takes a port handle from FaxOpenPort, not a server handle. */
WINFAXAPI BOOL WINAPI FaxGetDeviceStatusW(HANDLE FaxPortHandle,
                                          PFAX_DEVICE_STATUSW *DeviceStatus);
typedef BOOL (WINAPI *PFAXGETDEVICESTATUSW)(HANDLE FaxPortHandle,
                                            PFAX_DEVICE_STATUSW *DeviceStatus);

WINFAXAPI BOOL WINAPI FaxAbort(HANDLE FaxHandle, DWORD JobId);
typedef BOOL (WINAPI *PFAXABORT)(HANDLE FaxHandle, DWORD JobId);

/* Server configuration and logging. */
WINFAXAPI BOOL WINAPI FaxGetConfigurationW(HANDLE FaxHandle,
                                           PFAX_CONFIGURATIONW *FaxConfig);
typedef BOOL (WINAPI *PFAXGETCONFIGURATIONW)(HANDLE FaxHandle,
                                             PFAX_CONFIGURATIONW *FaxConfig);

WINFAXAPI BOOL WINAPI FaxSetConfigurationW(HANDLE FaxHandle,
                                           const FAX_CONFIGURATIONW *FaxConfig);
typedef BOOL (WINAPI *PFAXSETCONFIGURATIONW)(HANDLE FaxHandle,
                                             const FAX_CONFIGURATIONW *FaxConfig);

WINFAXAPI BOOL WINAPI FaxGetLoggingCategoriesW(HANDLE FaxHandle,
                                               PFAX_LOG_CATEGORYW *Categories,
                                               LPDWORD NumberCategories);
typedef BOOL (WINAPI *PFAXGETLOGGINGCATEGORIESW)(HANDLE FaxHandle,
                                                 PFAX_LOG_CATEGORYW *Categories,
                                                 LPDWORD NumberCategories);

WINFAXAPI BOOL WINAPI FaxSetLoggingCategoriesW(HANDLE FaxHandle,
                                               const FAX_LOG_CATEGORYW *Categories,
                                               DWORD NumberCategories);
typedef BOOL (WINAPI *PFAXSETLOGGINGCATEGORIESW)(HANDLE FaxHandle,
                                                 const FAX_LOG_CATEGORYW *Categories,
                                                 DWORD NumberCategories);

/* Ports. */
WINFAXAPI BOOL WINAPI FaxEnumPortsW(HANDLE FaxHandle, PFAX_PORT_INFOW *PortInfo,
                                    LPDWORD PortsReturned);
typedef BOOL (WINAPI *PFAXENUMPORTSW)(HANDLE FaxHandle, PFAX_PORT_INFOW *PortInfo,
                                      LPDWORD PortsReturned);

WINFAXAPI BOOL WINAPI FaxGetPortW(HANDLE FaxPortHandle, PFAX_PORT_INFOW *PortInfo);
typedef BOOL (WINAPI *PFAXGETPORTW)(HANDLE FaxPortHandle, PFAX_PORT_INFOW *PortInfo);

WINFAXAPI BOOL WINAPI FaxSetPortW(HANDLE FaxPortHandle,
                                  const FAX_PORT_INFOW *PortInfo);
typedef BOOL (WINAPI *PFAXSETPORTW)(HANDLE FaxPortHandle,
                                    const FAX_PORT_INFOW *PortInfo);

/* Routing: per-port methods, then server-wide priorities, then the opaque
 * per-method configuration blob. */
WINFAXAPI BOOL WINAPI FaxEnumRoutingMethodsW(HANDLE FaxPortHandle,
                                             PFAX_ROUTING_METHODW *RoutingMethod,
                                             LPDWORD MethodsReturned);
typedef BOOL (WINAPI *PFAXENUMROUTINGMETHODSW)(HANDLE FaxPortHandle,
                                               PFAX_ROUTING_METHODW *RoutingMethod,
                                               LPDWORD MethodsReturned);

WINFAXAPI BOOL WINAPI FaxEnableRoutingMethodW(HANDLE FaxPortHandle,
                                              LPCWSTR RoutingGuid, BOOL Enabled);
typedef BOOL (WINAPI *PFAXENABLEROUTINGMETHODW)(HANDLE FaxPortHandle,
                                                LPCWSTR RoutingGuid, BOOL Enabled);

WINFAXAPI BOOL WINAPI FaxEnumGlobalRoutingInfoW(HANDLE FaxHandle,
                                                PFAX_GLOBAL_ROUTING_INFOW *RoutingInfo,
                                                LPDWORD MethodsReturned);
typedef BOOL (WINAPI *PFAXENUMGLOBALROUTINGINFOW)(HANDLE FaxHandle,
                                                  PFAX_GLOBAL_ROUTING_INFOW *RoutingInfo,
                                                  LPDWORD MethodsReturned);

WINFAXAPI BOOL WINAPI FaxSetGlobalRoutingInfoW(HANDLE FaxHandle,
                                               const FAX_GLOBAL_ROUTING_INFOW *RoutingInfo);
typedef BOOL (WINAPI *PFAXSETGLOBALROUTINGINFOW)(HANDLE FaxHandle,
                                                 const FAX_GLOBAL_ROUTING_INFOW *RoutingInfo);

WINFAXAPI BOOL WINAPI FaxGetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                         LPBYTE *RoutingInfoBuffer,
                                         LPDWORD RoutingInfoBufferSize);
typedef BOOL (WINAPI *PFAXGETROUTINGINFOW)(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                           LPBYTE *RoutingInfoBuffer,
                                           LPDWORD RoutingInfoBufferSize);

WINFAXAPI BOOL WINAPI FaxSetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                         const BYTE *RoutingInfoBuffer,
                                         DWORD RoutingInfoBufferSize);
typedef BOOL (WINAPI *PFAXSETROUTINGINFOW)(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                           const BYTE *RoutingInfoBuffer,
                                           DWORD RoutingInfoBufferSize);

/* Events go either to an I/O completion port or, if hWnd is non-NULL, as
 * window messages starting at MessageStart. */
WINFAXAPI BOOL WINAPI FaxInitializeEventQueue(HANDLE FaxHandle,
                                              HANDLE CompletionPort,
                                              ULONG_PTR CompletionKey,
                                              HWND hWnd, UINT MessageStart);
typedef BOOL (WINAPI *PFAXINITIALIZEEVENTQUEUE)(HANDLE FaxHandle,
                                                HANDLE CompletionPort,
                                                ULONG_PTR CompletionKey,
                                                HWND hWnd, UINT MessageStart);

WINFAXAPI VOID WINAPI FaxFreeBuffer(LPVOID Buffer);
typedef VOID (WINAPI *PFAXFREEBUFFER)(LPVOID Buffer);

/* Printing: the caller renders into FaxContextInfo->hDC and must release
 * that DC itself (DeleteDC), not with FaxFreeBuffer. */
WINFAXAPI BOOL WINAPI FaxStartPrintJobW(LPCWSTR PrinterName,
                                        const FAX_PRINT_INFOW *PrintInfo,
                                        LPDWORD FaxJobId,
                                        PFAX_CONTEXT_INFOW FaxContextInfo);
typedef BOOL (WINAPI *PFAXSTARTPRINTJOBW)(LPCWSTR PrinterName,
                                          const FAX_PRINT_INFOW *PrintInfo,
                                          LPDWORD FaxJobId,
                                          PFAX_CONTEXT_INFOW FaxContextInfo);

WINFAXAPI BOOL WINAPI FaxPrintCoverPageW(const FAX_CONTEXT_INFOW *FaxContextInfo,
                                         const FAX_COVERPAGE_INFOW *CoverPageInfo);
typedef BOOL (WINAPI *PFAXPRINTCOVERPAGEW)(const FAX_CONTEXT_INFOW *FaxContextInfo,
                                           const FAX_COVERPAGE_INFOW *CoverPageInfo);

/* Installation-time registration; these exist only in Unicode form. */
WINFAXAPI BOOL WINAPI FaxRegisterServiceProviderW(LPCWSTR DeviceProvider,
                                                  LPCWSTR FriendlyName,
                                                  LPCWSTR ImageName,
                                                  LPCWSTR TspName);
typedef BOOL (WINAPI *PFAXREGISTERSERVICEPROVIDERW)(LPCWSTR DeviceProvider,
                                                    LPCWSTR FriendlyName,
                                                    LPCWSTR ImageName,
                                                    LPCWSTR TspName);

WINFAXAPI BOOL WINAPI FaxUnregisterServiceProviderW(LPCWSTR DeviceProvider);
typedef BOOL (WINAPI *PFAXUNREGISTERSERVICEPROVIDERW)(LPCWSTR DeviceProvider);

/* Called repeatedly during FaxRegisterRoutingExtensionW; each call writes
 * one method's names and GUID string into the provided buffers and returns
 * TRUE, and FALSE ends the enumeration. */
typedef BOOL (CALLBACK *PFAX_ROUTING_INSTALLATION_CALLBACKW)(HANDLE FaxHandle,
                                                             LPVOID Context,
                                                             LPWSTR MethodName,
                                                             LPWSTR FriendlyName,
                                                             LPWSTR FunctionName,
                                                             LPWSTR Guid);

WINFAXAPI BOOL WINAPI FaxRegisterRoutingExtensionW(
    HANDLE FaxHandle, LPCWSTR ExtensionName, LPCWSTR FriendlyName,
    LPCWSTR ImageName, PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
    LPVOID Context);
typedef BOOL (WINAPI *PFAXREGISTERROUTINGEXTENSIONW)(
    HANDLE FaxHandle, LPCWSTR ExtensionName, LPCWSTR FriendlyName,
    LPCWSTR ImageName, PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
    LPVOID Context);

/*
 * FaxUnregisterRoutingExtensionW, which the current SDK header also
 * declares, is left out on purpose: mingw-w64's WinFax import library
 * does not export it, so a declaration here could not be linked.
 */

/* Access check against the FAX_* rights below; TRUE means granted. */
WINFAXAPI BOOL WINAPI FaxAccessCheck(HANDLE FaxHandle, DWORD AccessMask);
typedef BOOL (WINAPI *PFAXACCESSCHECK)(HANDLE FaxHandle, DWORD AccessMask);

/* Fax-specific access rights (low word of an access mask), combined with
 * the generic STANDARD_RIGHTS_* bits into the usual read/write/all sets. */
#define FAX_JOB_SUBMIT   (0x0001)
#define FAX_JOB_QUERY    (0x0002)
#define FAX_CONFIG_QUERY (0x0004)
#define FAX_CONFIG_SET   (0x0008)
#define FAX_PORT_QUERY   (0x0010)
#define FAX_PORT_SET     (0x0020)
#define FAX_JOB_MANAGE   (0x0040)

#define FAX_READ  (STANDARD_RIGHTS_READ | FAX_JOB_QUERY | FAX_CONFIG_QUERY | \
                   FAX_PORT_QUERY)
#define FAX_WRITE (STANDARD_RIGHTS_WRITE | FAX_JOB_SUBMIT)
#define FAX_ALL_ACCESS (STANDARD_RIGHTS_ALL | FAX_JOB_SUBMIT | FAX_JOB_QUERY | \
                        FAX_CONFIG_QUERY | FAX_CONFIG_SET | FAX_PORT_QUERY | \
                        FAX_PORT_SET | FAX_JOB_MANAGE)

#ifdef __cplusplus
}
#endif

#endif /* _MSC_VER */

#include "winfax_layout.h"

#endif /* WINFAX_ABI_H */
