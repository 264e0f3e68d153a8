/* The simulated service's state, one area per file: devices (sim_ports.c),
 * the job queue (sim_jobs.c), configuration (sim_config.c), logging
 * (sim_logging.c), routing (sim_routing.c), the calling user (sim_user.c),
 * registrations (sim_registry.c) and printing (sim_print.c).
 *
 * Every function here expects the service lock to be held unless its
 * comment says otherwise; none of them sleeps or calls out to the client. */
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

/* ---- documents ---------------------------------------------------------- */

/* A submitted TIFF, read once and shared by every job that sends it (a
 * broadcast stores its document once, as the documentation says). */
typedef struct sim_document {
    _Atomic unsigned refs;      /* jobs release it with or without the lock */
    unsigned char *data;
    size_t size;
    uint32_t pages;
    uint32_t width;      /* first page, pixels */
    uint32_t height;
} sim_document;

/* Reads and checks a TIFF file; no lock needed (the caller must not hold
 * it: this is file I/O).  Returns ERROR_SUCCESS and a document with one
 * reference, or the error FaxSendDocument documents for the file. */
DWORD sim_document_load(LPCWSTR path, sim_document **out);
void sim_document_release(sim_document *doc);   /* lock not required */
/* 1 if `path` names a regular file, 0 if not, -1 when out of memory; file
 * I/O, so never with the lock held. */
int sim_file_exists(LPCWSTR path);

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
/* Whether the current user may manage `job` (FaxSetJob, FaxAbort). */
int sim_job_may_manage(const sim_job *job);

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
void sim_logging_reset(void);

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

/* ---- registrations (FaxRegister*) --------------------------------------- */

/* A service restart makes registered routing extensions' methods live. */
void sim_registry_activate(void);
void sim_registry_reset(void);

/* ---- printing ----------------------------------------------------------- */

void sim_print_reset(void);
void sim_print_job_gone(DWORD job_id);

/* ---- time --------------------------------------------------------------- */

/* Now as a FILETIME (100 ns ticks since 1601, UTC); no lock needed. */
FILETIME sim_now(void);

#endif /* SIM_STATE_H */
