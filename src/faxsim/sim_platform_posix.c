/* sim_platform.h on POSIX systems (Linux, macOS, the BSDs). */
#ifndef _WIN32

#if defined(__APPLE__)
/* pthread_cond_timedwait_relative_np is a Darwin extension. */
#define _DARWIN_C_SOURCE
#endif
/* open flags, fsync, getpid, clock_gettime: POSIX, not C11. */
#define _POSIX_C_SOURCE 200809L

#include "sim_platform.h"
#include "sim_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files ---------------------------------------------------------------- */

int sim_file_open_read(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC);
}

int sim_file_open_read_w(LPCWSTR path)
{
    char *name = sim_wto_utf8(path);
    int fd, e;

    if (name == NULL) {
        errno = ENOMEM;
        return -1;
    }
    fd = open(name, O_RDONLY | O_CLOEXEC);
    e = errno;
    free(name);
    errno = e;
    return fd;
}

int sim_file_create_new(const char *path)
{
    /* 0600: a state file holds other people's fax numbers and documents. */
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
}

int sim_file_read_all(int fd, uint64_t limit, unsigned char **data, size_t *size)
{
    struct stat st;
    unsigned char *buf;
    size_t got = 0, want;
    int e;

    if (fstat(fd, &st) != 0)
        return -1;
    /* A directory or a device is not a document; reading a FIFO could
     * block forever. */
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return SIM_FILE_NOT_REGULAR;
    }
    if (limit > SIZE_MAX)
        limit = SIZE_MAX;
    if ((uintmax_t)st.st_size > limit) {
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
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* A file cut short under us reads as damage. */
            e = n < 0 ? errno : EINVAL;
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
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

int sim_file_sync(int fd) { return fsync(fd); }

int sim_file_close(int fd) { return close(fd); }

/* Makes a rename durable.  Best effort: some file systems refuse fsync on
 * a directory, and the data is already safe in the file. */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd;

    if (slash == NULL) {
        dir = strdup(".");
    }
    else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        dir = malloc(n + 1);
        if (dir != NULL) {
            memcpy(dir, path, n);
            dir[n] = 0;
        }
    }
    if (dir == NULL)
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int sim_file_replace(const char *from, const char *to)
{
    if (rename(from, to) != 0)
        return -1;
    sync_directory(to);
    return 0;
}

int sim_file_remove(const char *path) { return unlink(path); }

int sim_file_is_regular_w(LPCWSTR path)
{
    struct stat st;
    char *name = sim_wto_utf8(path);
    int found;

    if (name == NULL)
        return -1;
    found = name[0] != 0 && stat(name, &st) == 0 && S_ISREG(st.st_mode);
    free(name);
    return found;
}

/* ---- the machine and the process ----------------------------------------- */

unsigned long sim_process_id(void) { return (unsigned long)getpid(); }

/* ---- time and waiting ----------------------------------------------------- */

/* Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define FILETIME_UNIX_EPOCH_S 11644473600ull

uint64_t sim_monotonic_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

FILETIME sim_wall_clock_now(void)
{
    struct timespec ts;
    uint64_t ticks;
    FILETIME ft;

    clock_gettime(CLOCK_REALTIME, &ts);
    ticks = ((uint64_t)ts.tv_sec + FILETIME_UNIX_EPOCH_S) * 10000000ull +
            (uint64_t)ts.tv_nsec / 100u;
    ft.dwLowDateTime = (DWORD)ticks;
    ft.dwHighDateTime = (DWORD)(ticks >> 32);
    return ft;
}

void sim_sleep_us(uint32_t microseconds)
{
    struct timespec left = { microseconds / 1000000u, (long)(microseconds % 1000000u) * 1000L };

    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}

void sim_mutex_lock(sim_mutex *mutex) { pthread_mutex_lock(mutex); }

void sim_mutex_unlock(sim_mutex *mutex) { pthread_mutex_unlock(mutex); }

void sim_cond_broadcast(sim_cond *cond) { pthread_cond_broadcast(cond); }

void sim_cond_wait(sim_cond *cond, sim_mutex *mutex) { pthread_cond_wait(cond, mutex); }

/* Timeouts are durations; the wall clock can jump, so waits are measured
 * on CLOCK_MONOTONIC.  Darwin cannot bind a condition variable to it and
 * offers a relative wait instead. */
int sim_cond_init(sim_cond *cond)
{
#if defined(__APPLE__)
    return pthread_cond_init(cond, NULL);
#else
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);

    if (rc != 0)
        return rc;
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (rc == 0)
        rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
#endif
}

void sim_deadline_after(sim_deadline *deadline, uint32_t milliseconds)
{
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += (time_t)(milliseconds / 1000u);
    deadline->tv_nsec += (long)(milliseconds % 1000u) * 1000000L;
    if (deadline->tv_nsec >= 1000000000L) {
        deadline->tv_sec++;
        deadline->tv_nsec -= 1000000000L;
    }
}

int sim_cond_wait_until(sim_cond *cond, sim_mutex *mutex, const sim_deadline *deadline)
{
#if defined(__APPLE__)
    struct timespec now, left;

    clock_gettime(CLOCK_MONOTONIC, &now);
    left.tv_sec = deadline->tv_sec - now.tv_sec;
    left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
    if (left.tv_nsec < 0) {
        left.tv_sec--;
        left.tv_nsec += 1000000000L;
    }
    if (left.tv_sec < 0)
        return ETIMEDOUT;
    return pthread_cond_timedwait_relative_np(cond, mutex, &left);
#else
    return pthread_cond_timedwait(cond, mutex, deadline);
#endif
}

/* ---- threads -------------------------------------------------------------- */

struct sim_thread {
    pthread_t id;
    void (*run)(void);
};

static void *thread_main(void *arg)
{
    struct sim_thread *t = arg;
    t->run();
    return NULL;
}

int sim_thread_start(void (*run)(void), sim_thread **out)
{
    struct sim_thread *t = malloc(sizeof *t);

    if (t == NULL)
        return -1;
    t->run = run;
    if (pthread_create(&t->id, NULL, thread_main, t) != 0) {
        free(t);
        return -1;
    }
    *out = t;
    return 0;
}

void sim_thread_reap(sim_thread *thread)
{
    if (thread == NULL)
        return;
    pthread_join(thread->id, NULL);
    free(thread);
}

#endif /* !_WIN32 */
