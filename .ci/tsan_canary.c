/* A deliberate data race, so the ThreadSanitizer stage can prove that a race
 * in a module loaded by the interpreter reaches the report files and is
 * counted by tsan_ours.py.  Without this, "0 reports" could also mean that
 * TSan was not watching. */
#include <pthread.h>

static long shared_counter;

static void *bump(void *unused)
{
    (void)unused;
    for (int i = 0; i < 1000; i++)
        shared_counter++;    /* unsynchronised on purpose */
    return NULL;
}

long tsan_canary_race(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, bump, NULL);
    pthread_create(&b, NULL, bump, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return shared_counter;
}
