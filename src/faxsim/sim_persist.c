/* Saving and loading the whole simulated service state: faxsim_save,
 * faxsim_load and faxsim_reset_state (faxsim.h says what is saved and why).
 *
 * File format, version 2.  Every integer is little-endian and fixed width;
 * u16/u32/u64 are 2/4/8 bytes.  Version 1 is version 2 without "ended";
 * it is still read (an empty record of ended jobs).
 *
 *   header     "WFXSIM" (6 bytes), u16 format version (2)
 *   devices    u32 next device id, u32 count, then per device, in priority
 *              order: u32 id, flags, rings, priority, state, job id;
 *              str name, tsid, csid
 *   documents  u32 count, then per document: blob (the submitted TIFF)
 *   jobs       u32 next job id, u32 count, then per job, in queue order:
 *              u32 id, type, queue status, status, page count, current
 *              page, retries, device id, pause requested, has cover,
 *              schedule action; 8 x u16 schedule time (SYSTEMTIME member
 *              order); u32 delivery report type; u64 submitted, started
 *              (FILETIME ticks); u32 document index (0xFFFFFFFF: none);
 *              str user, recipient number, recipient name, tsid, sender
 *              name, sender company, sender dept, billing code, delivery
 *              report address, document name
 *   config     u32 retries, retry delay, dirty days, branding, use device
 *              tsid, server cp, pause server queue; u16 start hour, start
 *              minute, stop hour, stop minute; u32 archive outgoing;
 *              str archive directory
 *   logging    u32 count (4), then a u32 level per category, INIT first
 *   methods    u32 count, then per installed routing method, in priority
 *              order: str guid, friendly name, function name, image name,
 *              extension friendly name
 *   settings   u32 count, then per device routing setting: u32 device id;
 *              str guid; u32 enabled; blob data
 *   providers  u32 count, then per provider: str name, friendly name,
 *              image name, tsp name
 *   extensions u32 count, then per extension: str name, friendly name,
 *              image name; u32 method count, then per method: str guid,
 *              friendly name, function name
 *   print      u32 next spool id, u32 count, then per print job: u32 spool
 *              id, job id
 *   ended      the jobs that left the queue, as sim_persist_ended.c
 *              writes them
 *   trailer    u32 CRC-32 (the zlib/IEEE 802.3 one) of every byte before it
 *
 *   str   u32 length in UTF-16 code units, 0xFFFFFFFF for NULL, then the
 *         units as u16, no terminator (a NUL unit inside is invalid)
 *   blob  u32 length in bytes, then the bytes
 *   bool  (enabled, has cover, ...) a u32 that is 0 or 1
 *
 * A document shared by several jobs (a broadcast) is stored once and its
 * jobs name it by index, so the sharing survives.  Lists are written in
 * their in-memory order and rebuilt in that order, so saving a state just
 * loaded writes the same bytes.
 *
 * Loading trusts nothing: every read is bounds-checked, every count must
 * fit in the bytes left (before anything is allocated for it), and the
 * result must be a state the service could have reached (ids below the next
 * id and unique, a job's line and the line's job naming each other, ...),
 * since the rest of the simulator relies on those invariants without
 * checking them.  The checksum is verified last, after the structure: a
 * damaged file is rejected either way, and the parser is exercised (and
 * fuzzed) on damaged input instead of hiding behind the checksum. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_strings.h"
#include "sim_tiff.h"
#include "sim_persist_codec.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "WFXSIM"
#define MAGIC_SIZE 6u
#define FORMAT_VERSION 2u
/* Files without the record of ended jobs: read, never written. */
#define FORMAT_VERSION_WITHOUT_ENDED 1u
#define NO_STRING 0xFFFFFFFFu

/* The least bytes each list item takes, for checking a count against what
 * is left of the file before allocating anything for it. */
#define MIN_PORT (6u * 4u + 3u * 4u)
#define MIN_DOCUMENT 4u
#define MIN_JOB (11u * 4u + 8u * 2u + 4u + 2u * 8u + 4u + 10u * 4u)
#define MIN_METHOD (5u * 4u)
#define MIN_SETTING (4u + 4u + 4u + 4u)
#define MIN_PROVIDER (4u * 4u)
#define MIN_EXTENSION (3u * 4u + 4u)
#define MIN_EXT_METHOD (3u * 4u)
#define MIN_PRINT_JOB (2u * 4u)

/* ---- CRC-32 --------------------------------------------------------------- */

/* The reflected IEEE polynomial, table-driven; the table is built per call
 * (256 entries, negligible next to the data) so no shared state needs
 * initialising across threads. */
uint32_t persist_crc32(const unsigned char *data, size_t size)
{
    uint32_t table[256], crc = 0xFFFFFFFFu;

    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (size_t i = 0; i < size; i++)
        crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

/* ---- writing: a growing memory buffer ------------------------------------- */


/* `n` more bytes at the end of the buffer, or NULL (error recorded). */
static unsigned char *wr_room(writer *w, size_t n)
{
    unsigned char *at;

    if (w->error)
        return NULL;
    if (n > w->cap - w->len) {
        size_t cap = w->cap ? w->cap : 4096;
        unsigned char *grown;
        while (n > cap - w->len) {
            if (cap > SIZE_MAX / 2) {
                w->error = ENOMEM;
                return NULL;
            }
            cap *= 2;
        }
        grown = realloc(w->data, cap);
        if (grown == NULL) {
            w->error = ENOMEM;
            return NULL;
        }
        w->data = grown;
        w->cap = cap;
    }
    at = w->data + w->len;
    w->len += n;
    return at;
}

void wr_u16(writer *w, uint16_t v)
{
    unsigned char *p = wr_room(w, 2);
    if (p != NULL) {
        p[0] = (unsigned char)v;
        p[1] = (unsigned char)(v >> 8);
    }
}

void wr_u32(writer *w, uint32_t v)
{
    unsigned char *p = wr_room(w, 4);
    if (p != NULL)
        for (int i = 0; i < 4; i++)
            p[i] = (unsigned char)(v >> (8 * i));
}

void wr_u64(writer *w, uint64_t v)
{
    wr_u32(w, (uint32_t)v);
    wr_u32(w, (uint32_t)(v >> 32));
}

void wr_bytes(writer *w, const void *src, size_t n)
{
    unsigned char *p = wr_room(w, n);
    if (p != NULL && n)
        memcpy(p, src, n);
}

static void wr_blob(writer *w, const void *src, size_t n)
{
    /* In-memory sizes are DWORDs already; this guards the cast. */
    if (n > 0xFFFFFFFFu) {
        w->error = w->error ? w->error : EOVERFLOW;
        return;
    }
    wr_u32(w, (uint32_t)n);
    wr_bytes(w, src, n);
}

static void wr_str(writer *w, LPCWSTR s)
{
    size_t n;
    unsigned char *p;

    if (s == NULL) {
        wr_u32(w, NO_STRING);
        return;
    }
    n = sim_wlen(s);
    if (n >= NO_STRING) {
        w->error = w->error ? w->error : EOVERFLOW;
        return;
    }
    wr_u32(w, (uint32_t)n);
    p = wr_room(w, n * 2);
    if (p != NULL)
        for (size_t i = 0; i < n; i++) {
            p[2 * i] = (unsigned char)s[i];
            p[2 * i + 1] = (unsigned char)(s[i] >> 8);
        }
}

static void wr_filetime(writer *w, FILETIME t)
{
    wr_u64(w, ((uint64_t)t.dwHighDateTime << 32) | t.dwLowDateTime);
}

/* ---- writing the state ---------------------------------------------------- */


size_t doc_slot(const doc_table *t, const sim_document *doc)
{
    size_t h = (size_t)(((uint64_t)(uintptr_t)doc >> 4) * 0x9E3779B97F4A7C15ull);
    size_t i = h & t->mask;

    while (t->keys[i] != NULL && t->keys[i] != doc)
        i = (i + 1) & t->mask;
    return i;
}

void doc_table_free(doc_table *t)
{
    free(t->docs);
    free(t->keys);
    free(t->index);
}

/* Returns 0 or ENOMEM (the table is then freed by the caller as usual). */
int doc_table_build(doc_table *t, const sim_jobs_image *jobs)
{
    size_t slots = 8;

    memset(t, 0, sizeof *t);
    /* At most one document per job; at least twice as many slots as keys
     * keeps probe sequences short. */
    while (slots < (size_t)jobs->count * 2)
        slots *= 2;
    t->docs = malloc(((size_t)jobs->count + 1) * sizeof *t->docs);
    t->keys = calloc(slots, sizeof *t->keys);
    t->index = malloc(slots * sizeof *t->index);
    if (t->docs == NULL || t->keys == NULL || t->index == NULL)
        return ENOMEM;
    t->mask = slots - 1;
    for (const sim_job *j = jobs->head; j != NULL; j = j->next) {
        size_t i;
        if (j->doc == NULL)
            continue;
        i = doc_slot(t, j->doc);
        if (t->keys[i] == NULL) {
            t->keys[i] = j->doc;
            t->index[i] = t->count;
            t->docs[t->count++] = j->doc;
        }
    }
    return 0;
}

void write_ports(writer *w)
{
    sim_ports_image ports;

    sim_ports_view(&ports);
    wr_u32(w, ports.next_id);
    wr_u32(w, ports.count);
    for (uint32_t i = 0; i < ports.count; i++) {
        const sim_port *p = ports.ports[i];
        wr_u32(w, p->device_id);
        wr_u32(w, p->flags);
        wr_u32(w, p->rings);
        wr_u32(w, p->priority);
        wr_u32(w, p->state);
        wr_u32(w, p->job_id);
        wr_str(w, p->name);
        wr_str(w, p->tsid);
        wr_str(w, p->csid);
    }
}

void write_job(writer *w, const sim_job *j, const doc_table *docs)
{
    const SYSTEMTIME *t = &j->schedule_time;

    wr_u32(w, j->id);
    wr_u32(w, j->type);
    wr_u32(w, j->queue_status);
    wr_u32(w, j->status);
    wr_u32(w, j->page_count);
    wr_u32(w, j->current_page);
    wr_u32(w, j->retries);
    wr_u32(w, j->device_id);
    wr_u32(w, j->pause_requested != 0);
    wr_u32(w, j->has_cover != 0);
    wr_u32(w, j->schedule_action);
    wr_u16(w, t->wYear);
    wr_u16(w, t->wMonth);
    wr_u16(w, t->wDayOfWeek);
    wr_u16(w, t->wDay);
    wr_u16(w, t->wHour);
    wr_u16(w, t->wMinute);
    wr_u16(w, t->wSecond);
    wr_u16(w, t->wMilliseconds);
    wr_u32(w, j->dr_type);
    wr_filetime(w, j->submitted);
    wr_filetime(w, j->started);
    wr_u32(w, j->doc && docs ? docs->index[doc_slot(docs, j->doc)] : NO_DOCUMENT);
    wr_str(w, j->user);
    wr_str(w, j->recipient_number);
    wr_str(w, j->recipient_name);
    wr_str(w, j->tsid);
    wr_str(w, j->sender_name);
    wr_str(w, j->sender_company);
    wr_str(w, j->sender_dept);
    wr_str(w, j->billing_code);
    wr_str(w, j->dr_address);
    wr_str(w, j->document_name);
}

static void write_documents_and_jobs(writer *w)
{
    sim_jobs_image jobs;
    doc_table docs;
    int error;

    sim_jobs_view(&jobs);
    error = doc_table_build(&docs, &jobs);
    if (error) {
        w->error = w->error ? w->error : error;
        doc_table_free(&docs);
        return;
    }
    wr_u32(w, docs.count);
    for (uint32_t i = 0; i < docs.count && !w->error; i++) {
        /* A document restored from a snapshot store is read from its file
         * here (under the lock: a whole-state file is rare). */
        const unsigned char *data = sim_document_bytes((sim_document *)docs.docs[i]);
        if (data == NULL)
            w->error = EIO;
        else
            wr_blob(w, data, docs.docs[i]->size);
    }
    wr_u32(w, jobs.next_id);
    wr_u32(w, jobs.count);
    for (const sim_job *j = jobs.head; j != NULL; j = j->next)
        write_job(w, j, &docs);
    doc_table_free(&docs);
}

void write_config_and_logging(writer *w)
{
    const sim_config *c = sim_config_current();
    DWORD levels[SIM_LOG_CATEGORIES];

    wr_u32(w, c->retries);
    wr_u32(w, c->retry_delay);
    wr_u32(w, c->dirty_days);
    wr_u32(w, c->branding != 0);
    wr_u32(w, c->use_device_tsid != 0);
    wr_u32(w, c->server_cp != 0);
    wr_u32(w, c->pause_server_queue != 0);
    wr_u16(w, c->start_cheap.Hour);
    wr_u16(w, c->start_cheap.Minute);
    wr_u16(w, c->stop_cheap.Hour);
    wr_u16(w, c->stop_cheap.Minute);
    wr_u32(w, c->archive_outgoing != 0);
    wr_str(w, c->archive_directory);

    sim_logging_view(levels);
    wr_u32(w, SIM_LOG_CATEGORIES);
    for (int i = 0; i < SIM_LOG_CATEGORIES; i++)
        wr_u32(w, levels[i]);
}

void write_routing(writer *w)
{
    sim_routing_image routing;
    uint32_t n = 0;

    sim_routing_view(&routing);
    wr_u32(w, routing.method_count);
    for (uint32_t i = 0; i < routing.method_count; i++) {
        const sim_route_method *m = &routing.methods[i];
        wr_str(w, m->guid);
        wr_str(w, m->friendly_name);
        wr_str(w, m->function_name);
        wr_str(w, m->image_name);
        wr_str(w, m->extension_friendly_name);
    }
    for (const sim_route_setting *s = routing.settings; s != NULL; s = s->next)
        n++;
    wr_u32(w, n);
    for (const sim_route_setting *s = routing.settings; s != NULL; s = s->next) {
        wr_u32(w, s->device_id);
        wr_str(w, s->guid);
        wr_u32(w, s->enabled != 0);
        wr_blob(w, s->data, s->data_size);
    }
}

void write_registry(writer *w)
{
    sim_registry_image reg;
    uint32_t n = 0;

    sim_registry_view(&reg);
    for (const sim_provider *p = reg.providers; p != NULL; p = p->next)
        n++;
    wr_u32(w, n);
    for (const sim_provider *p = reg.providers; p != NULL; p = p->next) {
        wr_str(w, p->name);
        wr_str(w, p->friendly_name);
        wr_str(w, p->image_name);
        wr_str(w, p->tsp_name);
    }
    n = 0;
    for (const sim_extension *e = reg.extensions; e != NULL; e = e->next)
        n++;
    wr_u32(w, n);
    for (const sim_extension *e = reg.extensions; e != NULL; e = e->next) {
        wr_str(w, e->name);
        wr_str(w, e->friendly_name);
        wr_str(w, e->image_name);
        wr_u32(w, e->method_count);
        for (uint32_t i = 0; i < e->method_count; i++) {
            wr_str(w, e->methods[i].guid);
            wr_str(w, e->methods[i].friendly_name);
            wr_str(w, e->methods[i].function_name);
        }
    }
}

void write_print(writer *w)
{
    sim_print_image print;
    uint32_t n = 0;

    sim_print_view(&print);
    for (const sim_print_job *p = print.jobs; p != NULL; p = p->next)
        n++;
    wr_u32(w, print.next_spool_id);
    wr_u32(w, n);
    for (const sim_print_job *p = print.jobs; p != NULL; p = p->next) {
        wr_u32(w, p->spool_id);
        wr_u32(w, p->job_id);
    }
}

/* The whole file into `w`; lock held.  Returns 0 or an errno value. */
static int write_state(writer *w)
{
    wr_bytes(w, MAGIC, MAGIC_SIZE);
    wr_u16(w, FORMAT_VERSION);
    write_ports(w);
    write_documents_and_jobs(w);
    write_config_and_logging(w);
    write_routing(w);
    write_registry(w);
    write_print(w);
    write_ended(w);
    if (!w->error)
        wr_u32(w, persist_crc32(w->data, w->len));
    return w->error;
}

/* ---- reading: a bounds-checked cursor ------------------------------------- */


void rd_fail(reader *r, int error)
{
    if (!r->error)
        r->error = error;
}

/* Checks a condition the file must satisfy; a violation is damage. */
void rd_require(reader *r, int ok)
{
    if (!ok)
        rd_fail(r, EINVAL);
}

const unsigned char *rd_take(reader *r, size_t n)
{
    const unsigned char *at;

    if (r->error)
        return NULL;
    if (n > r->left) {
        rd_fail(r, EINVAL);
        return NULL;
    }
    at = r->p;
    r->p += n;
    r->left -= n;
    return at;
}

uint16_t rd_u16(reader *r)
{
    const unsigned char *p = rd_take(r, 2);
    return p ? (uint16_t)(p[0] | (p[1] << 8)) : 0;
}

uint32_t rd_u32(reader *r)
{
    const unsigned char *p = rd_take(r, 4);
    return p ? (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
               ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24)
             : 0;
}

uint64_t rd_u64(reader *r)
{
    uint64_t low = rd_u32(r);
    return low | ((uint64_t)rd_u32(r) << 32);
}

static int rd_bool(reader *r)
{
    uint32_t v = rd_u32(r);
    rd_require(r, v <= 1);
    return v == 1;
}

static FILETIME rd_filetime(reader *r)
{
    uint64_t v = rd_u64(r);
    FILETIME t = { (DWORD)v, (DWORD)(v >> 32) };
    return t;
}

/* A count of items of at least `min_size` bytes each; a count the rest of
 * the file cannot hold is damage, caught before anything is allocated for
 * it, so no file can make us allocate much more than its own size. */
uint32_t rd_count(reader *r, size_t min_size)
{
    uint32_t n = rd_u32(r);

    if (!r->error && n > r->left / min_size) {
        rd_fail(r, EINVAL);
        return 0;
    }
    return r->error ? 0 : n;
}

/* A str into a malloc'd terminated copy (NULL for a NULL str).  Returns
 * the copy; on damage or no memory, NULL with r->error set. */
static WCHAR *rd_str(reader *r)
{
    uint32_t n = rd_u32(r);
    const unsigned char *p;
    WCHAR *s;

    if (r->error || n == NO_STRING)
        return NULL;
    p = rd_take(r, (size_t)n * 2);
    if (p == NULL)
        return NULL;
    s = malloc(((size_t)n + 1) * sizeof *s);
    if (s == NULL) {
        rd_fail(r, ENOMEM);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        s[i] = (WCHAR)(p[2 * i] | (p[2 * i + 1] << 8));
        /* Strings are terminated in memory: a NUL inside would silently
         * cut one short, so a file holding one is not ours. */
        if (s[i] == 0) {
            free(s);
            rd_fail(r, EINVAL);
            return NULL;
        }
    }
    s[n] = 0;
    return s;
}

/* A str the service never leaves NULL or empty (names, ids). */
static WCHAR *rd_name(reader *r)
{
    WCHAR *s = rd_str(r);
    rd_require(r, r->error || (s != NULL && s[0] != 0));
    return s;
}

/* A blob into a malloc'd copy (at least one byte allocated, so an empty
 * blob is a real buffer, as the routing code expects). */
static BYTE *rd_blob(reader *r, uint32_t *size)
{
    uint32_t n = rd_u32(r);
    const unsigned char *p = rd_take(r, n);
    BYTE *copy;

    *size = 0;
    if (p == NULL)
        return NULL;
    copy = malloc(n ? n : 1);
    if (copy == NULL) {
        rd_fail(r, ENOMEM);
        return NULL;
    }
    memcpy(copy, p, n);
    *size = n;
    return copy;
}

/* ---- reading the state ---------------------------------------------------- */


void state_image_release_docs(state_image *s)
{
    for (uint32_t i = 0; i < s->doc_count; i++)
        sim_document_release(s->docs[i]);
    free(s->docs);
    s->docs = NULL;
    s->doc_count = 0;
}

void state_image_clear(state_image *s)
{
    sim_ports_image_clear(&s->ports);
    sim_jobs_image_clear(&s->jobs);
    state_image_release_docs(s);
    sim_config_image_clear(&s->config);
    sim_routing_image_clear(&s->routing);
    sim_registry_image_clear(&s->registry);
    sim_print_image_clear(&s->print);
}

void state_image_install(state_image *s)
{
    /* One lock hold: no client call sees half of one state and half of
     * the other. */
    sim_lock();
    sim_ports_exchange(&s->ports);
    sim_jobs_exchange(&s->jobs);
    sim_config_exchange(&s->config);
    sim_logging_exchange(s->levels);
    sim_routing_exchange(&s->routing);
    sim_registry_exchange(&s->registry);
    sim_print_exchange(&s->print);
    sim_ended_exchange(&s->ended);
    sim_clock_poke();       /* the installed jobs run on a real-time clock */
    sim_unlock();
    /* The previous state, now unreachable. */
    state_image_clear(s);
}

void read_ports(reader *r, sim_ports_image *img)
{
    uint32_t n;

    img->next_id = rd_u32(r);
    /* Only a next id the service could have reached (sim_state.h). */
    rd_require(r, img->next_id >= SIM_DEVICE_ID_FIRST &&
               img->next_id <= SIM_DEVICE_ID_MAX + 1u);
    n = rd_count(r, MIN_PORT);
    if (r->error)
        return;
    img->ports = malloc(((size_t)n + 1) * sizeof *img->ports);
    if (img->ports == NULL) {
        rd_fail(r, ENOMEM);
        return;
    }
    img->capacity = n + 1;
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_port *p = calloc(1, sizeof *p);
        if (p == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        /* Owned by the image from here on, whatever happens next. */
        img->ports[img->count++] = p;
        p->device_id = rd_u32(r);
        p->flags = rd_u32(r);
        p->rings = rd_u32(r);
        p->priority = rd_u32(r);
        p->state = rd_u32(r);
        p->job_id = rd_u32(r);
        p->name = rd_name(r);
        p->tsid = rd_str(r);
        p->csid = rd_str(r);
        /* Ids are handed out in increasing order and never reused; the
         * list is in priority order and priorities are exactly 1..n. */
        rd_require(r, p->device_id != 0 && p->device_id < img->next_id);
        rd_require(r, p->priority == i + 1);
        rd_require(r, (p->flags & ~(DWORD)(FPF_RECEIVE | FPF_SEND | FPF_VIRTUAL)) == 0);
    }
}

static void read_documents(reader *r, state_image *s)
{
    uint32_t n = rd_count(r, MIN_DOCUMENT);

    if (r->error)
        return;
    s->docs = malloc(((size_t)n + 1) * sizeof *s->docs);
    if (s->docs == NULL) {
        rd_fail(r, ENOMEM);
        return;
    }
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_tiff_info tiff;
        uint32_t size;
        sim_document *doc = calloc(1, sizeof *doc);
        if (doc == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        atomic_init(&doc->refs, 1u);
        s->docs[s->doc_count++] = doc;
        doc->data = rd_blob(r, &size);
        doc->size = size;
        /* The service only queues TIFFs it could read; page counts and the
         * first page's size come from the document, as on submission. */
        if (!r->error && sim_tiff_scan(doc->data, doc->size, &tiff) != 0)
            rd_fail(r, EINVAL);
        if (!r->error) {
            doc->pages = tiff.pages;
            doc->width = tiff.width;
            doc->height = tiff.height;
        }
    }
}

static int valid_schedule(const sim_job *j)
{
    const SYSTEMTIME *t = &j->schedule_time;
    static const SYSTEMTIME none;

    /* sim_job_build keeps a time only for JSA_SPECIFIC_TIME, and only a
     * time of day that exists. */
    if (j->schedule_action == JSA_SPECIFIC_TIME)
        return t->wHour < 24 && t->wMinute < 60 && t->wSecond < 60;
    return (j->schedule_action == JSA_NOW ||
            j->schedule_action == JSA_DISCOUNT_PERIOD) &&
           memcmp(t, &none, sizeof none) == 0;
}

void read_job(reader *r, sim_job *j, const state_image *s)
{
    SYSTEMTIME *t = &j->schedule_time;
    uint32_t doc;

    j->id = rd_u32(r);
    j->type = rd_u32(r);
    j->queue_status = rd_u32(r);
    j->status = rd_u32(r);
    j->page_count = rd_u32(r);
    j->current_page = rd_u32(r);
    j->retries = rd_u32(r);
    j->device_id = rd_u32(r);
    j->pause_requested = rd_bool(r);
    j->has_cover = rd_bool(r);
    j->schedule_action = rd_u32(r);
    t->wYear = rd_u16(r);
    t->wMonth = rd_u16(r);
    t->wDayOfWeek = rd_u16(r);
    t->wDay = rd_u16(r);
    t->wHour = rd_u16(r);
    t->wMinute = rd_u16(r);
    t->wSecond = rd_u16(r);
    t->wMilliseconds = rd_u16(r);
    j->dr_type = rd_u32(r);
    j->submitted = rd_filetime(r);
    j->started = rd_filetime(r);
    doc = rd_u32(r);
    j->user = rd_name(r);
    /* A fax being received has no recipient number (sim_receive.c). */
    j->recipient_number = j->type == JT_RECEIVE ? rd_str(r) : rd_name(r);
    j->recipient_name = rd_str(r);
    j->tsid = rd_str(r);
    j->sender_name = rd_str(r);
    j->sender_company = rd_str(r);
    j->sender_dept = rd_str(r);
    j->billing_code = rd_str(r);
    j->dr_address = rd_str(r);
    j->document_name = rd_str(r);
    if (r->error)
        return;
    rd_require(r, j->id != 0 && j->id < s->jobs.next_id);
    rd_require(r, j->type <= JT_FAIL_RECEIVE);
    rd_require(r, (j->queue_status & ~(DWORD)(JS_INPROGRESS | JS_DELETING |
                                           JS_FAILED | JS_PAUSED | JS_NOLINE |
                                           JS_RETRYING |
                                           JS_RETRIES_EXCEEDED)) == 0);
    rd_require(r, j->current_page <= j->page_count);
    rd_require(r, valid_schedule(j));
    rd_require(r, j->dr_type == DRT_NONE || j->dr_type == DRT_EMAIL ||
               j->dr_type == DRT_INBOX);
    rd_require(r, doc == NO_DOCUMENT || doc < s->doc_count);
    if (!r->error && doc != NO_DOCUMENT) {
        /* The job's own reference; the table's is dropped after loading. */
        j->doc = s->docs[doc];
        atomic_fetch_add(&j->doc->refs, 1u);
    }
}

static void read_jobs(reader *r, state_image *s)
{
    sim_jobs_image *img = &s->jobs;
    uint32_t n;

    img->next_id = rd_u32(r);
    /* 0 would hand out job id 0 next; any value counts up from here
     * without wrapping (sim_state.h). */
    rd_require(r, img->next_id >= 1 && img->next_id <= SIM_JOB_ID_MAX + 1u);
    n = rd_count(r, MIN_JOB);
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_job *j = calloc(1, sizeof *j);
        if (j == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        /* Linked in first, so the image frees it on any failure below. */
        if (img->tail != NULL)
            img->tail->next = j;
        else
            img->head = j;
        img->tail = j;
        img->count++;
        read_job(r, j, s);
    }
}

static int valid_time(FAX_TIME t)
{
    return t.Hour < 24 && t.Minute < 60;
}

void read_config_and_logging(reader *r, state_image *s)
{
    sim_config *c = &s->config;

    c->retries = rd_u32(r);
    c->retry_delay = rd_u32(r);
    c->dirty_days = rd_u32(r);
    c->branding = rd_bool(r);
    c->use_device_tsid = rd_bool(r);
    c->server_cp = rd_bool(r);
    c->pause_server_queue = rd_bool(r);
    c->start_cheap.Hour = rd_u16(r);
    c->start_cheap.Minute = rd_u16(r);
    c->stop_cheap.Hour = rd_u16(r);
    c->stop_cheap.Minute = rd_u16(r);
    c->archive_outgoing = rd_bool(r);
    c->archive_directory = rd_str(r);
    /* What FaxSetConfigurationW accepts, and nothing else. */
    rd_require(r, c->retries <= 99);
    rd_require(r, valid_time(c->start_cheap) && valid_time(c->stop_cheap));
    rd_require(r, !c->archive_outgoing ||
               (c->archive_directory != NULL && c->archive_directory[0] != 0));

    rd_require(r, rd_u32(r) == SIM_LOG_CATEGORIES);
    for (int i = 0; i < SIM_LOG_CATEGORIES; i++) {
        s->levels[i] = rd_u32(r);
        rd_require(r, s->levels[i] <= FAXLOG_LEVEL_MAX);
    }
}

void read_routing(reader *r, sim_routing_image *img)
{
    sim_route_setting **tail = &img->settings;
    uint32_t n = rd_count(r, MIN_METHOD);

    if (r->error)
        return;
    img->methods = calloc((size_t)n + 1, sizeof *img->methods);
    if (img->methods == NULL) {
        rd_fail(r, ENOMEM);
        return;
    }
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_route_method *m = &img->methods[img->method_count++];
        m->guid = rd_name(r);
        m->friendly_name = rd_str(r);
        m->function_name = rd_str(r);
        m->image_name = rd_str(r);
        m->extension_friendly_name = rd_str(r);
    }
    n = rd_count(r, MIN_SETTING);
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_route_setting *st = calloc(1, sizeof *st);
        uint32_t data_size;     /* DWORD is unsigned long on Windows */
        if (st == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        /* Appended, so the list keeps the order it was saved in. */
        *tail = st;
        tail = &st->next;
        st->device_id = rd_u32(r);
        st->guid = rd_name(r);
        st->enabled = rd_bool(r);
        st->data = rd_blob(r, &data_size);
        st->data_size = data_size;
    }
}

void read_registry(reader *r, sim_registry_image *img)
{
    sim_provider **ptail = &img->providers;
    sim_extension **etail = &img->extensions;
    uint32_t n = rd_count(r, MIN_PROVIDER);

    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_provider *p = calloc(1, sizeof *p);
        if (p == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        *ptail = p;
        ptail = &p->next;
        p->name = rd_name(r);
        p->friendly_name = rd_str(r);
        p->image_name = rd_name(r);
        p->tsp_name = rd_str(r);
    }
    n = rd_count(r, MIN_EXTENSION);
    for (uint32_t i = 0; i < n && !r->error; i++) {
        uint32_t methods;
        sim_extension *e = calloc(1, sizeof *e);
        if (e == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        *etail = e;
        etail = &e->next;
        e->name = rd_name(r);
        e->friendly_name = rd_str(r);
        e->image_name = rd_str(r);
        methods = rd_count(r, MIN_EXT_METHOD);
        if (r->error)
            return;
        e->methods = calloc((size_t)methods + 1, sizeof *e->methods);
        if (e->methods == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        for (uint32_t k = 0; k < methods && !r->error; k++) {
            sim_ext_method *m = &e->methods[e->method_count++];
            m->guid = rd_name(r);
            m->friendly_name = rd_str(r);
            m->function_name = rd_name(r);
        }
    }
}

void read_print(reader *r, sim_print_image *img)
{
    sim_print_job **tail = &img->jobs;
    uint32_t n;

    img->next_spool_id = rd_u32(r);
    n = rd_count(r, MIN_PRINT_JOB);
    for (uint32_t i = 0; i < n && !r->error; i++) {
        sim_print_job *p = calloc(1, sizeof *p);
        if (p == NULL) {
            rd_fail(r, ENOMEM);
            return;
        }
        *tail = p;
        tail = &p->next;
        p->spool_id = rd_u32(r);
        p->job_id = rd_u32(r);
        /* Spool ids, like the others, come from a counter. */
        rd_require(r, p->spool_id < img->next_spool_id);
    }
}

/* ---- cross-checks --------------------------------------------------------- */

/* Sorted id -> object indexes, to find duplicates and check references
 * in O(n log n) whatever the file claims. */
typedef struct {
    DWORD id;
    void *object;
} id_entry;

static int id_compare(const void *a, const void *b)
{
    DWORD x = ((const id_entry *)a)->id, y = ((const id_entry *)b)->id;
    return (x > y) - (x < y);
}

/* Sorts `n` entries; 1 if an id appears twice. */
static int sort_ids(id_entry *ids, size_t n)
{
    qsort(ids, n, sizeof *ids, id_compare);
    for (size_t i = 1; i < n; i++)
        if (ids[i].id == ids[i - 1].id)
            return 1;
    return 0;
}

static void *find_id(const id_entry *ids, size_t n, DWORD id)
{
    id_entry key = { id, NULL };
    const id_entry *hit = bsearch(&key, ids, n, sizeof *ids, id_compare);
    return hit ? hit->object : NULL;
}

/* The references between areas, which the simulator follows without
 * checking: a line and its job name each other, routing settings belong to
 * devices, print jobs name queued jobs (or none), spool ids are unique. */
static int check_references(const state_image *s)
{
    size_t np = s->ports.count, nj = s->jobs.count, nq = 0, k = 0;
    id_entry *ports = malloc((np + 1) * sizeof *ports);
    id_entry *jobs = malloc((nj + 1) * sizeof *jobs);
    id_entry *spools = NULL;
    int error = 0;

    for (const sim_print_job *p = s->print.jobs; p != NULL; p = p->next)
        nq++;
    spools = malloc((nq + 1) * sizeof *spools);
    if (ports == NULL || jobs == NULL || spools == NULL) {
        error = ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < np; i++)
        ports[i] = (id_entry){ s->ports.ports[i]->device_id, s->ports.ports[i] };
    for (sim_job *j = s->jobs.head; j != NULL; j = j->next)
        jobs[k++] = (id_entry){ j->id, j };
    k = 0;
    for (sim_print_job *p = s->print.jobs; p != NULL; p = p->next)
        spools[k++] = (id_entry){ p->spool_id, p };
    if (sort_ids(ports, np) || sort_ids(jobs, nj) || sort_ids(spools, nq)) {
        error = EINVAL;
        goto done;
    }
    for (size_t i = 0; i < np && !error; i++) {
        const sim_port *p = s->ports.ports[i];
        const sim_job *j = p->job_id ? find_id(jobs, nj, p->job_id) : NULL;
        if (p->job_id != 0 && (j == NULL || j->device_id != p->device_id))
            error = EINVAL;
    }
    for (const sim_job *j = s->jobs.head; j != NULL && !error; j = j->next) {
        const sim_port *p = j->device_id ? find_id(ports, np, j->device_id) : NULL;
        if (j->device_id != 0 && (p == NULL || p->job_id != j->id))
            error = EINVAL;
    }
    for (const sim_route_setting *st = s->routing.settings;
         st != NULL && !error; st = st->next)
        if (find_id(ports, np, st->device_id) == NULL)
            error = EINVAL;
    for (const sim_print_job *p = s->print.jobs; p != NULL && !error; p = p->next)
        if (p->job_id != 0 && find_id(jobs, nj, p->job_id) == NULL)
            error = EINVAL;
done:
    free(ports);
    free(jobs);
    free(spools);
    return error;
}

/* Parses a whole file into `s` (zeroed by the caller).  Returns 0 or an
 * errno value; either way `s` owns whatever was built. */
static int parse_state(const unsigned char *data, size_t size, state_image *s)
{
    reader r = { data, size, 0 };
    const unsigned char *magic = rd_take(&r, MAGIC_SIZE);
    uint32_t crc;
    uint16_t version;

    /* A foreign file or another version stops here, before any count in it
     * is believed. */
    if (magic == NULL || memcmp(magic, MAGIC, MAGIC_SIZE) != 0)
        return EINVAL;
    version = rd_u16(&r);
    if (version != FORMAT_VERSION && version != FORMAT_VERSION_WITHOUT_ENDED)
        return EINVAL;
    read_ports(&r, &s->ports);
    read_documents(&r, s);
    read_jobs(&r, s);
    read_config_and_logging(&r, s);
    read_routing(&r, &s->routing);
    read_registry(&r, &s->registry);
    read_print(&r, &s->print);
    if (version == FORMAT_VERSION)
        read_ended(&r, &s->ended, s->jobs.next_id);
    crc = rd_u32(&r);
    if (r.error)
        return r.error;
    /* The checksum ends the file: anything after it is damage too. */
    if (r.left != 0 || crc != persist_crc32(data, size - 4))
        return EINVAL;
    return check_references(s);
}

/* ---- files ---------------------------------------------------------------- */

/* The whole of `path`.  Returns 0, 1 if it does not exist, or -1 with
 * errno set (EISDIR for a directory, EINVAL for another kind of file, or
 * for one cut short under us: we only ever rename, so that is damage;
 * EFBIG past FAXSIM_STATE_FILE_MAX, checked before anything is read). */
static int read_file(const char *path, unsigned char **out, size_t *size)
{
    int fd = sim_file_open_read(path), rc, e;

    if (fd < 0)
        return errno == ENOENT ? 1 : -1;
    rc = sim_file_read_all(fd, FAXSIM_STATE_FILE_MAX, out, size);
    e = errno;
    sim_file_close(fd);
    errno = e;
    return rc == 0 ? 0 : -1;
}

/* Distinguishes temporary names of concurrent saves in one process; the
 * pid distinguishes processes. */
static atomic_uint temp_sequence;

/* Returns 0 or -1 with errno set; never leaves the temporary file. */
int persist_write_file(const char *path, const unsigned char *data, size_t size)
{
    size_t name_size = strlen(path) + 48;
    char *temp = malloc(name_size);
    int fd = -1, e;

    if (temp == NULL) {
        errno = ENOMEM;
        return -1;
    }
    /* O_EXCL: never write through a file (or symlink) someone planted
     * under our temporary name; a leftover of a crashed process with a
     * recycled pid just moves us to the next sequence number. */
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(temp, name_size, "%s.tmp.%lu.%u", path, sim_process_id(),
                 atomic_fetch_add(&temp_sequence, 1u));
        fd = sim_file_create_new(temp);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        e = errno;
        free(temp);
        errno = e;
        return -1;
    }
    /* Data on disk before the name points at it: after a crash the state
     * file is the old one or the complete new one. */
    if (sim_file_write_all(fd, data, size) != 0 || sim_file_sync(fd) != 0) {
        e = errno;
        sim_file_close(fd);
        goto failed;
    }
    if (sim_file_close(fd) != 0) {
        e = errno;
        goto failed;
    }
    if (sim_file_replace(temp, path) != 0) {
        e = errno;
        goto failed;
    }
    free(temp);
    return 0;

failed:
    sim_file_remove(temp);
    free(temp);
    errno = e;
    return -1;
}

/* ---- control API ---------------------------------------------------------- */

FAXSIM_API int faxsim_save(const char *path)
{
    writer w = { NULL, 0, 0, 0 };
    int error, rc;

    if (path == NULL || path[0] == 0) {
        errno = EINVAL;
        return -1;
    }
    /* Copied under the lock, written without it: file I/O must not hold
     * up client calls. */
    sim_lock();
    error = write_state(&w);
    sim_unlock();
    /* Never write a file that load would refuse. */
    if (error == 0 && w.len > FAXSIM_STATE_FILE_MAX)
        error = EFBIG;
    if (error) {
        free(w.data);
        errno = error;
        return -1;
    }
    rc = persist_write_file(path, w.data, w.len);
    error = errno;
    free(w.data);
    errno = error;
    return rc;
}

FAXSIM_API int faxsim_load(const char *path)
{
    state_image s;
    unsigned char *data;
    size_t size;
    int rc, error;

    if (path == NULL || path[0] == 0) {
        errno = EINVAL;
        return -1;
    }
    rc = read_file(path, &data, &size);
    if (rc != 0)
        return rc;
    memset(&s, 0, sizeof s);
    error = parse_state(data, size, &s);
    free(data);
    /* Jobs hold their own references now; the table's go. */
    state_image_release_docs(&s);
    if (error) {
        state_image_clear(&s);
        errno = error;
        return -1;
    }
    state_image_install(&s);
    return 0;
}

FAXSIM_API void faxsim_reset_state(void)
{
    sim_lock();
    sim_service_state_reset();
    sim_unlock();
}
