/* test_rt_alloc.c: heap objects, arrays, events and roots (runtime/rt_alloc.c,
 * rt_array.c, rt_event.c, rt_roots.c). Reachability is observed through
 * finalizers: a collector that scans too little finalizes live objects, one
 * that ignores a descriptor or a released root keeps dead ones. Conservative
 * stack scanning may keep a few stray objects, so "dead" checks use counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <gc/gc.h>
#include <gc/gc_mark.h>

#include "abi/abi_layout.h"
#include "beskid_rt.h"

#include "rt_panic_capture.h"

#define COUNT 64

#include "rt_gc_kinds.h"

/* Finalizer data is the counter to bump. Each check uses its own static
 * counters, so stragglers of an earlier check that die late cannot skew it. */
static void GC_CALLBACK on_finalize(void *obj, void *counter)
{
    (void)obj;
    (*(int *)counter)++;
}

/* A collectable object whose death increments *counter. */
static void *watched(int *counter)
{
    void *obj = alloc(32, NULL);
    GC_REGISTER_FINALIZER(obj, on_finalize, counter, NULL, NULL);
    return obj;
}

/* Overwrites dead stack below the caller so stale pointers do not pin objects. */
static __attribute__((noinline)) void clear_stack(void)
{
    volatile char junk[64 * 1024];
    memset((char *)junk, 0, sizeof junk);
}

static void collect(void)
{
    clear_stack();
    for (int i = 0; i < 3; i++) {
        GC_gcollect();
        GC_invoke_finalizers();
    }
}

static void assert_zeroed(const void *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        assert_int_equal(((const uint8_t *)p)[i], 0);
}

/* ---- alloc ---- */

/* Mostly non-pointer words and more than ABI_SCAN_SMALL_BYTES: allocated
 * typed (word 1 is a pointer, words 2-19 are not). */
static const size_t p_offsets[] = {8};
static const BeskidTypeDesc typed_desc = {
    .size = 160, .align = 8, .ptr_count = 1, .offsets = p_offsets, .name = NULL};
/* The same layout within ABI_SCAN_SMALL_BYTES: scanned conservatively. */
static const BeskidTypeDesc small_desc = {.size = 48, .align = 8, .ptr_count = 1, .offsets = p_offsets};
/* Pointer-dense, like an enum node {desc, tag, left, right}: scanned
 * conservatively (plain GC_MALLOC, thread-local free lists). */
static const size_t dense_offsets[] = {16, 24};
static const BeskidTypeDesc dense_desc = {.size = 32, .align = 8, .ptr_count = 2, .offsets = dense_offsets};
static const BeskidTypeDesc flat_desc = {.size = 24, .align = 8, .ptr_count = 0, .offsets = NULL};

static void test_alloc_zeroed_with_header(void **state)
{
    (void)state;
    void *plain = alloc(40, NULL);
    assert_zeroed(plain, 0, 40);
    assert_int_equal(GC_get_kind_and_size(plain, NULL), KIND_SCANNED);

    for (int round = 0; round < 50; round++) {
        void *typed = alloc(160, &typed_desc);
        assert_ptr_equal(*(const void **)typed, &typed_desc);
        assert_zeroed(typed, 8, 160);
        memset((char *)typed + 8, 0xAB, 152); /* dirty it for the next round's reuse */

        void *small = alloc(48, &small_desc);
        assert_ptr_equal(*(const void **)small, &small_desc);
        assert_zeroed(small, 8, 48);
        assert_int_equal(GC_get_kind_and_size(small, NULL), KIND_SCANNED);
        memset((char *)small + 8, 0xAB, 40);

        void *dense = alloc(32, &dense_desc);
        assert_ptr_equal(*(const void **)dense, &dense_desc);
        assert_zeroed(dense, 8, 32);
        assert_int_equal(GC_get_kind_and_size(dense, NULL), KIND_SCANNED);
        memset((char *)dense + 8, 0xAB, 24);

        void *flat = alloc(24, &flat_desc);
        assert_ptr_equal(*(const void **)flat, &flat_desc);
        assert_zeroed(flat, 8, 24);
        assert_true(pointer_free(flat));
        memset((char *)flat + 8, 0xCD, 16);
        if (round % 10 == 0)
            GC_gcollect();
    }
    void *tiny = alloc(0, &flat_desc); /* the descriptor word always fits */
    assert_ptr_equal(*(const void **)tiny, &flat_desc);
    assert_non_null(alloc(0, NULL));
}

/* COUNT parents of type 'desc' (at least 24 bytes); word 1 of each holds a child counted in
 * *word1_dead, word 2 one counted in *word2_dead. */
static __attribute__((noinline)) void **make_parents(const BeskidTypeDesc *desc, int *word1_dead,
                                                     int *word2_dead)
{
    void **parents = alloc(COUNT * sizeof(void *), NULL);
    for (int i = 0; i < COUNT; i++) {
        void **p = alloc(desc->size, desc);
        p[1] = watched(word1_dead);
        p[2] = watched(word2_dead);
        parents[i] = p;
    }
    return parents;
}

static void test_typed_alloc_is_precise(void **state)
{
    (void)state;
    static int word1_dead, word2_dead;
    void **parents = make_parents(&typed_desc, &word1_dead, &word2_dead);
    collect();
    assert_int_equal(word1_dead, 0);
    assert_true(word2_dead >= COUNT - 8); /* word 2 was not traced */
    for (int i = 0; i < COUNT; i++)
        assert_ptr_equal(*(const void **)parents[i], &typed_desc);
}

/* A small object is scanned conservatively whatever its layout (no typed
 * allocation's extra word and lock): every word is traced. */
static void test_small_alloc_traces_every_word(void **state)
{
    (void)state;
    static int word1_dead, word2_dead;
    void **parents = make_parents(&small_desc, &word1_dead, &word2_dead);
    collect();
    assert_int_equal(word1_dead, 0);
    assert_int_equal(word2_dead, 0);
    for (int i = 0; i < COUNT; i++)
        assert_ptr_equal(*(const void **)parents[i], &small_desc);
}

/* The per-thread lists hand out objects of whole granules: an object of a
 * layout codegen knows (beskid_rt_alloc_scanned) takes exactly its size in
 * granules; any other keeps a byte after its size (a pointer just past it
 * keeps it alive), so 32 bytes take 48. */
static void test_listed_object_sizes(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) { /* the first refills, the others pop */
        assert_int_equal(GC_size(beskid_rt_alloc_scanned(24, &dense_desc)), 32);
        assert_int_equal(GC_size(beskid_rt_alloc_scanned(32, &dense_desc)), 32);
        assert_int_equal(GC_size(beskid_rt_alloc_scanned(48, &dense_desc)), 48);
        assert_int_equal(GC_size(alloc(31, NULL)), 32);
        assert_int_equal(GC_size(alloc(32, NULL)), 48);
        assert_int_equal(GC_size(alloc(48, NULL)), 64);
    }
}

/* COUNT objects of 'size' bytes with no other reference than a pointer just
 * past their end (an optimised loop's end pointer). */
static __attribute__((noinline)) char **make_past_end(size_t size, int *dead)
{
    char **ends = alloc(COUNT * sizeof(char *), NULL);
    for (int i = 0; i < COUNT; i++) {
        void **obj = alloc(size, NULL);
        obj[0] = watched(dead); /* dies only with obj */
        ends[i] = (char *)obj + size;
    }
    return ends;
}

static void test_past_end_pointer_keeps_object(void **state)
{
    (void)state;
    static int dead;
    char **ends = make_past_end(32, &dead);
    collect();
    assert_int_equal(dead, 0);
    assert_non_null(ends[COUNT - 1]);
}

/* Objects of the exact lists live as long as a reference to them: start or
 * inside, through collections, with the lists' links in between. */
static __attribute__((noinline)) void **make_exact(int *dead)
{
    void **parents = alloc(COUNT * sizeof(void *), NULL);
    for (int i = 0; i < COUNT; i++) {
        void **p = beskid_rt_alloc_scanned(dense_desc.size, &dense_desc);
        p[0] = (void *)&dense_desc;
        p[2] = watched(dead);
        p[3] = watched(dead);
        parents[i] = i % 2 ? (void *)p : (void *)(p + 3); /* start or inside */
    }
    return parents;
}

static void test_exact_objects_survive(void **state)
{
    (void)state;
    static int dead;
    void **parents = make_exact(&dead);
    for (int i = 0; i < 4; i++) {
        collect();
        for (int k = 0; k < 1000; k++) /* churn: the lists are refilled */
            beskid_rt_alloc_scanned(dense_desc.size, &dense_desc);
    }
    assert_int_equal(dead, 0);
    for (int i = 1; i < COUNT; i += 2)
        assert_ptr_equal(*(const void **)parents[i], &dense_desc);
}

/* A pointer-dense object is scanned conservatively: every word is traced,
 * the pointer words in particular. */
static void test_dense_alloc_traces_pointers(void **state)
{
    (void)state;
    static int word1_dead, word2_dead;
    void **parents = make_parents(&dense_desc, &word1_dead, &word2_dead);
    collect();
    assert_int_equal(word1_dead, 0);
    assert_int_equal(word2_dead, 0);
    for (int i = 0; i < COUNT; i++)
        assert_ptr_equal(*(const void **)parents[i], &dense_desc);
}

/* Pointer-free objects keep nothing alive. */
static void test_pointer_free_alloc_traces_nothing(void **state)
{
    (void)state;
    static int word1_dead, word2_dead;
    void **parents = make_parents(&flat_desc, &word1_dead, &word2_dead);
    collect();
    assert_true(word1_dead >= COUNT - 8);
    assert_true(word2_dead >= COUNT - 8);
    assert_ptr_equal(*(const void **)parents[0], &flat_desc);
}

static void test_descriptor_reuse_rebuilds(void **state)
{
    (void)state;
    /* Same descriptor address, new contents (JIT code freed and reloaded);
     * typed layouts, so untraced words are observable. */
    static size_t offsets[2] = {16, 8};
    static BeskidTypeDesc desc = {.size = 160, .align = 8, .ptr_count = 1, .offsets = offsets};
    static int first_word1_dead, first_word2_dead, both_dead;
    void **parents = make_parents(&desc, &first_word1_dead, &first_word2_dead);
    collect(); /* word 2 traced, word 1 not */
    assert_true(first_word1_dead >= COUNT - 8);
    assert_int_equal(first_word2_dead, 0);
    assert_ptr_equal(*(const void **)parents[0], &desc);

    /* Same address, same ptr_count and table address, new table contents
     * (JIT code freed and other code loaded there): now word 1 is traced. */
    static int moved_word1_dead, moved_word2_dead;
    offsets[0] = 8;
    parents = make_parents(&desc, &moved_word1_dead, &moved_word2_dead);
    collect();
    assert_int_equal(moved_word1_dead, 0);
    assert_true(moved_word2_dead >= COUNT - 8);
    assert_ptr_equal(*(const void **)parents[0], &desc);
    offsets[0] = 16;

    desc.ptr_count = 0;
    assert_true(pointer_free(alloc(24, &desc)));
    desc.ptr_count = 2; /* both words */
    parents = make_parents(&desc, &both_dead, &both_dead);
    collect();
    assert_int_equal(both_dead, 0);
    assert_ptr_equal(*(const void **)parents[COUNT - 1], &desc);
}

static void test_big_offsets_and_malformed(void **state)
{
    (void)state;
    /* A pointer past 64 words needs a multi-word bitmap. */
    static const size_t far[] = {8, 100 * 8};
    static const BeskidTypeDesc far_desc = {.size = 101 * 8, .align = 8, .ptr_count = 2, .offsets = far};
    /* Misaligned offset: falls back to conservative scanning. */
    static const size_t odd[] = {12};
    static const BeskidTypeDesc odd_desc = {.size = 24, .align = 8, .ptr_count = 1, .offsets = odd};
    static int far_dead, odd_dead;
    void **big = alloc(101 * 8, &far_desc);
    big[100] = watched(&far_dead);
    void **odd_obj = alloc(24, &odd_desc);
    odd_obj[2] = watched(&odd_dead);
    collect();
    assert_int_equal(far_dead, 0);
    assert_int_equal(odd_dead, 0);
    assert_ptr_equal(big[0], &far_desc);
    assert_ptr_equal(odd_obj[0], &odd_desc);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    ASSERT_PANICS(alloc(SIZE_MAX, NULL), "out of memory");
    ASSERT_PANICS(alloc((size_t)1 << 60, NULL), "out of memory");
    ASSERT_PANICS(beskid_rt_array_new(1, INT64_MAX, 0), "out of memory");
}

/* Many short-lived small objects: the collector must reclaim them, so the
 * heap stays small while ~2 GB go through it. */
static void test_churn_is_reclaimed(void **state)
{
    (void)state;
    const size_t block = 256, total = (size_t)2 << 30;
    void *keep = NULL;
    for (size_t done = 0; done < total; done += block) {
        void **obj = alloc(block, NULL);
        obj[1] = keep; /* short chains, broken every 16 objects */
        keep = (done / block) % 16 ? obj : NULL;
    }
    assert_true(GC_get_heap_size() < ((size_t)256 << 20));
}

/* ---- arrays ---- */

static void test_array_new(void **state)
{
    (void)state;
    BeskidArray *a = beskid_rt_array_new(8, 100, 0);
    assert_int_equal(a->len, 100);
    assert_int_equal(a->cap, 100);
    assert_zeroed(a->ptr, 0, 800);
    assert_true(pointer_free(a->ptr));
    /* generated code finds the elements just past the header (lower_array.c) */
    assert_ptr_equal(a->ptr, (uint8_t *)a + ABI_ARRAY_BYTES);
    assert_ptr_equal(GC_base(a->ptr), GC_base(a));

    BeskidArray *refs = beskid_rt_array_new(8, 10, 1);
    assert_zeroed(refs->ptr, 0, 80);
    assert_int_equal(GC_get_kind_and_size(refs->ptr, NULL), KIND_SCANNED);

    assert_ptr_equal(refs->ptr, (uint8_t *)refs + ABI_ARRAY_BYTES);
    BeskidArray *large = beskid_rt_array_new(8, 100000, 1);
    assert_ptr_equal(large->ptr, (uint8_t *)large + ABI_ARRAY_BYTES);

    BeskidArray *empty = beskid_rt_array_new(4, 0, 0);
    assert_non_null(empty->ptr);
    assert_ptr_equal(empty->ptr, (uint8_t *)empty + ABI_ARRAY_BYTES);
    assert_int_equal(empty->len, 0);

    BeskidArray *abi = array_new(1, 5);
    assert_int_equal(abi->len, 5);
    assert_zeroed(abi->ptr, 0, 5);

    /* Atomic buffers are reused memory, yet must come back zeroed, in every
     * size class of the thread's lists (those up to 64 bytes are zeroed
     * inline, larger ones by libc: rt_alloc.c zero_granules). */
    for (int i = 0; i < 2000; i++) {
        int64_t len = 1 + (i * 7) % 400;
        BeskidArray *dirty = beskid_rt_array_new(1, len, 0);
        assert_zeroed(dirty->ptr, 0, (size_t)len);
        memset(dirty->ptr, 0xEE, (size_t)len);
        if (i % 250 == 0)
            GC_gcollect();
    }

    ASSERT_PANICS(beskid_rt_array_new(8, -1, 0), "array allocation failed");
    ASSERT_PANICS(beskid_rt_array_new(-8, 1, 1), "array allocation failed");
    ASSERT_PANICS(beskid_rt_array_new(INT64_MAX, 3, 0), "array allocation failed");
    ASSERT_PANICS(array_new(8, (size_t)-1), "array allocation failed");
}

static void test_array_elements_traced(void **state)
{
    (void)state;
    static int dead;
    BeskidArray *a = beskid_rt_array_new(8, COUNT, 1);
    for (int i = 0; i < COUNT; i++)
        ((void **)a->ptr)[i] = watched(&dead);
    collect();
    assert_int_equal(dead, 0);
    assert_int_equal(a->len, COUNT);
}

/* ---- events ---- */

static void test_events(void **state)
{
    (void)state;
    EventState *ev = NULL;
    int h1, h2, h3;
    assert_int_equal(event_len(NULL), 0);
    assert_null(event_get_handler(NULL, 0));
    assert_int_equal(event_unsubscribe_first(&ev, &h1), 0);

    assert_int_equal(event_subscribe(&ev, &h1, 3), 1);
    assert_non_null(ev);
    assert_int_equal(event_subscribe(&ev, &h2, 99), 2); /* capacity fixed at 3 */
    assert_int_equal(event_subscribe(&ev, &h1, 0), 3);  /* duplicates allowed */
    ASSERT_PANICS(event_subscribe(&ev, &h3, 3), "event capacity exceeded");
    assert_int_equal(event_len(ev), 3);
    assert_ptr_equal(event_get_handler(ev, 0), &h1);
    assert_ptr_equal(event_get_handler(ev, 1), &h2);
    assert_ptr_equal(event_get_handler(ev, 2), &h1);
    assert_null(event_get_handler(ev, 3));

    assert_int_equal(event_unsubscribe_first(&ev, &h1), 1); /* the first h1 only */
    assert_int_equal(event_len(ev), 2);
    assert_ptr_equal(event_get_handler(ev, 0), &h2);
    assert_ptr_equal(event_get_handler(ev, 1), &h1);
    assert_int_equal(event_unsubscribe_first(&ev, &h3), 0);
    assert_int_equal(event_unsubscribe_first(&ev, NULL), 0);
    assert_int_equal(event_unsubscribe_first(NULL, &h1), 0);
    assert_int_equal(event_subscribe(&ev, &h3, 3), 3); /* room again */

    EventState *fresh = NULL;
    ASSERT_PANICS(event_subscribe(NULL, &h1, 1), "null event slot");
    ASSERT_PANICS(event_subscribe(&fresh, NULL, 1), "null event handler");
    ASSERT_PANICS(event_subscribe(&fresh, &h1, 0), "event capacity must be positive");
    assert_null(fresh);
}

static void test_event_handlers_traced(void **state)
{
    (void)state;
    static int dead;
    void **owner = alloc(16, NULL); /* an object with one event field */
    for (int i = 0; i < 8; i++)
        event_subscribe((EventState **)&owner[1], watched(&dead), 8);
    collect();
    assert_int_equal(dead, 0);
    assert_int_equal(event_len(owner[1]), 8);
}

/* ---- roots ---- */

static __attribute__((noinline)) void root_children(uint64_t *handles, int *dead)
{
    for (int i = 0; i < COUNT; i++)
        handles[i] = gc_root_handle(watched(dead));
}

static void test_root_handles(void **state)
{
    (void)state;
    static int dead;
    uint64_t handles[COUNT];
    root_children(handles, &dead);
    collect();
    assert_int_equal(dead, 0);
    for (int i = 1; i < COUNT; i++)
        assert_true(handles[i] > handles[i - 1]); /* never reused */
    for (int i = 0; i < COUNT; i++)
        gc_unroot_handle(handles[i]);
    gc_unroot_handle(0);          /* unknown: ignored */
    gc_unroot_handle(UINT64_MAX); /* unknown: ignored */
    collect();
    assert_true(dead >= COUNT - 8);
    assert_true(gc_root_handle(NULL) > handles[COUNT - 1]);
}

/* Slots in malloc memory, which the collector does not scan by itself. */
static __attribute__((noinline)) void fill_slots(void **slots, int *dead)
{
    for (int i = 0; i < COUNT; i++) {
        slots[i] = watched(dead);
        gc_register_root(&slots[i]);
        if (i % 2 == 0)
            gc_register_root(&slots[i]); /* twice: one unregister removes both */
    }
}

static void test_root_slots(void **state)
{
    (void)state;
    void **slots = malloc(COUNT * sizeof(void *));
    assert_non_null(slots);
    static int first_dead, second_dead;
    fill_slots(slots, &first_dead);
    collect();
    assert_int_equal(first_dead, 0);
    /* The slot's current value is the root, not the value at registration. */
    for (int i = 0; i < COUNT; i++)
        slots[i] = NULL;
    for (int i = 0; i < 4; i++)
        slots[i] = watched(&second_dead);
    collect();
    assert_true(first_dead >= COUNT - 8);
    assert_int_equal(second_dead, 0);
    for (int i = 0; i < COUNT; i++)
        gc_unregister_root(&slots[i]);
    gc_register_root(NULL);
    gc_unregister_root(NULL);
    collect();
    assert_true(second_dead >= 1); /* unregistered: the four may die */
    free(slots);
}

int main(void)
{
    beskid_rt_init();
    beskid_rt_init(); /* idempotent */
    gc_write_barrier(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zeroed_with_header),
        cmocka_unit_test(test_typed_alloc_is_precise),
        cmocka_unit_test(test_small_alloc_traces_every_word),
        cmocka_unit_test(test_listed_object_sizes),
        cmocka_unit_test(test_past_end_pointer_keeps_object),
        cmocka_unit_test(test_exact_objects_survive),
        cmocka_unit_test(test_dense_alloc_traces_pointers),
        cmocka_unit_test(test_pointer_free_alloc_traces_nothing),
        cmocka_unit_test(test_descriptor_reuse_rebuilds),
        cmocka_unit_test(test_big_offsets_and_malformed),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_churn_is_reclaimed),
        cmocka_unit_test(test_array_new),
        cmocka_unit_test(test_array_elements_traced),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_event_handlers_traced),
        cmocka_unit_test(test_root_handles),
        cmocka_unit_test(test_root_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
