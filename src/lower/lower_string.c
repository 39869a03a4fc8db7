/* lower/lower_string.c: interpolated strings (language.md §1.5 [FIX], §5b
 * item 1; backends.md §2.5). Parts are evaluated left to right; each one
 * becomes a string through the beskid_rt_str_from_* conversions, and the
 * texts are joined with str_concat as they come: ((p0 + p1) + p2) … */
#include "lower/lower_internal.h"
#include "support/check.h"

/* The text of 'v', a value of the interpolated part's type 't'. */
static uint32_t to_text(Lowerer *lw, uint32_t v, const Type *t)
{
    IrRuntimeFn fn;
    switch (t->kind) {
    case TYPE_STRING: return v;
    case TYPE_I64: fn = IR_RT_STR_FROM_I64; break;
    case TYPE_I32:
        v = irb_unary(&lw->b, IR_OP_SEXT, IR_I64, v);
        fn = IR_RT_STR_FROM_I64;
        break;
    case TYPE_U8:
        v = irb_unary(&lw->b, IR_OP_ZEXT, IR_I64, v);
        fn = IR_RT_STR_FROM_U64;
        break;
    case TYPE_BOOL: fn = IR_RT_STR_FROM_BOOL; break;
    case TYPE_CHAR: fn = IR_RT_STR_FROM_CHAR; break;
    case TYPE_F64: fn = IR_RT_STR_FROM_F64; break;
    default: BSK_UNREACHABLE(); /* the checker reports other types (E1206) */
    }
    return irb_call_rt(&lw->b, fn, &v, 1);
}

uint32_t lower_interpolation(Lowerer *lw, const AstExpr *e)
{
    uint32_t acc = IR_NO_VALUE;
    for (uint32_t i = 0; i < e->interpolation.count; i++) {
        const AstExpr *part = e->interpolation.parts[i];
        uint32_t v = lower_expr(lw, part);
        lw->b.loc = part->span;
        uint32_t text;
        if (lower_type(lw, part)->kind == TYPE_NEVER) /* dead code after a diverging part */
            text = irb_iconst(&lw->b, IR_PTR, 0);
        else
            text = to_text(lw, v, lower_type(lw, part));
        if (acc == IR_NO_VALUE) {
            acc = text;
        } else {
            uint32_t args[2] = {acc, text};
            acc = irb_call_rt(&lw->b, IR_RT_STR_CONCAT, args, 2);
        }
    }
    if (acc == IR_NO_VALUE) { /* no parts: the empty string */
        uint32_t data = ir_data_string(lw->artifact, "", 0);
        uint32_t args[2] = {irb_data_addr(&lw->b, data), irb_iconst(&lw->b, IR_I64, 0)};
        acc = irb_call_rt(&lw->b, IR_RT_STR_NEW, args, 2);
    }
    return acc;
}
