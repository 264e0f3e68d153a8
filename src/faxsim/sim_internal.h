/* What the simulator's files share: the list of simulated functions, the
 * service-wide lock, the per-call protocol and the handle table's interface.
 * Nothing here is exported from libfaxsim. */
#ifndef FAXSIM_INTERNAL_H
#define FAXSIM_INTERNAL_H

#define WINFAXAPI __attribute__((visibility("default")))
#define FAXSIM_API __attribute__((visibility("default")))

#include <stddef.h>
#include <stdint.h>

#include "../winfax_abi.h"
#include "faxsim.h"

/* One entry per exported client function.  Counters, failure injection and
 * concurrency tracking are indexed by these, so adding a function here is
 * all it takes for the control API to know it. */
#define SIM_FUNCTIONS(X) \
    X(FaxConnectFaxServerW) \
    X(FaxClose) \
    X(FaxFreeBuffer) \
    X(FaxAccessCheck)

typedef enum {
#define SIM_ENUM(name) SIM_FN_##name,
    SIM_FUNCTIONS(SIM_ENUM)
#undef SIM_ENUM
    SIM_FN_COUNT
} sim_function;

/* The service is one process-wide object; one mutex keeps its state
 * consistent.  Client calls never sleep or block while holding it. */
void sim_lock(void);
void sim_unlock(void);

/* The prologue of every client call: counts the call, applies the armed
 * latency (outside the lock) and records concurrency, then consumes an armed
 * failure.  Returns 0 to go on, or the error code the call must fail with. */
DWORD sim_enter(sim_function fn);
/* The epilogue matching sim_enter. */
void sim_leave(sim_function fn);

/* Fail a client call: set the thread's last error and return FALSE. */
BOOL sim_fail(sim_function fn, DWORD error);

/* Handle table.  Every lookup is made under sim_lock. */
typedef enum { SIM_HANDLE_SERVER = 1, SIM_HANDLE_PORT = 2 } sim_handle_kind;

HANDLE sim_handle_open(sim_handle_kind kind);      /* NULL: out of memory */
int sim_handle_valid(HANDLE h, sim_handle_kind kind);
int sim_handle_close(HANDLE h);                     /* 0 if unknown */
uint32_t sim_handle_count(void);
void sim_handle_reset(void);

/* Violations are counted in sim_core.c; the handle table reports them. */
void sim_record_violation(void);

/* Buffers the client frees with FaxFreeBuffer. */
void *sim_buffer_alloc(size_t size);
void sim_buffer_reset(void);
int64_t sim_buffer_outstanding(void);

/* Control state read by the client functions. */
uint32_t sim_access_rights(void);

void sim_core_reset(void);

#endif /* FAXSIM_INTERNAL_H */
