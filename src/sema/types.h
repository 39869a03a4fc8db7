/* sema/types.h: the table that makes types unique (the primitives are
 * singletons, composite types are interned), so two types are equal exactly
 * when their pointers are equal. The Type struct is in sema/program.h. */
#ifndef BESKID_SEMA_TYPES_H
#define BESKID_SEMA_TYPES_H
#include <stdbool.h>
#include <stdint.h>

#include "sema/program.h"
#include "support/arena.h"

typedef struct TypeTable TypeTable;

TypeTable *types_new(Arena *arena);
Type *type_primitive(TypeTable *t, TypeKind kind);
Type *type_from_ast_primitive(TypeTable *t, AstPrimitive prim);
Type *type_function(TypeTable *t, Type *ret, Type **params, uint32_t count);
Type *type_array(TypeTable *t, Type *element);
/* A fresh struct, enum or contract type for 'item' (each such item, and each
 * generic instance, owns its own). */
Type *type_named(TypeTable *t, TypeKind kind, const AstItem *item);
/* A fresh type parameter named 'name' (each declaration has its own). */
Type *type_param(TypeTable *t, Symbol name);
/* Sets 'type's depth, size and openness from its parts (ret, args, element);
 * every composite type is measured once, when it is made, so that nothing
 * walks a type whose written form is exponential (`Pair<X, X>` nested). */
void type_measure(Type *type);

bool type_is_numeric(const Type *type);  /* u8 i32 i64 f64 */
bool type_is_integer(const Type *type);  /* u8 i32 i64 */
bool type_is_error(const Type *type);
/* The language name of 'type' (e.g. `i32`, `R(P1, P2)`), allocated in 'arena'. */
const char *type_name(Arena *arena, const Type *type);
#endif
