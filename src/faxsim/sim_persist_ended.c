/* The record of jobs that left the queue (sim_ended.c) in the saved state,
 * for sim_persist.c's file and sim_snapshot.c's service record alike:
 *
 *   u32 count (at most SIM_ENDED_MAX), then per job, oldest first: u32 job
 *   id, u32 how (FAXSIM_ENDED_*), u32 page count
 *
 * Read back as untrusted input: a count past the limit, an id the service
 * could not have given out yet (0, or not below the next job id) or an
 * unknown `how` is damage. */
#include "sim_persist_codec.h"

#define MIN_ENDED_JOB (3u * 4u)

void write_ended(writer *w)
{
    sim_ended_image ended;

    sim_ended_view(&ended);
    wr_u32(w, ended.count);
    for (uint32_t i = 0; i < ended.count; i++) {
        wr_u32(w, ended.jobs[i].job_id);
        wr_u32(w, ended.jobs[i].how);
        wr_u32(w, ended.jobs[i].pages);
    }
}

void read_ended(reader *r, sim_ended_image *img, DWORD next_job_id)
{
    uint32_t n = rd_count(r, MIN_ENDED_JOB);

    rd_require(r, n <= SIM_ENDED_MAX);
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_ended_job *e = &img->jobs[i];
        e->job_id = rd_u32(r);
        e->how = rd_u32(r);
        e->pages = rd_u32(r);
        rd_require(r, e->job_id != 0 && e->job_id < next_job_id);
        rd_require(r, e->how >= FAXSIM_ENDED_SENT && e->how <= FAXSIM_ENDED_CANCELLED);
    }
    img->count = r->error ? 0 : n;
}
