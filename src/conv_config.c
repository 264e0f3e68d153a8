/* Configuration <-> FAX_CONFIGURATIONW, LoggingCategory <-> FAX_LOG_CATEGORYW. */
#include "conv_fill.h"

PyObject *winfax_from_configuration(winfax_state *st, const FAX_CONFIGURATIONW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_CONFIGURATION);
    if (r == NULL)
        return NULL;
    FILL(r, CONFIGURATION_retries, winfax_from_dword(c->Retries));
    FILL(r, CONFIGURATION_retry_delay, winfax_from_dword(c->RetryDelay));
    FILL(r, CONFIGURATION_dirty_days, winfax_from_dword(c->DirtyDays));
    FILL(r, CONFIGURATION_branding, winfax_from_bool(c->Branding));
    FILL(r, CONFIGURATION_use_device_tsid, winfax_from_bool(c->UseDeviceTsid));
    FILL(r, CONFIGURATION_server_cp, winfax_from_bool(c->ServerCp));
    FILL(r, CONFIGURATION_pause_server_queue, winfax_from_bool(c->PauseServerQueue));
    FILL(r, CONFIGURATION_start_cheap_time, winfax_from_faxtime(st, &c->StartCheapTime));
    FILL(r, CONFIGURATION_stop_cheap_time, winfax_from_faxtime(st, &c->StopCheapTime));
    FILL(r, CONFIGURATION_archive_outgoing_faxes, winfax_from_bool(c->ArchiveOutgoingFaxes));
    FILL(r, CONFIGURATION_archive_directory, winfax_utf16_to_str(c->ArchiveDirectory));
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
    DWORD_OF(rec, CONFIGURATION_retries, &out->Retries);
    DWORD_OF(rec, CONFIGURATION_retry_delay, &out->RetryDelay);
    DWORD_OF(rec, CONFIGURATION_dirty_days, &out->DirtyDays);
    BOOL_OF(rec, CONFIGURATION_branding, &out->Branding);
    BOOL_OF(rec, CONFIGURATION_use_device_tsid, &out->UseDeviceTsid);
    BOOL_OF(rec, CONFIGURATION_server_cp, &out->ServerCp);
    BOOL_OF(rec, CONFIGURATION_pause_server_queue, &out->PauseServerQueue);
    if (winfax_to_faxtime(winfax_record_value(rec, CONFIGURATION_start_cheap_time),
                          "Configuration.start_cheap_time", &out->StartCheapTime) < 0 ||
        winfax_to_faxtime(winfax_record_value(rec, CONFIGURATION_stop_cheap_time),
                          "Configuration.stop_cheap_time", &out->StopCheapTime) < 0)
        return -1;
    BOOL_OF(rec, CONFIGURATION_archive_outgoing_faxes, &out->ArchiveOutgoingFaxes);
    STR(rec, CONFIGURATION_archive_directory, "Configuration.archive_directory",
        &out->ArchiveDirectory);
    return 0;
}

PyObject *winfax_from_log_category(winfax_state *st, const FAX_LOG_CATEGORYW *c)
{
    PyObject *r = winfax_record_alloc(st, REC_LOGGING_CATEGORY);
    if (r == NULL)
        return NULL;
    FILL(r, LOGGING_CATEGORY_name, winfax_utf16_to_str(c->Name));
    FILL(r, LOGGING_CATEGORY_category, winfax_from_dword(c->Category));
    FILL(r, LOGGING_CATEGORY_level, winfax_from_dword(c->Level));
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
    STR(rec, LOGGING_CATEGORY_name, "LoggingCategory.name", &out->Name);
    DWORD_OF(rec, LOGGING_CATEGORY_category, &out->Category);
    DWORD_OF(rec, LOGGING_CATEGORY_level, &out->Level);
    return 0;
}
