/* support/arena.c: chunked bump allocator. Chunks are malloc'ed and chained;
 * a request larger than the default chunk gets a chunk of its own. */
#include "support/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/check.h"

enum { DEFAULT_CHUNK = 64 * 1024 };

typedef struct Chunk {
    struct Chunk *prev;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *head;
};

static Chunk *chunk_new(size_t size, Chunk *prev)
{
    Chunk *chunk = malloc(sizeof(Chunk) + size);
    if (!chunk)
        bsk_out_of_memory();
    chunk->prev = prev;
    chunk->size = size;
    chunk->used = 0;
    return chunk;
}

Arena *arena_new(void)
{
    Arena *arena = malloc(sizeof(Arena));
    BSK_ASSERT(arena != NULL);
    arena->head = chunk_new(DEFAULT_CHUNK, NULL);
    return arena;
}

void *arena_alloc(Arena *arena, size_t size, size_t align)
{
    if (align == 0)
        align = 1;
    Chunk *chunk = arena->head;
    size_t offset = (chunk->used + align - 1) & ~(align - 1);
    if (offset + size > chunk->size) {
        size_t want = size + align > DEFAULT_CHUNK ? size + align : DEFAULT_CHUNK;
        chunk = chunk_new(want, arena->head);
        arena->head = chunk;
        offset = (chunk->used + align - 1) & ~(align - 1);
    }
    void *p = chunk->data + offset;
    chunk->used = offset + size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *arena, const char *text, size_t len)
{
    char *copy = arena_alloc(arena, len + 1, 1);
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

char *arena_strdup(Arena *arena, const char *text)
{
    return arena_strndup(arena, text, strlen(text));
}

char *arena_printf(Arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    BSK_ASSERT(n >= 0);
    char *out = arena_alloc(arena, (size_t)n + 1, 1);
    vsnprintf(out, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return out;
}

ArenaMark arena_mark(Arena *arena)
{
    return (ArenaMark){arena->head, arena->head->used};
}

void arena_release(Arena *arena, ArenaMark mark)
{
    while (arena->head != mark.chunk) {
        Chunk *prev = arena->head->prev;
        BSK_ASSERT(prev != NULL);
        free(arena->head);
        arena->head = prev;
    }
    arena->head->used = mark.used;
}

void arena_free(Arena *arena)
{
    if (!arena)
        return;
    Chunk *chunk = arena->head;
    while (chunk) {
        Chunk *prev = chunk->prev;
        free(chunk);
        chunk = prev;
    }
    free(arena);
}
