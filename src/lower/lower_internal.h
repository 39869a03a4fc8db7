/* lower/lower_internal.h: the Lowerer context shared by the files of lower/. One
 * function is lowered at a time; Beskid locals map to IR locals through
 * 'local_map' (indexed by SemaLocal.index; UINT32_MAX for unit values). */
#ifndef BESKID_LOWER_LOWER_INTERNAL_H
#define BESKID_LOWER_LOWER_INTERNAL_H
#include "lower/lower.h"
#include "sema/sema_internal.h"

#define LOWER_NO_LOCAL UINT32_MAX

typedef struct LowerLoop {
    uint32_t break_block;
    uint32_t continue_block;
} LowerLoop;

typedef struct Lowerer {
    Arena *arena;
    Artifact *artifact;
    const SemaProgram *program;
    DiagList *diags;
    const SemaFunction *fn;
    IrBuilder b;
    uint32_t *local_map;
    VEC(LowerLoop) loops;
} Lowerer;

/* lower.c */
IrType lower_ir_type(const Type *type);
/* Starts a fresh (unreachable) block when the current one is terminated. */
void lower_reopen(Lowerer *lw);

/* lower_stmt.c */
void lower_block(Lowerer *lw, const AstBlock *block);

/* lower_expr.c: returns the value, or IR_NO_VALUE for unit and never */
uint32_t lower_expr(Lowerer *lw, const AstExpr *e);
uint32_t lower_convert(Lowerer *lw, uint32_t value, const Type *from, const Type *to);
#endif
