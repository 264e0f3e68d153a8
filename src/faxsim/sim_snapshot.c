/* The service state in pieces a store can keep apart (faxsim_snapshot_*,
 * faxsim_restore; faxsim.h says what they are for).
 *
 * Layout of a snapshot, and of what faxsim_restore reads (little-endian,
 * u32/u64 as in sim_persist.c):
 *
 *   header    "WFXSNAP" (7 bytes), u16 version (1)
 *   service   u32 length, then the record: devices, u32 next job id,
 *             configuration and logging, routing, registrations, print
 *             jobs, the jobs that left the queue (each area as
 *             sim_persist.c writes it; a record written before the last
 *             was kept ends after the print jobs, and is read with none),
 *             u32 CRC-32 of the record's bytes before it
 *   jobs      u32 count, then per job in queue order: u32 job id, u32
 *             document index (0xFFFFFFFF: none), u32 length, then the
 *             record: the job as sim_persist.c writes it with document
 *             index 0xFFFFFFFF, u32 CRC-32 of the bytes before it
 *   documents u32 count, then per document: its SHA-256 as 64 lowercase
 *             hex digits; u64 size; u32 pages, width, height (of the
 *             first page); u32 length and the UTF-8 path of the file that
 *             holds its bytes (length 0 in a snapshot: it has the bytes)
 *
 * Each record carries its own checksum so that a store can keep each one
 * in its own row and a damaged row costs that row: a job whose record is
 * damaged is dropped (and reported), a damaged service record is replaced
 * by a fresh installation's and the jobs are kept.  Documents are named by
 * digest and never part of a record, so a command that does not change a
 * job rewrites nothing of it and one that does not read a document never
 * reads its bytes. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_persist_codec.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SNAP_MAGIC "WFXSNAP"
#define SNAP_MAGIC_SIZE 7u
#define SNAP_VERSION 1u
#define KEY_SIZE 64u
/* The least bytes a job entry and a document entry take. */
#define MIN_JOB_ENTRY (3u * 4u)
#define MIN_DOC_ENTRY (KEY_SIZE + 8u + 4u * 4u)

struct faxsim_snapshot {
    unsigned char *data;
    size_t size;
    sim_document **docs;        /* one reference each, by index */
    uint32_t doc_count;
};

/* ---- taking a snapshot ---------------------------------------------------- */

/* The service record into `w`: everything but the jobs; lock held. */
static void write_service(writer *w, DWORD next_job_id)
{
    size_t start = w->len;

    write_ports(w);
    wr_u32(w, next_job_id);
    write_config_and_logging(w);
    write_routing(w);
    write_registry(w);
    write_print(w);
    write_ended(w);
    if (!w->error)
        wr_u32(w, persist_crc32(w->data + start, w->len - start));
}

/* Appends the bytes `part` holds to `w` as a record: a u32 length, then the
 * bytes.  An error in `part` becomes `w`'s. */
static void wr_record(writer *w, const writer *part)
{
    if (part->error) {
        w->error = w->error ? w->error : part->error;
        return;
    }
    if (part->len > 0xFFFFFFFFu) {
        w->error = w->error ? w->error : EOVERFLOW;
        return;
    }
    wr_u32(w, (uint32_t)part->len);
    wr_bytes(w, part->data, part->len);
}

/* Service and jobs, and a reference on every document the jobs use; lock
 * held.  Returns 0 or an errno value. */
static int snapshot_locked(writer *w, faxsim_snapshot *snap)
{
    writer part = { NULL, 0, 0, 0 };
    sim_jobs_image jobs;
    doc_table docs;
    int error;

    sim_jobs_view(&jobs);
    error = doc_table_build(&docs, &jobs);
    if (error) {
        doc_table_free(&docs);
        return error;
    }
    wr_bytes(w, SNAP_MAGIC, SNAP_MAGIC_SIZE);
    wr_u16(w, SNAP_VERSION);
    write_service(&part, jobs.next_id);
    wr_record(w, &part);
    wr_u32(w, jobs.count);
    for (const sim_job *j = jobs.head; j != NULL && !w->error; j = j->next) {
        part.len = 0;
        write_job(&part, j, NULL);
        if (!part.error)
            wr_u32(&part, persist_crc32(part.data, part.len));
        wr_u32(w, j->id);
        wr_u32(w, j->doc ? docs.index[doc_slot(&docs, j->doc)] : NO_DOCUMENT);
        wr_record(w, &part);
    }
    free(part.data);
    snap->docs = malloc(((size_t)docs.count + 1) * sizeof *snap->docs);
    if (snap->docs == NULL && !w->error)
        w->error = ENOMEM;
    for (uint32_t i = 0; i < docs.count && !w->error; i++) {
        snap->docs[i] = (sim_document *)docs.docs[i];
        atomic_fetch_add(&snap->docs[i]->refs, 1u);
        snap->doc_count++;
    }
    doc_table_free(&docs);
    return w->error;
}

FAXSIM_API void faxsim_snapshot_free(faxsim_snapshot *snap)
{
    if (snap == NULL)
        return;
    for (uint32_t i = 0; i < snap->doc_count; i++)
        sim_document_release(snap->docs[i]);
    free(snap->docs);
    free(snap->data);
    free(snap);
}

FAXSIM_API faxsim_snapshot *faxsim_snapshot_take(void)
{
    writer w = { NULL, 0, 0, 0 };
    faxsim_snapshot *snap = calloc(1, sizeof *snap);
    int error;

    if (snap == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    sim_lock();
    error = snapshot_locked(&w, snap);
    sim_unlock();
    /* Digests off the lock: a new document is hashed once, the first time
     * a snapshot holds it; a restored one already has its digest. */
    wr_u32(&w, snap->doc_count);
    for (uint32_t i = 0; i < snap->doc_count && !error && !w.error; i++) {
        sim_document *doc = snap->docs[i];
        const char *key = sim_document_key(doc);
        if (key == NULL) {
            error = doc->data == NULL && doc->source != NULL ? EIO : ENOMEM;
            break;
        }
        wr_bytes(&w, key, KEY_SIZE);
        wr_u64(&w, (uint64_t)doc->size);
        wr_u32(&w, doc->pages);
        wr_u32(&w, doc->width);
        wr_u32(&w, doc->height);
        wr_u32(&w, 0);
    }
    if (!error)
        error = w.error;
    if (error) {
        free(w.data);
        faxsim_snapshot_free(snap);
        errno = error;
        return NULL;
    }
    snap->data = w.data;
    snap->size = w.len;
    return snap;
}

FAXSIM_API const unsigned char *faxsim_snapshot_bytes(const faxsim_snapshot *snap,
                                                      size_t *size)
{
    *size = snap->size;
    return snap->data;
}

FAXSIM_API int faxsim_snapshot_store_document(const faxsim_snapshot *snap, uint32_t index,
                                              const char *path)
{
    const unsigned char *data;

    if (index >= snap->doc_count || path == NULL || path[0] == 0) {
        errno = EINVAL;
        return -1;
    }
    data = sim_document_bytes(snap->docs[index]);
    if (data == NULL) {
        errno = EIO;
        return -1;
    }
    return persist_write_file(path, data, snap->docs[index]->size);
}

/* ---- restoring ------------------------------------------------------------ */

/* Parses a service record into `s` (zeroed): 0 or EINVAL/ENOMEM. */
static int parse_service(const unsigned char *data, size_t size, state_image *s)
{
    reader r = { data, size >= 4 ? size - 4 : 0, 0 };
    reader crc = { data + (size >= 4 ? size - 4 : 0), size >= 4 ? 4 : 0, 0 };

    if (size < 4 || rd_u32(&crc) != persist_crc32(data, size - 4))
        return EINVAL;
    read_ports(&r, &s->ports);
    s->jobs.next_id = rd_u32(&r);
    rd_require(&r, s->jobs.next_id >= 1 && s->jobs.next_id <= SIM_JOB_ID_MAX + 1u);
    read_config_and_logging(&r, s);
    read_routing(&r, &s->routing);
    read_registry(&r, &s->registry);
    read_print(&r, &s->print);
    if (r.left != 0)
        read_ended(&r, &s->ended, s->jobs.next_id);
    if (r.error)
        return r.error;
    if (r.left != 0)
        return EINVAL;
    /* Routing settings belong to devices of the same record. */
    for (const sim_route_setting *st = s->routing.settings; st != NULL; st = st->next) {
        int found = 0;
        for (uint32_t i = 0; i < s->ports.count && !found; i++)
            found = s->ports.ports[i]->device_id == st->device_id;
        if (!found)
            return EINVAL;
    }
    return 0;
}

/* A fresh installation's service record, for a damaged one: the live
 * service is reset (restoring replaces all of it anyway). */
static int fresh_service(state_image *s)
{
    writer w = { NULL, 0, 0, 0 };
    int error;

    sim_lock();
    sim_service_state_reset();
    write_service(&w, 1);
    sim_unlock();
    error = w.error ? w.error : parse_service(w.data, w.len, s);
    free(w.data);
    return error;
}

static int is_key(const unsigned char *key)
{
    for (uint32_t i = 0; i < KEY_SIZE; i++)
        if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
            return 0;
    return 1;
}

/* The document table: documents to be read from their files.  0 or an
 * errno value (EINVAL: the caller built a bad table). */
static int read_documents_table(reader *r, state_image *s)
{
    uint32_t n = rd_count(r, MIN_DOC_ENTRY);

    if (r->error)
        return r->error;
    s->docs = calloc((size_t)n + 1, sizeof *s->docs);
    if (s->docs == NULL)
        return ENOMEM;
    for (uint32_t i = 0; i < n && !r->error; i++) {
        const unsigned char *key = rd_take(r, KEY_SIZE);
        uint64_t size = rd_u64(r);
        uint32_t pages = rd_u32(r), width = rd_u32(r), height = rd_u32(r);
        uint32_t path_size = rd_u32(r);
        const unsigned char *path = rd_take(r, path_size);
        sim_document *doc;
        char *k, *source;

        if (r->error)
            break;
        if (!is_key(key) || size > 0xFFFFFFFFu || path_size == 0 ||
            memchr(path, 0, path_size) != NULL)
            return EINVAL;
        doc = calloc(1, sizeof *doc);
        k = malloc(KEY_SIZE + 1);
        source = malloc((size_t)path_size + 1);
        if (doc == NULL || k == NULL || source == NULL) {
            free(doc);
            free(k);
            free(source);
            return ENOMEM;
        }
        memcpy(k, key, KEY_SIZE);
        k[KEY_SIZE] = 0;
        memcpy(source, path, path_size);
        source[path_size] = 0;
        atomic_init(&doc->refs, 1u);
        atomic_init(&doc->key, k);
        atomic_init(&doc->loaded, NULL);
        doc->source = source;
        doc->size = (size_t)size;
        doc->pages = pages;
        doc->width = width;
        doc->height = height;
        s->docs[s->doc_count++] = doc;
    }
    return r->error;
}

/* One job record; NULL if it is damaged (or no memory: the job is lost
 * either way, and reported). */
static sim_job *parse_job(const unsigned char *data, size_t size, DWORD id)
{
    reader r = { data, size >= 4 ? size - 4 : 0, 0 };
    reader crc = { data + (size >= 4 ? size - 4 : 0), size >= 4 ? 4 : 0, 0 };
    state_image limits;
    sim_job *j;

    if (size < 4 || rd_u32(&crc) != persist_crc32(data, size - 4))
        return NULL;
    j = calloc(1, sizeof *j);
    if (j == NULL)
        return NULL;
    /* Any id the service can hand out: the next id follows the jobs. */
    memset(&limits, 0, sizeof limits);
    limits.jobs.next_id = SIM_JOB_ID_MAX + 1u;
    read_job(&r, j, &limits);
    if (r.error || r.left != 0 || j->id != id) {
        sim_job_free(j);
        return NULL;
    }
    return j;
}

typedef struct {
    uint32_t *ids;
    uint32_t capacity;
    uint32_t count;
} lost_list;

static void lose(lost_list *lost, DWORD id)
{
    if (lost->count < lost->capacity)
        lost->ids[lost->count] = id;
    lost->count++;
}

/* The jobs whose records are intact, in order, each with its document. */
static int read_jobs_table(reader *r, state_image *s, lost_list *lost)
{
    uint32_t n = rd_count(r, MIN_JOB_ENTRY);
    DWORD last = 0;

    for (uint32_t i = 0; i < n && !r->error; i++) {
        DWORD id = rd_u32(r);
        uint32_t doc = rd_u32(r);
        uint32_t size = rd_u32(r);
        const unsigned char *record = rd_take(r, size);
        sim_job *j;

        if (r->error)
            break;
        /* Queue order is id order (ids count up as jobs are appended). */
        j = id > last && (doc == NO_DOCUMENT || doc < s->doc_count)
                ? parse_job(record, size, id) : NULL;
        if (j == NULL) {
            lose(lost, id);
            continue;
        }
        last = id;
        if (doc != NO_DOCUMENT) {
            j->doc = s->docs[doc];
            atomic_fetch_add(&j->doc->refs, 1u);
        }
        if (s->jobs.tail != NULL)
            s->jobs.tail->next = j;
        else
            s->jobs.head = j;
        s->jobs.tail = j;
        s->jobs.count++;
        /* Ids are never handed out twice. */
        if (id >= s->jobs.next_id)
            s->jobs.next_id = id + 1;
    }
    return r->error;
}

static sim_port *port_of(const state_image *s, DWORD device_id)
{
    for (uint32_t i = 0; i < s->ports.count; i++)
        if (s->ports.ports[i]->device_id == device_id)
            return s->ports.ports[i];
    return NULL;
}

static sim_job *job_of(const state_image *s, DWORD job_id)
{
    for (sim_job *j = s->jobs.head; j != NULL; j = j->next)
        if (j->id == job_id)
            return j;
    return NULL;
}

/* What the simulator relies on without checking, restored where a lost
 * record broke it: a job on a line whose device does not name it back is
 * lost too; a device naming a job that is gone is free again, as when a
 * job leaves its line (sim_jobs.c); a print job whose fax job is gone
 * names none, as when the job is deleted (sim_print.c). */
static void repair_references(state_image *s, lost_list *lost)
{
    sim_job **link = &s->jobs.head, *prev = NULL;

    while (*link != NULL) {
        sim_job *j = *link;
        sim_port *p = j->device_id ? port_of(s, j->device_id) : NULL;
        if (j->device_id != 0 && (p == NULL || p->job_id != j->id)) {
            *link = j->next;
            if (s->jobs.tail == j)
                s->jobs.tail = prev;
            s->jobs.count--;
            lose(lost, j->id);
            sim_job_free(j);
            continue;
        }
        prev = j;
        link = &j->next;
    }
    for (uint32_t i = 0; i < s->ports.count; i++) {
        sim_port *p = s->ports.ports[i];
        const sim_job *j = p->job_id ? job_of(s, p->job_id) : NULL;
        if (p->job_id != 0 && (j == NULL || j->device_id != p->device_id)) {
            p->job_id = 0;
            p->state = FPS_AVAILABLE;
        }
    }
    for (sim_print_job *q = s->print.jobs; q != NULL; q = q->next)
        if (q->job_id != 0 && job_of(s, q->job_id) == NULL)
            q->job_id = 0;
}

FAXSIM_API int faxsim_restore(const unsigned char *data, size_t size, uint32_t *lost_ids,
                              uint32_t lost_capacity, uint32_t *lost_count)
{
    reader r = { data, size, 0 };
    reader jobs;
    state_image s;
    lost_list lost = { lost_ids, lost_capacity, 0 };
    const unsigned char *magic, *service;
    uint32_t service_size, n;
    int error, flags = 0;

    if (data == NULL || lost_count == NULL || (lost_ids == NULL && lost_capacity)) {
        errno = EINVAL;
        return -1;
    }
    *lost_count = 0;
    memset(&s, 0, sizeof s);
    magic = rd_take(&r, SNAP_MAGIC_SIZE);
    if (magic == NULL || memcmp(magic, SNAP_MAGIC, SNAP_MAGIC_SIZE) != 0 ||
        rd_u16(&r) != SNAP_VERSION) {
        errno = EINVAL;
        return -1;
    }
    service_size = rd_u32(&r);
    service = rd_take(&r, service_size);
    /* The jobs come before the documents they name: skip them first. */
    jobs = r;
    n = rd_count(&r, MIN_JOB_ENTRY);
    for (uint32_t i = 0; i < n && !r.error; i++) {
        rd_u32(&r);
        rd_u32(&r);
        rd_take(&r, rd_u32(&r));
    }
    error = r.error ? r.error : read_documents_table(&r, &s);
    if (!error && r.left != 0)
        error = EINVAL;
    if (!error && parse_service(service, service_size, &s) != 0) {
        /* Damaged: what it held is lost, the jobs need not be. */
        state_image_clear(&s);
        memset(&s, 0, sizeof s);
        r = jobs;
        error = fresh_service(&s);
        if (!error) {
            /* The documents again, into the fresh image. */
            n = rd_count(&r, MIN_JOB_ENTRY);
            for (uint32_t i = 0; i < n && !r.error; i++) {
                rd_u32(&r);
                rd_u32(&r);
                rd_take(&r, rd_u32(&r));
            }
            error = read_documents_table(&r, &s);
        }
        flags |= FAXSIM_RESTORE_SERVICE_LOST;
    }
    if (!error)
        error = read_jobs_table(&jobs, &s, &lost);
    if (error) {
        state_image_clear(&s);
        errno = error;
        return -1;
    }
    repair_references(&s, &lost);
    /* Jobs hold their own references now; the table's go. */
    state_image_release_docs(&s);
    state_image_install(&s);
    *lost_count = lost.count;
    return flags;
}
