/* lower/lower_closure.c: function values (backends.md §0a item 1). A function
 * value is a pointer to one closure object (abi/abi_layout.h); a call loads
 * its code and calls code(closure, args…). Slot i holds the i-th capture: a
 * pointer to its shared heap cell when the variable is assigned anywhere,
 * else a copy of its value. Named functions and non-capturing lambdas are one
 * constant object each, in read-only data. */
#include "abi/abi_layout.h"
#include "lower/layout.h"
#include "lower/lower_internal.h"
#include "support/check.h"

/* Per-artifact caches, created on first use. */
struct LowerClosures {
    uint32_t cell_desc[2];  /* descriptor of a cell holding a scalar / a pointer */
    uint32_t *named;        /* per program function: its constant closure, or UINT32_MAX */
};

static struct LowerClosures *closures(Lowerer *lw)
{
    if (!lw->closures) {
        struct LowerClosures *s = ARENA_NEW(lw->arena, struct LowerClosures);
        s->cell_desc[0] = s->cell_desc[1] = UINT32_MAX;
        uint32_t n = lw->program->funcs.count;
        s->named = ARENA_ARRAY(lw->arena, uint32_t, n ? n : 1);
        for (uint32_t i = 0; i < n; i++)
            s->named[i] = UINT32_MAX;
        lw->closures = s;
    }
    return lw->closures;
}

/* The descriptor of closure objects of 'size' bytes running 'code'. */
static uint32_t closure_descriptor(Lowerer *lw, uint32_t code, uint64_t size, const uint64_t *offsets, uint32_t count)
{
    const char *symbol = lw->artifact->funcs.items[code]->symbol;
    return layout_descriptor(lw, LAYOUT_OWNER_CLOSURE, symbol, size, ABI_WORD, offsets, count);
}

/* A read-only closure object {descriptor, code} with an empty environment. */
static uint32_t constant_closure(Lowerer *lw, const char *symbol, uint32_t code)
{
    uint32_t desc = closure_descriptor(lw, code, ABI_CLOSURE_SLOTS, NULL, 0);
    uint8_t *bytes = arena_alloc(lw->arena, ABI_CLOSURE_SLOTS, ABI_WORD);
    uint32_t obj = ir_data_new(lw->artifact, symbol, IR_DATA_OTHER, ABI_WORD, bytes, ABI_CLOSURE_SLOTS);
    IrReloc to_desc = {.offset = 0, .is_function = false, .target = desc};
    IrReloc to_code = {.offset = ABI_CLOSURE_CODE, .is_function = true, .target = code};
    VEC_PUSH(lw->arena, &lw->artifact->data.items[obj].relocs, to_desc);
    VEC_PUSH(lw->arena, &lw->artifact->data.items[obj].relocs, to_code);
    return obj;
}

static bool is_cell(const SemaLocal *local)
{
    return sema_needs_cell(local) && lower_ir_type(local->type) != IR_VOID;
}

uint32_t lower_local_slot(Lowerer *lw, IrFunc *f, const SemaLocal *local)
{
    IrType t = lower_ir_type(local->type);
    if (t == IR_VOID)
        return LOWER_NO_LOCAL;
    return ir_local_new(lw->artifact, f, local->name, is_cell(local) ? IR_PTR : t);
}

/* The environment slot of 'local' in the lambda being lowered. */
static int64_t env_offset(const Lowerer *lw, const SemaLocal *local)
{
    BSK_ASSERT(lw->fn->lambda);
    uint32_t index = sema_capture_index(lw->fn->lambda, local);
    BSK_ASSERT(index != UINT32_MAX);
    return ABI_CLOSURE_SLOTS + ABI_WORD * (int64_t)index;
}

/* The cell pointer of a celled 'local', seen from the current function. */
static uint32_t cell_of(Lowerer *lw, const SemaLocal *local)
{
    if (local->owner == lw->fn)
        return irb_get(&lw->b, lw->local_map[local->index]);
    return irb_load(&lw->b, IR_PTR, 0 /* the closure parameter */, env_offset(lw, local));
}

uint32_t lower_local_get(Lowerer *lw, const SemaLocal *local)
{
    IrType t = lower_ir_type(local->type);
    if (t == IR_VOID)
        return IR_NO_VALUE;
    if (is_cell(local))
        return irb_load(&lw->b, t, cell_of(lw, local), ABI_CELL_VALUE);
    if (local->owner != lw->fn) /* a copied capture */
        return irb_load(&lw->b, t, 0, env_offset(lw, local));
    return irb_get(&lw->b, lw->local_map[local->index]);
}

void lower_local_set(Lowerer *lw, const SemaLocal *local, uint32_t value)
{
    if (value == IR_NO_VALUE || lower_ir_type(local->type) == IR_VOID)
        return;
    if (is_cell(local)) {
        irb_store(&lw->b, cell_of(lw, local), ABI_CELL_VALUE, value);
        return;
    }
    BSK_ASSERT(local->owner == lw->fn); /* assigned captures are cells */
    irb_set(&lw->b, lw->local_map[local->index], value);
}

void lower_local_init(Lowerer *lw, const SemaLocal *local, uint32_t value)
{
    if (value == IR_NO_VALUE || lower_ir_type(local->type) == IR_VOID)
        return;
    lower_string_disown(lw, local); /* a declaration in a loop starts over */
    if (!is_cell(local)) {
        irb_set(&lw->b, lw->local_map[local->index], value);
        return;
    }
    /* each execution of a declaration makes a fresh cell (§5b item 8) */
    bool pointer = lower_ir_type(local->type) == IR_PTR;
    struct LowerClosures *s = closures(lw);
    if (s->cell_desc[pointer] == UINT32_MAX) {
        uint64_t offset = ABI_CELL_VALUE;
        s->cell_desc[pointer] = layout_descriptor(lw, LAYOUT_OWNER_CELL, pointer ? "ptr" : "scalar", ABI_CELL_BYTES,
                                                  ABI_WORD, &offset, pointer ? 1 : 0);
    }
    uint32_t cell = layout_alloc_object(lw, ABI_CELL_BYTES, s->cell_desc[pointer], pointer ? 1 : 0);
    irb_store(&lw->b, cell, ABI_CELL_VALUE, value);
    irb_set(&lw->b, lw->local_map[local->index], cell);
}

/* fn$value(env, a, b) { return fn(a, b); }: the code of a named function's closure. */
static uint32_t named_adapter(Lowerer *lw, const SemaFunction *fn)
{
    IrFunc *target = lw->artifact->funcs.items[fn->index];
    uint32_t n = target->param_count;
    IrType params[n + 1];
    params[0] = IR_PTR;
    for (uint32_t i = 0; i < n; i++)
        params[i + 1] = target->params[i];
    IrFunc *f = ir_func_new(lw->artifact, arena_printf(lw->arena, "%s_fnval", target->symbol), target->ret, params, n + 1);
    f->source_name = target->source_name;
    f->qualified_name = target->qualified_name;
    f->kind = IR_FUNC_LAMBDA;
    f->is_noreturn = target->is_noreturn;
    f->span = target->span;
    IrBuilder b = {.artifact = lw->artifact, .func = f, .block = ir_block_new(lw->artifact, f), .loc = target->span};
    uint32_t args[n ? n : 1];
    for (uint32_t i = 0; i < n; i++)
        args[i] = i + 1;
    uint32_t result = irb_call(&b, fn->index, args, n);
    if (f->is_noreturn)
        irb_unreachable(&b);
    else
        irb_ret(&b, f->ret == IR_VOID ? IR_NO_VALUE : result);
    return ir_func_index(lw->artifact, f);
}

uint32_t lower_function_value(Lowerer *lw, const SemaFunction *fn)
{
    struct LowerClosures *s = closures(lw);
    if (s->named[fn->index] == UINT32_MAX) {
        uint32_t code = named_adapter(lw, fn);
        s->named[fn->index] =
            constant_closure(lw, arena_printf(lw->arena, "%s_closure", lw->artifact->funcs.items[code]->symbol), code);
    }
    return irb_data_addr(&lw->b, s->named[fn->index]);
}

/* Lowers the body of 'lambda' into its own function; returns its index. */
static uint32_t lower_lambda_body(Lowerer *lw, const AstExpr *e, const SemaLambda *lambda)
{
    const SemaFunction *fn = lambda->fn;
    const IrFunc *root = lw->artifact->funcs.items[lambda->root->index];
    IrType params[fn->param_count + 1];
    params[0] = IR_PTR;
    for (uint32_t i = 0; i < fn->param_count; i++)
        params[i + 1] = lower_ir_type(fn->params[i]);
    IrFunc *f = ir_func_new(lw->artifact, arena_printf(lw->arena, "%sL%u", root->symbol, lambda->index),
                            lower_ir_type(fn->ret), params, fn->param_count + 1);
    f->source_name = arena_printf(lw->arena, "%s$lambda%u", root->source_name, lambda->index);
    f->qualified_name = arena_printf(lw->arena, "%s$lambda%u", root->qualified_name, lambda->index);
    f->kind = IR_FUNC_LAMBDA;
    f->is_noreturn = fn->ret->kind == TYPE_NEVER;
    f->span = e->span;

    /* lower the body as a function of its own, then resume the creator */
    const SemaFunction *saved_fn = lw->fn;
    IrBuilder saved_b = lw->b;
    uint32_t *saved_map = lw->local_map;
    LowerOwned saved_owned = lw->owned;
    lw->fn = fn;
    lw->facts = fn->facts;
    lw->b = (IrBuilder){.artifact = lw->artifact, .func = f, .block = ir_block_new(lw->artifact, f), .loc = e->span};
    lw->local_map = ARENA_ARRAY(lw->arena, uint32_t, fn->locals.count ? fn->locals.count : 1);
    for (uint32_t i = 0; i < fn->locals.count; i++)
        lw->local_map[i] = lower_local_slot(lw, f, fn->locals.items[i]);
    lower_string_owned_slots(lw, f, fn);
    for (uint32_t i = 0; i < fn->param_count; i++)
        lower_local_init(lw, fn->locals.items[i], i + 1);
    const AstExpr *body = e->lambda.body;
    uint32_t value = IR_NO_VALUE;
    if (body->kind == AST_EXPR_BLOCK)
        lower_block(lw, body->block);
    else
        value = lower_expr(lw, body);
    if (!irb_terminated(&lw->b)) {
        Span end = body->span;
        end.start = end.end > 0 ? end.end - 1 : 0;
        lw->b.loc = end;
        if (f->ret == IR_VOID && !f->is_noreturn)
            lower_return(lw, IR_NO_VALUE);
        else if (f->ret != IR_VOID && value != IR_NO_VALUE)
            lower_return(lw, value);
        else /* the checker proved a non-unit block body never gets here */
            irb_unreachable(&lw->b);
    }
    lw->fn = saved_fn;
    lw->facts = saved_fn->facts;
    lw->b = saved_b;
    lw->local_map = saved_map;
    lw->owned = saved_owned;
    return ir_func_index(lw->artifact, f);
}

/* The content of capture 'local''s slot: its cell pointer or its value. */
static uint32_t capture_slot_value(Lowerer *lw, const SemaLocal *local)
{
    if (is_cell(local))
        return cell_of(lw, local);
    return lower_local_get(lw, local);
}

uint32_t lower_lambda(Lowerer *lw, const AstExpr *e)
{
    const SemaLambda *lambda = lower_node(lw, e->id)->lambda;
    BSK_ASSERT(lambda);
    uint32_t code = lower_lambda_body(lw, e, lambda);
    const char *symbol = lw->artifact->funcs.items[code]->symbol;
    lw->b.loc = e->span;
    uint32_t n = lambda->captures.count;
    if (n == 0) /* one shared constant object (§5b item 7) */
        return irb_data_addr(&lw->b, constant_closure(lw, arena_printf(lw->arena, "%s_closure", symbol), code));
    uint64_t offsets[n];
    uint32_t pointers = 0;
    for (uint32_t i = 0; i < n; i++) {
        const SemaLocal *local = lambda->captures.items[i];
        if (is_cell(local) || lower_ir_type(local->type) == IR_PTR)
            offsets[pointers++] = ABI_CLOSURE_SLOTS + ABI_WORD * (uint64_t)i;
    }
    uint64_t size = ABI_CLOSURE_SLOTS + ABI_WORD * (uint64_t)n;
    uint32_t desc = closure_descriptor(lw, code, size, offsets, pointers);
    uint32_t obj = layout_alloc_object(lw, size, desc, pointers);
    irb_store(&lw->b, obj, ABI_CLOSURE_CODE, irb_func_addr(&lw->b, code));
    for (uint32_t i = 0; i < n; i++) {
        const SemaLocal *local = lambda->captures.items[i];
        uint32_t v = capture_slot_value(lw, local);
        if (v != IR_NO_VALUE)
            irb_store(&lw->b, obj, ABI_CLOSURE_SLOTS + ABI_WORD * (int64_t)i, v);
    }
    return obj;
}

uint32_t lower_indirect_call(Lowerer *lw, const AstExpr *e)
{
    uint32_t closure = lower_expr(lw, e->call.callee);
    uint32_t count = e->call.arg_count;
    uint32_t args[count + 1];
    args[0] = closure;
    for (uint32_t i = 0; i < count; i++)
        args[i + 1] = lower_expr(lw, e->call.args[i]);
    lw->b.loc = e->span;
    uint32_t code = irb_load(&lw->b, IR_PTR, closure, ABI_CLOSURE_CODE);
    uint32_t result = irb_call_indirect(&lw->b, lower_ir_type(lower_own_type(lw, e)), code, args, count + 1);
    if (lower_own_type(lw, e)->kind == TYPE_NEVER) {
        irb_unreachable(&lw->b);
        lower_reopen(lw);
        return IR_NO_VALUE;
    }
    return result;
}
