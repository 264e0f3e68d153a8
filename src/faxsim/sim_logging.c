/* Event-log levels per category: FaxGetLoggingCategoriesW and
 * FaxSetLoggingCategoriesW.  The four categories are the documented
 * FAXLOG_CATEGORY_* values; their display names are the ones the Windows
 * fax service shows (the documentation does not list them), and every
 * category starts at FAXLOG_LEVEL_MIN, our choice of default. */
#include "sim_state.h"
#include "sim_strings.h"

/* sim_state.h names the count, so persistence sizes its arrays alike. */
#define CATEGORY_COUNT SIM_LOG_CATEGORIES

static const char *const category_names[CATEGORY_COUNT] = {
    "Initialization/Termination", "Outbound", "Inbound", "Unknown",
};

/* Levels by category - 1; guarded by the service lock.  Names are kept
 * as UTF-16 once, built at reset. */
static DWORD levels[CATEGORY_COUNT];
static WCHAR names[CATEGORY_COUNT][32];

void sim_logging_reset(void)
{
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        const char *s = category_names[i];
        int j = 0;
        for (; s[j]; j++)       /* ASCII names: one unit per byte */
            names[i][j] = (WCHAR)s[j];
        names[i][j] = 0;
        levels[i] = FAXLOG_LEVEL_MIN;
    }
}

WINFAXAPI BOOL WINAPI FaxGetLoggingCategoriesW(HANDLE FaxHandle,
                                               PFAX_LOG_CATEGORYW *Categories,
                                               LPDWORD NumberCategories)
{
    const sim_function fn = SIM_FN_FaxGetLoggingCategoriesW;
    DWORD error = sim_enter(fn);
    FAX_LOG_CATEGORYW *out;
    size_t size = CATEGORY_COUNT * sizeof *out;
    sim_pack pk;

    if (error)
        return sim_fail(fn, error);
    if (FaxHandle == NULL || Categories == NULL || NumberCategories == NULL)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_CONFIG_QUERY))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    for (int i = 0; i < CATEGORY_COUNT; i++)
        size += sim_wbytes(names[i]);
    out = sim_buffer_alloc(size);
    if (out == NULL)
        return sim_fail_locked(fn, ERROR_NOT_ENOUGH_MEMORY);
    sim_pack_init(&pk, out + CATEGORY_COUNT);
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        out[i].Name = sim_pack_str(&pk, names[i]);
        out[i].Category = (DWORD)(FAXLOG_CATEGORY_INIT + i);
        out[i].Level = levels[i];
    }
    sim_unlock();
    *Categories = out;
    *NumberCategories = CATEGORY_COUNT;
    sim_leave(fn);
    return TRUE;
}

WINFAXAPI BOOL WINAPI FaxSetLoggingCategoriesW(HANDLE FaxHandle,
                                               const FAX_LOG_CATEGORYW *Categories,
                                               DWORD NumberCategories)
{
    const sim_function fn = SIM_FN_FaxSetLoggingCategoriesW;
    DWORD error = sim_enter(fn);

    if (error)
        return sim_fail(fn, error);
    /* Documented: FaxHandle, Categories or NumberCategories "invalid or
     * NULL"; a count of zero is the invalid count. */
    if (FaxHandle == NULL || Categories == NULL || NumberCategories == 0)
        return sim_fail(fn, ERROR_INVALID_PARAMETER);
    sim_lock();
    if (!sim_handle_valid(FaxHandle, SIM_HANDLE_SERVER))
        return sim_fail_locked(fn, ERROR_INVALID_HANDLE);
    if (!sim_has_rights(FAX_CONFIG_SET))
        return sim_fail_locked(fn, ERROR_ACCESS_DENIED);
    /* All or nothing: every entry is checked before any is applied.  An
     * unknown category or level is an invalid parameter; Name is the
     * service's, so what the caller passes there is ignored. */
    for (DWORD i = 0; i < NumberCategories; i++)
        if (Categories[i].Category < FAXLOG_CATEGORY_INIT ||
            Categories[i].Category > FAXLOG_CATEGORY_UNKNOWN ||
            Categories[i].Level > FAXLOG_LEVEL_MAX)
            return sim_fail_locked(fn, ERROR_INVALID_PARAMETER);
    for (DWORD i = 0; i < NumberCategories; i++)
        levels[Categories[i].Category - FAXLOG_CATEGORY_INIT] =
            Categories[i].Level;
    sim_unlock();
    sim_leave(fn);
    return TRUE;
}

/* ---- persistence -------------------------------------------------------- */

/* Only the levels are state: the names are the service's own constants. */
void sim_logging_view(DWORD out[SIM_LOG_CATEGORIES])
{
    for (int i = 0; i < CATEGORY_COUNT; i++)
        out[i] = levels[i];
}

void sim_logging_exchange(DWORD image[SIM_LOG_CATEGORIES])
{
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        DWORD old = levels[i];
        levels[i] = image[i];
        image[i] = old;
    }
}
