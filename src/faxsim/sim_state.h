/* The simulated service's state, one area per file: devices (sim_ports.c),
 * the job queue (sim_jobs.c), configuration (sim_config.c), logging
 * (sim_logging.c), routing (sim_routing.c), the calling user (sim_user.c),
 * registrations (sim_registry.c) and printing (sim_print.c).
 *
 * Every function here expects the service lock to be held unless its
 * comment says otherwise; none of them sleeps or calls out to the client.
 *
 * Persistence (sim_persist.c) sees each area through an "image": a struct
 * holding that area's whole state.  sim_X_view fills one with the live
 * state, borrowed (valid only while the lock is held; never freed).
 * faxsim_load builds complete images from a file without the lock, then
 * calls every sim_X_exchange under one lock hold, which swaps the live
 * state and the image, so a file either replaces all of the state or none
 * of it.  The image then holds the previous state, and sim_X_image_clear
 * frees it (no lock needed: nothing shares it any more). */
#ifndef SIM_STATE_H
#define SIM_STATE_H

#include "sim_internal.h"

#include <stdatomic.h>

/* ---- devices ------------------------------------------------------------ */

typedef struct sim_port {
    DWORD device_id;
    DWORD flags;        /* FPF_* */
    DWORD rings;
    DWORD priority;     /* 1..n, a permutation over all devices */
    DWORD state;        /* FPS_* */
    DWORD job_id;       /* the job using the line, 0 when idle */
    WCHAR *name;
    WCHAR *tsid;
    WCHAR *csid;
} sim_port;

sim_port *sim_port_find(DWORD device_id);
uint32_t sim_port_total(void);
/* Devices in priority order: index 0 has priority 1. */
sim_port *sim_port_at(uint32_t index);
/* The highest-priority device that may send and has a free line. */
sim_port *sim_port_free_sender(void);
/* Moves a device to `priority` (1..n), renumbering the others. */
void sim_port_set_priority(sim_port *port, DWORD priority);
/* The single place a device's state changes: the event hook point for
 * FaxInitializeEventQueue. */
void sim_port_set_state(sim_port *port, DWORD state, DWORD job_id);
void sim_ports_reset(void);

/* Every device, for persistence (see the top of this file). */
typedef struct {
    sim_port **ports;       /* priority order: ports[i]->priority == i + 1 */
    uint32_t count;
    uint32_t capacity;
    DWORD next_id;          /* the DeviceId the next added device gets */
} sim_ports_image;
void sim_ports_view(sim_ports_image *view);
void sim_ports_exchange(sim_ports_image *image);
void sim_ports_image_clear(sim_ports_image *image);

/* ---- documents ---------------------------------------------------------- */

/* A submitted TIFF, read once and shared by every job that sends it (a
 * broadcast stores its document once, as the documentation says). */
typedef struct sim_document {
    _Atomic unsigned refs;      /* jobs release it with or without the lock */
    unsigned char *data;        /* NULL for one restored from a saved state */
    size_t size;
    uint32_t pages;
    uint32_t width;      /* first page, pixels */
    uint32_t height;
    /* Persistence (sim_snapshot.c): the SHA-256 of the bytes as hex, set
     * once (NULL until a snapshot needs it); for a restored document, the
     * file holding its bytes and the bytes once read from it.  A command
     * that never looks at a queued document never reads it. */
    _Atomic(char *) key;
    char *source;
    _Atomic(unsigned char *) loaded;
} sim_document;

/* Reads a document and renders it by type (sim_document.c); no lock needed (the caller must not hold
 * it: this is file I/O).  Returns ERROR_SUCCESS and a document with one
 * reference, or the error FaxSendDocument documents for the file. */
DWORD sim_document_load(LPCWSTR path, sim_document **out);
void sim_document_release(sim_document *doc);   /* lock not required */
/* The document's bytes (doc->size of them): its own, or for a restored
 * document the ones in its source file, read on first use (file I/O: the
 * caller should not hold the lock for a large document).  NULL if the
 * file is gone or no longer holds the bytes saved (ERROR_FILE_CORRUPT's
 * case), or out of memory. */
const unsigned char *sim_document_bytes(sim_document *doc);
/* The document's SHA-256 as hex, computed on first use; NULL when out of
 * memory or its bytes cannot be read. */
const char *sim_document_key(sim_document *doc);

/* ---- jobs --------------------------------------------------------------- */

typedef struct sim_job {
    struct sim_job *next;
    DWORD id;
    DWORD type;             /* JT_* */
    DWORD queue_status;     /* JS_* bits */
    DWORD status;           /* FPS_* of the last attempt, 0 when none */
    DWORD page_count;       /* document pages plus a cover page */
    DWORD current_page;
    DWORD retries;          /* failed attempts so far */
    DWORD device_id;        /* line in use, 0 when none */
    int pause_requested;    /* JC_PAUSE while in progress */
    int has_cover;
    DWORD schedule_action;
    SYSTEMTIME schedule_time;
    DWORD dr_type;
    FILETIME submitted;
    FILETIME started;
    sim_document *doc;      /* NULL for print jobs (nothing rendered) */
    /* The real-time clock's view of the job's stage (dialing, page k):
     * when it ends, and the status, page and line it was timed for.  A job
     * whose fields no longer match was moved by someone else (a manual
     * step, a failure) and is timed afresh.  Not persisted. */
    uint64_t stage_due_ms;
    DWORD stage_status;
    DWORD stage_page;
    DWORD stage_device;
    WCHAR *user;
    WCHAR *recipient_number;
    WCHAR *recipient_name;
    WCHAR *tsid;
    WCHAR *sender_name;
    WCHAR *sender_company;
    WCHAR *sender_dept;
    WCHAR *billing_code;
    WCHAR *dr_address;
    WCHAR *document_name;
} sim_job;

/* Checks client job parameters and an optional cover page the way
 * FaxSendDocument documents, and builds an unqueued send job with a copy
 * of every string; no lock (it may look for the cover page file).
 * Returns ERROR_SUCCESS or the error to report. */
DWORD sim_job_build(const FAX_JOB_PARAMW *params,
                    const FAX_COVERPAGE_INFOW *cover, sim_job **out);
/* Gives a built job its document (one more reference; may be NULL). */
void sim_job_attach(sim_job *job, sim_document *doc);
void sim_job_free(sim_job *job);             /* lock not required */
/* Appends a built job, owned by the current user, with the next job id.
 * Returns 0, or -1 when out of memory (the job is then still the
 * caller's). */
int sim_job_enqueue(sim_job *job);
/* Appends a receive job (JT_RECEIVE, JS_INPROGRESS, FPS_RINGING) on
 * `device_id`'s line; 0, or -1 as above. */
int sim_job_enqueue_receive(sim_job *job, DWORD device_id);
sim_job *sim_job_find(DWORD job_id);
sim_job *sim_job_first(void);
uint32_t sim_job_total(void);
/* The single place a job's state changes (and the event hook point). */
void sim_job_changed(sim_job *job);
/* JC_DELETE / FaxAbort: removes a waiting job at once; a job on a line is
 * marked JS_DELETING and leaves at the next step. */
void sim_job_cancel(sim_job *job);
void sim_jobs_reset(void);
void sim_jobs_device_removed(DWORD device_id);
/* Real time (sim_clock.c): takes the service lock and moves every job
 * whose stage has lasted its time at `now_ms` (sim_monotonic_ms): a
 * waiting job dials as soon as a line is free, dialing lasts `dial_ms`,
 * each page `page_ms`, then the job completes; a cancelled job leaves at
 * once.  Returns when the next stage ends, SIM_JOBS_IDLE if no job can
 * move, or a short poll interval from now while a job waits for a line. */
#define SIM_JOBS_IDLE UINT64_MAX
uint64_t sim_jobs_run_due(uint64_t now_ms, uint32_t dial_ms, uint32_t page_ms);

/* The queue, for persistence. */
typedef struct {
    sim_job *head, *tail;   /* submission order, linked by next */
    uint32_t count;
    DWORD next_id;          /* the id the next queued job gets */
} sim_jobs_image;
void sim_jobs_view(sim_jobs_image *view);
void sim_jobs_exchange(sim_jobs_image *image);
void sim_jobs_image_clear(sim_jobs_image *image);

/* ---- receiving (sim_receive.c) ------------------------------------------ */

/* Moves a receive job one stage on (ringing, answered, page 1..n,
 * completed, routing); SIM_RECEIVE_DONE when it must leave the queue now. */
#define SIM_RECEIVE_STAYS 0
#define SIM_RECEIVE_DONE 1
int sim_receive_step(sim_job *job);
/* Ends a call still coming in with `status` (FPS_DISCONNECTED or
 * FPS_FATAL_ERROR); it leaves the queue at the next step.  -1 if the call
 * is over already, or status is 0.  Service lock held. */
int sim_receive_fail(sim_job *job, DWORD status);
/* Writes the files that routing decided on while the lock was held (store
 * in a folder).  Call without the service lock, after a step. */
void sim_receive_deliver(void);
void sim_receive_reset(void);

/* ---- configuration ------------------------------------------------------ */

typedef struct {
    DWORD retries;
    DWORD retry_delay;
    DWORD dirty_days;
    BOOL branding;
    BOOL use_device_tsid;
    BOOL server_cp;
    BOOL pause_server_queue;
    FAX_TIME start_cheap;
    FAX_TIME stop_cheap;
    BOOL archive_outgoing;
    WCHAR *archive_directory;
} sim_config;

const sim_config *sim_config_current(void);
void sim_config_reset(void);
/* Persistence: a whole configuration in, the old one out. */
void sim_config_exchange(sim_config *image);
void sim_config_image_clear(sim_config *image);

/* ---- logging ------------------------------------------------------------ */

/* Levels of FAXLOG_CATEGORY_INIT .. FAXLOG_CATEGORY_UNKNOWN, in that order. */
#define SIM_LOG_CATEGORIES 4
void sim_logging_reset(void);
void sim_logging_view(DWORD levels[SIM_LOG_CATEGORIES]);
void sim_logging_exchange(DWORD levels[SIM_LOG_CATEGORIES]);

/* ---- the calling user --------------------------------------------------- */

LPCWSTR sim_user_name(void);
/* Whether the user may write the service's registry (administrator). */
int sim_user_is_admin(void);
void sim_user_reset(void);

/* ---- routing ------------------------------------------------------------ */

/* Adds a routing method to the installed set (a registered extension's
 * method becomes installed when the service restarts).  Strings are
 * copied.  Returns 0, or -1 when out of memory. */
int sim_routing_install(LPCWSTR guid, LPCWSTR friendly_name,
                        LPCWSTR function_name, LPCWSTR image_name,
                        LPCWSTR extension_friendly_name);
void sim_routing_reset(void);
void sim_routing_device_removed(DWORD device_id);

/* An installed routing method (methods are ordered by priority). */
typedef struct {
    WCHAR *guid;
    WCHAR *friendly_name;
    WCHAR *function_name;
    WCHAR *image_name;
    WCHAR *extension_friendly_name;
} sim_route_method;

/* One device's settings for one method. */
typedef struct sim_route_setting {
    struct sim_route_setting *next;
    DWORD device_id;
    WCHAR *guid;
    BOOL enabled;
    BYTE *data;
    DWORD data_size;
} sim_route_setting;

typedef struct {
    sim_route_method *methods;  /* methods[i] has priority i + 1 */
    uint32_t method_count;
    sim_route_setting *settings;
} sim_routing_image;
void sim_routing_view(sim_routing_image *view);
void sim_routing_exchange(sim_routing_image *image);
void sim_routing_image_clear(sim_routing_image *image);

/* ---- registrations (FaxRegister*) --------------------------------------- */

/* A service restart makes registered routing extensions' methods live. */
void sim_registry_activate(void);
void sim_registry_reset(void);

typedef struct sim_provider {
    struct sim_provider *next;
    WCHAR *name, *friendly_name, *image_name, *tsp_name;
} sim_provider;

typedef struct {
    WCHAR *guid, *friendly_name, *function_name;
} sim_ext_method;

typedef struct sim_extension {
    struct sim_extension *next;
    WCHAR *name, *friendly_name, *image_name;
    sim_ext_method *methods;
    uint32_t method_count;
} sim_extension;

typedef struct {
    sim_provider *providers;    /* registration order */
    sim_extension *extensions;
} sim_registry_image;
void sim_registry_view(sim_registry_image *view);
void sim_registry_exchange(sim_registry_image *image);
void sim_registry_image_clear(sim_registry_image *image);

/* ---- printing ----------------------------------------------------------- */

void sim_print_reset(void);
void sim_print_job_gone(DWORD job_id);

/* A FaxStartPrintJobW call the service remembers, so FaxPrintCoverPageW
 * can find the fax job behind a device context. */
typedef struct sim_print_job {
    struct sim_print_job *next;
    DWORD spool_id;
    DWORD job_id;           /* fax queue job, 0 until EndDoc queues it and once gone */
    HDC dc;
    /* The fax job the document becomes at EndDoc, built (not queued) by
     * FaxStartPrintJobW; NULL after EndDoc or AbortDoc, and for a record
     * read back from a saved state. */
    sim_job *pending;
    int doc_open;           /* between FaxStartPrintJobW and EndDoc/AbortDoc */
} sim_print_job;

typedef struct {
    sim_print_job *jobs;    /* newest first */
    DWORD next_spool_id;
} sim_print_image;
void sim_print_view(sim_print_image *view);
/* Gives every incoming record the device context its spool id stands
 * for, so a file need not (and cannot) carry one. */
void sim_print_exchange(sim_print_image *image);
void sim_print_image_clear(sim_print_image *image);
/* The GDI calls that finish a print job (sim_gdi32.c off Windows): end the
 * document (queueing its fax job) or abort it, and give back the device
 * context.  Each returns ERROR_SUCCESS or the Win32 error to report. */
DWORD sim_print_end_doc(HDC dc, int abort);
DWORD sim_print_delete_dc(HDC dc);

/* ---- jobs that left the queue (sim_ended.c) ------------------------------ */

/* How many the record keeps; older ones are dropped. */
#define SIM_ENDED_MAX 256u

typedef struct {
    DWORD job_id;
    DWORD how;              /* FAXSIM_ENDED_* */
    DWORD pages;
} sim_ended_job;

typedef struct {
    sim_ended_job jobs[SIM_ENDED_MAX];  /* oldest first */
    uint32_t count;
} sim_ended_image;

/* Called by the queue as a job leaves it, before it is freed; lock held. */
void sim_ended_record(const sim_job *job);
void sim_ended_reset(void);
void sim_ended_view(sim_ended_image *view);
void sim_ended_exchange(sim_ended_image *image);

/* ---- event times (sim_time.c) ------------------------------------------- */

/* The TimeStamp of an event posted now: sim_now(), unless a test set
 * another (faxsim_set_event_stamp).  Call with the service lock held. */
FILETIME sim_event_stamp(void);

/* A SYSTEMTIME's eight members, in member order (wYear .. wMilliseconds),
 * as the faxsim_* read-back hooks hand them to tests. */
void sim_systemtime_fields(const SYSTEMTIME *t, uint16_t fields[8]);

/* ---- the whole persistent state ----------------------------------------- */

/* What faxsim_save writes, back to a fresh installation (devices, queue,
 * configuration, logging, routing, registrations, print jobs), leaving
 * handles, counters, the user and injected failures alone. */
void sim_service_state_reset(void);

/* ---- time --------------------------------------------------------------- */

/* Now as a FILETIME (100 ns ticks since 1601, UTC); no lock needed. */
FILETIME sim_now(void);

/* ---- odd answers (sim_oddities.c, faxsim_arm_oddity) --------------------- */

/* 1 if `oddity` (a FAXSIM_ODDITY_*) is armed, using up one count; else 0. */
int sim_oddity_take(uint32_t oddity);
void sim_oddities_reset(void);

/* ---- id ranges ----------------------------------------------------------- */

/* Job ids count up from 1 to SIM_JOB_ID_MAX and are not reused before a
 * reset; 0xFFFFFFFF is never one: FAX_EVENTW's page gives that JobId to
 * events that concern no job
 * (https://learn.microsoft.com/en-us/windows/win32/api/winfax/ns-winfax-fax_eventw).
 * Neither that page nor FaxSendDocument's says how ids are given out or
 * what follows the last, so: the next id is 1 .. SIM_JOB_ID_MAX + 1, the
 * last meaning the ids are used up, and queuing then fails with
 * ERROR_NOT_ENOUGH_MEMORY (our choice) instead of wrapping to ids that may
 * still be in use.  Device ids likewise count up from SIM_DEVICE_ID_FIRST
 * to SIM_DEVICE_ID_MAX (0 is faxsim_add_port's failure value).  Both state
 * loaders (sim_persist.c, sim_snapshot.c) accept exactly these next ids. */
#define SIM_JOB_ID_MAX 0xFFFFFFFEu
#define SIM_DEVICE_ID_FIRST 0x00010001u
#define SIM_DEVICE_ID_MAX 0xFFFFFFFEu

/* ---- the service's wall clock and job schedules ------------------------- */

/* sim_now is the service's clock (sim_clock.c): the system's, or what
 * faxsim_set_now made it; it takes the clock's own lock, never the
 * service lock.  sim_system_now is the system's clock (sim_time.c). */
FILETIME sim_system_now(void);
/* A FILETIME as one number of 100 ns ticks since 1601. */
uint64_t sim_filetime_ticks(FILETIME ft);
/* A SYSTEMTIME (UTC) as ticks: 0, or -1 for a date or time that does not
 * exist (month 13, February 30, hour 24...). */
int sim_systemtime_ticks(const SYSTEMTIME *st, uint64_t *ticks);
/* How long `job` must still wait for its schedule (JSA_SPECIFIC_TIME,
 * JSA_DISCOUNT_PERIOD) at `now` (ticks, UTC): 0 when it may start. */
uint64_t sim_schedule_wait(const sim_job *job, uint64_t now);

#endif /* SIM_STATE_H */
