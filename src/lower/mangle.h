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
/* An instance of a generic function: 'type_args' follow the `I`. */
const char *mangle_instance(Arena *arena, const char *const *modules, uint32_t module_count, const char *name,
                            Type *const *type_args, uint32_t type_arg_count, Type *const *params, uint32_t param_count,
                            const Type *ret);
/* The encoding of one type (`N3BoxG3i64E`), for symbols derived from a type. */
const char *mangle_type(Arena *arena, const Type *type);
#endif
