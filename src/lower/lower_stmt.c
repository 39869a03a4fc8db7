/* lower/lower_stmt.c: blocks and statements. Loops keep a stack of
 * break/continue targets; a range `for` keeps a hidden counter and end so the
 * bounds are evaluated once and `continue` still increments. Statements after
 * a terminator in the same block are dead and are not lowered. */
#include "lower/lower_internal.h"
#include "support/check.h"

static void lower_stmt(Lowerer *lw, const AstStmt *s);

void lower_block(Lowerer *lw, const AstBlock *block)
{
    for (uint32_t i = 0; i < block->count; i++) {
        if (irb_terminated(&lw->b))
            return;
        lower_stmt(lw, block->stmts[i]);
    }
}

void lower_loop_body(Lowerer *lw, const AstBlock *body, uint32_t break_block, uint32_t continue_block)
{
    VEC_PUSH(lw->arena, &lw->loops, ((LowerLoop){break_block, continue_block}));
    lower_block(lw, body);
    lw->loops.count--;
    if (!irb_terminated(&lw->b))
        irb_jmp(&lw->b, continue_block);
}

static void lower_while(Lowerer *lw, const AstStmt *s)
{
    IrFunc *f = lw->b.func;
    uint32_t cond = ir_block_new(lw->artifact, f);
    uint32_t body = ir_block_new(lw->artifact, f);
    uint32_t exit = ir_block_new(lw->artifact, f);
    irb_jmp(&lw->b, cond);
    lw->b.block = cond;
    uint32_t c = lower_expr(lw, s->while_.cond);
    lw->b.loc = s->span;
    irb_br(&lw->b, c, body, exit);
    lw->b.block = body;
    lower_loop_body(lw, s->while_.body, exit, cond);
    lw->b.block = exit;
}

static void lower_for(Lowerer *lw, const AstStmt *s)
{
    const SemaFor *facts = lower_node(lw, s->id)->loop;
    if (facts && facts->is_array) {
        lower_array_for(lw, s);
        return;
    }
    if (facts && facts->next) {
        lower_iterable_for(lw, s); /* lower_match.c */
        return;
    }
    BSK_ASSERT(facts && facts->is_range);
    IrFunc *f = lw->b.func;
    const Type *t = lower_type(lw, facts->start);
    IrType it = lower_ir_type(t);
    uint32_t start = lower_expr(lw, facts->start);
    uint32_t end = lower_expr(lw, facts->end);
    lw->b.loc = s->span;
    uint32_t counter = ir_local_new(lw->artifact, f, "for.counter", it);
    uint32_t end_local = ir_local_new(lw->artifact, f, "for.end", it);
    irb_set(&lw->b, counter, start);
    irb_set(&lw->b, end_local, end);
    CountedLoop loop =
        lower_counted_loop_begin(lw, counter, end_local, it, t->kind == TYPE_U8 ? IR_COND_ULT : IR_COND_SLT);
    if (lw->local_map[lower_node(lw, s->id)->binding.local->index] != LOWER_NO_LOCAL) /* fresh per iteration (§5b item 8) */
        lower_local_init(lw, lower_node(lw, s->id)->binding.local, irb_get(&lw->b, counter));
    lower_counted_loop_end(lw, &loop, s->for_.body, s->span);
}

CountedLoop lower_counted_loop_begin(Lowerer *lw, uint32_t counter, uint32_t end, IrType type, IrCond less)
{
    IrFunc *f = lw->b.func;
    CountedLoop loop = {.counter = counter, .type = type};
    loop.header = ir_block_new(lw->artifact, f);
    uint32_t body = ir_block_new(lw->artifact, f);
    loop.step = ir_block_new(lw->artifact, f);
    loop.exit = ir_block_new(lw->artifact, f);
    irb_jmp(&lw->b, loop.header);
    lw->b.block = loop.header;
    uint32_t cur = irb_get(&lw->b, counter); /* sequenced: C leaves argument order open */
    uint32_t lim = irb_get(&lw->b, end);
    uint32_t more = irb_cmp(&lw->b, IR_OP_ICMP, less, cur, lim);
    irb_br(&lw->b, more, body, loop.exit);
    lw->b.block = body;
    return loop;
}

void lower_counted_loop_end(Lowerer *lw, const CountedLoop *loop, const AstBlock *body, Span loc)
{
    lower_loop_body(lw, body, loop->exit, loop->step);
    lw->b.block = loop->step;
    lw->b.loc = loc;
    uint32_t now = irb_get(&lw->b, loop->counter);
    irb_set(&lw->b, loop->counter, irb_binary(&lw->b, IR_OP_ADD, loop->type, now, irb_iconst(&lw->b, loop->type, 1)));
    irb_jmp(&lw->b, loop->header);
    lw->b.block = loop->exit;
}

/* An `else if` chain is lowered in a loop, all arms jumping to one join. */
static void lower_if(Lowerer *lw, const AstStmt *s)
{
    IrFunc *f = lw->b.func;
    uint32_t join = 0;
    bool has_join = false;
    for (;; s = s->if_.else_if) {
        lw->b.loc = s->span;
        uint32_t c = lower_expr(lw, s->if_.cond);
        lw->b.loc = s->span;
        uint32_t then_block = ir_block_new(lw->artifact, f);
        bool has_else = s->if_.else_if || s->if_.else_block;
        uint32_t else_block = has_else ? ir_block_new(lw->artifact, f) : 0;
        if (!has_join) {
            join = ir_block_new(lw->artifact, f);
            has_join = true;
        }
        irb_br(&lw->b, c, then_block, has_else ? else_block : join);
        lw->b.block = then_block;
        lower_block(lw, s->if_.then_block);
        if (!irb_terminated(&lw->b))
            irb_jmp(&lw->b, join);
        if (!has_else)
            break;
        lw->b.block = else_block;
        if (!s->if_.else_if) {
            lower_block(lw, s->if_.else_block);
            if (!irb_terminated(&lw->b))
                irb_jmp(&lw->b, join);
            break;
        }
    }
    lw->b.block = join;
}

static void lower_stmt(Lowerer *lw, const AstStmt *s)
{
    lw->b.loc = s->span;
    switch (s->kind) {
    case AST_STMT_LET: {
        if (lower_string_owned_literal(lw, lower_node(lw, s->id)->binding.local, s->let.init))
            return;
        uint32_t v = lower_expr(lw, s->let.init);
        lw->b.loc = s->span;
        lower_local_init(lw, lower_node(lw, s->id)->binding.local, v);
        return;
    }
    case AST_STMT_RETURN: {
        uint32_t v = s->return_.value ? lower_expr(lw, s->return_.value) : IR_NO_VALUE;
        lw->b.loc = s->span;
        if (irb_terminated(&lw->b))
            return;
        lower_return(lw, lw->b.func->ret == IR_VOID ? IR_NO_VALUE : v);
        return;
    }
    case AST_STMT_BREAK:
        BSK_ASSERT(lw->loops.count);
        irb_jmp(&lw->b, VEC_LAST(&lw->loops).break_block);
        return;
    case AST_STMT_CONTINUE:
        BSK_ASSERT(lw->loops.count);
        irb_jmp(&lw->b, VEC_LAST(&lw->loops).continue_block);
        return;
    case AST_STMT_WHILE: lower_while(lw, s); return;
    case AST_STMT_FOR: lower_for(lw, s); return;
    case AST_STMT_IF: lower_if(lw, s); return;
    case AST_STMT_EXPR: lower_expr(lw, s->expr.expr); return;
    }
    BSK_UNREACHABLE();
}
