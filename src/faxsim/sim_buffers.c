/* Buffers the service hands to the client.  WinFax.dll returns every result
 * (a job, a list of ports, the configuration) as one allocation holding the
 * structs and the strings they point to; the client gives it back with
 * FaxFreeBuffer.  Each buffer carries a header so the simulator can count
 * what is outstanding and catch a pointer it never handed out. */
#include "sim_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define BUFFER_MAGIC 0xFA5B0FFEu

typedef union {
    struct {
        uint32_t magic;
        uint32_t pad;
    } h;
    max_align_t align;  /* the payload keeps malloc's alignment */
} buffer_header;

/* Atomic rather than guarded by the service lock, so that a client call
 * can allocate its result while it holds the lock and copies state. */
static _Atomic int64_t outstanding;

void *sim_buffer_alloc(size_t size)
{
    buffer_header *b;

    if (size > SIZE_MAX - sizeof *b)
        return NULL;
    b = calloc(1, sizeof *b + size);
    if (b == NULL)
        return NULL;
    b->h.magic = BUFFER_MAGIC;
    atomic_fetch_add(&outstanding, 1);
    return b + 1;
}

void sim_buffer_free(void *buffer)
{
    buffer_header *b;

    if (buffer == NULL)
        return;
    b = (buffer_header *)buffer - 1;
    b->h.magic = 0;
    atomic_fetch_sub(&outstanding, 1);
    free(b);
}

void sim_buffer_reset(void)
{
    /* Buffers from before a reset are still the client's to free; only the
     * count starts over, so a test sees what it leaked itself. */
    atomic_store(&outstanding, 0);
}

int64_t sim_buffer_outstanding(void)
{
    return atomic_load(&outstanding);
}

FAXSIM_API int64_t faxsim_outstanding_buffers(void)
{
    return sim_buffer_outstanding();
}

WINFAXAPI VOID WINAPI FaxFreeBuffer(LPVOID Buffer)
{
    const sim_function fn = SIM_FN_FaxFreeBuffer;
    buffer_header *b;

    /* FaxFreeBuffer reports nothing, so an armed failure cannot be
     * delivered; the call is still counted. */
    (void)sim_enter(fn);
    if (Buffer == NULL) {
        sim_leave(fn);
        return;
    }
    b = (buffer_header *)Buffer - 1;
    sim_lock();
    if (b->h.magic != BUFFER_MAGIC) {
        /* Not a buffer we handed out: freeing it would corrupt the heap.
         * (A double free is not caught: the header is gone by then.) */
        sim_record_violation();
        sim_unlock();
        sim_leave(fn);
        return;
    }
    b->h.magic = 0;
    atomic_fetch_sub(&outstanding, 1);
    sim_unlock();
    free(b);
    sim_leave(fn);
}
