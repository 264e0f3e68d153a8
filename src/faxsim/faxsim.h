/* The fax service simulator's control API.
 *
 * libfaxsim exports the WinFax.dll client functions (declared in
 * winfax_abi.h) and, beside them, these faxsim_* functions.  They are what a
 * test uses to put the simulated service into a given state: take rights away
 * from the caller, make the next calls of a function fail, slow every call
 * down, and read counters that only a simulator can offer (open handles,
 * calls per function, how many callers were inside a function at once).
 *
 * The control API uses plain C types only, so that ctypes (winfax.simulator)
 * and C test programs can call it without our Win32 headers.
 */
#ifndef FAXSIM_H
#define FAXSIM_H

#include <stdint.h>

#ifndef FAXSIM_API
#define FAXSIM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Back to a freshly started service: every handle becomes invalid, counters
 * are zero, the caller has every right, no failure or latency is armed. */
FAXSIM_API void faxsim_reset(void);

/* The access rights (FAX_JOB_SUBMIT, FAX_CONFIG_QUERY, ...) the service
 * grants the calling user.  Zero means the user may not even connect. */
FAXSIM_API void faxsim_set_access(uint32_t rights);
FAXSIM_API uint32_t faxsim_get_access(void);

/* The next `count` calls of `function` (its exported name, e.g.
 * "FaxConnectFaxServerW") fail with `error` as the last error.
 * Returns 0, or -1 if no such function is simulated. */
FAXSIM_API int faxsim_fail_next(const char *function, uint32_t error,
                                uint32_t count);

/* Pause `function`: its callers block inside the call (after it is counted)
 * until faxsim_resume.  faxsim_waiting tells how many are blocked there.
 * Tests use this to hold a thread inside the API deterministically.  A reset
 * resumes everything.  Return -1 for an unknown name. */
FAXSIM_API int faxsim_pause(const char *function);
FAXSIM_API int faxsim_resume(const char *function);
FAXSIM_API int64_t faxsim_waiting(const char *function);

/* Every client call sleeps this long before it does its work, outside the
 * simulator's lock, the way an RPC to the real service blocks. */
FAXSIM_API void faxsim_set_latency_us(uint32_t microseconds);

/* Handles that the service considers open (server and port handles). */
FAXSIM_API uint32_t faxsim_open_handles(void);

/* Calls of `function` since the last reset; -1 for an unknown name. */
FAXSIM_API int64_t faxsim_calls(const char *function);

/* The largest number of threads that were inside `function` at the same
 * moment since the last reset; -1 for an unknown name.  This is how a test
 * proves that the binding released the GIL without timing anything. */
FAXSIM_API int64_t faxsim_max_concurrent(const char *function);

/* Calls that named a handle the service does not know or has closed.  A
 * correct client never makes one, so tests assert this stays zero. */
FAXSIM_API uint64_t faxsim_violations(void);

/* Buffers handed to the client and not yet given back with FaxFreeBuffer. */
FAXSIM_API int64_t faxsim_outstanding_buffers(void);

/* The simulated functions, by index, so tools can list them. */
FAXSIM_API uint32_t faxsim_function_count(void);
FAXSIM_API const char *faxsim_function_name(uint32_t index);

#ifdef __cplusplus
}
#endif

#endif /* FAXSIM_H */
