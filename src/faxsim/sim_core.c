/* The simulated service's process-wide state: the lock, per-function call
 * accounting, failure injection and latency.  (The Win32 last-error slot
 * is kernel32's: sim_kernel32.c off Windows.) */
#include "sim_internal.h"
#include "sim_platform.h"
#include "sim_state.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t service_lock = PTHREAD_MUTEX_INITIALIZER;
/* Signalled when a paused function is resumed. */
static pthread_cond_t resumed = PTHREAD_COND_INITIALIZER;

static const char *const function_names[SIM_FN_COUNT] = {
#define SIM_NAME(name) #name,
    SIM_FUNCTIONS(SIM_NAME)
#undef SIM_NAME
};

/* Everything below is guarded by service_lock. */
static struct {
    uint64_t calls;
    uint32_t inside;        /* callers currently between enter and leave */
    uint32_t max_inside;
    uint32_t fail_count;    /* armed failures left */
    DWORD fail_error;
    int paused;             /* callers wait in sim_enter until resumed */
    uint32_t waiting;       /* callers waiting there now */
} functions[SIM_FN_COUNT];

static uint32_t access_rights;
static int access_initialised;
static uint32_t latency_us;
static uint64_t violations;

static void reset_locked(void);

/* The service starts with its documented defaults (one device, default
 * configuration) the first time anything touches it, whether a client
 * call or a control function comes first. */
static pthread_once_t started = PTHREAD_ONCE_INIT;

static void start_service(void)
{
    pthread_mutex_lock(&service_lock);
    if (!access_initialised)
        reset_locked();
    pthread_mutex_unlock(&service_lock);
}

void sim_lock(void)
{
    pthread_once(&started, start_service);
    pthread_mutex_lock(&service_lock);
}

void sim_unlock(void) { pthread_mutex_unlock(&service_lock); }

int sim_lock_try(void)
{
    pthread_once(&started, start_service);
    return pthread_mutex_trylock(&service_lock) == 0;
}

/* Everything a service keeps in its registry and queue, back to the state
 * of a fresh installation; the caller holds the lock.  This is exactly
 * what faxsim_save writes, so adding an area here means persisting it. */
void sim_service_state_reset(void)
{
    sim_jobs_reset();           /* before ports: jobs hold lines */
    sim_print_reset();
    sim_ports_reset();
    sim_config_reset();
    sim_logging_reset();
    sim_routing_reset();
    sim_registry_reset();
    sim_receive_reset();
    sim_ended_reset();
}

static void reset_state_locked(void)
{
    sim_service_state_reset();
    sim_user_reset();
}

/* The defaults of a freshly started service; the caller holds the lock. */
static void reset_locked(void)
{
    /* Nobody may stay parked in a function that no longer exists as such. */
    pthread_cond_broadcast(&resumed);
    memset(functions, 0, sizeof functions);
    access_rights = FAX_ALL_ACCESS;
    access_initialised = 1;
    latency_us = 0;
    violations = 0;
    sim_oddities_reset();
    reset_state_locked();
}

void sim_core_reset(void)
{
    sim_lock();
    reset_locked();
    sim_unlock();
}

DWORD sim_enter(sim_function fn)
{
    uint32_t delay;
    DWORD error = ERROR_SUCCESS;

    sim_lock();
    if (!access_initialised)
        reset_locked();
    functions[fn].calls++;
    functions[fn].inside++;
    if (functions[fn].inside > functions[fn].max_inside)
        functions[fn].max_inside = functions[fn].inside;
    delay = latency_us;
    /* A paused function holds its callers here, inside the call, until the
     * test resumes it: the deterministic way to have a thread "inside the
     * API" while another thread does something. */
    if (functions[fn].paused) {
        functions[fn].waiting++;
        while (functions[fn].paused)
            pthread_cond_wait(&resumed, &service_lock);
        if (functions[fn].waiting)
            functions[fn].waiting--;
    }
    sim_unlock();

    /* The real service answers over RPC; the caller blocks without holding
     * anything of ours, so other callers may come in meanwhile. */
    if (delay)
        sim_sleep_us(delay);

    sim_lock();
    if (functions[fn].fail_count) {
        functions[fn].fail_count--;
        error = functions[fn].fail_error;
    }
    sim_unlock();
    return error;
}

void sim_leave(sim_function fn)
{
    sim_lock();
    functions[fn].inside--;
    sim_unlock();
}

BOOL sim_fail(sim_function fn, DWORD error)
{
    sim_leave(fn);
    SetLastError(error);
    return FALSE;
}

BOOL sim_fail_locked(sim_function fn, DWORD error)
{
    sim_unlock();
    return sim_fail(fn, error);
}

void sim_record_violation(void)
{
    /* Called with the lock held, from the handle table. */
    violations++;
}

uint32_t sim_access_rights(void)
{
    /* Called with the lock held. */
    if (!access_initialised)
        reset_locked();
    return access_rights;
}

int sim_has_rights(uint32_t rights)
{
    return (sim_access_rights() & rights) == rights;
}

static int find_function(const char *name)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < SIM_FN_COUNT; i++)
        if (strcmp(function_names[i], name) == 0)
            return i;
    return -1;
}

/* ---- control API ------------------------------------------------------ */

FAXSIM_API void faxsim_reset(void)
{
    /* A fresh service is a new service session: whoever registered for
     * events hears the old one end (FEI_FAXSVC_ENDED), exactly as on a
     * restart.  Ending registrations silently would leave a client that
     * shares one registration per session (as the documentation asks)
     * waiting for events that never come. */
    sim_lock();
    sim_events_service_ended();
    sim_handle_reset_locked();
    sim_unlock();
    sim_buffer_reset();
    sim_core_reset();
}

FAXSIM_API void faxsim_restart(void)
{
    /* A restarted service process forgets every connection but keeps what
     * lives in the registry and the queue; registrations made since the
     * last start take effect now, as the documentation of
     * FaxRegisterRoutingExtension says they only do after a restart.
     * Clients with an event queue hear the service stop first.  One lock
     * hold: a client reconnecting at once meets the new service, never a
     * half-stopped one whose handles are about to become invalid. */
    sim_lock();
    sim_events_service_ended();
    sim_handle_reset_locked();
    sim_registry_activate();
    sim_unlock();
}

FAXSIM_API void faxsim_set_access(uint32_t rights)
{
    sim_lock();
    if (!access_initialised)
        reset_locked();
    access_rights = rights;
    sim_unlock();
}

FAXSIM_API uint32_t faxsim_get_access(void)
{
    uint32_t rights;
    sim_lock();
    rights = sim_access_rights();
    sim_unlock();
    return rights;
}

FAXSIM_API int faxsim_fail_next(const char *function, uint32_t error,
                                uint32_t count)
{
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    functions[fn].fail_count = count;
    functions[fn].fail_error = error;
    sim_unlock();
    return 0;
}

FAXSIM_API int faxsim_pause(const char *function)
{
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    functions[fn].paused = 1;
    sim_unlock();
    return 0;
}

FAXSIM_API int faxsim_resume(const char *function)
{
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    functions[fn].paused = 0;
    pthread_cond_broadcast(&resumed);
    sim_unlock();
    return 0;
}

FAXSIM_API int64_t faxsim_waiting(const char *function)
{
    int64_t n;
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    n = functions[fn].waiting;
    sim_unlock();
    return n;
}

FAXSIM_API void faxsim_set_latency_us(uint32_t microseconds)
{
    sim_lock();
    latency_us = microseconds;
    sim_unlock();
}

FAXSIM_API int64_t faxsim_calls(const char *function)
{
    int64_t n;
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    n = (int64_t)functions[fn].calls;
    sim_unlock();
    return n;
}

FAXSIM_API int64_t faxsim_max_concurrent(const char *function)
{
    int64_t n;
    int fn = find_function(function);
    if (fn < 0)
        return -1;
    sim_lock();
    n = functions[fn].max_inside;
    sim_unlock();
    return n;
}

FAXSIM_API uint64_t faxsim_violations(void)
{
    uint64_t n;
    sim_lock();
    n = violations;
    sim_unlock();
    return n;
}

FAXSIM_API uint32_t faxsim_function_count(void) { return SIM_FN_COUNT; }

FAXSIM_API const char *faxsim_function_name(uint32_t index)
{
    return index < SIM_FN_COUNT ? function_names[index] : NULL;
}
