/* lower/mangle.h: linker-safe, injective symbol names for Beskid-defined
 * functions (spec/backends.md §2.6 [FIX]); the scheme is documented in
 * mangle.c. */
#ifndef BESKID_LOWER_MANGLE_H
#define BESKID_LOWER_MANGLE_H
#include "sema/program.h"
#include "support/arena.h"

typedef enum MangleKind {
    MANGLE_FUNCTION = 'F',
    MANGLE_METHOD = 'M',
    MANGLE_TEST = 'T',
    MANGLE_LAMBDA = 'L',
    MANGLE_INSTANCE = 'I',
} MangleKind;

/* 'modules' are the module path segments of the item (may be empty). */
const char *mangle_function(Arena *arena, const char *const *modules, uint32_t module_count, const char *name,
                            MangleKind kind, Type *const *params, uint32_t param_count, const Type *ret);
#endif
