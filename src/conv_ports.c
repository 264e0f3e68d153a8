/* PortInfo <-> FAX_PORT_INFOW, DeviceStatus <- FAX_DEVICE_STATUSW. */
#include "conv_fill.h"

PyObject *winfax_from_port_info(winfax_state *st, const FAX_PORT_INFOW *p)
{
    /* States are large ints (0x20100000) that most devices share. */
    PyObject *r = winfax_record_alloc(st, REC_PORT_INFO);
    if (r == NULL)
        return NULL;
    FILL(r, PORT_INFO_device_id, winfax_from_dword(p->DeviceId));
    FILL(r, PORT_INFO_state, winfax_from_dword_shared(p->State));
    FILL(r, PORT_INFO_flags, winfax_from_dword_shared(p->Flags));
    FILL(r, PORT_INFO_rings, winfax_from_dword_shared(p->Rings));
    FILL(r, PORT_INFO_priority, winfax_from_dword_shared(p->Priority));
    FILL(r, PORT_INFO_device_name, winfax_utf16_to_str(p->DeviceName));
    FILL(r, PORT_INFO_tsid, winfax_utf16_to_str(p->Tsid));
    FILL(r, PORT_INFO_csid, winfax_utf16_to_str(p->Csid));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_port_info(winfax_state *st, PyObject *rec, winfax_arena *arena,
                        FAX_PORT_INFOW *out)
{
    if (!winfax_record_check(st, rec, REC_PORT_INFO, "info"))
        return -1;
    memset(out, 0, sizeof *out);
    out->SizeOfStruct = sizeof *out;
    DWORD_OF(rec, PORT_INFO_device_id, &out->DeviceId);
    DWORD_OF(rec, PORT_INFO_state, &out->State);
    DWORD_OF(rec, PORT_INFO_flags, &out->Flags);
    DWORD_OF(rec, PORT_INFO_rings, &out->Rings);
    DWORD_OF(rec, PORT_INFO_priority, &out->Priority);
    STR(rec, PORT_INFO_device_name, "PortInfo.device_name", &out->DeviceName);
    STR(rec, PORT_INFO_tsid, "PortInfo.tsid", &out->Tsid);
    STR(rec, PORT_INFO_csid, "PortInfo.csid", &out->Csid);
    return 0;
}

PyObject *winfax_from_device_status(winfax_state *st, const FAX_DEVICE_STATUSW *d)
{
    PyObject *r = winfax_record_alloc(st, REC_DEVICE_STATUS);
    if (r == NULL)
        return NULL;
    FILL(r, DEVICE_STATUS_caller_id, winfax_utf16_to_str(d->CallerId));
    FILL(r, DEVICE_STATUS_csid, winfax_utf16_to_str(d->Csid));
    FILL(r, DEVICE_STATUS_current_page, winfax_from_dword(d->CurrentPage));
    FILL(r, DEVICE_STATUS_device_id, winfax_from_dword(d->DeviceId));
    FILL(r, DEVICE_STATUS_device_name, winfax_utf16_to_str(d->DeviceName));
    FILL(r, DEVICE_STATUS_document_name, winfax_utf16_to_str(d->DocumentName));
    FILL(r, DEVICE_STATUS_job_type, winfax_from_dword(d->JobType));
    FILL(r, DEVICE_STATUS_phone_number, winfax_utf16_to_str(d->PhoneNumber));
    FILL(r, DEVICE_STATUS_routing_string, winfax_utf16_to_str(d->RoutingString));
    FILL(r, DEVICE_STATUS_sender_name, winfax_utf16_to_str(d->SenderName));
    FILL(r, DEVICE_STATUS_recipient_name, winfax_utf16_to_str(d->RecipientName));
    FILL(r, DEVICE_STATUS_size, winfax_from_dword(d->Size));
    FILL(r, DEVICE_STATUS_start_time,
         winfax_from_filetime(st, &d->StartTime, "DeviceStatus.start_time"));
    FILL(r, DEVICE_STATUS_status, winfax_from_dword(d->Status));
    FILL(r, DEVICE_STATUS_status_string, winfax_utf16_to_str(d->StatusString));
    FILL(r, DEVICE_STATUS_submitted_time,
         winfax_from_filetime(st, &d->SubmittedTime, "DeviceStatus.submitted_time"));
    FILL(r, DEVICE_STATUS_total_pages, winfax_from_dword(d->TotalPages));
    FILL(r, DEVICE_STATUS_tsid, winfax_utf16_to_str(d->Tsid));
    FILL(r, DEVICE_STATUS_user_name, winfax_utf16_to_str(d->UserName));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}
