/* The service's handle table and the calls that open and close handles.
 *
 * A handle value encodes a slot and that slot's generation, so a value that
 * was closed stays invalid after its slot is reused: a client that uses a
 * handle after FaxClose gets ERROR_INVALID_HANDLE and the simulator records
 * a violation, instead of silently acting on someone else's handle. */
#include "sim_internal.h"

#include <stdlib.h>

#define SLOT_BITS 20u
#define GENERATION_BITS 10u
#define MAX_SLOTS ((1u << SLOT_BITS) - 1u)

typedef struct {
    uint8_t kind;           /* 0: free */
    uint16_t generation;
    uint32_t next_free;     /* index + 1 of the next free slot, 0: none */
    /* Port handles only: which device, and PORT_OPEN_* access level. */
    DWORD device_id;
    DWORD port_flags;
} slot;

/* Guarded by the service lock. */
static slot *slots;
static uint32_t slot_capacity;
static uint32_t slot_used;      /* slots ever handed out (high-water mark) */
static uint32_t free_head;      /* index + 1 */
static uint32_t open_count;

/* Values are multiples of 4, like kernel handles, and never NULL. */
static HANDLE encode(uint32_t index, uint16_t generation)
{
    uintptr_t v = ((uintptr_t)(generation & ((1u << GENERATION_BITS) - 1u))
                   << SLOT_BITS) | (uintptr_t)(index + 1u);
    return (HANDLE)(v << 2);
}

/* The slot a value names if it is currently open, or NULL. */
static slot *lookup(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    uint32_t index;
    slot *s;

    if (v == 0 || (v & 3u) != 0)
        return NULL;
    v >>= 2;
    index = (uint32_t)(v & MAX_SLOTS);
    if (index == 0 || index > slot_used)
        return NULL;
    index--;
    s = &slots[index];
    if (s->kind == 0 || encode(index, s->generation) != h)
        return NULL;
    return s;
}

HANDLE sim_handle_open(sim_handle_kind kind)
{
    uint32_t index;

    if (free_head) {
        index = free_head - 1u;
        free_head = slots[index].next_free;
    }
    else {
        if (slot_used == slot_capacity) {
            uint32_t cap = slot_capacity ? slot_capacity * 2u : 64u;
            slot *grown;
            if (cap > MAX_SLOTS)
                cap = MAX_SLOTS;
            if (slot_used == cap)
                return NULL;
            grown = realloc(slots, cap * sizeof *slots);
            if (grown == NULL)
                return NULL;
            slots = grown;
            slot_capacity = cap;
        }
        index = slot_used++;
        slots[index].generation = 0;
    }
    slots[index].kind = (uint8_t)kind;
    slots[index].next_free = 0;
    slots[index].device_id = 0;
    slots[index].port_flags = 0;
    open_count++;
    return encode(index, slots[index].generation);
}

HANDLE sim_port_handle_open(DWORD device_id, DWORD flags)
{
    HANDLE h = sim_handle_open(SIM_HANDLE_PORT);
    slot *s;

    if (h == NULL)
        return NULL;
    s = lookup(h);
    s->device_id = device_id;
    s->port_flags = flags;
    return h;
}

int sim_port_handle_info(HANDLE h, DWORD *device_id, DWORD *flags)
{
    slot *s = lookup(h);
    if (s == NULL || s->kind != SIM_HANDLE_PORT) {
        sim_record_violation();
        return 0;
    }
    *device_id = s->device_id;
    *flags = s->port_flags;
    return 1;
}

int sim_port_modify_held(DWORD device_id)
{
    /* A linear scan: handles are few, and this runs only in FaxOpenPort. */
    for (uint32_t i = 0; i < slot_used; i++)
        if (slots[i].kind == SIM_HANDLE_PORT &&
            slots[i].device_id == device_id &&
            (slots[i].port_flags & PORT_OPEN_MODIFY))
            return 1;
    return 0;
}

int sim_handle_is_open(HANDLE h, sim_handle_kind kind)
{
    slot *s = lookup(h);
    return s != NULL && s->kind == kind;
}

int sim_handle_valid(HANDLE h, sim_handle_kind kind)
{
    slot *s = lookup(h);
    if (s == NULL || s->kind != kind) {
        sim_record_violation();
        return 0;
    }
    return 1;
}

int sim_handle_close(HANDLE h)
{
    slot *s = lookup(h);
    uint32_t index;

    if (s == NULL) {
        sim_record_violation();
        return 0;
    }
    index = (uint32_t)(s - slots);
    s->kind = 0;
    s->generation++;
    s->next_free = free_head;
    free_head = index + 1u;
    open_count--;
    return 1;
}

uint32_t sim_handle_count(void) { return open_count; }

void sim_handle_reset_locked(void)
{
    /* Keep the generations moving so values from before the reset stay
     * invalid: a restarted service does not honour old handles.  Event
     * registrations are not the handles' (they outlive FaxClose): the
     * caller ends them, with FEI_FAXSVC_ENDED, as a stopping service does. */
    free_head = 0;
    for (uint32_t i = slot_used; i-- > 0;) {
        if (slots[i].kind)
            slots[i].generation++;
        slots[i].kind = 0;
        slots[i].next_free = free_head;
        free_head = i + 1u;
    }
    open_count = 0;
}

void sim_handle_reset(void)
{
    sim_lock();
    sim_handle_reset_locked();
    sim_unlock();
}

FAXSIM_API uint32_t faxsim_open_handles(void)
{
    uint32_t n;
    sim_lock();
    n = open_count;
    sim_unlock();
    return n;
}

/* ---- client functions ------------------------------------------------- */

/* FaxClose accepts both kinds of handle (the documentation says so); a
 * port handle's slot simply goes back to the free list like any other. */

WINFAXAPI BOOL WINAPI FaxConnectFaxServerW(LPCWSTR MachineName,
                                            LPHANDLE FaxHandle)
{
    const sim_function fn = SIM_FN_FaxConnectFaxServerW;
    DWORD error = sim_enter(fn);
    HANDLE h;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* Only the local server exists for this API; a name that is not empty
     * is what the real client library rejects as a bad parameter. */
    if (MachineName != NULL && MachineName[0] != 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);

    sim_lock();
    if (sim_access_rights() == 0) {
        sim_unlock();
        return sim_fail(fn, ERROR_ACCESS_DENIED);
    }
    h = sim_handle_open(SIM_HANDLE_SERVER);
    sim_unlock();
    if (h == NULL)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    /* The service is running once a client reached it. */
    sim_clock_client_connected();
    *FaxHandle = h;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxClose(HANDLE FaxHandle)
{
    const sim_function fn = SIM_FN_FaxClose;
    DWORD error = sim_enter(fn);
    const slot *slot_kind;
    int closed;

    if (error)
        return sim_fail(fn, error);
    /* The handle's event registration, if it made one, stays: "a fax
     * client application continues to receive fax events from the fax
     * service after the application successfully calls the FaxClose
     * function" (FaxClose; sim_events.c).
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nc-winfax-pfaxclose */
    sim_lock();
    /* Documented: "Access is denied. FAX_PORT_QUERY access is required",
     * and that right "includes the ability to obtain and close a fax port
     * handle" (Specific Fax Access Rights), so it is checked for port
     * handles.  A server handle closes whatever the user's rights: the
     * pages tie the right to ports only, and a user allowed nothing but
     * sending could otherwise never disconnect.
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nc-winfax-pfaxclose
     * https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-specific-fax-access-rights */
    slot_kind = lookup(FaxHandle);
    if (slot_kind != NULL && slot_kind->kind == SIM_HANDLE_PORT &&
        !sim_has_rights(FAX_PORT_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    closed = sim_handle_close(FaxHandle);
    sim_unlock();
    if (!closed)
        return sim_fail(fn, ERROR_INVALID_HANDLE);
    sim_leave(fn);
    return TRUE;
}
