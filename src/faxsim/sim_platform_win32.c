/* sim_platform.h on Windows, and the service's side of fax events there.
 *
 * On Windows kernel32 owns GetLastError, SetLastError, LocalFree,
 * CloseHandle and the completion-port calls, so the simulator defines none
 * of them (sim_kernel32.c, their look-alikes, is POSIX only).  Events are
 * real completion packets: the service posts each FAX_EVENTW, LocalAlloc'd,
 * with PostQueuedCompletionStatus, and the client frees it with kernel32's
 * LocalFree, as the documentation of FaxInitializeEventQueue says. */
#ifdef _WIN32

#include "sim_platform.h"
#include "sim_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

/* ---- files ---------------------------------------------------------------- */

/* errno for a Win32 error, for the few calls here that are not CRT calls. */
static int errno_from_win32(DWORD error)
{
    switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EACCES;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return EEXIST;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    case ERROR_NOT_SAME_DEVICE:
        return EXDEV;
    default:
        return EIO;
    }
}

/* A malloc'd UTF-16 copy of a UTF-8 path, or NULL with errno ENOMEM. */
static WCHAR *wide_path(const char *path)
{
    WCHAR *w = sim_wfrom_utf8(path);
    if (w == NULL)
        errno = ENOMEM;
    return w;
}

static int is_directory_w(LPCWSTR path)
{
    DWORD attributes = GetFileAttributesW(path);
    return attributes != INVALID_FILE_ATTRIBUTES &&
           (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

/* _wopen refuses a directory with EACCES; POSIX callers expect EISDIR,
 * which is what a directory is, whichever the platform. */
static int open_existing_w(LPCWSTR path)
{
    int fd = _wopen(path, _O_RDONLY | _O_BINARY | _O_NOINHERIT);
    if (fd < 0 && errno == EACCES && is_directory_w(path))
        errno = EISDIR;
    return fd;
}

int sim_file_open_read(const char *path)
{
    WCHAR *w = wide_path(path);
    int fd, e;

    if (w == NULL)
        return -1;
    fd = open_existing_w(w);
    e = errno;
    free(w);
    errno = e;
    return fd;
}

int sim_file_open_read_w(LPCWSTR path) { return open_existing_w(path); }

int sim_file_create_new(const char *path)
{
    WCHAR *w = wide_path(path);
    int fd, e;

    if (w == NULL)
        return -1;
    /* Windows files have no POSIX mode; the ACL of the directory decides
     * who may read it. */
    fd = _wopen(w, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY | _O_NOINHERIT,
                _S_IREAD | _S_IWRITE);
    e = errno;
    free(w);
    errno = e;
    return fd;
}

int sim_file_read_all(int fd, uint64_t limit, unsigned char **data, size_t *size)
{
    struct _stat64 st;
    unsigned char *buf;
    size_t got = 0, want;

    if (_fstat64(fd, &st) != 0)
        return -1;
    if ((st.st_mode & _S_IFMT) != _S_IFREG) {
        errno = (st.st_mode & _S_IFMT) == _S_IFDIR ? EISDIR : EINVAL;
        return SIM_FILE_NOT_REGULAR;
    }
    if (limit > SIZE_MAX)
        limit = SIZE_MAX;
    if (st.st_size < 0 || (uint64_t)st.st_size > limit) {
        errno = EFBIG;
        return -1;
    }
    want = (size_t)st.st_size;
    buf = malloc(want ? want : 1);
    if (buf == NULL) {
        errno = ENOMEM;
        return -1;
    }
    while (got < want) {
        /* _read counts in unsigned int and answers in int. */
        size_t chunk = want - got < (size_t)INT_MAX ? want - got : (size_t)INT_MAX;
        int n = _read(fd, buf + got, (unsigned int)chunk);
        if (n <= 0) {
            int e = n < 0 ? errno : EINVAL;
            free(buf);
            errno = e;
            return -1;
        }
        got += (size_t)n;
    }
    *data = buf;
    *size = want;
    return 0;
}

int sim_file_write_all(int fd, const unsigned char *data, size_t size)
{
    while (size > 0) {
        size_t chunk = size < (size_t)INT_MAX ? size : (size_t)INT_MAX;
        int n = _write(fd, data, (unsigned int)chunk);
        if (n < 0)
            return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

int sim_file_sync(int fd) { return _commit(fd); }

int sim_file_close(int fd) { return _close(fd); }

int sim_file_replace(const char *from, const char *to)
{
    WCHAR *wfrom = wide_path(from), *wto = wide_path(to);
    int rc = -1;

    /* rename() refuses an existing target on Windows.  WRITE_THROUGH
     * returns only once the move is on disk, which is what fsync on the
     * directory achieves on POSIX.  Windows also refuses to replace a file
     * that any process has open, and short-lived opens by others happen
     * (virus scanners, the search indexer; under Wine, a file another
     * process has just closed, seen when two winfax commands alternate on
     * one state file): those are retried for up to a second. */
    if (wfrom != NULL && wto != NULL) {
        DWORD error = ERROR_SUCCESS;
        for (int attempt = 0; attempt < 100; attempt++) {
            if (MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
                rc = 0;
                break;
            }
            error = GetLastError();
            if (error != ERROR_ACCESS_DENIED && error != ERROR_SHARING_VIOLATION)
                break;
            Sleep(10);
        }
        if (rc != 0)
            errno = errno_from_win32(error);
    }
    free(wfrom);
    free(wto);
    return rc;
}

int sim_file_remove(const char *path)
{
    WCHAR *w = wide_path(path);
    int rc, e;

    if (w == NULL)
        return -1;
    rc = _wunlink(w);
    e = errno;
    free(w);
    errno = e;
    return rc;
}

int sim_file_is_regular_w(LPCWSTR path)
{
    DWORD attributes;

    if (path[0] == 0)
        return 0;
    attributes = GetFileAttributesW(path);
    return attributes != INVALID_FILE_ATTRIBUTES &&
           !(attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE));
}

/* ---- the machine and the process ----------------------------------------- */

unsigned long sim_process_id(void) { return GetCurrentProcessId(); }

/* ---- time and waiting ----------------------------------------------------- */

uint64_t sim_monotonic_ms(void) { return GetTickCount64(); }

FILETIME sim_wall_clock_now(void)
{
    FILETIME now;

    GetSystemTimePreciseAsFileTime(&now);
    return now;
}

void sim_sleep_us(uint32_t microseconds)
{
    Sleep(microseconds / 1000u + (microseconds % 1000u != 0));
}

void sim_mutex_lock(sim_mutex *mutex) { AcquireSRWLockExclusive(mutex); }

void sim_mutex_unlock(sim_mutex *mutex) { ReleaseSRWLockExclusive(mutex); }

int sim_cond_init(sim_cond *cond)
{
    InitializeConditionVariable(cond);
    return 0;
}

void sim_cond_broadcast(sim_cond *cond) { WakeAllConditionVariable(cond); }

/* The waits leave the thread's last error as they found it: a caller of
 * the fax API on this thread may still want to read its own. */
void sim_cond_wait(sim_cond *cond, sim_mutex *mutex)
{
    DWORD saved = GetLastError();

    SleepConditionVariableSRW(cond, mutex, INFINITE, 0);
    SetLastError(saved);
}

void sim_deadline_after(sim_deadline *deadline, uint32_t milliseconds)
{
    *deadline = sim_monotonic_ms() + milliseconds;
}

int sim_cond_wait_until(sim_cond *cond, sim_mutex *mutex, const sim_deadline *deadline)
{
    DWORD saved = GetLastError();
    uint64_t now = sim_monotonic_ms(), left;

    if (now >= *deadline)
        return ETIMEDOUT;
    left = *deadline - now;
    /* INFINITE is a timeout of its own; anything longer comes back early,
     * which the caller treats as a spurious wake. */
    if (left >= INFINITE)
        left = INFINITE - 1;
    /* A wait that times out on the coarse tick before the deadline is
     * reported as a wake too: ETIMEDOUT means the deadline has passed. */
    SleepConditionVariableSRW(cond, mutex, (DWORD)left, 0);
    SetLastError(saved);
    return sim_monotonic_ms() >= *deadline ? ETIMEDOUT : 0;
}

/* ---- threads -------------------------------------------------------------- */

struct sim_thread {
    DWORD id;
};

/* What the new thread needs; it frees this itself, so nothing it reads can
 * be freed under it. */
typedef struct {
    void (*run)(void);
    HMODULE self;
} thread_start;

/* Any address inside this DLL names it to GetModuleHandleExW. */
static const char module_anchor = 0;

static DWORD WINAPI thread_main(LPVOID arg)
{
    thread_start start = *(thread_start *)arg;

    free(arg);
    start.run();
    /* Drops the reference sim_thread_start took and ends the thread
     * without returning into code that may be unmapped by then. */
    FreeLibraryAndExitThread(start.self, 0);
    return 0;
}

int sim_thread_start(void (*run)(void), sim_thread **out)
{
    struct sim_thread *t = malloc(sizeof *t);
    thread_start *start = malloc(sizeof *start);
    HANDLE h;

    if (t == NULL || start == NULL)
        goto fail;
    start->run = run;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                            (LPCWSTR)(const void *)&module_anchor, &start->self))
        goto fail;
    h = CreateThread(NULL, 0, thread_main, start, 0, &t->id);
    if (h == NULL) {
        FreeLibrary(start->self);
        goto fail;
    }
    CloseHandle(h);
    *out = t;
    return 0;

fail:
    free(t);
    free(start);
    return -1;
}

void sim_thread_reap(sim_thread *thread) { free(thread); }

/* ---- fax events: LocalAlloc'd blocks in real completion packets ----------- */

void *sim_local_alloc(size_t size)
{
    return LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, size);
}

void sim_local_discard(void *memory)
{
    if (memory != NULL)
        LocalFree(memory);
}

/* The real service duplicates the client's port into its own process and
 * posts through that copy, so the port lives as long as either side holds
 * it.  DuplicateHandle also proves the value names a kernel object; that
 * it is a completion port only shows when a post fails.  Pseudo-handles
 * (negative values: the current process, thread, token) are refused. */
int sim_iocp_hold(HANDLE port, HANDLE *held)
{
    DWORD saved = GetLastError();
    BOOL ok = (intptr_t)port > 0 &&
              DuplicateHandle(GetCurrentProcess(), port, GetCurrentProcess(), held,
                              0, FALSE, DUPLICATE_SAME_ACCESS);
    SetLastError(saved);
    return ok ? 0 : -1;
}

void sim_iocp_release(HANDLE held)
{
    DWORD saved = GetLastError();
    CloseHandle(held);
    SetLastError(saved);
}

int sim_iocp_post(HANDLE held, DWORD bytes, ULONG_PTR key, void *overlapped)
{
    DWORD saved = GetLastError();
    BOOL ok = PostQueuedCompletionStatus(held, bytes, key, (LPOVERLAPPED)overlapped);
    SetLastError(saved);
    return ok ? 0 : -1;
}

/* The client's ports, its waiting threads and its LocalFree calls are
 * kernel32's business here; faxsim.h documents these answers. */
FAXSIM_API int64_t faxsim_outstanding_events(void) { return FAXSIM_UNTRACKED_EVENTS; }
FAXSIM_API uint32_t faxsim_completion_ports(void) { return FAXSIM_UNTRACKED; }
FAXSIM_API uint32_t faxsim_completion_waiters(void) { return FAXSIM_UNTRACKED; }

#endif /* _WIN32 */
