/* rt_roots.c: explicit GC roots (ABI gc_*): root handles and root slots.
 * Both tables live in uncollectable memory, which the collector always scans.
 * A registered slot's current contents are pushed by a mark hook at every
 * collection (unlike GC_add_roots, no limit on the number of slots).
 * Global state: 'handles', 'slots', and 'previous_push' (the hook we chain to;
 * in threaded builds it marks the thread stacks). */
#include <string.h>

#include <gc/gc_mark.h>

#include "rt_internal.h"

/* handles.values[h - 1] is handle h's value; handles are never reused. */
static struct {
    void **values;
    uint64_t count;
    uint64_t capacity;
} handles;

static struct {
    void ***items;
    size_t count;
    size_t capacity;
} slots;

static GC_push_other_roots_proc previous_push;

/* Grows an uncollectable array of pointers, copying 'count' entries. */
static void *grow_uncollectable(void *old, size_t count, size_t new_capacity)
{
    void *fresh = GC_MALLOC_UNCOLLECTABLE(new_capacity * sizeof(void *));
    if (fresh == NULL)
        beskid_rt_panic_cstr("out of memory");
    memset(fresh, 0, new_capacity * sizeof(void *));
    if (old != NULL) {
        memcpy(fresh, old, count * sizeof(void *));
        GC_FREE(old);
    }
    return fresh;
}

void gc_write_barrier(void *dst_obj, void *value)
{
    /* Boehm needs no barrier (no incremental mode); kept for the ABI. */
    (void)dst_obj;
    (void)value;
}

uint64_t gc_root_handle(void *value)
{
    rt_ensure_init();
    if (handles.count == handles.capacity) {
        uint64_t capacity = handles.capacity ? handles.capacity * 2 : 64;
        handles.values = grow_uncollectable(handles.values, handles.count, capacity);
        handles.capacity = capacity;
    }
    handles.values[handles.count++] = value;
    return handles.count;
}

void gc_unroot_handle(uint64_t handle)
{
    rt_ensure_init();
    if (handle >= 1 && handle <= handles.count)
        handles.values[handle - 1] = NULL;
}

/* Runs inside a collection (world stopped, allocation lock held): no
 * allocation here. */
static void GC_CALLBACK push_root_slots(void)
{
    if (previous_push != NULL)
        previous_push();
    for (size_t i = 0; i < slots.count; i++) {
        void **slot = slots.items[i];
        GC_push_all((void *)slot, (void *)(slot + 1));
    }
}

void rt_roots_install(void)
{
    previous_push = GC_get_push_other_roots();
    GC_set_push_other_roots(push_root_slots);
}

void gc_register_root(void **slot)
{
    rt_ensure_init();
    if (slot == NULL)
        return;
    if (slots.count == slots.capacity) {
        size_t capacity = slots.capacity ? slots.capacity * 2 : 16;
        slots.items = grow_uncollectable(slots.items, slots.count, capacity);
        slots.capacity = capacity;
    }
    slots.items[slots.count++] = slot;
}

void gc_unregister_root(void **slot)
{
    rt_ensure_init();
    if (slot == NULL)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < slots.count; i++) {
        if (slots.items[i] != slot)
            slots.items[kept++] = slots.items[i];
    }
    for (size_t i = kept; i < slots.count; i++)
        slots.items[i] = NULL;
    slots.count = kept;
}
