/* rt_alloc.c: object allocation on the Boehm heap (ABI `alloc`).
 * Policy (docs/memory.md "What the collector sees"), per type descriptor:
 *  - no pointer words -> pointer-free memory (this thread's atomic lists, below);
 *  - small objects (ABI_SCAN_SMALL_BYTES) and pointer-dense ones (at most as
 *    many non-pointer words as pointer words, word 0 not counted) -> plain
 *    GC_MALLOC, scanned conservatively.
 *    That is sound (a conservative scan sees every word) and cheap: word 0
 *    points at read-only data, outside the heap, and GC_MALLOC takes Boehm's
 *    thread-local free lists, while typed allocation takes the global lock
 *    and adds a word to every object;
 *  - otherwise (mostly non-pointer words) -> GC_malloc_explicitly_typed, so
 *    integers and floats are never mistaken for references;
 *  - no descriptor, or malformed offsets -> scanned conservatively.
 * Every allocation here is zeroed except rt_alloc_atomic's, and none returns
 * NULL ("out of memory" panic).
 * Global state: 'cache', the layout decided per type descriptor. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <gc/gc_inline.h>
#include <gc/gc_mark.h>
#include <gc/gc_tiny_fl.h>
#include <gc/gc_typed.h>

#include "abi/abi_layout.h"
#include "rt_internal.h"

/* Small objects come from this thread's own free lists, one per
 * size in granules, refilled a block at a time by GC_malloc_many. Boehm's
 * GC_MALLOC keeps such lists too, behind a pthread_getspecific-style lookup
 * and an out-of-line call per object; here it is a TLS load and a pop.
 * Three sets of lists:
 *  - 'any': scanned objects of any use (arrays whose elements hold
 *    references, string slices, event states), with the byte Boehm puts
 *    after every object so that a pointer just past it (an optimised loop's
 *    end pointer past an array's elements) still keeps it alive: a
 *    request of 'size' bytes takes the list of
 *    size + 1 bytes in whole granules, refilled by GC_malloc_many (which
 *    adds that byte itself, so it is asked for one byte less: asked for the
 *    whole granules, it made every object a granule larger than its list);
 *  - 'exact': objects whose layout codegen knows (struct, enum, closure and
 *    cell objects: beskid_rt_alloc_scanned), of exactly their size in whole
 *    granules. Generated code reaches their fields at fixed offsets inside
 *    the object and never forms a pointer past it, so the extra byte would
 *    only move a 48-byte object into the 64-byte class (docs/decisions.md).
 *    They are of a kind of their own ('exact_kind'), scanned over their
 *    whole size: Boehm's NORMAL kind scans an object's size minus that
 *    byte, so an exact NORMAL object's last word would not be scanned;
 *  - 'atomic': pointer-free blocks (strings with their bytes, scalar
 *    buffers, objects without references), sized as 'any' objects, of a kind
 *    of their own ('atomic_kind') whose first word alone is scanned.
 * The lists are a root range of the collector (rt_alloc_thread_start) and the
 * objects on them are scanned at least over the link word, so the links keep
 * every listed object alive.
 * A thread the runtime did not prepare (a C host's other threads) takes
 * GC_MALLOC (GC_MALLOC_ATOMIC). */
typedef enum ListSet { LIST_ANY, LIST_EXACT, LIST_ATOMIC, LIST_SETS } ListSet;
typedef struct SmallLists {
    void *lists[LIST_SETS][GC_TINY_FREELISTS];
    void *spare; /* rt_alloc_keep_spare */
} SmallLists;
static _Thread_local SmallLists small_lists;
static _Thread_local bool small_lists_rooted;
static unsigned exact_kind;  /* rt_alloc_init */
static unsigned atomic_kind; /* rt_alloc_init */

void rt_alloc_init(void)
{
    /* Descriptor: a length in bytes (GC_DS_LENGTH), plus the object's size. */
    exact_kind = GC_new_kind(GC_new_free_list(), 0 | GC_DS_LENGTH, 1, 1);
    /* Pointer-free objects (string blocks, scalar buffers and objects) on
     * this thread's lists: a kind whose first word alone is scanned, so that
     * the lists' links (in that word) keep every listed object alive, which
     * Boehm's own atomic kind would not; not cleared by the collector (the
     * allocator zeroes what must be zero). Taken from the list, the first
     * word is cleared or overwritten at once: a string block's is its own
     * bytes' address, an object's its descriptor in read-only data. */
    atomic_kind = GC_new_kind(GC_new_free_list(), sizeof(GC_word) | GC_DS_LENGTH, 0, 0);
}

int rt_alloc_atomic_kind(void)
{
    return (int)atomic_kind;
}

void rt_alloc_thread_start(void)
{
    if (small_lists_rooted)
        return;
    GC_add_roots(&small_lists, &small_lists + 1);
    small_lists_rooted = true;
}

void rt_alloc_thread_end(void)
{
    if (!small_lists_rooted)
        return;
    small_lists_rooted = false;
    memset(&small_lists, 0, sizeof small_lists); /* the objects become garbage */
    GC_remove_roots(&small_lists, &small_lists + 1);
}

/* libc's memset, called: for a length it cannot see (or one over 64
 * bytes), gcc writes `rep stos` inline, whose start-up costs more than the
 * stores of a few hundred bytes (two-thirds of the allocator's time for
 * 100-byte arrays). */
static __attribute__((noinline)) void zero_bytes(void *p, size_t n)
{
    memset(p, 0, n);
}

/* Zeroes a listed object: it may hold what it held before it was freed
 * (codegen relies on fresh objects being zero). Up to 64 bytes with a
 * constant length, which the compiler writes inline as vector stores;
 * larger ones by libc. */
static inline void *zero_granules(void *p, size_t granules)
{
    switch (granules) {
    case 1: memset(p, 0, 1 * GC_GRANULE_BYTES); break;
    case 2: memset(p, 0, 2 * GC_GRANULE_BYTES); break;
    case 3: memset(p, 0, 3 * GC_GRANULE_BYTES); break;
    case 4: memset(p, 0, 4 * GC_GRANULE_BYTES); break;
    default: zero_bytes(p, granules * GC_GRANULE_BYTES); break;
    }
    return p;
}

/* A listed object as its caller wants it: zeroed whole, or (a pointer-free
 * block the caller fills) with only the link to the next listed one cleared. */
static inline void *hand_out(void *p, size_t granules, bool zeroed)
{
    if (zeroed)
        return zero_granules(p, granules);
    *(void **)p = NULL;
    return p;
}

/* A large block's pages made present in one call before it is written:
 * fresh heap memory otherwise faults a page at a time as the block is
 * zeroed or filled (a 16 MiB StringBuilder buffer: 4096 faults; words spent a
 * third of its time in the kernel). Best effort: kernels before 5.14 refuse
 * MADV_POPULATE_WRITE and the pages then fault as before. */
enum { POPULATE_MIN_BYTES = 256 << 10, PAGE_BYTES = 4096 };

static void populate(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t lo = ((uintptr_t)p + PAGE_BYTES - 1) & ~(uintptr_t)(PAGE_BYTES - 1);
    uintptr_t hi = ((uintptr_t)p + size) & ~(uintptr_t)(PAGE_BYTES - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)size;
#endif
}

/* Out of line, so that the usual path keeps no registers of its own. */
static __attribute__((noinline)) void *alloc_slow(size_t size, size_t granules, ListSet set, bool zeroed)
{
    void *p;
    if (small_lists_rooted && granules - 1 < GC_TINY_FREELISTS - 1) {
        void **list = &small_lists.lists[set][granules];
        if (set == LIST_ANY) /* GC_malloc_many adds its byte: objects of exactly 'granules' */
            *list = GC_malloc_many(GC_RAW_BYTES_FROM_INDEX(granules) - 1);
        else
            GC_generic_malloc_many(GC_RAW_BYTES_FROM_INDEX(granules),
                                   (int)(set == LIST_EXACT ? exact_kind : atomic_kind), list);
        p = *list;
        if (p == NULL)
            beskid_rt_panic_cstr("out of memory");
        *list = *(void **)p;
        return hand_out(p, granules, zeroed);
    }
    p = set == LIST_ATOMIC ? GC_MALLOC_ATOMIC(size) : GC_MALLOC(size);
    if (__builtin_expect(p == NULL, 0))
        beskid_rt_panic_cstr("out of memory");
    if (size >= POPULATE_MIN_BYTES)
        populate(p, size);
    if (zeroed && set == LIST_ATOMIC) /* GC_MALLOC's memory is zero already */
        zero_bytes(p, size);
    return p;
}

/* At least 'size' bytes from this thread's list 'set'. Objects other than
 * 'exact' ones keep at least one byte after 'size' (see above). */
static inline void *alloc_listed(size_t size, ListSet set, bool zeroed)
{
    size_t granules = (size + (set != LIST_EXACT) + GC_GRANULE_BYTES - 1) / GC_GRANULE_BYTES;
    if (__builtin_expect(small_lists_rooted && granules - 1 < GC_TINY_FREELISTS - 1, 1)) {
        void **list = &small_lists.lists[set][granules];
        void *p = *list;
        if (__builtin_expect(p != NULL, 1)) {
            *list = *(void **)p;
            return hand_out(p, granules, zeroed);
        }
    }
    return alloc_slow(size, granules, set, zeroed);
}

void rt_alloc_keep_spare(void *block)
{
    if (small_lists_rooted)
        small_lists.spare = block;
}

void *rt_alloc_take_spare(void)
{
    void *block = small_lists.spare;
    small_lists.spare = NULL;
    return block;
}

void *rt_alloc_scanned(size_t size)
{
    return alloc_listed(size, LIST_ANY, true);
}

void *rt_alloc_atomic(size_t size)
{
    return alloc_listed(size, LIST_ATOMIC, false);
}

void *rt_alloc_atomic_zeroed(size_t size)
{
    return alloc_listed(size, LIST_ATOMIC, true);
}

typedef enum {
    LAYOUT_POINTER_FREE, /* no pointer words: atomic + memset */
    LAYOUT_TYPED,        /* GC_malloc_explicitly_typed with 'descr' */
    LAYOUT_CONSERVATIVE, /* pointer-dense or malformed offsets: scan every word */
} LayoutKind;

/* One cached layout, keyed by the descriptor's address. Descriptors are
 * read-only data that lives as long as the code using it, but a host may free
 * JIT code and load other code at the same address (the JIT unit tests run
 * many programs in one process), so a hit is re-validated, as cheaply as
 * soundness allows: ptr_count and the offsets-table address must match (two
 * loads, no memcmp). For pointer-free and conservative layouts that is
 * enough: with the same ptr_count a pointer-free layout is still right, and a
 * conservative scan is right for any layout. Only a typed layout depends on
 * the offsets' contents, so only typed hits compare them with a copy; those
 * allocations take Boehm's allocation lock anyway. */
typedef struct LayoutEntry {
    const BeskidTypeDesc *key;
    const size_t *offsets; /* key->offsets when built (compared, never read) */
    uint32_t ptr_count;
    LayoutKind kind;
    size_t *offsets_copy; /* LAYOUT_TYPED: malloc'd copy of the offsets */
    GC_descr descr;
    size_t min_size; /* typed allocation needs size >= this (bitmap length) */
} LayoutEntry;

/* Open addressing, linear probing, capacity a power of two, load <= 1/2. */
static struct {
    LayoutEntry *entries;
    size_t capacity;
    size_t count;
} cache;

static size_t hash_pointer(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static void build_entry(LayoutEntry *e, const BeskidTypeDesc *desc)
{
    free(e->offsets_copy);
    e->offsets_copy = NULL;
    e->key = desc;
    e->ptr_count = desc->ptr_count;
    e->offsets = desc->offsets;
    e->descr = 0;
    e->min_size = 0;
    if (desc->ptr_count == 0) {
        e->kind = LAYOUT_POINTER_FREE;
        return;
    }
    e->kind = LAYOUT_CONSERVATIVE;
    if (desc->offsets == NULL)
        return;

    size_t words = 0;
    for (uint32_t i = 0; i < desc->ptr_count; i++) {
        size_t off = desc->offsets[i];
        if (off % sizeof(GC_word) != 0 || off > ((size_t)1 << 32))
            return; /* a codegen bug; stay conservative rather than miss a pointer */
        if (off / sizeof(GC_word) + 1 > words)
            words = off / sizeof(GC_word) + 1;
    }
    /* Pointer-dense: the words a conservative scan would look at needlessly
     * (all but word 0 and the pointer words) are no more than the pointer
     * words. Counted over the descriptor's size, the size codegen allocates. */
    size_t total_words = (desc->size + sizeof(GC_word) - 1) / sizeof(GC_word);
    if (total_words < words)
        total_words = words;
    if (total_words - 1 <= 2 * (size_t)desc->ptr_count || total_words * sizeof(GC_word) <= ABI_SCAN_SMALL_BYTES)
        return;
    size_t bitmap_words = (words + GC_WORDSZ - 1) / GC_WORDSZ;
    GC_word small[4] = {0};
    GC_word *bitmap = bitmap_words <= 4 ? small : calloc(bitmap_words, sizeof(GC_word));
    if (bitmap == NULL)
        beskid_rt_panic_cstr("out of memory");
    for (uint32_t i = 0; i < desc->ptr_count; i++)
        GC_set_bit(bitmap, desc->offsets[i] / sizeof(GC_word));
    e->descr = GC_make_descriptor(bitmap, words); /* copies what it keeps */
    if (bitmap != small)
        free(bitmap);
    e->offsets_copy = malloc(desc->ptr_count * sizeof(size_t));
    if (e->offsets_copy == NULL)
        beskid_rt_panic_cstr("out of memory");
    memcpy(e->offsets_copy, desc->offsets, desc->ptr_count * sizeof(size_t));
    e->kind = LAYOUT_TYPED;
    e->min_size = words * sizeof(GC_word);
}

static void cache_grow(void)
{
    size_t capacity = cache.capacity ? cache.capacity * 2 : 64;
    LayoutEntry *entries = calloc(capacity, sizeof *entries);
    if (entries == NULL)
        beskid_rt_panic_cstr("out of memory");
    for (size_t i = 0; i < cache.capacity; i++) {
        LayoutEntry *old = &cache.entries[i];
        if (old->key == NULL)
            continue;
        size_t j = hash_pointer(old->key) & (capacity - 1);
        while (entries[j].key != NULL)
            j = (j + 1) & (capacity - 1);
        entries[j] = *old;
    }
    free(cache.entries);
    cache.entries = entries;
    cache.capacity = capacity;
}

static __attribute__((noinline)) const LayoutEntry *layout_insert(const BeskidTypeDesc *desc)
{
    if ((cache.count + 1) * 2 > cache.capacity)
        cache_grow();
    size_t mask = cache.capacity - 1;
    size_t i = hash_pointer(desc) & mask;
    while (cache.entries[i].key != NULL && cache.entries[i].key != desc)
        i = (i + 1) & mask;
    LayoutEntry *e = &cache.entries[i];
    if (e->key == NULL)
        cache.count++;
    build_entry(e, desc);
    return e;
}

static inline const LayoutEntry *layout_of(const BeskidTypeDesc *desc)
{
    if (__builtin_expect(cache.capacity != 0, 1)) {
        size_t mask = cache.capacity - 1;
        size_t i = hash_pointer(desc) & mask;
        for (;;) {
            const LayoutEntry *e = &cache.entries[i];
            if (e->key == desc) {
                if (__builtin_expect(e->ptr_count == desc->ptr_count && e->offsets == desc->offsets, 1) &&
                    (e->kind != LAYOUT_TYPED ||
                     memcmp(e->offsets_copy, desc->offsets, desc->ptr_count * sizeof(size_t)) == 0))
                    return e;
                break;
            }
            if (e->key == NULL)
                break;
            i = (i + 1) & mask;
        }
    }
    return layout_insert(desc);
}

void *alloc(size_t size, const void *type_desc)
{
    rt_ensure_init();
    if (size > PTRDIFF_MAX)
        beskid_rt_panic_cstr("out of memory");
    if (type_desc == NULL)
        return rt_alloc_scanned(size);

    /* The header holds the descriptor address, so the block has at least a word. */
    if (size < ABI_OBJ_HEADER_BYTES)
        size = ABI_OBJ_HEADER_BYTES;
    const LayoutEntry *layout = layout_of(type_desc);
    void *obj;
    if (layout->kind == LAYOUT_POINTER_FREE) {
        /* Word 0 points at read-only data, which the collector never needs. */
        obj = rt_alloc_atomic_zeroed(size);
    } else if (layout->kind == LAYOUT_TYPED && size >= layout->min_size) {
        obj = GC_malloc_explicitly_typed(size, layout->descr);
        if (__builtin_expect(obj == NULL, 0))
            beskid_rt_panic_cstr("out of memory");
    } else {
        obj = rt_alloc_scanned(size);
    }
    memcpy((char *)obj + ABI_OBJ_DESC, &type_desc, sizeof type_desc);
    return obj;
}

/* The layout decided at compile time (lower/layout.c, the same policy as
 * above): no lookup, just the collector's allocator and the header. */
void *beskid_rt_alloc_scanned(size_t size, const void *type_desc)
{
    (void)type_desc; /* the caller stores it (beskid_rt.h) */
    rt_ensure_init();
    return alloc_listed(size, LIST_EXACT, true);
}

void *beskid_rt_alloc_atomic(size_t size, const void *type_desc)
{
    rt_ensure_init();
    /* A header and one scalar word (a payload-less variant's tag): scanning
     * it costs nothing and no integer of it can pass for a reference worth
     * keeping, so it takes the fast lists. */
    if (size <= 2 * ABI_WORD)
        return beskid_rt_alloc_scanned(size, type_desc);
    return rt_alloc_atomic_zeroed(size); /* the caller stores type_desc (beskid_rt.h) */
}
