/* The floor: the benchmarked operations done by a C program linked directly
 * against the fax service simulator (winfax/libfaxsim.so), with no Python in
 * the way.  What this costs is what the work itself costs; a binding's
 * overhead is its time minus this.
 *
 * benchmarks/run.py compiles it with gcc -O2 into a temporary directory and
 * drives it in one of two modes:
 *
 *   floor serve DOCUMENT
 *       Reads commands on stdin, one a line, answers each with one line:
 *         setup JOBS          fresh service, JOBS jobs queued, connected
 *                             -> "ok FIRST_JOB_ID"
 *         latency US          every call blocks US microseconds -> "ok"
 *         run OP LOOPS THREADS
 *                             OP done LOOPS times in each of THREADS
 *                             threads -> "ELAPSED_NS" (wall clock of the
 *                             loops alone: setup is never timed)
 *       pyperf, in the Python worker that talks to this process, does the
 *       calibration, warm-up and repeats; the loop and its clock are here.
 *
 *   floor once DOCUMENT OP LOOPS JOBS
 *       setup JOBS, then OP LOOPS times, untimed: run under callgrind with
 *       two LOOPS values, the difference of the instruction counts is the
 *       cost of LOOPS calls.
 *
 * Every operation reads every field of what it gets back (every string to
 * its terminating NUL) into a sink the compiler cannot discard, because a
 * binding converts every field too.  The jobs queued are the ones
 * benchmarks/workload.py describes, so both sides see the same data.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winfax_abi.h"
#include "faxsim/faxsim.h"

/* Recipients per broadcast: the simulator stops a broadcast that reaches
 * 65536 callbacks (FAX_ERR_RECIPIENTS_LIMIT), so big queues take several. */
#define BROADCAST_CHUNK 50000u

static HANDLE server;
static DWORD first_job_id;
static WCHAR *document;
static volatile uint64_t sink;

/* ---- the workload (benchmarks/workload.py has the same) ------------------ */

static WCHAR *widen(const char *text)
{
    size_t n = strlen(text);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    if (w == NULL) {
        perror("malloc");
        exit(2);
    }
    for (size_t i = 0; i <= n; i++)
        w[i] = (WCHAR)(unsigned char)text[i];
    return w;
}

static WCHAR *tsid, *sender_name, *sender_company, *sender_dept, *billing_code,
    *report_address, *document_name;

static void workload_init(void)
{
    tsid = widen("ACME Fax");
    sender_name = widen("Alice Sender");
    sender_company = widen("ACME Corporation");
    sender_dept = widen("Accounts Payable");
    billing_code = widen("BC-1042");
    report_address = widen("alice@example.com");
    document_name = widen("invoice.tif");
}

/* Job number `i` (0-based) of the workload, its two per-job strings written
 * into the caller's buffers. */
static void workload_params(DWORD i, FAX_JOB_PARAMW *p, WCHAR number[32],
                            WCHAR name[32])
{
    char text[32];

    memset(p, 0, sizeof *p);
    p->SizeOfStruct = sizeof *p;
    snprintf(text, sizeof text, "+1 555 %07u", (unsigned)i);
    for (size_t k = 0; k < sizeof text && (number[k] = (WCHAR)text[k]); k++)
        ;
    snprintf(text, sizeof text, "Recipient %u", (unsigned)i);
    for (size_t k = 0; k < sizeof text && (name[k] = (WCHAR)text[k]); k++)
        ;
    p->RecipientNumber = number;
    p->RecipientName = name;
    p->Tsid = tsid;
    p->SenderName = sender_name;
    p->SenderCompany = sender_company;
    p->SenderDept = sender_dept;
    p->BillingCode = billing_code;
    p->ScheduleAction = JSA_NOW;
    p->DeliveryReportType = DRT_EMAIL;
    p->DeliveryReportAddress = report_address;
    p->DocumentName = document_name;
}

typedef struct {
    DWORD next;     /* workload index of the next recipient */
    DWORD end;
    WCHAR number[32];
    WCHAR name[32];
} broadcast_state;

static BOOL CALLBACK next_recipient(HANDLE h, DWORD n, LPVOID context,
                                    PFAX_JOB_PARAMW params,
                                    PFAX_COVERPAGE_INFOW cover)
{
    broadcast_state *s = context;
    (void)h;
    (void)n;
    (void)cover;
    if (s->next == s->end)
        return FALSE;
    workload_params(s->next++, params, s->number, s->name);
    return TRUE;
}

static void fail(const char *what)
{
    fprintf(stderr, "floor: %s failed with error %u\n", what,
            (unsigned)GetLastError());
    exit(2);
}

/* A fresh service with `jobs` jobs queued (as broadcasts, like the Python
 * side), and a connection. */
static void setup(DWORD jobs)
{
    if (server != NULL)
        FaxClose(server);
    server = NULL;
    faxsim_reset();
    if (!FaxConnectFaxServerW(NULL, &server))
        fail("FaxConnectFaxServerW");
    first_job_id = 0;
    for (DWORD done = 0; done < jobs;) {
        broadcast_state s;
        DWORD id;
        s.next = done;
        s.end = jobs - done > BROADCAST_CHUNK ? done + BROADCAST_CHUNK : jobs;
        if (!FaxSendDocumentForBroadcastW(server, document, &id, next_recipient, &s))
            fail("FaxSendDocumentForBroadcastW");
        if (first_job_id == 0)
            first_job_id = id;
        done = s.end;
    }
}

/* ---- touching the results ------------------------------------------------- */

static uint64_t touch_str(LPCWSTR s)
{
    uint64_t sum = 0;
    if (s == NULL)
        return 1;
    while (*s)
        sum += *s++;
    return sum;
}

static uint64_t touch_systemtime(const SYSTEMTIME *t)
{
    return (uint64_t)t->wYear + t->wMonth + t->wDayOfWeek + t->wDay + t->wHour +
           t->wMinute + t->wSecond + t->wMilliseconds;
}

static uint64_t touch_job(const FAX_JOB_ENTRYW *j)
{
    return (uint64_t)j->JobId + touch_str(j->UserName) + j->JobType +
           j->QueueStatus + j->Status + j->Size + j->PageCount +
           touch_str(j->RecipientNumber) + touch_str(j->RecipientName) +
           touch_str(j->Tsid) + touch_str(j->SenderName) +
           touch_str(j->SenderCompany) + touch_str(j->SenderDept) +
           touch_str(j->BillingCode) + j->ScheduleAction +
           touch_systemtime(&j->ScheduleTime) + j->DeliveryReportType +
           touch_str(j->DeliveryReportAddress) + touch_str(j->DocumentName);
}

static uint64_t touch_port(const FAX_PORT_INFOW *p)
{
    return (uint64_t)p->DeviceId + p->State + p->Flags + p->Rings + p->Priority +
           touch_str(p->DeviceName) + touch_str(p->Tsid) + touch_str(p->Csid);
}

static uint64_t touch_configuration(const FAX_CONFIGURATIONW *c)
{
    return (uint64_t)c->Retries + c->RetryDelay + c->DirtyDays + c->Branding +
           c->UseDeviceTsid + c->ServerCp + c->PauseServerQueue +
           c->StartCheapTime.Hour + c->StartCheapTime.Minute +
           c->StopCheapTime.Hour + c->StopCheapTime.Minute +
           c->ArchiveOutgoingFaxes + touch_str(c->ArchiveDirectory);
}

/* ---- the operations ------------------------------------------------------- */

static void op_connect_close(void)
{
    HANDLE h;
    if (!FaxConnectFaxServerW(NULL, &h))
        fail("FaxConnectFaxServerW");
    if (!FaxClose(h))
        fail("FaxClose");
}

static void op_get_job(void)
{
    PFAX_JOB_ENTRYW j;
    if (!FaxGetJobW(server, first_job_id, &j))
        fail("FaxGetJobW");
    sink += touch_job(j);
    FaxFreeBuffer(j);
}

static void op_jobs(void)
{
    PFAX_JOB_ENTRYW jobs;
    DWORD n;
    uint64_t sum = 0;
    if (!FaxEnumJobsW(server, &jobs, &n))
        fail("FaxEnumJobsW");
    for (DWORD i = 0; i < n; i++)
        sum += touch_job(&jobs[i]);
    sink += sum;
    FaxFreeBuffer(jobs);
}

/* Enumerate, then read one field of each job: the floor of "list the jobs
 * and look at their queue status". */
static void op_jobs_read_one(void)
{
    PFAX_JOB_ENTRYW jobs;
    DWORD n;
    uint64_t sum = 0;
    if (!FaxEnumJobsW(server, &jobs, &n))
        fail("FaxEnumJobsW");
    for (DWORD i = 0; i < n; i++)
        sum += jobs[i].QueueStatus;
    sink += sum;
    FaxFreeBuffer(jobs);
}

static void op_ports(void)
{
    PFAX_PORT_INFOW ports;
    DWORD n;
    uint64_t sum = 0;
    if (!FaxEnumPortsW(server, &ports, &n))
        fail("FaxEnumPortsW");
    for (DWORD i = 0; i < n; i++)
        sum += touch_port(&ports[i]);
    sink += sum;
    FaxFreeBuffer(ports);
}

static void op_configuration(void)
{
    PFAX_CONFIGURATIONW c;
    if (!FaxGetConfigurationW(server, &c))
        fail("FaxGetConfigurationW");
    sink += touch_configuration(c);
    FaxFreeBuffer(c);
}

static WCHAR send_number[32], send_name[32];
static FAX_JOB_PARAMW send_params;

static void op_send_document(void)
{
    DWORD id;
    if (!FaxSendDocumentW(server, document, &send_params, NULL, &id))
        fail("FaxSendDocumentW");
    sink += id;
}

typedef struct {
    const char *name;
    void (*run)(void);
    int grows_queue;    /* the queue is put back after timing */
} operation;

static const operation operations[] = {
    {"connect_close", op_connect_close, 0},
    {"get_job", op_get_job, 0},
    {"jobs", op_jobs, 0},
    {"jobs_read_one", op_jobs_read_one, 0},
    {"jobs_read_all", op_jobs, 0},
    {"ports", op_ports, 0},
    {"configuration", op_configuration, 0},
    {"send_document", op_send_document, 1},
};

static const operation *find_operation(const char *name)
{
    for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++)
        if (strcmp(operations[i].name, name) == 0)
            return &operations[i];
    fprintf(stderr, "floor: unknown operation %s\n", name);
    exit(2);
}

/* ---- timing --------------------------------------------------------------- */

typedef struct {
    const operation *op;
    unsigned long loops;
    pthread_barrier_t *start;
} worker_args;

static void *worker(void *arg)
{
    worker_args *w = arg;
    pthread_barrier_wait(w->start);
    for (unsigned long i = 0; i < w->loops; i++)
        w->op->run();
    return NULL;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Wall-clock nanoseconds for `loops` runs of `op` in each of `threads`
 * threads.  One thread runs on this thread, so a single-threaded figure
 * has no thread start-up in it; with more threads every one, this one
 * included, starts at a barrier, so they all run at once. */
static uint64_t timed(const operation *op, unsigned long loops, unsigned threads)
{
    pthread_t tid[64];
    worker_args w;
    pthread_barrier_t start;
    uint64_t t0, t1;

    if (threads <= 1) {
        t0 = now_ns();
        for (unsigned long i = 0; i < loops; i++)
            op->run();
        return now_ns() - t0;
    }
    if (threads > 64)
        threads = 64;
    pthread_barrier_init(&start, NULL, threads);
    w.op = op;
    w.loops = loops;
    w.start = &start;
    for (unsigned i = 1; i < threads; i++)
        if (pthread_create(&tid[i], NULL, worker, &w) != 0) {
            perror("pthread_create");
            exit(2);
        }
    pthread_barrier_wait(&start);
    t0 = now_ns();
    for (unsigned long i = 0; i < loops; i++)
        op->run();
    for (unsigned i = 1; i < threads; i++)
        pthread_join(tid[i], NULL);
    t1 = now_ns();
    pthread_barrier_destroy(&start);
    return t1 - t0;
}

static DWORD queued_jobs;

static void serve(void)
{
    char line[256], name[64];
    unsigned long a, b;

    while (fgets(line, sizeof line, stdin) != NULL) {
        if (sscanf(line, "setup %lu", &a) == 1) {
            queued_jobs = (DWORD)a;
            setup(queued_jobs);
            printf("ok %u\n", (unsigned)first_job_id);
        }
        else if (sscanf(line, "latency %lu", &a) == 1) {
            faxsim_set_latency_us((uint32_t)a);
            printf("ok\n");
        }
        else if (sscanf(line, "run %63s %lu %lu", name, &a, &b) == 3) {
            const operation *op = find_operation(name);
            uint64_t elapsed = timed(op, a, (unsigned)b);
            /* send_document adds a job per call: put the queue back so
             * every batch starts from the same service state. */
            if (op->grows_queue)
                setup(queued_jobs);
            printf("%llu\n", (unsigned long long)elapsed);
        }
        else if (strncmp(line, "quit", 4) == 0)
            break;
        else {
            fprintf(stderr, "floor: bad command %s", line);
            exit(2);
        }
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor serve DOCUMENT | floor once DOCUMENT OP LOOPS JOBS\n");
        return 2;
    }
    workload_init();
    document = widen(argv[2]);
    /* send_document sends the workload's first job again and again. */
    workload_params(0, &send_params, send_number, send_name);
    if (strcmp(argv[1], "serve") == 0) {
        serve();
    }
    else if (strcmp(argv[1], "once") == 0 && argc == 6) {
        const operation *op = find_operation(argv[3]);
        unsigned long loops = strtoul(argv[4], NULL, 10);
        setup((DWORD)strtoul(argv[5], NULL, 10));
        for (unsigned long i = 0; i < loops; i++)
            op->run();
    }
    else {
        fprintf(stderr, "floor: bad arguments\n");
        return 2;
    }
    if (server != NULL)
        FaxClose(server);
    return 0;
}
