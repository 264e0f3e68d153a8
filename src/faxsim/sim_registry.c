/* Installation-time registration: FaxRegisterServiceProviderW,
 * FaxUnregisterServiceProviderW and FaxRegisterRoutingExtensionW.
 *
 * These write the fax service's registry key, which "requires write
 * access to HKEY_LOCAL_MACHINE": the simulated user has it unless a test
 * calls faxsim_set_admin(0), and then the write is ERROR_ACCESS_DENIED,
 * as the registry reports it.  Registering a name again overwrites the
 * earlier entry, as a registry write does.  Nothing registered here
 * changes the running service: "you must restart the fax service to use a
 * fax routing method" registered this way, so routing extensions' methods
 * join the installed set at faxsim_restart. */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

/* The installation callback writes each string into a buffer we provide.
 * Its page (learn.microsoft.com/en-us/windows/win32/api/winfax/
 * nc-winfax-pfax_routing_installation_callbackw) says only that each
 * string "must not exceed 100 characters", not whether the terminating
 * NUL is one of them, so the buffers hold 100 WCHARs in all, the smallest
 * size that reading allows: a string fits if its NUL is among them (at
 * most 99 characters).  Bigger buffers would hide a client that writes
 * 101.  Each buffer is followed by a guard that a correct callback never
 * touches; under AddressSanitizer the guard is poisoned, so a write there
 * is reported where it happens, and otherwise it is checked after each
 * call and an overrun fails the registration. */
#define NAME_BUFFER 100u
#define GUARD_WCHARS 12u            /* keeps every buffer 8-byte aligned */
#define SLOT_WCHARS (NAME_BUFFER + GUARD_WCHARS)
#define GUARD_UNIT 0xFDFDu
#define CALLBACK_STRINGS 4u

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#endif
#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* A callback that never returns FALSE is stopped after this many. */
#define MAX_METHODS 4096u

/* Defined in sim_state.h, where persistence can build them too. */
typedef sim_provider provider;
typedef sim_ext_method ext_method;
typedef sim_extension extension;

static provider *providers;      /* guarded by the service lock */
static extension *extensions;

static void provider_free(provider *p)
{
    free(p->name);
    free(p->friendly_name);
    free(p->image_name);
    free(p->tsp_name);
    free(p);
}

static void extension_free(extension *e)
{
    if (e == NULL)
        return;
    for (uint32_t i = 0; i < e->method_count; i++) {
        free(e->methods[i].guid);
        free(e->methods[i].friendly_name);
        free(e->methods[i].function_name);
    }
    free(e->methods);
    free(e->name);
    free(e->friendly_name);
    free(e->image_name);
    free(e);
}

void sim_registry_image_clear(sim_registry_image *image)
{
    while (image->providers != NULL) {
        provider *next = image->providers->next;
        provider_free(image->providers);
        image->providers = next;
    }
    while (image->extensions != NULL) {
        extension *next = image->extensions->next;
        extension_free(image->extensions);
        image->extensions = next;
    }
}

void sim_registry_view(sim_registry_image *view)
{
    view->providers = providers;
    view->extensions = extensions;
}

void sim_registry_exchange(sim_registry_image *image)
{
    sim_registry_image old = { providers, extensions };

    providers = image->providers;
    extensions = image->extensions;
    *image = old;
}

void sim_registry_reset(void)
{
    sim_registry_image old = { providers, extensions };

    providers = NULL;
    extensions = NULL;
    sim_registry_image_clear(&old);
}

void sim_registry_activate(void)
{
    /* Out of memory leaves a method uninstalled; a later restart retries. */
    for (const extension *e = extensions; e != NULL; e = e->next)
        for (uint32_t i = 0; i < e->method_count; i++)
            (void)sim_routing_install(e->methods[i].guid,
                                      e->methods[i].friendly_name,
                                      e->methods[i].function_name,
                                      e->image_name, e->friendly_name);
}

FAXSIM_API uint32_t faxsim_provider_count(void)
{
    uint32_t n = 0;
    sim_lock();
    for (const provider *p = providers; p != NULL; p = p->next)
        n++;
    sim_unlock();
    return n;
}

/* ---- service providers -------------------------------------------------- */

WINFAXAPI BOOL WINAPI FaxRegisterServiceProviderW(LPCWSTR DeviceProvider,
                                                  LPCWSTR FriendlyName,
                                                  LPCWSTR ImageName,
                                                  LPCWSTR TspName)
{
    const sim_function fn = SIM_FN_FaxRegisterServiceProviderW;
    DWORD error = sim_enter(fn);
    provider *p, **link;
    int failed = 0;

    if (error)
        return sim_fail(fn, error);
    /* Documented: every parameter is required.  TspName may be empty ("for
     * a virtual fax device, use an empty string"); the provider's internal
     * name and its DLL may not (our check). */
    if (DeviceProvider == NULL || FriendlyName == NULL || ImageName == NULL ||
        TspName == NULL || DeviceProvider[0] == 0 || ImageName[0] == 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    p = calloc(1, sizeof *p);
    if (p == NULL)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    failed |= sim_wdup(DeviceProvider, &p->name);
    failed |= sim_wdup(FriendlyName, &p->friendly_name);
    failed |= sim_wdup(ImageName, &p->image_name);
    failed |= sim_wdup(TspName, &p->tsp_name);
    if (failed) {
        provider_free(p);
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    }
    sim_lock();
    if (!sim_user_is_admin()) {
        sim_unlock();
        provider_free(p);
        return sim_fail(fn, ERROR_ACCESS_DENIED);
    }
    /* Registry key names are case-insensitive. */
    for (link = &providers; *link != NULL; link = &(*link)->next)
        if (sim_wequal_nocase((*link)->name, DeviceProvider))
            break;
    if (*link != NULL) {
        provider *old = *link;
        p->next = old->next;
        *link = p;
        sim_unlock();
        provider_free(old);
    }
    else {
        *link = p;
        sim_unlock();
    }
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxUnregisterServiceProviderW(LPCWSTR DeviceProvider)
{
    const sim_function fn = SIM_FN_FaxUnregisterServiceProviderW;
    DWORD error = sim_enter(fn);
    provider **link, *gone;

    if (error)
        return sim_fail(fn, error);
    if (DeviceProvider == NULL || DeviceProvider[0] == 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_user_is_admin())
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    for (link = &providers; *link != NULL; link = &(*link)->next)
        if (sim_wequal_nocase((*link)->name, DeviceProvider))
            break;
    /* Undocumented: an unknown provider is a registry key that does not
     * exist, which the registry reports as ERROR_FILE_NOT_FOUND. */
    if (*link == NULL)
        return sim_fail_locked(fn, ERROR_FILE_NOT_FOUND);
    gone = *link;
    *link = gone->next;
    sim_unlock();
    provider_free(gone);
    sim_leave(fn);
    return TRUE;
}

/* ---- routing extensions ------------------------------------------------- */

/* The length of a string the callback wrote into a NAME_BUFFER buffer, or
 * NAME_BUFFER if its NUL is not there (it did not fit). */
static size_t callback_string_length(const WCHAR *buffer)
{
    size_t n = 0;
    while (n < NAME_BUFFER && buffer[n] != 0)
        n++;
    return n;
}

/* The guards of the callback buffers in `slots` are as set: 1, or 0 if the
 * callback wrote past a buffer.  Under ASan the poisoned guards are never
 * read: a write there has already been reported. */
static int guards_intact(const WCHAR *slots)
{
#ifdef SIM_ASAN
    (void)slots;
    return 1;
#else
    for (uint32_t k = 0; k < CALLBACK_STRINGS; k++)
        for (uint32_t i = NAME_BUFFER; i < SLOT_WCHARS; i++)
            if (slots[k * SLOT_WCHARS + i] != GUARD_UNIT)
                return 0;
    return 1;
#endif
}

/* Asks the callback for methods until it returns FALSE, without the lock.
 * Returns ERROR_SUCCESS with the methods in `e`, or the error. */
static DWORD ask_callback(HANDLE FaxHandle,
                          PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
                          LPVOID Context, extension *e, WCHAR *slots)
{
    WCHAR *method_name = slots, *friendly = slots + SLOT_WCHARS;
    WCHAR *function = slots + 2 * SLOT_WCHARS, *guid = slots + 3 * SLOT_WCHARS;

    for (;;) {
        ext_method *grown, *m;
        int failed = 0, open;

        for (uint32_t k = 0; k < CALLBACK_STRINGS; k++)
            memset(slots + k * SLOT_WCHARS, 0, NAME_BUFFER * sizeof(WCHAR));
        if (!CallBack(FaxHandle, Context, method_name, friendly, function, guid))
            return guards_intact(slots) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
        if (!guards_intact(slots))
            return ERROR_INVALID_PARAMETER;
        /* The callback may have closed the handle (it runs unlocked). */
        sim_lock();
        open = sim_handle_is_open(FaxHandle, SIM_HANDLE_SERVER);
        sim_unlock();
        if (!open)
            return ERROR_INVALID_HANDLE;
        /* Each string must fit its buffer, and a method needs its GUID and
         * function (our check). */
        if (callback_string_length(method_name) == NAME_BUFFER ||
            callback_string_length(friendly) == NAME_BUFFER ||
            callback_string_length(function) == NAME_BUFFER ||
            callback_string_length(guid) == NAME_BUFFER ||
            guid[0] == 0 || function[0] == 0)
            return ERROR_INVALID_PARAMETER;
        if (e->method_count == MAX_METHODS)
            return ERROR_INVALID_PARAMETER;
        grown = realloc(e->methods, (e->method_count + 1) * sizeof *grown);
        if (grown == NULL)
            return ERROR_NOT_ENOUGH_MEMORY;
        e->methods = grown;
        m = &e->methods[e->method_count];
        memset(m, 0, sizeof *m);
        e->method_count++;
        failed |= sim_wdup(guid, &m->guid);
        failed |= sim_wdup(friendly, &m->friendly_name);
        failed |= sim_wdup(function, &m->function_name);
        if (failed)
            return ERROR_NOT_ENOUGH_MEMORY;
    }
}

/* The callback's buffers, each NAME_BUFFER WCHARs and its guard, in one
 * allocation that lives for the whole registration. */
static DWORD collect_methods(HANDLE FaxHandle,
                             PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
                             LPVOID Context, extension *e)
{
    WCHAR *slots = malloc(CALLBACK_STRINGS * SLOT_WCHARS * sizeof(WCHAR));
    DWORD error;

    if (slots == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (uint32_t k = 0; k < CALLBACK_STRINGS; k++) {
        WCHAR *guard = slots + k * SLOT_WCHARS + NAME_BUFFER;
        for (uint32_t i = 0; i < GUARD_WCHARS; i++)
            guard[i] = GUARD_UNIT;
#ifdef SIM_ASAN
        ASAN_POISON_MEMORY_REGION(guard, GUARD_WCHARS * sizeof(WCHAR));
#endif
    }
    error = ask_callback(FaxHandle, CallBack, Context, e, slots);
#ifdef SIM_ASAN
    ASAN_UNPOISON_MEMORY_REGION(slots, CALLBACK_STRINGS * SLOT_WCHARS * sizeof(WCHAR));
#endif
    free(slots);
    return error;
}

/* The registration is written once every method is known, so a failed
 * call registers nothing. */
WINFAXAPI BOOL WINAPI FaxRegisterRoutingExtensionW(
    HANDLE FaxHandle, LPCWSTR ExtensionName, LPCWSTR FriendlyName,
    LPCWSTR ImageName, PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
    LPVOID Context)
{
    const sim_function fn = SIM_FN_FaxRegisterRoutingExtensionW;
    DWORD error = sim_enter(fn);
    extension *e, **link;
    int failed = 0;

    if (error)
        return sim_fail(fn, error);
    /* Documented: "All parameters ... are required" (Context is the
     * caller's own value, so NULL is allowed for it). */
    if (FaxHandle == NULL || ExtensionName == NULL || FriendlyName == NULL ||
        ImageName == NULL || CallBack == NULL || ExtensionName[0] == 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_user_is_admin())
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    sim_unlock();

    e = calloc(1, sizeof *e);
    if (e == NULL)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    failed |= sim_wdup(ExtensionName, &e->name);
    failed |= sim_wdup(FriendlyName, &e->friendly_name);
    failed |= sim_wdup(ImageName, &e->image_name);
    error = failed ? ERROR_NOT_ENOUGH_MEMORY
                   : collect_methods(FaxHandle, CallBack, Context, e);
    if (error) {
        extension_free(e);
        return sim_fail(fn, error);
    }
    sim_lock();
    for (link = &extensions; *link != NULL; link = &(*link)->next)
        if (sim_wequal_nocase((*link)->name, ExtensionName))
            break;
    if (*link != NULL) {
        extension *old = *link;
        e->next = old->next;
        *link = e;
        sim_unlock();
        extension_free(old);
    }
    else {
        *link = e;
        sim_unlock();
    }
    sim_leave(fn);
    return TRUE;
}
