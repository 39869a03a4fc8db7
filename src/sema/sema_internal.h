/* sema/sema_internal.h: the checked program as lowering sees it. Every
 * function item has a SemaFunction; every local or parameter a SemaLocal
 * numbered per function ('index'), so lowering can map locals to IR slots;
 * every name in an expression a SemaBinding. Shared by sema/ and lower/. */
#ifndef BESKID_SEMA_SEMA_INTERNAL_H
#define BESKID_SEMA_SEMA_INTERNAL_H
#include "sema/sema.h"
#include "sema/types.h"
#include "support/vec.h"

/* Builtins of language.md §4.1 that the core language supports. */
typedef enum SemaBuiltin {
    SEMA_BUILTIN_STR_LEN,       /* __str_len(string) -> i64 */
    SEMA_BUILTIN_SYSCALL_WRITE, /* __syscall_write(i64, string) -> i64 */
    SEMA_BUILTIN_SYSCALL_READ,  /* __syscall_read(i64, i64) -> string */
    SEMA_BUILTIN_PANIC_STR,     /* __panic_str(string) -> never */
    SEMA_BUILTIN_ARRAY_NEW,     /* __array_new(i64, i64) -> T[] in a T[] context, else i64 (check_array.c) */
    SEMA_BUILTIN_ARRAY_LEN,     /* __array_len(T[]) -> i64 */
} SemaBuiltin;

typedef struct SemaLocal {
    Symbol name;
    Type *type;
    bool is_mutable;
    bool is_param;
    bool is_for_var; /* a `for` iterator */
    Span span;       /* the declared name */
    uint32_t index;  /* per function, 0..local_count-1; parameters first */
    struct SemaFunction *owner; /* declaring function or lambda body (sema/captures.h) */
    bool is_captured;           /* read or written by a nested lambda */
    bool is_assigned;           /* target of an assignment anywhere */
} SemaLocal;

typedef struct SemaFunction {
    const AstItem *item;
    const AstFunction *ast;
    Symbol name;
    Type *ret;
    Type **params;
    uint32_t param_count;
    VEC(SemaLocal *) locals; /* parameters first, in order */
    uint32_t index;          /* in SemaProgram.funcs, and in the artifact */
    bool is_public;
    struct SemaLambda *lambda; /* set when this is a lambda body (sema/captures.h) */
    struct SemaTypeDef *receiver; /* methods: the impl's type; params[0] and locals[0] are `this` (sema/items.h) */
} SemaFunction;

typedef enum SemaBindingKind {
    SEMA_BIND_LOCAL,
    SEMA_BIND_FUNCTION,
    SEMA_BIND_BUILTIN,
} SemaBindingKind;

typedef struct SemaBinding {
    SemaBindingKind kind;
    SemaLocal *local;       /* LOCAL */
    SemaFunction *function; /* FUNCTION */
    SemaBuiltin builtin;    /* BUILTIN */
} SemaBinding;

/* Facts of a `for` statement (AstStmt.for_.sema). */
typedef struct SemaFor {
    bool is_range;
    AstExpr *start; /* range(start, end), with conversions applied */
    AstExpr *end;
    bool is_array; /* for x in a, a of type T[] (check_array.c) */
    /* for x in e, e with an impl method `Option Next()` (check_match.c) */
    struct SemaFunction *next;
    uint32_t some_variant; /* index of `Some` in the returned enum */
} SemaFor;

struct SemaProgram {
    Arena *arena;
    Interner *interner;
    const SourceMap *map;
    TypeTable *types;
    VEC(SemaFunction *) funcs;
    VEC(struct SemaTypeDef *) typedefs; /* struct and enum items (sema/items.h) */
};
#endif
