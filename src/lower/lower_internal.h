/* lower/lower_internal.h: the Lowerer context shared by the files of lower/. One
 * function is lowered at a time; Beskid locals map to IR locals through
 * 'local_map' (indexed by SemaLocal.index; UINT32_MAX for unit values). */
#ifndef BESKID_LOWER_LOWER_INTERNAL_H
#define BESKID_LOWER_LOWER_INTERNAL_H
#include "lower/lower.h"
#include "sema/program.h"

#define LOWER_NO_LOCAL UINT32_MAX

typedef struct LowerLoop {
    uint32_t break_block;
    uint32_t continue_block;
} LowerLoop;

/* lower_string.c: per SemaLocal.index, the i8 local saying an appendable
 * string local holds its own buffer (LOWER_NO_LOCAL for the others), and the
 * indices of the locals that have one, in order. */
typedef struct LowerOwned {
    uint32_t *map;
    uint32_t *locals;
    uint32_t count;
} LowerOwned;

typedef struct Lowerer {
    Arena *arena;
    Artifact *artifact;
    const SemaProgram *program;
    DiagList *diags;
    const SemaFunction *fn;
    const SemaFacts *facts; /* fn->facts: what sema knows of each node */
    IrBuilder b;
    uint32_t *local_map;
    LowerOwned owned;    /* lower_string.c: the owned-buffer flags of fn's appendable locals */
    VEC(LowerLoop) loops;
    struct LowerClosures *closures; /* lower_closure.c: per-artifact caches */
    struct Layout *layouts;         /* layout.h: per SemaTypeDef index */
    uint32_t *vtables;              /* lower_contract.c: per (SemaTypeDef, contract) */
} Lowerer;

/* The type of the expression 'e' being lowered, before its implicit conversion. */
static inline const Type *lower_own_type(const Lowerer *lw, const AstExpr *e)
{
    return sema_own_type(lw->facts, e);
}
/* The type of the operand 'e' as its parent sees it (after its conversion). */
static inline const Type *lower_type(const Lowerer *lw, const AstExpr *e)
{
    return sema_type(lw->facts, e);
}
/* The facts of node 'id'. */
static inline const SemaNodeFacts *lower_node(const Lowerer *lw, AstId id)
{
    return sema_node(lw->facts, id);
}

/* lower.c */
IrType lower_ir_type(const Type *type);
/* Starts a fresh (unreachable) block when the current one is terminated. */
void lower_reopen(Lowerer *lw);
/* Returns 'value' (IR_NO_VALUE for none) from the function being lowered,
 * its appendable locals' buffers released first. */
void lower_return(Lowerer *lw, uint32_t value);

/* lower_closure.c: locals (a captured, assigned local lives in a heap cell),
 * lambdas, named functions as values and indirect calls (backends.md §0a item 1) */
uint32_t lower_local_slot(Lowerer *lw, IrFunc *f, const SemaLocal *local); /* LOWER_NO_LOCAL for unit */
uint32_t lower_local_get(Lowerer *lw, const SemaLocal *local);
void lower_local_set(Lowerer *lw, const SemaLocal *local, uint32_t value);
void lower_local_init(Lowerer *lw, const SemaLocal *local, uint32_t value); /* at its declaration */
uint32_t lower_lambda(Lowerer *lw, const AstExpr *e);
uint32_t lower_function_value(Lowerer *lw, const SemaFunction *fn);
uint32_t lower_indirect_call(Lowerer *lw, const AstExpr *e);

/* lower_object.c: struct literals, fields, enum constructors, method calls */
uint32_t lower_struct_lit(Lowerer *lw, const AstExpr *e);
uint32_t lower_member(Lowerer *lw, const AstExpr *e);
/* A path `a.b.c` whose head is a local: its field reads (SemaFieldPath). */
uint32_t lower_field_path(Lowerer *lw, const AstExpr *e);
uint32_t lower_field_assign(Lowerer *lw, const AstExpr *e);
uint32_t lower_enum_ctor(Lowerer *lw, const AstExpr *e);
uint32_t lower_method_call(Lowerer *lw, const AstExpr *e);
/* The object of the place 'e' (a member access or a field path), with the
 * field in '*def' / '*index'. */
uint32_t lower_field_place(Lowerer *lw, const AstExpr *e, uint32_t *index, const SemaTypeDef **def);

/* lower_event.c: events (backends.md §2.4, §2.5, §5.6) */
/* `obj.E += f` / `obj.E -= f`, 'obj' already evaluated, E at 'offset'. */
uint32_t lower_event_assign(Lowerer *lw, const AstExpr *e, uint32_t obj, uint32_t offset, const SemaField *field);
/* `recv.E(args)` (SEMA_BIND_EVENT). */
uint32_t lower_event_invoke(Lowerer *lw, const AstExpr *e);

/* lower_contract.c: contract values {object, vtable} and calls through them */
/* The conversion SEMA_CONV_TO_CONTRACT of 'value' (of type 'from') to 'to'. */
uint32_t lower_to_contract(Lowerer *lw, uint32_t value, const Type *from, const Type *to);
/* The call 'e' bound to SEMA_BIND_DISPATCH; args[0] is the contract value. */
uint32_t lower_contract_call(Lowerer *lw, const AstExpr *e, const uint32_t *args, uint32_t count);

/* lower_extern.c: `Contract.m(args)` of an extern contract (SEMA_BIND_EXTERN) */
uint32_t lower_extern_call(Lowerer *lw, const AstExpr *e);

/* lower_match.c: match and `?` */
uint32_t lower_match(Lowerer *lw, const AstExpr *e);
uint32_t lower_try(Lowerer *lw, const AstExpr *e);
/* `for x in e` over an iterable with `Next()` (SemaFor.next) */
void lower_iterable_for(Lowerer *lw, const AstStmt *s);

/* lower_stmt.c */
void lower_block(Lowerer *lw, const AstBlock *block);
/* Lowers a loop body with break/continue targets; falls through to 'continue_block'. */
void lower_loop_body(Lowerer *lw, const AstBlock *body, uint32_t break_block, uint32_t continue_block);

/* A counted loop over the IR locals 'counter' .. 'end' (both initialised by
 * the caller): lower_counted_loop_begin emits the header test and leaves the
 * builder in the body block; lower_counted_loop_end lowers 'body', then the
 * step (counter + 1, so `continue` still advances) and leaves the builder
 * after the loop. Shared by range and array `for`. */
typedef struct CountedLoop {
    uint32_t counter;
    IrType type;
    uint32_t header;
    uint32_t step;
    uint32_t exit;
} CountedLoop;
CountedLoop lower_counted_loop_begin(Lowerer *lw, uint32_t counter, uint32_t end, IrType type, IrCond less);
void lower_counted_loop_end(Lowerer *lw, const CountedLoop *loop, const AstBlock *body, Span loc);

/* lower_expr.c: returns the value, or IR_NO_VALUE for unit and never */
uint32_t lower_expr(Lowerer *lw, const AstExpr *e);
uint32_t lower_convert(Lowerer *lw, uint32_t value, const Type *from, const Type *to);
/* Arithmetic of a binary operator (also compound assignment); strings concatenate. */
uint32_t lower_arithmetic(Lowerer *lw, AstBinaryOp op, const Type *t, uint32_t l, uint32_t r);

/* lower_string.c */
/* The constant string object of a literal. */
uint32_t lower_string_const(Lowerer *lw, const char *bytes, uint32_t len);
/* An interpolation, or a `+` on strings with the whole chain under it. */
uint32_t lower_string_join(Lowerer *lw, const AstExpr *e);
/* current + value (`s += value`), 'value' joined as a `+` chain would be. */
uint32_t lower_string_append(Lowerer *lw, uint32_t current, const AstExpr *value, Span loc);
/* l + r, two strings. */
uint32_t lower_string_join2(Lowerer *lw, uint32_t l, uint32_t r);
/* The owned-buffer flags of fn's appendable string locals (Lowerer.owned),
 * all false; after the local slots exist. */
void lower_string_owned_slots(Lowerer *lw, IrFunc *f, const SemaFunction *fn);
/* `string mut s = "…"` or `s = "…"` for an appendable 's': the literal's
 * bytes go into the buffer s still owns when it has room (as a C
 * programmer resets a buffer's length), else s is the literal. False when
 * 'value' is no literal or 's' no appendable local. */
bool lower_string_owned_literal(Lowerer *lw, const SemaLocal *local, const AstExpr *value);
/* Before a return (lower_return): the buffers the function's appendable
 * locals own are dead (every use of such a local copies it), and go back to
 * the runtime for the thread's next first buffer (beskid_rt_str_release). */
void lower_string_release_owned(Lowerer *lw);
/* 'local' gets a value that is not its own buffer (any assignment but an append). */
void lower_string_disown(Lowerer *lw, const SemaLocal *local);
/* `s = s + …`, `s = "${s}…"` or `s += …` (the assignment 'e') for an
 * appendable 's': the new parts are written after s's bytes, in s's own
 * buffer when it has room. IR_NO_VALUE when 'e' is not such an append. */
uint32_t lower_string_owned_append(Lowerer *lw, const AstExpr *e, const SemaLocal *target);

/* lower_array.c: arrays are BeskidArray headers {ptr, len, cap} (backends.md §2.4) */
uint32_t lower_array_lit(Lowerer *lw, const AstExpr *e);
uint32_t lower_index(Lowerer *lw, const AstExpr *e);
uint32_t lower_index_assign(Lowerer *lw, const AstExpr *e);
uint32_t lower_array_builtin(Lowerer *lw, const AstExpr *e);
void lower_array_for(Lowerer *lw, const AstStmt *s);
/* The address of 'array''s first element (it follows the header). */
uint32_t lower_array_elements(Lowerer *lw, uint32_t array);
/* The address of element 'index' (i64) of 'array' after the bounds check, for
 * places built on an index (`a[i] = v`, `a[i].f = v`). */
uint32_t lower_element_addr(Lowerer *lw, uint32_t array, uint32_t index, const Type *elem);
#endif
