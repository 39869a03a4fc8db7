/* tests/unit/rt_gc_kinds.h: the collector kinds the runtime's blocks have,
 * for runtime unit tests that tell scanned memory from pointer-free memory.
 * Include after <gc/gc.h>. */
#ifndef BESKID_TESTS_RT_GC_KINDS_H
#define BESKID_TESTS_RT_GC_KINDS_H

/* Boehm's object kinds PTRFREE and NORMAL (private gc_priv.h numbering, as
 * GC_get_kind_and_size returns them). */
enum { KIND_POINTER_FREE = 0, KIND_SCANNED = 1 };
/* runtime/rt_internal.h: the kind of the runtime's listed pointer-free blocks. */
int rt_alloc_atomic_kind(void);

/* Pointer-free: Boehm's own kind, or the runtime's listed blocks (of which
 * the collector reads only the free-list link in the first word). */
static int pointer_free(const void *p)
{
    int kind = GC_get_kind_and_size((void *)p, NULL);
    return kind == KIND_POINTER_FREE || kind == rt_alloc_atomic_kind();
}
#endif
