/* A Windows client of the simulator built as WINFAX.dll: the fax calls go
 * through mingw's import library (-lwinfax), completion ports, the last
 * error and LocalFree are kernel32's, and nothing moves the queue but the
 * DLL's own real-time clock.  Exits 0 when every check passes.
 *
 *   win_smoke.exe FILE.tif [STATE-FILE]
 *
 * Built and run under Wine by hand (see .ci/windows/build-faxsim-dll):
 *   x86_64-w64-mingw32-gcc -std=c11 -municode -Wall -Wextra -Werror -Isrc \
 *       tests/faxsim/win_smoke.c -lwinfax -o win_smoke.exe
 *   WINFAX_SIM_DIAL_MS=300 WINFAX_SIM_PAGE_MS=200 wine win_smoke.exe Z:\...\hello.tif
 */
#include "winfax_abi.h"
#include "faxsim/faxsim.h"

#include <stdio.h>
#include <wchar.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

/* The control API is not in WinFax.dll's import library: a client finds it
 * the way winfax.simulator does, in the module already loaded. */
typedef uint32_t (*get_clock_fn)(uint32_t *, uint32_t *);
typedef int (*path_fn)(const char *);

static FARPROC control(const char *name)
{
    HMODULE dll = GetModuleHandleW(L"WINFAX.dll");
    return dll != NULL ? GetProcAddress(dll, name) : NULL;
}

static const char *event_name(DWORD id)
{
    switch (id) {
    case FEI_JOB_QUEUED: return "JOB_QUEUED";
    case FEI_DIALING: return "DIALING";
    case FEI_SENDING: return "SENDING";
    case FEI_COMPLETED: return "COMPLETED";
    case FEI_DELETED: return "DELETED";
    case FEI_IDLE: return "IDLE";
    default: return "other";
    }
}

/* Events whose TimeStamp is not the system's UTC time, give or take a
 * minute (a misread clock gives a time centuries away). */
static int stamps_off;

static ULONGLONG filetime_ticks(FILETIME ft)
{
    return (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

static void check_stamp(const FAX_EVENTW *event)
{
    FILETIME now;
    ULONGLONG stamp = filetime_ticks(event->TimeStamp), system;
    const ULONGLONG minute = 60ull * 10000000ull;

    GetSystemTimeAsFileTime(&now);
    system = filetime_ticks(now);
    if (stamp + minute < system || stamp > system + minute) {
        printf("     TimeStamp %llu, system time %llu (FILETIME ticks)\n", stamp, system);
        stamps_off++;
    }
}

/* Takes events until job `job_id` leaves the queue; returns how many
 * FEI_SENDING it had, or -1 if its events came out of order.  Events of
 * devices (FEI_IDLE) and FEI_JOB_QUEUED, which may precede the wait, are
 * printed and skipped. */
static int follow_job(HANDLE port, DWORD job_id, ULONG_PTR want_key, ULONGLONG start)
{
    DWORD expected = FEI_DIALING;
    int pages = 0;

    for (;;) {
        DWORD bytes = 0, id, job;
        ULONG_PTR key = 0;
        LPOVERLAPPED overlapped = NULL;
        FAX_EVENTW *event;

        if (!GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, 10000)) {
            printf("     GetQueuedCompletionStatus failed: %lu\n", GetLastError());
            return -1;
        }
        event = (FAX_EVENTW *)overlapped;
        if (key != want_key || event == NULL || bytes != sizeof *event ||
            event->SizeOfStruct != sizeof *event) {
            printf("     a packet that is not a FAX_EVENTW\n");
            return -1;
        }
        id = event->EventId;
        job = event->JobId;
        check_stamp(event);
        printf("     %6llu ms  %-10s job %lu device 0x%lx\n",
               GetTickCount64() - start, event_name(id), job, event->DeviceId);
        /* kernel32's LocalFree, as the documentation says: NULL is success. */
        if (LocalFree(event) != NULL) {
            printf("     LocalFree failed\n");
            return -1;
        }
        if (job != job_id || id == FEI_JOB_QUEUED)
            continue;
        if (id == FEI_SENDING && (expected == FEI_SENDING || expected == FEI_COMPLETED)) {
            pages++;
            expected = FEI_COMPLETED;
        }
        else if (id == expected && id == FEI_DIALING) {
            expected = FEI_SENDING;
        }
        else if (id == expected && id == FEI_COMPLETED) {
            expected = FEI_DELETED;
        }
        else if (id == expected && id == FEI_DELETED) {
            return pages;
        }
        else {
            return -1;
        }
    }
}

int wmain(int argc, wchar_t **argv)
{
    HANDLE server = NULL, port;
    PFAX_PORT_INFOW ports = NULL;
    PFAX_JOB_ENTRYW job = NULL;
    FAX_JOB_PARAMW params = {0};
    DWORD count = 0, job_id = 0;
    uint32_t dial_ms = 0, page_ms = 0;
    get_clock_fn get_clock;
    ULONGLONG start, took;
    int pages;

    if (argc < 2) {
        fprintf(stderr, "usage: win_smoke FILE.tif [STATE-FILE]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    check(FaxConnectFaxServerW(NULL, &server) && server != NULL,
          "FaxConnectFaxServerW(NULL) connects");
    get_clock = (get_clock_fn)(void (*)(void))control("faxsim_get_clock");
    check(get_clock != NULL, "WINFAX.dll is the simulator (exports faxsim_get_clock)");
    if (get_clock == NULL)
        return 1;
    check(get_clock(&dial_ms, &page_ms) == FAXSIM_CLOCK_REALTIME,
          "the clock runs in real time by default on Windows");
    printf("     dial %u ms, page %u ms (WINFAX_SIM_DIAL_MS / WINFAX_SIM_PAGE_MS)\n",
           dial_ms, page_ms);

    check(FaxEnumPortsW(server, &ports, &count) && count >= 1,
          "FaxEnumPortsW lists the default device");
    if (ports != NULL)
        wprintf(L"     device 0x%lx \"%ls\"\n", ports[0].DeviceId, ports[0].DeviceName);
    FaxFreeBuffer(ports);

    /* kernel32 keeps the last error the DLL sets. */
    SetLastError(0);
    check(!FaxGetJobW(server, 4242, &job) && GetLastError() == ERROR_INVALID_PARAMETER,
          "FaxGetJobW(unknown job) fails with ERROR_INVALID_PARAMETER");

    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    check(port != NULL, "CreateIoCompletionPort (kernel32)");
    check(FaxInitializeEventQueue(server, port, 77, NULL, 0),
          "FaxInitializeEventQueue with a real completion port");

    params.SizeOfStruct = sizeof params;
    params.RecipientNumber = L"+1 555 0100";
    params.ScheduleAction = JSA_NOW;
    start = GetTickCount64();
    check(FaxSendDocumentW(server, argv[1], &params, NULL, &job_id) && job_id != 0,
          "FaxSendDocumentW queues the TIFF (opened in binary mode)");

    pages = follow_job(port, job_id, 77, start);
    took = GetTickCount64() - start;
    check(pages > 0, "DIALING, SENDING per page, COMPLETED, DELETED arrive in real time");
    check(stamps_off == 0, "each event's TimeStamp is the system time (UTC)");
    if (pages > 0) {
        ULONGLONG expected = dial_ms + (ULONGLONG)pages * page_ms;
        printf("     %d pages in %llu ms (dial + pages x page = %llu ms)\n",
               pages, took, expected);
        check(took + 50 >= expected && took < expected + 1000,
              "the job took its dialing and page times");
    }

    if (argc >= 3) {
        path_fn save = (path_fn)(void (*)(void))control("faxsim_save");
        path_fn load = (path_fn)(void (*)(void))control("faxsim_load");
        char path[MAX_PATH * 3];
        WideCharToMultiByte(CP_UTF8, 0, argv[2], -1, path, sizeof path, NULL, NULL);
        check(save != NULL && save(path) == 0, "faxsim_save writes the state file");
        check(save != NULL && save(path) == 0, "faxsim_save again replaces it (MoveFileExW)");
        check(load != NULL && load(path) == 0, "faxsim_load reads it back");
    }

    check(FaxClose(server), "FaxClose");
    /* The service closed its duplicate of the port when FaxClose ended the
     * registration; this is the client's own handle. */
    check(CloseHandle(port), "CloseHandle(port)");
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}
