/* When a scheduled send job may start.
 *
 * FAX_JOB_PARAM (https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_job_paramw):
 * JSA_SPECIFIC_TIME sends "at the time specified by the ScheduleTime
 * member", a SYSTEMTIME that "must be expressed in UTC"; JSA_DISCOUNT_PERIOD
 * sends "during the discount rate period", FAX_CONFIGURATION's
 * StartCheapTime..StopCheapTime, whose FAX_TIME members are UTC too
 * (https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_time).
 * A period whose end comes before its start runs past midnight into the
 * next day, as the fax COM API's pages on the same setting say
 * (https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-ifaxserver-get-discountrateendminute-vb).
 * The period includes its start and excludes its end.  A period that
 * starts where it ends is not documented; we take it as the whole day
 * (a zero-length period would hold its jobs for ever).
 *
 * Everything here reads the clock it is given (sim_now, the service's
 * clock), so faxsim_set_now moves schedules with it. */
#include "sim_state.h"

#define TICKS_PER_SECOND 10000000ull
#define SECONDS_PER_DAY 86400ull

/* Days from 1601-01-01 to year-month-day in the proleptic Gregorian
 * calendar (the one FILETIME counts in). */
static uint64_t days_since_1601(unsigned year, unsigned month, unsigned day)
{
    static const unsigned before_month[12] = {0, 31, 59, 90, 120, 151,
                                              181, 212, 243, 273, 304, 334};
    uint64_t y = year - 1601u, days;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    days = y * 365 + y / 4 - y / 100 + y / 400;
    days += before_month[month - 1] + (month > 2 && leap ? 1u : 0u);
    return days + day - 1;
}

static unsigned days_in_month(unsigned year, unsigned month)
{
    static const unsigned length[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return length[month - 1] + (month == 2 && leap ? 1u : 0u);
}

int sim_systemtime_ticks(const SYSTEMTIME *st, uint64_t *ticks)
{
    uint64_t seconds;

    /* SYSTEMTIME's documented ranges: years 1601..30827. */
    if (st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1 ||
        st->wMonth > 12 || st->wDay < 1 ||
        st->wDay > days_in_month(st->wYear, st->wMonth) || st->wHour > 23 ||
        st->wMinute > 59 || st->wSecond > 59 || st->wMilliseconds > 999)
        return -1;
    seconds = days_since_1601(st->wYear, st->wMonth, st->wDay) * SECONDS_PER_DAY +
              st->wHour * 3600u + st->wMinute * 60u + st->wSecond;
    *ticks = seconds * TICKS_PER_SECOND + st->wMilliseconds * 10000ull;
    return 0;
}

/* Ticks from `now` until the discount period next begins, 0 inside it. */
static uint64_t discount_wait(uint64_t now)
{
    const sim_config *config = sim_config_current();
    uint64_t start = config->start_cheap.Hour * 3600u + config->start_cheap.Minute * 60u;
    uint64_t stop = config->stop_cheap.Hour * 3600u + config->stop_cheap.Minute * 60u;
    uint64_t second = now / TICKS_PER_SECOND % SECONDS_PER_DAY;
    int inside;

    if (start < stop)
        inside = second >= start && second < stop;
    else if (start > stop)
        inside = second >= start || second < stop;   /* past midnight */
    else
        inside = 1;
    if (inside)
        return 0;
    /* Outside, `second` is not `start`, so this is at least one second
     * less the fraction already gone: never 0. */
    return (start + SECONDS_PER_DAY - second) % SECONDS_PER_DAY * TICKS_PER_SECOND -
           now % TICKS_PER_SECOND;
}

uint64_t sim_schedule_wait(const sim_job *job, uint64_t now)
{
    uint64_t due;

    if (job->schedule_action == JSA_DISCOUNT_PERIOD)
        return discount_wait(now);
    if (job->schedule_action != JSA_SPECIFIC_TIME ||
        sim_systemtime_ticks(&job->schedule_time, &due) != 0)
        return 0;   /* checked when queued; a loaded state file is not */
    return due > now ? due - now : 0;
}
