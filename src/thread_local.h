/* Thread-local storage for the extension's per-call caches.  MSVC's C
 * compiler spells it __declspec(thread) rather than C11's _Thread_local. */
#ifndef WINFAX_THREAD_LOCAL_H
#define WINFAX_THREAD_LOCAL_H

#if defined(_MSC_VER) && !defined(__clang__)
#define WINFAX_THREAD_LOCAL __declspec(thread)
#else
#define WINFAX_THREAD_LOCAL _Thread_local
#endif

#endif /* WINFAX_THREAD_LOCAL_H */
