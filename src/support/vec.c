/* support/vec.c: growth policy of support/vec.h (doubling, arena storage). */
#include "support/vec.h"

void vec_grow(Arena *arena, void **items, uint32_t *cap, uint32_t count, size_t elem_size)
{
    uint32_t new_cap = *cap ? *cap * 2 : 2;
    void *fresh = arena_alloc(arena, elem_size * new_cap, 16);
    if (count)
        memcpy(fresh, *items, elem_size * count);
    *items = fresh;
    *cap = new_cap;
}
