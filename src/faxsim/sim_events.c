/* Fax events: FaxInitializeEventQueue and the FAX_EVENTW records the
 * service queues from its own state changes.
 *
 * A client registers a completion port with a server handle; from then on
 * every change the service makes is posted to that port as a packet whose
 * OVERLAPPED pointer is a LocalAlloc'ed FAX_EVENTW (the client frees it with
 * LocalFree, as the documentation of FaxInitializeEventQueue says).  Every
 * registration gets its own copy of each event; posting happens under the
 * service lock, so the events of one job, or one device, reach every port
 * in the order the changes were made.
 *
 * Where the events come from:
 * - sim_job_changed, the one place a job's state changes, calls
 *   sim_events_job_changed.  The job's fields do not say what just
 *   happened, so this file remembers, per job, what it last reported
 *   (status, page, line, retries, deleting) and turns the difference into
 *   an event: a new job is FEI_JOB_QUEUED, a new status the FEI_* of that
 *   status (FEI_DIALING, FEI_SENDING again for each page, FEI_COMPLETED,
 *   FEI_NO_ANSWER, FEI_FATAL_ERROR, FEI_DISCONNECTED, ...), a cancel on the
 *   line FEI_ABORTING.  Pausing, resuming and restarting change none of
 *   those and report nothing.  The memory is kept only while somebody is
 *   registered.
 * - A job leaving the queue (sent, cancelled, deleted) is FEI_DELETED: the
 *   documentation says its id is no longer valid then.
 * - sim_port_set_state, the one place a device's state changes, reports
 *   job-less changes as device events with JobId 0xFFFFFFFF (a job's own
 *   line states are reported as job events above): FEI_IDLE when it becomes
 *   available, FEI_MODEM_POWERED_OFF when it goes offline and
 *   FEI_MODEM_POWERED_ON when it comes back, and so on.
 * - A service session ends with FEI_FAXSVC_ENDED to every registration:
 *   faxsim_restart, and faxsim_reset too (a fresh service is a new
 *   session).  FAX_EVENTW's Remarks say a client gets no more events once
 *   FEI_FAXSVC_ENDED has reached it, and must call FaxInitializeEventQueue
 *   again when the service is back
 *   (https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_eventw),
 *   so every registration ends there.
 *
 * What the documentation says about a registration's lifetime
 * (https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-enabling-an-application-to-receive-notifications-of-fax-events,
 * and the FaxClose page): a client registers once per service session,
 * which begins when the service sends FEI_FAXSVC_STARTED and ends when it
 * sends FEI_FAXSVC_ENDED; a second registration in the same session
 * succeeds on Windows XP and later and makes the service send every event
 * twice (Windows 2000 failed it with ERROR_INVALID_DATA); and the client
 * goes on receiving events after it has closed the handle it registered
 * with.  So here a registration belongs to the session, not to the handle:
 * FaxClose ends none, only the end of the session ends them all.
 *
 * Documented choices where Microsoft's documentation is silent:
 * - A job event's DeviceId is the job's line, 0 when it has none (device
 *   ids start at 0x10001, so 0 names no device).
 * - Each registration is told FEI_FAXSVC_STARTED (JobId 0xFFFFFFFF,
 *   DeviceId 0) as its first event, posted by FaxInitializeEventQueue
 *   itself: the documentation says a session begins with that message,
 *   and the moment a client registers is the only one at which this
 *   service (which runs in its client's process) can tell it.
 * - Registering again in the same session succeeds and doubles the
 *   events, as Windows XP and later do.
 * - Window-message notification (hWnd) is not simulated: there are no
 *   windows off Windows; it fails with ERROR_NOT_SUPPORTED.
 * - An event that cannot be allocated, or whose port the client closed, is
 *   dropped for that registration only.  (On Windows the service holds its
 *   own duplicate of the port, as the real service does, so there the port
 *   lives until the registration ends.) */
#include "sim_state.h"

#include <stdlib.h>

/* "If this member is equal to the value 0xffffffff, it indicates an
 * inactive fax job" (FAX_EVENT): the JobId of events about no job. */
#define NO_JOB 0xFFFFFFFFu

typedef struct {
    HANDLE port;        /* the service's reference (sim_iocp_hold) */
    ULONG_PTR key;
} registration;

/* Guarded by the service lock, like everything in this file. */
static registration *registrations;
static uint32_t registration_count;
static uint32_t registration_capacity;

/* What the last event about a job was computed from. */
typedef struct job_seen {
    struct job_seen *next;
    DWORD id;
    DWORD status;
    DWORD page;
    DWORD device;
    DWORD retries;
    int deleting;
} job_seen;

/* Job ids are consecutive, so the low bits spread them evenly. */
#define SEEN_BUCKETS 1024u
static job_seen *seen[SEEN_BUCKETS];

static job_seen **seen_link(DWORD id)
{
    job_seen **link = &seen[id % SEEN_BUCKETS];
    while (*link != NULL && (*link)->id != id)
        link = &(*link)->next;
    return link;
}

static void forget_job(DWORD id)
{
    job_seen **link = seen_link(id), *s = *link;
    if (s != NULL) {
        *link = s->next;
        free(s);
    }
}

static void forget_all_jobs(void)
{
    for (uint32_t i = 0; i < SEEN_BUCKETS; i++) {
        while (seen[i] != NULL) {
            job_seen *next = seen[i]->next;
            free(seen[i]);
            seen[i] = next;
        }
    }
}

/* Queue one event to registrations[first..count). */
static void post_to(uint32_t first, DWORD event_id, DWORD device_id, DWORD job_id)
{
    FILETIME now;

    if (first >= registration_count)
        return;
    now = sim_event_stamp();
    for (uint32_t i = first; i < registration_count; i++) {
        FAX_EVENTW *e = sim_local_alloc(sizeof *e);
        if (e == NULL)
            continue;
        e->SizeOfStruct = sizeof *e;
        e->TimeStamp = now;
        e->DeviceId = device_id;
        e->EventId = event_id;
        e->JobId = job_id;
        /* A port the client closed takes nothing; the block is still
         * ours then, and must not count as the client's. */
        if (sim_iocp_post(registrations[i].port, sizeof *e, registrations[i].key, e) != 0)
            sim_local_discard(e);
    }
}

/* Queue one event to every registration. */
static void post(DWORD event_id, DWORD device_id, DWORD job_id)
{
    post_to(0, event_id, device_id, job_id);
}

/* The event that reports a device or job entering FPS_* `state`; 0 for
 * states that have none. */
static DWORD state_event(DWORD state)
{
    switch (state) {
    case FPS_DIALING: return FEI_DIALING;
    case FPS_SENDING: return FEI_SENDING;
    case FPS_RECEIVING: return FEI_RECEIVING;
    case FPS_COMPLETED: return FEI_COMPLETED;
    case FPS_HANDLED: return FEI_HANDLED;
    case FPS_UNAVAILABLE: return FEI_LINE_UNAVAILABLE;
    case FPS_BUSY: return FEI_BUSY;
    case FPS_NO_ANSWER: return FEI_NO_ANSWER;
    case FPS_BAD_ADDRESS: return FEI_BAD_ADDRESS;
    case FPS_NO_DIAL_TONE: return FEI_NO_DIAL_TONE;
    case FPS_DISCONNECTED: return FEI_DISCONNECTED;
    case FPS_FATAL_ERROR: return FEI_FATAL_ERROR;
    case FPS_NOT_FAX_CALL: return FEI_NOT_FAX_CALL;
    case FPS_CALL_DELAYED: return FEI_CALL_DELAYED;
    case FPS_CALL_BLACKLISTED: return FEI_CALL_BLACKLISTED;
    case FPS_INITIALIZING: return FEI_INITIALIZING;
    case FPS_OFFLINE: return FEI_MODEM_POWERED_OFF;
    case FPS_RINGING: return FEI_RINGING;
    case FPS_AVAILABLE: return FEI_IDLE;
    case FPS_ABORTING: return FEI_ABORTING;
    case FPS_ROUTING: return FEI_ROUTING;
    case FPS_ANSWERED: return FEI_ANSWERED;
    default: return 0;
    }
}

void sim_events_job_changed(const sim_job *job)
{
    job_seen **link, *s, before = {0};
    int deleting = (job->queue_status & JS_DELETING) != 0, fresh = 0;
    DWORD event = 0, device = job->device_id;

    if (registration_count == 0)
        return;
    link = seen_link(job->id);
    s = *link;
    if (s != NULL) {
        before = *s;
    }
    else {
        /* First word about this job.  Remembering it may fail; the event
         * is still computed, against a job that had reported nothing. */
        fresh = 1;
        s = calloc(1, sizeof *s);
        if (s != NULL) {
            s->id = job->id;
            *link = s;
        }
    }
    if (deleting && !before.deleting) {
        /* Cancelled on its line; a waiting job just leaves (FEI_DELETED). */
        if (job->device_id != 0)
            event = FEI_ABORTING;
    }
    else if (fresh && !deleting && job->status == 0 && job->device_id == 0) {
        /* Just queued (or, registered after it was queued, the first
         * change of a job that never started: reported as queued too). */
        event = FEI_JOB_QUEUED;
    }
    else if (job->status != before.status || job->current_page != before.page ||
             job->device_id != before.device || job->retries != before.retries) {
        event = state_event(job->status);
        /* The line vanished under the job (faxsim_remove_port): report the
         * device it was on. */
        if (job->status == FPS_DISCONNECTED && device == 0)
            device = before.device;
    }
    if (s != NULL) {
        s->status = job->status;
        s->page = job->current_page;
        s->device = job->device_id;
        s->retries = job->retries;
        s->deleting = deleting;
    }
    if (event != 0)
        post(event, device, job->id);
}

void sim_events_job_event(const sim_job *job, DWORD event_id)
{
    if (registration_count == 0)
        return;
    post(event_id, job->device_id, job->id);
}

void sim_events_job_removed(const sim_job *job)
{
    if (registration_count == 0)
        return;
    forget_job(job->id);
    post(FEI_DELETED, job->device_id, job->id);
}

void sim_events_jobs_cleared(void)
{
    forget_all_jobs();
}

void sim_events_port_changed(const sim_port *port, DWORD old_state)
{
    /* A job's line states are that job's events (see above). */
    DWORD event;

    if (registration_count == 0 || port->state == old_state || port->job_id != 0)
        return;
    if (old_state == FPS_OFFLINE)
        post(FEI_MODEM_POWERED_ON, port->device_id, NO_JOB);
    event = state_event(port->state);
    if (event != 0)
        post(event, port->device_id, NO_JOB);
}

void sim_events_service_ended(void)
{
    post(FEI_FAXSVC_ENDED, 0, NO_JOB);
    while (registration_count > 0)
        sim_iocp_release(registrations[--registration_count].port);
    /* Nobody listens any more: what was reported about jobs is moot. */
    forget_all_jobs();
}

/* ---- the client function -------------------------------------------------- */

WINFAXAPI BOOL WINAPI FaxInitializeEventQueue(HANDLE FaxHandle, HANDLE CompletionPort,
                                              ULONG_PTR CompletionKey, HWND hWnd,
                                              UINT MessageStart)
{
    const sim_function fn = SIM_FN_FaxInitializeEventQueue;
    DWORD error = sim_enter(fn);
    HANDLE held;

    if (error)
        return sim_fail(fn, error);
    /* Documented: a NULL handle, or neither or both of the two ways to be
     * notified. */
    if (FaxHandle == NULL || (CompletionPort == NULL) == (hWnd == NULL))
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (hWnd != NULL)
        return sim_fail(fn, ERROR_NOT_SUPPORTED);
    /* "must be equal to zero if you specify notification using I/O
     * completion packets" */
    if (MessageStart != 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* "a valid handle to an I/O completion port": a stale one is the
     * client's mistake, like a stale fax handle. */
    if (sim_iocp_hold(CompletionPort, &held) != 0) {
        sim_lock();
        sim_record_violation();
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    }
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER)) {
        sim_iocp_release(held);
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    }
    if (registration_count == registration_capacity) {
        uint32_t cap = registration_capacity ? registration_capacity * 2u : 4u;
        registration *grown = realloc(registrations, cap * sizeof *grown);
        if (grown == NULL) {
            sim_iocp_release(held);
            return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
        }
        registrations = grown;
        registration_capacity = cap;
    }
    registrations[registration_count++] = (registration){.port = held, .key = CompletionKey};
    /* The session begins, for this client, with FEI_FAXSVC_STARTED (see the
     * documented choices above); the others have heard it already. */
    post_to(registration_count - 1u, FEI_FAXSVC_STARTED, 0, NO_JOB);
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

/* ---- control API ---------------------------------------------------------- */

FAXSIM_API uint32_t faxsim_post_event(uint32_t event_id, uint32_t device_id,
                                      uint32_t job_id)
{
    uint32_t n;

    sim_lock();
    n = registration_count;
    post(event_id, device_id, job_id);
    sim_unlock();
    return n;
}

FAXSIM_API uint32_t faxsim_event_queues(void)
{
    uint32_t n;
    sim_lock();
    n = registration_count;
    sim_unlock();
    return n;
}
