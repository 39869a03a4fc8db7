/* rt_internal.h: helpers shared by the runtime's own .c files (not installed).
 * Everything here is rt_-prefixed; the public surface is beskid_rt.h. It also
 * fixes how the collector's header is included: with thread support declared,
 * without redirecting pthread_create (the runtime starts no threads). */
#ifndef BESKID_RT_INTERNAL_H
#define BESKID_RT_INTERNAL_H

#define GC_THREADS 1
#define GC_NO_THREAD_REDIRECTS 1
#include <gc/gc.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "beskid_rt.h"

/* Internal symbols stay out of the dynamic symbol table of a shared library
 * that links the runtime (static linking still sees them). */
#define RT_HIDDEN __attribute__((visibility("hidden")))

/* rt_init.c: set once the process-wide part of beskid_rt_init has run. */
RT_HIDDEN extern bool rt_initialized;

/* Lazy initialisation at the top of every exported entry point. */
static inline void rt_ensure_init(void)
{
    if (__builtin_expect(!rt_initialized, 0))
        beskid_rt_init();
}

/* rt_alloc.c: collector allocation that never returns NULL (panics
 * "out of memory"). _scanned memory is zeroed and traced conservatively;
 * _atomic memory is pointer-free (the collector reads at most its first
 * word) and NOT zeroed; _atomic_zeroed is both. */
RT_HIDDEN void *rt_alloc_scanned(size_t size);
RT_HIDDEN void *rt_alloc_atomic(size_t size);
RT_HIDDEN void *rt_alloc_atomic_zeroed(size_t size);
/* Once, after GC_INIT: the collector kinds of objects with a known layout
 * and of listed pointer-free blocks. */
RT_HIDDEN void rt_alloc_init(void);
/* The kind of a small pointer-free block (its first word alone is scanned:
 * the free-list link; for the unit tests, which tell pointer-free blocks by
 * their kind). */
RT_HIDDEN int rt_alloc_atomic_kind(void);
/* This thread's small-object free lists become a collector root (a thread
 * the runtime prepares), and stop being one (its shutdown). */
RT_HIDDEN void rt_alloc_thread_start(void);
RT_HIDDEN void rt_alloc_thread_end(void);
/* One spare block per thread, kept with the lists (so the collector sees
 * it) for the next request of its kind: the buffer of an appendable string
 * local whose function has returned (rt_string.c). take is NULL when there
 * is none; keep does nothing on a thread whose lists are no root. */
RT_HIDDEN void rt_alloc_keep_spare(void *block);
RT_HIDDEN void *rt_alloc_take_spare(void);

/* rt_roots.c: hooks the registered root slots into the collector's marking. */
RT_HIDDEN void rt_roots_install(void);

/* rt_string.c */
/* The length of v's decimal text (a '-' and 1..19 digits). */
RT_HIDDEN size_t rt_decimal_len(int64_t v);
RT_HIDDEN bool rt_utf8_valid(const uint8_t *bytes, size_t len);
/* New header over existing immutable bytes (no copy, no check); pointer-free
 * when the bytes are outside the collected heap, else scanned. */
RT_HIDDEN BeskidStr *rt_str_wrap(const uint8_t *bytes, size_t len);
/* New string of 'len' uninitialised bytes: one pointer-free block, header
 * then bytes (s->ptr == (uint8_t *)(s + 1)); the caller fills the bytes. */
RT_HIDDEN BeskidStr *rt_str_alloc(size_t len);
/* New string holding a copy of 'len' bytes (one block, as rt_str_alloc). */
RT_HIDDEN BeskidStr *rt_str_copy(const void *bytes, size_t len);

/* rt_backtrace.c: print the Beskid frames of the current stack on stderr. */
RT_HIDDEN void rt_backtrace_print(void);

#endif
