/* lower/lower_event.c: events (language.md §3.9, backends.md §2.4, §2.5,
 * §5.6). An event field is a pointer slot of its object holding the
 * EventState* (NULL until the first subscription). `obj.E += f` calls
 * event_subscribe(&obj->E, f, capacity), `obj.E -= f`
 * event_unsubscribe_first(&obj->E, f): handlers are closure objects, so the
 * identity `-=` compares is the closure's (§5b item 7). `recv.E(args)`
 * evaluates the receiver and the arguments once, then loops
 *   i = 0; while i < event_len(recv->E) { h = event_get_handler(recv->E, i); h->code(h, args…); i++ }
 * re-reading the slot and the length each time, so a handler that
 * subscribes or unsubscribes affects the rest of the loop (§5.6). */
#include "abi/abi_layout.h"
#include "lower/layout.h"
#include "lower/lower_internal.h"
#include "support/check.h"

uint32_t lower_event_assign(Lowerer *lw, const AstExpr *e, uint32_t obj, uint32_t offset, const SemaField *field)
{
    BSK_ASSERT(e->assign.op == AST_ASSIGN_ADD || e->assign.op == AST_ASSIGN_SUB);
    uint32_t handler = lower_expr(lw, e->assign.value);
    lw->b.loc = e->span;
    uint32_t slot_args[2] = {obj, irb_iconst(&lw->b, IR_I64, offset)};
    uint32_t slot = irb_emit(&lw->b, (IrInst){.op = IR_OP_PTR_ADD, .type = IR_PTR, .args = slot_args, .arg_count = 2});
    if (e->assign.op == AST_ASSIGN_ADD) {
        uint64_t capacity = field->event_capacity ? field->event_capacity : ABI_EVENT_DEFAULT_CAPACITY;
        uint32_t args[3] = {slot, handler, irb_iconst(&lw->b, IR_I64, (int64_t)capacity)};
        irb_call_rt(&lw->b, IR_RT_EVENT_SUBSCRIBE, args, 3);
    } else {
        uint32_t args[2] = {slot, handler};
        irb_call_rt(&lw->b, IR_RT_EVENT_UNSUBSCRIBE_FIRST, args, 2);
    }
    return IR_NO_VALUE;
}

uint32_t lower_event_invoke(Lowerer *lw, const AstExpr *e)
{
    uint32_t index;
    const SemaTypeDef *def;
    uint32_t obj = lower_field_place(lw, e->call.callee, &index, &def);
    uint32_t offset = layout_of(lw, def->type)->field_offsets[index];
    uint32_t count = e->call.arg_count;
    uint32_t args[count + 1];
    for (uint32_t i = 0; i < count; i++)
        args[i + 1] = lower_expr(lw, e->call.args[i]);
    lw->b.loc = e->span;

    IrFunc *f = lw->b.func;
    uint32_t counter = ir_local_new(lw->artifact, f, "event.i", IR_I64);
    irb_set(&lw->b, counter, irb_iconst(&lw->b, IR_I64, 0));
    uint32_t header = ir_block_new(lw->artifact, f), body = ir_block_new(lw->artifact, f);
    uint32_t exit = ir_block_new(lw->artifact, f);
    irb_jmp(&lw->b, header);

    lw->b.block = header;
    uint32_t state = irb_load(&lw->b, IR_PTR, obj, offset);
    uint32_t len = irb_call_rt(&lw->b, IR_RT_EVENT_LEN, &state, 1);
    uint32_t i = irb_get(&lw->b, counter);
    irb_br(&lw->b, irb_cmp(&lw->b, IR_OP_ICMP, IR_COND_ULT, i, len), body, exit);

    lw->b.block = body;
    uint32_t get_args[2] = {state, i};
    uint32_t handler = irb_call_rt(&lw->b, IR_RT_EVENT_GET_HANDLER, get_args, 2);
    args[0] = handler;
    uint32_t code = irb_load(&lw->b, IR_PTR, handler, ABI_CLOSURE_CODE);
    irb_call_indirect(&lw->b, IR_VOID, code, args, count + 1);
    irb_set(&lw->b, counter, irb_binary(&lw->b, IR_OP_ADD, IR_I64, i, irb_iconst(&lw->b, IR_I64, 1)));
    irb_jmp(&lw->b, header);

    lw->b.block = exit;
    return IR_NO_VALUE;
}
