/* WinFax.dll, loaded when first needed; the only file of the extension that
 * knows WinFax.dll is delay-loaded.
 *
 * Windows ships the fax client only with the "Windows Fax and Scan" feature
 * (or the Fax Server role), so a wheel whose module imported WinFax.dll
 * eagerly would fail `import winfax` with a bare "DLL load failed" on most
 * machines.  The module is therefore linked with WinFax.dll delay-loaded
 * (MSVC: /DELAYLOAD:WINFAX.dll; mingw-w64: a dlltool --output-delaylib
 * import library), and winfax_dll_ensure() runs before the first call that
 * has no handle yet, so the absence surfaces as a Python exception that
 * says what to install, instead of the structured exception the
 * delay-load helper raises, which would kill the process.
 *
 * The library is only ever taken from System32, where Windows installs it:
 * the default search order would try the application's folder and the
 * current directory first, and a WinFax.dll planted there would run inside
 * every process that uses winfax. */
#include "winfax_dll.h"

PyDoc_STRVAR(not_installed_doc,
"The Windows fax client (WinFax.dll) is not installed or cannot be loaded.\n\n"
"An OSError: winerror says why (126: not found).  Raised by connect() and\n"
"the module functions; `import winfax` works without the fax client.");

int winfax_dll_add_error(PyObject *module, PyObject **slot)
{
    *slot = PyErr_NewExceptionWithDoc("winfax.FaxClientNotInstalledError",
                                      not_installed_doc, PyExc_OSError, NULL);
    if (*slot == NULL)
        return -1;
    return PyModule_AddObjectRef(module, "FaxClientNotInstalledError", *slot);
}

#ifdef _WIN32

#include <windows.h>
#include <delayimp.h>
#include <string.h>

/* The library's file name; the delay-import descriptor's own spelling of
 * it may differ in case. */
static const WCHAR fax_dll_file[] = L"WINFAX.dll";
static const char fax_dll_name[] = "WINFAX.dll";

static HMODULE load_from_system32(void)
{
    return LoadLibraryExW(fax_dll_file, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
}

/* The delay-load helper asks this hook before it loads a library itself.
 * Answering for WinFax.dll keeps its default search order (application
 * folder, current directory, PATH) out of the way.  The ensure check has
 * loaded the library before any call can get here, so this returns it (one
 * more reference to an already loaded module); were it missing, the
 * helper's own fallback would never be reached either, because no fax
 * call runs before a successful check. */
static FARPROC WINAPI delay_load_notify(unsigned notification, PDelayLoadInfo info)
{
    if (notification == dliNotePreLoadLibrary && info->szDll != NULL &&
        _stricmp(info->szDll, fax_dll_name) == 0)
        return (FARPROC)(void *)load_from_system32();
    return NULL;
}

/* The helper reads the hook from this well-known variable; MSVC declares
 * it const, mingw-w64 does not. */
#ifdef _MSC_VER
const PfnDliHook __pfnDliNotifyHook2 = delay_load_notify;
#else
PfnDliHook __pfnDliNotifyHook2 = delay_load_notify;
#endif

#ifdef WINFAX_DELAYLIB_DESCRIPTOR
/* GNU ld does not fill in the PE's Delay Import Directory, so a mingw-w64
 * build that links a dlltool --output-delaylib library names the
 * descriptor that library defines (its symbol is derived from the
 * library's file name; an assembler name, because i686 and x86_64 decorate
 * C names differently). */
extern const ImgDelayDescr delaylib_descriptor __asm__(WINFAX_DELAYLIB_DESCRIPTOR);
#endif

/* This module's delay-import descriptor for WinFax.dll, or NULL when
 * WinFax.dll is an ordinary import (then Windows loaded it with the module
 * and there is nothing to check).  *base receives the module's base. */
static const ImgDelayDescr *own_descriptor(const BYTE **base)
{
    HMODULE self = NULL;
    const IMAGE_NT_HEADERS *nt;
    const IMAGE_DATA_DIRECTORY *dir;
    const ImgDelayDescr *d = NULL;

    /* Any address inside this module names it. */
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                            GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)fax_dll_name, &self))
        return NULL;
    *base = (const BYTE *)self;
    nt = (const IMAGE_NT_HEADERS *)(*base + ((const IMAGE_DOS_HEADER *)self)->e_lfanew);
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT];
    if (dir->VirtualAddress != 0 && dir->Size != 0) {
        for (d = (const ImgDelayDescr *)(*base + dir->VirtualAddress);
             d->rvaDLLName != 0; d++) {
            if (_stricmp((const char *)(*base + d->rvaDLLName), fax_dll_name) == 0)
                break;
        }
        if (d->rvaDLLName == 0)
            d = NULL;
    }
#ifdef WINFAX_DELAYLIB_DESCRIPTOR
    if (d == NULL)
        d = &delaylib_descriptor;
#endif
    /* Only descriptors holding RVAs (what every linker since Visual C++
     * 7.0 writes) can be read; the helper refuses the others anyway. */
    if (d != NULL && !(d->grAttrs & dlattrRva))
        d = NULL;
    return d;
}

/* The first function this module imports that `dll` does not export, or
 * NULL.  Checked before binding because the delay-load helper answers a
 * missing function with a structured exception, not an error code. */
static const char *first_missing_import(const BYTE *base, const ImgDelayDescr *d,
                                        HMODULE dll)
{
    const IMAGE_THUNK_DATA *thunk = (const IMAGE_THUNK_DATA *)(base + d->rvaINT);
    static const char by_ordinal[] = "(a function imported by ordinal)";

    for (; thunk->u1.AddressOfData != 0; thunk++) {
        if (IMAGE_SNAP_BY_ORDINAL(thunk->u1.Ordinal)) {
            WORD ordinal = (WORD)IMAGE_ORDINAL(thunk->u1.Ordinal);
            if (GetProcAddress(dll, MAKEINTRESOURCEA(ordinal)) == NULL)
                return by_ordinal;
        }
        else {
            const IMAGE_IMPORT_BY_NAME *import =
                (const IMAGE_IMPORT_BY_NAME *)(base + thunk->u1.AddressOfData);
            if (GetProcAddress(dll, (LPCSTR)import->Name) == NULL)
                return (const char *)import->Name;
        }
    }
    return NULL;
}

/* The helper every delay-load thunk calls, as Microsoft documents it;
 * mingw-w64's delayimp.h does not declare it (repeating MSVC's declaration
 * is harmless). */
FARPROC WINAPI __delayLoadHelper2(PCImgDelayDescr pidd, FARPROC *ppfnIATEntry);

/* Binds every import of `d` now, as __HrLoadAllImportsForDll does (which
 * cannot be used: it finds descriptors only through the Delay Import
 * Directory, which GNU ld leaves empty).  Afterwards no fax call runs the
 * helper, nor its unsynchronised writes to the import table, concurrently
 * with another.  Cannot meet a missing function: all were just found. */
static void bind_all(const BYTE *base, const ImgDelayDescr *d)
{
    const IMAGE_THUNK_DATA *thunk = (const IMAGE_THUNK_DATA *)(base + d->rvaINT);
    FARPROC *slot = (FARPROC *)(base + d->rvaIAT);

    for (; thunk->u1.AddressOfData != 0; thunk++, slot++)
        (void)__delayLoadHelper2(d, slot);
}

/* What a failed load leaves for the thread that raises. */
typedef struct {
    DWORD error;
    const char *missing;   /* a function the DLL lacks, or NULL */
} load_result;

/* Runs under InitOnce: at most one thread at a time, and once it returns
 * TRUE never again.  FALSE leaves the InitOnce untouched, so a later call
 * tries again (the fax client may have been installed meanwhile). */
static BOOL CALLBACK load_once(PINIT_ONCE once, PVOID param, PVOID *context)
{
    load_result *result = (load_result *)param;
    const BYTE *base = NULL;
    const ImgDelayDescr *d = own_descriptor(&base);
    HMODULE dll;
    (void)once;
    (void)context;

    if (d == NULL)
        return TRUE;
    dll = load_from_system32();
    if (dll == NULL) {
        result->error = GetLastError();
        return FALSE;
    }
    result->missing = first_missing_import(base, d, dll);
    if (result->missing != NULL) {
        result->error = ERROR_PROC_NOT_FOUND;
        FreeLibrary(dll);
        return FALSE;
    }
    bind_all(base, d);
    /* `dll` keeps its reference: the library stays loaded for the life of
     * the process, as an ordinary import would. */
    return TRUE;
}

static INIT_ONCE loaded = INIT_ONCE_STATIC_INIT;

static int raise_not_installed(PyObject *error_type, const load_result *result)
{
    PyObject *message, *exc;

    if (result->missing != NULL)
        message = PyUnicode_FromFormat(
            "the WinFax.dll in System32 has no %s: it is not the Windows fax "
            "client (or an older one than winfax needs); repair the \"Windows "
            "Fax and Scan\" feature or the \"Fax Server\" role", result->missing);
    else
        message = PyUnicode_FromString(
            "WinFax.dll, the Windows fax client, cannot be loaded from "
            "System32. Install it: on Windows 10/11 add the optional feature "
            "\"Windows Fax and Scan\" (Settings > System > Optional features, or "
            "DISM /Online /Add-Capability /CapabilityName:Print.Fax.Scan~~~~0.0.1.0); "
            "on Windows Server add the \"Fax Server\" role (Install-WindowsFeature "
            "Fax). To use winfax's fax service simulator instead, copy its "
            "WINFAX.dll and libwinpthread-1.dll into System32.");
    if (message == NULL)
        return -1;
    /* OSError(errno, strerror, filename, winerror): with winerror given,
     * Windows CPython derives errno from it. */
    exc = PyObject_CallFunction(error_type, "OOOk", Py_None, message, Py_None,
                                (unsigned long)result->error);
    Py_DECREF(message);
    if (exc == NULL)
        return -1;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return -1;
}

int winfax_dll_ensure(PyObject *error_type)
{
    load_result result = {ERROR_SUCCESS, NULL};
    BOOL pending = TRUE, ok;

    /* The common case, once loaded: no wait, no GIL release. */
    if (InitOnceBeginInitialize(&loaded, INIT_ONCE_CHECK_ONLY, &pending, NULL) &&
        !pending)
        return 0;
    /* Loading runs the library's start-up code and may wait for another
     * thread's attempt: neither needs the GIL. */
    Py_BEGIN_ALLOW_THREADS
    ok = InitOnceExecuteOnce(&loaded, load_once, &result, NULL);
    Py_END_ALLOW_THREADS
    if (ok)
        return 0;
    return raise_not_installed(error_type, &result);
}

#else /* !_WIN32 */

/* The simulator is linked in: there is nothing to load. */
int winfax_dll_ensure(PyObject *error_type)
{
    (void)error_type;
    return 0;
}

#endif /* _WIN32 */
