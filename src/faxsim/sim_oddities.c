/* Answers a real service may give but ours never would on its own, armed by
 * tests of the client (faxsim_arm_oddity in faxsim.h): a success without
 * the handle or buffer it should come with, or a callback argument the
 * documentation marks optional left NULL.  Each function that can answer
 * oddly asks sim_oddity_take at the point where it would. */
#include "sim_state.h"

#include <stdatomic.h>

#define ODDITY_LIMIT (FAXSIM_ODDITY_NULL_COVER_PAGE + 1u)

/* Atomic so a function may ask with or without the service lock held. */
static _Atomic uint32_t armed[ODDITY_LIMIT];

int sim_oddity_take(uint32_t oddity)
{
    uint32_t left;

    if (oddity == 0 || oddity >= ODDITY_LIMIT)
        return 0;
    left = atomic_load(&armed[oddity]);
    while (left > 0) {
        if (atomic_compare_exchange_weak(&armed[oddity], &left, left - 1))
            return 1;
    }
    return 0;
}

void sim_oddities_reset(void)
{
    for (uint32_t i = 0; i < ODDITY_LIMIT; i++)
        atomic_store(&armed[i], 0);
}

FAXSIM_API int faxsim_arm_oddity(uint32_t oddity, uint32_t count)
{
    if (oddity == 0 || oddity >= ODDITY_LIMIT)
        return -1;
    atomic_store(&armed[oddity], count);
    return 0;
}
