/* RoutingMethod <- FAX_ROUTING_METHODW,
 * GlobalRoutingInfo <-> FAX_GLOBAL_ROUTING_INFOW. */
#include "conv_fill.h"

PyObject *winfax_from_routing_method(winfax_state *st, const FAX_ROUTING_METHODW *m)
{
    PyObject *r = winfax_record_alloc(st, REC_ROUTING_METHOD);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, ROUTING_METHOD_device_id, winfax_from_dword(m->DeviceId)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_enabled, winfax_from_bool(m->Enabled)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_device_name,
                           winfax_utf16_to_str(m->DeviceName)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_guid, winfax_utf16_to_str(m->Guid)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_friendly_name,
                           winfax_utf16_to_str(m->FriendlyName)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_function_name,
                           winfax_utf16_to_str(m->FunctionName)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_extension_image_name,
                           winfax_utf16_to_str(m->ExtensionImageName)) < 0)
        goto fail;
    if (winfax_record_fill(r, ROUTING_METHOD_extension_friendly_name,
                           winfax_utf16_to_str(m->ExtensionFriendlyName)) < 0)
        goto fail;
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
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_priority,
                           winfax_from_dword(g->Priority)) < 0)
        goto fail;
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_guid, winfax_utf16_to_str(g->Guid)) < 0)
        goto fail;
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_friendly_name,
                           winfax_utf16_to_str(g->FriendlyName)) < 0)
        goto fail;
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_function_name,
                           winfax_utf16_to_str(g->FunctionName)) < 0)
        goto fail;
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_extension_image_name,
                           winfax_utf16_to_str(g->ExtensionImageName)) < 0)
        goto fail;
    if (winfax_record_fill(r, GLOBAL_ROUTING_INFO_extension_friendly_name,
                           winfax_utf16_to_str(g->ExtensionFriendlyName)) < 0)
        goto fail;
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
    if (winfax_field_to_dword(rec, GLOBAL_ROUTING_INFO_priority, &out->Priority) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, GLOBAL_ROUTING_INFO_guid, "GlobalRoutingInfo.guid",
                            &out->Guid) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, GLOBAL_ROUTING_INFO_friendly_name,
                            "GlobalRoutingInfo.friendly_name", &out->FriendlyName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, GLOBAL_ROUTING_INFO_function_name,
                            "GlobalRoutingInfo.function_name", &out->FunctionName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, GLOBAL_ROUTING_INFO_extension_image_name,
                            "GlobalRoutingInfo.extension_image_name",
                            &out->ExtensionImageName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, GLOBAL_ROUTING_INFO_extension_friendly_name,
                            "GlobalRoutingInfo.extension_friendly_name",
                            &out->ExtensionFriendlyName) < 0)
        return -1;
    return 0;
}
