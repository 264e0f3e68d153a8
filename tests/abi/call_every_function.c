/*
 * call_every_function.c - makes the compiler and linker vouch for every
 * declaration in winfax_abi.h.
 *
 * Each function is called once with zero/NULL arguments of exactly the
 * declared parameter types, so a prototype that disagrees with how the
 * extension uses it fails to compile; linking the result against
 * WinFax.dll's import library proves every name (and, on x86, every
 * stdcall argument-size decoration) really exists.  Every function is also
 * assigned to its SDK pointer typedef so the typedefs cannot drift from the
 * prototypes.  The program is never run.
 */
#include <stddef.h>

#include "winfax_abi.h"

/* Real callbacks rather than NULL, so their typedefs are checked too. */
static BOOL CALLBACK
recipient_callback(HANDLE FaxHandle, DWORD RecipientNumber, LPVOID Context,
                   PFAX_JOB_PARAMW JobParams, PFAX_COVERPAGE_INFOW CoverpageInfo)
{
    (void)FaxHandle; (void)RecipientNumber; (void)Context;
    (void)JobParams; (void)CoverpageInfo;
    return FALSE;
}

static BOOL CALLBACK
routing_installation_callback(HANDLE FaxHandle, LPVOID Context,
                              LPWSTR MethodName, LPWSTR FriendlyName,
                              LPWSTR FunctionName, LPWSTR Guid)
{
    (void)FaxHandle; (void)Context; (void)MethodName;
    (void)FriendlyName; (void)FunctionName; (void)Guid;
    return FALSE;
}

/* Counted so main() can tell the linker it matters; the value is unused. */
int call_every_function(void);

int call_every_function(void)
{
    HANDLE h = NULL;
    DWORD n = 0;
    LPBYTE bytes = NULL;
    PFAX_JOB_PARAMW job_param = NULL;
    PFAX_COVERPAGE_INFOW cover = NULL;
    PFAX_JOB_ENTRYW job = NULL;
    PFAX_DEVICE_STATUSW status = NULL;
    PFAX_CONFIGURATIONW config = NULL;
    PFAX_LOG_CATEGORYW categories = NULL;
    PFAX_PORT_INFOW port = NULL;
    PFAX_ROUTING_METHODW methods = NULL;
    PFAX_GLOBAL_ROUTING_INFOW global = NULL;
    FAX_CONTEXT_INFOW context = {0};
    const FAX_PRINT_INFOW *print = NULL;
    int calls = 0;

    /* Same order as winfax_abi.h. */
    calls += FaxConnectFaxServerW((LPCWSTR)NULL, &h);
    calls += FaxClose(h);
    calls += FaxOpenPort(h, 0, PORT_OPEN_QUERY, &h);
    calls += FaxCompleteJobParamsW(&job_param, &cover);
    calls += FaxSendDocumentW(h, (LPCWSTR)NULL, job_param, cover, &n);
    calls += FaxSendDocumentForBroadcastW(h, (LPCWSTR)NULL, &n,
                                          recipient_callback, (LPVOID)NULL);
    calls += FaxEnumJobsW(h, &job, &n);
    calls += FaxGetJobW(h, 0, &job);
    calls += FaxSetJobW(h, 0, JC_DELETE, job);
    calls += FaxGetPageData(h, 0, &bytes, &n, &n, &n);
    calls += FaxGetDeviceStatusW(h, &status);
    calls += FaxAbort(h, 0);
    calls += FaxGetConfigurationW(h, &config);
    calls += FaxSetConfigurationW(h, config);
    calls += FaxGetLoggingCategoriesW(h, &categories, &n);
    calls += FaxSetLoggingCategoriesW(h, categories, n);
    calls += FaxEnumPortsW(h, &port, &n);
    calls += FaxGetPortW(h, &port);
    calls += FaxSetPortW(h, port);
    calls += FaxEnumRoutingMethodsW(h, &methods, &n);
    calls += FaxEnableRoutingMethodW(h, (LPCWSTR)NULL, FALSE);
    calls += FaxEnumGlobalRoutingInfoW(h, &global, &n);
    calls += FaxSetGlobalRoutingInfoW(h, global);
    calls += FaxGetRoutingInfoW(h, (LPCWSTR)NULL, &bytes, &n);
    calls += FaxSetRoutingInfoW(h, (LPCWSTR)NULL, (const BYTE *)bytes, n);
    calls += FaxInitializeEventQueue(h, (HANDLE)NULL, (ULONG_PTR)0,
                                     (HWND)NULL, (UINT)0);
    FaxFreeBuffer((LPVOID)NULL);
    calls += 1;
    calls += FaxStartPrintJobW((LPCWSTR)NULL, print, &n, &context);
    calls += FaxPrintCoverPageW(&context, cover);
    calls += FaxRegisterServiceProviderW((LPCWSTR)NULL, (LPCWSTR)NULL,
                                         (LPCWSTR)NULL, (LPCWSTR)NULL);
    calls += FaxUnregisterServiceProviderW((LPCWSTR)NULL);
    calls += FaxRegisterRoutingExtensionW(h, (LPCWSTR)NULL, (LPCWSTR)NULL,
                                          (LPCWSTR)NULL,
                                          routing_installation_callback,
                                          (LPVOID)NULL);
    calls += FaxAccessCheck(h, FAX_READ);

    return calls;
}

/* Pointer typedefs vs prototypes: an initialisation with a mismatched
 * function type is a constraint violation, reported as an error here. */
int check_pointer_typedefs(void);

int check_pointer_typedefs(void)
{
    PFAXCONNECTFAXSERVERW          p1  = FaxConnectFaxServerW;
    PFAXCLOSE                      p2  = FaxClose;
    PFAXOPENPORT                   p3  = FaxOpenPort;
    PFAXCOMPLETEJOBPARAMSW         p4  = FaxCompleteJobParamsW;
    PFAXSENDDOCUMENTW              p5  = FaxSendDocumentW;
    PFAXSENDDOCUMENTFORBROADCASTW  p6  = FaxSendDocumentForBroadcastW;
    PFAXENUMJOBSW                  p7  = FaxEnumJobsW;
    PFAXGETJOBW                    p8  = FaxGetJobW;
    PFAXSETJOBW                    p9  = FaxSetJobW;
    PFAXGETPAGEDATA                p10 = FaxGetPageData;
    PFAXGETDEVICESTATUSW           p11 = FaxGetDeviceStatusW;
    PFAXABORT                      p12 = FaxAbort;
    PFAXGETCONFIGURATIONW          p13 = FaxGetConfigurationW;
    PFAXSETCONFIGURATIONW          p14 = FaxSetConfigurationW;
    PFAXGETLOGGINGCATEGORIESW      p15 = FaxGetLoggingCategoriesW;
    PFAXSETLOGGINGCATEGORIESW      p16 = FaxSetLoggingCategoriesW;
    PFAXENUMPORTSW                 p17 = FaxEnumPortsW;
    PFAXGETPORTW                   p18 = FaxGetPortW;
    PFAXSETPORTW                   p19 = FaxSetPortW;
    PFAXENUMROUTINGMETHODSW        p20 = FaxEnumRoutingMethodsW;
    PFAXENABLEROUTINGMETHODW       p21 = FaxEnableRoutingMethodW;
    PFAXENUMGLOBALROUTINGINFOW     p22 = FaxEnumGlobalRoutingInfoW;
    PFAXSETGLOBALROUTINGINFOW      p23 = FaxSetGlobalRoutingInfoW;
    PFAXGETROUTINGINFOW            p24 = FaxGetRoutingInfoW;
    PFAXSETROUTINGINFOW            p25 = FaxSetRoutingInfoW;
    PFAXINITIALIZEEVENTQUEUE       p26 = FaxInitializeEventQueue;
    PFAXFREEBUFFER                 p27 = FaxFreeBuffer;
    PFAXSTARTPRINTJOBW             p28 = FaxStartPrintJobW;
    PFAXPRINTCOVERPAGEW            p29 = FaxPrintCoverPageW;
    PFAXREGISTERSERVICEPROVIDERW   p30 = FaxRegisterServiceProviderW;
    PFAXUNREGISTERSERVICEPROVIDERW p31 = FaxUnregisterServiceProviderW;
    PFAXREGISTERROUTINGEXTENSIONW  p32 = FaxRegisterRoutingExtensionW;
    PFAXACCESSCHECK                p33 = FaxAccessCheck;

    return (p1 != NULL) + (p2 != NULL) + (p3 != NULL) + (p4 != NULL) +
           (p5 != NULL) + (p6 != NULL) + (p7 != NULL) + (p8 != NULL) +
           (p9 != NULL) + (p10 != NULL) + (p11 != NULL) + (p12 != NULL) +
           (p13 != NULL) + (p14 != NULL) + (p15 != NULL) + (p16 != NULL) +
           (p17 != NULL) + (p18 != NULL) + (p19 != NULL) + (p20 != NULL) +
           (p21 != NULL) + (p22 != NULL) + (p23 != NULL) + (p24 != NULL) +
           (p25 != NULL) + (p26 != NULL) + (p27 != NULL) + (p28 != NULL) +
           (p29 != NULL) + (p30 != NULL) + (p31 != NULL) + (p32 != NULL) +
           (p33 != NULL);
}

/* Never true at run time, but the compiler cannot prove it, so both
 * functions (and with them every import) survive into the executable. */
static volatile int never;

int main(void)
{
    if (never)
        return call_every_function() + check_pointer_typedefs();
    return 0;
}
