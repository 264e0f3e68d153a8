/* kernel32's part of the fax client off Windows: the thread's last error,
 * I/O completion ports and LocalFree.  On Windows kernel32 itself provides
 * all of this (the whole file compiles to nothing there) and
 * sim_platform_win32.c posts the service's events to real ports.
 *
 * GetLastError/SetLastError: Windows keeps the last error per thread; so
 * must we, or one thread's failure would be reported by another.
 *
 * FaxInitializeEventQueue hands each FAX_EVENTW to the client as a
 * completion packet: the event is a LocalAlloc'ed block travelling in the
 * packet's OVERLAPPED pointer, dequeued with GetQueuedCompletionStatus and
 * given back with LocalFree.  The binding calls the very same functions on
 * both platforms, so this library exports look-alikes with the documented
 * behaviour, and the binding's event code runs unchanged against the
 * simulator:
 *
 * - CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, key, n) makes a new
 *   port.  Associating a file is refused (ERROR_INVALID_PARAMETER): the
 *   simulator has no files, and the binding needs no more.  The
 *   concurrency value is accepted and not enforced.
 * - GetQueuedCompletionStatus waits up to the timeout in milliseconds
 *   (INFINITE: for ever, 0: a poll).  Packets come out in the order they
 *   went in.  On a timeout it returns FALSE, *overlapped NULL and last
 *   error WAIT_TIMEOUT; if the port is closed while it waits, FALSE,
 *   *overlapped NULL and ERROR_ABANDONED_WAIT_0 (current Windows versions).
 * - PostQueuedCompletionStatus queues a packet and wakes one waiter.
 * - CloseHandle closes a port; packets still queued are dropped, so any
 *   LocalAlloc'ed block they carried stays outstanding, as on Windows,
 *   where it is simply leaked.  A client must drain its port first.
 * - LocalAlloc(LMEM_FIXED, n) gives a block of fixed memory (the only kind
 *   the client needs: the binding's copies of events); LocalFree gives
 *   back a block, NULL on success.  Both kinds of block, the service's and
 *   the client's, count in faxsim_outstanding_events.
 *
 * A handle value names a slot and that slot's generation, as in
 * sim_handles.c, so a closed port's value stays invalid after its slot is
 * reused: a client that uses it gets ERROR_INVALID_HANDLE and a violation
 * is recorded, which is how the tests prove each port is closed exactly
 * once.  Ports are client-process objects, not service state: a reset
 * leaves them, and the blocks in them, alone.
 *
 * One mutex guards every port; waiters sleep on a per-port condition
 * variable.  The service posts its events with its own lock held, so the
 * order is always service lock, then this one; nothing here takes the
 * service lock while holding this one. */
#ifndef _WIN32

#include "sim_platform.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local DWORD last_error;

WINFAXAPI DWORD WINAPI GetLastError(void) { return last_error; }
WINFAXAPI void WINAPI SetLastError(DWORD error) { last_error = error; }

/* A misuse the client made (stale handle, foreign pointer).  Recorded
 * after this file's lock is released: the violation counter lives behind
 * the service lock. */
static void note_violation(void)
{
    sim_lock();
    sim_record_violation();
    sim_unlock();
}

/* ---- LocalAlloc'ed blocks ------------------------------------------------- */

#define LOCAL_MAGIC 0x10CA1B0Cu

/* The same shape as sim_buffers.c's header, so LocalFree of a FaxFreeBuffer
 * buffer (and the reverse) finds the wrong magic instead of freeing it. */
typedef union {
    struct {
        uint32_t magic;
        uint32_t pad;
    } h;
    max_align_t align;
} local_header;

/* Atomic: blocks are allocated under the service lock and freed by the
 * client without it. */
static _Atomic int64_t local_outstanding;

void *sim_local_alloc(size_t size)
{
    local_header *b;

    if (size > SIZE_MAX - sizeof *b)
        return NULL;
    b = calloc(1, sizeof *b + size);
    if (b == NULL)
        return NULL;
    b->h.magic = LOCAL_MAGIC;
    atomic_fetch_add(&local_outstanding, 1);
    return b + 1;
}

static void local_release(local_header *b)
{
    b->h.magic = 0;
    atomic_fetch_sub(&local_outstanding, 1);
    free(b);
}

void sim_local_discard(void *memory)
{
    if (memory != NULL)
        local_release((local_header *)memory - 1);
}

WINFAXAPI HLOCAL WINAPI LocalFree(HLOCAL memory)
{
    local_header *b;

    if (memory == NULL)
        return NULL;
    b = (local_header *)memory - 1;
    if (b->h.magic != LOCAL_MAGIC) {
        /* Not a block this library handed out: freeing it would corrupt
         * the heap.  LocalFree reports failure by returning its argument. */
        note_violation();
        SetLastError(ERROR_INVALID_HANDLE);
        return memory;
    }
    local_release(b);
    return NULL;
}

WINFAXAPI HLOCAL WINAPI LocalAlloc(UINT flags, size_t bytes)
{
    void *memory;

    /* Movable memory (LMEM_MOVEABLE, 0x2) hands out a handle that must be
     * locked before use; nothing here needs it, so it is refused rather
     * than passed off as fixed.  Other flags (zero-init) change nothing: the
     * block is always zeroed. */
    if (flags & 0x0002u) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    memory = sim_local_alloc(bytes);
    if (memory == NULL)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return (HLOCAL)memory;
}

FAXSIM_API int64_t faxsim_outstanding_events(void)
{
    return atomic_load(&local_outstanding);
}

/* ---- ports ---------------------------------------------------------------- */

typedef struct {
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED overlapped;
} packet;

typedef struct {
    pthread_cond_t arrived;     /* a packet came in, or the port closed */
    packet *ring;               /* FIFO of `count` packets from `head` */
    uint32_t capacity;
    uint32_t head;
    uint32_t count;
    uint32_t waiters;           /* threads inside GetQueuedCompletionStatus */
    int closed;                 /* CloseHandle ran; the last waiter frees it */
} port;

typedef struct {
    port *p;                    /* NULL: free */
    uint16_t generation;
    uint32_t next_free;         /* index + 1 of the next free slot, 0: none */
} port_slot;

#define SLOT_BITS 20u
#define MAX_SLOTS ((1u << SLOT_BITS) - 1u)
#define GENERATION_MASK 0xFFu
/* Set in every port value (bit 30 once shifted): fax handles seldom have
 * it, so a fax handle passed as a port, or the reverse, is caught. */
#define PORT_TAG ((uintptr_t)1 << 28)

/* Everything below is guarded by iocp_lock. */
static pthread_mutex_t iocp_lock = PTHREAD_MUTEX_INITIALIZER;
static port_slot *slots;
static uint32_t slot_capacity;
static uint32_t slot_used;
static uint32_t free_head;
static uint32_t open_ports;
static uint32_t blocked_threads;

/* Multiples of 4, like kernel handles, and never NULL; fits 32 bits. */
static HANDLE encode(uint32_t index, uint16_t generation)
{
    uintptr_t v = PORT_TAG |
                  ((uintptr_t)(generation & GENERATION_MASK) << SLOT_BITS) |
                  (uintptr_t)(index + 1u);
    return (HANDLE)(v << 2);
}

/* The open port a value names, or NULL; its slot index in *index. */
static port *lookup(HANDLE h, uint32_t *index)
{
    uintptr_t v = (uintptr_t)h;
    uint32_t i;

    if ((v & 3u) != 0)
        return NULL;
    v >>= 2;
    if (!(v & PORT_TAG))
        return NULL;
    i = (uint32_t)(v & MAX_SLOTS);
    if (i == 0 || i > slot_used)
        return NULL;
    i--;
    if (slots[i].p == NULL || encode(i, slots[i].generation) != h)
        return NULL;
    if (index != NULL)
        *index = i;
    return slots[i].p;
}

static int take_slot(uint32_t *index)
{
    if (free_head) {
        *index = free_head - 1u;
        free_head = slots[*index].next_free;
        return 0;
    }
    if (slot_used == slot_capacity) {
        uint32_t cap = slot_capacity ? slot_capacity * 2u : 16u;
        port_slot *grown;
        if (cap > MAX_SLOTS)
            cap = MAX_SLOTS;
        if (slot_used == cap)
            return -1;
        grown = realloc(slots, cap * sizeof *slots);
        if (grown == NULL)
            return -1;
        slots = grown;
        slot_capacity = cap;
    }
    *index = slot_used++;
    slots[*index].generation = 0;
    return 0;
}

static void port_free(port *p)
{
    pthread_cond_destroy(&p->arrived);
    free(p->ring);
    free(p);
}

/* Appends a packet and wakes one waiter; 0, or -1 when out of memory. */
static int push(port *p, DWORD bytes, ULONG_PTR key, LPOVERLAPPED overlapped)
{
    if (p->count == p->capacity) {
        uint32_t cap = p->capacity ? p->capacity * 2u : 64u;
        size_t bytes = (size_t)cap * sizeof(packet);
        packet *ring;

        /* Doubling past 2**32 packets, or past the address space. */
        if (cap < p->capacity || bytes / sizeof(packet) != cap)
            return -1;
        ring = malloc(bytes);
        if (ring == NULL)
            return -1;
        /* Unwrap into the new ring so it starts at index 0. */
        for (uint32_t i = 0; i < p->count; i++)
            ring[i] = p->ring[(p->head + i) % p->capacity];
        free(p->ring);
        p->ring = ring;
        p->capacity = cap;
        p->head = 0;
    }
    p->ring[(p->head + p->count) % p->capacity] =
        (packet){.bytes = bytes, .key = key, .overlapped = overlapped};
    p->count++;
    pthread_cond_signal(&p->arrived);
    return 0;
}

WINFAXAPI HANDLE WINAPI CreateIoCompletionPort(HANDLE file, HANDLE existing_port,
                                               ULONG_PTR key, DWORD concurrency)
{
    port *p;
    uint32_t index;
    HANDLE h;

    (void)key;          /* only meaningful with a file, which we refuse */
    (void)concurrency;
    if (file != INVALID_HANDLE_VALUE || existing_port != NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    p = calloc(1, sizeof *p);
    if (p == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (sim_cond_init(&p->arrived) != 0) {
        free(p);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_mutex_lock(&iocp_lock);
    if (take_slot(&index) != 0) {
        pthread_mutex_unlock(&iocp_lock);
        port_free(p);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    slots[index].p = p;
    slots[index].next_free = 0;
    open_ports++;
    h = encode(index, slots[index].generation);
    pthread_mutex_unlock(&iocp_lock);
    return h;
}

WINFAXAPI BOOL WINAPI GetQueuedCompletionStatus(HANDLE port_handle, LPDWORD bytes,
                                                PULONG_PTR key,
                                                LPOVERLAPPED *overlapped,
                                                DWORD milliseconds)
{
    sim_deadline deadline;
    DWORD error = ERROR_SUCCESS;
    int timed_out = 0;
    port *p;

    if (bytes == NULL || key == NULL || overlapped == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *overlapped = NULL;
    if (milliseconds != 0 && milliseconds != INFINITE)
        sim_deadline_after(&deadline, milliseconds);

    pthread_mutex_lock(&iocp_lock);
    p = lookup(port_handle, NULL);
    if (p == NULL) {
        pthread_mutex_unlock(&iocp_lock);
        note_violation();
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    p->waiters++;
    blocked_threads++;
    while (p->count == 0 && !p->closed && !timed_out) {
        if (milliseconds == 0)
            timed_out = 1;
        else if (milliseconds == INFINITE)
            pthread_cond_wait(&p->arrived, &iocp_lock);
        else if (sim_cond_wait_until(&p->arrived, &iocp_lock, &deadline) == ETIMEDOUT)
            timed_out = 1;
    }
    p->waiters--;
    blocked_threads--;
    /* A packet that arrived as the wait timed out is still delivered. */
    if (p->count > 0) {
        const packet *pk = &p->ring[p->head];
        *bytes = pk->bytes;
        *key = pk->key;
        *overlapped = pk->overlapped;
        p->head = (p->head + 1u) % p->capacity;
        p->count--;
    }
    else {
        error = p->closed ? ERROR_ABANDONED_WAIT_0 : WAIT_TIMEOUT;
    }
    /* CloseHandle left a port with waiters to the last of them. */
    if (p->closed && p->waiters == 0)
        port_free(p);
    pthread_mutex_unlock(&iocp_lock);
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return FALSE;
    }
    return TRUE;
}

WINFAXAPI BOOL WINAPI PostQueuedCompletionStatus(HANDLE port_handle, DWORD bytes,
                                                 ULONG_PTR key,
                                                 LPOVERLAPPED overlapped)
{
    port *p;
    int rc;

    pthread_mutex_lock(&iocp_lock);
    p = lookup(port_handle, NULL);
    if (p == NULL) {
        pthread_mutex_unlock(&iocp_lock);
        note_violation();
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    rc = push(p, bytes, key, overlapped);
    pthread_mutex_unlock(&iocp_lock);
    if (rc != 0) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

int sim_iocp_post(HANDLE port_handle, DWORD bytes, ULONG_PTR key, void *overlapped)
{
    port *p;
    int rc = -1;

    pthread_mutex_lock(&iocp_lock);
    p = lookup(port_handle, NULL);
    if (p != NULL)
        rc = push(p, bytes, key, (LPOVERLAPPED)overlapped);
    pthread_mutex_unlock(&iocp_lock);
    return rc;
}

int sim_iocp_hold(HANDLE port_handle, HANDLE *held)
{
    int found;

    /* The service's reference is the client's value: a port closed by the
     * client stops taking events at once, which the tests rely on. */
    pthread_mutex_lock(&iocp_lock);
    found = lookup(port_handle, NULL) != NULL;
    pthread_mutex_unlock(&iocp_lock);
    *held = port_handle;
    return found ? 0 : -1;
}

void sim_iocp_release(HANDLE held) { (void)held; }

WINFAXAPI BOOL WINAPI CloseHandle(HANDLE object)
{
    uint32_t index;
    port *p;

    pthread_mutex_lock(&iocp_lock);
    p = lookup(object, &index);
    if (p == NULL) {
        /* The only kernel objects here are ports; anything else (a fax
         * handle: "CloseHandle cannot close" those) is a client mistake. */
        pthread_mutex_unlock(&iocp_lock);
        note_violation();
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    /* The value dies now, whoever still waits on the object. */
    slots[index].p = NULL;
    slots[index].generation++;
    slots[index].next_free = free_head;
    free_head = index + 1u;
    open_ports--;
    p->closed = 1;
    free(p->ring);
    p->ring = NULL;
    p->capacity = p->head = p->count = 0;
    if (p->waiters)
        pthread_cond_broadcast(&p->arrived);
    else
        port_free(p);
    pthread_mutex_unlock(&iocp_lock);
    return TRUE;
}

/* ---- fork ------------------------------------------------------------------ */

/* A client may have a thread parked on a port for good (winfax's event hub
 * does), and that thread takes iocp_lock for every packet it dequeues.  A
 * child forked in the middle of one would inherit the lock held by a
 * thread it does not have, and hang at its first port call.  So the lock
 * is held across fork(), taken after the service lock, the order every
 * other path takes them in: sim_clock.c's prepare handler takes the
 * service lock, pthread_atfork runs prepare handlers in the reverse order
 * of their registration, and an ELF constructor priority registers this
 * one first.  Where priorities do not exist the order cannot be promised,
 * and holding the lock could deadlock the fork itself; there the child
 * makes the lock anew instead (a port caught mid-update is then the
 * child's risk, as for any lock a forked thread held).  The child has none
 * of the parent's other threads: none of them waits on a port there. */
static void iocp_forget_waiters(void)
{
    for (uint32_t i = 0; i < slot_used; i++)
        if (slots[i].p != NULL)
            slots[i].p->waiters = 0;
    blocked_threads = 0;
}

#if defined(__ELF__)
static void iocp_before_fork(void)
{
    pthread_mutex_lock(&iocp_lock);
}

static void iocp_after_fork_parent(void)
{
    pthread_mutex_unlock(&iocp_lock);
}

static void iocp_after_fork_child(void)
{
    iocp_forget_waiters();
    pthread_mutex_unlock(&iocp_lock);
}

__attribute__((constructor(101))) static void iocp_register_fork_handlers(void)
{
    pthread_atfork(iocp_before_fork, iocp_after_fork_parent, iocp_after_fork_child);
}
#else
static void iocp_after_fork_child(void)
{
    pthread_mutex_init(&iocp_lock, NULL);
    iocp_forget_waiters();
}

__attribute__((constructor)) static void iocp_register_fork_handlers(void)
{
    pthread_atfork(NULL, NULL, iocp_after_fork_child);
}
#endif

/* ---- control API ---------------------------------------------------------- */

FAXSIM_API uint32_t faxsim_completion_ports(void)
{
    uint32_t n;
    pthread_mutex_lock(&iocp_lock);
    n = open_ports;
    pthread_mutex_unlock(&iocp_lock);
    return n;
}

FAXSIM_API uint32_t faxsim_completion_waiters(void)
{
    uint32_t n;
    pthread_mutex_lock(&iocp_lock);
    n = blocked_threads;
    pthread_mutex_unlock(&iocp_lock);
    return n;
}

#endif /* !_WIN32 */
