/* A count that threads share without a lock (free-threaded builds run
 * conversions on many threads at once; the event hub converts on its own).
 * Relaxed ordering: the count guards no other data. */
#ifndef WINFAX_ATOMIC_COUNTER_H
#define WINFAX_ATOMIC_COUNTER_H

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>

typedef volatile long winfax_atomic_long;

/* An aligned long is read whole on every target MSVC builds for, and the
 * read costs what a plain one does: this runs for every record made. */
static inline long winfax_atomic_load(winfax_atomic_long *p)
{
    return *p;
}

static inline void winfax_atomic_store(winfax_atomic_long *p, long value)
{
    (void)_InterlockedExchange(p, value);
}

/* If *p is *expected, make it `desired` and return 1; otherwise put what
 * *p holds in *expected and return 0. */
static inline int winfax_atomic_swap_if(winfax_atomic_long *p, long *expected, long desired)
{
    long seen = _InterlockedCompareExchange(p, desired, *expected);
    if (seen == *expected)
        return 1;
    *expected = seen;
    return 0;
}

#else /* gcc, clang, mingw-w64 */

typedef long winfax_atomic_long;

static inline long winfax_atomic_load(winfax_atomic_long *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void winfax_atomic_store(winfax_atomic_long *p, long value)
{
    __atomic_store_n(p, value, __ATOMIC_RELAXED);
}

static inline int winfax_atomic_swap_if(winfax_atomic_long *p, long *expected, long desired)
{
    return __atomic_compare_exchange_n(p, expected, desired, 0, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
}

#endif

#endif /* WINFAX_ATOMIC_COUNTER_H */
