/* support/hashindex.c: see hashindex.h. */
#include "support/hashindex.h"

uint64_t hash_index_mix(uint64_t hash, uint64_t word)
{
    for (int i = 0; i < 8; i++) { /* FNV-1a over the word's bytes */
        hash ^= (word >> (8 * i)) & 0xff;
        hash *= 0x100000001b3u;
    }
    return hash;
}

static void put(uint64_t *hashes, void **values, uint32_t capacity, uint64_t hash, void *value)
{
    uint32_t i = (uint32_t)hash & (capacity - 1);
    while (hashes[i])
        i = (i + 1) & (capacity - 1);
    hashes[i] = hash;
    values[i] = value;
}

void hash_index_add(HashIndex *index, Arena *arena, uint64_t hash, void *value)
{
    if (hash == 0)
        hash = 1;
    if ((index->count + 1) * 4 > index->capacity * 3) { /* keep the load under 3/4 */
        uint32_t capacity = index->capacity ? index->capacity * 2 : 16;
        uint64_t *hashes = ARENA_ARRAY(arena, uint64_t, capacity);
        void **values = ARENA_ARRAY(arena, void *, capacity);
        for (uint32_t i = 0; i < index->capacity; i++)
            if (index->hashes[i])
                put(hashes, values, capacity, index->hashes[i], index->values[i]);
        index->hashes = hashes;
        index->values = values;
        index->capacity = capacity;
    }
    put(index->hashes, index->values, index->capacity, hash, value);
    index->count++;
}

void *hash_index_find(const HashIndex *index, uint64_t hash, bool (*matches)(const void *value, const void *key),
                      const void *key)
{
    if (hash == 0)
        hash = 1;
    if (!index->capacity)
        return NULL;
    for (uint32_t i = (uint32_t)hash & (index->capacity - 1); index->hashes[i]; i = (i + 1) & (index->capacity - 1))
        if (index->hashes[i] == hash && matches(index->values[i], key))
            return index->values[i];
    return NULL;
}
