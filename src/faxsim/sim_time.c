/* Wall-clock time in the FILETIME form the fax structs use. */
#define _POSIX_C_SOURCE 200809L

#include "sim_state.h"

#include <time.h>

/* Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define EPOCH_DIFFERENCE 11644473600ull

FILETIME sim_now(void)
{
    struct timespec ts;
    uint64_t ticks;
    FILETIME ft;

    clock_gettime(CLOCK_REALTIME, &ts);
    ticks = ((uint64_t)ts.tv_sec + EPOCH_DIFFERENCE) * 10000000ull +
            (uint64_t)ts.tv_nsec / 100u;
    ft.dwLowDateTime = (DWORD)ticks;
    ft.dwHighDateTime = (DWORD)(ticks >> 32);
    return ft;
}

/* ---- UTC calendar arithmetic ----------------------------------------------
 *
 * Every time the fax structs carry is UTC except FAX_COVERPAGE_INFOW's
 * TimeSent (local system time): ScheduleTime "must be expressed in UTC"
 * (FAX_JOB_PARAMW, FAX_JOB_ENTRYW), FAX_TIME "is expressed in Coordinated
 * Universal Time (UTC)", and a FILETIME counts from 1601-01-01 UTC.  So the
 * service compares a job's ScheduleTime and the discount period with
 * sim_now() directly, never through the local zone. */

#define TICKS_PER_SECOND 10000000ull
#define SECONDS_PER_DAY 86400ull

/* Days from 1601-01-01 to the given proleptic Gregorian date. */
static uint64_t days_since_1601(unsigned year, unsigned month, unsigned day)
{
    static const unsigned before_month[12] = {0, 31, 59, 90, 120, 151,
                                              181, 212, 243, 273, 304, 334};
    uint64_t y = (uint64_t)year - 1601u;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    uint64_t days = y * 365u + y / 4u - y / 100u + y / 400u;

    days += before_month[month - 1] + (uint64_t)(day - 1);
    if (leap && month > 2)
        days += 1;
    return days;
}

static int days_in_month(unsigned year, unsigned month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30,
                                           31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int sim_systemtime_to_filetime(const SYSTEMTIME *t, FILETIME *out)
{
    uint64_t ticks;

    /* The range and fields SystemTimeToFileTime accepts. */
    if (t->wYear < 1601 || t->wYear > 30827 || t->wMonth < 1 || t->wMonth > 12 ||
        t->wDay < 1 || t->wDay > days_in_month(t->wYear, t->wMonth) ||
        t->wHour > 23 || t->wMinute > 59 || t->wSecond > 59 ||
        t->wMilliseconds > 999)
        return -1;
    ticks = days_since_1601(t->wYear, t->wMonth, t->wDay) * SECONDS_PER_DAY;
    ticks += (uint64_t)t->wHour * 3600u + (uint64_t)t->wMinute * 60u + t->wSecond;
    ticks = ticks * TICKS_PER_SECOND + (uint64_t)t->wMilliseconds * 10000u;
    out->dwLowDateTime = (DWORD)ticks;
    out->dwHighDateTime = (DWORD)(ticks >> 32);
    return 0;
}

unsigned sim_utc_minute_of_day(FILETIME t)
{
    uint64_t ticks = ((uint64_t)t.dwHighDateTime << 32) | t.dwLowDateTime;
    return (unsigned)((ticks / TICKS_PER_SECOND) % SECONDS_PER_DAY / 60u);
}

/* ---- test controls: times a broken service could hand out ---------------- */

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

FAXSIM_API int faxsim_job_schedule_time(uint32_t job_id, uint16_t fields[8])
{
    sim_job *job;
    const SYSTEMTIME *t;

    sim_lock();
    job = sim_job_find(job_id);
    if (job == NULL) {
        sim_unlock();
        return -1;
    }
    t = &job->schedule_time;
    fields[0] = t->wYear;
    fields[1] = t->wMonth;
    fields[2] = t->wDayOfWeek;
    fields[3] = t->wDay;
    fields[4] = t->wHour;
    fields[5] = t->wMinute;
    fields[6] = t->wSecond;
    fields[7] = t->wMilliseconds;
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
