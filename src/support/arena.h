/* support/arena.h: bump allocation for data that lives as long as a compilation.
 * Nothing is freed one object at a time; arena_free() releases everything.
 * Marks let a phase release its scratch data (QBE's per-function pool). */
#ifndef BESKID_SUPPORT_ARENA_H
#define BESKID_SUPPORT_ARENA_H
#include <stddef.h>

typedef struct Arena Arena;
typedef struct ArenaMark {
    void *chunk;
    size_t used;
} ArenaMark;

Arena *arena_new(void);
void *arena_alloc(Arena *arena, size_t size, size_t align); /* zero-filled */
char *arena_strndup(Arena *arena, const char *text, size_t len);
char *arena_strdup(Arena *arena, const char *text);
char *arena_printf(Arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
ArenaMark arena_mark(Arena *arena);
void arena_release(Arena *arena, ArenaMark mark);
void arena_free(Arena *arena);

#define ARENA_NEW(arena, T) ((T *)arena_alloc((arena), sizeof(T), _Alignof(T)))
#define ARENA_ARRAY(arena, T, n) ((T *)arena_alloc((arena), sizeof(T) * (size_t)(n), _Alignof(T)))
#endif
