/* FaxHandle.configuration(), set_configuration(), logging_categories(),
 * set_logging_categories(): FaxGet/SetConfigurationW and
 * FaxGet/SetLoggingCategoriesW. */
#include "conversions.h"
#include "fetch.h"
#include "server_methods.h"

const char winfax_server_configuration_doc[] =
    "configuration()\n--\n\n"
    "The server's configuration as a Configuration (FaxGetConfigurationW).\n"
    "Needs the FAX_CONFIG_QUERY right.";

static BOOL get_configuration(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_CONFIGURATIONW config = NULL;
    BOOL ok = FaxGetConfigurationW(h, &config);
    (void)arg;
    (void)count;
    *buffer = config;
    return ok;
}

static PyObject *configuration_record(winfax_state *st, const void *item)
{
    return winfax_from_configuration(st, item);
}

PyObject *winfax_server_configuration(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_one(self, "FaxGetConfigurationW", get_configuration, NULL, configuration_record);
}

const char winfax_server_set_configuration_doc[] =
    "set_configuration(configuration)\n--\n\n"
    "Change the server's configuration (FaxSetConfigurationW), e.g.\n"
    "s.set_configuration(s.configuration().replace(retries=5)).\n"
    "Needs the FAX_CONFIG_SET right.";

static BOOL set_configuration(HANDLE h, void *config)
{
    return FaxSetConfigurationW(h, config);
}

PyObject *winfax_server_set_configuration(PyObject *self, PyObject *record)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    FAX_CONFIGURATIONW config;
    PyObject *result = NULL;

    if (st == NULL)
        return NULL;
    if (winfax_to_configuration(st, record, &arena, &config) == 0)
        result = winfax_call_on_handle_none(self, "FaxSetConfigurationW",
                                            set_configuration, &config);
    winfax_arena_free(&arena);
    return result;
}

static PyObject *category_item(winfax_state *st, const void *item)
{
    return winfax_from_log_category(st, item);
}

const char winfax_server_logging_categories_doc[] =
    "logging_categories()\n--\n\n"
    "The service's logging categories and their levels, as a list of\n"
    "LoggingCategory (FaxGetLoggingCategoriesW).  Needs FAX_CONFIG_QUERY.";

static BOOL get_categories(HANDLE h, void *arg, void **buffer, DWORD *count)
{
    PFAX_LOG_CATEGORYW categories = NULL;
    BOOL ok = FaxGetLoggingCategoriesW(h, &categories, count);
    (void)arg;
    *buffer = categories;
    return ok;
}

PyObject *winfax_server_logging_categories(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return winfax_fetch_list(self, "FaxGetLoggingCategoriesW", get_categories, NULL, sizeof(FAX_LOG_CATEGORYW),
                             category_item);
}

/* More categories than any service has; a larger sequence is a mistake. */
#define MAX_CATEGORIES 64

struct set_categories_args {
    const FAX_LOG_CATEGORYW *categories;
    DWORD count;
};

static BOOL set_categories(HANDLE h, void *arg)
{
    struct set_categories_args *a = arg;
    return FaxSetLoggingCategoriesW(h, a->categories, a->count);
}

const char winfax_server_set_logging_categories_doc[] =
    "set_logging_categories(categories)\n--\n\n"
    "Set the logging levels (FaxSetLoggingCategoriesW): categories is a\n"
    "sequence of LoggingCategory, typically from logging_categories() with\n"
    "replace(level=LogLevel.MAX).  Needs the FAX_CONFIG_SET right.";

PyObject *winfax_server_set_logging_categories(PyObject *self, PyObject *sequence)
{
    winfax_state *st = winfax_state_of_type(Py_TYPE(self));
    winfax_arena arena = WINFAX_ARENA_INIT;
    FAX_LOG_CATEGORYW categories[MAX_CATEGORIES];
    struct set_categories_args call_args = {categories, 0};
    PyObject *items = NULL, *result = NULL;
    Py_ssize_t n;

    if (st == NULL)
        return NULL;
    if (PyUnicode_Check(sequence) || PyBytes_Check(sequence)) {
        PyErr_SetString(PyExc_TypeError,
                        "categories must be a sequence of LoggingCategory");
        return NULL;
    }
    items = PySequence_List(sequence);
    if (items == NULL)
        return NULL;
    n = PyList_Size(items);
    if (n > MAX_CATEGORIES) {
        PyErr_Format(PyExc_ValueError,
                     "at most %d logging categories can be set at once, got %zd",
                     MAX_CATEGORIES, n);
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (winfax_to_log_category(st, PyList_GetItem(items, i), &arena,
                                   &categories[i]) < 0)
            goto done;
    call_args.count = (DWORD)n;
    result = winfax_call_on_handle_none(self, "FaxSetLoggingCategoriesW",
                                        set_categories, &call_args);
done:
    winfax_arena_free(&arena);
    Py_DECREF(items);
    return result;
}
