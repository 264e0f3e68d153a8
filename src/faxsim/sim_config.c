/* The server-wide configuration: FaxGetConfigurationW and
 * FaxSetConfigurationW.
 *
 * The documentation gives no default values; a fresh simulated service
 * uses those of a default Windows fax installation as we know them:
 * 3 retries 10 minutes apart, unsent jobs kept 30 days, branding on, the
 * device TSID used, personal cover pages allowed, queue running, discount
 * period 20:00-07:00, no archiving. */
#include "sim_state.h"
#include "sim_strings.h"

#include <stdlib.h>

static sim_config config;       /* guarded by the service lock */

const sim_config *sim_config_current(void) { return &config; }

void sim_config_reset(void)
{
    free(config.archive_directory);
    config = (sim_config){
        .retries = 3,
        .retry_delay = 10,
        .dirty_days = 30,
        .branding = TRUE,
        .use_device_tsid = TRUE,
        .server_cp = FALSE,
        .pause_server_queue = FALSE,
        .start_cheap = { 20, 0 },
        .stop_cheap = { 7, 0 },
        .archive_outgoing = FALSE,
        .archive_directory = NULL,
    };
}

WINFAXAPI BOOL WINAPI FaxGetConfigurationW(HANDLE FaxHandle,
                                           PFAX_CONFIGURATIONW *FaxConfig)
{
    const sim_function fn = SIM_FN_FaxGetConfigurationW;
    DWORD error = sim_enter(fn);
    FAX_CONFIGURATIONW *out;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || FaxConfig == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_CONFIG_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    out = sim_buffer_alloc(sizeof *out + sim_wbytes(config.archive_directory));
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + 1);
    out->SizeOfStruct = sizeof *out;
    out->Retries = config.retries;
    out->RetryDelay = config.retry_delay;
    out->DirtyDays = config.dirty_days;
    out->Branding = config.branding;
    out->UseDeviceTsid = config.use_device_tsid;
    out->ServerCp = config.server_cp;
    out->PauseServerQueue = config.pause_server_queue;
    out->StartCheapTime = config.start_cheap;
    out->StopCheapTime = config.stop_cheap;
    out->ArchiveOutgoingFaxes = config.archive_outgoing;
    out->ArchiveDirectory = sim_pack_str(&pk, config.archive_directory);
    out->Reserved = NULL;
    sim_unlock();
    *FaxConfig = out;
    sim_leave(fn);
    return TRUE;
}

static int valid_time(FAX_TIME t)
{
    return t.Hour < 24 && t.Minute < 60;
}

WINFAXAPI BOOL WINAPI FaxSetConfigurationW(HANDLE FaxHandle,
                                           const FAX_CONFIGURATIONW *FaxConfig)
{
    const sim_function fn = SIM_FN_FaxSetConfigurationW;
    DWORD error = sim_enter(fn);
    WCHAR *dir;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || FaxConfig == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    /* Documented twice over: "FAX_CONFIG_SET access is required" and
     * "FAX_PORT_QUERY access is required" are both listed as reasons for
     * ERROR_ACCESS_DENIED, so a caller needs both.
     * https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxsetconfigurationw */
    if (!sim_has_rights(FAX_CONFIG_SET | FAX_PORT_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    sim_unlock();
    /* Documented: a wrong SizeOfStruct.  Our additions, all reported the
     * same way: Retries over 99 (the range the COM API documents for the
     * same setting), an impossible time of day, and archiving switched on
     * without the directory that "can be NULL if ArchiveOutgoingFaxes is
     * FALSE" (so not otherwise).  Reserved is ignored. */
    if (FaxConfig->SizeOfStruct != sizeof *FaxConfig ||
        FaxConfig->Retries > 99 ||
        !valid_time(FaxConfig->StartCheapTime) ||
        !valid_time(FaxConfig->StopCheapTime) ||
        (FaxConfig->ArchiveOutgoingFaxes &&
         (FaxConfig->ArchiveDirectory == NULL ||
          FaxConfig->ArchiveDirectory[0] == 0)))
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    if (sim_wdup(FaxConfig->ArchiveDirectory, &dir) != 0)
        return sim_fail(fn, ERROR_NOT_ENOUGH_MEMORY);

    sim_lock();
    free(config.archive_directory);
    config.retries = FaxConfig->Retries;
    config.retry_delay = FaxConfig->RetryDelay;
    config.dirty_days = FaxConfig->DirtyDays;
    config.branding = FaxConfig->Branding != 0;
    config.use_device_tsid = FaxConfig->UseDeviceTsid != 0;
    config.server_cp = FaxConfig->ServerCp != 0;
    config.pause_server_queue = FaxConfig->PauseServerQueue != 0;
    config.start_cheap = FaxConfig->StartCheapTime;
    config.stop_cheap = FaxConfig->StopCheapTime;
    config.archive_outgoing = FaxConfig->ArchiveOutgoingFaxes != 0;
    config.archive_directory = dir;
    sim_clock_poke();       /* the queue may have been unpaused */
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

/* ---- persistence -------------------------------------------------------- */

void sim_config_exchange(sim_config *image)
{
    sim_config old = config;

    config = *image;
    *image = old;
}

void sim_config_image_clear(sim_config *image)
{
    free(image->archive_directory);
    image->archive_directory = NULL;
}
