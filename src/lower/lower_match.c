/* lower/lower_match.c: `match` (language.md §3.4.9) as a chain of arm tests:
 * each arm's pattern test branches to the next arm on failure, binds, checks
 * the guard and stores the arm value in a result local; when no arm matches
 * the program panics `no match arm matched`. `e?` (§3.4.10) tests the `Ok`
 * tag and panics `try expression propagated error` otherwise. An iterable
 * `for` (§3.5.4) calls `Next()` and tests the `Some` tag the same way. */
#include "lower/layout.h"
#include "support/check.h"

/* Continues in a new block when 'cond' holds, else jumps to 'fail'. */
static void guard_on(Lowerer *lw, uint32_t cond, uint32_t fail)
{
    uint32_t next = ir_block_new(lw->artifact, lw->b.func);
    irb_br(&lw->b, cond, next, fail);
    lw->b.block = next;
}

static void lower_pattern(Lowerer *lw, const AstPattern *p, uint32_t value, const Type *type, uint32_t fail)
{
    lw->b.loc = p->span;
    switch (p->kind) {
    case AST_PAT_WILDCARD: return;
    case AST_PAT_BINDING:
        lower_local_init(lw, lower_node(lw, p->id)->binding.local, value);
        return;
    case AST_PAT_LITERAL: {
        uint32_t lit = lower_expr(lw, p->literal);
        lw->b.loc = p->span;
        uint32_t eq;
        if (type->kind == TYPE_STRING) {
            uint32_t args[2] = {value, lit};
            eq = irb_call_rt(&lw->b, IR_RT_STR_EQ, args, 2);
        } else if (type->kind == TYPE_F64) {
            eq = irb_cmp(&lw->b, IR_OP_FCMP, IR_COND_EQ, value, lit);
        } else {
            eq = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_EQ, value, lit);
        }
        guard_on(lw, eq, fail);
        return;
    }
    case AST_PAT_ENUM: {
        const SemaTypeDef *def = sema_typedef_of(type);
        BSK_ASSERT(def && def->is_enum);
        int v = sema_variant_index(def, p->enum_pat.variant.name);
        BSK_ASSERT(v >= 0);
        guard_on(lw, layout_enum_is(lw, type, value, (uint32_t)v), fail);
        const SemaVariant *var = &def->variants[v];
        for (uint32_t i = 0; i < p->enum_pat.sub_count; i++) {
            const AstPattern *sub = p->enum_pat.subpatterns[i];
            if (sub->kind == AST_PAT_WILDCARD)
                continue;
            lw->b.loc = sub->span;
            uint32_t field = layout_enum_field(lw, type, value, (uint32_t)v, i);
            lower_pattern(lw, sub, field, var->fields[i].type, fail);
        }
        return;
    }
    }
    BSK_UNREACHABLE();
}

uint32_t lower_match(Lowerer *lw, const AstExpr *e)
{
    IrFunc *f = lw->b.func;
    const Type *st = lower_type(lw, e->match.scrutinee);
    uint32_t scrutinee = lower_expr(lw, e->match.scrutinee);
    lw->b.loc = e->span;
    IrType rt = lower_ir_type(lower_own_type(lw, e));
    uint32_t result = rt == IR_VOID ? LOWER_NO_LOCAL : ir_local_new(lw->artifact, f, "match", rt);
    uint32_t join = ir_block_new(lw->artifact, f);
    for (uint32_t i = 0; i < e->match.arm_count; i++) {
        const AstMatchArm *arm = &e->match.arms[i];
        uint32_t fail = ir_block_new(lw->artifact, f);
        lower_pattern(lw, arm->pattern, scrutinee, st, fail);
        if (arm->guard) {
            uint32_t g = lower_expr(lw, arm->guard);
            lw->b.loc = arm->span;
            if (!irb_terminated(&lw->b))
                guard_on(lw, g, fail);
        }
        uint32_t v = lower_expr(lw, arm->value);
        lw->b.loc = arm->span;
        if (!irb_terminated(&lw->b)) {
            if (result != LOWER_NO_LOCAL && v != IR_NO_VALUE)
                irb_set(&lw->b, result, v);
            irb_jmp(&lw->b, join);
        }
        lw->b.block = fail;
    }
    lw->b.loc = e->span;
    irb_call_rt(&lw->b, IR_RT_PANIC_NO_MATCH, NULL, 0);
    irb_unreachable(&lw->b);
    lw->b.block = join;
    return result == LOWER_NO_LOCAL ? IR_NO_VALUE : irb_get(&lw->b, result);
}

uint32_t lower_try(Lowerer *lw, const AstExpr *e)
{
    const Type *t = lower_type(lw, e->try_.operand);
    uint32_t value = lower_expr(lw, e->try_.operand);
    lw->b.loc = e->span;
    const SemaTypeDef *def = sema_typedef_of(t);
    BSK_ASSERT(def && def->is_enum);
    int ok = sema_variant_index(def, intern_cstr(lw->program->interner, "Ok"));
    BSK_ASSERT(ok >= 0);
    IrFunc *f = lw->b.func;
    uint32_t good = ir_block_new(lw->artifact, f), bad = ir_block_new(lw->artifact, f);
    irb_br(&lw->b, layout_enum_is(lw, t, value, (uint32_t)ok), good, bad);
    lw->b.block = bad;
    static const char message[] = "try expression propagated error";
    uint32_t text = lower_string_const(lw, message, sizeof message - 1);
    irb_call_rt(&lw->b, IR_RT_PANIC_STR, &text, 1);
    irb_unreachable(&lw->b);
    lw->b.block = good;
    return layout_enum_field(lw, t, value, (uint32_t)ok, 0);
}

/* let it = e; loop { match it.Next() { Some(x) => body, _ => break } }:
 * the iterator lives in a hidden local, and `continue` jumps back to the
 * header, which calls Next() again. */
void lower_iterable_for(Lowerer *lw, const AstStmt *s)
{
    const SemaFor *facts = lower_node(lw, s->id)->loop;
    IrFunc *f = lw->b.func;
    const Type *it_type = lower_type(lw, s->for_.iterable);
    uint32_t iter = lower_expr(lw, s->for_.iterable);
    lw->b.loc = s->span;
    uint32_t iter_local = ir_local_new(lw->artifact, f, "for.iter", lower_ir_type(it_type));
    irb_set(&lw->b, iter_local, iter);
    uint32_t header = ir_block_new(lw->artifact, f);
    uint32_t body = ir_block_new(lw->artifact, f);
    uint32_t exit = ir_block_new(lw->artifact, f);
    irb_jmp(&lw->b, header);

    lw->b.block = header;
    uint32_t self = irb_get(&lw->b, iter_local);
    uint32_t option = irb_call(&lw->b, facts->next->index, &self, 1);
    uint32_t some = facts->some_variant;
    const Type *opt = facts->next->ret;
    irb_br(&lw->b, layout_enum_is(lw, opt, option, some), body, exit);

    lw->b.block = body;
    const SemaLocal *var = lower_node(lw, s->id)->binding.local;
    if (lw->local_map[var->index] != LOWER_NO_LOCAL) /* fresh per iteration (§5b item 8) */
        lower_local_init(lw, var, layout_enum_field(lw, opt, option, some, 0));
    lower_loop_body(lw, s->for_.body, exit, header);
    lw->b.block = exit;
}
