/* Inbound routing: the installed routing methods (server-wide, ordered by
 * priority) and, per device, whether each method is enabled and its opaque
 * configuration data.
 *
 * A fresh service has the default routing extension preregistered with the
 * methods MS-FAX 2.2.87 "Default Routing Methods" lists, under their
 * documented GUIDs: e-mail, folder and printer (the fourth, the MAPI
 * inbox, exists only on the oldest servers).  The friendly names are the
 * ones the fax console shows; the function and DLL names are our stand-ins
 * for the Microsoft routing extension's.  Every method starts disabled on
 * every device, and with empty configuration data. */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>
#include <string.h>

/* Defined in sim_state.h, where persistence can build them too. */
typedef sim_route_method method;
typedef sim_route_setting device_setting;

/* Guarded by the service lock.  methods[i] has priority i + 1. */
static method *methods;
static uint32_t method_count;
static device_setting *settings;

static const struct {
    const char *guid, *friendly, *function;
} defaults[] = {
    { "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}", "Route through e-mail",
      "FaxRouteEmail" },
    { "{92041a90-9af2-11d0-abf7-00c04fd91a4e}", "Store in a folder",
      "FaxRouteStore" },
    { "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}", "Print", "FaxRoutePrint" },
};
#define DEFAULT_IMAGE "%SystemRoot%\\system32\\msrouting.dll"
#define DEFAULT_EXTENSION "Microsoft Routing Extension"

static void method_clear(method *m)
{
    free(m->guid);
    free(m->friendly_name);
    free(m->function_name);
    free(m->image_name);
    free(m->extension_friendly_name);
}

static void setting_free(device_setting *s)
{
    free(s->guid);
    free(s->data);
    free(s);
}

static int find_method(LPCWSTR guid)
{
    for (uint32_t i = 0; i < method_count; i++)
        if (sim_wequal_nocase(methods[i].guid, guid))
            return (int)i;
    return -1;
}

int sim_routing_install(LPCWSTR guid, LPCWSTR friendly_name,
                        LPCWSTR function_name, LPCWSTR image_name,
                        LPCWSTR extension_friendly_name)
{
    method m = { 0 };
    int failed = 0, at = find_method(guid);

    failed |= sim_wdup(guid, &m.guid);
    failed |= sim_wdup(friendly_name, &m.friendly_name);
    failed |= sim_wdup(function_name, &m.function_name);
    failed |= sim_wdup(image_name, &m.image_name);
    failed |= sim_wdup(extension_friendly_name, &m.extension_friendly_name);
    if (failed) {
        method_clear(&m);
        return -1;
    }
    if (at >= 0) {                  /* reinstalled: keep its priority */
        method_clear(&methods[at]);
        methods[at] = m;
        return 0;
    }
    {
        method *grown = realloc(methods, (method_count + 1) * sizeof *methods);
        if (grown == NULL) {
            method_clear(&m);
            return -1;
        }
        methods = grown;
    }
    methods[method_count++] = m;
    return 0;
}

static int install_ascii(const char *guid, const char *friendly,
                         const char *function, const char *image,
                         const char *extension)
{
    WCHAR *g = sim_wfrom_utf8(guid), *f = sim_wfrom_utf8(friendly);
    WCHAR *fn = sim_wfrom_utf8(function), *i = sim_wfrom_utf8(image);
    WCHAR *e = sim_wfrom_utf8(extension);
    int rc = -1;

    if (g && f && fn && i && e)
        rc = sim_routing_install(g, f, fn, i, e);
    free(g);
    free(f);
    free(fn);
    free(i);
    free(e);
    return rc;
}

void sim_routing_image_clear(sim_routing_image *image)
{
    while (image->settings != NULL) {
        device_setting *next = image->settings->next;
        setting_free(image->settings);
        image->settings = next;
    }
    for (uint32_t i = 0; i < image->method_count; i++)
        method_clear(&image->methods[i]);
    free(image->methods);
    image->methods = NULL;
    image->method_count = 0;
}

void sim_routing_view(sim_routing_image *view)
{
    view->methods = methods;
    view->method_count = method_count;
    view->settings = settings;
}

void sim_routing_exchange(sim_routing_image *image)
{
    sim_routing_image old;

    sim_routing_view(&old);
    methods = image->methods;
    method_count = image->method_count;
    settings = image->settings;
    *image = old;
}

void sim_routing_reset(void)
{
    sim_routing_image old;

    /* Detach the live state first, so it is freed through one path. */
    sim_routing_view(&old);
    methods = NULL;
    method_count = 0;
    settings = NULL;
    sim_routing_image_clear(&old);
    /* Out of memory here leaves fewer default methods; nothing else. */
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        (void)install_ascii(defaults[i].guid, defaults[i].friendly,
                            defaults[i].function, DEFAULT_IMAGE,
                            DEFAULT_EXTENSION);
}

void sim_routing_device_removed(DWORD device_id)
{
    device_setting **link = &settings;

    while (*link != NULL) {
        device_setting *s = *link;
        if (s->device_id == device_id) {
            *link = s->next;
            setting_free(s);
        }
        else {
            link = &s->next;
        }
    }
}

static device_setting *find_setting(DWORD device_id, LPCWSTR guid)
{
    for (device_setting *s = settings; s != NULL; s = s->next)
        if (s->device_id == device_id && sim_wequal_nocase(s->guid, guid))
            return s;
    return NULL;
}

/* The setting for a device and an installed method, created on first use;
 * NULL when out of memory. */
static device_setting *setting_for(DWORD device_id, int m)
{
    device_setting *s = find_setting(device_id, methods[m].guid);

    if (s != NULL)
        return s;
    s = calloc(1, sizeof *s);
    if (s == NULL || sim_wdup(methods[m].guid, &s->guid) != 0) {
        free(s);
        return NULL;
    }
    s->device_id = device_id;
    s->next = settings;
    settings = s;
    return s;
}

/* ---- client calls ------------------------------------------------------- */

/* The device behind an open port handle with `right`; lock held on success,
 * released on failure with *error set. */
static sim_port *routing_port(HANDLE h, DWORD right, DWORD *error)
{
    DWORD device_id, flags;
    sim_port *port;

    sim_lock();
    if (!sim_port_handle_info(h, &device_id, &flags))
        *error = ERROR_INVALID_HANDLE;
    else if (!sim_has_rights(right))
        *error = ERROR_ACCESS_DENIED;
    else if ((port = sim_port_find(device_id)) == NULL)
        *error = ERROR_BAD_UNIT;
    else
        return port;
    sim_unlock();
    return NULL;
}

static size_t method_strings(const method *m)
{
    return sim_wbytes(m->guid) + sim_wbytes(m->friendly_name) +
           sim_wbytes(m->function_name) + sim_wbytes(m->image_name) +
           sim_wbytes(m->extension_friendly_name);
}

WINFAXAPI BOOL WINAPI FaxEnumRoutingMethodsW(HANDLE FaxPortHandle,
                                             PFAX_ROUTING_METHODW *RoutingMethod,
                                             LPDWORD MethodsReturned)
{
    const sim_function fn = SIM_FN_FaxEnumRoutingMethodsW;
    DWORD error = sim_enter(fn);
    FAX_ROUTING_METHODW *out;
    sim_port *port;
    size_t size;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || RoutingMethod == NULL || MethodsReturned == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    port = routing_port(FaxPortHandle, FAX_PORT_QUERY, &error);
    if (port == NULL)
        return sim_fail(fn, error);
    size = method_count * sizeof *out;
    for (uint32_t i = 0; i < method_count; i++)
        size += method_strings(&methods[i]) + sim_wbytes(port->name);
    out = sim_buffer_alloc(size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + method_count);
    for (uint32_t i = 0; i < method_count; i++) {
        const device_setting *s = find_setting(port->device_id, methods[i].guid);
        out[i].SizeOfStruct = sizeof out[i];
        out[i].DeviceId = port->device_id;
        out[i].Enabled = s != NULL && s->enabled;
        out[i].DeviceName = sim_pack_str(&pk, port->name);
        out[i].Guid = sim_pack_str(&pk, methods[i].guid);
        out[i].FriendlyName = sim_pack_str(&pk, methods[i].friendly_name);
        out[i].FunctionName = sim_pack_str(&pk, methods[i].function_name);
        out[i].ExtensionImageName = sim_pack_str(&pk, methods[i].image_name);
        out[i].ExtensionFriendlyName =
            sim_pack_str(&pk, methods[i].extension_friendly_name);
    }
    *MethodsReturned = method_count;
    sim_unlock();
    *RoutingMethod = out;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxEnableRoutingMethodW(HANDLE FaxPortHandle,
                                              LPCWSTR RoutingGuid, BOOL Enabled)
{
    const sim_function fn = SIM_FN_FaxEnableRoutingMethodW;
    DWORD error = sim_enter(fn);
    device_setting *s;
    sim_port *port;
    int m;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || RoutingGuid == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    /* Documented: FAX_PORT_SET.  The page does not ask for a port opened
     * with PORT_OPEN_MODIFY (only FaxSetPort does), so neither do we. */
    port = routing_port(FaxPortHandle, FAX_PORT_SET, &error);
    if (port == NULL)
        return sim_fail(fn, error);
    m = find_method(RoutingGuid);
    if (m < 0)
        return sim_fail_locked(fn, ERROR_INVALID_DATA);
    s = setting_for(port->device_id, m);
    if (s == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    s->enabled = Enabled != 0;
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxGetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                         LPBYTE *RoutingInfoBuffer,
                                         LPDWORD RoutingInfoBufferSize)
{
    const sim_function fn = SIM_FN_FaxGetRoutingInfoW;
    DWORD error = sim_enter(fn), size;
    const device_setting *s;
    sim_port *port;
    BYTE *out;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || RoutingGuid == NULL ||
        RoutingInfoBuffer == NULL || RoutingInfoBufferSize == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    port = routing_port(FaxPortHandle, FAX_PORT_QUERY, &error);
    if (port == NULL)
        return sim_fail(fn, error);
    if (find_method(RoutingGuid) < 0)
        return sim_fail_locked(fn, ERROR_INVALID_DATA);
    s = find_setting(port->device_id, RoutingGuid);
    size = s != NULL ? s->data_size : 0;
    /* Never-configured data comes back as an empty (but real) buffer. */
    out = sim_buffer_alloc(size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    if (size)
        memcpy(out, s->data, size);
    sim_unlock();
    *RoutingInfoBuffer = out;
    *RoutingInfoBufferSize = size;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxSetRoutingInfoW(HANDLE FaxPortHandle, LPCWSTR RoutingGuid,
                                         const BYTE *RoutingInfoBuffer,
                                         DWORD RoutingInfoBufferSize)
{
    const sim_function fn = SIM_FN_FaxSetRoutingInfoW;
    DWORD error = sim_enter(fn);
    device_setting *s;
    sim_port *port;
    BYTE *copy;
    int m;

    if (error)
        return sim_fail(fn, error);
    if (FaxPortHandle == NULL || RoutingGuid == NULL || RoutingInfoBuffer == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    copy = malloc(RoutingInfoBufferSize ? RoutingInfoBufferSize : 1);
    if (copy == NULL)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);
    memcpy(copy, RoutingInfoBuffer, RoutingInfoBufferSize);
    port = routing_port(FaxPortHandle, FAX_PORT_SET, &error);
    if (port == NULL) {
        free(copy);
        return sim_fail(fn, error);
    }
    m = find_method(RoutingGuid);
    s = m < 0 ? NULL : setting_for(port->device_id, m);
    if (s == NULL) {
        free(copy);
        return sim_fail_locked(fn, m < 0 ? ERROR_INVALID_DATA
                                         : ERROR_NOT_ENOUGH_MEMORY);
    }
    free(s->data);
    s->data = copy;
    s->data_size = RoutingInfoBufferSize;
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxEnumGlobalRoutingInfoW(HANDLE FaxHandle,
                                                PFAX_GLOBAL_ROUTING_INFOW *RoutingInfo,
                                                LPDWORD MethodsReturned)
{
    const sim_function fn = SIM_FN_FaxEnumGlobalRoutingInfoW;
    DWORD error = sim_enter(fn);
    FAX_GLOBAL_ROUTING_INFOW *out;
    size_t size;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || RoutingInfo == NULL || MethodsReturned == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_CONFIG_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    size = method_count * sizeof *out;
    for (uint32_t i = 0; i < method_count; i++)
        size += method_strings(&methods[i]);
    out = sim_buffer_alloc(size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + method_count);
    for (uint32_t i = 0; i < method_count; i++) {
        out[i].SizeOfStruct = sizeof out[i];
        out[i].Priority = i + 1;
        out[i].Guid = sim_pack_str(&pk, methods[i].guid);
        out[i].FriendlyName = sim_pack_str(&pk, methods[i].friendly_name);
        out[i].FunctionName = sim_pack_str(&pk, methods[i].function_name);
        out[i].ExtensionImageName = sim_pack_str(&pk, methods[i].image_name);
        out[i].ExtensionFriendlyName =
            sim_pack_str(&pk, methods[i].extension_friendly_name);
    }
    *MethodsReturned = method_count;
    sim_unlock();
    *RoutingInfo = out;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxSetGlobalRoutingInfoW(HANDLE FaxHandle,
                                               const FAX_GLOBAL_ROUTING_INFOW *RoutingInfo)
{
    const sim_function fn = SIM_FN_FaxSetGlobalRoutingInfoW;
    DWORD error = sim_enter(fn);
    uint32_t from, to;
    method moved;
    int m;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || RoutingInfo == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_CONFIG_SET))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    /* "RoutingInfo invalid": a wrong SizeOfStruct, or a priority outside
     * the documented 1..n. */
    if (RoutingInfo->SizeOfStruct != sizeof *RoutingInfo ||
        RoutingInfo->Priority < 1 || RoutingInfo->Priority > method_count)
        return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    /* Documented: a GUID that is not an installed method. */
    m = RoutingInfo->Guid ? find_method(RoutingInfo->Guid) : -1;
    if (m < 0)
        return sim_fail_locked(fn, ERROR_INVALID_DATA);
    /* "Currently the Priority member is the only member that an
     * application can modify": move the method, renumbering the rest. */
    from = (uint32_t)m;
    to = RoutingInfo->Priority - 1;
    moved = methods[from];
    if (from < to)
        memmove(&methods[from], &methods[from + 1], (to - from) * sizeof *methods);
    else if (from > to)
        memmove(&methods[to + 1], &methods[to], (from - to) * sizeof *methods);
    methods[to] = moved;
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}
