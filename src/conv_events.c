/* Event <- FAX_EVENTW. */
#include "conv_fill.h"
#include "server_events.h"

PyObject *winfax_from_event(winfax_state *st, const FAX_EVENTW *e)
{
    PyObject *r = winfax_record_alloc(st, REC_EVENT);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, EVENT_event_id, winfax_from_dword(e->EventId)) < 0)
        goto fail;
    /* 0xFFFFFFFF ("no particular job") stays a number: a None here would
     * make every consumer test two kinds of "no job". */
    if (winfax_record_fill(r, EVENT_job_id, winfax_from_dword(e->JobId)) < 0)
        goto fail;
    if (winfax_record_fill(r, EVENT_device_id, winfax_from_dword(e->DeviceId)) < 0)
        goto fail;
    if (winfax_record_fill(r, EVENT_timestamp,
                           winfax_from_filetime(st, &e->TimeStamp, "Event.timestamp")) < 0)
        goto fail;
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}
