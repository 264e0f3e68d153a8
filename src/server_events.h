/* Fax events (FaxInitializeEventQueue): FaxHandle.events(), aevents() and
 * the conversion of FAX_EVENTW into winfax.Event. */
#ifndef WINFAX_SERVER_EVENTS_H
#define WINFAX_SERVER_EVENTS_H

#include <Python.h>

#include "module_state.h"
#include "winfax_abi.h"

/* A new Event record, or NULL.  The caller still owns `e` (and frees it
 * with LocalFree whether or not this succeeds). */
PyObject *winfax_from_event(winfax_state *st, const FAX_EVENTW *e);

/* The type of the iterators events() returns; module_exec makes it. */
extern PyType_Spec winfax_event_iterator_spec;

#endif /* WINFAX_SERVER_EVENTS_H */
