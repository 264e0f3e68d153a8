/* The service's fax devices and the control API that adds and removes
 * them.  Devices are kept in priority order, so priority k is index k-1
 * and the priorities are always exactly 1..n, as FAX_PORT_INFO documents
 * ("valid values are 1 through n" for n devices). */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

/* Permanent line identifiers are not small indexes on Windows (TAPI
 * providers assign them); starting well above any plausible device count
 * makes a client that confuses an id with an index fail here too.  The
 * exact value is our choice: the documentation gives none. */
#define FIRST_DEVICE_ID SIM_DEVICE_ID_FIRST

static sim_port **ports;         /* priority order */
static uint32_t port_count;
static uint32_t port_capacity;
static DWORD next_device_id = FIRST_DEVICE_ID;

sim_port *sim_port_find(DWORD device_id)
{
    for (uint32_t i = 0; i < port_count; i++)
        if (ports[i]->device_id == device_id)
            return ports[i];
    return NULL;
}

uint32_t sim_port_total(void) { return port_count; }

sim_port *sim_port_at(uint32_t index)
{
    return index < port_count ? ports[index] : NULL;
}

sim_port *sim_port_free_sender(void)
{
    /* "the device with the highest priority and FPF_SEND ... if that
     * device is not available, the next available device in rank order". */
    for (uint32_t i = 0; i < port_count; i++)
        if ((ports[i]->flags & FPF_SEND) && ports[i]->job_id == 0 &&
            ports[i]->state == FPS_AVAILABLE)
            return ports[i];
    return NULL;
}

static void renumber(void)
{
    for (uint32_t i = 0; i < port_count; i++)
        ports[i]->priority = i + 1;
}

void sim_port_set_priority(sim_port *port, DWORD priority)
{
    uint32_t from = port->priority - 1, to = priority - 1;

    if (to >= port_count || from == to)
        return;
    if (from < to)
        memmove(&ports[from], &ports[from + 1], (to - from) * sizeof *ports);
    else
        memmove(&ports[to + 1], &ports[to], (from - to) * sizeof *ports);
    ports[to] = port;
    renumber();
}

void sim_port_set_state(sim_port *port, DWORD state, DWORD job_id)
{
    DWORD old_state = port->state;

    port->state = state;
    port->job_id = job_id;
    sim_events_port_changed(port, old_state);
    /* A line that came free may start a waiting job. */
    sim_clock_poke();
}

static void port_free(sim_port *port)
{
    if (port == NULL)
        return;
    free(port->name);
    free(port->tsid);
    free(port->csid);
    free(port);
}

/* Creates a device with the documented-plausible defaults; NULL when out
 * of memory. */
static sim_port *port_new(const char *name, DWORD flags)
{
    sim_port *port = calloc(1, sizeof *port);

    if (port == NULL)
        return NULL;
    port->flags = flags & (FPF_RECEIVE | FPF_SEND | FPF_VIRTUAL);
    port->rings = 2;
    port->state = FPS_AVAILABLE;
    port->name = sim_wfrom_utf8(name);
    port->tsid = sim_wfrom_utf8("Fax");
    port->csid = sim_wfrom_utf8("Fax");
    if (port->name == NULL || port->tsid == NULL || port->csid == NULL) {
        port_free(port);
        return NULL;
    }
    return port;
}

static DWORD port_add(sim_port *port)
{
    if (next_device_id > SIM_DEVICE_ID_MAX)
        return 0;       /* ids used up (sim_state.h); never wrap */
    if (port_count == port_capacity) {
        uint32_t cap = port_capacity ? port_capacity * 2 : 4;
        sim_port **grown = realloc(ports, cap * sizeof *ports);
        if (grown == NULL)
            return 0;
        ports = grown;
        port_capacity = cap;
    }
    port->device_id = next_device_id++;
    ports[port_count++] = port;
    renumber();
    return port->device_id;
}

void sim_ports_reset(void)
{
    sim_port *first;

    for (uint32_t i = 0; i < port_count; i++)
        port_free(ports[i]);
    port_count = 0;
    next_device_id = FIRST_DEVICE_ID;
    /* A fresh service has one virtual device that can send and receive.
     * Virtual, because nothing here drives real hardware; receive enabled
     * so faxsim_receive works without configuring the device first. */
    first = port_new("Virtual Fax Device 1",
                     FPF_SEND | FPF_RECEIVE | FPF_VIRTUAL);
    if (first != NULL && port_add(first) == 0)
        port_free(first);
}

/* ---- control API -------------------------------------------------------- */

FAXSIM_API uint32_t faxsim_add_port(const char *name, uint32_t flags)
{
    sim_port *port;
    DWORD id;

    if (name == NULL || name[0] == 0)
        return 0;
    port = port_new(name, flags);
    if (port == NULL)
        return 0;
    sim_lock();
    id = port_add(port);
    if (id != 0)
        sim_clock_poke();   /* a new line for waiting jobs */
    sim_unlock();
    if (id == 0)
        port_free(port);
    return id;
}

FAXSIM_API int faxsim_remove_port(uint32_t device_id)
{
    sim_port *port;
    uint32_t i;

    sim_lock();
    port = sim_port_find(device_id);
    if (port == NULL) {
        sim_unlock();
        return -1;
    }
    sim_jobs_device_removed(device_id);
    sim_routing_device_removed(device_id);
    i = port->priority - 1;
    memmove(&ports[i], &ports[i + 1], (port_count - i - 1) * sizeof *ports);
    port_count--;
    renumber();
    sim_unlock();
    port_free(port);
    return 0;
}

FAXSIM_API uint32_t faxsim_port_count(void)
{
    uint32_t n;
    sim_lock();
    n = port_count;
    sim_unlock();
    return n;
}

FAXSIM_API int faxsim_set_port_state(uint32_t device_id, uint32_t state)
{
    sim_port *port;
    int rc = -1;

    sim_lock();
    port = sim_port_find(device_id);
    /* Only an idle line can be taken offline or brought back. */
    if (port != NULL && port->job_id == 0) {
        sim_port_set_state(port, state, 0);
        rc = 0;
    }
    sim_unlock();
    return rc;
}

/* ---- persistence -------------------------------------------------------- */

void sim_ports_view(sim_ports_image *view)
{
    view->ports = ports;
    view->count = port_count;
    view->capacity = port_capacity;
    view->next_id = next_device_id;
}

void sim_ports_exchange(sim_ports_image *image)
{
    sim_ports_image old;

    sim_ports_view(&old);
    ports = image->ports;
    port_count = image->count;
    port_capacity = image->capacity;
    next_device_id = image->next_id;
    *image = old;
}

void sim_ports_image_clear(sim_ports_image *image)
{
    for (uint32_t i = 0; i < image->count; i++)
        port_free(image->ports[i]);
    free(image->ports);
    image->ports = NULL;
    image->count = image->capacity = 0;
}
