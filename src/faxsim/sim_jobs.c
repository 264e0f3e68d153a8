/* The job queue and the life of a send job: waiting -> dialing -> sending
 * page 1..n -> completed, when it leaves the queue as the real service
 * removes a sent job.  Time passes in one of two ways (sim_clock.c): with
 * the manual clock only faxsim_advance moves jobs, each step taking every
 * job one stage on; with the real-time clock a service thread calls
 * sim_jobs_run_due, which moves each job when its own stage has lasted its
 * time.  Either way a scheduled job (JSA_SPECIFIC_TIME,
 * JSA_DISCOUNT_PERIOD) waits in the queue, JS_PENDING like any job waiting
 * for its turn, until the service's clock (sim_now) reaches its time
 * (sim_schedule.c).  Retry delays are not waited for.
 *
 * Every change of a job's state goes through sim_job_changed, the one
 * place FaxInitializeEventQueue's events come from (sim_events.c); a job
 * that leaves the queue reports that from remove_job. */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>

static sim_job *head, *tail;    /* submission order; service lock */
static uint32_t job_count;
static DWORD next_job_id = 1;

sim_job *sim_job_first(void) { return head; }
uint32_t sim_job_total(void) { return job_count; }

sim_job *sim_job_find(DWORD job_id)
{
    for (sim_job *j = head; j != NULL; j = j->next)
        if (j->id == job_id)
            return j;
    return NULL;
}

void sim_job_changed(sim_job *job)
{
    sim_events_job_changed(job);
    sim_clock_poke();
}

void sim_job_free(sim_job *job)
{
    if (job == NULL)
        return;
    sim_document_release(job->doc);
    free(job->user);
    free(job->recipient_number);
    free(job->recipient_name);
    free(job->tsid);
    free(job->sender_name);
    free(job->sender_company);
    free(job->sender_dept);
    free(job->billing_code);
    free(job->dr_address);
    free(job->document_name);
    free(job);
}

void sim_job_attach(sim_job *job, sim_document *doc)
{
    if (doc != NULL)
        atomic_fetch_add(&doc->refs, 1);
    job->doc = doc;
    job->page_count = (doc ? doc->pages : 0) + (job->has_cover ? 1u : 0u);
}

/* Gives `job` the next id and appends it; its type, status and line are
 * set by the caller. */
static int append_job(sim_job *job)
{
    if (next_job_id > SIM_JOB_ID_MAX)
        return -1;      /* ids used up (sim_state.h); never wrap */
    if (job->user == NULL && sim_wdup(sim_user_name(), &job->user) != 0)
        return -1;
    job->id = next_job_id++;
    job->submitted = sim_now();
    job->next = NULL;
    if (tail != NULL)
        tail->next = job;
    else
        head = job;
    tail = job;
    job_count++;
    sim_job_changed(job);
    return 0;
}

int sim_job_enqueue(sim_job *job)
{
    job->type = JT_SEND;
    job->queue_status = JS_PENDING;
    return append_job(job);
}

int sim_job_enqueue_receive(sim_job *job, DWORD device_id)
{
    job->type = JT_RECEIVE;
    job->queue_status = JS_INPROGRESS;
    job->status = FPS_RINGING;
    job->device_id = device_id;
    job->started = sim_now();
    return append_job(job);
}

static void unlink_job(sim_job *job)
{
    sim_job **link = &head, *prev = NULL;

    while (*link != job) {
        prev = *link;
        link = &(*link)->next;
    }
    *link = job->next;
    if (tail == job)
        tail = prev;
    job_count--;
}

/* Takes a job off its line, if it is on one. */
static void release_line(sim_job *job)
{
    sim_port *port = job->device_id ? sim_port_find(job->device_id) : NULL;

    if (port != NULL && port->job_id == job->id)
        sim_port_set_state(port, FPS_AVAILABLE, 0);
    job->device_id = 0;
    job->current_page = 0;
}

static void remove_job(sim_job *job)
{
    /* Reported first, while the job still names its line and its state. */
    sim_events_job_removed(job);
    sim_ended_record(job);
    release_line(job);
    unlink_job(job);
    sim_print_job_gone(job->id);
    sim_job_free(job);
}

void sim_job_cancel(sim_job *job)
{
    if (job->queue_status & JS_DELETING)
        return;
    if (job->device_id != 0) {
        sim_port *port = sim_port_find(job->device_id);
        job->queue_status |= JS_DELETING;
        if (port != NULL)
            sim_port_set_state(port, FPS_ABORTING, job->id);
        sim_job_changed(job);
        return;
    }
    job->queue_status |= JS_DELETING;
    sim_job_changed(job);
    remove_job(job);
}

void sim_jobs_reset(void)
{
    while (head != NULL) {
        sim_job *next = head->next;
        sim_job_free(head);
        head = next;
    }
    tail = NULL;
    job_count = 0;
    next_job_id = 1;
    sim_events_jobs_cleared();
}

void sim_jobs_device_removed(DWORD device_id)
{
    sim_job *j = head;

    while (j != NULL) {
        sim_job *next = j->next;
        if (j->device_id == device_id) {
            if (j->queue_status & JS_DELETING) {
                remove_job(j);
            }
            else {
                /* The line vanished mid-call: the job waits for another. */
                j->device_id = 0;
                j->current_page = 0;
                j->status = FPS_DISCONNECTED;
                j->queue_status &= ~(DWORD)JS_INPROGRESS;
                sim_job_changed(j);
            }
        }
        j = next;
    }
}

/* ---- one step of time --------------------------------------------------- */

static int waiting(const sim_job *j)
{
    return j->device_id == 0 &&
           !(j->queue_status & (JS_PAUSED | JS_FAILED | JS_RETRIES_EXCEEDED |
                                JS_DELETING));
}

/* A waiting job whose schedule lets it dial now. */
static int due(const sim_job *j)
{
    return sim_schedule_wait(j, sim_filetime_ticks(sim_now())) == 0;
}

static void complete(sim_job *j)
{
    /* The line is released by remove_job, after the change is reported:
     * the event names the device that sent the fax, and the device goes
     * idle after the call completed, not before. */
    j->status = FPS_COMPLETED;
    j->queue_status &= ~(DWORD)JS_INPROGRESS;
    sim_job_changed(j);
    remove_job(j);
}

/* Moves one job one stage on.  Returns 1 if it left the queue (and was
 * freed), else 0. */
static int step_job(sim_job *j)
{
    if (j->type == JT_RECEIVE && !(j->queue_status & JS_DELETING)) {
        if (sim_receive_step(j) == SIM_RECEIVE_DONE) {
            remove_job(j);
            return 1;
        }
        return 0;
    }
    if (j->queue_status & JS_DELETING) {
        sim_job_changed(j);
        remove_job(j);
        return 1;
    }
    else if (j->device_id != 0) {
        sim_port *port = sim_port_find(j->device_id);
        if (j->status == FPS_DIALING && j->page_count > 0) {
            j->status = FPS_SENDING;
            j->current_page = 1;
            sim_port_set_state(port, FPS_SENDING, j->id);
            sim_job_changed(j);
        }
        else if (j->status == FPS_SENDING && j->current_page < j->page_count) {
            j->current_page++;
            sim_job_changed(j);
        }
        else {
            complete(j);
            return 1;
        }
    }
    else if (waiting(j) && !sim_config_current()->pause_server_queue && due(j)) {
        sim_port *port = sim_port_free_sender();
        if (port == NULL) {
            if (!(j->queue_status & JS_NOLINE)) {
                j->queue_status |= JS_NOLINE;
                sim_job_changed(j);
            }
            return 0;
        }
        j->queue_status = (j->queue_status & JS_PAUSED) | JS_INPROGRESS;
        j->status = FPS_DIALING;
        j->current_page = 0;
        j->device_id = port->device_id;
        j->started = sim_now();
        /* A new attempt: the real-time clock times its dialing afresh.  A
         * retried or restarted job redials on the same device, status and
         * page as its last attempt, which stage_is_timed would take for
         * the old stage and end at the old (long past) deadline. */
        j->stage_due_ms = 0;
        sim_port_set_state(port, FPS_DIALING, j->id);
        sim_job_changed(j);
    }
    return 0;
}

static int any_sender(void)
{
    for (uint32_t i = 0; i < sim_port_total(); i++)
        if (sim_port_at(i)->flags & FPF_SEND)
            return 1;
    return 0;
}

/* Jobs the next step can move: on a line, being deleted, or waiting (with
 * their time come) while the queue runs and some device can send. */
static uint32_t movable(void)
{
    int can_start = !sim_config_current()->pause_server_queue && any_sender();
    uint32_t n = 0;

    for (sim_job *j = head; j != NULL; j = j->next)
        if (j->device_id != 0 || (j->queue_status & JS_DELETING) ||
            (can_start && waiting(j) && due(j)))
            n++;
    return n;
}

/* ---- real time ------------------------------------------------------------ */

/* How often a job waiting for a line looks again.  Most ways a line comes
 * free poke the clock; this is the bound for any that does not. */
#define LINE_POLL_MS 250u
/* The longest a scheduled job's wait is slept in one go: faxsim_set_now
 * pokes the clock, but the system's clock may be changed under us. */
#define SCHEDULE_POLL_MS 60000u

/* Times the stage `j` is in now, from `now_ms`. */
static void time_stage(sim_job *j, uint64_t now_ms, uint32_t dial_ms, uint32_t page_ms)
{
    /* Ringing is timed like dialing: both are the call being set up. */
    j->stage_due_ms = now_ms + (j->status == FPS_DIALING || j->status == FPS_RINGING
                                    ? dial_ms : page_ms);
    j->stage_status = j->status;
    j->stage_page = j->current_page;
    j->stage_device = j->device_id;
}

static int stage_is_timed(const sim_job *j)
{
    return j->stage_due_ms != 0 && j->stage_status == j->status &&
           j->stage_page == j->current_page && j->stage_device == j->device_id;
}

uint64_t sim_jobs_run_due(uint64_t now_ms, uint32_t dial_ms, uint32_t page_ms)
{
    uint64_t next = SIM_JOBS_IDLE;
    int waiting_for_line = 0;
    sim_job *j, *after;

    sim_lock();
    for (j = head; j != NULL; j = after) {
        after = j->next;    /* step_job may free j */
        if (j->queue_status & JS_DELETING) {
            (void)step_job(j);
            continue;
        }
        if (j->device_id == 0) {
            uint64_t wait;
            /* Paused or failed jobs wait for a client to act on them. */
            if (!waiting(j))
                continue;
            /* A scheduled job sleeps until its time (the service's clock
             * runs at the system's pace in real time). */
            wait = (sim_schedule_wait(j, sim_filetime_ticks(sim_now())) + 9999u) / 10000u;
            if (wait > 0) {
                if (wait > SCHEDULE_POLL_MS)
                    wait = SCHEDULE_POLL_MS;
                if (now_ms + wait < next)
                    next = now_ms + wait;
                continue;
            }
            (void)step_job(j);
            if (j->device_id == 0) {
                waiting_for_line = 1;
                continue;
            }
        }
        if (!stage_is_timed(j))
            time_stage(j, now_ms, dial_ms, page_ms);
        if (now_ms >= j->stage_due_ms) {
            if (step_job(j))
                continue;
            time_stage(j, now_ms, dial_ms, page_ms);
        }
        if (j->stage_due_ms < next)
            next = j->stage_due_ms;
    }
    sim_unlock();
    sim_receive_deliver();
    if (waiting_for_line && next > now_ms + LINE_POLL_MS)
        next = now_ms + LINE_POLL_MS;
    return next;
}

/* ---- control API ------------------------------------------------------------ */

FAXSIM_API uint32_t faxsim_advance(uint32_t steps)
{
    uint32_t n;

    sim_lock();
    for (uint32_t s = 0; s < steps; s++) {
        sim_job *j = head;
        while (j != NULL) {
            sim_job *next = j->next;    /* step_job may free j */
            (void)step_job(j);
            j = next;
        }
    }
    n = movable();
    sim_unlock();
    sim_receive_deliver();
    return n;
}

FAXSIM_API int faxsim_fail_job(uint32_t job_id, uint32_t how)
{
    sim_job *j;

    if (how != FAXSIM_FAIL_RETRY && how != FAXSIM_FAIL_FATAL && how != FAXSIM_FAIL_HANGUP)
        return -1;
    sim_lock();
    j = sim_job_find(job_id);
    if (j == NULL || (j->queue_status & (JS_DELETING | JS_FAILED | JS_RETRIES_EXCEEDED))) {
        sim_unlock();
        return -1;
    }
    if (j->type == JT_RECEIVE) {
        int failed = sim_receive_fail(j, how == FAXSIM_FAIL_HANGUP ? FPS_DISCONNECTED
                                         : how == FAXSIM_FAIL_FATAL ? FPS_FATAL_ERROR : 0);
        sim_unlock();
        return failed;
    }
    if (how == FAXSIM_FAIL_HANGUP) {    /* only a caller can hang up */
        sim_unlock();
        return -1;
    }
    j->queue_status &= JS_PAUSED;
    /* "If the fax job is active, the fax service pauses the job when it
     * returns to the queued state." */
    if (j->pause_requested) {
        j->queue_status |= JS_PAUSED;
        j->pause_requested = 0;
    }
    if (how == FAXSIM_FAIL_FATAL) {
        j->status = FPS_FATAL_ERROR;
        j->queue_status |= JS_FAILED;
    }
    else {
        /* Retries counts retransmissions after the first attempt. */
        j->status = FPS_NO_ANSWER;
        j->retries++;
        j->queue_status |= j->retries > sim_config_current()->retries
                               ? JS_RETRIES_EXCEEDED : JS_RETRYING;
    }
    /* Reported before the line is released, for the reason complete()
     * gives. */
    sim_job_changed(j);
    release_line(j);
    sim_unlock();
    return 0;
}

FAXSIM_API uint32_t faxsim_job_count(void)
{
    uint32_t n;
    sim_lock();
    n = job_count;
    sim_unlock();
    return n;
}

/* ---- persistence -------------------------------------------------------- */

void sim_jobs_view(sim_jobs_image *view)
{
    view->head = head;
    view->tail = tail;
    view->count = job_count;
    view->next_id = next_job_id;
}

void sim_jobs_exchange(sim_jobs_image *image)
{
    sim_jobs_image old;

    sim_jobs_view(&old);
    head = image->head;
    tail = image->tail;
    job_count = image->count;
    next_job_id = image->next_id;
    *image = old;
    /* Other jobs now, maybe under the same ids. */
    sim_events_jobs_cleared();
}

void sim_jobs_image_clear(sim_jobs_image *image)
{
    while (image->head != NULL) {
        sim_job *next = image->head->next;
        sim_job_free(image->head);
        image->head = next;
    }
    image->tail = NULL;
    image->count = 0;
}
