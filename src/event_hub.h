/* The process's one registration for fax events, shared by every reader.
 *
 * Microsoft's page "Enabling an Application to Receive Notifications of Fax
 * Events" (learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/
 * -mfax-enabling-an-application-to-receive-notifications-of-fax-events)
 * says a client calls FaxInitializeEventQueue once per fax service session
 * (from FEI_FAXSVC_STARTED to FEI_FAXSVC_ENDED): a second call succeeds and
 * the service sends every event twice.  And a client keeps receiving events
 * after FaxClose of the handle it registered with.  So the registration is
 * the process's, not a handle's: this hub owns one completion port,
 * registered once per session, and a thread of its own that takes each
 * FAX_EVENTW out of it, hands every current subscriber a copy and gives the
 * original back with LocalFree.
 *
 * A subscriber is a completion port of the caller's (a FaxHandle's event
 * queue, server_events.c).  Copies reach it as packets whose OVERLAPPED
 * pointer is a LocalAlloc'd FAX_EVENTW with the subscriber's key, exactly
 * as the service's own packets would: the reader frees them with
 * LocalFree.  The hub never posts to a subscriber's port after
 * event_hub_unsubscribe returned, so the port may be closed then.
 *
 * Nothing here touches Python objects or needs the GIL: the hub is shared
 * by every interpreter of the process, and its thread never runs Python.
 * Every function below may block briefly and is called with the GIL
 * released. */
#ifndef WINFAX_EVENT_HUB_H
#define WINFAX_EVENT_HUB_H

#include "winfax_abi.h"

/* What the hub posts to a subscriber's port besides events (key; the
 * OVERLAPPED pointer is NULL and the byte count carries a serial). */
#define EVENT_HUB_SYNCED_KEY ((ULONG_PTR)0x53594E43u)   /* subscribing */
#define EVENT_HUB_FLUSHED_KEY ((ULONG_PTR)0x464C5553u)  /* event_hub_flush */

/* Owned by the caller, guarded by the hub while subscribed. */
typedef struct event_hub_subscriber event_hub_subscriber;
struct event_hub_subscriber {
    event_hub_subscriber *next;
    event_hub_subscriber *prev;
    HANDLE port;
    ULONG_PTR key;          /* the events' completion key */
    uintptr_t ticket;       /* 0 while not subscribed */
    int active;             /* events reach it */
    unsigned long generation;   /* the process it subscribed in (fork) */
};

/* Subscribes `port` (the caller's own completion port, which receives
 * event copies with `key`).  Every event the service posts after this
 * returns reaches the port; none from before the call does.  If the hub is
 * not registered in the current service session, it registers now with
 * `fax_handle` (the caller's open server handle, used for this one call;
 * events go on after it is closed).  The port must not be read by anyone
 * else meanwhile.  Returns ERROR_SUCCESS, or the Win32 error (of
 * FaxInitializeEventQueue, for instance), nothing subscribed then. */
DWORD event_hub_subscribe(event_hub_subscriber *s, HANDLE port, ULONG_PTR key,
                          HANDLE fax_handle);

/* Ends the subscription (nothing if there is none).  Once it returns the
 * hub posts nothing more to the port. */
void event_hub_unsubscribe(event_hub_subscriber *s);

/* Asks the hub to post EVENT_HUB_FLUSHED_KEY, with `serial` as the byte
 * count, to the subscriber's port once every event the service posted
 * before this call has been handed to it: a reader about to report "no
 * event in time" waits for that first, so the hub's hand-over never hides
 * an event that was already there.  ERROR_SUCCESS or a Win32 error. */
DWORD event_hub_flush(event_hub_subscriber *s, DWORD serial);

/* In the child after fork(): the hub's thread did not survive, and its
 * locks may have been held by threads that did not either.  The child
 * starts a hub of its own on first use (the parent's is abandoned, not
 * freed). */
void event_hub_after_fork_child(void);

#endif /* WINFAX_EVENT_HUB_H */
