/* The operating-system services the simulator needs, one interface for two
 * implementations: sim_platform_posix.c and sim_platform_win32.c (each file
 * compiles to nothing on the other platform, so every build compiles all
 * of the simulator's C files, unchanged, on every platform).
 *
 * Files: every function returns -1 with errno set on failure.  On Windows
 * that is the UCRT's errno, the one CPython reads through ctypes, because
 * the DLL is linked against the UCRT.  Descriptors are binary (Windows'
 * default text mode would mangle every TIFF and state file) and are not
 * inherited by child processes.  Paths given as char * are UTF-8. */
#ifndef SIM_PLATFORM_H
#define SIM_PLATFORM_H

#include "sim_internal.h"

#include <pthread.h>
#include <time.h>

/* ---- files ---------------------------------------------------------------- */

int sim_file_open_read(const char *path);
int sim_file_open_read_w(LPCWSTR path);
/* A new file for writing; fails with EEXIST if `path` exists.  Mode 0600
 * where files have POSIX modes. */
int sim_file_create_new(const char *path);

/* sim_file_read_all's answer for a descriptor that is not a regular file;
 * errno is then EISDIR for a directory, EINVAL for anything else. */
#define SIM_FILE_NOT_REGULAR 1

/* The whole content of the open file `fd` in a malloc'd buffer (never NULL,
 * even for an empty file).  Returns 0; SIM_FILE_NOT_REGULAR; or -1 with
 * errno EFBIG if the file is larger than `limit` bytes, EINVAL if it ends
 * before its size said, or the error of fstat, malloc or read. */
int sim_file_read_all(int fd, uint64_t limit, unsigned char **data, size_t *size);
int sim_file_write_all(int fd, const unsigned char *data, size_t size);
/* Data on disk before it returns (fsync; _commit on Windows). */
int sim_file_sync(int fd);
int sim_file_close(int fd);
/* Renames `from` over `to`, which may exist, and makes the new name
 * durable as far as the platform allows. */
int sim_file_replace(const char *from, const char *to);
int sim_file_remove(const char *path);
/* 1 if `path` names a regular file, 0 if not, -1 when out of memory. */
int sim_file_is_regular_w(LPCWSTR path);

/* ---- the machine and the process ----------------------------------------- */

unsigned long sim_process_id(void);

/* ---- time and waiting ----------------------------------------------------- */

/* Milliseconds on a clock that never jumps, from an arbitrary origin. */
uint64_t sim_monotonic_ms(void);

/* The wall clock, as a FILETIME (UTC). */
FILETIME sim_wall_clock_now(void);

/* Blocks the calling thread for at least `microseconds`. */
void sim_sleep_us(uint32_t microseconds);

/* A lock and a condition variable whose waits can time out.  No struct
 * timespec crosses a library boundary: on 32-bit Windows our UCRT build
 * has a 64-bit time_t while Debian's libwinpthread-1.dll (built for
 * msvcrt) has a 32-bit one, so a deadline handed to its
 * pthread_cond_timedwait or filled by its clock_gettime is misread.  On
 * Windows these are kernel32's SRW lock and condition variable, which
 * wait in milliseconds on the tick count (sim_monotonic_ms); elsewhere
 * pthreads on CLOCK_MONOTONIC where it can be bound to a condition
 * variable. */
#ifdef _WIN32
typedef SRWLOCK sim_mutex;
typedef CONDITION_VARIABLE sim_cond;
typedef uint64_t sim_deadline;      /* sim_monotonic_ms() */
#define SIM_MUTEX_INIT SRWLOCK_INIT
#else
typedef pthread_mutex_t sim_mutex;
typedef pthread_cond_t sim_cond;
typedef struct timespec sim_deadline;
#define SIM_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
#endif

void sim_mutex_lock(sim_mutex *mutex);
void sim_mutex_unlock(sim_mutex *mutex);
int sim_cond_init(sim_cond *cond);
void sim_cond_broadcast(sim_cond *cond);
void sim_cond_wait(sim_cond *cond, sim_mutex *mutex);
void sim_deadline_after(sim_deadline *deadline, uint32_t milliseconds);
/* 0 when signalled (or woken spuriously, or early), ETIMEDOUT once
 * `deadline` has passed. */
int sim_cond_wait_until(sim_cond *cond, sim_mutex *mutex, const sim_deadline *deadline);

/* ---- threads -------------------------------------------------------------- */

typedef struct sim_thread sim_thread;

/* Runs `run` on a new thread.  On Windows the thread holds a reference to
 * this DLL until `run` has returned (FreeLibraryAndExitThread), so a
 * FreeLibrary cannot unmap code the thread is still executing; the DLL is
 * unloaded once the thread has ended.  Returns 0, or -1. */
int sim_thread_start(void (*run)(void), sim_thread **out);
/* Frees `thread` once its `run` has returned or is about to: POSIX joins
 * it; Windows only forgets it (the thread ends on its own, and waiting for
 * it under the loader lock would deadlock). */
void sim_thread_reap(sim_thread *thread);

#endif /* SIM_PLATFORM_H */
