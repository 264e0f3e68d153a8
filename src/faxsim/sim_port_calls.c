/* The client calls on devices: FaxOpenPort, FaxGetPortW, FaxSetPortW,
 * FaxEnumPortsW and FaxGetDeviceStatusW.  Rights and errors follow each
 * function's documentation ("Fax Port Access Levels" for the port handle
 * levels); where it is silent, the comment at the check says what we chose. */
#include "sim_state.h"
#include "sim_station_id.h"
#include "sim_strings.h"

#include <stdlib.h>

static size_t port_strings(const sim_port *p)
{
    return sim_wbytes(p->name) + sim_wbytes(p->tsid) + sim_wbytes(p->csid);
}

static void port_fill(FAX_PORT_INFOW *out, const sim_port *p, sim_pack *pk)
{
    out->SizeOfStruct = sizeof *out;
    out->DeviceId = p->device_id;
    out->State = p->state;
    out->Flags = p->flags;
    out->Rings = p->rings;
    out->Priority = p->priority;
    out->DeviceName = sim_pack_str(pk, p->name);
    out->Tsid = sim_pack_str(pk, p->tsid);
    out->Csid = sim_pack_str(pk, p->csid);
}

/* The device behind an open port handle, with the lock held.  On failure
 * the lock is released and the error to report is stored in *error. */
static sim_port *port_from_handle(HANDLE h, DWORD right, DWORD *flags,
                                  DWORD *error)
{
    DWORD device_id;
    sim_port *port;

    sim_lock();
    if (!sim_port_handle_info(h, &device_id, flags)) {
        *error = ERROR_INVALID_HANDLE;
    }
    else if (!sim_has_rights(right)) {
        *error = ERROR_ACCESS_DENIED;
    }
    else if ((port = sim_port_find(device_id)) == NULL) {
        /* The device was removed after the port was opened: the same
         * answer FaxOpenPort gives for an unknown device. */
        *error = ERROR_BAD_UNIT;
    }
    else {
        return port;
    }
    sim_unlock();
    return NULL;
}

WINFAXAPI BOOL WINAPI FaxOpenPort(HANDLE FaxHandle, DWORD DeviceId,
                                  DWORD Flags, LPHANDLE FaxPortHandle)
{
    const sim_function fn = SIM_FN_FaxOpenPort;
    DWORD error = sim_enter(fn);
    HANDLE h;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || FaxPortHandle == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* Undocumented: flags outside PORT_OPEN_QUERY|PORT_OPEN_MODIFY, or
     * none, are rejected as a bad parameter. */
    if (Flags == 0 || (Flags & ~(DWORD)(PORT_OPEN_QUERY | PORT_OPEN_MODIFY)))
        return sim_fail(fn, ERROR_INVALID_PARAMETER);

    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_PORT_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    if (sim_port_find(DeviceId) == NULL)
        return sim_fail_locked(fn, ERROR_BAD_UNIT);
    /* Documented (and required by MS-FAX FAX_OpenPort): one modifier at a
     * time, and the second gets ERROR_INVALID_HANDLE. */
    if ((Flags & PORT_OPEN_MODIFY) && sim_port_modify_held(DeviceId))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    /* MODIFY "includes the access rights of PORT_OPEN_QUERY". */
    if (Flags & PORT_OPEN_MODIFY)
        Flags |= PORT_OPEN_QUERY;
    if (sim_oddity_take(FAXSIM_ODDITY_NULL_PORT_HANDLE)) {
        sim_unlock();
        *FaxPortHandle = NULL;
        sim_leave(fn);
        return TRUE;
    }
    h = sim_port_handle_open(DeviceId, Flags);
    if (h == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_unlock();
    *FaxPortHandle = h;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxGetPortW(HANDLE FaxPortHandle, PFAX_PORT_INFOW *PortInfo)
{
    const sim_function fn = SIM_FN_FaxGetPortW;
    DWORD error = sim_enter(fn), flags;
    FAX_PORT_INFOW *info;
    sim_port *port;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || PortInfo == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    port = port_from_handle(FaxPortHandle, FAX_PORT_QUERY, &flags, &error);
    if (port == NULL)
        return sim_fail(fn, error);
    info = sim_buffer_alloc(sizeof *info + port_strings(port));
    if (info == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, info + 1);
    port_fill(info, port, &pk);
    sim_unlock();
    *PortInfo = info;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxSetPortW(HANDLE FaxPortHandle,
                                  const FAX_PORT_INFOW *PortInfo)
{
    const sim_function fn = SIM_FN_FaxSetPortW;
    DWORD error = sim_enter(fn), flags;
    WCHAR *tsid, *csid;
    sim_port *port;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || PortInfo == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* Copies first, so running out of memory changes nothing.  The
     * service keeps what T.30 can carry of each identifier, without
     * failing the call (sim_station_id.c). */
    if (sim_station_id(PortInfo->Tsid, &tsid) != 0)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    if (sim_station_id(PortInfo->Csid, &csid) != 0) {
        free(tsid);
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    }

    port = port_from_handle(FaxPortHandle, FAX_PORT_SET, &flags, &error);
    if (port == NULL)
        goto fail;
    /* The port must have been opened with PORT_OPEN_MODIFY (documented
     * requirement; the error for a query-only handle is not documented,
     * and ERROR_ACCESS_DENIED is what an insufficient level reads as). */
    if (!(flags & PORT_OPEN_MODIFY))
        error = ERROR_ACCESS_DENIED;
    /* The documented settable fields are checked against their documented
     * ranges; a struct for another device is a bad parameter. */
    else if (PortInfo->SizeOfStruct != sizeof *PortInfo ||
             PortInfo->DeviceId != port->device_id ||
             PortInfo->Rings > 99 ||
             PortInfo->Priority < 1 || PortInfo->Priority > sim_port_total())
        error = ERROR_INVALID_PARAMETER;
    else if (port->job_id != 0)
        error = ERROR_DEVICE_IN_USE;   /* documented: the port is busy */
    if (error) {
        sim_unlock();
        goto fail;
    }
    /* FPF_VIRTUAL is the device's nature: "you cannot set a device to be
     * virtual"; only FPF_RECEIVE and FPF_SEND are taken. */
    port->flags = (port->flags & FPF_VIRTUAL) |
                  (PortInfo->Flags & (FPF_RECEIVE | FPF_SEND));
    port->rings = PortInfo->Rings;
    free(port->tsid);
    free(port->csid);
    port->tsid = tsid;
    port->csid = csid;
    sim_port_set_priority(port, PortInfo->Priority);
    sim_port_set_state(port, port->state, port->job_id);
    sim_unlock();
    sim_leave(fn);
    return TRUE;

fail:
    free(tsid);
    free(csid);
    return sim_fail(fn, error);
}

WINFAXAPI BOOL WINAPI FaxEnumPortsW(HANDLE FaxHandle, PFAX_PORT_INFOW *PortInfo,
                                    LPDWORD PortsReturned)
{
    const sim_function fn = SIM_FN_FaxEnumPortsW;
    DWORD error = sim_enter(fn);
    FAX_PORT_INFOW *info;
    size_t size;
    uint32_t n;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || PortInfo == NULL || PortsReturned == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    /* The function page names FAX_JOB_QUERY, but its text is copied from
     * FaxEnumJobs; "Fax Port Access Levels" says enumerating ports needs
     * FAX_PORT_QUERY, which is what we check. */
    if (!sim_has_rights(FAX_PORT_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    n = sim_port_total();
    size = n * sizeof *info;
    for (uint32_t i = 0; i < n; i++)
        size += port_strings(sim_port_at(i));
    info = sim_buffer_alloc(size);
    if (info == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, info + n);
    for (uint32_t i = 0; i < n; i++)
        port_fill(&info[i], sim_port_at(i), &pk);
    sim_unlock();
    *PortInfo = info;
    *PortsReturned = n;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxGetDeviceStatusW(HANDLE FaxPortHandle,
                                          PFAX_DEVICE_STATUSW *DeviceStatus)
{
    const sim_function fn = SIM_FN_FaxGetDeviceStatusW;
    DWORD error = sim_enter(fn), flags;
    FAX_DEVICE_STATUSW *st;
    const sim_job *job = NULL;
    sim_port *port;
    size_t size;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || DeviceStatus == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    port = port_from_handle(FaxPortHandle, FAX_PORT_QUERY, &flags, &error);
    if (port == NULL)
        return sim_fail(fn, error);
    if (port->job_id != 0)
        job = sim_job_find(port->job_id);
    size = sizeof *st + port_strings(port);
    if (job != NULL)
        size += sim_wbytes(job->recipient_number) +
                sim_wbytes(job->sender_name) +
                sim_wbytes(job->recipient_name) +
                sim_wbytes(job->document_name) + sim_wbytes(job->user);
    st = sim_buffer_alloc(size);
    if (st == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, st + 1);
    st->SizeOfStruct = sizeof *st;
    st->DeviceId = port->device_id;
    st->DeviceName = sim_pack_str(&pk, port->name);
    st->Csid = sim_pack_str(&pk, port->csid);
    st->Tsid = sim_pack_str(&pk, port->tsid);
    st->Status = port->state;
    st->JobType = JT_UNKNOWN;       /* documented for an idle device */
    /* StatusString "must be NULL"; CallerId and RoutingString concern
     * receptions, which this device is not doing. */
    if (job != NULL) {
        st->JobType = job->type;
        st->CurrentPage = job->current_page;
        st->TotalPages = job->page_count;
        st->Size = job->doc ? (DWORD)job->doc->size : 0;
        st->StartTime = job->started;
        st->SubmittedTime = job->submitted;
        st->PhoneNumber = sim_pack_str(&pk, job->recipient_number);
        st->SenderName = sim_pack_str(&pk, job->sender_name);
        st->RecipientName = sim_pack_str(&pk, job->recipient_name);
        st->DocumentName = sim_pack_str(&pk, job->document_name);
        st->UserName = sim_pack_str(&pk, job->user);
    }
    sim_unlock();
    *DeviceStatus = st;
    sim_leave(fn);
    return TRUE;
}
