/* The system's wall-clock time in the FILETIME form the fax structs use.
 * The service reads its own clock, sim_now (sim_clock.c), which follows
 * this one unless faxsim_set_now has set it. */
#define _POSIX_C_SOURCE 200809L

#include "sim_state.h"

#include <time.h>

/* Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define EPOCH_DIFFERENCE 11644473600ull

FILETIME sim_system_now(void)
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
