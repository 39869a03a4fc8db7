/* support/intern.c: open-addressing hash set of strings (FNV-1a). */
#include "support/intern.h"

#include <string.h>

struct Interner {
    Arena *arena;
    const char **slots;
    uint32_t *lengths;
    uint32_t cap;
    uint32_t count;
};

static uint64_t fnv1a(const char *text, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    return h;
}

Interner *intern_new(Arena *arena)
{
    Interner *in = ARENA_NEW(arena, Interner);
    in->arena = arena;
    in->cap = 1024;
    in->slots = ARENA_ARRAY(arena, const char *, in->cap);
    in->lengths = ARENA_ARRAY(arena, uint32_t, in->cap);
    return in;
}

static void rehash(Interner *in)
{
    uint32_t old_cap = in->cap;
    const char **old_slots = in->slots;
    uint32_t *old_lengths = in->lengths;
    in->cap *= 2;
    in->slots = ARENA_ARRAY(in->arena, const char *, in->cap);
    in->lengths = ARENA_ARRAY(in->arena, uint32_t, in->cap);
    for (uint32_t i = 0; i < old_cap; i++) {
        if (!old_slots[i])
            continue;
        uint32_t j = (uint32_t)(fnv1a(old_slots[i], old_lengths[i]) & (in->cap - 1));
        while (in->slots[j])
            j = (j + 1) & (in->cap - 1);
        in->slots[j] = old_slots[i];
        in->lengths[j] = old_lengths[i];
    }
}

Symbol intern(Interner *in, const char *text, size_t len)
{
    if ((in->count + 1) * 2 > in->cap)
        rehash(in);
    uint32_t j = (uint32_t)(fnv1a(text, len) & (in->cap - 1));
    while (in->slots[j]) {
        if (in->lengths[j] == len && memcmp(in->slots[j], text, len) == 0)
            return in->slots[j];
        j = (j + 1) & (in->cap - 1);
    }
    in->slots[j] = arena_strndup(in->arena, text, len);
    in->lengths[j] = (uint32_t)len;
    in->count++;
    return in->slots[j];
}

Symbol intern_cstr(Interner *in, const char *text)
{
    return intern(in, text, strlen(text));
}
