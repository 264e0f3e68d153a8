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
 *
 * Two builds of the same sources:
 * - libfaxsim.so / .dylib off Windows, which also exports the kernel32
 *   calls the client needs (GetLastError, SetLastError, the completion-port
 *   calls, CloseHandle, LocalFree, LocalAlloc), because there is no
 *   kernel32 there.
 * - WINFAX.dll on Windows (.ci/windows/build-faxsim-dll), installed in
 *   place of the system's WinFax.dll so that an unchanged client runs
 *   against the simulator.  kernel32 owns those calls there, and events
 *   are real completion packets (see "fax events" below).
 *
 * One service per process, deliberately.  The real Fax Service is a
 * separate process that every client reaches by RPC, so all clients on a
 * machine share one queue.  The simulator runs inside its client's process
 * and keeps the service in that process's memory: two processes that load
 * it have two independent services, and nothing one sends shows up in the
 * other.  Sharing would need a service process and an RPC of our own, which
 * is the very thing a simulator is meant to spare its tests.  Processes
 * that must share a queue save and load it (faxsim_save/faxsim_load in one
 * file; faxsim_snapshot_take/faxsim_restore in pieces, as the winfax
 * command does).
 */
#ifndef FAXSIM_H
#define FAXSIM_H

#include <stddef.h>
#include <stdint.h>

#ifndef FAXSIM_API
#define FAXSIM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Back to a freshly started service: every handle becomes invalid, counters
 * are zero, the caller has every right, no failure or latency is armed.
 * The service state returns to a fresh installation: one device (see
 * faxsim_add_port), an empty job queue, default configuration (3 retries
 * 10 minutes apart, 30 dirty days, branding on, device TSID used, discount
 * period 20:00-07:00, no archiving), every logging category at
 * FAXLOG_LEVEL_MIN, the three default routing methods (e-mail, folder,
 * printer) disabled on every device, no registered providers or routing
 * extensions, and the user "user" with administrator rights.  The clock
 * (faxsim_set_clock) is left as it is: it is how the caller drives time,
 * not part of the service.  A fresh service is a new service session:
 * every event registration is sent FEI_FAXSVC_ENDED and ends, exactly as
 * with faxsim_restart (a client sharing one registration per session
 * learns that it must register again). */
FAXSIM_API void faxsim_reset(void);

/* Restart the service process: every handle becomes invalid (clients must
 * reconnect) but devices, jobs, configuration and registrations survive,
 * and routing extensions registered with FaxRegisterRoutingExtensionW
 * since the last start install their methods now (the documented "restart
 * the fax service to use" them).  Counters and armed failures are kept. */
FAXSIM_API void faxsim_restart(void);

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

/* ---- the calling user ---------------------------------------------------- */

/* Who the client runs as (UTF-8; default "user").  Jobs record it as their
 * owner; FaxSetJob/FaxAbort on someone else's job need FAX_JOB_MANAGE, on
 * one's own FAX_JOB_SUBMIT or FAX_JOB_MANAGE.  FaxCompleteJobParamsW fills
 * the sender name with it.  Returns 0, or -1 for NULL/"" or no memory. */
FAXSIM_API int faxsim_set_user(const char *name);

/* Whether the user may write the fax service's registry, which the
 * FaxRegister... and FaxUnregister... functions need (default: yes).
 * Without it they fail with ERROR_ACCESS_DENIED. */
FAXSIM_API void faxsim_set_admin(int is_admin);

/* ---- devices -------------------------------------------------------------- */

/* Add a fax device named `name` (UTF-8) with capability `flags` (FPF_SEND
 * 0x2, FPF_RECEIVE 0x1, FPF_VIRTUAL 0x4; other bits ignored): 2 rings,
 * TSID and CSID "Fax", the lowest priority, state FPS_AVAILABLE.  Returns
 * its DeviceId (ids start at 0x10001 and are never reused before a reset),
 * or 0 for a NULL/empty name or no memory.  A fresh service has one device,
 * "Virtual Fax Device 1", FPF_SEND|FPF_RECEIVE|FPF_VIRTUAL, id 0x10001. */
FAXSIM_API uint32_t faxsim_add_port(const char *name, uint32_t flags);

/* Remove a device, as if it were unplugged: a job on its line goes back to
 * waiting (Status FPS_DISCONNECTED), its routing settings are dropped, and
 * port handles open on it answer ERROR_BAD_UNIT.  0, or -1 if unknown. */
FAXSIM_API int faxsim_remove_port(uint32_t device_id);

FAXSIM_API uint32_t faxsim_port_count(void);

/* Put an idle device in state `state` (an FPS_* value, e.g. FPS_OFFLINE;
 * FPS_AVAILABLE 0x20100000 brings it back).  Jobs only start on an
 * FPS_AVAILABLE device.  0, or -1 if unknown or busy with a job. */
FAXSIM_API int faxsim_set_port_state(uint32_t device_id, uint32_t state);

/* ---- the job queue -------------------------------------------------------- */

/* Jobs in the queue (sent jobs leave it). */
FAXSIM_API uint32_t faxsim_job_count(void);

/* Let time pass (with either clock): each step moves every job one stage on.  A waiting job
 * takes the highest-priority free sending device (or gets JS_NOLINE) and
 * dials (JS_INPROGRESS, FPS_DIALING); then it sends page 1, 2, ... n
 * (FPS_SENDING, CurrentPage); the step after the last page completes it
 * (FPS_COMPLETED) and it leaves the queue.  A job cancelled while on a
 * line (JS_DELETING) leaves at the next step.  Paused jobs, failed jobs
 * and, while PauseServerQueue is set, waiting jobs stay put; so do
 * scheduled jobs until their time (see faxsim_set_now); retry delays are
 * not waited for.  Returns how many jobs the next step
 * can still move, so `while (faxsim_advance(1)) {}` runs the queue dry. */
FAXSIM_API uint32_t faxsim_advance(uint32_t steps);

/* How time passes for the queue.
 *
 * FAXSIM_CLOCK_MANUAL: only faxsim_advance moves jobs.  The default off
 * Windows, where tests and the winfax command advance the queue
 * themselves.
 *
 * FAXSIM_CLOCK_REALTIME: the service moves jobs itself, as a running fax
 * service does, on a thread of its own: a waiting job takes a free line at
 * once, dials for `dial_ms`, sends each page in `page_ms`, then completes;
 * a job cancelled on its line leaves at once.  Each job keeps its own
 * time, so jobs submitted apart finish apart.  The default on Windows,
 * where nothing else would ever move the queue of a program that only
 * uses WinFax.dll.  The thread starts when a client connects or a job
 * changes (never while the DLL loads), ends by itself once the queue has
 * been idle for two seconds or the clock is set to manual, and keeps the
 * DLL loaded while it runs; at process exit it is stopped (joined on
 * POSIX; on Windows the system ends it).
 *
 * Defaults, read once, when the clock is first used:
 *   WINFAX_SIM_CLOCK    "manual" or "realtime" (otherwise the platform's
 *                       default above)
 *   WINFAX_SIM_DIAL_MS  dialing time in milliseconds (default 2000)
 *   WINFAX_SIM_PAGE_MS  time per page in milliseconds (default 1000)
 * A value that is not a decimal number of 0..4294967295 is ignored.
 *
 * faxsim_set_clock sets all three; it returns 0, or -1 for an unknown
 * mode.  faxsim_get_clock returns the mode and stores the times through
 * the pointers that are not NULL.  faxsim_reset does not change them. */
#define FAXSIM_CLOCK_MANUAL 0u
#define FAXSIM_CLOCK_REALTIME 1u
FAXSIM_API int faxsim_set_clock(uint32_t mode, uint32_t dial_ms, uint32_t page_ms);
FAXSIM_API uint32_t faxsim_get_clock(uint32_t *dial_ms, uint32_t *page_ms);

/* Make a job's current (or next) attempt fail; it leaves its line.
 * FAXSIM_FAIL_RETRY: no answer (Status FPS_NO_ANSWER); the job waits to be
 * retried (JS_RETRYING) until it has failed more than the configured
 * Retries, then stops (JS_RETRIES_EXCEEDED).  FAXSIM_FAIL_FATAL: Status
 * FPS_FATAL_ERROR, JS_FAILED at once.  A job paused while active becomes
 * JS_PAUSED now.  JC_RESTART (= JC_RESUME) restarts a failed job.
 * A call being received (JT_RECEIVE) is never retried (the configuration's
 * Retries are for outgoing faxes): FAXSIM_FAIL_FATAL ends it with
 * FPS_FATAL_ERROR, FAXSIM_FAIL_HANGUP with FPS_DISCONNECTED (the caller
 * hung up), and it leaves the queue at the next step without being routed;
 * only a call not yet completed can fail, and FAXSIM_FAIL_RETRY is refused
 * for it.  FAXSIM_FAIL_HANGUP is for receive jobs only.
 * Returns 0, or -1 for an unknown job, one already failed or being
 * deleted, or a `how` that does not apply to it. */
#define FAXSIM_FAIL_RETRY 1u
#define FAXSIM_FAIL_FATAL 2u
#define FAXSIM_FAIL_HANGUP 3u
FAXSIM_API int faxsim_fail_job(uint32_t job_id, uint32_t how);

/* ---- times (tests) ---------------------------------------------------------- */

/* A job's ScheduleTime exactly as the service holds it, in SYSTEMTIME
 * member order: year, month, day of week, day, hour, minute, second,
 * milliseconds.  ScheduleTime is UTC (FAX_JOB_PARAMW's page), so this is
 * the UTC wall time the client sent.  0, or -1 for an unknown job. */
FAXSIM_API int faxsim_job_schedule_time(uint32_t job_id, uint16_t fields[8]);

/* Overwrite a job's ScheduleTime with any eight values, valid or not (same
 * order), as a broken or newer service could report them: a test-only way
 * to make FaxEnumJobsW/FaxGetJobW hand out a time no client can convert.
 * 0, or -1 for an unknown job. */
FAXSIM_API int faxsim_set_job_schedule_time(uint32_t job_id, const uint16_t fields[8]);

/* Stamp every event posted from now on with this FILETIME (100 ns ticks
 * since 1601, UTC) instead of the current time, valid or not; 0 goes back
 * to the current time.  Test-only, like the function above. */
FAXSIM_API void faxsim_set_event_stamp(uint64_t filetime);

/* ---- registrations -------------------------------------------------------- */

/* Fax service providers registered with FaxRegisterServiceProviderW. */
FAXSIM_API uint32_t faxsim_provider_count(void);

/* ---- persistence ---------------------------------------------------------- */

/* The service state lives in process memory; these put it in a file so that
 * separate processes (the winfax command run again and again) share one
 * simulated service, as clients of a real local fax service do.
 *
 * The state saved is what a real service keeps in its registry and queue:
 * devices (id, name, flags, rings, priority, TSID, CSID, state) and the next
 * device id; every job with all its fields (owner, parameters, cover page
 * flag, schedule, status, current page, retries, line) and the next job id;
 * each submitted document once, however many jobs share it; the
 * configuration; logging levels; installed routing methods in priority order
 * and every device's routing settings (enabled, data); registered service
 * providers and routing extensions, including extensions whose methods wait
 * for a restart; print jobs and the next spool id; how the last jobs that
 * left the queue ended (faxsim_job_ended).  Not saved, because they
 * belong to one process or one test: handles, the current user, access
 * rights, the administrator flag, armed failures, pauses, latency and
 * counters.  A device's line and its job are saved together, so a job in
 * progress resumes exactly where it was.
 *
 * Neither function takes a file lock: a caller that shares the file between
 * processes serialises load-modify-save itself.  (The winfax command no
 * longer uses this single file; it keeps the state in pieces, see
 * faxsim_snapshot_take below, in an SQLite store.) */

/* Write the state to `path` (UTF-8).  The data goes to a new file
 * "<path>.tmp.<pid>.<n>" in the same directory (O_CREAT|O_EXCL, mode 0600),
 * is fsync'ed, and is renamed over `path`, so readers see the old file or
 * the new one, never a mix, and a crash leaves the old file intact.  The
 * state is copied under the service lock; the file is written after it is
 * released.  Returns 0, or -1 with errno set (the temporary file is
 * removed). */
FAXSIM_API int faxsim_save(const char *path);

/* Replace the state with the one saved in `path` (UTF-8).  Returns 0; 1 if
 * `path` does not exist (the state is untouched: "nothing saved yet"); -1
 * with errno set if it cannot be read, or with errno EINVAL if it is not a
 * complete state file of this format version (wrong magic, another
 * version, truncated, trailing bytes, a count or length past its end, an
 * impossible value, a bad checksum).  On -1 the state is untouched: the
 * file is parsed and checked completely before anything is replaced.
 *
 * Open handles stay valid, as they do while other clients change a real
 * service: loading is "the service changed", not a restart.  A port handle
 * whose device is not in the loaded state answers ERROR_BAD_UNIT, as for a
 * removed device.  Registered routing extensions stay pending until
 * faxsim_restart, as they were when saved. */
FAXSIM_API int faxsim_load(const char *path);

/* The state faxsim_save writes back to a fresh installation (as
 * faxsim_reset describes it), leaving alone what faxsim_reset also resets
 * but faxsim_save does not write: handles stay open, counters, access
 * rights, user, administrator flag and armed failures are kept.  This is
 * "load an empty state file". */
FAXSIM_API void faxsim_reset_state(void);

/* ---- the state in pieces (sim_snapshot.c) ---------------------------------- */

/* faxsim_save writes everything, documents included, into one file; a store
 * that keeps the state between processes (winfax.simulator.persistent keeps
 * it in SQLite) wants it in pieces instead, so that a command costs what it
 * changes, not what is queued.  A snapshot is the state as one buffer
 * (layout at the top of sim_snapshot.c): a service record (devices, next
 * ids, configuration, logging, routing, registrations, print jobs), one
 * record per job, each with its own CRC-32, and a table of the documents
 * the jobs send, each named by the SHA-256 of its bytes, without the bytes.
 * What is saved is what faxsim_save saves. */
typedef struct faxsim_snapshot faxsim_snapshot;

/* The current state, copied under the service lock; a document queued in
 * this process is hashed (once) after the lock is released.  NULL with
 * errno set (ENOMEM; EIO if a restored document's file cannot be read to
 * hash it, which cannot happen: restored documents keep their digest). */
FAXSIM_API faxsim_snapshot *faxsim_snapshot_take(void);
/* The snapshot's bytes, valid until faxsim_snapshot_free. */
FAXSIM_API const unsigned char *faxsim_snapshot_bytes(const faxsim_snapshot *snap,
                                                      size_t *size);
/* Writes the bytes of the snapshot's document `index` (its position in the
 * document table) to `path` (UTF-8) as faxsim_save writes a file: a new
 * temporary file beside it (mode 0600), synced, renamed over `path`.
 * Returns 0, or -1 with errno set (EINVAL for a bad index; EIO when a
 * restored document's file no longer holds its bytes). */
FAXSIM_API int faxsim_snapshot_store_document(const faxsim_snapshot *snap, uint32_t index,
                                              const char *path);
FAXSIM_API void faxsim_snapshot_free(faxsim_snapshot *snap);

/* faxsim_restore's answer: the service record was damaged and a fresh
 * installation's devices, configuration and registrations replace it. */
#define FAXSIM_RESTORE_SERVICE_LOST 1

/* Replace the state with a snapshot whose document table gives, for every
 * document, the file holding its bytes; those are read only when something
 * needs them (FaxGetPageData, routing a received fax to a folder,
 * faxsim_save) and checked against the size and digest then.  What can be
 * recovered is: a job whose record is damaged, out of order or names a
 * document not in the table is dropped, as is a job on a line whose device
 * does not name it back; a device naming a job that is gone is free again.
 * The ids of the dropped jobs go to `lost_ids` (the first `lost_capacity`)
 * and their number to `*lost_count`.  Returns a combination of
 * FAXSIM_RESTORE_* (0: everything restored); or -1 with errno EINVAL if
 * the buffer is not a snapshot (header, framing, document table), ENOMEM,
 * with the state untouched (except that a damaged service record has
 * already reset the service). */
FAXSIM_API int faxsim_restore(const unsigned char *data, size_t size, uint32_t *lost_ids,
                              uint32_t lost_capacity, uint32_t *lost_count);

/* The largest state file faxsim_load reads and faxsim_save writes (256 MiB):
 * past it both fail with errno EFBIG, load before reading anything, so a
 * stray large file cannot make the process allocate its size.  A queue
 * whose documents need more is beyond what the simulator is for. */
#define FAXSIM_STATE_FILE_MAX (256u * 1024u * 1024u)

/* ---- fax events (FaxInitializeEventQueue) -------------------------------- */

/* The service queues a FAX_EVENTW to every server handle that called
 * FaxInitializeEventQueue, from its state changes: a job is queued
 * (FEI_JOB_QUEUED), dials (FEI_DIALING), sends each page (FEI_SENDING),
 * completes (FEI_COMPLETED) or fails (the FEI_* of its status, e.g.
 * FEI_NO_ANSWER, FEI_FATAL_ERROR, FEI_DISCONNECTED), is aborted on its line
 * (FEI_ABORTING) and leaves the queue (FEI_DELETED, also after it
 * completed); a device without a job changes state (FEI_IDLE,
 * FEI_MODEM_POWERED_OFF, FEI_MODEM_POWERED_ON, ...; JobId 0xFFFFFFFF).
 * Job events carry the job's line as DeviceId, 0 when it has none.
 * A registration belongs to the service session, not to the handle that
 * made it: as Microsoft documents, events keep coming after FaxClose of
 * that handle, and a second registration in the same session succeeds and
 * doubles every event.  FaxInitializeEventQueue queues FEI_FAXSVC_STARTED
 * to the new registration first (the session begins with it);
 * faxsim_restart and faxsim_reset queue FEI_FAXSVC_ENDED to every
 * registration and end them all.
 *
 * Each event travels as a completion packet whose OVERLAPPED pointer is a
 * LocalAlloc'd FAX_EVENTW, which the client frees with LocalFree.  Off
 * Windows the port and LocalFree are this library's own; on Windows they
 * are kernel32's: the service duplicates the client's port when it
 * registers (as the real service keeps its own handle to it), posts real
 * packets with PostQueuedCompletionStatus and closes its duplicate when
 * the registration ends. */

/* Queue one event with these fields (stamped now) as the service would.
 * Returns how many registrations it was queued to. */
FAXSIM_API uint32_t faxsim_post_event(uint32_t event_id, uint32_t device_id,
                                      uint32_t job_id);

/* Registrations made with FaxInitializeEventQueue that are still live. */
FAXSIM_API uint32_t faxsim_event_queues(void);

/* On Windows the client's completion ports, the threads waiting on them
 * and its LocalFree calls belong to kernel32, which the simulator cannot
 * see: the three counters below are not tracked there and always return
 * these values. */
#define FAXSIM_UNTRACKED 0xFFFFFFFFu
#define FAXSIM_UNTRACKED_EVENTS (-1)

/* FAX_EVENTW blocks the service allocated and the client has not yet given
 * back with LocalFree (packets still in a port count too), and blocks the
 * client made with this library's LocalAlloc (winfax's copies of events
 * for each reader) and has not freed yet.  Not cleared by
 * faxsim_reset: completion ports belong to the client process, not to the
 * service, and what they hold is still the client's to free.  Windows:
 * FAXSIM_UNTRACKED_EVENTS. */
FAXSIM_API int64_t faxsim_outstanding_events(void);

/* The platform layer's completion ports (CreateIoCompletionPort) not yet
 * closed with CloseHandle, and the threads blocked right now inside
 * GetQueuedCompletionStatus: tests wait on the latter to know a thread is
 * parked in the wait.  Windows: FAXSIM_UNTRACKED. */
FAXSIM_API uint32_t faxsim_completion_ports(void);
FAXSIM_API uint32_t faxsim_completion_waiters(void);

/* ---- the service's wall clock ------------------------------------------- */

/* The time the service reads: what it stamps on jobs and events, and what
 * scheduled jobs wait for.  A job sent with JSA_SPECIFIC_TIME waits in the
 * queue (QueueStatus JS_PENDING, Status 0) until this clock reaches its
 * ScheduleTime, UTC; one sent with JSA_DISCOUNT_PERIOD waits until the
 * clock's UTC time of day is in [StartCheapTime, StopCheapTime) of the
 * configuration (a period whose end is before its start runs past
 * midnight; one that starts where it ends is the whole day).  Until then
 * faxsim_advance leaves it where it is and does not count it as movable.
 *
 * The clock is the system's until faxsim_set_now sets it to `filetime`
 * (100 ns ticks since 1601-01-01 UTC, as a FILETIME).  Once set, it stands
 * still while the queue's clock (faxsim_set_clock) is manual, so that only
 * the caller moves it, and runs on from there at the system's pace while it
 * is real time.  faxsim_set_now(0) gives it back to the system.
 * faxsim_reset leaves it as it is.  faxsim_now reads it. */
FAXSIM_API void faxsim_set_now(uint64_t filetime);
FAXSIM_API uint64_t faxsim_now(void);

/* Print jobs FaxStartPrintJobW started whose device context has not been
 * given back with DeleteDC, whether or not their document ended: tests
 * check that every print job the binding starts is released.  Windows:
 * FAXSIM_UNTRACKED (DeleteDC belongs to gdi32 there). */
FAXSIM_API uint32_t faxsim_open_print_jobs(void);

/* The TimeSent member of the last FAX_COVERPAGE_INFOW FaxPrintCoverPageW
 * accepted, exactly as received, in SYSTEMTIME member order (as
 * faxsim_job_schedule_time).  TimeSent is local system time
 * (FAX_COVERPAGE_INFOW's page); the simulator draws no page, so this is the
 * only way a test sees it.  0, or -1 when no cover page was printed since
 * the last reset. */
FAXSIM_API int faxsim_last_cover_time_sent(uint16_t fields[8]);

/* The simulated functions, by index, so tools can list them. */
FAXSIM_API uint32_t faxsim_function_count(void);
FAXSIM_API const char *faxsim_function_name(uint32_t index);


/* ---- odd answers (tests of the client) ------------------------------------ */

/* Make the next `count` calls concerned answer in a way the documentation
 * allows, or a faulty service could produce, but the simulator otherwise
 * never does, so tests can check that the client copes:
 *
 * FAXSIM_ODDITY_NULL_PORT_HANDLE: FaxOpenPort, once every check has
 *   passed, returns TRUE but stores NULL as the port handle (and opens
 *   nothing).
 * FAXSIM_ODDITY_NULL_PAGE_DATA: FaxGetPageData returns TRUE with a NULL
 *   buffer but the job's document size (and image size) filled in.
 * FAXSIM_ODDITY_NULL_COVER_PAGE: FaxSendDocumentForBroadcastW passes NULL
 *   as the recipient callback's CoverpageInfo, which the callback's page
 *   marks [in, out, optional]; each broadcast uses up one count, for all of
 *   its callback calls.  The recipients are queued without cover pages.
 *
 * Returns 0, or -1 for another value.  faxsim_reset disarms them all. */
#define FAXSIM_ODDITY_NULL_PORT_HANDLE 1u
#define FAXSIM_ODDITY_NULL_PAGE_DATA 2u
#define FAXSIM_ODDITY_NULL_COVER_PAGE 3u
FAXSIM_API int faxsim_arm_oddity(uint32_t oddity, uint32_t count);

/* ---- receiving (sim_receive.c) ------------------------------------------ */

/* An inbound call to device `device_id` that sends the TIFF at `path`
 * (UTF-8), from a station whose TSID is `tsid` and whose caller id is
 * `caller_id` (either may be NULL).  The file is read now.
 *
 * A device with FPF_RECEIVE answers: the call becomes a JT_RECEIVE job on
 * its line (its id in *job_id), which rings the device's Rings times,
 * is answered, receives each page, completes and is routed, one stage per
 * faxsim_advance step (or by itself with the real-time clock: ringing
 * takes dial_ms, each other stage page_ms), then leaves the queue.
 * Events: FEI_RINGING per ring, FEI_ANSWERED, FEI_RECEIVING per page,
 * FEI_COMPLETED, FEI_ROUTING, FEI_DELETED; the device's state follows
 * (FPS_RINGING, FPS_ANSWERED, FPS_RECEIVING, FPS_COMPLETED, FPS_ROUTING,
 * then FPS_AVAILABLE).  At the routing stage every routing method enabled
 * on the device runs, in priority order (see faxsim_routed_get).
 *
 * A device without FPF_RECEIVE rings once and is not answered (FEI_RINGING
 * and FEI_IDLE about no job); *job_id is then 0.
 *
 * Returns 0, or a Win32 error: ERROR_INVALID_PARAMETER (NULL path or
 * job_id), the error FaxSendDocumentW reports for the file
 * (ERROR_FILE_NOT_FOUND, ERROR_INVALID_DATA...), ERROR_BAD_UNIT (no such
 * device), ERROR_NOT_READY (the device is offline), ERROR_DEVICE_IN_USE
 * (busy with another call), ERROR_NOT_ENOUGH_MEMORY. */
FAXSIM_API uint32_t faxsim_receive(uint32_t device_id, const char *path,
                                   const char *tsid, const char *caller_id,
                                   uint32_t *job_id);

/* What one routing method did with a received fax.  `method` says which:
 * Microsoft's "Route through e-mail", "Store in a folder", "Print", or
 * another (third-party) method, which the simulator cannot run and only
 * records.  `target` is the address, folder or printer from the method's
 * data; `file` the file "store in a folder" wrote; `error` 0 or the Win32
 * error that stopped the method (ERROR_INVALID_DATA: nothing configured;
 * ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED...: the folder).  Strings are
 * UTF-8, cut to fit. */
#define FAXSIM_ROUTE_EMAIL 1u
#define FAXSIM_ROUTE_FOLDER 2u
#define FAXSIM_ROUTE_PRINT 3u
#define FAXSIM_ROUTE_OTHER 4u
typedef struct {
    uint32_t job_id;
    uint32_t device_id;
    uint32_t method;
    uint32_t error;
    uint32_t pages;
    char guid[48];
    char target[1024];
    char file[1100];
    char tsid[64];
    char caller_id[128];
} faxsim_routed;

/* Routing records, oldest first (the last 1024 are kept); reset and
 * faxsim_routed_clear empty them.  faxsim_routed_get copies record
 * `index`: 0, or -1 past the end. */
FAXSIM_API uint32_t faxsim_routed_count(void);
FAXSIM_API int faxsim_routed_get(uint32_t index, faxsim_routed *out);
FAXSIM_API void faxsim_routed_clear(void);

/* ---- jobs that left the queue ------------------------------------------------ */

/* What became of a job that is no longer in the queue, as the service
 * decided it when the job left: sent (a send job that completed),
 * received (a call that was answered, received and routed), failed (a
 * call cut short: hung up, fatal error, its device removed), cancelled
 * (deleted: FaxAbort, or a job being deleted when its line went away).
 * The last 256 jobs to leave are kept, with the saved state, so a process
 * sharing a state file can learn how a job ended that another process
 * took from the queue (the events of that went to the other process).
 * Not part of the client API: the real service has no such call.
 * Returns 1 and fills *how (FAXSIM_ENDED_*) and *pages (the job's page
 * count; either pointer may be NULL), or 0 for a job not in the record
 * (still queued, unknown, or dropped from it as older). */
#define FAXSIM_ENDED_SENT 1u
#define FAXSIM_ENDED_RECEIVED 2u
#define FAXSIM_ENDED_FAILED 3u
#define FAXSIM_ENDED_CANCELLED 4u
FAXSIM_API int faxsim_job_ended(uint32_t job_id, uint32_t *how, uint32_t *pages);

#ifdef __cplusplus
}
#endif

#endif /* FAXSIM_H */
