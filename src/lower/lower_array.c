/* lower/lower_array.c: arrays (language.md §5a item 4; backends.md §0a item 5,
 * §2.4). A `T[]` value is a pointer to an array header (abi/abi_layout.h);
 * elements are packed slots of T's value class in the buffer 'ptr'.
 * Every access is bounds-checked (one unsigned compare covers i < 0); a read
 * of a reference slot that holds no object panics `uninitialized array element`. */
#include "abi/abi_layout.h"
#include "lower/lower_internal.h"
#include "support/check.h"

static uint32_t slot_size(IrType t)
{
    switch (t) {
    case IR_VOID: return 0;
    case IR_I8: return 1;
    case IR_I32: return 4;
    case IR_I64:
    case IR_F64:
    case IR_PTR: return 8;
    }
    BSK_UNREACHABLE();
}

/* A call of a noreturn runtime panic, leaving the builder in 'resume'. */
static void branch_to_panic(Lowerer *lw, uint32_t failed, IrRuntimeFn panic, const uint32_t *args, uint32_t count)
{
    IrFunc *f = lw->b.func;
    uint32_t fail_block = ir_block_new(lw->artifact, f), resume = ir_block_new(lw->artifact, f);
    irb_br(&lw->b, failed, fail_block, resume);
    lw->b.block = fail_block;
    irb_call_rt(&lw->b, panic, args, count);
    irb_unreachable(&lw->b);
    lw->b.block = resume;
}

static uint32_t ptr_add(Lowerer *lw, uint32_t ptr, uint32_t offset)
{
    uint32_t args[2] = {ptr, offset};
    return irb_emit(&lw->b, (IrInst){.op = IR_OP_PTR_ADD, .type = IR_PTR, .args = args, .arg_count = 2});
}

/* An array's length is fixed when it is made (nothing in the runtime or in
 * generated code writes it later), so its loads are final: the optimiser
 * keeps one across calls and stores instead of reloading it for every
 * bounds check. */
static uint32_t array_len(Lowerer *lw, uint32_t array)
{
    return irb_load_final(&lw->b, IR_I64, array, ABI_ARRAY_LEN);
}

/* An array's elements follow its header in the same block (rt_array.c), so
 * their address is the header's plus a constant: no load of 'ptr', one
 * dependent load less on every element access. */
uint32_t lower_array_elements(Lowerer *lw, uint32_t array)
{
    return ptr_add(lw, array, irb_iconst(&lw->b, IR_I64, ABI_ARRAY_BYTES));
}

uint32_t lower_element_addr(Lowerer *lw, uint32_t array, uint32_t index, const Type *elem)
{
    uint32_t len = array_len(lw, array);
    uint32_t out = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_UGE, index, len);
    uint32_t args[2] = {index, len};
    branch_to_panic(lw, out, IR_RT_PANIC_INDEX, args, 2);
    uint32_t buffer = lower_array_elements(lw, array);
    uint32_t size = slot_size(lower_ir_type(elem));
    uint32_t offset = irb_binary(&lw->b, IR_OP_MUL, IR_I64, index, irb_iconst(&lw->b, IR_I64, size));
    return ptr_add(lw, buffer, offset);
}

/* Loads the element at 'addr'; a reference slot must hold an object. */
static uint32_t load_element(Lowerer *lw, uint32_t addr, const Type *elem)
{
    IrType t = lower_ir_type(elem);
    if (t == IR_VOID)
        return IR_NO_VALUE;
    uint32_t v = irb_load(&lw->b, t, addr, 0);
    if (t == IR_PTR) {
        uint32_t missing = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_EQ, v, irb_iconst(&lw->b, IR_PTR, 0));
        branch_to_panic(lw, missing, IR_RT_PANIC_UNINIT, NULL, 0);
    }
    return v;
}

/* Stores 'v' into a slot of an array. No write barrier call: the collector
 * needs none, as for field stores (docs/decisions.md, "Strings and allocation"). */
static void store_element(Lowerer *lw, uint32_t addr, uint32_t v, const Type *elem)
{
    IrType t = lower_ir_type(elem);
    if (t == IR_VOID || v == IR_NO_VALUE)
        return;
    irb_store(&lw->b, addr, 0, v);
}

static uint32_t array_new(Lowerer *lw, const Type *elem, uint32_t len)
{
    IrType t = lower_ir_type(elem);
    uint32_t args[3] = {irb_iconst(&lw->b, IR_I64, slot_size(t)), len, irb_iconst(&lw->b, IR_I8, t == IR_PTR)};
    return irb_call_rt(&lw->b, IR_RT_RT_ARRAY_NEW, args, 3);
}

uint32_t lower_array_lit(Lowerer *lw, const AstExpr *e)
{
    const Type *elem = lower_own_type(lw, e)->element;
    uint32_t count = e->array_lit.count;
    uint32_t array = array_new(lw, elem, irb_iconst(&lw->b, IR_I64, count));
    /* keep the header in a local: element expressions may branch */
    uint32_t local = ir_local_new(lw->artifact, lw->b.func, "array.lit", IR_PTR);
    irb_set(&lw->b, local, array);
    uint32_t size = slot_size(lower_ir_type(elem));
    for (uint32_t i = 0; i < count; i++) {
        const AstExpr *element = e->array_lit.elements[i];
        uint32_t v = lower_expr(lw, element);
        lw->b.loc = element->span;
        uint32_t header = irb_get(&lw->b, local);
        uint32_t buffer = lower_array_elements(lw, header);
        uint32_t addr = ptr_add(lw, buffer, irb_iconst(&lw->b, IR_I64, (int64_t)i * size));
        store_element(lw, addr, v, elem);
    }
    lw->b.loc = e->span;
    return irb_get(&lw->b, local);
}

uint32_t lower_index(Lowerer *lw, const AstExpr *e)
{
    uint32_t array = lower_expr(lw, e->index.object);
    uint32_t index = lower_expr(lw, e->index.index);
    lw->b.loc = e->span;
    if (lower_type(lw, e->index.object)->kind == TYPE_NEVER || lower_type(lw, e->index.index)->kind == TYPE_NEVER) {
        IrType t = lower_ir_type(lower_own_type(lw, e)); /* dead code after a diverging operand: a placeholder */
        return t == IR_VOID ? IR_NO_VALUE : t == IR_F64 ? irb_fconst(&lw->b, 0.0) : irb_iconst(&lw->b, t, 0);
    }
    if (lower_type(lw, e->index.object)->kind == TYPE_STRING) { /* byte i of the string (§5a item 9) */
        uint32_t len = irb_load(&lw->b, IR_I64, array, ABI_STR_LEN);
        uint32_t out = irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_UGE, index, len);
        uint32_t args[2] = {index, len};
        branch_to_panic(lw, out, IR_RT_PANIC_INDEX, args, 2);
        uint32_t bytes = irb_load(&lw->b, IR_PTR, array, ABI_STR_PTR);
        return irb_load(&lw->b, IR_I8, ptr_add(lw, bytes, index), 0);
    }
    uint32_t addr = lower_element_addr(lw, array, index, lower_own_type(lw, e));
    return load_element(lw, addr, lower_own_type(lw, e));
}

uint32_t lower_index_assign(Lowerer *lw, const AstExpr *e)
{
    static const AstBinaryOp ops[] = {
        [AST_ASSIGN_ADD] = AST_BINARY_ADD, [AST_ASSIGN_SUB] = AST_BINARY_SUB, [AST_ASSIGN_MUL] = AST_BINARY_MUL,
        [AST_ASSIGN_DIV] = AST_BINARY_DIV, [AST_ASSIGN_REM] = AST_BINARY_REM,
    };
    const AstExpr *target = e->assign.target;
    const Type *elem = lower_type(lw, target);
    uint32_t array = lower_expr(lw, target->index.object);
    uint32_t index = lower_expr(lw, target->index.index);
    lw->b.loc = target->span;
    /* a, i, then the bounds check, then the value (left to right) */
    uint32_t addr = lower_element_addr(lw, array, index, elem);
    uint32_t current = e->assign.op == AST_ASSIGN ? IR_NO_VALUE : load_element(lw, addr, elem);
    uint32_t v = lower_expr(lw, e->assign.value);
    lw->b.loc = e->span;
    if (lower_type(lw, e->assign.value)->kind == TYPE_NEVER)
        return IR_NO_VALUE;
    if (e->assign.op != AST_ASSIGN)
        v = lower_arithmetic(lw, ops[e->assign.op], elem, current, v);
    store_element(lw, addr, v, elem);
    return v;
}

uint32_t lower_array_builtin(Lowerer *lw, const AstExpr *e)
{
    uint32_t first = lower_expr(lw, e->call.args[0]);
    if (lower_node(lw, e->id)->binding.builtin == SEMA_BUILTIN_ARRAY_ALLOC) {
        lw->b.loc = e->span;
        return array_new(lw, lower_own_type(lw, e)->element, first);
    }
    if (lower_node(lw, e->id)->binding.builtin == SEMA_BUILTIN_ARRAY_LEN) {
        lw->b.loc = e->span;
        return array_len(lw, first);
    }
    uint32_t len = lower_expr(lw, e->call.args[1]);
    lw->b.loc = e->span;
    if (lower_own_type(lw, e)->kind == TYPE_ARRAY) /* the checker proved 'first' is the slot size */
        return array_new(lw, lower_own_type(lw, e)->element, len);
    /* The §4.1 form: an untyped header (scanned conservatively) whose address
     * is the i64 result. The IR has no ptr-to-int conversion, so the address
     * goes through a one-word cell: stored as ptr, loaded as i64. */
    uint32_t args[3] = {first, len, irb_iconst(&lw->b, IR_I8, 1)};
    uint32_t array = irb_call_rt(&lw->b, IR_RT_RT_ARRAY_NEW, args, 3);
    uint32_t cell_args[2] = {irb_iconst(&lw->b, IR_I64, ABI_WORD), irb_iconst(&lw->b, IR_PTR, 0)};
    uint32_t cell = irb_call_rt(&lw->b, IR_RT_ALLOC, cell_args, 2);
    irb_store(&lw->b, cell, 0, array);
    return irb_load(&lw->b, IR_I64, cell, 0);
}

/* for x in a: the header and length are read once; a hidden i64 counter
 * steps through the slots, so `continue` still advances. */
void lower_array_for(Lowerer *lw, const AstStmt *s)
{
    IrFunc *f = lw->b.func;
    const AstExpr *it = s->for_.iterable;
    const Type *elem = lower_type(lw, it)->element;
    uint32_t array = lower_expr(lw, it);
    lw->b.loc = s->span;
    uint32_t array_local = ir_local_new(lw->artifact, f, "for.array", IR_PTR);
    uint32_t counter = ir_local_new(lw->artifact, f, "for.counter", IR_I64);
    uint32_t end_local = ir_local_new(lw->artifact, f, "for.end", IR_I64);
    irb_set(&lw->b, array_local, array);
    irb_set(&lw->b, end_local, array_len(lw, array));
    irb_set(&lw->b, counter, irb_iconst(&lw->b, IR_I64, 0));
    CountedLoop loop = lower_counted_loop_begin(lw, counter, end_local, IR_I64, IR_COND_SLT);
    uint32_t addr = lower_element_addr(lw, irb_get(&lw->b, array_local), irb_get(&lw->b, counter), elem);
    uint32_t v = load_element(lw, addr, elem);
    uint32_t var = lw->local_map[lower_node(lw, s->id)->binding.local->index];
    if (var != LOWER_NO_LOCAL && v != IR_NO_VALUE)
        irb_set(&lw->b, var, v);
    lower_counted_loop_end(lw, &loop, s->for_.body, s->span);
}
