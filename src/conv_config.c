/* Configuration <-> FAX_CONFIGURATIONW, LoggingCategory <-> FAX_LOG_CATEGORYW. */
#include "conv_fill.h"

PyObject *winfax_from_configuration(winfax_state *st, const FAX_CONFIGURATIONW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_CONFIGURATION);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, CONFIGURATION_retries, winfax_from_dword(c->Retries)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_retry_delay,
                           winfax_from_dword(c->RetryDelay)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_dirty_days,
                           winfax_from_dword(c->DirtyDays)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_branding, winfax_from_bool(c->Branding)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_use_device_tsid,
                           winfax_from_bool(c->UseDeviceTsid)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_server_cp, winfax_from_bool(c->ServerCp)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_pause_server_queue,
                           winfax_from_bool(c->PauseServerQueue)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_start_cheap_time,
                           winfax_from_faxtime(st, &c->StartCheapTime)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_stop_cheap_time,
                           winfax_from_faxtime(st, &c->StopCheapTime)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_archive_outgoing_faxes,
                           winfax_from_bool(c->ArchiveOutgoingFaxes)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONFIGURATION_archive_directory,
                           winfax_utf16_to_str(c->ArchiveDirectory)) < 0)
        goto fail;
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_configuration(winfax_state *st, PyObject *rec, winfax_arena *arena,
                            FAX_CONFIGURATIONW *out)
{
    if (!winfax_record_check(st, rec, REC_CONFIGURATION, "configuration"))
        return -1;
    memset(out, 0, sizeof *out);   /* Reserved must be NULL */
    out->SizeOfStruct = sizeof *out;
    if (winfax_field_to_dword(rec, CONFIGURATION_retries, &out->Retries) < 0)
        return -1;
    if (winfax_field_to_dword(rec, CONFIGURATION_retry_delay, &out->RetryDelay) < 0)
        return -1;
    if (winfax_field_to_dword(rec, CONFIGURATION_dirty_days, &out->DirtyDays) < 0)
        return -1;
    out->Branding = winfax_field_to_bool(rec, CONFIGURATION_branding);
    out->UseDeviceTsid = winfax_field_to_bool(rec, CONFIGURATION_use_device_tsid);
    out->ServerCp = winfax_field_to_bool(rec, CONFIGURATION_server_cp);
    out->PauseServerQueue = winfax_field_to_bool(rec, CONFIGURATION_pause_server_queue);
    if (winfax_to_faxtime(winfax_record_value(rec, CONFIGURATION_start_cheap_time),
                          "Configuration.start_cheap_time", &out->StartCheapTime) < 0 ||
        winfax_to_faxtime(winfax_record_value(rec, CONFIGURATION_stop_cheap_time),
                          "Configuration.stop_cheap_time", &out->StopCheapTime) < 0)
        return -1;
    out->ArchiveOutgoingFaxes =
        winfax_field_to_bool(rec, CONFIGURATION_archive_outgoing_faxes);
    if (winfax_field_to_str(arena, rec, CONFIGURATION_archive_directory,
                            "Configuration.archive_directory", &out->ArchiveDirectory) < 0)
        return -1;
    return 0;
}

PyObject *winfax_from_log_category(winfax_state *st, const FAX_LOG_CATEGORYW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_LOGGING_CATEGORY);
    if (r == NULL)
        return NULL;
    if (winfax_record_fill(r, LOGGING_CATEGORY_name, winfax_utf16_to_str(c->Name)) < 0)
        goto fail;
    if (winfax_record_fill(r, LOGGING_CATEGORY_category,
                           winfax_from_dword(c->Category)) < 0)
        goto fail;
    if (winfax_record_fill(r, LOGGING_CATEGORY_level, winfax_from_dword(c->Level)) < 0)
        goto fail;
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_log_category(winfax_state *st, PyObject *rec, winfax_arena *arena,
                           FAX_LOG_CATEGORYW *out)
{
    if (!winfax_record_check(st, rec, REC_LOGGING_CATEGORY, "each category"))
        return -1;
    memset(out, 0, sizeof *out);
    if (winfax_field_to_str(arena, rec, LOGGING_CATEGORY_name, "LoggingCategory.name",
                            &out->Name) < 0)
        return -1;
    if (winfax_field_to_dword(rec, LOGGING_CATEGORY_category, &out->Category) < 0)
        return -1;
    if (winfax_field_to_dword(rec, LOGGING_CATEGORY_level, &out->Level) < 0)
        return -1;
    return 0;
}
