/* rt_array.c: array allocation (ABI `array_new`, beskid_rt_array_new).
 * One block: the header, then the elements, 'ptr' pointing just past the
 * header (as a string's bytes follow its header). Nothing moves 'ptr'
 * later, so the block needs tracing only when the elements hold references:
 * one allocation per array instead of two (a StringBuilder's buffer, every
 * List growth, Split's result). The elements are zeroed and 'ptr' is never
 * NULL, even for length 0. Indexing and bounds checks are inline code. */
#include "rt_internal.h"

BeskidArray *beskid_rt_array_new(int64_t elem_size, int64_t len, uint8_t elems_hold_refs)
{
    rt_ensure_init();
    size_t bytes;
    if (elem_size < 0 || len < 0 ||
        __builtin_mul_overflow((size_t)elem_size, (size_t)len, &bytes) || bytes > PTRDIFF_MAX)
        beskid_rt_panic_cstr("array allocation failed");
    if (bytes > PTRDIFF_MAX - sizeof(BeskidArray)) /* a valid size no heap holds */
        beskid_rt_panic_cstr("out of memory");
    size_t size = sizeof(BeskidArray) + bytes;
    BeskidArray *array = elems_hold_refs ? rt_alloc_scanned(size) : rt_alloc_atomic_zeroed(size);
    array->ptr = (uint8_t *)(array + 1);
    array->len = (size_t)len;
    array->cap = (size_t)len;
    return array;
}

BeskidArray *array_new(size_t elem_size, size_t len)
{
    /* Sizes come from i64 values: anything above INT64_MAX was negative. */
    return beskid_rt_array_new((int64_t)elem_size, (int64_t)len, 1);
}
