/* What the simulator's files share: the list of simulated functions, the
 * service-wide lock, the per-call protocol and the handle table's interface.
 * Nothing here is exported from libfaxsim. */
#ifndef FAXSIM_INTERNAL_H
#define FAXSIM_INTERNAL_H

/* What the library exports: every WinFax.dll client function and the
 * faxsim_* control API, nothing else.  A Windows DLL exports what is
 * marked dllexport; an ELF or Mach-O library built with
 * -fvisibility=hidden exports what has default visibility. */
#ifdef _WIN32
#define WINFAXAPI __declspec(dllexport)
#define FAXSIM_API __declspec(dllexport)
#else
#define WINFAXAPI __attribute__((visibility("default")))
#define FAXSIM_API __attribute__((visibility("default")))
#endif

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
    X(FaxAccessCheck) \
    X(FaxOpenPort) \
    X(FaxGetPortW) \
    X(FaxSetPortW) \
    X(FaxEnumPortsW) \
    X(FaxGetDeviceStatusW) \
    X(FaxGetConfigurationW) \
    X(FaxSetConfigurationW) \
    X(FaxGetLoggingCategoriesW) \
    X(FaxSetLoggingCategoriesW) \
    X(FaxCompleteJobParamsW) \
    X(FaxSendDocumentW) \
    X(FaxSendDocumentForBroadcastW) \
    X(FaxEnumJobsW) \
    X(FaxGetJobW) \
    X(FaxSetJobW) \
    X(FaxAbort) \
    X(FaxGetPageData) \
    X(FaxEnumRoutingMethodsW) \
    X(FaxEnableRoutingMethodW) \
    X(FaxEnumGlobalRoutingInfoW) \
    X(FaxSetGlobalRoutingInfoW) \
    X(FaxGetRoutingInfoW) \
    X(FaxSetRoutingInfoW) \
    X(FaxRegisterRoutingExtensionW) \
    X(FaxRegisterServiceProviderW) \
    X(FaxUnregisterServiceProviderW) \
    X(FaxStartPrintJobW) \
    X(FaxPrintCoverPageW) \
    X(FaxInitializeEventQueue)

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
/* Takes the lock if it is free: 1, else 0. */
int sim_lock_try(void);

/* The prologue of every client call: counts the call, applies the armed
 * latency (outside the lock) and records concurrency, then consumes an armed
 * failure.  Returns 0 to go on, or the error code the call must fail with. */
DWORD sim_enter(sim_function fn);
/* The epilogue matching sim_enter. */
void sim_leave(sim_function fn);

/* Fail a client call: set the thread's last error and return FALSE. */
BOOL sim_fail(sim_function fn, DWORD error);
/* The same, for a caller that holds the service lock: releases it first. */
BOOL sim_fail_locked(sim_function fn, DWORD error);

/* Handle table.  Every lookup is made under sim_lock. */
typedef enum { SIM_HANDLE_SERVER = 1, SIM_HANDLE_PORT = 2 } sim_handle_kind;

HANDLE sim_handle_open(sim_handle_kind kind);      /* NULL: out of memory */
int sim_handle_valid(HANDLE h, sim_handle_kind kind);
int sim_handle_close(HANDLE h);                     /* 0 if unknown */
uint32_t sim_handle_count(void);
void sim_handle_reset(void);
/* The same with the service lock already held. */
void sim_handle_reset_locked(void);

/* Like sim_handle_valid but records no violation: for the service noticing,
 * after a client callback returned, that the client closed the handle the
 * call was made on (the client did not pass us a stale value). */
int sim_handle_is_open(HANDLE h, sim_handle_kind kind);

/* Port handles (FaxOpenPort) remember their device and access level.
 * sim_port_handle_info records a violation, like sim_handle_valid, when
 * `h` is not an open port handle. */
HANDLE sim_port_handle_open(DWORD device_id, DWORD flags);
int sim_port_handle_info(HANDLE h, DWORD *device_id, DWORD *flags);
/* Whether some open port handle holds `device_id` with PORT_OPEN_MODIFY. */
int sim_port_modify_held(DWORD device_id);

/* Violations are counted in sim_core.c; the handle table reports them. */
void sim_record_violation(void);

/* Buffers the client frees with FaxFreeBuffer.  sim_buffer_alloc may be
 * called with or without the service lock held. */
void *sim_buffer_alloc(size_t size);
/* Takes back a buffer that never reached the client (an error path after
 * the allocation); unlike FaxFreeBuffer it is not a counted client call. */
void sim_buffer_free(void *buffer);
void sim_buffer_reset(void);
int64_t sim_buffer_outstanding(void);

/* Control state read by the client functions. */
uint32_t sim_access_rights(void);
/* Whether the caller has every bit of `rights`; lock held. */
int sim_has_rights(uint32_t rights);

void sim_core_reset(void);

/* ---- fax events' way to the client: completion ports and LocalAlloc -------
 * sim_kernel32.c off Windows (its own ports), sim_platform_win32.c on
 * Windows (kernel32's ports).  Client-process objects, not service state:
 * a reset leaves them alone. */

/* A block the client frees with LocalFree.  Off Windows it is counted until
 * the client does (faxsim_outstanding_events).  Any lock may be held. */
void *sim_local_alloc(size_t size);
/* Takes back a block that never reached the client (its post failed). */
void sim_local_discard(void *memory);
/* FaxInitializeEventQueue: the service's own reference to the client's
 * completion `port`, in *held; 0, or -1 if `port` is not one.  Records no
 * violation and leaves the caller's last error alone.  No lock needed. */
int sim_iocp_hold(HANDLE port, HANDLE *held);
/* The registration ended: the reference from sim_iocp_hold goes.  Any
 * lock may be held. */
void sim_iocp_release(HANDLE held);
/* PostQueuedCompletionStatus for the service itself, through a reference
 * from sim_iocp_hold: 0, or -1 if the port is gone or memory ran out.
 * Leaves the caller's last error alone and records no violation: the
 * service posting to a port its client has closed is not the client's
 * mistake.  Any lock may be held. */
int sim_iocp_post(HANDLE held, DWORD bytes, ULONG_PTR key, void *overlapped);

/* ---- the clock (sim_clock.c) ------------------------------------------------
 * In real-time mode a service thread moves the queue; these tell it that
 * there may be something to do. */

/* A client connected (FaxConnectFaxServerW): the service "starts" its
 * worker now if the clock runs in real time.  No lock may be held. */
void sim_clock_client_connected(void);
/* A job or a device changed: wake the worker.  Service lock held. */
void sim_clock_poke(void);

/* ---- fax events (sim_events.c) ----------------------------------------------
 * Every function expects the service lock held.  Events go to every server
 * handle that called FaxInitializeEventQueue, in the order of the changes. */

struct sim_job;
struct sim_port;
/* The job hook (sim_job_changed): compares the job with what was last
 * reported about it and queues the FEI_* event the difference means. */
void sim_events_job_changed(const struct sim_job *job);
/* One more event about a job whose fields did not change (another ring of
 * a call being received: FEI_RINGING again), on the job's line. */
void sim_events_job_event(const struct sim_job *job, DWORD event_id);
/* A job leaves the queue (FEI_DELETED). */
void sim_events_job_removed(const struct sim_job *job);
/* Every job vanished at once (reset, or a loaded state): forget them. */
void sim_events_jobs_cleared(void);
/* The device hook (sim_port_set_state); `old_state` is the state before. */
void sim_events_port_changed(const struct sim_port *port, DWORD old_state);
/* The service session ends (faxsim_restart, faxsim_reset): FEI_FAXSVC_ENDED
 * to every queue, after which no registration is left.  FaxClose ends
 * none: registrations outlive the handle that made them. */
void sim_events_service_ended(void);

/* Win32 error codes the fax API documents that win32_base.h does not list
 * (it only carries what the extension needs).  Values from winerror.h. */
#ifndef ERROR_BAD_UNIT
#define ERROR_BAD_UNIT 20u
#endif
#ifndef ERROR_INVALID_PRINTER_NAME
#define ERROR_INVALID_PRINTER_NAME 1801u
#endif
#ifndef ERROR_DEVICE_IN_USE
#define ERROR_DEVICE_IN_USE 2404u
#endif
#ifndef ERROR_NOT_READY
#define ERROR_NOT_READY 21u
#endif
#ifndef ERROR_WRITE_FAULT
#define ERROR_WRITE_FAULT 29u
#endif
#ifndef ERROR_DISK_FULL
#define ERROR_DISK_FULL 112u
#endif
#ifndef ERROR_SPL_NO_STARTDOC
#define ERROR_SPL_NO_STARTDOC 3003u
#endif

#endif /* FAXSIM_INTERNAL_H */
