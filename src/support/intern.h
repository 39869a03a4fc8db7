/* support/intern.h: interned names. Equal text gives the same Symbol pointer,
 * so names compare with ==. The table and its strings live in the arena. */
#ifndef BESKID_SUPPORT_INTERN_H
#define BESKID_SUPPORT_INTERN_H
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"

typedef const char *Symbol; /* NUL-terminated, interned */
typedef struct Interner Interner;

Interner *intern_new(Arena *arena);
Symbol intern(Interner *in, const char *text, size_t len);
Symbol intern_cstr(Interner *in, const char *text);
#endif
