/* A C client of libfaxsim: every simulated client function's success path
 * and its main documented errors, one line per check.  Exits 1 if any
 * check fails.  Built and run by tests/test_simulator_c.py; also meant to
 * be run under valgrind, so everything it gets it gives back. */
#define _POSIX_C_SOURCE 200809L

#include "winfax_abi.h"
#include "faxsim.h"
#include "win32_gdi.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* winerror.h codes the fax API documents that win32_base.h leaves out. */
#ifndef ERROR_BAD_UNIT
#define ERROR_BAD_UNIT 20u
#endif
#ifndef ERROR_INVALID_PRINTER_NAME
#define ERROR_INVALID_PRINTER_NAME 1801u
#endif
#ifndef ERROR_DEVICE_IN_USE
#define ERROR_DEVICE_IN_USE 2404u
#endif
#ifndef ERROR_SPL_NO_STARTDOC
#define ERROR_SPL_NO_STARTDOC 3003u
#endif

/* UTF-16 literals: char16_t is 16 bits, the same as our WCHAR. */
#define W(s) ((LPCWSTR)(const void *)u"" s)

static int failures;
static char dir[64];

static void check(int ok, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s line %d: ", ok ? "ok  " : "FAIL", line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (!ok)
        failures++;
}

#define CHECK(cond, ...) check((cond) != 0, __LINE__, __VA_ARGS__)
#define OK(call) \
    do { BOOL r_ = (call); \
         CHECK(r_, "%s (error %u)", #call, (unsigned)GetLastError()); } while (0)
#define FAILS(call, err) \
    do { SetLastError(0); BOOL r_ = (call); DWORD e_ = GetLastError(); \
         CHECK(!r_ && e_ == (DWORD)(err), "%s fails with %u (got %s, %u)", #call, \
               (unsigned)(err), r_ ? "TRUE" : "FALSE", (unsigned)e_); } while (0)

/* Compares a UTF-16 string with an ASCII one. */
static int weq(LPCWSTR w, const char *a)
{
    if (w == NULL || a == NULL)
        return w == NULL && a == NULL;
    while (*w && *a && *w == (WCHAR)(unsigned char)*a) {
        w++;
        a++;
    }
    return *w == 0 && *a == 0;
}

/* ---- test files ---------------------------------------------------------- */

static void put16(unsigned char *p, unsigned v, int be)
{
    p[be ? 0 : 1] = (unsigned char)(v >> 8);
    p[be ? 1 : 0] = (unsigned char)v;
}

static void put32(unsigned char *p, unsigned long v, int be)
{
    for (int i = 0; i < 4; i++)
        p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A `pages`-page TIFF, 1728 x (100 + page) pixels, each page one 4-byte
 * strip; `cycle` points the last IFD back at the first. */
static size_t build_tiff(unsigned char *b, int pages, int be, int cycle)
{
    const unsigned entries = 5;
    size_t off = 8;
    size_t first = 8;

    memcpy(b, be ? "MM\0*" : "II*\0", 4);
    put32(b + 4, (unsigned long)first, be);
    for (int p = 0; p < pages; p++) {
        size_t ifd = off, data = ifd + 2 + entries * 12 + 4;
        unsigned char *e = b + ifd + 2;
        put16(b + ifd, entries, be);
        put16(e, 256, be); put16(e + 2, 3, be); put32(e + 4, 1, be);
        put16(e + 8, 1728, be); put16(e + 10, 0, be);
        e += 12;
        put16(e, 257, be); put16(e + 2, 4, be); put32(e + 4, 1, be);
        put32(e + 8, 100u + (unsigned)p, be);
        e += 12;
        put16(e, 259, be); put16(e + 2, 3, be); put32(e + 4, 1, be);
        put16(e + 8, 4, be); put16(e + 10, 0, be);
        e += 12;
        put16(e, 273, be); put16(e + 2, 4, be); put32(e + 4, 1, be);
        put32(e + 8, (unsigned long)data, be);
        e += 12;
        put16(e, 279, be); put16(e + 2, 4, be); put32(e + 4, 1, be);
        put32(e + 8, 4, be);
        e += 12;
        memset(b + data, 0xAA, 4);
        off = data + 4;
        put32(e, p + 1 < pages ? (unsigned long)off
                               : (cycle ? (unsigned long)first : 0ul), be);
    }
    return off;
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

/* A malloc'd UTF-16 copy of an ASCII path. */
static WCHAR *wpath(const char *name)
{
    char full[128];
    size_t n;
    WCHAR *w;

    snprintf(full, sizeof full, "%s/%s", dir, name);
    n = strlen(full);
    w = malloc((n + 1) * sizeof *w);
    for (size_t i = 0; i <= n; i++)
        w[i] = (WCHAR)(unsigned char)full[i];
    return w;
}

static void make_files(void)
{
    unsigned char b[1024];
    char path[128];

    strcpy(dir, "/tmp/faxsim-smoke-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(path, sizeof path, "%s/two.tif", dir);
    write_file(path, b, build_tiff(b, 2, 0, 0));
    snprintf(path, sizeof path, "%s/big.tif", dir);
    write_file(path, b, build_tiff(b, 3, 1, 0));
    snprintf(path, sizeof path, "%s/cycle.tif", dir);
    write_file(path, b, build_tiff(b, 2, 0, 1));
    snprintf(path, sizeof path, "%s/short.tif", dir);
    write_file(path, b, build_tiff(b, 1, 0, 0) - 10);
    /* A type with no print handler in the simulated machine. */
    snprintf(path, sizeof path, "%s/text.pdf", dir);
    write_file(path, "hello, fax", 10);
    snprintf(path, sizeof path, "%s/cover.cov", dir);
    write_file(path, "cover", 5);
}

static void remove_files(void)
{
    const char *names[] = { "two.tif", "big.tif", "cycle.tif", "short.tif",
                            "text.pdf", "cover.cov" };
    char path[128];

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static FAX_JOB_PARAMW job_params(LPCWSTR number)
{
    FAX_JOB_PARAMW p;
    memset(&p, 0, sizeof p);
    p.SizeOfStruct = sizeof p;
    p.RecipientNumber = number;
    p.RecipientName = W("Alice");
    p.SenderName = W("Bob");
    p.DocumentName = W("doc");
    return p;
}

static HANDLE connect_server(void)
{
    HANDLE h = NULL;
    OK(FaxConnectFaxServerW(NULL, &h));
    return h;
}

static DWORD queue_status(HANDLE h, DWORD job, DWORD *status, DWORD *page)
{
    PFAX_JOB_ENTRYW e = NULL;
    DWORD qs = 0xFFFFFFFFu;

    if (FaxGetJobW(h, job, &e)) {
        qs = e->QueueStatus;
        if (status)
            *status = e->Status;
        if (page)
            *page = e->PageCount;
        FaxFreeBuffer(e);
    }
    return qs;
}

/* ---- ports ---------------------------------------------------------------- */

static void test_ports(void)
{
    HANDLE h = connect_server(), q = NULL, m = NULL, m2 = NULL;
    PFAX_PORT_INFOW ports = NULL, info = NULL;
    PFAX_DEVICE_STATUSW st = NULL;
    FAX_PORT_INFOW set;
    DWORD n = 0, second;

    OK(FaxEnumPortsW(h, &ports, &n));
    CHECK(n == 1 && ports[0].DeviceId == 0x10001 &&
          weq(ports[0].DeviceName, "Virtual Fax Device 1") &&
          ports[0].Flags == (FPF_SEND | FPF_RECEIVE | FPF_VIRTUAL) &&
          ports[0].Rings == 2 && ports[0].Priority == 1 &&
          ports[0].State == FPS_AVAILABLE && weq(ports[0].Tsid, "Fax") &&
          weq(ports[0].Csid, "Fax") && ports[0].SizeOfStruct == sizeof *ports,
          "fresh service has one documented-default device");
    FaxFreeBuffer(ports);
    FAILS(FaxEnumPortsW(h, NULL, &n), ERROR_INVALID_PARAMETER);

    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_QUERY, &q));
    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_MODIFY, &m));
    FAILS(FaxOpenPort(h, 0x10001, PORT_OPEN_MODIFY, &m2), ERROR_INVALID_HANDLE);
    FAILS(FaxOpenPort(h, 1, PORT_OPEN_QUERY, &m2), ERROR_BAD_UNIT);
    FAILS(FaxOpenPort(h, 0x10001, 0, &m2), ERROR_INVALID_PARAMETER);
    FAILS(FaxOpenPort(h, 0x10001, PORT_OPEN_QUERY, NULL), ERROR_INVALID_PARAMETER);

    OK(FaxGetPortW(q, &info));
    CHECK(info != NULL && info->DeviceId == 0x10001 && weq(info->Tsid, "Fax"),
          "FaxGetPortW describes the device");
    set = *info;
    set.Rings = 5;
    set.Tsid = W("+1 555 0100");
    set.Flags = FPF_SEND;           /* FPF_VIRTUAL cannot be changed */
    FAILS(FaxSetPortW(q, &set), ERROR_ACCESS_DENIED);   /* query-only handle */
    OK(FaxSetPortW(m, &set));
    set.SizeOfStruct = 1;
    FAILS(FaxSetPortW(m, &set), ERROR_INVALID_PARAMETER);
    set.SizeOfStruct = sizeof set;
    set.Rings = 100;
    FAILS(FaxSetPortW(m, &set), ERROR_INVALID_PARAMETER);
    set.Rings = 5;
    set.Priority = 2;
    FAILS(FaxSetPortW(m, &set), ERROR_INVALID_PARAMETER);  /* only 1 device */
    FaxFreeBuffer(info);
    OK(FaxGetPortW(m, &info));
    CHECK(info->Rings == 5 && weq(info->Tsid, "+1 555 0100") &&
          info->Flags == (FPF_SEND | FPF_VIRTUAL),
          "FaxSetPortW changed rings and TSID and kept FPF_VIRTUAL");
    FaxFreeBuffer(info);

    second = faxsim_add_port("Second", FPF_SEND);
    CHECK(second == 0x10002 && faxsim_port_count() == 2, "faxsim_add_port");
    OK(FaxGetPortW(m, &info));
    set = *info;
    set.Priority = 2;
    OK(FaxSetPortW(m, &set));
    FaxFreeBuffer(info);
    OK(FaxEnumPortsW(h, &ports, &n));
    CHECK(n == 2 && ports[0].DeviceId == second && ports[0].Priority == 1 &&
          ports[1].DeviceId == 0x10001 && ports[1].Priority == 2,
          "priorities are reordered, 1..n");
    FaxFreeBuffer(ports);

    OK(FaxGetDeviceStatusW(q, &st));
    CHECK(st->SizeOfStruct == sizeof *st && st->DeviceId == 0x10001 &&
          st->Status == FPS_AVAILABLE && st->JobType == JT_UNKNOWN &&
          weq(st->DeviceName, "Virtual Fax Device 1") && st->StatusString == NULL,
          "idle device status");
    FaxFreeBuffer(st);
    FAILS(FaxGetDeviceStatusW(h, &st), ERROR_INVALID_HANDLE);  /* server handle */

    faxsim_set_access(FAX_ALL_ACCESS & ~(DWORD)FAX_PORT_QUERY);
    FAILS(FaxGetPortW(q, &info), ERROR_ACCESS_DENIED);
    FAILS(FaxOpenPort(h, 0x10001, PORT_OPEN_QUERY, &m2), ERROR_ACCESS_DENIED);
    FAILS(FaxEnumPortsW(h, &ports, &n), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS & ~(DWORD)FAX_PORT_SET);
    OK(FaxGetPortW(m, &info));
    FAILS(FaxSetPortW(m, info), ERROR_ACCESS_DENIED);
    FaxFreeBuffer(info);
    faxsim_set_access(FAX_ALL_ACCESS);

    CHECK(faxsim_remove_port(second) == 0 && faxsim_port_count() == 1,
          "faxsim_remove_port");
    OK(FaxClose(m));
    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_MODIFY, &m));  /* free to modify again */
    OK(FaxClose(m));
    OK(FaxClose(q));
    OK(FaxClose(h));
    CHECK(faxsim_open_handles() == 0, "FaxClose closed port and server handles");
}

/* ---- configuration and logging -------------------------------------------- */

static void test_config(void)
{
    HANDLE h = connect_server();
    PFAX_CONFIGURATIONW c = NULL;
    PFAX_LOG_CATEGORYW cats = NULL;
    FAX_CONFIGURATIONW set;
    FAX_LOG_CATEGORYW one;
    DWORD n = 0;

    OK(FaxGetConfigurationW(h, &c));
    CHECK(c->SizeOfStruct == sizeof *c && c->Retries == 3 && c->RetryDelay == 10 &&
          c->DirtyDays == 30 && c->Branding && c->UseDeviceTsid && !c->ServerCp &&
          !c->PauseServerQueue && c->StartCheapTime.Hour == 20 &&
          c->StopCheapTime.Hour == 7 && !c->ArchiveOutgoingFaxes &&
          c->ArchiveDirectory == NULL,
          "default configuration");
    set = *c;
    FaxFreeBuffer(c);
    set.Retries = 1;
    set.ArchiveOutgoingFaxes = TRUE;
    set.ArchiveDirectory = W("/tmp/archive");
    OK(FaxSetConfigurationW(h, &set));
    OK(FaxGetConfigurationW(h, &c));
    CHECK(c->Retries == 1 && c->ArchiveOutgoingFaxes &&
          weq(c->ArchiveDirectory, "/tmp/archive"), "configuration was set");
    FaxFreeBuffer(c);
    set.SizeOfStruct = 0;
    FAILS(FaxSetConfigurationW(h, &set), ERROR_INVALID_PARAMETER);
    set.SizeOfStruct = sizeof set;
    set.StartCheapTime.Hour = 24;
    FAILS(FaxSetConfigurationW(h, &set), ERROR_INVALID_PARAMETER);
    set.StartCheapTime.Hour = 20;
    set.ArchiveDirectory = NULL;
    FAILS(FaxSetConfigurationW(h, &set), ERROR_INVALID_PARAMETER);
    FAILS(FaxSetConfigurationW(h, NULL), ERROR_INVALID_PARAMETER);
    faxsim_set_access(FAX_READ);
    FAILS(FaxSetConfigurationW(h, &set), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_WRITE);
    FAILS(FaxGetConfigurationW(h, &c), ERROR_ACCESS_DENIED);
    FAILS(FaxGetLoggingCategoriesW(h, &cats, &n), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS);

    OK(FaxGetLoggingCategoriesW(h, &cats, &n));
    CHECK(n == 4 && cats[0].Category == FAXLOG_CATEGORY_INIT &&
          weq(cats[0].Name, "Initialization/Termination") &&
          weq(cats[1].Name, "Outbound") && weq(cats[2].Name, "Inbound") &&
          weq(cats[3].Name, "Unknown") && cats[3].Level == FAXLOG_LEVEL_MIN,
          "four logging categories");
    FaxFreeBuffer(cats);
    one.Name = NULL;
    one.Category = FAXLOG_CATEGORY_OUTBOUND;
    one.Level = FAXLOG_LEVEL_MAX;
    OK(FaxSetLoggingCategoriesW(h, &one, 1));
    OK(FaxGetLoggingCategoriesW(h, &cats, &n));
    CHECK(cats[1].Level == FAXLOG_LEVEL_MAX && cats[0].Level == FAXLOG_LEVEL_MIN,
          "one category's level changed");
    FaxFreeBuffer(cats);
    one.Level = 4;
    FAILS(FaxSetLoggingCategoriesW(h, &one, 1), ERROR_INVALID_PARAMETER);
    one.Level = 0;
    one.Category = 5;
    FAILS(FaxSetLoggingCategoriesW(h, &one, 1), ERROR_INVALID_PARAMETER);
    FAILS(FaxSetLoggingCategoriesW(h, &one, 0), ERROR_INVALID_PARAMETER);
    OK(FaxClose(h));
}

/* ---- jobs ------------------------------------------------------------------ */

static void test_jobs(void)
{
    HANDLE h = connect_server(), port = NULL;
    WCHAR *two = wpath("two.tif"), *big = wpath("big.tif");
    WCHAR *cycle = wpath("cycle.tif"), *shrt = wpath("short.tif");
    WCHAR *text = wpath("text.pdf"), *cov = wpath("cover.cov");
    WCHAR *missing = wpath("missing.tif");
    PFAX_JOB_PARAMW jp = NULL;
    PFAX_COVERPAGE_INFOW cp = NULL;
    PFAX_JOB_ENTRYW jobs = NULL, e = NULL;
    PFAX_DEVICE_STATUSW st = NULL;
    FAX_JOB_PARAMW p = job_params(W("555-0100"));
    FAX_COVERPAGE_INFOW cover;
    FAX_CONFIGURATIONW *cfg = NULL;
    LPBYTE page = NULL;
    DWORD id = 0, id2 = 0, n = 0, size = 0, w = 0, ht = 0, status = 0, pages = 0;

    OK(FaxCompleteJobParamsW(&jp, &cp));
    CHECK(jp->SizeOfStruct == sizeof *jp && weq(jp->SenderName, "user") &&
          cp->SizeOfStruct == sizeof *cp && weq(cp->SdrName, "user"),
          "FaxCompleteJobParamsW fills both structs");
    FaxFreeBuffer(jp);
    FaxFreeBuffer(cp);
    FAILS(FaxCompleteJobParamsW(NULL, &cp), ERROR_INVALID_PARAMETER);

    FAILS(FaxSendDocumentW(h, missing, &p, NULL, &id), ERROR_FILE_NOT_FOUND);
    FAILS(FaxSendDocumentW(h, text, &p, NULL, &id), ERROR_INVALID_DATA);
    FAILS(FaxSendDocumentW(h, cycle, &p, NULL, &id), ERROR_INVALID_DATA);
    FAILS(FaxSendDocumentW(h, shrt, &p, NULL, &id), ERROR_INVALID_DATA);
    FAILS(FaxSendDocumentW(h, NULL, &p, NULL, &id), ERROR_INVALID_PARAMETER);
    p.SizeOfStruct--;
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_INVALID_PARAMETER);
    p.SizeOfStruct++;
    p.RecipientNumber = NULL;
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_INVALID_PARAMETER);
    p.RecipientNumber = W("");      /* no number to dial either */
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_INVALID_PARAMETER);
    p.RecipientNumber = W("555-0100");
    p.CallHandle = 7;
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_NOT_SUPPORTED);
    p.CallHandle = 0;
    memset(&cover, 0, sizeof cover);
    cover.SizeOfStruct = sizeof cover;
    cover.CoverPageName = missing;
    FAILS(FaxSendDocumentW(h, two, &p, &cover, &id), ERROR_FILE_NOT_FOUND);
    faxsim_set_access(FAX_READ);
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS);
    CHECK(faxsim_job_count() == 0, "failed submissions queue nothing");

    /* A schedule action FAX_JOB_PARAMW does not define. */
    p.ScheduleAction = 7;
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_INVALID_PARAMETER);

    /* A date that does not exist (February 30) names no moment the service
     * could reach: refused (our check, docs/fidelity.md). */
    p.ScheduleAction = JSA_SPECIFIC_TIME;
    p.ScheduleTime.wYear = 2001;
    p.ScheduleTime.wMonth = 2;
    p.ScheduleTime.wDay = 30;
    FAILS(FaxSendDocumentW(h, two, &p, NULL, &id), ERROR_INVALID_PARAMETER);
    CHECK(faxsim_job_count() == 0, "an impossible schedule queues nothing");

    /* A time already past (UTC): the job may go at once. */
    p.ScheduleTime.wYear = 2001;
    p.ScheduleTime.wMonth = 2;
    p.ScheduleTime.wDay = 3;
    p.ScheduleTime.wHour = 22;
    p.DeliveryReportType = DRT_EMAIL;
    p.DeliveryReportAddress = W("bob@example.com");
    OK(FaxSendDocumentW(h, two, &p, NULL, &id));
    p.ScheduleAction = JSA_NOW;
    p.DeliveryReportType = DRT_NONE;
    cover.CoverPageName = cov;
    OK(FaxSendDocumentW(h, big, &p, &cover, &id2));
    CHECK(id != 0 && id2 == id + 1 && faxsim_job_count() == 2, "jobs queued %u %u",
          (unsigned)id, (unsigned)id2);

    OK(FaxEnumJobsW(h, &jobs, &n));
    CHECK(n == 2 && jobs[0].JobId == id && jobs[0].PageCount == 2 &&
          jobs[0].JobType == JT_SEND && jobs[0].QueueStatus == JS_PENDING &&
          weq(jobs[0].UserName, "user") && weq(jobs[0].RecipientNumber, "555-0100") &&
          weq(jobs[0].RecipientName, "Alice") &&
          jobs[0].ScheduleAction == JSA_SPECIFIC_TIME &&
          jobs[0].ScheduleTime.wHour == 22 && jobs[0].DeliveryReportType == DRT_EMAIL &&
          weq(jobs[0].DeliveryReportAddress, "bob@example.com") &&
          jobs[1].PageCount == 4 && jobs[1].DeliveryReportAddress == NULL,
          "FaxEnumJobsW reports what was submitted");
    FaxFreeBuffer(jobs);
    FAILS(FaxGetJobW(h, 999, &e), ERROR_INVALID_PARAMETER);
    faxsim_set_access(FAX_WRITE);
    FAILS(FaxEnumJobsW(h, &jobs, &n), ERROR_ACCESS_DENIED);
    FAILS(FaxGetPageData(h, id, &page, &size, &w, &ht), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS);

    OK(FaxGetPageData(h, id2, &page, &size, &w, &ht));
    CHECK(page != NULL && w == 1728 && ht == 100 && memcmp(page, "MM\0*", 4) == 0,
          "FaxGetPageData: first page of a big-endian TIFF, %ux%u", (unsigned)w,
          (unsigned)ht);
    /* The first IFD's next link (after 5 entries) must now end the chain. */
    CHECK(size > 8 + 2 + 60 + 4 && memcmp(page + 8 + 2 + 60, "\0\0\0\0", 4) == 0,
          "the returned TIFF has a single page");
    FaxFreeBuffer(page);
    FAILS(FaxGetPageData(h, 999, &page, &size, &w, &ht), ERROR_INVALID_PARAMETER);
    FAILS(FaxGetPageData(h, id, NULL, &size, &w, &ht), ERROR_INVALID_PARAMETER);

    /* Lifecycle of the first job on the only device. */
    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_QUERY, &port));
    CHECK(faxsim_advance(1) == 2, "advance: both jobs can move");
    CHECK(queue_status(h, id, &status, NULL) == JS_INPROGRESS && status == FPS_DIALING,
          "first job dials");
    CHECK(queue_status(h, id2, NULL, NULL) == JS_NOLINE, "second job has no line");
    OK(FaxGetDeviceStatusW(port, &st));
    CHECK(st->Status == FPS_DIALING && st->JobType == JT_SEND &&
          weq(st->PhoneNumber, "555-0100") && st->TotalPages == 2,
          "device status shows the job");
    FaxFreeBuffer(st);
    faxsim_advance(1);
    OK(FaxGetDeviceStatusW(port, &st));
    CHECK(st->Status == FPS_SENDING && st->CurrentPage == 1, "sending page 1");
    FaxFreeBuffer(st);
    {
        PFAX_PORT_INFOW pi = NULL;
        HANDLE mod = NULL;
        OK(FaxOpenPort(h, 0x10001, PORT_OPEN_MODIFY, &mod));
        OK(FaxGetPortW(mod, &pi));
        FAILS(FaxSetPortW(mod, pi), ERROR_DEVICE_IN_USE);
        FaxFreeBuffer(pi);
        OK(FaxClose(mod));
    }
    faxsim_advance(1);
    faxsim_advance(1);
    CHECK(queue_status(h, id, NULL, NULL) == 0xFFFFFFFFu && faxsim_job_count() == 1,
          "completed job left the queue");

    /* Pause, resume, abort; ownership. */
    faxsim_advance(1);          /* the second job takes the line */
    OK(FaxSetJobW(h, id2, JC_PAUSE, NULL));
    CHECK(queue_status(h, id2, NULL, NULL) == JS_INPROGRESS,
          "an active job is paused only when it returns to the queue");
    OK(FaxAbort(h, id2));
    CHECK(queue_status(h, id2, NULL, NULL) == (JS_INPROGRESS | JS_DELETING),
          "aborted active job is deleting");
    faxsim_advance(1);
    CHECK(faxsim_job_count() == 0, "aborted job left at the next step");
    FAILS(FaxAbort(h, id2), ERROR_INVALID_PARAMETER);

    OK(FaxSendDocumentW(h, two, &p, NULL, &id));
    OK(FaxSetJobW(h, id, JC_PAUSE, NULL));
    CHECK(queue_status(h, id, NULL, NULL) == JS_PAUSED, "queued job paused");
    CHECK(faxsim_advance(1) == 0, "a paused job does not move");
    OK(FaxSetJobW(h, id, JC_RESUME, NULL));
    CHECK(queue_status(h, id, NULL, NULL) == JS_PENDING, "resumed");
    FAILS(FaxSetJobW(h, id, JC_UNKNOWN, NULL), ERROR_INVALID_PARAMETER);
    {
        FAX_JOB_ENTRYW entry;
        memset(&entry, 0, sizeof entry);
        FAILS(FaxSetJobW(h, id, JC_PAUSE, &entry), ERROR_INVALID_PARAMETER);
    }
    FAILS(FaxSetJobW(h, 999, JC_PAUSE, NULL), ERROR_INVALID_PARAMETER);
    faxsim_set_user("mallory");
    faxsim_set_access(FAX_ALL_ACCESS & ~(DWORD)FAX_JOB_MANAGE);
    FAILS(FaxSetJobW(h, id, JC_DELETE, NULL), ERROR_ACCESS_DENIED);
    FAILS(FaxAbort(h, id), ERROR_ACCESS_DENIED);   /* somebody else's job */
    faxsim_set_user("user");
    /* FaxSetJob: FAX_JOB_MANAGE, owner or not. */
    FAILS(FaxSetJobW(h, id, JC_DELETE, NULL), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_READ);
    OK(FaxAbort(h, id));                           /* FaxAbort: the owner may */
    CHECK(faxsim_job_count() == 0, "aborted queued job left at once");
    faxsim_set_access(FAX_ALL_ACCESS);

    /* Failures and retries, with Retries = 1. */
    OK(FaxGetConfigurationW(h, &cfg));
    cfg->Retries = 1;
    OK(FaxSetConfigurationW(h, cfg));
    FaxFreeBuffer(cfg);
    OK(FaxSendDocumentW(h, two, &p, NULL, &id));
    faxsim_advance(2);
    CHECK(faxsim_fail_job(id, FAXSIM_FAIL_RETRY) == 0, "faxsim_fail_job retry");
    CHECK(queue_status(h, id, &status, NULL) == JS_RETRYING && status == FPS_NO_ANSWER,
          "retrying after no answer");
    faxsim_advance(1);
    CHECK(queue_status(h, id, NULL, NULL) == JS_INPROGRESS, "redialled");
    faxsim_fail_job(id, FAXSIM_FAIL_RETRY);
    CHECK(queue_status(h, id, NULL, NULL) == JS_RETRIES_EXCEEDED, "retries exceeded");
    CHECK(faxsim_advance(1) == 0 && faxsim_fail_job(id, FAXSIM_FAIL_RETRY) == -1,
          "a job out of retries stays put");
    OK(FaxSetJobW(h, id, JC_RESTART, NULL));
    CHECK(queue_status(h, id, &status, &pages) == JS_PENDING && pages == 2,
          "JC_RESTART requeues it");
    CHECK(faxsim_fail_job(id, FAXSIM_FAIL_FATAL) == 0 &&
          queue_status(h, id, &status, NULL) == JS_FAILED && status == FPS_FATAL_ERROR,
          "fatal failure");
    while (faxsim_advance(1)) {
    }
    CHECK(faxsim_job_count() == 1, "failed job stays in the queue");
    OK(FaxClose(port));
    OK(FaxClose(h));
    free(two); free(big); free(cycle); free(shrt); free(text); free(cov);
    free(missing);
}

/* ---- broadcast ------------------------------------------------------------ */

typedef struct {
    DWORD stop_after;     /* recipients to add */
    DWORD close_at;       /* close the handle during this call (0: never) */
    DWORD null_at;        /* give no recipient number on this call */
    DWORD calls;
    DWORD jobs_seen;      /* FaxEnumJobsW from inside the callback */
} broadcast_ctx;

static BOOL CALLBACK recipient(HANDLE h, DWORD number, LPVOID context,
                               PFAX_JOB_PARAMW params, PFAX_COVERPAGE_INFOW cover)
{
    broadcast_ctx *c = context;
    PFAX_JOB_ENTRYW jobs = NULL;
    DWORD n = 0;

    c->calls++;
    if (number != c->calls || params->SizeOfStruct != sizeof *params ||
        cover->SizeOfStruct != sizeof *cover)
        return FALSE;
    /* Calling back into the API proves the service lock is not held. */
    if (FaxEnumJobsW(h, &jobs, &n)) {
        c->jobs_seen = n;
        FaxFreeBuffer(jobs);
    }
    if (number == c->close_at)
        FaxClose(h);
    if (number > c->stop_after)
        return FALSE;
    params->RecipientNumber = number == c->null_at ? NULL : W("555-0199");
    params->RecipientName = W("Many");
    return TRUE;
}

static void test_broadcast(void)
{
    HANDLE h = connect_server();
    WCHAR *two = wpath("two.tif");
    broadcast_ctx c = { 3, 0, 0, 0, 0 };
    PFAX_JOB_ENTRYW jobs = NULL;
    DWORD id = 0, n = 0;
    uint64_t violations = faxsim_violations();

    OK(FaxSendDocumentForBroadcastW(h, two, &id, recipient, &c));
    CHECK(c.calls == 4 && faxsim_job_count() == 3 && c.jobs_seen == 3,
          "three recipients, three jobs, callback could call the API");
    OK(FaxEnumJobsW(h, &jobs, &n));
    CHECK(n == 3 && jobs[0].JobId == id && jobs[2].JobId == id + 2 &&
          weq(jobs[1].RecipientName, "Many") && jobs[1].PageCount == 2,
          "FaxJobId is the first recipient's job");
    FaxFreeBuffer(jobs);

    c = (broadcast_ctx){ 0, 0, 0, 0, 0 };
    FAILS(FaxSendDocumentForBroadcastW(h, two, &id, recipient, &c),
          ERROR_INVALID_PARAMETER);
    c = (broadcast_ctx){ 5, 0, 2, 0, 0 };
    FAILS(FaxSendDocumentForBroadcastW(h, two, &id, recipient, &c),
          ERROR_INVALID_PARAMETER);
    CHECK(faxsim_job_count() == 4, "the recipient before the bad one stays queued");
    FAILS(FaxSendDocumentForBroadcastW(h, two, &id, NULL, &c), ERROR_INVALID_PARAMETER);
    faxsim_set_access(FAX_READ);
    FAILS(FaxSendDocumentForBroadcastW(h, two, &id, recipient, &c), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS);

    c = (broadcast_ctx){ 5, 2, 0, 0, 0 };
    FAILS(FaxSendDocumentForBroadcastW(h, two, &id, recipient, &c),
          ERROR_INVALID_HANDLE);
    CHECK(faxsim_job_count() == 5 && faxsim_violations() == violations,
          "FaxClose inside the callback is tolerated");
    CHECK(faxsim_open_handles() == 0, "the callback's FaxClose took effect");
    free(two);
}

/* ---- routing, extensions, providers ---------------------------------------- */

static BOOL CALLBACK install(HANDLE h, LPVOID context, LPWSTR method,
                             LPWSTR friendly, LPWSTR function, LPWSTR guid)
{
    int *n = context;
    const char *g = *n == 0 ? "{11111111-2222-3333-4444-555555555555}"
                            : "{66666666-7777-8888-9999-aaaaaaaaaaaa}";
    if (*n == 2 || !FaxAccessCheck(h, FAX_CONFIG_QUERY))
        return FALSE;
    for (int i = 0; g[i]; i++)
        guid[i] = (WCHAR)g[i];
    memcpy(method, W("M"), 2 * sizeof(WCHAR));
    memcpy(friendly, W("Friendly"), 9 * sizeof(WCHAR));
    memcpy(function, W("Route"), 6 * sizeof(WCHAR));
    (*n)++;
    return TRUE;
}

/* One method whose friendly name is *context characters of 'x', its NUL
 * written only where it fits the 100 WCHARs the simulator provides. */
static BOOL CALLBACK install_long(HANDLE h, LPVOID context, LPWSTR method,
                                  LPWSTR friendly, LPWSTR function, LPWSTR guid)
{
    int *length = context;
    const char *g = "{77777777-7777-7777-7777-777777777777}";
    (void)h;
    if (*length < 0)
        return FALSE;
    for (int i = 0; g[i]; i++)
        guid[i] = (WCHAR)g[i];
    memcpy(method, W("M"), 2 * sizeof(WCHAR));
    memcpy(function, W("Route"), 6 * sizeof(WCHAR));
    for (int i = 0; i < *length; i++)
        friendly[i] = 'x';
    if (*length < 100)
        friendly[*length] = 0;
    *length = -1;
    return TRUE;
}

static void test_routing(void)
{
    HANDLE h = connect_server(), q = NULL, m = NULL;
    PFAX_ROUTING_METHODW methods = NULL;
    PFAX_GLOBAL_ROUTING_INFOW global = NULL;
    FAX_GLOBAL_ROUTING_INFOW move;
    LPCWSTR email = W("{6BBF7BFE-9AF2-11d0-ABF7-00C04FD91A4E}");
    LPCWSTR print = W("{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}");
    LPBYTE data = NULL;
    DWORD n = 0, size = 0;
    int count = 0;

    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_QUERY, &q));
    OK(FaxOpenPort(h, 0x10001, PORT_OPEN_MODIFY, &m));
    OK(FaxEnumRoutingMethodsW(q, &methods, &n));
    CHECK(n == 3 && !methods[0].Enabled &&
          weq(methods[0].Guid, "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}") &&
          weq(methods[0].FriendlyName, "Route through e-mail") &&
          weq(methods[1].FriendlyName, "Store in a folder") &&
          weq(methods[2].FriendlyName, "Print") && methods[2].DeviceId == 0x10001 &&
          weq(methods[2].DeviceName, "Virtual Fax Device 1"),
          "three default routing methods, disabled");
    FaxFreeBuffer(methods);
    OK(FaxEnableRoutingMethodW(m, email, TRUE));      /* GUIDs ignore case */
    FAILS(FaxEnableRoutingMethodW(m, W("{00000000-0000-0000-0000-000000000000}"), TRUE),
          ERROR_INVALID_DATA);
    OK(FaxEnumRoutingMethodsW(q, &methods, &n));
    CHECK(methods[0].Enabled && !methods[1].Enabled, "e-mail routing enabled");
    FaxFreeBuffer(methods);

    OK(FaxGetRoutingInfoW(q, print, &data, &size));
    CHECK(data != NULL && size == 0, "no routing data yet");
    FaxFreeBuffer(data);
    OK(FaxSetRoutingInfoW(m, print, (const BYTE *)"P\0r\0n\0\0", 8));
    OK(FaxGetRoutingInfoW(q, print, &data, &size));
    CHECK(size == 8 && memcmp(data, "P\0r\0n\0\0", 8) == 0, "routing data round trip");
    FaxFreeBuffer(data);
    FAILS(FaxSetRoutingInfoW(m, print, NULL, 8), ERROR_INVALID_PARAMETER);
    faxsim_set_access(FAX_READ);
    FAILS(FaxSetRoutingInfoW(m, print, data, 0), ERROR_ACCESS_DENIED);
    FAILS(FaxEnableRoutingMethodW(m, email, FALSE), ERROR_ACCESS_DENIED);
    faxsim_set_access(FAX_ALL_ACCESS);

    OK(FaxEnumGlobalRoutingInfoW(h, &global, &n));
    CHECK(n == 3 && global[0].Priority == 1 && global[2].Priority == 3 &&
          weq(global[2].FriendlyName, "Print"), "global routing priorities");
    move = global[2];
    move.Priority = 1;
    OK(FaxSetGlobalRoutingInfoW(h, &move));
    FaxFreeBuffer(global);
    OK(FaxEnumGlobalRoutingInfoW(h, &global, &n));
    CHECK(weq(global[0].FriendlyName, "Print") && global[0].Priority == 1 &&
          weq(global[1].FriendlyName, "Route through e-mail"),
          "printing moved to priority 1");
    move = global[0];
    move.Priority = 4;
    FAILS(FaxSetGlobalRoutingInfoW(h, &move), ERROR_INVALID_PARAMETER);
    move.Priority = 1;
    move.Guid = W("{00000000-0000-0000-0000-000000000000}");
    FAILS(FaxSetGlobalRoutingInfoW(h, &move), ERROR_INVALID_DATA);
    FaxFreeBuffer(global);

    OK(FaxRegisterRoutingExtensionW(h, W("Ext"), W("Our extension"), W("ext.dll"),
                                    install, &count));
    OK(FaxEnumGlobalRoutingInfoW(h, &global, &n));
    CHECK(count == 2 && n == 3, "a registered extension waits for a restart");
    FaxFreeBuffer(global);
    faxsim_set_admin(0);
    FAILS(FaxRegisterRoutingExtensionW(h, W("Ext"), W("x"), W("x.dll"), install, &count),
          ERROR_ACCESS_DENIED);
    faxsim_set_admin(1);
    FAILS(FaxRegisterRoutingExtensionW(h, W("Ext"), NULL, W("x.dll"), install, &count),
          ERROR_INVALID_PARAMETER);
    faxsim_restart();
    CHECK(faxsim_open_handles() == 0, "restart drops every handle");
    h = connect_server();
    OK(FaxEnumGlobalRoutingInfoW(h, &global, &n));
    CHECK(n == 5 && weq(global[4].FunctionName, "Route") &&
          weq(global[4].ExtensionFriendlyName, "Our extension") &&
          weq(global[4].ExtensionImageName, "ext.dll"),
          "after a restart the extension's methods are installed");
    FaxFreeBuffer(global);
    {
        /* The callback's strings get 100 WCHARs, NUL included. */
        int length = 100;
        FAILS(FaxRegisterRoutingExtensionW(h, W("Long"), W("x"), W("x.dll"),
                                           install_long, &length),
              ERROR_INVALID_PARAMETER);
        length = 99;
        OK(FaxRegisterRoutingExtensionW(h, W("Long"), W("x"), W("x.dll"),
                                        install_long, &length));
    }

    OK(FaxRegisterServiceProviderW(W("Prov"), W("Provider"), W("prov.dll"), W("")));
    OK(FaxRegisterServiceProviderW(W("prov"), W("Again"), W("prov.dll"), W("")));
    CHECK(faxsim_provider_count() == 1, "registering again overwrites");
    FAILS(FaxRegisterServiceProviderW(W("P2"), NULL, W("p.dll"), W("")),
          ERROR_INVALID_PARAMETER);
    faxsim_set_admin(0);
    FAILS(FaxUnregisterServiceProviderW(W("Prov")), ERROR_ACCESS_DENIED);
    faxsim_set_admin(1);
    OK(FaxUnregisterServiceProviderW(W("Prov")));
    FAILS(FaxUnregisterServiceProviderW(W("Prov")), ERROR_FILE_NOT_FOUND);
    CHECK(faxsim_provider_count() == 0, "provider unregistered");
    OK(FaxClose(h));
}

/* ---- printing -------------------------------------------------------------- */

static void test_print(void)
{
    HANDLE h = connect_server();
    WCHAR *cov = wpath("cover.cov"), *missing = wpath("missing.cov");
    FAX_PRINT_INFOW pi;
    FAX_CONTEXT_INFOW ctx, bogus;
    FAX_COVERPAGE_INFOW cover;
    PFAX_JOB_ENTRYW jobs = NULL;
    DWORD spool = 0, n = 0;
    HDC still_open;

    memset(&pi, 0, sizeof pi);
    pi.SizeOfStruct = sizeof pi;
    pi.RecipientNumber = W("555-0123");
    pi.DocName = W("printed");
    memset(&ctx, 0, sizeof ctx);
    OK(FaxStartPrintJobW(NULL, &pi, &spool, &ctx));
    CHECK(ctx.SizeOfStruct == sizeof ctx && ctx.hDC != NULL && spool >= 1000,
          "FaxStartPrintJobW hands out a device context and a spooler id");
    CHECK(ctx.ServerName[0] == 0, "ServerName is empty for the local fax server");
    CHECK(faxsim_open_print_jobs() == 1, "one print job open");
    OK(FaxEnumJobsW(h, &jobs, &n));
    CHECK(n == 0, "nothing is queued while the document is printed");
    FaxFreeBuffer(jobs);
    memset(&cover, 0, sizeof cover);
    cover.SizeOfStruct = sizeof cover;
    cover.CoverPageName = cov;
    OK(FaxPrintCoverPageW(&ctx, &cover));
    CHECK(EndDoc(ctx.hDC) > 0, "EndDoc ends the document");
    OK(FaxEnumJobsW(h, &jobs, &n));
    CHECK(n == 1 && jobs[0].JobId != spool && jobs[0].PageCount == 1 &&
          weq(jobs[0].DocumentName, "printed"),
          "the ended print job is queued, its cover page counted");
    FaxFreeBuffer(jobs);
    FAILS(FaxPrintCoverPageW(&ctx, &cover), ERROR_SPL_NO_STARTDOC);
    SetLastError(0);
    CHECK(EndDoc(ctx.hDC) <= 0 && GetLastError() == ERROR_SPL_NO_STARTDOC,
          "EndDoc twice: no document is open");
    CHECK(AbortDoc(ctx.hDC) <= 0 && GetLastError() == ERROR_SPL_NO_STARTDOC,
          "AbortDoc after EndDoc: no document is open");
    CHECK(DeleteDC(ctx.hDC), "DeleteDC gives the device context back");
    CHECK(!DeleteDC(ctx.hDC) && GetLastError() == ERROR_INVALID_HANDLE,
          "DeleteDC twice: not a device context any more");
    CHECK(EndDoc(ctx.hDC) <= 0 && GetLastError() == ERROR_INVALID_HANDLE,
          "EndDoc on a deleted device context");
    OK(FaxStartPrintJobW(NULL, &pi, &spool, &ctx));
    CHECK(AbortDoc(ctx.hDC) > 0 && DeleteDC(ctx.hDC) && faxsim_job_count() == 1,
          "an aborted print job queues nothing");
    OK(FaxStartPrintJobW(NULL, &pi, &spool, &ctx));
    CHECK(DeleteDC(ctx.hDC) && faxsim_job_count() == 1,
          "a document deleted before it ended queues nothing");
    CHECK(faxsim_open_print_jobs() == 0, "every print job released");
    OK(FaxStartPrintJobW(NULL, &pi, &spool, &ctx));
    still_open = ctx.hDC;
    cover.CoverPageName = missing;
    FAILS(FaxPrintCoverPageW(&ctx, &cover), ERROR_FILE_NOT_FOUND);
    cover.CoverPageName = cov;
    bogus = ctx;
    bogus.hDC = (HDC)(uintptr_t)0x1234;
    FAILS(FaxPrintCoverPageW(&bogus, &cover), ERROR_SPL_NO_STARTDOC);
    bogus.SizeOfStruct = 0;
    FAILS(FaxPrintCoverPageW(&bogus, &cover), ERROR_INVALID_PARAMETER);
    FAILS(FaxStartPrintJobW(W("LaserJet"), &pi, &spool, &ctx), ERROR_INVALID_PRINTER_NAME);
    /* FAX_PRINT_INFO's page: RecipientNumber required; Reserved and
     * OutputFileName must be NULL (a file name is no recipient either). */
    pi.RecipientNumber = NULL;
    FAILS(FaxStartPrintJobW(NULL, &pi, &spool, &ctx), ERROR_INVALID_PARAMETER);
    pi.OutputFileName = W("/tmp/out.tif");
    FAILS(FaxStartPrintJobW(W("fax"), &pi, &spool, &ctx), ERROR_INVALID_PARAMETER);
    pi.RecipientNumber = W("555-0123");
    FAILS(FaxStartPrintJobW(W("fax"), &pi, &spool, &ctx), ERROR_INVALID_PARAMETER);
    pi.OutputFileName = NULL;
    pi.Reserved = W("x");
    FAILS(FaxStartPrintJobW(W("fax"), &pi, &spool, &ctx), ERROR_INVALID_PARAMETER);
    pi.Reserved = NULL;
    CHECK(faxsim_open_print_jobs() == 1 && faxsim_job_count() == 1,
          "a refused print job leaves nothing open and queues nothing");
    CHECK(AbortDoc(still_open) > 0 && DeleteDC(still_open) &&
          faxsim_open_print_jobs() == 0, "every print job released");
    FAILS(FaxStartPrintJobW(NULL, NULL, &spool, &ctx), ERROR_INVALID_PARAMETER);
    OK(FaxClose(h));
    free(cov);
    free(missing);
}

/* ---- the per-call protocol -------------------------------------------------- */

static void test_protocol(void)
{
    HANDLE h = connect_server(), stale;
    PFAX_JOB_ENTRYW jobs = NULL;
    PFAX_CONFIGURATIONW c = NULL;
    DWORD n = 0;
    uint64_t before;

    CHECK(faxsim_function_count() == 33, "33 simulated functions");
    CHECK(faxsim_fail_next("FaxEnumJobsW", ERROR_NOT_ENOUGH_MEMORY, 1) == 0,
          "arm a failure");
    FAILS(FaxEnumJobsW(h, &jobs, &n), ERROR_NOT_ENOUGH_MEMORY);
    OK(FaxEnumJobsW(h, &jobs, &n));
    FaxFreeBuffer(jobs);
    CHECK(faxsim_calls("FaxEnumJobsW") == 2 && faxsim_calls("FaxPrintCoverPageW") == 0,
          "calls are counted per function");
    stale = h;
    OK(FaxClose(h));
    before = faxsim_violations();
    FAILS(FaxGetConfigurationW(stale, &c), ERROR_INVALID_HANDLE);
    FAILS(FaxOpenPort(stale, 0x10001, PORT_OPEN_QUERY, &h), ERROR_INVALID_HANDLE);
    CHECK(faxsim_violations() == before + 2, "stale handles are violations");
}

/* ---- threads ------------------------------------------------------------------ */

static void *worker(void *arg)
{
    WCHAR *two = arg;
    HANDLE h = NULL;
    FAX_JOB_PARAMW p = job_params(W("555-0177"));
    PFAX_JOB_ENTRYW jobs = NULL;
    PFAX_PORT_INFOW ports = NULL;
    DWORD id, n;

    if (!FaxConnectFaxServerW(NULL, &h))
        return (void *)1;
    for (int i = 0; i < 50; i++) {
        if (!FaxSendDocumentW(h, two, &p, NULL, &id) || !FaxEnumJobsW(h, &jobs, &n))
            return (void *)1;
        FaxFreeBuffer(jobs);
        if (!FaxEnumPortsW(h, &ports, &n))
            return (void *)1;
        FaxFreeBuffer(ports);
        faxsim_advance(1);
        if (i % 7 == 0)
            FaxAbort(h, id);   /* may already be gone: no check */
    }
    FaxClose(h);
    return NULL;
}

/* ---- events: FaxInitializeEventQueue and the completion port calls -------- */

static void test_events(void)
{
    HANDLE h = connect_server(), port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    LPOVERLAPPED ov = (LPOVERLAPPED)&h;
    ULONG_PTR key = 0;
    DWORD bytes = 0;
    const FAX_EVENTW *e;

    CHECK(port != NULL && faxsim_completion_ports() == 1, "a completion port");
    FAILS(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0), WAIT_TIMEOUT);
    CHECK(ov == NULL, "a timed-out wait leaves *lpOverlapped NULL");
    FAILS(FaxInitializeEventQueue(h, NULL, 7, NULL, 0), ERROR_INVALID_PARAMETER);
    FAILS(FaxInitializeEventQueue(h, port, 7, NULL, 0x400), ERROR_INVALID_PARAMETER);
    OK(FaxInitializeEventQueue(h, port, 7, NULL, 0));
    CHECK(faxsim_event_queues() == 1, "one registration");
    OK(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000));
    e = (const FAX_EVENTW *)ov;
    CHECK(e != NULL && key == 7 && e->EventId == FEI_FAXSVC_STARTED && e->JobId == 0xFFFFFFFFu,
          "a registration is told the session began (FEI_FAXSVC_STARTED)");
    CHECK(LocalFree((HLOCAL)ov) == NULL, "LocalFree of the first event");
    CHECK(faxsim_post_event(FEI_RINGING, 0x10001, 0xFFFFFFFFu) == 1, "an event posted");
    OK(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000));
    e = (const FAX_EVENTW *)ov;
    CHECK(e != NULL && key == 7 && bytes == sizeof *e && e->SizeOfStruct == sizeof *e &&
          e->EventId == FEI_RINGING && e->DeviceId == 0x10001 && e->JobId == 0xFFFFFFFFu &&
          e->TimeStamp.dwHighDateTime != 0, "the packet carries the FAX_EVENTW");
    CHECK(faxsim_outstanding_events() == 1, "the event is the client's until LocalFree");
    CHECK(LocalFree((HLOCAL)ov) == NULL && faxsim_outstanding_events() == 0, "LocalFree");
    OK(PostQueuedCompletionStatus(port, 0, 9, NULL));
    OK(GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE));
    CHECK(key == 9 && ov == NULL, "a packet of the client's own");
    OK(FaxClose(h));
    CHECK(faxsim_event_queues() == 1, "the registration outlives FaxClose");
    CHECK(faxsim_post_event(FEI_IDLE, 0x10001, 0xFFFFFFFFu) == 1, "events go on after FaxClose");
    OK(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000));
    e = (const FAX_EVENTW *)ov;
    CHECK(e != NULL && e->EventId == FEI_IDLE && LocalFree((HLOCAL)ov) == NULL,
          "the event after FaxClose arrives");
    faxsim_restart();
    CHECK(faxsim_event_queues() == 0, "a restart ends the session and its registrations");
    OK(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 1000));
    e = (const FAX_EVENTW *)ov;
    CHECK(e != NULL && e->EventId == FEI_FAXSVC_ENDED && LocalFree((HLOCAL)ov) == NULL,
          "the session ends with FEI_FAXSVC_ENDED");
    CHECK(faxsim_outstanding_events() == 0, "every event given back");
    ov = LocalAlloc(LMEM_FIXED, 24);
    CHECK(ov != NULL && faxsim_outstanding_events() == 1, "LocalAlloc counts like the service's blocks");
    CHECK(LocalFree((HLOCAL)ov) == NULL && faxsim_outstanding_events() == 0, "and LocalFree gives it back");
    OK(CloseHandle(port));
    CHECK(faxsim_completion_ports() == 0, "the port is closed");
    FAILS(CloseHandle(port), ERROR_INVALID_HANDLE);
}

static void test_threads(void)
{
    WCHAR *two = wpath("two.tif");
    pthread_t t[4];
    int bad = 0;

    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, two);
    for (int i = 0; i < 4; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        bad |= rc != NULL;
    }
    while (faxsim_advance(1)) {
    }
    CHECK(!bad && faxsim_job_count() == 0 && faxsim_open_handles() == 0,
          "four threads submitting, enumerating and advancing at once");
    free(two);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    make_files();
    faxsim_reset();
    test_ports();
    test_config();
    faxsim_reset();
    test_jobs();
    faxsim_reset();
    test_broadcast();
    faxsim_reset();
    test_routing();
    faxsim_reset();
    test_print();
    faxsim_reset();
    test_protocol();
    faxsim_reset();
    test_events();
    faxsim_reset();
    test_threads();
    CHECK(faxsim_outstanding_buffers() == 0, "every buffer was given back");
    faxsim_reset();
    remove_files();
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
