/* Inbound faxes: faxsim_receive rings a device, and a device set to
 * receive answers the call, receives the pages and routes the fax.
 *
 * A call the device answers is a JT_RECEIVE job on the device's line for
 * as long as it lasts, moved one stage per step by sim_jobs.c (manual
 * clock: faxsim_advance; real time: the clock's worker):
 *
 *   ringing (FPS_RINGING, FEI_RINGING once per ring, FAX_PORT_INFOW's Rings
 *   times) -> answered (FPS_ANSWERED, FEI_ANSWERED) -> page 1..n
 *   (FPS_RECEIVING, FEI_RECEIVING per page) -> completed (FPS_COMPLETED,
 *   FEI_COMPLETED: the call is over) -> routing (FPS_ROUTING, FEI_ROUTING:
 *   the routing methods run) -> the job leaves the queue (FEI_DELETED) and
 *   the line is idle again (FEI_IDLE).
 *
 * FAX_EVENTW's page (https://learn.microsoft.com/en-us/windows/win32/api/
 * winfax/ns-winfax-fax_eventw) gives each event's meaning but no order;
 * this order is the one those meanings imply: the device rings before it
 * answers, receives pages once it answered, and routes "a received fax
 * document", so after the call completed.  Rings is "the number of times
 * an incoming fax call should ring before the specified device answers the
 * call" (FAX_PORT_INFOW); a device without FPF_RECEIVE "does not receive".
 *
 * Routing runs the device's enabled methods in their global priority
 * order.  The data of Microsoft's three methods is a null-terminated
 * UTF-16 string (MS-FAX 2.2.87, https://learn.microsoft.com/en-us/
 * openspecs/windows_protocols/ms-fax/89220226-b68e-4d97-96ef-ce622145ecfa):
 * a folder, an e-mail address, a printer name.  "Store in a folder" writes
 * the received TIFF there (a new file, mode 0600); "e-mail" and "print"
 * only record what they would have sent or printed.  Every method run is a
 * record that faxsim_routed_get reads back.  Files are written outside the
 * service lock (sim_receive_deliver, after each step), so routing decides
 * under the lock and delivers after it. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_strings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_GUID "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}"
#define FOLDER_GUID "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
#define PRINT_GUID "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}"

/* The most routing records kept: older ones are dropped first, so a
 * long-running process that never reads them stays bounded. */
#define ROUTED_MAX 1024u
/* Tries at a free file name in the folder before giving up. */
#define NAME_TRIES 1000u

#ifdef _WIN32
#define PATH_SEPARATOR '\\'
#define PATH_SEPARATOR_STR "\\"
#else
#define PATH_SEPARATOR '/'
#define PATH_SEPARATOR_STR "/"
#endif

/* What a call being received needs beyond its job: its rings so far and the
 * caller id (FAX_JOB_ENTRYW has no field for it). */
typedef struct call {
    struct call *next;
    DWORD job_id;
    DWORD rings;
    char *caller_id;
} call;

/* A routing method's work, decided under the lock, done after it. */
typedef struct pending {
    struct pending *next;
    faxsim_routed record;
    sim_document *doc;      /* store in a folder only */
} pending;

/* All guarded by the service lock. */
static call *calls;
static pending *pending_head, *pending_tail;
static faxsim_routed *routed;
static uint32_t routed_count;

static call **call_link(DWORD job_id)
{
    call **link = &calls;
    while (*link != NULL && (*link)->job_id != job_id)
        link = &(*link)->next;
    return link;
}

static void call_forget(DWORD job_id)
{
    call **link = call_link(job_id), *c = *link;
    if (c != NULL) {
        *link = c->next;
        free(c->caller_id);
        free(c);
    }
}

/* Calls whose job left the queue some other way (cancelled, a loaded
 * state) are forgotten whenever a new call comes in. */
static void calls_prune(void)
{
    call **link = &calls;
    while (*link != NULL) {
        call *c = *link;
        if (sim_job_find(c->job_id) == NULL) {
            *link = c->next;
            free(c->caller_id);
            free(c);
        }
        else {
            link = &c->next;
        }
    }
}

static char *utf8_dup(const char *s)
{
    size_t size = strlen(s) + 1;
    char *copy = malloc(size);
    if (copy != NULL)
        memcpy(copy, s, size);
    return copy;
}

static void copy_utf8(char *to, size_t size, const char *from)
{
    if (from == NULL)
        from = "";
    snprintf(to, size, "%s", from);
}

static void copy_wide(char *to, size_t size, LPCWSTR from)
{
    char *utf8 = from != NULL ? sim_wto_utf8(from) : NULL;
    copy_utf8(to, size, utf8);
    free(utf8);
}

/* The string a Microsoft method's data holds, as UTF-8 ("" when it holds
 * none); NULL when out of memory. */
static char *setting_string(const sim_route_setting *s)
{
    size_t n = s != NULL ? s->data_size / sizeof(WCHAR) : 0, len = 0;
    WCHAR *w = malloc((n + 1) * sizeof *w);
    char *utf8;

    if (w == NULL)
        return NULL;
    if (n > 0)
        memcpy(w, s->data, n * sizeof *w);
    while (len < n && w[len] != 0)
        len++;
    w[len] = 0;
    utf8 = sim_wto_utf8(w);
    free(w);
    return utf8;
}

static const sim_route_setting *setting_of(const sim_routing_image *view,
                                           DWORD device_id, LPCWSTR guid)
{
    for (const sim_route_setting *s = view->settings; s != NULL; s = s->next)
        if (s->device_id == device_id && sim_wequal_nocase(s->guid, guid))
            return s;
    return NULL;
}

static void pending_add(pending *p)
{
    p->next = NULL;
    if (pending_tail != NULL)
        pending_tail->next = p;
    else
        pending_head = p;
    pending_tail = p;
}

/* Queues the work of every enabled method of the job's device. */
static void route(const sim_job *job)
{
    sim_routing_image view;
    call *c = *call_link(job->id);

    sim_routing_view(&view);
    for (uint32_t i = 0; i < view.method_count; i++) {
        const sim_route_method *m = &view.methods[i];
        const sim_route_setting *s = setting_of(&view, job->device_id, m->guid);
        uint32_t kind;
        pending *p;
        char *target;

        if (s == NULL || !s->enabled)
            continue;
        if (sim_wequal_ascii_nocase(m->guid, EMAIL_GUID))
            kind = FAXSIM_ROUTE_EMAIL;
        else if (sim_wequal_ascii_nocase(m->guid, FOLDER_GUID))
            kind = FAXSIM_ROUTE_FOLDER;
        else if (sim_wequal_ascii_nocase(m->guid, PRINT_GUID))
            kind = FAXSIM_ROUTE_PRINT;
        else
            kind = FAXSIM_ROUTE_OTHER;
        p = calloc(1, sizeof *p);
        target = kind == FAXSIM_ROUTE_OTHER ? NULL : setting_string(s);
        if (p == NULL || (kind != FAXSIM_ROUTE_OTHER && target == NULL)) {
            free(p);
            free(target);
            continue;       /* out of memory: this method does not run */
        }
        p->record.job_id = job->id;
        p->record.device_id = job->device_id;
        p->record.method = kind;
        p->record.pages = job->page_count;
        copy_wide(p->record.guid, sizeof p->record.guid, m->guid);
        copy_utf8(p->record.target, sizeof p->record.target, target);
        copy_wide(p->record.tsid, sizeof p->record.tsid, job->tsid);
        copy_utf8(p->record.caller_id, sizeof p->record.caller_id,
                  c != NULL ? c->caller_id : NULL);
        /* A Microsoft method with nothing configured cannot run. */
        if (kind != FAXSIM_ROUTE_OTHER && target[0] == 0)
            p->record.error = ERROR_INVALID_DATA;
        else if (kind == FAXSIM_ROUTE_FOLDER && job->doc != NULL) {
            atomic_fetch_add(&job->doc->refs, 1);
            p->doc = job->doc;
        }
        free(target);
        pending_add(p);
    }
}

int sim_receive_step(sim_job *j)
{
    sim_port *port = sim_port_find(j->device_id);
    call *c = *call_link(j->id);

    if (port == NULL) {
        /* The device went away mid-call (faxsim_remove_port). */
        call_forget(j->id);
        return SIM_RECEIVE_DONE;
    }
    switch (j->status) {
    case FPS_RINGING:
        if (c != NULL && c->rings < port->rings) {
            c->rings++;
            sim_events_job_event(j, FEI_RINGING);
            return SIM_RECEIVE_STAYS;
        }
        j->status = FPS_ANSWERED;
        sim_port_set_state(port, FPS_ANSWERED, j->id);
        break;
    case FPS_ANSWERED:
        j->status = FPS_RECEIVING;
        j->current_page = 1;
        sim_port_set_state(port, FPS_RECEIVING, j->id);
        break;
    case FPS_RECEIVING:
        if (j->current_page < j->page_count)
            j->current_page++;
        else {
            j->status = FPS_COMPLETED;
            sim_port_set_state(port, FPS_COMPLETED, j->id);
        }
        break;
    case FPS_COMPLETED:
        j->status = FPS_ROUTING;
        sim_port_set_state(port, FPS_ROUTING, j->id);
        route(j);
        break;
    default:            /* routed (or a state loaded from a file) */
        j->queue_status &= ~(DWORD)JS_INPROGRESS;
        call_forget(j->id);
        return SIM_RECEIVE_DONE;
    }
    sim_job_changed(j);
    return SIM_RECEIVE_STAYS;
}

int sim_receive_fail(sim_job *j, DWORD status)
{
    sim_port *port = sim_port_find(j->device_id);

    /* No retry for a call coming in (FAX_CONFIGURATIONW's Retries are "the
     * number of times the fax server attempts to retransmit an outgoing
     * fax"), and nothing to fail once the call is over. */
    if (status == 0 || port == NULL ||
        !(j->status == FPS_RINGING || j->status == FPS_ANSWERED ||
          j->status == FPS_RECEIVING))
        return -1;
    /* FAX_EVENTW: FEI_DISCONNECTED, the sender or the caller disconnected
     * the call; FEI_FATAL_ERROR, a fatal protocol error.  The job leaves
     * the queue at the next step (the default case of sim_receive_step),
     * with nothing routed. */
    j->status = status;
    sim_port_set_state(port, status, j->id);
    sim_job_changed(j);
    return 0;
}

static DWORD error_of_errno(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return ERROR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
        return ERROR_ACCESS_DENIED;
    case ENOSPC:
        return ERROR_DISK_FULL;
    default:
        return ERROR_WRITE_FAULT;
    }
}

/* Writes the received TIFF into the record's folder under a new name:
 * "Fax-<JobId>.tif", or "Fax-<JobId>-<n>.tif" if that exists (an existing
 * file is never replaced).  Sets the record's file and error. */
static void store(faxsim_routed *r, sim_document *doc)
{
    size_t size = strlen(r->target) + 64;
    char *path = malloc(size);
    int fd = -1;

    if (path == NULL) {
        r->error = ERROR_NOT_ENOUGH_MEMORY;
        return;
    }
    for (uint32_t n = 0; n < NAME_TRIES && fd < 0; n++) {
        size_t len = strlen(r->target);
        const char *sep = len > 0 && (r->target[len - 1] == '/' ||
                                      r->target[len - 1] == PATH_SEPARATOR)
                              ? "" : PATH_SEPARATOR_STR;
        if (n == 0)
            snprintf(path, size, "%s%sFax-%lu.tif", r->target, sep,
                     (unsigned long)r->job_id);
        else
            snprintf(path, size, "%s%sFax-%lu-%lu.tif", r->target, sep,
                     (unsigned long)r->job_id, (unsigned long)n);
        fd = sim_file_create_new(path);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        r->error = errno == EEXIST ? ERROR_FILE_EXISTS : error_of_errno(errno);
    }
    else {
        /* A restored document is read from its saved file now. */
        const unsigned char *data = doc == NULL ? NULL : sim_document_bytes(doc);
        int failed = doc == NULL ? 0 : data == NULL ? -1 : sim_file_write_all(fd, data, doc->size);
        int saved = doc != NULL && data == NULL ? EIO : errno;
        if (sim_file_close(fd) != 0 && !failed) {
            failed = -1;
            saved = errno;
        }
        if (failed) {
            (void)sim_file_remove(path);
            r->error = error_of_errno(saved);
        }
        else {
            copy_utf8(r->file, sizeof r->file, path);
        }
    }
    free(path);
}

static void routed_append(const faxsim_routed *r)
{
    if (routed == NULL) {
        routed = malloc(ROUTED_MAX * sizeof *routed);
        if (routed == NULL)
            return;
    }
    if (routed_count == ROUTED_MAX) {
        memmove(routed, routed + 1, (ROUTED_MAX - 1) * sizeof *routed);
        routed_count--;
    }
    routed[routed_count++] = *r;
}

void sim_receive_deliver(void)
{
    pending *work;

    sim_lock();
    work = pending_head;
    pending_head = pending_tail = NULL;
    sim_unlock();
    while (work != NULL) {
        pending *next = work->next;
        if (work->record.method == FAXSIM_ROUTE_FOLDER && work->record.error == 0)
            store(&work->record, work->doc);
        sim_document_release(work->doc);
        sim_lock();
        routed_append(&work->record);
        sim_unlock();
        free(work);
        work = next;
    }
}

void sim_receive_reset(void)
{
    while (calls != NULL)
        call_forget(calls->job_id);
    while (pending_head != NULL) {
        pending *next = pending_head->next;
        sim_document_release(pending_head->doc);
        free(pending_head);
        pending_head = next;
    }
    pending_tail = NULL;
    routed_count = 0;
}

/* ---- control API ------------------------------------------------------------ */

/* Rings a device that does not answer: it rings once and the caller gives
 * up (FEI_RINGING, then FEI_IDLE, both about no job). */
static void ring_unanswered(sim_port *port)
{
    sim_port_set_state(port, FPS_RINGING, 0);
    sim_port_set_state(port, FPS_AVAILABLE, 0);
}

FAXSIM_API uint32_t faxsim_receive(uint32_t device_id, const char *path,
                                   const char *tsid, const char *caller_id,
                                   uint32_t *job_id)
{
    sim_document *doc = NULL;
    sim_job *job = NULL;
    call *c = NULL;
    WCHAR *wpath = NULL;
    sim_port *port;
    DWORD error;

    if (job_id != NULL)
        *job_id = 0;
    if (path == NULL || job_id == NULL)
        return ERROR_INVALID_PARAMETER;
    wpath = sim_wfrom_utf8(path);
    if (wpath == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    /* File I/O first, without the lock: a device that exists now may be
     * gone by the time the file is read, which is checked below. */
    error = sim_document_load(wpath, &doc);
    free(wpath);
    if (error)
        return error;
    job = calloc(1, sizeof *job);
    c = calloc(1, sizeof *c);
    if (job == NULL || c == NULL ||
        (tsid != NULL && (job->tsid = sim_wfrom_utf8(tsid)) == NULL) ||
        (caller_id != NULL && (c->caller_id = utf8_dup(caller_id)) == NULL)) {
        error = ERROR_NOT_ENOUGH_MEMORY;
        goto done;
    }
    sim_job_attach(job, doc);
    sim_lock();
    calls_prune();
    port = sim_port_find(device_id);
    if (port == NULL)
        error = ERROR_BAD_UNIT;
    else if (port->job_id != 0)
        error = ERROR_DEVICE_IN_USE;
    else if (port->state == FPS_OFFLINE)
        error = ERROR_NOT_READY;
    else if (port->state != FPS_AVAILABLE)
        error = ERROR_DEVICE_IN_USE;
    else if (!(port->flags & FPF_RECEIVE))
        ring_unanswered(port);
    else if (sim_job_enqueue_receive(job, port->device_id) != 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    else {
        c->job_id = job->id;
        c->rings = 1;
        c->next = calls;
        calls = c;
        *job_id = job->id;
        sim_port_set_state(port, FPS_RINGING, job->id);
        job = NULL;     /* the queue's now */
        c = NULL;
    }
    sim_unlock();
done:
    sim_job_free(job);
    if (c != NULL) {
        free(c->caller_id);
        free(c);
    }
    sim_document_release(doc);
    return error;
}

FAXSIM_API uint32_t faxsim_routed_count(void)
{
    uint32_t n;
    sim_lock();
    n = routed_count;
    sim_unlock();
    return n;
}

FAXSIM_API int faxsim_routed_get(uint32_t index, faxsim_routed *out)
{
    int rc = -1;

    sim_lock();
    if (out != NULL && index < routed_count) {
        *out = routed[index];
        rc = 0;
    }
    sim_unlock();
    return rc;
}

FAXSIM_API void faxsim_routed_clear(void)
{
    sim_lock();
    routed_count = 0;
    sim_unlock();
}
