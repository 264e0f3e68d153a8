/* The process's one registration for fax events (see event_hub.h for why).
 *
 * Order.  Every packet goes through the hub's port, which hands packets out
 * in the order they were queued, and one thread takes them out.  So a
 * control packet a caller queues (subscribe, activate, flush) is handled
 * after every event the service queued before it, and before every later
 * one.  That is how a subscriber gets exactly the events posted after it
 * subscribed, and how it learns the hub's true state: a session's end
 * (FEI_FAXSVC_ENDED) still waiting in the port is handled before the
 * subscriber's own packet comes out.  A subscriber is active (gets events)
 * from its ACTIVATE_KEY packet on.
 *
 * Sessions.  The first subscriber registers the hub's port with its own
 * server handle (the same identity and access checks as any call it
 * makes).  FEI_FAXSVC_ENDED ends the registration; while subscribers that
 * lived through it remain, the hub thread registers again once the service
 * is back,
 * through a connection of its own that it closes right after (events go on
 * after FaxClose), trying again with a growing pause, from RETRY_FIRST_MS
 * up to RETRY_MAX_MS, for as long as it fails and subscribers remain.  A
 * registration's FEI_FAXSVC_STARTED reaches the subscribers that lived
 * through the end of the previous session; one made for a new subscriber
 * is no news to it, and it starts with what follows.
 *
 * Locks.  hub_lock guards everything in `hub` and is held only for
 * bookkeeping and non-blocking posts, never across a call to the fax
 * service; register_lock is held across a registration, so there is one at
 * a time.  register_lock is taken before hub_lock, never after.  They are
 * the platform's statically initialised locks, so the hub needs no set-up
 * that two threads (or two interpreters) could race to do. */
#include <Python.h>

#include <string.h>

#include "event_hub.h"

#ifndef _WIN32
#include <pthread.h>
#include <time.h>
#endif

/* The hub's packets: the service's events, and the callers' requests
 * (OVERLAPPED carries the subscriber's ticket, the byte count a serial). */
#define SERVICE_KEY ((ULONG_PTR)0x48554245u)
#define SYNC_KEY ((ULONG_PTR)0x48535943u)
#define ACTIVATE_KEY ((ULONG_PTR)0x48414354u)
#define FLUSH_KEY ((ULONG_PTR)0x48464C55u)

#define RETRY_FIRST_MS 20u
#define RETRY_MAX_MS 2000u

/* How long subscribing waits for the hub to take its packet out: only a
 * hub thread stuck inside a call to the service takes this long. */
#define SYNC_WAIT_MS 30000u

/* ---- locks and time ------------------------------------------------------ */

#ifdef _WIN32
typedef SRWLOCK hub_mutex;
#define HUB_MUTEX_INIT SRWLOCK_INIT
static void mutex_lock(hub_mutex *m) { AcquireSRWLockExclusive(m); }
static int mutex_trylock(hub_mutex *m) { return TryAcquireSRWLockExclusive(m) != 0; }
static void mutex_unlock(hub_mutex *m) { ReleaseSRWLockExclusive(m); }
static void mutex_reinit(hub_mutex *m) { InitializeSRWLock(m); }
static uint64_t now_ms(void) { return GetTickCount64(); }
#else
typedef pthread_mutex_t hub_mutex;
#define HUB_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
static void mutex_lock(hub_mutex *m) { pthread_mutex_lock(m); }
static int mutex_trylock(hub_mutex *m) { return pthread_mutex_trylock(m) == 0; }
static void mutex_unlock(hub_mutex *m) { pthread_mutex_unlock(m); }
static void mutex_reinit(hub_mutex *m) { pthread_mutex_init(m, NULL); }
static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}
#endif

static hub_mutex hub_lock = HUB_MUTEX_INIT;
/* Bumped in a child after fork(); not part of `hub`, which is wiped then.
 * A subscriber made before the fork belongs to the parent's hub. */
static unsigned long fork_generation;
static hub_mutex register_lock = HUB_MUTEX_INIT;

/* ---- the hub -------------------------------------------------------------- */

static struct {
    HANDLE port;                    /* NULL until the first subscriber */
    int registered;                 /* in the current service session */
    int session_lost;               /* ended: register again for survivors */
    uint32_t retry_ms;              /* the pause before the next attempt */
    uint64_t next_attempt;          /* now_ms() of the next attempt */
    event_hub_subscriber *first;
    uintptr_t last_ticket;
} hub;

/* With hub_lock held. */
static event_hub_subscriber *find_locked(uintptr_t ticket)
{
    for (event_hub_subscriber *s = hub.first; s != NULL; s = s->next)
        if (s->ticket == ticket)
            return s;
    return NULL;
}

/* With hub_lock held: whether a subscriber lived through the end of the
 * last session.  Only those are the hub's to register again for; one that
 * is still subscribing registers itself, with its own handle, so that its
 * caller sees what the service answers it. */
static int survivors_locked(void)
{
    for (event_hub_subscriber *s = hub.first; s != NULL; s = s->next)
        if (s->active)
            return 1;
    return 0;
}

/* With hub_lock held: hands a copy of `e` to every active subscriber.  A
 * copy that cannot be made or posted is that subscriber's loss alone. */
static void dispatch_locked(const FAX_EVENTW *e)
{
    for (event_hub_subscriber *s = hub.first; s != NULL; s = s->next) {
        FAX_EVENTW *copy;

        if (!s->active)
            continue;
        copy = (FAX_EVENTW *)LocalAlloc(LMEM_FIXED, sizeof *copy);
        if (copy == NULL)
            continue;
        memcpy(copy, e, sizeof *copy);
        if (!PostQueuedCompletionStatus(s->port, sizeof *copy, s->key, (LPOVERLAPPED)copy))
            (void)LocalFree((HLOCAL)copy);
    }
    /* "After a fax client application receives the FEI_FAXSVC_ENDED
     * message, it will no longer receive fax events" (FAX_EVENT): the
     * registration is gone, and the next session needs a new one. */
    if (e->EventId == FEI_FAXSVC_ENDED && hub.registered) {
        hub.registered = 0;
        hub.session_lost = 1;
        hub.retry_ms = RETRY_FIRST_MS;
        hub.next_attempt = now_ms() + RETRY_FIRST_MS;
    }
}

/* With hub_lock held: a caller's request, taken out of the port in turn. */
static void control_locked(ULONG_PTR key, DWORD serial, uintptr_t ticket)
{
    event_hub_subscriber *s = find_locked(ticket);

    if (s == NULL)
        return;     /* unsubscribed meanwhile: nobody to answer */
    if (key == ACTIVATE_KEY)
        s->active = 1;
    else if (key == SYNC_KEY)
        (void)PostQueuedCompletionStatus(s->port, serial, EVENT_HUB_SYNCED_KEY, NULL);
    else if (key == FLUSH_KEY)
        (void)PostQueuedCompletionStatus(s->port, serial, EVENT_HUB_FLUSHED_KEY, NULL);
}

/* The hub thread: how long it may wait for the next packet before an
 * attempt to register again is due. */
static DWORD next_wait(void)
{
    DWORD wait = INFINITE;
    uint64_t now;

    mutex_lock(&hub_lock);
    if (hub.session_lost && !hub.registered && survivors_locked()) {
        now = now_ms();
        wait = hub.next_attempt > now ? (DWORD)(hub.next_attempt - now) : 0;
    }
    mutex_unlock(&hub_lock);
    return wait;
}

/* The hub thread: registers again after the end of a session, if that is
 * due and nobody else is registering right now. */
static void register_again(void)
{
    HANDLE h = NULL;
    BOOL ok = FALSE;
    int due;

    if (!mutex_trylock(&register_lock)) {
        /* A subscriber is registering: it settles the state, or fails and
         * leaves the next attempt to us. */
        mutex_lock(&hub_lock);
        hub.next_attempt = now_ms() + hub.retry_ms;
        mutex_unlock(&hub_lock);
        return;
    }
    mutex_lock(&hub_lock);
    due = hub.session_lost && !hub.registered && survivors_locked() &&
          now_ms() >= hub.next_attempt;
    mutex_unlock(&hub_lock);
    if (due) {
        /* No reader's handle to borrow here: a connection of our own, the
         * process's identity, closed at once (the registration stays). */
        if (FaxConnectFaxServerW(NULL, &h) && h != NULL) {
            ok = FaxInitializeEventQueue(h, hub.port, SERVICE_KEY, NULL, 0);
            (void)FaxClose(h);
        }
        mutex_lock(&hub_lock);
        if (ok) {
            hub.registered = 1;
            hub.session_lost = 0;
        }
        else {
            hub.retry_ms = hub.retry_ms * 2u < RETRY_MAX_MS ? hub.retry_ms * 2u : RETRY_MAX_MS;
            hub.next_attempt = now_ms() + hub.retry_ms;
        }
        mutex_unlock(&hub_lock);
    }
    mutex_unlock(&register_lock);
}

static void hub_main(void *arg)
{
    HANDLE port = (HANDLE)arg;

    for (;;) {
        DWORD bytes = 0, wait = next_wait();
        ULONG_PTR key = 0;
        LPOVERLAPPED overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, wait);

        if (!ok && overlapped == NULL) {
            if (GetLastError() != WAIT_TIMEOUT)
                return;     /* the port is unusable: nothing more will come */
            register_again();
            continue;
        }
        mutex_lock(&hub_lock);
        if (key == SERVICE_KEY && overlapped != NULL)
            dispatch_locked((const FAX_EVENTW *)overlapped);
        else if (key != SERVICE_KEY)
            control_locked(key, bytes, (uintptr_t)overlapped);
        mutex_unlock(&hub_lock);
        /* Given back outside the lock: nobody else has it. */
        if (key == SERVICE_KEY && overlapped != NULL)
            (void)LocalFree((HLOCAL)overlapped);
        if (wait != INFINITE)
            register_again();
    }
}

/* With hub_lock held: the port and its thread, made on first use. */
static DWORD start_locked(void)
{
    HANDLE port;

    if (hub.port != NULL)
        return ERROR_SUCCESS;
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (port == NULL) {
        DWORD error = GetLastError();
        return error ? error : ERROR_INVALID_FUNCTION;
    }
    if (PyThread_start_new_thread(hub_main, port) == (unsigned long)-1) {
        (void)CloseHandle(port);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    hub.port = port;
    return ERROR_SUCCESS;
}

/* A request to the hub thread about `s`. */
static DWORD post_control(ULONG_PTR key, event_hub_subscriber *s, DWORD serial)
{
    DWORD error;

    if (PostQueuedCompletionStatus(hub.port, serial, key, (LPOVERLAPPED)s->ticket))
        return ERROR_SUCCESS;
    error = GetLastError();
    return error ? error : ERROR_INVALID_FUNCTION;
}

/* Waits on the subscriber's port for the hub's answer to SYNC_KEY.  Only
 * wake-ups of the port's owner can come meanwhile (the subscriber is not
 * active yet); they are dropped: the owner looks at its flags afterwards. */
static DWORD wait_synced(event_hub_subscriber *s)
{
    uint64_t deadline = now_ms() + SYNC_WAIT_MS;

    for (;;) {
        DWORD bytes = 0, error;
        ULONG_PTR key = 0;
        LPOVERLAPPED overlapped = NULL;
        uint64_t now = now_ms();
        BOOL ok;

        if (now >= deadline)
            return ERROR_TIMEOUT;
        ok = GetQueuedCompletionStatus(s->port, &bytes, &key, &overlapped,
                                       (DWORD)(deadline - now));
        if (ok && key == EVENT_HUB_SYNCED_KEY)
            return ERROR_SUCCESS;
        if (!ok && overlapped == NULL) {
            error = GetLastError();
            if (error != WAIT_TIMEOUT)
                return error ? error : ERROR_INVALID_FUNCTION;
        }
    }
}

DWORD event_hub_subscribe(event_hub_subscriber *s, HANDLE port, ULONG_PTR key,
                          HANDLE fax_handle)
{
    DWORD error;
    int must_register;

    s->next = s->prev = NULL;
    s->port = port;
    s->key = key;
    s->ticket = 0;
    s->active = 0;
    s->generation = fork_generation;
    mutex_lock(&hub_lock);
    error = start_locked();
    if (error == ERROR_SUCCESS) {
        if (++hub.last_ticket == 0)
            ++hub.last_ticket;
        s->ticket = hub.last_ticket;
        s->next = hub.first;
        if (hub.first != NULL)
            hub.first->prev = s;
        hub.first = s;
    }
    mutex_unlock(&hub_lock);
    if (error != ERROR_SUCCESS)
        return error;

    /* Until the hub has taken this out, `registered` may still describe a
     * session whose end waits in the port. */
    error = post_control(SYNC_KEY, s, 0);
    if (error == ERROR_SUCCESS)
        error = wait_synced(s);
    if (error != ERROR_SUCCESS)
        goto fail;

    mutex_lock(&register_lock);
    mutex_lock(&hub_lock);
    must_register = !hub.registered;
    mutex_unlock(&hub_lock);
    if (must_register) {
        if (FaxInitializeEventQueue(fax_handle, hub.port, SERVICE_KEY, NULL, 0)) {
            mutex_lock(&hub_lock);
            hub.registered = 1;
            hub.session_lost = 0;
            mutex_unlock(&hub_lock);
        }
        else {
            error = GetLastError();
            if (error == ERROR_SUCCESS)
                error = ERROR_INVALID_FUNCTION;
        }
    }
    /* Queued after whatever the registration itself queued (its
     * FEI_FAXSVC_STARTED), before anything that happens from now on. */
    if (error == ERROR_SUCCESS)
        error = post_control(ACTIVATE_KEY, s, 0);
    mutex_unlock(&register_lock);
    if (error != ERROR_SUCCESS)
        goto fail;
    return ERROR_SUCCESS;

fail:
    event_hub_unsubscribe(s);
    return error;
}

void event_hub_unsubscribe(event_hub_subscriber *s)
{
    if (s->generation != fork_generation)
        return;     /* the parent's hub's, which this process no longer has */
    mutex_lock(&hub_lock);
    if (s->ticket != 0) {
        if (s->prev != NULL)
            s->prev->next = s->next;
        else
            hub.first = s->next;
        if (s->next != NULL)
            s->next->prev = s->prev;
        s->next = s->prev = NULL;
        s->ticket = 0;
        s->active = 0;
    }
    mutex_unlock(&hub_lock);
}

DWORD event_hub_flush(event_hub_subscriber *s, DWORD serial)
{
    DWORD error = ERROR_INVALID_HANDLE;

    if (s->generation != fork_generation)
        return error;
    mutex_lock(&hub_lock);
    if (s->ticket != 0)
        error = post_control(FLUSH_KEY, s, serial);
    mutex_unlock(&hub_lock);
    return error;
}

void event_hub_after_fork_child(void)
{
    /* Only this thread runs now.  The parent's port and registration are
     * left as they are: closing or freeing anything of theirs could touch
     * what the parent still uses (a shared kernel object) or what a thread
     * that no longer exists held. */
    mutex_reinit(&hub_lock);
    mutex_reinit(&register_lock);
    memset(&hub, 0, sizeof hub);
    fork_generation++;
}
