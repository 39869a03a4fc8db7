/* support/vec.h: the one growable array. Storage comes from an arena; growing
 * copies into a new block and leaves the old one to the arena (freed at once
 * with the compilation). Use: VEC(Foo) items; VEC_PUSH(arena, &items, foo); */
#ifndef BESKID_SUPPORT_VEC_H
#define BESKID_SUPPORT_VEC_H
#include <stdint.h>
#include <string.h>

#include "support/arena.h"

#define VEC(T)          \
    struct {            \
        T *items;       \
        uint32_t count; \
        uint32_t cap;   \
    }

void vec_grow(Arena *arena, void **items, uint32_t *cap, uint32_t count, size_t elem_size);

#define VEC_PUSH(arena, vec, value)                                                              \
    do {                                                                                         \
        if ((vec)->count == (vec)->cap)                                                          \
            vec_grow((arena), (void **)&(vec)->items, &(vec)->cap, (vec)->count, sizeof(*(vec)->items)); \
        (vec)->items[(vec)->count++] = (value);                                                  \
    } while (0)

#define VEC_LAST(vec) ((vec)->items[(vec)->count - 1])
#endif
