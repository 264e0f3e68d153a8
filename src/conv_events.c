/* Event <- FAX_EVENTW. */
#include "conv_fill.h"
#include "server_events.h"

PyObject *winfax_from_event(winfax_state *st, const FAX_EVENTW *e)
{
    PyObject *r = winfax_record_alloc(st, REC_EVENT);
    if (r == NULL)
        return NULL;
    FILL(r, EVENT_event_id, winfax_from_dword(e->EventId));
    /* 0xFFFFFFFF ("no particular job") stays a number: a None here would
     * make every consumer test two kinds of "no job". */
    FILL(r, EVENT_job_id, winfax_from_dword(e->JobId));
    FILL(r, EVENT_device_id, winfax_from_dword(e->DeviceId));
    FILL(r, EVENT_timestamp, winfax_from_filetime(st, &e->TimeStamp, "Event.timestamp"));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}
