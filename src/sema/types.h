/* sema/types.h: the checker's type representation. Types are unique (the
 * primitives are singletons, composite types are interned in the TypeTable),
 * so two types are equal exactly when their pointers are equal. Names print as
 * language.md §5.1 says: primitive name, item name, `Name<A, B>`, `R(P1, P2)`,
 * `never`. */
#ifndef BESKID_SEMA_TYPES_H
#define BESKID_SEMA_TYPES_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/intern.h"
#include "syntax/ast.h"

typedef enum TypeKind {
    TYPE_ERROR, /* after a reported error; compatible with everything, never reported again */
    TYPE_BOOL,
    TYPE_U8,
    TYPE_I32,
    TYPE_I64,
    TYPE_F64,
    TYPE_CHAR,
    TYPE_STRING,
    TYPE_UNIT,
    TYPE_NEVER,
    /* composite kinds: not produced by the core checker yet (issue 5) */
    TYPE_STRUCT,
    TYPE_ENUM,
    TYPE_CONTRACT,
    TYPE_FUNCTION,
    TYPE_ARRAY,
    TYPE_GENERIC_PARAM,
} TypeKind;

typedef struct Type Type;
struct Type {
    TypeKind kind;
    Symbol name;        /* STRUCT, ENUM, CONTRACT, GENERIC_PARAM */
    const AstItem *item; /* STRUCT, ENUM, CONTRACT */
    Type *ret;          /* FUNCTION */
    Type **args;        /* FUNCTION parameters, generic arguments */
    uint32_t arg_count;
    Type *element;      /* ARRAY */
};

typedef struct TypeTable TypeTable;

TypeTable *types_new(Arena *arena);
Type *type_primitive(TypeTable *t, TypeKind kind);
Type *type_from_ast_primitive(TypeTable *t, AstPrimitive prim);
Type *type_function(TypeTable *t, Type *ret, Type **params, uint32_t count);
Type *type_array(TypeTable *t, Type *element);

bool type_is_numeric(const Type *type);  /* u8 i32 i64 f64 */
bool type_is_integer(const Type *type);  /* u8 i32 i64 */
bool type_is_error(const Type *type);
/* The language name of 'type' (e.g. `i32`, `R(P1, P2)`), allocated in 'arena'. */
const char *type_name(Arena *arena, const Type *type);
#endif
