/* The pieces of the saved-state format (sim_persist.c) that the snapshot
 * of sim_snapshot.c shares: the buffer writer, the bounds-checked reader,
 * and the writer and reader of each area of the state. */
#ifndef SIM_PERSIST_CODEC_H
#define SIM_PERSIST_CODEC_H

#include "sim_state.h"

#include <stddef.h>
#include <stdint.h>

#define NO_DOCUMENT 0xFFFFFFFFu

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int error;          /* sticky errno: once set, writes are dropped */
} writer;

/* Documents in the order jobs first use them, with a pointer -> index hash
 * (open addressing) so a queue of many jobs is not quadratic to save. */
typedef struct {
    const sim_document **docs;  /* by index */
    uint32_t count;
    const sim_document **keys;  /* hash slots, NULL when free */
    uint32_t *index;            /* the index of keys[i] */
    size_t mask;
} doc_table;

typedef struct {
    const unsigned char *p;
    size_t left;
    int error;          /* sticky errno: once set, reads return zeros */
} reader;

/* Everything a file holds, built off the lock.  Each image owns what it
 * points to, so one state_image_clear frees a half-read state as well as the old
 * state swapped out by a successful load. */
typedef struct {
    sim_ports_image ports;
    sim_document **docs;        /* the document table, one reference each */
    uint32_t doc_count;
    sim_jobs_image jobs;
    sim_config config;
    DWORD levels[SIM_LOG_CATEGORIES];
    sim_routing_image routing;
    sim_registry_image registry;
    sim_print_image print;
    sim_ended_image ended;
} state_image;


uint32_t persist_crc32(const unsigned char *data, size_t size);

void wr_u16(writer *w, uint16_t v);
void wr_u32(writer *w, uint32_t v);
void wr_u64(writer *w, uint64_t v);
void wr_bytes(writer *w, const void *src, size_t n);
/* Returns 0 or ENOMEM (free the table either way). */
int doc_table_build(doc_table *t, const sim_jobs_image *jobs);
size_t doc_slot(const doc_table *t, const sim_document *doc);
void doc_table_free(doc_table *t);
void write_ports(writer *w);
/* `docs` NULL writes the job without a document index (NO_DOCUMENT). */
void write_job(writer *w, const sim_job *j, const doc_table *docs);
void write_config_and_logging(writer *w);
void write_routing(writer *w);
void write_registry(writer *w);
void write_print(writer *w);
void write_ended(writer *w);

void rd_fail(reader *r, int error);
void rd_require(reader *r, int ok);
const unsigned char *rd_take(reader *r, size_t n);
uint16_t rd_u16(reader *r);
uint32_t rd_u32(reader *r);
uint64_t rd_u64(reader *r);
uint32_t rd_count(reader *r, size_t min_size);
void read_ports(reader *r, sim_ports_image *img);
void read_job(reader *r, sim_job *j, const state_image *s);
void read_config_and_logging(reader *r, state_image *s);
void read_routing(reader *r, sim_routing_image *img);
void read_registry(reader *r, sim_registry_image *img);
void read_print(reader *r, sim_print_image *img);
/* `next_job_id`: the state's, already read (ended jobs were given out
 * before it). */
void read_ended(reader *r, sim_ended_image *img, DWORD next_job_id);
void state_image_release_docs(state_image *s);
void state_image_clear(state_image *s);
/* Makes `s` the service's state in one step, under the simulator's lock,
 * and frees what it replaced (left in `s` by the exchanges). */
void state_image_install(state_image *s);

/* Writes `data` to a new temporary file beside `path`, syncs it and
 * renames it over `path`.  Returns 0 or -1 with errno set; never leaves
 * the temporary file (unless the process dies). */
int persist_write_file(const char *path, const unsigned char *data, size_t size);

#endif
