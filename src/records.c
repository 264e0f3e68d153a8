/* The record machinery shared by every record type (see records.h). */
#include "records.h"

#include "args.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    PyObject_HEAD
    const record_desc *desc;
    PyObject *values[];
} RecordObject;

#define AS_RECORD(op) ((RecordObject *)(op))

/* "JobEntry" for "winfax.JobEntry": the name users write. */
static const char *short_name(const record_desc *desc)
{
    return desc->name + sizeof("winfax.") - 1;
}

/* ---- field values ------------------------------------------------------ */

/* The cache's member for `raw` as a new reference: 1 if found, 0 if not,
 * -1 with an exception.  The cache is shared by every thread: on a
 * free-threaded build another thread may replace an entry (and drop the
 * dict's reference to the old member) between a borrowed lookup and our
 * Py_INCREF, so the lookup itself must hand out the strong reference.
 * PyDict_GetItemRef does (3.13+, so on every free-threaded build, which
 * uses the full API).  Older builds (the abi3 one for 3.11) cannot call it;
 * they only ever run with a GIL, and nothing between the lookup and the
 * Py_NewRef can release it (the keys are exact ints, whose hash and
 * comparison run no Python code), so no other thread can touch the dict
 * in between. */
static int cache_lookup(PyObject *cache, PyObject *raw, PyObject **member)
{
#if (defined(Py_LIMITED_API) && Py_LIMITED_API + 0 >= 0x030D0000) || \
    (!defined(Py_LIMITED_API) && PY_VERSION_HEX >= 0x030D0000)
    return PyDict_GetItemRef(cache, raw, member);
#else
#  ifdef Py_GIL_DISABLED
#    error "free-threaded builds have no limited API; build with the full API"
#  endif
    PyObject *borrowed = PyDict_GetItemWithError(cache, raw);

    *member = Py_XNewRef(borrowed);
    if (borrowed != NULL)
        return 1;
    return PyErr_Occurred() ? -1 : 0;
#endif
}

/* The enum member for `raw`, from the module's cache; the raw int itself
 * when winfax._enums has no member for it (a value newer than our table). */
static PyObject *enum_member(winfax_state *state, int index, PyObject *raw)
{
    PyObject *cache = state->enum_cache[index];
    PyObject *member;
    int found = cache_lookup(cache, raw, &member);

    if (found != 0)
        return found > 0 ? member : NULL;
    member = PyObject_CallFunctionObjArgs(state->enum_types[index], raw, NULL);
    if (member == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return NULL;
        PyErr_Clear();
        member = Py_NewRef(raw);
    }
    /* Two threads may both miss and both store: enum members are
     * singletons, so they store the same object, and each returns its own
     * strong reference either way. */
    if (PyDict_SetItem(cache, raw, member) < 0) {
        Py_DECREF(member);
        return NULL;
    }
    return member;
}

/* A field as the user sees it. */
static PyObject *field_value(PyObject *self, Py_ssize_t i)
{
    RecordObject *r = AS_RECORD(self);
    const record_field *f = &r->desc->fields[i];
    PyObject *raw = r->values[i];

    if (raw == NULL) {
        PyErr_Format(PyExc_SystemError, "record field %s is unset", f->name);
        return NULL;
    }
    if (f->kind == F_ENUM) {
        winfax_state *state = winfax_state_of_type(Py_TYPE(self));
        if (state == NULL)
            return NULL;
        return enum_member(state, f->enum_index, raw);
    }
    return Py_NewRef(raw);
}

PyObject *winfax_record_get(PyObject *self, void *closure)
{
    const record_field *f = closure;
    return field_value(self, f - AS_RECORD(self)->desc->fields);
}

static PyObject *type_error(const record_desc *desc, const record_field *f,
                            const char *expected, PyObject *got)
{
    char what[128];
    PyOS_snprintf(what, sizeof what, "%s.%s", short_name(desc), f->name);
    (void)winfax_type_error(what, expected, got);
    return NULL;
}

/* Validate a value given to a constructor or replace(); returns the value to
 * store (a new reference) or NULL.  Checking here, not only when the record
 * is converted for a call, reports a bad field where it was written. */
static PyObject *validate(winfax_state *state, const record_desc *desc,
                          const record_field *f, PyObject *v)
{
    switch (f->kind) {
    case F_STR:
        if (v == Py_None || PyUnicode_Check(v))
            return Py_NewRef(v);
        return type_error(desc, f, "a str or None", v);
    case F_BOOL:
        if (PyBool_Check(v))
            return Py_NewRef(v);
        return type_error(desc, f, "a bool", v);
    case F_DWORD:
    case F_ENUM:
    case F_UINTPTR: {
        PyObject *n;
        int too_big;
        if (!PyLong_Check(v) || PyBool_Check(v))
            return type_error(desc, f, "an int", v);
        n = PyNumber_Index(v);  /* an exact int, also for enum members */
        if (n == NULL)
            return NULL;
        if (f->kind == F_UINTPTR) {
            size_t value = PyLong_AsSize_t(n);
            too_big = value == (size_t)-1 && PyErr_Occurred();
        }
        else {
            unsigned long long value = PyLong_AsUnsignedLongLong(n);
            too_big = (value == (unsigned long long)-1 && PyErr_Occurred()) ||
                      value > 0xFFFFFFFFull;
        }
        if (too_big) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError,
                         "%s.%s must be between 0 and %s, got %R",
                         short_name(desc), f->name,
                         f->kind == F_UINTPTR ? "the largest pointer value"
                                              : "0xFFFFFFFF (a DWORD)", v);
            Py_DECREF(n);
            return NULL;
        }
        return n;
    }
    case F_SYSTEMTIME:
    case F_FILETIME: {
        int ok;
        if (v == Py_None)
            return Py_NewRef(v);
        ok = PyObject_IsInstance(v, state->datetime_type);
        if (ok < 0)
            return NULL;
        if (!ok)
            return type_error(desc, f, "a datetime.datetime or None", v);
        return Py_NewRef(v);
    }
    case F_FAXTIME: {
        int ok = PyObject_IsInstance(v, state->time_type);
        if (ok < 0)
            return NULL;
        if (!ok)
            return type_error(desc, f, "a datetime.time", v);
        return Py_NewRef(v);
    }
    }
    PyErr_SetString(PyExc_SystemError, "unknown record field kind");
    return NULL;
}

/* The value a field has when the constructor is not given one. */
static PyObject *default_value(winfax_state *state, const record_field *f)
{
    switch (f->kind) {
    case F_BOOL:
        Py_RETURN_FALSE;
    case F_DWORD:
    case F_ENUM:
    case F_UINTPTR:
        return PyLong_FromLong(0);
    case F_FAXTIME:
        return PyObject_CallFunction(state->time_type, "ii", 0, 0);
    default:
        Py_RETURN_NONE;
    }
}

/* ---- creation ---------------------------------------------------------- */

static const record_desc *desc_of_type(winfax_state *state, PyTypeObject *type)
{
    for (int i = 0; i < N_RECORDS; i++)
        if (state->record_types[i] == type)
            return &winfax_record_descs[i];
    PyErr_SetString(PyExc_TypeError, "not a winfax record type");
    return NULL;
}

/* Test hook (see winfax_records_fail_after): when positive, the module
 * state's countdown counts record allocations down and fails the one that
 * reaches zero, so tests can make a conversion fail halfway through a
 * list.  With several threads making records, exactly one of them fails. */
void winfax_records_fail_after(winfax_state *state, long n)
{
    winfax_atomic_store(&state->fail_records_countdown, n > 0 ? n : 0);
}

/* 1 if the test hook says this allocation fails (counting it), else 0.
 * When the hook is off this is one relaxed load. */
static int hook_fails_this_allocation(winfax_state *state)
{
    long left = winfax_atomic_load(&state->fail_records_countdown);

    while (left > 0) {
        if (winfax_atomic_swap_if(&state->fail_records_countdown, &left, left - 1))
            return left == 1;
    }
    return 0;
}

static PyObject *alloc_record(winfax_state *state, PyTypeObject *type,
                              const record_desc *desc)
{
    allocfunc alloc;
    RecordObject *r;

    if (hook_fails_this_allocation(state))
        return PyErr_NoMemory();
    alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    r = (RecordObject *)alloc(type, 0);
    if (r == NULL)
        return NULL;
    r->desc = desc;
    for (Py_ssize_t i = 0; i < desc->nfields; i++)
        r->values[i] = NULL;
    /* tp_alloc tracked it; untracked is right until a value that could
     * refer back to the record is stored (see track_if_needed). */
    PyObject_GC_UnTrack(r);
    return (PyObject *)r;
}

/* Records hold what users give them, and a str or datetime subclass can
 * refer back to the record: such a record must be seen by the garbage
 * collector or the cycle leaks.  The collector can only break cycles that
 * run through objects of GC types, so a record is tracked when, and only
 * when, it holds one (CPython leaves tuples of atomic values untracked the
 * same way).  Exact str, int, bool, None, datetime and time are not GC
 * types, so records converted from the service, which hold nothing else,
 * are never tracked and listing many jobs adds no collector work; the
 * converters do not call this.  Called once a constructor or replace()
 * has stored every value. */
static void track_if_needed(PyObject *self)
{
    RecordObject *r = AS_RECORD(self);

    if (PyObject_GC_IsTracked(self))
        return;
    for (Py_ssize_t i = 0; i < r->desc->nfields; i++) {
        PyObject *v = r->values[i];
        if (v != NULL && (PyType_GetFlags(Py_TYPE(v)) & Py_TPFLAGS_HAVE_GC)) {
            PyObject_GC_Track(self);
            return;
        }
    }
}

PyObject *winfax_record_alloc(winfax_state *state, winfax_record which)
{
    return alloc_record(state, state->record_types[which], &winfax_record_descs[which]);
}

int winfax_record_fill(PyObject *record, Py_ssize_t index, PyObject *value)
{
    PyObject *old;
    if (value == NULL)
        return -1;
    old = AS_RECORD(record)->values[index];
    AS_RECORD(record)->values[index] = value;
    Py_XDECREF(old);
    return 0;
}

PyObject *winfax_record_value(PyObject *record, Py_ssize_t index)
{
    return AS_RECORD(record)->values[index];
}

int winfax_record_check(winfax_state *state, PyObject *obj,
                        winfax_record which, const char *what)
{
    char expected[64];
    if (Py_IS_TYPE(obj, state->record_types[which]))
        return 1;
    PyOS_snprintf(expected, sizeof expected, "a %s", winfax_record_descs[which].name);
    (void)winfax_type_error(what, expected, obj);
    return 0;
}

/* Apply keyword arguments to a record's values; unknown names are errors. */
static int apply_keywords(winfax_state *state, PyObject *self, PyObject *kwargs)
{
    RecordObject *r = AS_RECORD(self);
    const record_desc *desc = r->desc;
    PyObject *key, *value;
    Py_ssize_t pos = 0;

    if (kwargs == NULL)
        return 0;
    while (PyDict_Next(kwargs, &pos, &key, &value)) {
        Py_ssize_t i;
        for (i = 0; i < desc->nfields; i++)
            if (PyUnicode_CompareWithASCIIString(key, desc->fields[i].name) == 0)
                break;
        if (i == desc->nfields) {
            PyErr_Format(PyExc_TypeError,
                         "%s has no field %R; see %s._fields", desc->name,
                         key, short_name(desc));
            return -1;
        }
        if (winfax_record_fill(self, i, validate(state, desc, &desc->fields[i],
                                                 value)) < 0)
            return -1;
    }
    return 0;
}

static PyObject *record_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    winfax_state *state = winfax_state_of_type(type);
    const record_desc *desc;
    PyObject *self;
    Py_ssize_t nargs;

    if (state == NULL || (desc = desc_of_type(state, type)) == NULL)
        return NULL;
    nargs = PyTuple_Size(args);
    if (nargs > desc->nfields) {
        PyErr_Format(PyExc_TypeError, "%s takes at most %zd arguments (%zd given)",
                     desc->name, desc->nfields, nargs);
        return NULL;
    }
    self = alloc_record(state, type, desc);
    if (self == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject *v = PyTuple_GetItem(args, i);
        if (v == NULL ||
            winfax_record_fill(self, i, validate(state, desc, &desc->fields[i], v)) < 0)
            goto fail;
    }
    if (kwargs != NULL) {
        for (Py_ssize_t i = 0; i < nargs; i++) {
            PyObject *dup = PyDict_GetItemString(kwargs, desc->fields[i].name);
            if (dup != NULL) {
                PyErr_Format(PyExc_TypeError,
                             "%s got field %s both by position and by keyword",
                             desc->name, desc->fields[i].name);
                goto fail;
            }
        }
        if (apply_keywords(state, self, kwargs) < 0)
            goto fail;
    }
    for (Py_ssize_t i = 0; i < desc->nfields; i++)
        if (AS_RECORD(self)->values[i] == NULL &&
            winfax_record_fill(self, i, default_value(state, &desc->fields[i])) < 0)
            goto fail;
    track_if_needed(self);
    return self;

fail:
    Py_DECREF(self);
    return NULL;
}

static void record_dealloc(PyObject *self)
{
    RecordObject *r = AS_RECORD(self);
    PyTypeObject *type = Py_TYPE(self);
    freefunc free_object = (freefunc)PyType_GetSlot(type, Py_tp_free);

    PyObject_GC_UnTrack(self);
    for (Py_ssize_t i = 0; i < r->desc->nfields; i++)
        Py_CLEAR(r->values[i]);
    free_object(self);
    Py_DECREF(type);
}

static int record_traverse(PyObject *self, visitproc visit, void *arg)
{
    RecordObject *r = AS_RECORD(self);

    Py_VISIT(Py_TYPE(self));    /* a heap type's instances keep it alive */
    for (Py_ssize_t i = 0; i < r->desc->nfields; i++)
        Py_VISIT(r->values[i]);
    return 0;
}

/* Breaks a cycle through the record.  A cleared field reads as unset (a
 * SystemError), which only code run by the collector itself could see. */
static int record_clear(PyObject *self)
{
    RecordObject *r = AS_RECORD(self);

    for (Py_ssize_t i = 0; i < r->desc->nfields; i++)
        Py_CLEAR(r->values[i]);
    return 0;
}

/* ---- behaviour --------------------------------------------------------- */

static PyObject *record_replace(PyObject *self, PyObject *args, PyObject *kwargs)
{
    RecordObject *r = AS_RECORD(self);
    winfax_state *state = winfax_state_of_type(Py_TYPE(self));
    PyObject *copy;

    if (state == NULL)
        return NULL;
    if (PyTuple_Size(args) != 0) {
        PyErr_SetString(PyExc_TypeError,
                        "replace() takes keyword arguments only, e.g. "
                        "replace(retries=5)");
        return NULL;
    }
    copy = alloc_record(state, Py_TYPE(self), r->desc);
    if (copy == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < r->desc->nfields; i++)
        AS_RECORD(copy)->values[i] = Py_XNewRef(r->values[i]);
    if (apply_keywords(state, copy, kwargs) < 0) {
        Py_DECREF(copy);
        return NULL;
    }
    track_if_needed(copy);
    return copy;
}

static PyObject *record_asdict(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    const record_desc *desc = AS_RECORD(self)->desc;
    PyObject *dict = PyDict_New();

    if (dict == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < desc->nfields; i++) {
        PyObject *v = field_value(self, i);
        if (v == NULL || PyDict_SetItemString(dict, desc->fields[i].name, v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(dict);
            return NULL;
        }
        Py_DECREF(v);
    }
    return dict;
}

/* 0, or -1 with SystemError if the collector has cleared the record
 * (record_clear); only code run during that collection could see one. */
static int check_complete(PyObject *self)
{
    RecordObject *r = AS_RECORD(self);

    for (Py_ssize_t i = 0; i < r->desc->nfields; i++) {
        if (r->values[i] == NULL) {
            PyErr_Format(PyExc_SystemError, "record field %s is unset",
                         r->desc->fields[i].name);
            return -1;
        }
    }
    return 0;
}

/* The raw values as a tuple: what pickling and hashing work from. */
static PyObject *raw_tuple(PyObject *self)
{
    RecordObject *r = AS_RECORD(self);
    PyObject *t;

    if (check_complete(self) < 0)
        return NULL;
    t = PyTuple_New(r->desc->nfields);
    if (t == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < r->desc->nfields; i++) {
        if (PyTuple_SetItem(t, i, Py_NewRef(r->values[i])) < 0) {
            Py_DECREF(t);
            return NULL;
        }
    }
    return t;
}

static PyObject *record_reduce(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *values = raw_tuple(self);
    if (values == NULL)
        return NULL;
    return Py_BuildValue("(ON)", (PyObject *)Py_TYPE(self), values);
}

static PyObject *record_repr(PyObject *self)
{
    const record_desc *desc = AS_RECORD(self)->desc;
    PyObject *parts = NULL, *sep = NULL, *body = NULL, *result = NULL;
    int status = Py_ReprEnter(self);

    if (status != 0)
        return status > 0 ? PyUnicode_FromString("...") : NULL;
    parts = PyList_New(0);
    if (parts == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < desc->nfields; i++) {
        PyObject *v = field_value(self, i), *item;
        if (v == NULL)
            goto done;
        item = PyUnicode_FromFormat("%s=%R", desc->fields[i].name, v);
        Py_DECREF(v);
        if (item == NULL || PyList_Append(parts, item) < 0) {
            Py_XDECREF(item);
            goto done;
        }
        Py_DECREF(item);
    }
    sep = PyUnicode_FromString(", ");
    if (sep == NULL || (body = PyUnicode_Join(sep, parts)) == NULL)
        goto done;
    result = PyUnicode_FromFormat("%s(%U)", short_name(desc),
                                  body);
done:
    Py_XDECREF(parts);
    Py_XDECREF(sep);
    Py_XDECREF(body);
    Py_ReprLeave(self);
    return result;
}

static PyObject *record_richcompare(PyObject *a, PyObject *b, int op)
{
    RecordObject *ra = AS_RECORD(a), *rb;
    int equal = 1;

    if ((op != Py_EQ && op != Py_NE) || !Py_IS_TYPE(b, Py_TYPE(a)))
        Py_RETURN_NOTIMPLEMENTED;
    if (check_complete(a) < 0 || check_complete(b) < 0)
        return NULL;
    rb = AS_RECORD(b);
    for (Py_ssize_t i = 0; i < ra->desc->nfields && equal; i++) {
        equal = PyObject_RichCompareBool(ra->values[i], rb->values[i], Py_EQ);
        if (equal < 0)
            return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

static Py_hash_t record_hash(PyObject *self)
{
    PyObject *values = raw_tuple(self);
    Py_hash_t h;
    if (values == NULL)
        return -1;
    h = PyObject_Hash(values);
    Py_DECREF(values);
    return h;
}

static PyMethodDef record_methods[] = {
    {"replace", (PyCFunction)(void (*)(void))record_replace,
     METH_VARARGS | METH_KEYWORDS,
     "replace(**changes)\n--\n\nA copy with the given fields changed."},
    {"__replace__", (PyCFunction)(void (*)(void))record_replace,
     METH_VARARGS | METH_KEYWORDS, "Support for copy.replace()."},
    {"_asdict", record_asdict, METH_NOARGS,
     "_asdict()\n--\n\nThe fields as a dict, enum fields as members."},
    {"__reduce__", record_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- types ------------------------------------------------------------- */

static PyObject *field_names(const record_desc *desc)
{
    PyObject *t = PyTuple_New(desc->nfields);
    if (t == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < desc->nfields; i++) {
        PyObject *s = PyUnicode_FromString(desc->fields[i].name);
        if (s == NULL || PyTuple_SetItem(t, i, s) < 0) {
            Py_DECREF(t);
            return NULL;
        }
    }
    return t;
}

static PyTypeObject *make_type(PyObject *module, const record_desc *desc)
{
    PyType_Slot slots[] = {
        {Py_tp_doc, (void *)desc->doc},
        {Py_tp_new, record_new},
        {Py_tp_dealloc, record_dealloc},
        {Py_tp_traverse, record_traverse},
        {Py_tp_clear, record_clear},
        {Py_tp_repr, record_repr},
        {Py_tp_richcompare, record_richcompare},
        {Py_tp_hash, record_hash},
        {Py_tp_methods, record_methods},
        {Py_tp_getset, desc->getset},
        {0, NULL},
    };
    /* GC-capable because users may store str/datetime subclasses that
     * refer back to the record; see track_if_needed for when it is
     * actually tracked. */
    PyType_Spec spec = {
        .name = desc->name,
        .basicsize = (int)(offsetof(RecordObject, values) +
                           (size_t)desc->nfields * sizeof(PyObject *)),
        .itemsize = 0,
        .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
        .slots = slots,
    };
    PyTypeObject *type;
    PyObject *names;

    type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &spec, NULL);
    if (type == NULL)
        return NULL;
    names = field_names(desc);
    if (names == NULL ||
        PyObject_SetAttrString((PyObject *)type, "_fields", names) < 0 ||
        PyObject_SetAttrString((PyObject *)type, "__match_args__", names) < 0) {
        Py_XDECREF(names);
        Py_DECREF(type);
        return NULL;
    }
    Py_DECREF(names);
    return type;
}

int winfax_records_init(PyObject *module, winfax_state *state)
{
    for (int i = 0; i < N_RECORDS; i++) {
        const record_desc *desc = &winfax_record_descs[i];
        state->record_types[i] = make_type(module, desc);
        if (state->record_types[i] == NULL)
            return -1;
        if (PyModule_AddObjectRef(module, short_name(desc),
                                  (PyObject *)state->record_types[i]) < 0)
            return -1;
    }
    return 0;
}
