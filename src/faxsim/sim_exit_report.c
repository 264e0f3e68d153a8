/* An optional report of the service's counters when the process exits.
 *
 * Set FAXSIM_EXIT_REPORT to a file path and, as the last thing the process
 * does (after the interpreter has finalised and dropped its objects), the
 * simulator appends one line: open handles, FaxClose calls, violations and
 * outstanding buffers.  That is how a test - or a user's own test suite -
 * checks that handles still open at exit were closed exactly once. */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>

__attribute__((destructor)) static void report_at_exit(void)
{
    const char *path = getenv("FAXSIM_EXIT_REPORT");
    FILE *out;

    if (path == NULL || path[0] == 0)
        return;
    out = fopen(path, "a");
    if (out == NULL)
        return;
#ifdef _WIN32
    /* At DLL detach during process exit Windows has already ended every
     * other thread, perhaps one inside the service lock (the real-time
     * clock's worker): such a lock is never released, and the counters it
     * guards may be half-updated. */
    if (!sim_lock_try()) {
        fprintf(out, "unavailable: the service lock was held by a thread "
                     "that Windows ended at exit\n");
        fclose(out);
        return;
    }
    sim_unlock();
#endif
    fprintf(out,
            "open_handles=%u FaxConnectFaxServerW=%lld FaxClose=%lld "
            "violations=%llu outstanding_buffers=%lld\n",
            (unsigned)faxsim_open_handles(),
            (long long)faxsim_calls("FaxConnectFaxServerW"),
            (long long)faxsim_calls("FaxClose"),
            (unsigned long long)faxsim_violations(),
            (long long)faxsim_outstanding_buffers());
    fclose(out);
}
