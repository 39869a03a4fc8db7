/* rt_alloc.c: object allocation on the Boehm heap (ABI `alloc`).
 * An object whose descriptor lists pointer words is allocated typed, so the
 * collector scans only those words; no pointer words -> pointer-free memory;
 * no descriptor -> scanned conservatively. Every allocation here is zeroed
 * except rt_alloc_atomic's, and none returns NULL ("out of memory" panic).
 * Global state: 'cache', the GC descriptor built per type descriptor. */
#include <stdlib.h>
#include <string.h>

#include <gc/gc_typed.h>

#include "rt_internal.h"

void *rt_alloc_scanned(size_t size)
{
    void *p = GC_MALLOC(size);
    if (p == NULL)
        beskid_rt_panic_cstr("out of memory");
    return p;
}

void *rt_alloc_atomic(size_t size)
{
    void *p = GC_MALLOC_ATOMIC(size);
    if (p == NULL)
        beskid_rt_panic_cstr("out of memory");
    return p;
}

void *rt_alloc_atomic_zeroed(size_t size)
{
    void *p = rt_alloc_atomic(size);
    memset(p, 0, size);
    return p;
}

typedef enum {
    LAYOUT_POINTER_FREE, /* no pointer words: atomic + memset */
    LAYOUT_TYPED,        /* GC_malloc_explicitly_typed with 'descr' */
    LAYOUT_CONSERVATIVE, /* malformed offsets: scan every word */
} LayoutKind;

/* One cached layout. The key is the descriptor's address, but JIT code (and
 * its read-only data) can be freed and a new descriptor placed at the same
 * address, so the entry keeps a copy of the contents and is rebuilt when they
 * differ. */
typedef struct LayoutEntry {
    const BeskidTypeDesc *key;
    uint32_t ptr_count;
    size_t *offsets; /* malloc'd copy of key->offsets (plain memory: no heap refs) */
    LayoutKind kind;
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

static bool entry_matches(const LayoutEntry *e, const BeskidTypeDesc *desc)
{
    if (e->ptr_count != desc->ptr_count)
        return false;
    if (desc->ptr_count == 0)
        return true;
    if (desc->offsets == NULL)
        return e->offsets == NULL;
    return e->offsets != NULL &&
           memcmp(e->offsets, desc->offsets, desc->ptr_count * sizeof(size_t)) == 0;
}

static void build_entry(LayoutEntry *e, const BeskidTypeDesc *desc)
{
    free(e->offsets);
    e->key = desc;
    e->ptr_count = desc->ptr_count;
    e->offsets = NULL;
    e->descr = 0;
    e->min_size = 0;
    if (desc->ptr_count == 0) {
        e->kind = LAYOUT_POINTER_FREE;
        return;
    }
    e->kind = LAYOUT_CONSERVATIVE;
    if (desc->offsets == NULL)
        return;
    e->offsets = malloc(desc->ptr_count * sizeof(size_t));
    if (e->offsets == NULL)
        beskid_rt_panic_cstr("out of memory");
    memcpy(e->offsets, desc->offsets, desc->ptr_count * sizeof(size_t));

    size_t words = 0;
    for (uint32_t i = 0; i < desc->ptr_count; i++) {
        size_t off = desc->offsets[i];
        if (off % sizeof(GC_word) != 0 || off > ((size_t)1 << 32))
            return; /* a codegen bug; stay conservative rather than miss a pointer */
        if (off / sizeof(GC_word) + 1 > words)
            words = off / sizeof(GC_word) + 1;
    }
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

static const LayoutEntry *layout_of(const BeskidTypeDesc *desc)
{
    if ((cache.count + 1) * 2 > cache.capacity)
        cache_grow();
    size_t mask = cache.capacity - 1;
    size_t i = hash_pointer(desc) & mask;
    while (cache.entries[i].key != NULL && cache.entries[i].key != desc)
        i = (i + 1) & mask;
    LayoutEntry *e = &cache.entries[i];
    if (e->key == NULL) {
        cache.count++;
        build_entry(e, desc);
    } else if (!entry_matches(e, desc)) {
        build_entry(e, desc);
    }
    return e;
}

void *alloc(size_t size, const void *type_desc)
{
    rt_ensure_init();
    if (size > PTRDIFF_MAX)
        beskid_rt_panic_cstr("out of memory");
    if (type_desc == NULL)
        return rt_alloc_scanned(size);

    /* Word 0 holds the descriptor address, so the block has at least a word. */
    if (size < sizeof(void *))
        size = sizeof(void *);
    const LayoutEntry *layout = layout_of(type_desc);
    void *obj;
    if (layout->kind == LAYOUT_POINTER_FREE) {
        /* Word 0 points at read-only data, which the collector never needs. */
        obj = rt_alloc_atomic_zeroed(size);
    } else if (layout->kind == LAYOUT_TYPED && size >= layout->min_size) {
        obj = GC_malloc_explicitly_typed(size, layout->descr);
        if (obj == NULL)
            beskid_rt_panic_cstr("out of memory");
    } else {
        obj = rt_alloc_scanned(size);
    }
    memcpy(obj, &type_desc, sizeof type_desc);
    return obj;
}
