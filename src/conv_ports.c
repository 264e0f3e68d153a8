/* PortInfo <-> FAX_PORT_INFOW, DeviceStatus <- FAX_DEVICE_STATUSW. */
#include "conv_fill.h"

PyObject *winfax_from_port_info(winfax_state *st, const FAX_PORT_INFOW *p)
{
    /* States are large ints (0x20100000) that most devices share. */
    PyObject *r = winfax_record_alloc(st, REC_PORT_INFO);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, PORT_INFO_device_id, winfax_from_dword(p->DeviceId)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_state, winfax_from_dword_shared(p->State)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_flags, winfax_from_dword_shared(p->Flags)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_rings, winfax_from_dword_shared(p->Rings)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_priority,
                           winfax_from_dword_shared(p->Priority)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_device_name,
                           winfax_utf16_to_str(p->DeviceName)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_tsid, winfax_utf16_to_str(p->Tsid)) < 0)
        goto fail;
    if (winfax_record_fill(r, PORT_INFO_csid, winfax_utf16_to_str(p->Csid)) < 0)
        goto fail;
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
    if (winfax_field_to_dword(rec, PORT_INFO_device_id, &out->DeviceId) < 0)
        return -1;
    if (winfax_field_to_dword(rec, PORT_INFO_state, &out->State) < 0)
        return -1;
    if (winfax_field_to_dword(rec, PORT_INFO_flags, &out->Flags) < 0)
        return -1;
    if (winfax_field_to_dword(rec, PORT_INFO_rings, &out->Rings) < 0)
        return -1;
    if (winfax_field_to_dword(rec, PORT_INFO_priority, &out->Priority) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PORT_INFO_device_name, "PortInfo.device_name",
                            &out->DeviceName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PORT_INFO_tsid, "PortInfo.tsid", &out->Tsid) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PORT_INFO_csid, "PortInfo.csid", &out->Csid) < 0)
        return -1;
    return 0;
}

PyObject *winfax_from_device_status(winfax_state *st, const FAX_DEVICE_STATUSW *d)
{
    PyObject *r = winfax_record_alloc(st, REC_DEVICE_STATUS);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, DEVICE_STATUS_caller_id,
                           winfax_utf16_to_str(d->CallerId)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_csid, winfax_utf16_to_str(d->Csid)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_current_page,
                           winfax_from_dword(d->CurrentPage)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_device_id, winfax_from_dword(d->DeviceId)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_device_name,
                           winfax_utf16_to_str(d->DeviceName)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_document_name,
                           winfax_utf16_to_str(d->DocumentName)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_job_type, winfax_from_dword(d->JobType)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_phone_number,
                           winfax_utf16_to_str(d->PhoneNumber)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_routing_string,
                           winfax_utf16_to_str(d->RoutingString)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_sender_name,
                           winfax_utf16_to_str(d->SenderName)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_recipient_name,
                           winfax_utf16_to_str(d->RecipientName)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_size, winfax_from_dword(d->Size)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_start_time,
                           winfax_from_filetime(st, &d->StartTime,
                                                "DeviceStatus.start_time")) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_status, winfax_from_dword(d->Status)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_status_string,
                           winfax_utf16_to_str(d->StatusString)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_submitted_time,
                           winfax_from_filetime(st, &d->SubmittedTime,
                                                "DeviceStatus.submitted_time")) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_total_pages,
                           winfax_from_dword(d->TotalPages)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_tsid, winfax_utf16_to_str(d->Tsid)) < 0)
        goto fail;
    if (winfax_record_fill(r, DEVICE_STATUS_user_name,
                           winfax_utf16_to_str(d->UserName)) < 0)
        goto fail;
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}
