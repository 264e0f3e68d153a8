/* What became of the jobs that left the queue: the simulator's record of
 * the last SIM_ENDED_MAX of them (faxsim_job_ended), kept with the saved
 * state.
 *
 * Why it exists: the real service tells every registered client how a job
 * ended, by events (FEI_COMPLETED, FEI_DELETED, ...), whichever process
 * moved the queue.  The simulator's events live in the process that moved
 * it: when several processes share a saved state (`winfax simulator run
 * --forever` in one terminal, `winfax send --wait` in another), a job that
 * another process took from the queue to its end between two of this
 * process's looks has left no event here, and a job that is gone is gone
 * from FaxGetJob on Windows too (ERROR_INVALID_PARAMETER).  This record is
 * what such a process reads instead.  It is a simulator control hook, not
 * part of the WinFax.dll ABI: nothing in the client API reads it.
 *
 * Kept oldest first; the oldest is dropped when the record is full.  Job
 * ids are not reused until a reset, which also empties the record. */
#include "sim_state.h"

#include <string.h>

/* Guarded by the service lock. */
static sim_ended_image ended;

static DWORD how_it_ended(const sim_job *job)
{
    if (job->queue_status & JS_DELETING)
        return FAXSIM_ENDED_CANCELLED;
    if (job->type == JT_RECEIVE)
        /* A call leaves after its routing stage, or cut short (hung up,
         * fatal error, the device removed) without being routed. */
        return job->status == FPS_ROUTING ? FAXSIM_ENDED_RECEIVED : FAXSIM_ENDED_FAILED;
    /* A send job leaves only once sent or when deleted (a failed one
     * stays queued, JS_FAILED, until it is deleted). */
    return job->status == FPS_COMPLETED ? FAXSIM_ENDED_SENT : FAXSIM_ENDED_FAILED;
}

void sim_ended_record(const sim_job *job)
{
    sim_ended_job *slot;

    if (ended.count == SIM_ENDED_MAX) {
        memmove(&ended.jobs[0], &ended.jobs[1],
                (SIM_ENDED_MAX - 1) * sizeof ended.jobs[0]);
        ended.count--;
    }
    slot = &ended.jobs[ended.count++];
    slot->job_id = job->id;
    slot->how = how_it_ended(job);
    slot->pages = job->page_count;
}

void sim_ended_reset(void)
{
    memset(&ended, 0, sizeof ended);
}

void sim_ended_view(sim_ended_image *view)
{
    *view = ended;
}

void sim_ended_exchange(sim_ended_image *image)
{
    sim_ended_image old = ended;

    ended = *image;
    *image = old;
}

FAXSIM_API int faxsim_job_ended(uint32_t job_id, uint32_t *how, uint32_t *pages)
{
    int found = 0;

    sim_lock();
    /* Newest first: the one a caller asks about has usually just left. */
    for (uint32_t i = ended.count; i-- > 0 && !found;) {
        if (ended.jobs[i].job_id == job_id) {
            if (how != NULL)
                *how = ended.jobs[i].how;
            if (pages != NULL)
                *pages = ended.jobs[i].pages;
            found = 1;
        }
    }
    sim_unlock();
    return found;
}
