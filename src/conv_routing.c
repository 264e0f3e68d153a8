/* RoutingMethod <- FAX_ROUTING_METHODW,
 * GlobalRoutingInfo <-> FAX_GLOBAL_ROUTING_INFOW. */
#include "conv_fill.h"

PyObject *winfax_from_routing_method(winfax_state *st, const FAX_ROUTING_METHODW *m)
{
    PyObject *r = winfax_record_alloc(st, REC_ROUTING_METHOD);
    if (r == NULL)
        return NULL;
    FILL(r, ROUTING_METHOD_device_id, winfax_from_dword(m->DeviceId));
    FILL(r, ROUTING_METHOD_enabled, winfax_from_bool(m->Enabled));
    FILL(r, ROUTING_METHOD_device_name, winfax_utf16_to_str(m->DeviceName));
    FILL(r, ROUTING_METHOD_guid, winfax_utf16_to_str(m->Guid));
    FILL(r, ROUTING_METHOD_friendly_name, winfax_utf16_to_str(m->FriendlyName));
    FILL(r, ROUTING_METHOD_function_name, winfax_utf16_to_str(m->FunctionName));
    FILL(r, ROUTING_METHOD_extension_image_name,
         winfax_utf16_to_str(m->ExtensionImageName));
    FILL(r, ROUTING_METHOD_extension_friendly_name,
         winfax_utf16_to_str(m->ExtensionFriendlyName));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

PyObject *winfax_from_global_routing(winfax_state *st, const FAX_GLOBAL_ROUTING_INFOW *g)
{
    PyObject *r = winfax_record_alloc(st, REC_GLOBAL_ROUTING_INFO);
    if (r == NULL)
        return NULL;
    FILL(r, GLOBAL_ROUTING_INFO_priority, winfax_from_dword(g->Priority));
    FILL(r, GLOBAL_ROUTING_INFO_guid, winfax_utf16_to_str(g->Guid));
    FILL(r, GLOBAL_ROUTING_INFO_friendly_name, winfax_utf16_to_str(g->FriendlyName));
    FILL(r, GLOBAL_ROUTING_INFO_function_name, winfax_utf16_to_str(g->FunctionName));
    FILL(r, GLOBAL_ROUTING_INFO_extension_image_name,
         winfax_utf16_to_str(g->ExtensionImageName));
    FILL(r, GLOBAL_ROUTING_INFO_extension_friendly_name,
         winfax_utf16_to_str(g->ExtensionFriendlyName));
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_global_routing(winfax_state *st, PyObject *rec, winfax_arena *arena,
                             FAX_GLOBAL_ROUTING_INFOW *out)
{
    if (!winfax_record_check(st, rec, REC_GLOBAL_ROUTING_INFO, "info"))
        return -1;
    memset(out, 0, sizeof *out);
    out->SizeOfStruct = sizeof *out;
    DWORD_OF(rec, GLOBAL_ROUTING_INFO_priority, &out->Priority);
    STR(rec, GLOBAL_ROUTING_INFO_guid, "GlobalRoutingInfo.guid", &out->Guid);
    STR(rec, GLOBAL_ROUTING_INFO_friendly_name, "GlobalRoutingInfo.friendly_name",
        &out->FriendlyName);
    STR(rec, GLOBAL_ROUTING_INFO_function_name, "GlobalRoutingInfo.function_name",
        &out->FunctionName);
    STR(rec, GLOBAL_ROUTING_INFO_extension_image_name,
        "GlobalRoutingInfo.extension_image_name", &out->ExtensionImageName);
    STR(rec, GLOBAL_ROUTING_INFO_extension_friendly_name,
        "GlobalRoutingInfo.extension_friendly_name", &out->ExtensionFriendlyName);
    return 0;
}
