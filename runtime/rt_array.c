/* rt_array.c: array allocation (ABI `array_new`, beskid_rt_array_new).
 * The header is scanned (it holds the buffer pointer); the buffer is
 * pointer-free unless its elements hold references, and always zeroed and
 * non-NULL, even for length 0. Indexing and bounds checks are inline code. */
#include "rt_internal.h"

BeskidArray *beskid_rt_array_new(int64_t elem_size, int64_t len, uint8_t elems_hold_refs)
{
    rt_ensure_init();
    size_t bytes;
    if (elem_size < 0 || len < 0 ||
        __builtin_mul_overflow((size_t)elem_size, (size_t)len, &bytes) || bytes > PTRDIFF_MAX)
        beskid_rt_panic_cstr("array allocation failed");
    uint8_t *buffer = elems_hold_refs ? rt_alloc_scanned(bytes) : rt_alloc_atomic_zeroed(bytes);
    BeskidArray *array = rt_alloc_scanned(sizeof *array);
    array->ptr = buffer;
    array->len = (size_t)len;
    array->cap = (size_t)len;
    return array;
}

BeskidArray *array_new(size_t elem_size, size_t len)
{
    /* Sizes come from i64 values: anything above INT64_MAX was negative. */
    return beskid_rt_array_new((int64_t)elem_size, (int64_t)len, 1);
}
