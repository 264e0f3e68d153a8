/* How time passes for the simulated queue (faxsim_set_clock).
 *
 * Manual: nothing moves unless someone calls faxsim_advance.  Tests want
 * that (every step is theirs), and so does the winfax command off Windows,
 * which advances the queue itself.
 *
 * Real time: the service moves jobs itself, as a running fax service does,
 * on a worker thread of its own: dialing takes dial_ms, each page page_ms
 * (sim_jobs_run_due).  On Windows nothing else would ever move the queue of
 * a program that only uses WinFax.dll, so that is the default there.
 *
 * The worker starts lazily: when a client connects, when a job or device
 * changes (sim_clock_poke), or when real time is switched on; never from
 * DllMain, where creating threads and waiting for them deadlocks.  It
 * leaves by itself once no job has moved for IDLE_LINGER_MS, when the clock
 * becomes manual, or at exit.  On Windows it keeps the DLL loaded while it
 * runs (sim_thread_start), so a FreeLibrary takes effect once it is gone;
 * at process exit Windows ends it before DLL detach.
 *
 * The service's wall clock (sim_now: job times, event times, schedules)
 * is the system's until faxsim_set_now sets it.  Once set, it stands still
 * with the manual clock (it moves when the caller sets it again) and runs
 * on from the time set, at the system's pace, with the real-time clock.
 *
 * Lock order: the service lock, then clock_lock.  The worker never holds
 * clock_lock while it takes the service lock. */
#include "sim_platform.h"
#include "sim_state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Defaults when the environment does not set them: quick enough to watch
 * a fax go through, slow enough to see each stage. */
#define DEFAULT_DIAL_MS 2000u
#define DEFAULT_PAGE_MS 1000u
/* How long an idle worker waits for more work before it ends. */
#define IDLE_LINGER_MS 2000u

#ifdef _WIN32
#define DEFAULT_MODE FAXSIM_CLOCK_REALTIME
#else
#define DEFAULT_MODE FAXSIM_CLOCK_MANUAL
#endif

static pthread_once_t clock_once = PTHREAD_ONCE_INIT;
static sim_mutex clock_lock = SIM_MUTEX_INIT;

/* Everything below is guarded by clock_lock. */
static sim_cond clock_wake;   /* poked, settings changed, or stopping */
static uint32_t clock_mode;
static uint32_t clock_dial_ms;
static uint32_t clock_page_ms;
static int worker_running;          /* a worker is inside its loop */
static sim_thread *worker;          /* the last one started, not yet reaped */
static int poked;
static int stopping;
/* The wall clock: when wall_set, it read wall_base at system time
 * wall_system (both FILETIME ticks). */
static int wall_set;
static uint64_t wall_base;
static uint64_t wall_system;

/* A millisecond count from the environment, or `fallback` if the variable
 * is unset or not a plain decimal number that fits 32 bits. */
static uint32_t env_ms(const char *name, uint32_t fallback)
{
    const char *text = getenv(name);
    char *end;
    unsigned long long value;

    if (text == NULL || text[0] < '0' || text[0] > '9')
        return fallback;
    errno = 0;
    value = strtoull(text, &end, 10);
    if (errno != 0 || *end != 0 || value > UINT32_MAX)
        return fallback;
    return (uint32_t)value;
}

static uint32_t env_mode(void)
{
    const char *text = getenv("WINFAX_SIM_CLOCK");

    if (text != NULL && strcmp(text, "manual") == 0)
        return FAXSIM_CLOCK_MANUAL;
    if (text != NULL && strcmp(text, "realtime") == 0)
        return FAXSIM_CLOCK_REALTIME;
    return DEFAULT_MODE;
}

static void clock_init(void)
{
    sim_cond_init(&clock_wake);
    clock_mode = env_mode();
    clock_dial_ms = env_ms("WINFAX_SIM_DIAL_MS", DEFAULT_DIAL_MS);
    clock_page_ms = env_ms("WINFAX_SIM_PAGE_MS", DEFAULT_PAGE_MS);
}

static void clock_lock_acquire(void)
{
    pthread_once(&clock_once, clock_init);
    sim_mutex_lock(&clock_lock);
}

static void worker_main(void)
{
    sim_deadline deadline;
    uint64_t idle_since = 0;

    sim_mutex_lock(&clock_lock);
    while (!stopping && clock_mode == FAXSIM_CLOCK_REALTIME) {
        uint32_t dial_ms = clock_dial_ms, page_ms = clock_page_ms, wait_ms;
        uint64_t now, next;

        poked = 0;
        sim_mutex_unlock(&clock_lock);
        now = sim_monotonic_ms();
        next = sim_jobs_run_due(now, dial_ms, page_ms);
        sim_mutex_lock(&clock_lock);
        /* A change during the pass (its own steps included) may have made
         * more work: look again before sleeping. */
        if (poked)
            continue;
        if (next == SIM_JOBS_IDLE) {
            if (idle_since == 0)
                idle_since = now;
            if (now - idle_since >= IDLE_LINGER_MS)
                break;
            wait_ms = (uint32_t)(IDLE_LINGER_MS - (now - idle_since));
        }
        else {
            idle_since = 0;
            if (next <= now)
                continue;
            wait_ms = (uint32_t)(next - now);
        }
        sim_deadline_after(&deadline, wait_ms);
        while (!poked && !stopping && clock_mode == FAXSIM_CLOCK_REALTIME &&
               sim_cond_wait_until(&clock_wake, &clock_lock, &deadline) != ETIMEDOUT) {
        }
    }
    worker_running = 0;
    sim_cond_broadcast(&clock_wake);
    sim_mutex_unlock(&clock_lock);
}

/* Starts a worker if the clock runs in real time and none runs; clock_lock
 * held. */
static void ensure_worker(void)
{
    if (clock_mode != FAXSIM_CLOCK_REALTIME || worker_running || stopping)
        return;
    /* The previous worker has left its loop (worker_running is 0, set
     * under this lock), so reaping it does not wait on anything of ours. */
    sim_thread_reap(worker);
    worker = NULL;
    if (sim_thread_start(worker_main, &worker) == 0)
        worker_running = 1;
}

void sim_clock_client_connected(void)
{
    clock_lock_acquire();
    ensure_worker();
    sim_mutex_unlock(&clock_lock);
}

/* Under the real-time clock, have the worker look at the queue again now
 * (starting it if it is not running); clock_lock held. */
static void poke_locked(void)
{
    if (clock_mode == FAXSIM_CLOCK_REALTIME) {
        poked = 1;
        if (worker_running)
            sim_cond_broadcast(&clock_wake);
        else
            ensure_worker();
    }
}

void sim_clock_poke(void)
{
    clock_lock_acquire();
    poke_locked();
    sim_mutex_unlock(&clock_lock);
}

/* ---- the service's wall clock ---------------------------------------------- */

uint64_t sim_filetime_ticks(FILETIME ft)
{
    return (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

/* What the wall clock reads when the system's reads `system`; clock_lock
 * held. */
static uint64_t wall_read(uint64_t system)
{
    if (!wall_set)
        return system;
    if (clock_mode == FAXSIM_CLOCK_MANUAL || system < wall_system)
        return wall_base;   /* stands still (or the system clock went back) */
    return wall_base + (system - wall_system);
}

FILETIME sim_now(void)
{
    uint64_t ticks, system = sim_filetime_ticks(sim_system_now());
    FILETIME ft;

    clock_lock_acquire();
    ticks = wall_read(system);
    sim_mutex_unlock(&clock_lock);
    ft.dwLowDateTime = (DWORD)ticks;
    ft.dwHighDateTime = (DWORD)(ticks >> 32);
    return ft;
}

FAXSIM_API void faxsim_set_now(uint64_t filetime)
{
    uint64_t system = sim_filetime_ticks(sim_system_now());

    clock_lock_acquire();
    wall_set = filetime != 0;
    wall_base = filetime;
    wall_system = system;
    /* A job whose time has come may start now. */
    poke_locked();
    sim_mutex_unlock(&clock_lock);
}

FAXSIM_API uint64_t faxsim_now(void)
{
    return sim_filetime_ticks(sim_now());
}

/* ---- control API ---------------------------------------------------------- */

FAXSIM_API int faxsim_set_clock(uint32_t mode, uint32_t dial_ms, uint32_t page_ms)
{
    if (mode != FAXSIM_CLOCK_MANUAL && mode != FAXSIM_CLOCK_REALTIME)
        return -1;
    clock_lock_acquire();
    /* A set wall clock goes on from what it reads now, under the new
     * mode's rule (standing still, or running). */
    if (wall_set) {
        uint64_t system = sim_filetime_ticks(sim_system_now());
        wall_base = wall_read(system);
        wall_system = system;
    }
    clock_mode = mode;
    clock_dial_ms = dial_ms;
    clock_page_ms = page_ms;
    /* A running worker re-reads the times, or leaves for manual. */
    poked = 1;
    sim_cond_broadcast(&clock_wake);
    ensure_worker();
    /* Manual means nothing moves once this returns, so wait for the worker
     * to leave: it may be in the middle of a pass, about to step a job (or
     * one submitted right after this returns).  Stop waiting if another
     * caller has switched back to real time meanwhile, or the worker could
     * keep running for as long as the queue has work.  The worker needs
     * only clock_lock, which the wait releases. */
    while (worker_running && clock_mode == FAXSIM_CLOCK_MANUAL)
        sim_cond_wait(&clock_wake, &clock_lock);
    sim_mutex_unlock(&clock_lock);
    return 0;
}

FAXSIM_API uint32_t faxsim_get_clock(uint32_t *dial_ms, uint32_t *page_ms)
{
    uint32_t mode;

    clock_lock_acquire();
    mode = clock_mode;
    if (dial_ms != NULL)
        *dial_ms = clock_dial_ms;
    if (page_ms != NULL)
        *page_ms = clock_page_ms;
    sim_mutex_unlock(&clock_lock);
    return mode;
}

/* ---- process life on POSIX -------------------------------------------------
 * Windows needs none of this: it has no fork, and at DLL detach during
 * process exit the worker has already been ended, perhaps inside
 * clock_lock, so nothing there may take it (and a FreeLibrary cannot run
 * while the worker holds the DLL). */
#ifndef _WIN32

/* A worker must not step the queue while the process tears itself down,
 * nor outlive a dlclose: stop it and wait for it. */
__attribute__((destructor)) static void stop_worker_at_exit(void)
{
    sim_thread *last;

    clock_lock_acquire();
    stopping = 1;
    sim_cond_broadcast(&clock_wake);
    while (worker_running)
        sim_cond_wait(&clock_wake, &clock_lock);
    last = worker;
    worker = NULL;
    sim_mutex_unlock(&clock_lock);
    sim_thread_reap(last);
}

/* fork copies the locks but not the worker: hold them across the fork so
 * the child gets them unlocked and consistent, and let the child start a
 * worker of its own.  The service lock too, in the lock order (service,
 * then clock): the worker holds it for every pass over the queue, and a
 * child forked in the middle of one would inherit it locked by a thread
 * it does not have, so its first call would hang for ever. */
static void before_fork(void)
{
    sim_lock();
    sim_mutex_lock(&clock_lock);
}

static void after_fork_parent(void)
{
    sim_mutex_unlock(&clock_lock);
    sim_unlock();
}

static void after_fork_child(void)
{
    worker_running = 0;
    worker = NULL;      /* the parent's thread; nothing to reap here */
    sim_mutex_unlock(&clock_lock);
    sim_unlock();
}

__attribute__((constructor)) static void register_fork_handlers(void)
{
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

#endif /* !_WIN32 */
