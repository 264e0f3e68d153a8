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

/* The installation callback writes into buffers we provide; the
 * documentation caps each string at 100 characters, and MAX_PATH-sized
 * buffers leave a misbehaving callback room before it overruns them. */
#define NAME_LIMIT 100u
#define CALLBACK_BUFFER 260u
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

/* Asks the callback for methods until it returns FALSE, without the lock.
 * Returns ERROR_SUCCESS with the methods in `e`, or the error. */
static DWORD collect_methods(HANDLE FaxHandle,
                             PFAX_ROUTING_INSTALLATION_CALLBACKW CallBack,
                             LPVOID Context, extension *e)
{
    WCHAR method_name[CALLBACK_BUFFER], friendly[CALLBACK_BUFFER];
    WCHAR function[CALLBACK_BUFFER], guid[CALLBACK_BUFFER];

    for (;;) {
        ext_method *grown, *m;
        int failed = 0, open;

        memset(method_name, 0, sizeof method_name);
        memset(friendly, 0, sizeof friendly);
        memset(function, 0, sizeof function);
        memset(guid, 0, sizeof guid);
        if (!CallBack(FaxHandle, Context, method_name, friendly, function, guid))
            return ERROR_SUCCESS;
        /* The callback may have closed the handle (it runs unlocked). */
        sim_lock();
        open = sim_handle_is_open(FaxHandle, SIM_HANDLE_SERVER);
        sim_unlock();
        if (!open)
            return ERROR_INVALID_HANDLE;
        /* Each string must fit the documented 100 characters, and a
         * method needs its GUID and function (our check). */
        method_name[CALLBACK_BUFFER - 1] = friendly[CALLBACK_BUFFER - 1] = 0;
        function[CALLBACK_BUFFER - 1] = guid[CALLBACK_BUFFER - 1] = 0;
        if (sim_wlen(method_name) > NAME_LIMIT || sim_wlen(friendly) > NAME_LIMIT ||
            sim_wlen(function) > NAME_LIMIT || sim_wlen(guid) > NAME_LIMIT ||
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
