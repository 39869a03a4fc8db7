/* support/hashindex.h: a hash index from 64-bit hashes to values, for tables
 * whose keys are compound (a declaration and its type arguments): the caller
 * hashes the key, and confirms each candidate with the same hash. Open
 * addressing with linear probing; storage lives in an arena (a grown table's
 * old arrays are left to it), so it is only for data as long-lived as the
 * arena. */
#ifndef BESKID_SUPPORT_HASHINDEX_H
#define BESKID_SUPPORT_HASHINDEX_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"

typedef struct HashIndex {
    uint64_t *hashes; /* 0 marks an empty slot (hash_index_add never stores 0) */
    void **values;
    uint32_t capacity; /* a power of two, or 0 */
    uint32_t count;
} HashIndex;

/* Mixes 'word' into 'hash' (start from HASH_INDEX_SEED). */
#define HASH_INDEX_SEED 0xcbf29ce484222325u
uint64_t hash_index_mix(uint64_t hash, uint64_t word);

void hash_index_add(HashIndex *index, Arena *arena, uint64_t hash, void *value);
/* The first value added under 'hash' for which 'matches(value, key)' holds, or NULL. */
void *hash_index_find(const HashIndex *index, uint64_t hash, bool (*matches)(const void *value, const void *key),
                      const void *key);
#endif
