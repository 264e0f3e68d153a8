/* The system's wall-clock time in the FILETIME form the fax structs use.
 * The service reads its own clock, sim_now (sim_clock.c), which follows
 * this one unless faxsim_set_now has set it. */
#include "sim_platform.h"
#include "sim_state.h"

FILETIME sim_system_now(void) { return sim_wall_clock_now(); }

/* ---- test controls: times a broken service could hand out ----------------
 *
 * Every time the simulator produces is UTC, as the pages say: FILETIMEs
 * from sim_now (events, a job's submitted and start times), and the
 * ScheduleTime and FAX_TIME values kept exactly as the client sent them
 * (both documented as UTC), never read through the local zone.  The
 * controls below let tests break that on purpose, to show that the binding
 * survives a value no client can convert. */

/* Guarded by the service lock; 0: events are stamped with sim_now(). */
static uint64_t event_stamp;

FILETIME sim_event_stamp(void)
{
    FILETIME ft;

    if (event_stamp == 0)
        return sim_now();
    ft.dwLowDateTime = (DWORD)event_stamp;
    ft.dwHighDateTime = (DWORD)(event_stamp >> 32);
    return ft;
}

FAXSIM_API void faxsim_set_event_stamp(uint64_t filetime)
{
    sim_lock();
    event_stamp = filetime;
    sim_unlock();
}

void sim_systemtime_fields(const SYSTEMTIME *t, uint16_t fields[8])
{
    fields[0] = t->wYear;
    fields[1] = t->wMonth;
    fields[2] = t->wDayOfWeek;
    fields[3] = t->wDay;
    fields[4] = t->wHour;
    fields[5] = t->wMinute;
    fields[6] = t->wSecond;
    fields[7] = t->wMilliseconds;
}

FAXSIM_API int faxsim_job_schedule_time(uint32_t job_id, uint16_t fields[8])
{
    sim_job *job;

    sim_lock();
    job = sim_job_find(job_id);
    if (job == NULL) {
        sim_unlock();
        return -1;
    }
    sim_systemtime_fields(&job->schedule_time, fields);
    sim_unlock();
    return 0;
}

FAXSIM_API int faxsim_set_job_schedule_time(uint32_t job_id, const uint16_t fields[8])
{
    sim_job *job;
    SYSTEMTIME *t;

    sim_lock();
    job = sim_job_find(job_id);
    if (job == NULL) {
        sim_unlock();
        return -1;
    }
    t = &job->schedule_time;
    t->wYear = fields[0];
    t->wMonth = fields[1];
    t->wDayOfWeek = fields[2];
    t->wDay = fields[3];
    t->wHour = fields[4];
    t->wMinute = fields[5];
    t->wSecond = fields[6];
    t->wMilliseconds = fields[7];
    sim_unlock();
    return 0;
}
